"""Header line breaks keep word groups whole (domain.md §3; issue 12: seed 003 printed "… VÀ DÂN / VẬN")."""
from __future__ import annotations

import pytest

from service.domain.header import HEADER_WIDTH, header_lines, word_groups


@pytest.mark.parametrize(("name", "lines"), [
    # seed 003: the superior line names the province, the issuer line is the ban alone, on one line
    ("Ban Tuyên giáo và Dân vận", ["BAN TUYÊN GIÁO VÀ DÂN VẬN"]),
    ("Đảng ủy Chính phủ", ["ĐẢNG ỦY CHÍNH PHỦ"]),
    # the full name breaks before the level or the place, never inside "DÂN VẬN" or "CAO BẰNG"
    ("Ban Tuyên giáo và Dân vận Tỉnh ủy Cao Bằng", ["BAN TUYÊN GIÁO VÀ DÂN VẬN", "TỈNH ỦY CAO BẰNG"]),
    ("Ban Tuyên giáo và Dân vận Trung ương", ["BAN TUYÊN GIÁO VÀ DÂN VẬN", "TRUNG ƯƠNG"]),
    ("Ủy ban nhân dân tỉnh Cao Bằng", ["ỦY BAN NHÂN DÂN", "TỈNH CAO BẰNG"]),
    ("Đảng ủy các cơ quan Đảng tỉnh Cao Bằng", ["ĐẢNG ỦY CÁC CƠ QUAN ĐẢNG", "TỈNH CAO BẰNG"]),
    ("Đảng ủy Bộ Nông nghiệp và Môi trường", ["ĐẢNG ỦY BỘ NÔNG NGHIỆP", "VÀ MÔI TRƯỜNG"]),
    ("Sở Văn hóa, Thể thao và Du lịch tỉnh Cao Bằng", ["SỞ VĂN HÓA, THỂ THAO", "VÀ DU LỊCH TỈNH CAO BẰNG"]),
    ("Bộ Khoa học và Công nghệ", ["BỘ KHOA HỌC VÀ CÔNG NGHỆ"]),
])
def test_long_names_break_between_word_groups(name: str, lines: list[str]) -> None:
    assert header_lines(name) == lines
    assert all(len(line) <= HEADER_WIDTH for line in lines)
    assert " ".join(lines) == " ".join(name.upper().split())


def test_no_line_ends_inside_a_compound_word() -> None:
    for name in ("Ban Tuyên giáo và Dân vận Tỉnh ủy Cao Bằng", "Ủy ban nhân dân thành phố Hồ Chí Minh",
                 "Hội đồng nhân dân tỉnh Lạng Sơn", "Đảng ủy Bộ Nông nghiệp và Môi trường"):
        for narrow in (12, 16, 20, 28):
            lines = header_lines(name, narrow)
            for a, b in zip(lines, lines[1:], strict=False):
                pair = f"{a.split()[-1]} {b.split()[0]}"
                assert pair not in ("DÂN VẬN", "TUYÊN GIÁO", "CAO BẰNG", "NHÂN DÂN", "HỒ CHÍ", "CHÍ MINH",
                                    "LẠNG SƠN", "NÔNG NGHIỆP", "MÔI TRƯỜNG", "ỦY BAN", "TỈNH ỦY"), (narrow, lines)


def test_groups_bind_a_leading_small_word_to_the_next_group() -> None:
    assert word_groups("Ban Tuyên giáo và Dân vận") == ["BAN TUYÊN GIÁO", "VÀ DÂN VẬN"]
    assert word_groups("Ủy ban nhân dân tỉnh Cao Bằng") == ["ỦY BAN NHÂN DÂN", "TỈNH CAO BẰNG"]
    assert header_lines("") == []
