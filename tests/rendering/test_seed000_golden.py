"""Golden test: seed 000 (Kế hoạch 23-KH/ĐU) rendered to PDF says what the paper says, in order."""

from __future__ import annotations

import re
import unicodedata

import pytest

from service.output.pdf import render_pdf

from .pdftools import (
    collapse,
    embedded_fonts,
    page_size_points,
    page_texts,
    require_poppler,
    save_page_png,
)
from .seed000 import document_paragraphs, seed_render_input


@pytest.fixture(scope="module")
def pdf() -> bytes:
    require_poppler()
    return render_pdf(seed_render_input())


@pytest.fixture(scope="module")
def pages(pdf: bytes) -> list[str]:
    return page_texts(pdf)


def _first_line(page: str) -> str:
    return next((line.strip() for line in page.splitlines() if line.strip()), "")


def _text_without_page_numbers(pages: list[str]) -> str:
    kept = [pages[0]]
    for number, page in enumerate(pages[1:], start=2):
        lines = page.splitlines()
        first = next(i for i, line in enumerate(lines) if line.strip())
        assert lines[first].strip() == str(number)
        kept.append("\n".join(lines[first + 1 :]))
    return collapse("\n".join(kept))


def test_pdf_is_a4_with_more_than_one_page(pdf: bytes, pages: list[str]) -> None:
    assert pdf.startswith(b"%PDF-")
    width, height = page_size_points(pdf)
    assert (round(width), round(height)) == (595, 842)  # A4: 210 x 297 mm
    assert len(pages) >= 2


def test_page_number_appears_from_page_two_only(pages: list[str]) -> None:
    assert _first_line(pages[0]) == "ĐẢNG ỦY CHÍNH PHỦ"
    assert not re.fullmatch(r"\d+", _first_line(pages[0]))
    for number, page in enumerate(pages[1:], start=2):
        assert _first_line(page) == str(number)


def test_every_paragraph_of_the_seed_appears_in_order(pages: list[str]) -> None:
    text = _text_without_page_numbers(pages)
    position = 0
    for paragraph in document_paragraphs():
        found = text.find(collapse(paragraph), position)
        assert found >= 0, f"missing or out of order: {paragraph[:80]!r}"
        position = found + len(collapse(paragraph))


def test_incoming_stamp_and_ocr_noise_are_not_rendered(pages: list[str]) -> None:
    text = _text_without_page_numbers(pages)
    assert "CÔNG VĂN ĐỀN" not in text
    assert "2604" not in text
    assert "*b*" not in text
    assert text.count("ĐẢNG ỦY BỘ NÔNG NGHIỆP") == 0


def test_blocks_come_in_document_order(pages: list[str]) -> None:
    text = _text_without_page_numbers(pages)
    doc = seed_render_input()

    def at(fragment: str) -> int:
        index = text.find(collapse(fragment))
        assert index >= 0, fragment
        return index

    issuer, number = at("ĐẢNG ỦY CHÍNH PHỦ"), at("Số 23 -KH/ĐU")
    national, date = at("ĐẢNG CỘNG SẢN VIỆT NAM"), at("Hà Nội, ngày 07 tháng 8 năm 2025")
    kind, subject = at("KẾ HOẠCH"), at(doc.subject)
    body_first, body_last = at("I. MỤC ĐÍCH, YÊU CẦU"), at("doanh nghiệp./.")
    recipients, signature = at("Nơi nhận:"), at("T/M BAN THƯỜNG VỤ")
    archive, name = at("- Lưu VT, BTGDV (3)."), at("Nguyễn Đức Phong")

    assert issuer < number < kind
    assert national < date < kind
    assert kind < subject < at("Căn cứ Hướng dẫn số 21-HD/BTGDVTW") < body_first < body_last
    assert body_last < recipients < archive
    assert body_last < signature < at("PHÓ BÍ THƯ") < name


def test_every_vietnamese_letter_round_trips_with_the_document_font(pdf: bytes, pages: list[str]) -> None:
    seed_letters = {c for p in document_paragraphs() for c in p if c.isalpha() and ord(c) > 127}
    text = unicodedata.normalize("NFC", "".join(pages))
    assert seed_letters - set(text) == set()
    fonts = embedded_fonts(pdf)
    assert fonts, "no font embedded"
    # Only Liberation Serif: a missing glyph would pull in a fallback font (e.g. DejaVu).
    assert all(name.startswith("Liberation-Serif") for name in fonts), fonts


def test_page_one_is_saved_as_png_for_review(pdf: bytes) -> None:
    png = save_page_png(pdf, "seed000_page1")
    assert png.read_bytes().startswith(b"\x89PNG")
