"""Issue 12, "done when": seed 000, seed 003 and a state Quyết định signed "KT. BỘ TRƯỞNG / THỨ TRƯỞNG", each as
the final file (personal signature, then the organization's with the number and date), read back with pdftotext
line for line: one number, one date line in one string, no blank left, the header broken between word groups;
page 1 of each is kept as a PNG in test-artifacts/rendering/.

Seeds 000 and 003 go through the API (draft → review → check → sign → number → dispatch); the state decision,
whose issuer is no demo organization, goes through the same output functions the signing use cases call."""
from __future__ import annotations

import re
from datetime import datetime

import pytest

from service.domain.signature import SignatureBlock
from service.output.appearance import image_page, seal_box, signature_box
from service.output.document import pdf_metadata, render_number_strip, render_signed_layout, render_signing_layout
from service.output.images import draw_seal, draw_signature
from service.output.pades import add_stamp_field, issue_certificate, sign_pdf, verify_pdf
from service.output.pdf import STATE, RenderInput

from ..seed_docs import seed000
from ..signatures.keys import cached_ca, cached_issue, keys  # noqa: F401 - fixture
from .final_pdf import (
    annotation_rects,
    blue_pixels_in,
    dispatch,
    layout_lines,
    page_count,
    page_images,
    pdf_info,
    red_pixels,
    red_pixels_in,
    seed003_payload,
    upload_images,
    word_boxes,
)
from .pdftools import page_size_points, require_poppler, save_page_png

BLANKS = re.compile(r"Số:?\s*[-/]|ngày\s+tháng|tháng\s+năm\s")
A4_WIDTH = 595.3
RIGHT_MARGIN = 15 / 25.4 * 72  # 15 mm


def _no_blanks_and_one_number(lines: list[str], number_line: str, date_line: str) -> None:
    text = "\n".join(lines)
    assert not BLANKS.search(text), [line for line in lines if BLANKS.search(line)]
    assert text.count(number_line) == 1 and text.count(date_line) == 1
    assert sum(1 for line in lines if re.search(r", ngày \d\d tháng \d+ năm \d{4}", line)) == 1, "one date line"


def _signature_and_seal_shown(pdf: bytes, name: str, signer_name: str) -> None:
    """The page with the signature block shows the signer's image (with its alpha channel as a soft mask) in the
    personal signature's widget and the seal image over about the left third of it, red, above the name."""
    page = page_count(pdf)
    images = page_images(pdf, page)
    assert ("image", 600, 220) in images and ("smask", 600, 220) in images, images  # the signature, transparent
    assert ("image", 400, 400) in images and ("smask", 400, 400) in images, images  # the seal, transparent
    rects = annotation_rects(pdf, page)
    sig, seal = rects["personal"], rects["seal"]
    covered = (min(seal[2], sig[2]) - max(seal[0], sig[0])) / (sig[2] - sig[0])
    assert seal[0] < sig[0] and 0.25 <= covered <= 0.5, (sig, seal, covered)
    height = page_size_points(pdf)[1]
    png = save_page_png(pdf, f"{name}_signature_page", page=page, dpi=100)
    assert red_pixels_in(png, seal, height, 100) > 1500, "the seal is red"
    right_of_seal = [seal[2], sig[1], sig[2], sig[3]]
    assert blue_pixels_in(png, right_of_seal, height, 100) > 300, "the signature shows right of the seal"
    first_name_word = signer_name.split()[0]
    words = [w for w in word_boxes(pdf, page) if w[0] == first_name_word]
    name_top = height - words[-1][2]
    assert seal[1] >= name_top - 4, ("the seal stops at the top of the name", seal, name_top)


def _ends_inside_the_page(pdf: bytes, last_word: str, line_start: str) -> None:
    """The date line ends before the right margin (issue 12: it ran past the header's right edge)."""
    words = word_boxes(pdf)
    start = next(i for i, w in enumerate(words) if w[0] == line_start)
    end = next(w for w in words[start:] if w[0] == last_word)
    assert end[3] <= A4_WIDTH - RIGHT_MARGIN + 1, end


@pytest.mark.usefixtures("keys")
def test_seed000_final_pdf_reads_line_for_line(app, client, login, clock) -> None:
    require_poppler()
    upload_images(app, client, login, "phong.nd", "DUCP")
    doc, pdf = dispatch(client, login, clock, seed000()["payload"],
                        ("lan.tt", "hung.lv", "tuan.pm", "phong.nd", "ha.dt"), datetime(2025, 8, 7, 1, 30))
    page1 = layout_lines(pdf)
    assert page1[:7] == [
        "ĐẢNG ỦY CHÍNH PHỦ | ĐẢNG CỘNG SẢN VIỆT NAM",
        "*",
        "Số 23-KH/ĐU | Hà Nội, ngày 07 tháng 8 năm 2025",
        "KẾ HOẠCH",
        "Triển khai công tác thông tin đối ngoại về Đại hội đại biểu toàn quốc",
        "lần thứ XIV của Đảng",
        "-----",
    ]
    _no_blanks_and_one_number(page1, "Số 23-KH/ĐU", "Hà Nội, ngày 07 tháng 8 năm 2025")
    last = layout_lines(pdf, page_count(pdf))
    tail = last[last.index("Nơi nhận: | T/M BAN THƯỜNG VỤ"):]
    assert tail == [
        "Nơi nhận: | T/M BAN THƯỜNG VỤ",
        "- Ban Tuyên giáo và Dân vận TW (để b/c), | PHÓ BÍ THƯ",
        "- Đ/c Bí thư Đảng ủy, Thủ tướng CP (để b/c),",
        "- Đ/c Phó Bí thư TT Đảng ủy, Phó TT TTCP (để b/c),",
        "- Các đ/c Phó Bí thư Đảng ủy CP,",
        "- Bộ Quốc phòng, Bộ Công an, Ban Chỉ đạo 35",
        "Trung ương (để p/hợp),",
        "- Các đ/c Ủy viên BTV Đảng ủy CP, | Nguyễn Đức Phong",
        "- Các đảng ủy trực thuộc,",
        "- Lưu VT, BTGDV (3).",
    ]
    info = pdf_info(pdf)
    assert info["Title"] == ("Kế hoạch 23-KH/ĐU Triển khai công tác thông tin đối ngoại về Đại hội đại biểu "
                             "toàn quốc lần thứ XIV của Đảng")
    assert info["Author"] == "Đảng ủy Chính phủ"
    assert info["Subject"].startswith("Triển khai công tác thông tin đối ngoại")
    assert "23-KH/ĐU" in info["Keywords"].split(",")
    _ends_inside_the_page(pdf, "2025", "Hà")
    assert save_page_png(pdf, "final_seed000_page1", dpi=100).stat().st_size > 10_000
    _signature_and_seal_shown(pdf, "final_seed000", "Nguyễn Đức Phong")
    verified = client.get(f"/api/documents/{doc['id']}/verify", headers=login("ha.dt")).get_json()
    assert verified["badge"]["state"] == "valid", verified


@pytest.mark.usefixtures("keys")
def test_seed003_header_and_date_as_domain_md_says(app, client, login, clock) -> None:
    require_poppler()
    upload_images(app, client, login, "thanh.hv", "BTGDVTUCB")
    doc, pdf = dispatch(client, login, clock, seed003_payload(),
                        ("yen.lt", "duc.nv", "binh.ht", "thanh.hv", "cuc.lt"), datetime(2025, 11, 28, 1, 30))
    number = f"Số {doc['symbol']}"
    page1 = layout_lines(pdf)
    assert page1[:8] == [
        "TỈNH ỦY CAO BẰNG | ĐẢNG CỘNG SẢN VIỆT NAM",
        "BAN TUYÊN GIÁO VÀ DÂN VẬN",
        "*",
        f"{number} | Cao Bằng, ngày 28 tháng 11 năm 2025",
        "HƯỚNG DẪN",
        "Công tác thông tin đối ngoại về Đại hội đại biểu toàn quốc lần thứ XIV",
        "của Đảng",
        "-----",
    ]
    _no_blanks_and_one_number(page1, number, "Cao Bằng, ngày 28 tháng 11 năm 2025")
    words = word_boxes(pdf)
    van = next(w for w in words if w[0] == "VẬN")
    national = next(w for w in words if w[0] == "ĐẢNG" and w[1] > 250)
    assert van[3] < national[1], "the issuer line stays in its column"
    _ends_inside_the_page(pdf, "2025", "Cao")
    last = layout_lines(pdf, page_count(pdf))
    assert last[last.index("Nơi nhận: | TRƯỞNG BAN"):] == [
        "Nơi nhận: | TRƯỞNG BAN",
        "- Ban Tuyên giáo và Dân vận Trung ương (để b/c),",
        "- Thường trực Tỉnh ủy (để b/c),",
        "- Các đảng ủy trực thuộc Tỉnh ủy,",
        "- Lưu VP, TTBCXB (2).",
        "Hà Văn Thanh",
    ]
    info = pdf_info(pdf)
    assert info["Title"].startswith(f"Hướng dẫn {doc['symbol']} Công tác thông tin đối ngoại")
    assert info["Author"] == "Ban Tuyên giáo và Dân vận Tỉnh ủy Cao Bằng"
    assert save_page_png(pdf, "final_seed003_page1", dpi=100).stat().st_size > 10_000
    _signature_and_seal_shown(pdf, "final_seed003", "Hà Văn Thanh")
    verified = client.get(f"/api/documents/{doc['id']}/verify", headers=login("cuc.lt")).get_json()
    assert verified["badge"]["state"] == "valid", verified


def state_decision(number_line: str, date_line: str) -> RenderInput:
    block = SignatureBlock("KT.", "BỘ TRƯỞNG", "THỨ TRƯỞNG", "Trần Văn Ánh")
    return RenderInput(
        system=STATE, superior_name=None, issuer_name="Bộ Nội vụ", number_line=number_line,
        place_date_line=date_line, kind_title="QUYẾT ĐỊNH",
        subject="Về việc ban hành Quy chế văn thư, lưu trữ điện tử của Bộ Nội vụ",
        preamble=("BỘ TRƯỞNG BỘ NỘI VỤ\n"
                  "Căn cứ Nghị định số 30/2020/NĐ-CP ngày 05 tháng 3 năm 2020 của Chính phủ về công tác văn thư;\n"
                  "Theo đề nghị của Chánh Văn phòng Bộ."),
        body=("QUYẾT ĐỊNH:\n"
              "Điều 1. Ban hành kèm theo Quyết định này Quy chế văn thư, lưu trữ điện tử.\n"
              "Điều 2. Quyết định này có hiệu lực kể từ ngày ký.\n"
              "Điều 3. Chánh Văn phòng Bộ, Thủ trưởng các đơn vị thuộc Bộ chịu trách nhiệm thi hành Quyết định "
              "này./."),
        signature_lines=tuple(block.lines()),
        recipient_lines=("- Như Điều 3;", "- Bộ trưởng (để b/c);", "- Lưu: VT, VP."),
        urgency_label="Hỏa tốc",
        meta_title="Quyết định 15/QĐ-BNV Về việc ban hành Quy chế văn thư, lưu trữ điện tử của Bộ Nội vụ",
        meta_author="Bộ Nội vụ", meta_keywords=("15/QĐ-BNV", "Quyết định", "BNV"),
    )


def test_state_decision_signed_kt_bo_truong_reads_line_for_line() -> None:
    require_poppler()
    ca = cached_ca()
    person = cached_issue(ca, "Trần Văn Ánh", "Bộ Nội vụ", is_organization=False)
    org = issue_certificate(ca, "Bộ Nội vụ", "Bộ Nội vụ", is_organization=True)
    blank = state_decision("Số:      /QĐ-BNV", "Hà Nội, ngày    tháng    năm 2026")
    signed_layout = render_signed_layout(blank)  # as service.usecases.signing does, with both images
    layout, box, gap = signed_layout.pdf, signed_layout.number_box, signed_layout.signature_gap
    signature, seal = draw_signature("Trần Văn Ánh"), draw_seal("Bộ Nội vụ", "Hà Nội")
    sig_box = signature_box(gap, signature)
    stamp_box = seal_box(gap, sig_box)
    fields = add_stamp_field(layout, "organization", box, render_number_strip(blank, box),
                             image_fields=[("seal", signed_layout.signature_page, stamp_box)])
    personal = sign_pdf(fields, person, field_name="personal", reason="Ký ban hành",
                        appearance=(tuple(sig_box), image_page(signature, sig_box)), page=signed_layout.signature_page)
    before = layout_lines(personal)
    assert "Số: | /QĐ-BNV | Hà Nội, ngày tháng năm 2026" in before  # the blanks until the clerk numbers it
    assert ("image", 400, 400) not in page_images(personal, 1), "no seal before the organization signs"
    final_ri = state_decision("Số: 15/QĐ-BNV", "Hà Nội, ngày 05 tháng 02 năm 2026")
    pdf = sign_pdf(personal, org, field_name="organization", reason="Số 15/QĐ-BNV",
                   appearance=(tuple(box), render_number_strip(final_ri, box)), metadata=pdf_metadata(final_ri),
                   images={"seal": image_page(seal, stamp_box)})
    report = verify_pdf(pdf, [ca.cert_pem])
    assert report.ok and [s.field_name for s in report.signatures] == ["personal", "organization"]

    lines = layout_lines(pdf)
    assert lines == [
        "BỘ NỘI VỤ | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "Số: 15/QĐ-BNV | Hà Nội, ngày 05 tháng 02 năm 2026",
        "HỎA TỐC",
        "QUYẾT ĐỊNH",
        "Về việc ban hành Quy chế văn thư, lưu trữ điện tử của Bộ Nội vụ",
        "BỘ TRƯỞNG BỘ NỘI VỤ",
        "Căn cứ Nghị định số 30/2020/NĐ-CP ngày 05 tháng 3 năm 2020 của Chính",
        "phủ về công tác văn thư;",
        "Theo đề nghị của Chánh Văn phòng Bộ.",
        "QUYẾT ĐỊNH:",
        "Điều 1. Ban hành kèm theo Quyết định này Quy chế văn thư, lưu trữ điện tử.",
        "Điều 2. Quyết định này có hiệu lực kể từ ngày ký.",
        "Điều 3. Chánh Văn phòng Bộ, Thủ trưởng các đơn vị thuộc Bộ chịu trách",
        "nhiệm thi hành Quyết định này./.",
        "Nơi nhận: | KT. BỘ TRƯỞNG",
        "- Như Điều 3; | THỨ TRƯỞNG",
        "- Bộ trưởng (để b/c);",
        "- Lưu: VT, VP.",
        "Trần Văn Ánh",
    ]
    info = pdf_info(pdf)
    assert info["Title"] == "Quyết định 15/QĐ-BNV Về việc ban hành Quy chế văn thư, lưu trữ điện tử của Bộ Nội vụ"
    assert info["Author"] == "Bộ Nội vụ" and "15/QĐ-BNV" in info["Keywords"]
    png = save_page_png(pdf, "final_state_decision_page1", dpi=100)
    assert red_pixels(png) > 300, "the HỎA TỐC stamp is red"
    _signature_and_seal_shown(pdf, "final_state_decision", "Trần Văn Ánh")
    no_mark = render_signing_layout(state_decision("Số: 15/QĐ-BNV", "Hà Nội, ngày 05 tháng 02 năm 2026").__class__(
        **{**final_ri.__dict__, "urgency_label": None}))[0]
    assert red_pixels(save_page_png(no_mark, "state_decision_without_mark", dpi=100)) == 0


def _gap_between_position_and_name(pdf: bytes, position_word: str, name_word: str) -> float:
    page = page_count(pdf)
    words = word_boxes(pdf, page)
    position = [w for w in words if w[0] == position_word][-1]
    name = [w for w in words if w[0] == name_word][-1]
    return name[2] - position[4]


@pytest.mark.usefixtures("keys")
def test_without_uploaded_images_the_space_stays_empty_and_the_signatures_verify(app, client, login, clock) -> None:
    require_poppler()
    doc, pdf = dispatch(client, login, clock, seed000()["payload"],
                        ("lan.tt", "hung.lv", "tuan.pm", "phong.nd", "ha.dt"), datetime(2025, 8, 7, 1, 30))
    assert page_images(pdf, page_count(pdf)) == []
    assert _gap_between_position_and_name(pdf, "THƯ", "Nguyễn") > 26 / 25.4 * 72 * 0.9  # the 26 mm left as on paper
    verified = client.get(f"/api/documents/{doc['id']}/verify", headers=login("ha.dt")).get_json()
    assert verified["badge"]["state"] == "valid", verified


def test_an_organization_without_keys_prints_for_paper_with_the_space_left(app, client, login, clock) -> None:
    """No keys: nothing is signed digitally, so no image is printed even when uploaded; the hand signature and
    the seal go on the paper in the space left between position and name."""
    require_poppler()
    upload_images(app, client, login, "phong.nd", "DUCP")
    doc, _ = dispatch_unsigned(client, login, clock)
    r = client.get(f"/api/documents/{doc['id']}/pdf", headers=login("ha.dt"))
    assert r.headers["X-Signature-State"] == "unsigned"
    pdf = r.data
    assert page_images(pdf, page_count(pdf)) == []
    assert _gap_between_position_and_name(pdf, "THƯ", "Nguyễn") > 26 / 25.4 * 72 * 0.9
    last = layout_lines(pdf, page_count(pdf))
    assert last[last.index("Nơi nhận: | T/M BAN THƯỜNG VỤ") + 1] == "- Ban Tuyên giáo và Dân vận TW (để b/c), | PHÓ BÍ THƯ"
    save_page_png(pdf, "paper_seed000_signature_page", page=page_count(pdf), dpi=100)


def dispatch_unsigned(client, login, clock):
    from .final_pdf import complete

    drafter, reviewer, office, signer, clerk = (login(u) for u in ("lan.tt", "hung.lv", "tuan.pm", "phong.nd",
                                                                     "ha.dt"))
    r = client.post("/api/documents", json=seed000()["payload"], headers=drafter)
    doc = complete(client, drafter, r.get_json())
    doc = complete(client, reviewer, doc, {"decision": "approve"})
    doc = complete(client, office, doc, {"decision": "approve"})
    clock.set(datetime(2025, 8, 7, 1, 30))
    doc = complete(client, signer, doc, {"decision": "approve"})
    doc = complete(client, clerk, doc)
    doc = complete(client, clerk, doc)
    assert doc["status"] == "DISPATCHED", doc
    return doc, None
