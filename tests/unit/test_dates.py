"""V6 chronology and V7 place/date line."""
from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from service.domain.dates import check_chronology, format_date, format_date_line, parse_date, parse_date_line
from service.domain.errors import DomainError

from ..seed_facts import Seed000


def test_format_date_line_reproduces_the_seed_line() -> None:
    seed_line = Seed000.DATE_LINE
    assert format_date_line("Hà Nội", date(2025, 8, 7)) == seed_line == "Hà Nội, ngày 07 tháng 8 năm 2025"


def test_parse_date_line_reads_the_seed_line() -> None:
    assert parse_date_line(Seed000.DATE_LINE) == ("Hà Nội", date(2025, 8, 7)) == (Seed000.PLACE, Seed000.DATE)


def test_days_below_ten_and_months_one_and_two_are_padded() -> None:
    assert format_date(date(2018, 2, 20)) == "ngày 20 tháng 02 năm 2018"
    assert format_date(date(2025, 1, 5)) == "ngày 05 tháng 01 năm 2025"
    assert format_date(date(2025, 12, 31)) == "ngày 31 tháng 12 năm 2025"
    assert format_date(date(2025, 3, 9)) == "ngày 09 tháng 3 năm 2025"


@pytest.mark.parametrize("bad", [
    "Hà Nội, ngày 7 tháng 8 năm 2025",      # day not padded
    "Hà Nội, ngày 07 tháng 08 năm 2025",    # month 8 padded
    "Hà Nội, ngày 31 tháng 02 năm 2025",    # no such day
    "Hà Nội, ngày 05 tháng 2 năm 2025",     # February must be padded
    "Hà Nội, ngày 07 tháng 8 năm 25",       # short year
    "ngày 07 tháng 8 năm 2025",             # no place
    ", ngày 07 tháng 8 năm 2025",           # empty place
    "Hà Nội, 07/8/2025",                    # not written in words
])
def test_v7_bad_date_lines_are_refused(bad: str) -> None:
    with pytest.raises(DomainError) as e:
        parse_date_line(bad)
    assert e.value.code == "V7"
    assert e.value.message


def test_v7_messages_name_the_offending_part() -> None:
    with pytest.raises(DomainError) as e:
        parse_date("ngày 07 tháng 08 năm 2025")
    assert "tháng 08" in e.value.message


def test_format_date_line_refuses_an_empty_place() -> None:
    with pytest.raises(DomainError) as e:
        format_date_line("  ", date(2025, 8, 7))
    assert e.value.code == "V7"


def test_parse_date_line_tolerates_extra_spaces() -> None:
    assert parse_date_line("  Hà Nội,  ngày 07  tháng 8 năm 2025 ") == ("Hà Nội", date(2025, 8, 7))


@given(st.dates(date(1945, 1, 1), date(2100, 12, 31)), st.sampled_from(["Hà Nội", "Cao Bằng", "Thành phố Hồ Chí Minh"]))
def test_date_lines_round_trip_for_every_date_from_1945_to_2100(d: date, place: str) -> None:
    assert parse_date_line(format_date_line(place, d)) == (place, d)


def test_chronology_in_order_passes() -> None:
    assert check_chronology(date(2025, 8, 1), date(2025, 8, 5), date(2025, 8, 7), date(2025, 8, 7),
                            date(2025, 8, 8), date(2025, 8, 11)) == []


def test_v6_issue_date_before_the_draft_was_created_is_refused() -> None:
    vs = check_chronology(date(2025, 8, 6), issued=date(2025, 8, 5))
    assert [(v.code, v.field) for v in vs] == [("V6", "issued")]


def test_v6_arrival_stamp_before_the_document_date_is_refused() -> None:
    vs = check_chronology(date(2025, 8, 1), signed=date(2025, 8, 7), issued=date(2025, 8, 7), arrival=date(2025, 8, 6))
    assert [(v.code, v.field) for v in vs] == [("V6", "arrival")]
    assert "ngày đến" in vs[0].message


def test_v6_signing_before_approval_is_refused() -> None:
    vs = check_chronology(date(2025, 8, 1), approved=date(2025, 8, 5), signed=date(2025, 8, 4))
    assert [v.field for v in vs] == ["signed"]


@given(st.lists(st.dates(date(1945, 1, 1), date(2100, 12, 31)), min_size=6, max_size=6))
def test_v6_sorted_dates_never_violate_and_unsorted_ones_do(ds: list[date]) -> None:
    assert check_chronology(*sorted(ds)) == []
    assert (check_chronology(*ds) == []) == (ds == sorted(ds))
