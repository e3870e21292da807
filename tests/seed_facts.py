"""Facts of the two real seed documents, kept as test data of our own (NFC Vietnamese).

Copied from shared/seeds/000_2152631ce754da1f.txt (Kế hoạch "Số 23-KH/ĐU" of Đảng ủy Chính phủ, received by
Đảng ủy Bộ Nông nghiệp và Môi trường) and shared/seeds/003_034987fd11377026.txt (Hướng dẫn of Ban Tuyên giáo và
Dân vận Tỉnh ủy Cao Bằng), which live outside the repository. Every line is verbatim from the seed after NFC,
whitespace collapsed and the OCR noise " *b*" removed; OCR slips are kept (sic). Bodies are abridged: whole
lines in the seed's order, keeping the section headings and every sentence a test relies on (the reporting
duty and the lines that merely mention "báo cáo"). tests/unit/test_seed_facts.py checks all of it against the
real seed text whenever the seeds are present, so these copies cannot drift from the source.
"""
from __future__ import annotations

from datetime import date


class Seed000:
    """Kế hoạch số 23-KH/ĐU of Đảng ủy Chính phủ (seed 000), as received with an incoming stamp."""

    ISSUER = "ĐẢNG ỦY CHÍNH PHỦ"
    NATIONAL_LINE = "ĐẢNG CỘNG SẢN VIỆT NAM"
    KIND = "KH"
    KIND_TITLE = "KẾ HOẠCH"
    NUMBER_LINE = "Số 23 -KH/ĐU"  # typed into the pre-printed blank, stray space included
    SYMBOL = "23-KH/ĐU"
    NUMBER = 23
    ISSUER_CODE = "ĐU"
    PLACE = "Hà Nội"
    DATE_LINE = "Hà Nội, ngày 07 tháng 8 năm 2025"
    DATE = date(2025, 8, 7)

    # The incoming stamp of the receiving body, printed between the header and the title.
    STAMP_ORG = "ĐẢNG ỦY BỘ NÔNG NGHIỆP VÀ MÔI TRƯỜNG"
    STAMP_LABEL = "CÔNG VĂN ĐẾN"
    STAMP_NUMBER = 2604
    STAMP_MONTH_YEAR = (8, 2025)  # the day was handwritten and lost in OCR
    STAMP_LINES = (STAMP_ORG, "CÔNG VĂN ĐỀN", "Số 2604", "Tháng 8 năm 2025")  # sic: OCR of "ĐẾN"

    SUBJECT = "Triển khai công tác thông tin đối ngoại về Đại hội đại biểu toàn quốc lần thứ XIV của Đảng"
    REFERENCE = "Hướng dẫn số 21-HD/BTGDVTW, ngày 23/7/2025"
    PREAMBLE = (
        ('Căn cứ Hướng dẫn số 21-HD/BTGDVTW, ngày 23/7/2025 của Ban Tuyên giáo và Dân vận Trung ương hướng dẫn '
         'công tác thông tin đối ngoại về Đại hội đại biểu toàn quốc lần thứ XIV của Đảng (sau đây viết tắt là '
         'Đại hội XIV của Đảng); nhằm định hướng thống nhất công tác thông tin đối ngoại về Đại hội XIV của '
         'Đảng, Đảng ủy Chính phủ xây dựng Kế hoạch thực hiện trong Đảng bộ, như sau:'),
    )
    # Abridged body: headings I.–IV. and their numbered sections; a page break that split a paragraph (the line
    # starting in lower case); the three lines that mention "báo cáo" without creating a duty; the duty itself.
    BODY = (
        'I. MỤC ĐÍCH, YÊU CẦU',
        '1. Mục đích',
        ('- Tăng cường công tác thông tin, tuyên truyền đối ngoại về ý nghĩa, tầm quan trọng và kết quả của '
         'Đại hội XIV của Đảng; góp phần khẳng định vai trò lãnh đạo của Đảng Cộng sản Việt Nam, nâng cao uy '
         'tín, vị thế quốc tế của Việt Nam, phục vụ mục tiêu phát triển đất nước trong kỷ nguyên mới - kỷ '
         'nguyên vươn mình của dân tộc.'),
        ('- Góp phần bảo vệ nền tảng tư tưởng của Đảng, tăng cường đấu tranh phản bác các quan điểm sai trái, '
         'thù địch, xuyên tạc về Đại hội XIV của Đảng và tình hình Việt Nam; giữ vững ổn định chính trị, bảo '
         'đảm sự thống nhất trong nhận thức, tư tưởng và hành động trong toàn Đảng bộ.'),
        '2. Yêu cầu',
        ('- Bảo đảm thông tin tuyên truyền chính xác, khách quan, kịp thời, có trọng tâm, trọng điểm, nhất '
         'quán có định hướng chính trị, tư tưởng rõ ràng, phù hợp với yêu cầu thực tiễn và các nhóm đối tượng '
         'tiếp nhận.'),
        'II. NỘI DUNG THÔNG TIN ĐỐI NGOẠI',
        '1. Trước Đại hội',
        ('- Giới thiệu toàn diện quá trình và công tác chuẩn bị đại hội đảng bộ các cấp, Đại hội đại biểu Đảng '
         'bộ Chính phủ lần thứ I, nhiệm kỳ 2025 - 2030, Đại hội XIV của Đảng, những quyết sách quan trọng, '
         'nhất là việc triển khai đồng bộ bốn chính sách “trụ cột”, làm rõ những điểm mới trong chỉ đạo của Bộ '
         'Chính trị, Ban Bí thư về công tác xây dựng văn kiện, công tác chuẩn bị nhân sự Đại hội trong bối '
         'cảnh'),
        ('thực hiện cuộc cách mạng xây dựng hệ thống chính trị “tinh - gọn - mạnh - hiệu năng - hiệu lực - '
         'hiệu quả” và thực hiện bước đi lịch sử có ý nghĩa chiến lược khi “sắp xếp lại giang sơn” - dấu mốc '
         'đánh dấu giai đoạn phát triển mới của đất nước trước thềm kỷ nguyên mới.'),
        '2. Trong thời gian diễn ra Đại hội',
        ('- Thông tin về diễn biến, kết quả Đại hội: Phiên khai mạc, bế mạc, quá trình thảo luận các dự thảo '
         'văn kiện, công tác nhân sự Ban Chấp hành Trung ương khóa XIV, phát biểu chỉ đạo của các đồng chí '
         'lãnh đạo cấp cao tại Đại hội.'),
        ('- Đầu tranh, phản bác kịp thời, có hiệu quả các luận điệu sai trái, xuyên tạc, kích động chống phá '
         'của các thế lực thù địch trong và ngoài nước liên quan đến Đại hội.'),
        '3. Sau Đại hội',
        ('- Đẩy mạnh thông tin kết quả Đại hội XIV của Đảng; khẳng định và làm rõ các quan điểm, chính sách '
         'nhất quán của Đảng và Nhà nước ta về đối ngoại sau Đại hội đến các chính đảng, tổ chức quốc tế, cơ '
         'quan đại diện ngoại giao, báo chí nước ngoài và cộng đồng người Việt Nam ở nước ngoài góp phần tăng '
         'cường hiểu biết, xây dựng lòng tin, củng cố và thúc đẩy quan hệ hợp tác với các đối tác.'),
        'III. HÌNH THỨC TRIỂN KHAI',
        ('- Tổ chức các chiến dịch truyền thông có trọng điểm trên mạng xã hội và các nền tảng số trong và '
         'ngoài nước, đẩy mạnh lan tỏa thông tin chính thống về Đại hội;'),
        ('phát huy vai trò của đội ngũ sáng tạo nội dung, người có ảnh hưởng (KOLs), tổ chức truyền thông đa '
         'phương tiện, linh hoạt, hiệu quả, phù hợp với các đối tượng tiếp nhận.'),
        ('- Các cơ quan đại diện Việt Nam ở nước ngoài chủ trì, phối hợp tổ chức các hoạt động thông tin về '
         'Đại hội XIV của Đảng như: hội thảo, họp báo, tọa đàm, triển lãm, chiếu phim tư liệu tại các Đại sứ '
         'quán, Tổng lãnh sự quán, tăng cường trao đổi, cung cấp thông tin cho chính giới, học giả, truyền '
         'thông sở tại và cộng đồng người Việt Nam ở nước ngoài. Theo dõi dư luận sở tại; kịp thời báo cáo dư '
         'luận xấu để có hình thức đấu tranh, phản bác phù hợp.'),
        ('- Phát huy vai trò của đội ngũ báo cáo viên, tuyên truyền viên các cấp trong việc tổ chức tuyên '
         'truyền miệng, vận động cán bộ, đảng viên, công chức, viên chức, người lao động và các tầng lớp Nhân '
         'dân, triển khai các hình thức trao đổi, đối thoại, hỏi - đáp trực tiếp để cung cấp thông tin chính '
         'xác, tạo đồng thuận xã hội về Đại hội XIV của Đảng.'),
        'IV. TỔ CHỨC THỰC HIỆN',
        '1. Giao Ban Tuyên giáo và Dân vận Đảng ủy Chính phủ:',
        ('- Hướng dẫn, đôn đốc các đảng ủy trực thuộc triển khai công tác thông tin đối ngoại về Đại hội XIV '
         'của Đảng, bảo đảm đồng bộ, thống nhất, phù hợp với định hướng chính trị, tư tưởng của Đảng.'),
        ('- Theo dõi, nắm bắt và tổng hợp tình hình tư tưởng, nguyện vọng của cán bộ, đảng viên, công chức, '
         'viên chức, người lao động, các tầng lớp Nhân dân và dư luận quốc tế về Đại hội XIV của Đảng, kịp '
         'thời đấu tranh phản bác các thông tin sai lệch, xuyên tạc, góp phần bảo vệ vững chắc nền tảng tư '
         'tưởng của Đảng trong bối cảnh truyền thông quốc tế đa chiều.'),
        '2. Các đảng ủy trực thuộc:',
        ('- Xây dựng kế hoạch, chỉ đạo tổ chức thực hiện có hiệu quả công tác thông tin đối ngoại về Đại hội '
         'XIV của Đảng tại cơ quan, đơn vị, doanh nghiệp bảo đảm thiết thực, phù hợp với tình hình thực tiễn '
         'và đối tượng tiếp nhận.'),
        ('- Kịp thời nắm tình hình tư tưởng của cán bộ, đảng viên, công chức, viên chức, người lao động và '
         'Nhân dân trước, trong, sau khi diễn ra Đại hội XIV của Đảng để kịp thời giải quyết và báo cáo theo '
         'quy định; tăng cường công tác bảo vệ nền tảng tư tưởng của Đảng, tổ chức đấu tranh, ngăn chặn, phản '
         'bác kịp thời, có hiệu quả các thông tin, quan điểm sai trái, thù địch, xuyên tạc chống phá Đảng, Nhà '
         'nước, chống phá Đại hội XIV của Đảng.'),
        ('- Các đảng ủy: Bộ Ngoại giao, Bộ Văn hóa, Thể thao và Du lịch, Đài Truyền hình Việt Nam, Đài Tiếng '
         'nói Việt Nam và Thông tấn xã Việt Nam căn cứ nhiệm vụ được giao tại Hướng dẫn số 21-HD/BTGDVTW để tổ '
         'chức, triển khai thực hiện có hiệu quả.'),
        ('- Thực hiện chế độ báo cáo định kỳ kết quả triển khai về Đảng ủy Chính phủ (qua Ban Tuyên giáo và '
         'Dân vận) hoặc đột xuất khi có yêu cầu, bảo đảm thông tin kịp thời, đầy đủ, phản ánh đúng thực chất '
         'tình hình triển khai công tác thông tin đối ngoại tại cơ quan, đơn vị, doanh nghiệp./.'),
    )
    REPORTING_DUTY = BODY[-1]
    REPORTING_RECIPIENT = "Đảng ủy Chính phủ"
    REPORTING_VIA = "Ban Tuyên giáo và Dân vận"
    REPORTING_FREQUENCY = "UNSPECIFIED"  # "định kỳ" without a frequency (V21)

    RECIPIENT_LINES = (
        "- Ban Tuyên giáo và Dân vận TW (để b/c),",
        "- Đ/c Bí thư Đảng ủy, Thủ tướng CP (để b/c),",
        "- Đ/c Phó Bí thư TT Đảng ủy, Phó TT TTCP (để b/c),",
        "- Các đ/c Phó Bí thư Đảng ủy CP,",
        "- Bộ Quốc phòng, Bộ Công an, Ban Chỉ đạo 35 Trung ương (để p/hợp),",
        "- Các đ/c Ủy viên BTV Đảng ủy CP,",
        "- Các đảng ủy trực thuộc,",
    )
    RECIPIENTS = (  # (text, purpose) as the Nơi nhận lines give them
        ("Ban Tuyên giáo và Dân vận TW", "REPORT"),
        ("Đ/c Bí thư Đảng ủy, Thủ tướng CP", "REPORT"),
        ("Đ/c Phó Bí thư TT Đảng ủy, Phó TT TTCP", "REPORT"),
        ("Các đ/c Phó Bí thư Đảng ủy CP", "INFO"),
        ("Bộ Quốc phòng, Bộ Công an, Ban Chỉ đạo 35 Trung ương", "COORDINATE"),
        ("Các đ/c Ủy viên BTV Đảng ủy CP", "INFO"),
        ("Các đảng ủy trực thuộc", "ACTION"),
    )
    ARCHIVE_LINE = "- Lưu VT, BTGDV (3)."
    ARCHIVE_UNITS = ("VT", "BTGDV")
    ARCHIVE_COPIES = 3

    SIGNATURE_LINES = ("T/M BAN THƯỜNG VỤ", "PHÓ BÍ THƯ", "Nguyễn Đức Phong")
    SIGNATURE = ("T/M", "BAN THƯỜNG VỤ", "PHÓ BÍ THƯ", "Nguyễn Đức Phong")  # prefix, collective, position, name

    @classmethod
    def noi_nhan_lines(cls) -> list[str]:
        """The Nơi nhận block as printed: heading, recipient lines, Lưu line."""
        return ["Nơi nhận:", *cls.RECIPIENT_LINES, cls.ARCHIVE_LINE]

    @classmethod
    def lines(cls) -> list[str]:
        """The abridged document, line by line in the seed's order (header, stamp, title, ..., signature)."""
        return [cls.ISSUER, "*", cls.NUMBER_LINE, cls.NATIONAL_LINE, cls.DATE_LINE, *cls.STAMP_LINES,
                cls.KIND_TITLE, cls.SUBJECT, *cls.PREAMBLE, *cls.BODY, *cls.noi_nhan_lines(), *cls.SIGNATURE_LINES]

    @classmethod
    def text(cls) -> str:
        return "\n".join(cls.lines()) + "\n"


class Seed003:
    """Hướng dẫn of Ban Tuyên giáo và Dân vận Tỉnh ủy Cao Bằng (seed 003): no header, number, date or signature.

    The source is a converted word-processor file: "[bookmark: …]" markup is kept as it is, and it spells both
    "Tỉnh uỷ" (old tone placement) and "Tỉnh ủy".
    """

    KIND = "HD"
    KIND_TITLE = "HƯỚNG DẪN"
    SUBJECT_LINES = ("Công tác thông tin đối ngoại", "về Đại hội đại biểu toàn quốc lần thứ XIV của Đảng")
    SUBJECT = " ".join(SUBJECT_LINES)
    REFERENCE = "Hướng dẫn số 21-HD/BTGDVTW, ngày 23/7/2025"
    # Abridged: title, introduction, headings I- to IV -, the sections whose wording tests use, the duty.
    EXCERPT = (
        'HƯỚNG DẪN',
        'Công tác thông tin đối ngoại',
        'về Đại hội đại biểu toàn quốc lần thứ XIV của Đảng',
        '-----',
        ('Đại hội đại biểu toàn quốc lần thứ XIV của Đảng là sự kiện chính trị quan trọng, là đại hội gắn liền '
         'với bối cảnh đất nước có bước phát triển mạnh mẽ, toàn diện sau 40 năm tiến hành công cuộc đổi mới. '
         'Đại hội sẽ định hướng phát triển của đất nước bước vào kỷ nguyên mới - kỷ nguyên vươn mình của dân '
         'tộc, trong bối cảnh tình hình thế giới, khu vực có nhiều biến động. Nhằm định hướng thống nhất công '
         'tác thông tin đối ngoại về Đại hội đại biểu toàn quốc lần thứ XIV; thực hiện Hướng dẫn số '
         '21-HD/BTGDVTW, ngày 23/7/2025 của Ban Tuyên giáo và Dân vận Trung ương về hướng dẫn công tác thông '
         'tin đối ngoại về Đại hội đại biểu toàn quốc lần thứ XIV của Đảng, Ban Tuyên giáo và Dân vận Tỉnh uỷ '
         'hướng dẫn công tác tuyên truyền thông tin đối ngoại về Đại hội đại biểu toàn quốc lần thứ XIV của '
         'Đảng với các nội dung như sau:'),
        'I- MỤC ĐÍCH, YÊU CẦU',
        '1. Mục đích',
        ('[bookmark: bookmark12]- Tăng cường công tác thông tin, tuyên truyền đối ngoại về ý nghĩa, tầm quan '
         'trọng và kết quả của Đại hội XIV; góp phần khẳng định vai trò lãnh đạo của Đảng cộng sản Việt Nam, '
         'nâng cao uy tín, vị thế quốc tế của Việt Nam, phục vụ mục tiêu phát triển đất nước trong kỷ nguyên '
         'mới - kỷ nguyên vươn mình của dân tộc.'),
        ('[bookmark: bookmark17][bookmark: bookmark15][bookmark: bookmark16][bookmark: bookmark18][bookmark: '
         'bookmark19]2. Yêu cầu'),
        ('[bookmark: bookmark20]Kết hợp chặt chẽ, hiệu quả giữa công tác thông tin đối ngoại vả thông tin đối '
         'nội; giữa trung ương và địa phương; giữa các cấp, các ngành và các cơ quan, đơn vị chức năng trong '
         'quá trình chỉ đạo, tổ chức và thực hiện các hoạt động thông tin tuyên truyền gắn với Đại hội XIV.'),
        'II- NỘI DUNG THÔNG TIN ĐỐI NGOẠI',
        'III - HÌNH THỨC TRIỂN KHAI',
        ('5. Phát huy vai trò của đội ngũ báo cáo viên, tuyên truyền viên các cấp trong việc tổ chức tuyên '
         'truyền miệng, vận động Nhân dân, nhất là ở vùng đồng bào dân tộc thiểu số, tôn giáo và khu vực biên '
         'giới, triển khai các hình thức trao đổi, đối thoại, hỏi - đáp trực tiếp để cung cấp thông tin chính '
         'xác, tạo đồng thuận xã hội về Đại hội XIV.'),
        'IV - TỔ CHỨC THỰC HIỆN',
        '1. Ban Tuyên giáo và Dân vận Tỉnh uỷ',
        ('- Chỉ đạo, định hướng thông tin, xây dựng hướng dẫn công tác tuyên truyền thông tin đối ngoại về Đại '
         'hội đại biểu toàn quốc lần thứ XIV của Đảng tại hội nghị giao ban báo chí, hội nghị báo cáo viên '
         'thường kỳ; đẩy mạnh công tác tuyên truyền trên Bản tin Thông báo nội bộ và Trang thông tin điện tử '
         'Ban Tuyên giáo và Dân vận Tỉnh uỷ (tuyengiaocaobang.vn).'),
        '3. Đề nghị Sở Văn hóa, Thể thao và Du lịch tỉnh',
        '[bookmark: bookmark82][bookmark: bookmark84]4. Đề nghị Công an tỉnh',
        '7. Các đảng uỷ trực thuộc Tỉnh uỷ',
        ('[bookmark: _GoBack]- Thực hiện chế độ báo cáo định kỳ hằng tháng hoặc đột xuất kết quả triển khai '
         'công tác thông tin đối ngoại về Đại hội Đảng các cấp và Đại hội XIV của Đảng kịp thời, đầy đủ, phản '
         'ánh đúng thực chất tình hình triển khai công tác thông tin đối ngoại tại địa phương, đơn vị về Ban '
         'Tuyên giáo và Dân vận Tỉnh ủy (qua Phòng Tuyên truyền, Báo chí - Xuất bản, hộp thư '
         'phongttbcxb.btgtu@caobang.gov.vn) để tổng hợp, báo cáo Thường trực Tỉnh uỷ, Ban Tuyên giáo và Dân '
         'vận Trung ương.'),
    )
    REPORTING_DUTY = EXCERPT[-1]
    REPORTING_FREQUENCY = "MONTHLY"
    REPORTING_VIA = "Phòng Tuyên truyền, Báo chí - Xuất bản"  # the mailbox after it is not a unit
    MAILBOX = "phongttbcxb.btgtu@caobang.gov.vn"

    @classmethod
    def text(cls) -> str:
        return "\n".join(cls.EXCERPT) + "\n"
