"""The rules of where documents wait (service/domain/analytics.py): nearest-rank percentiles, working days,
overdue per step and for urgent documents (V15)."""
from __future__ import annotations

from datetime import date, datetime

from service.domain import analytics as dan


def test_nearest_rank_median_and_90th_percentile():
    assert dan.percentile([], 0.5) is None
    assert dan.percentile([5], 0.9) == 5
    assert dan.percentile([4, 1, 3, 2], 0.5) == 2  # the lower middle value
    assert dan.percentile(list(range(1, 11)), 0.9) == 9
    assert dan.percentile(list(range(1, 12)), 0.9) == 10
    for n in range(1, 50):
        values = list(range(1, n + 1))
        assert dan.percentile(values, 0.5) == dan.median_rank(n)
        assert dan.percentile(values, 0.9) == dan.p90_rank(n)


def test_working_days_skip_weekends():
    friday, monday = date(2025, 8, 1), date(2025, 8, 4)
    assert dan.working_days_between(friday, monday) == 1
    assert dan.working_days_between(monday, date(2025, 8, 11)) == 5
    assert dan.working_days_between(monday, monday) == 0


def test_overdue_after_the_step_limit_in_working_days():
    opened = datetime(2025, 8, 1, 16, 0)  # Friday
    assert not dan.is_overdue("content_review", None, opened, datetime(2025, 8, 5, 17, 0))  # Mon, Tue: 2 days
    assert dan.is_overdue("content_review", None, opened, datetime(2025, 8, 6, 8, 0))
    assert not dan.is_overdue("register", None, opened, datetime(2025, 8, 4, 17, 0))
    assert dan.is_overdue("register", None, opened, datetime(2025, 8, 5, 8, 0))


def test_an_urgent_document_is_overdue_once_the_day_its_step_opened_has_ended():
    opened = datetime(2025, 8, 4, 9, 0)
    assert not dan.is_overdue("dispatch", "HOA_TOC", opened, datetime(2025, 8, 4, 23, 59))
    assert dan.is_overdue("dispatch", "HOA_TOC", opened, datetime(2025, 8, 5, 0, 0))
    assert dan.is_overdue("sign", "KHAN", opened, datetime(2025, 8, 5, 0, 1))
    assert not dan.is_overdue("draft", "KHAN", opened, datetime(2025, 8, 5, 9, 0)), "drafting keeps its days"


def test_months_are_parsed_strictly():
    assert dan.parse_month("2025-08") == (2025, 8)
    for bad in ("2025-8", "2025-13", "25-08-01", "abcd-ef", "1999-12"):
        assert dan.parse_month(bad) is None
