"""Renderings reused within a worker (service/output/reuse.py): the same version renders once (the signing preview,
then the Sign step), and any change to what prints renders anew."""
from __future__ import annotations

from dataclasses import replace

from service.output.document import render_number_strip, render_signed_layout
from service.output.reuse import LAYOUTS

from .test_final_pdf import state_decision


def test_the_signed_layout_of_one_version_is_rendered_once_and_anew_when_the_draft_changes() -> None:
    blank = state_decision("Số:      /QĐ-BNV", "Hà Nội, ngày    tháng    năm 2031")  # a year no other test prints
    first = render_signed_layout(blank)
    hits, misses = LAYOUTS.hits, LAYOUTS.misses
    again = render_signed_layout(blank)
    assert (LAYOUTS.hits, LAYOUTS.misses) == (hits + 1, misses), "the same version is not rendered twice"
    assert (again.pdf, again.number_box, again.signature_gap) == (first.pdf, first.number_box, first.signature_gap)
    again.number_box.append(0.0)  # the caller's own list: the kept rendering is not changed through it
    assert render_signed_layout(blank).number_box == first.number_box
    revised = render_signed_layout(replace(blank, body=blank.body + "\nĐiều 4. Quy định bổ sung về lưu trữ."))
    assert LAYOUTS.misses == misses + 1, "a changed draft renders anew"
    assert revised.pdf != first.pdf and revised.pdf.startswith(b"%PDF")


def test_the_number_strip_is_reused_while_blank_and_rendered_anew_with_the_number() -> None:
    blank = state_decision("Số:      /QĐ-BNV", "Hà Nội, ngày    tháng    năm 2032")
    box = render_signed_layout(blank).number_box
    strip = render_number_strip(blank, box)
    hits, misses = LAYOUTS.hits, LAYOUTS.misses
    assert render_number_strip(blank, box) == strip
    assert (LAYOUTS.hits, LAYOUTS.misses) == (hits + 1, misses)
    numbered = render_number_strip(replace(blank, number_line="Số: 15/QĐ-BNV",
                                           place_date_line="Hà Nội, ngày 05 tháng 3 năm 2032"), box)
    assert LAYOUTS.misses == misses + 1 and numbered != strip
