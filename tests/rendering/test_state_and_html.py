"""State layout (NĐ 30), HTML escaping, marks and full Vietnamese glyph coverage."""

from __future__ import annotations

import dataclasses
import re
import unicodedata

from service.output.pdf import PARTY, STATE, RenderInput, render_html, render_pdf

from .pdftools import collapse, embedded_fonts, page_texts, require_poppler, save_page_png

VIETNAMESE_LOWER = (
    "aàáảãạăằắẳẵặâầấẩẫậbcdđeèéẻẽẹêềếểễệghiìíỉĩịklmnoòóỏõọôồốổỗộơờớởỡợ"
    "pqrstuùúủũụưừứửữựvxyỳýỷỹỵ"
)
VIETNAMESE = VIETNAMESE_LOWER + VIETNAMESE_LOWER.upper()


def words(letters: str) -> str:
    """Letters in short words so that lines can wrap inside the page."""
    return " ".join(letters[i : i + 6] for i in range(0, len(letters), 6))


def state_decision(**overrides: object) -> RenderInput:
    doc = RenderInput(
        system=STATE,
        superior_name=None,
        issuer_name="Bộ Nội vụ",
        number_line="Số: 15/QĐ-BNV",
        place_date_line="Hà Nội, ngày 05 tháng 02 năm 2026",
        kind_title="QUYẾT ĐỊNH",
        subject="Về việc ban hành Quy chế văn thư, lưu trữ điện tử của Bộ Nội vụ",
        preamble=(
            "Căn cứ Nghị định số 30/2020/NĐ-CP ngày 05 tháng 3 năm 2020 của Chính phủ về công tác văn thư;\n"
            "Theo đề nghị của Chánh Văn phòng Bộ."
        ),
        body=(
            "QUYẾT ĐỊNH:\n"
            "Điều 1. Ban hành kèm theo Quyết định này Quy chế văn thư, lưu trữ điện tử.\n"
            "Điều 2. Quyết định này có hiệu lực kể từ ngày ký.\n"
            "Điều 3. Chánh Văn phòng Bộ, Thủ trưởng các đơn vị thuộc Bộ chịu trách nhiệm thi hành Quyết định này./."
        ),
        signature_lines=("KT. BỘ TRƯỞNG", "THỨ TRƯỞNG", "Trần Văn Ánh"),
        recipient_lines=("- Như Điều 3;", "- Bộ trưởng (để b/c);", "- Lưu: VT, VP."),
    )
    return dataclasses.replace(doc, **overrides)


def test_state_decision_shows_national_motto_and_its_blocks_in_order() -> None:
    require_poppler()
    pdf = render_pdf(state_decision())
    pages = page_texts(pdf)
    text = collapse("\n".join(pages))
    assert len(pages) == 1

    def at(fragment: str) -> int:
        index = text.find(fragment)
        assert index >= 0, fragment
        return index

    assert at("BỘ NỘI VỤ") < at("Số: 15/QĐ-BNV") < at("QUYẾT ĐỊNH Về việc")
    assert at("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM") < at("Độc lập - Tự do - Hạnh phúc")
    assert at("Độc lập - Tự do - Hạnh phúc") < at("Hà Nội, ngày 05 tháng 02 năm 2026")
    assert at("Căn cứ Nghị định số 30/2020/NĐ-CP") < at("Điều 1.") < at("Điều 3.")
    assert at("Điều 3.") < at("Nơi nhận:") < at("- Lưu: VT, VP.")
    assert at("Điều 3.") < at("KT. BỘ TRƯỞNG") < at("THỨ TRƯỞNG") < at("Trần Văn Ánh")
    assert "ĐẢNG CỘNG SẢN VIỆT NAM" not in text
    save_page_png(pdf, "state_decision_page1")


def test_state_html_uses_state_layout_and_party_html_does_not() -> None:
    state_html = render_html(state_decision())
    party_html = render_html(state_decision(system=PARTY, number_line="Số 15-QĐ/TU"))
    assert 'class="state"' in state_html and "Độc lập - Tự do - Hạnh phúc" in state_html
    assert 'class="party"' in party_html and "ĐẢNG CỘNG SẢN VIỆT NAM" in party_html
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" not in party_html


def test_script_in_subject_is_escaped() -> None:
    html = render_html(state_decision(subject="Về việc <script>alert(1)</script> & khác"))
    assert "<script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; khác" in html


def test_html_is_self_contained() -> None:
    html = render_html(state_decision())
    assert html.lstrip().lower().startswith("<!doctype html>")
    assert "Liberation Serif" in html
    assert not re.search(r"https?://|@import|url\(", html)


def test_draft_number_keeps_its_blank_and_marks_are_boxed() -> None:
    html = render_html(
        state_decision(
            number_line="Số:      /QĐ-BNV",
            urgency_label="Thượng khẩn",
            secrecy_label="Mật",
            draft_mark=True,
        )
    )
    assert "Số:      /QĐ-BNV" in html
    # red stamps of fixed size (domain.md §5): the secrecy mark first, then the urgency mark
    assert '<div class="mark stamp" style="width: 20mm">MẬT</div>' in html
    assert '<div class="mark stamp" style="width: 40mm">THƯỢNG KHẨN</div>' in html
    assert html.index(">MẬT<") < html.index(">THƯỢNG KHẨN<")
    assert '<span class="mark">DỰ THẢO</span>' in html
    assert "DỰ THẢO" not in render_html(state_decision())


def test_body_outline_markers_get_their_styles() -> None:
    html = render_html(
        state_decision(system=PARTY, body="I. MỤC ĐÍCH\n\n1. Mục đích\n- Một ý\na) Điểm a\nĐoạn thường")
    )
    assert '<p class="roman">I. MỤC ĐÍCH</p>' in html
    assert '<p class="numbered">1. Mục đích</p>' in html
    assert '<p class="dash">- Một ý</p>' in html
    assert '<p class="lettered">a) Điểm a</p>' in html
    assert '<p class="plain">Đoạn thường</p>' in html
    assert '<p class="caption">QUYẾT ĐỊNH:</p>' in render_html(state_decision())


def test_every_vietnamese_letter_has_a_glyph_in_regular_bold_and_italic() -> None:
    require_poppler()
    decomposed = unicodedata.normalize("NFD", words(VIETNAMESE))  # input is normalised to NFC
    pdf = render_pdf(
        state_decision(
            subject=words(VIETNAMESE),  # bold
            place_date_line=words(VIETNAMESE_LOWER[:30]),  # italic
            issuer_name=words(VIETNAMESE_LOWER),  # bold, upper-cased
            preamble=words(VIETNAMESE),  # italic (state căn cứ)
            body=decomposed,  # regular
            recipient_lines=(words(VIETNAMESE_LOWER),),
        )
    )
    text = unicodedata.normalize("NFC", "".join(page_texts(pdf)))
    assert set(VIETNAMESE) - set(text) == set()
    fonts = embedded_fonts(pdf)
    assert {"Liberation-Serif", "Liberation-Serif-Bold", "Liberation-Serif-Italic"} <= set(fonts)
    assert all(name.startswith("Liberation-Serif") for name in fonts), fonts
