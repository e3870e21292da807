"""A plan (kế hoạch) of Đảng ủy Chính phủ for the benchmark, with any number of Nơi nhận lines."""
from __future__ import annotations

BODY = "\n".join(
    [
        "I. MỤC ĐÍCH, YÊU CẦU",
        "1. Mục đích",
        "- Tăng cường công tác thông tin, tuyên truyền về các hoạt động của Đảng bộ Chính phủ.",
        "- Nâng cao chất lượng, hiệu quả công tác thông tin đối ngoại trong tình hình mới.",
        "2. Yêu cầu",
        "- Bám sát chủ trương, đường lối của Đảng; bảo đảm kịp thời, chính xác, thống nhất.",
        "II. NỘI DUNG",
        "1. Tuyên truyền về kết quả thực hiện nhiệm vụ chính trị của các đảng bộ trực thuộc.",
        "2. Thông tin về các sự kiện đối ngoại quan trọng trong năm.",
        "III. TỔ CHỨC THỰC HIỆN",
        "1. Ban Tuyên giáo và Dân vận Đảng ủy Chính phủ chủ trì, theo dõi, đôn đốc thực hiện Kế hoạch.",
        "2. Văn phòng Đảng ủy Chính phủ bảo đảm kinh phí, điều kiện thực hiện.",
    ]
    * 4
)


def plan(recipients: int = 8) -> dict:
    """The draft payload (POST /api/documents) with `recipients` Nơi nhận lines."""
    lines = [{"text": "Ban Tuyên giáo và Dân vận TW", "purpose": "REPORT"}]
    lines += [{"text": f"Đảng ủy trực thuộc số {i}", "purpose": "ACTION"} for i in range(2, recipients + 1)]
    return {
        "kind": "KH",
        "subject": "Triển khai công tác thông tin đối ngoại năm 2026",
        "preamble": "Căn cứ Hướng dẫn số 21-HD/BTGDVTW của Ban Tuyên giáo và Dân vận Trung ương,",
        "body": BODY,
        "recipients": lines[:recipients],
        "archive": {"units": ["VT", "BTGDV"], "copies": 3},
        "intended_signer": "phong.nd",
        "drafting_unit": "BTGDV",
    }
