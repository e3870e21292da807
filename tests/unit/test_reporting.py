"""Reporting rules: duties found in text (V21), periods, deadlines, lateness."""
from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone

import pytest

from service.domain import reporting as r
from service.domain.errors import DomainError

from ..seed_docs import FACTS_AND_SEED, seed_text
from ..seeds import SEED_000, SEED_003


@FACTS_AND_SEED
def test_seed_000_states_a_periodic_duty_without_frequency_so_it_is_flagged_not_guessed(source):
    (duty,) = r.detect_reporting_duties(seed_text(SEED_000, source))
    assert (duty.frequency, duty.ad_hoc) == ("UNSPECIFIED", True)
    assert duty.via_text == "Ban Tuyên giáo và Dân vận"
    assert duty.recipient_text == "Đảng ủy Chính phủ"
    assert [(v.code, v.field) for v in duty.review] == [("V21", "frequency"), ("V21", "first_due_date")]
    assert duty.excerpt.startswith("Thực hiện chế độ báo cáo định kỳ")


@FACTS_AND_SEED
def test_seed_003_states_a_monthly_duty(source):
    (duty,) = r.detect_reporting_duties(seed_text(SEED_003, source))
    assert (duty.frequency, duty.ad_hoc) == ("MONTHLY", True)
    assert duty.via_text == "Phòng Tuyên truyền, Báo chí - Xuất bản"  # the mailbox is not a unit
    assert [(v.code, v.field) for v in duty.review] == [("V21", "first_due_date")]


@pytest.mark.parametrize("text, frequency", [
    ("Thực hiện chế độ báo cáo hàng quý về Ban Tổ chức.", "QUARTERLY"),
    ("Báo cáo định kỳ hằng năm về Văn phòng.", "YEARLY"),
    ("Định kỳ 6 tháng một lần báo cáo kết quả.", "UNSPECIFIED"),
])
def test_frequency_comes_only_from_explicit_words(text, frequency):
    (duty,) = r.detect_reporting_duties(text)
    assert duty.frequency == frequency


def test_text_without_a_reporting_duty_yields_none():
    assert r.detect_reporting_duties("Kịp thời báo cáo dư luận xấu.\nĐội ngũ báo cáo viên.") == []


def test_monthly_periods_keep_the_day_and_clamp_to_month_end():
    periods = r.generate_periods("MONTHLY", date(2025, 1, 31), date(2025, 4, 30))
    assert [(p.key, p.label, p.due_date) for p in periods] == [
        ("2025-01", "Tháng 1/2025", date(2025, 1, 31)), ("2025-02", "Tháng 2/2025", date(2025, 2, 28)),
        ("2025-03", "Tháng 3/2025", date(2025, 3, 31)), ("2025-04", "Tháng 4/2025", date(2025, 4, 30))]


def test_quarterly_and_yearly_periods():
    q = r.generate_periods("QUARTERLY", date(2025, 9, 30), date(2026, 6, 30))
    assert [(p.key, p.label) for p in q] == [("2025-Q3", "Quý III/2025"), ("2025-Q4", "Quý IV/2025"),
                                             ("2026-Q1", "Quý I/2026"), ("2026-Q2", "Quý II/2026")]
    y = r.generate_periods("YEARLY", date(2025, 12, 15), date(2027, 12, 14))
    assert [(p.key, p.due_date) for p in y] == [("2025", date(2025, 12, 15)), ("2026", date(2026, 12, 15))]


def test_the_first_period_alone_when_until_is_the_first_due_date():
    assert len(r.generate_periods("MONTHLY", date(2025, 8, 25), date(2025, 8, 25))) == 1
    assert r.generate_periods("MONTHLY", date(2025, 8, 25), date(2025, 8, 24)) == []


@pytest.mark.parametrize("frequency", ["UNSPECIFIED", "ON_DEMAND", "WEEKLY"])
def test_no_calendar_without_a_periodic_frequency(frequency):
    with pytest.raises(DomainError) as exc:
        r.generate_periods(frequency, date(2025, 8, 25), date(2025, 12, 31))
    assert exc.value.code == "V21"


def test_reminder_and_overdue_instants_are_midnight_in_hanoi():
    reminder, overdue = r.deadline_instants(date(2025, 8, 25), 3)
    assert reminder == datetime(2025, 8, 22, tzinfo=timezone(timedelta(hours=7)))
    assert overdue == datetime(2025, 8, 26, tzinfo=timezone(timedelta(hours=7)))
    assert overdue.astimezone(UTC) == datetime(2025, 8, 25, 17, tzinfo=UTC)
    with pytest.raises(DomainError):
        r.deadline_instants(date(2025, 8, 25), -1)


def test_days_late_counts_from_the_due_date():
    assert r.days_late(date(2025, 8, 25), date(2025, 8, 25)) == 0
    assert r.days_late(date(2025, 8, 25), date(2025, 8, 20)) == 0
    assert r.days_late(date(2025, 8, 25), date(2025, 8, 29)) == 4


def test_check_obligation_lists_what_is_missing():
    assert [v.field for v in r.check_obligation("UNSPECIFIED", None, 0)] == ["frequency", "obligors"]
    assert [v.field for v in r.check_obligation("MONTHLY", None, 2)] == ["first_due_date"]
    assert r.check_obligation("MONTHLY", date(2025, 8, 25), 2, issued_on=date(2025, 8, 7)) == []
    assert [v.code for v in r.check_obligation("MONTHLY", date(2025, 8, 1), 2, issued_on=date(2025, 8, 7))] == ["V6"]
    assert [v.field for v in r.check_obligation("HOURLY", None, 1)] == ["frequency"]
