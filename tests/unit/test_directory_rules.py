"""The wording rules of the directory (service.domain.directory) on the real Nơi nhận lines of the seeds."""
from __future__ import annotations

import pytest

from service.domain.directory import format_link, is_subordinates_phrase, match_key, parse_link, split_parts

from ..seed_facts import Seed000


def test_abbreviated_and_full_names_give_one_key():
    assert match_key("Ban Tuyên giáo và Dân vận TW") == match_key("Ban Tuyên giáo và Dân vận Trung ương")
    assert match_key("Các đ/c Ủy viên BTV Đảng ủy CP") == match_key("Các đ/c Uỷ viên Ban Thường vụ Đảng ủy Chính phủ")
    assert match_key("Đảng ủy Bộ Ngoại giao") != match_key("Đảng ủy Bộ Nông nghiệp và Môi trường")


@pytest.mark.parametrize("text, expected", [(t, t == "Các đảng ủy trực thuộc") for t, _ in Seed000.RECIPIENTS] + [
    ("Các đảng bộ, chi bộ trực thuộc", True), ("Các tổ chức cơ sở đảng trực thuộc", True),
    ("Đảng ủy trực thuộc Bộ", False)])
def test_only_the_subordinates_wording_means_every_subordinate(text, expected):
    assert is_subordinates_phrase(text) is expected


def test_a_line_listing_several_bodies_splits_into_their_names():
    line = Seed000.RECIPIENTS[4][0]
    assert split_parts(line) == ["Bộ Quốc phòng", "Bộ Công an", "Ban Chỉ đạo 35 Trung ương"]
    assert split_parts(Seed000.RECIPIENTS[0][0]) == ["Ban Tuyên giáo và Dân vận TW"]


@pytest.mark.parametrize("value, expected", [("org:DUBNG", ("org", "DUBNG")), ("group:DUCP/BTV", ("group", "DUCP/BTV")),
                                             ("outside", None), ("", None), ("team:X", None), ("org:", None)])
def test_picker_values(value, expected):
    assert parse_link(value) == expected
    if expected:
        assert format_link(*expected) == value
