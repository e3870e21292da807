"""Đề mục of the body: which lines print as headings. A numbered heading ("1. Mục đích") is bold; a numbered
sentence of the text (seed 003's "5. Phát huy vai trò …") prints like the body."""
from __future__ import annotations

import pytest

from service.output.pdf.paragraphs import classify

from ..seeds import SEED_000, SEED_003, read_seed


@pytest.mark.parametrize("line, style", [
    ("I. MỤC ĐÍCH, YÊU CẦU", "roman"),
    ("1. Mục đích", "numbered"),
    ("2. Các đảng ủy trực thuộc:", "numbered"),
    ("1. Giao Ban Tuyên giáo và Dân vận Đảng ủy Chính phủ:", "numbered"),
    ("5. Phát huy vai trò của đội ngũ báo cáo viên, tuyên truyền viên các cấp trong việc tổ chức tuyên truyền "
     "miệng, vận động Nhân dân, tạo đồng thuận xã hội về Đại hội XIV.", "item"),
    ("3. Tổ chức hội nghị quán triệt.", "item"),
    ("QUYẾT ĐỊNH:", "caption"),
    ("Điều 1. Ban hành kèm theo Quyết định này Quy chế.", "article"),
    ("a) Đối với các cơ quan", "lettered"),
    ("- Bám sát định hướng", "dash"),
])
def test_each_kind_of_line(line, style):
    assert classify(line) == style


def test_the_seeds_keep_their_headings_and_print_their_numbered_sentences_as_text():
    seed000 = [" ".join(x.split()) for x in read_seed(SEED_000).splitlines()]
    assert [x for x in seed000 if classify(x) == "item"] == []  # seed 000's numbered lines are all headings
    seed003 = [" ".join(x.split()) for x in read_seed(SEED_003).splitlines()]
    items = [x[:2] for x in seed003 if classify(x) == "item"]
    assert items == ["1.", "2.", "3.", "4.", "5."]
