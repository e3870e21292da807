"""domain/handling: secrecy channels (V14) and urgent dispatch deadlines (V15)."""
from __future__ import annotations

from datetime import datetime, timedelta

from service.domain import handling as dh


def test_secret_channels():
    assert dh.outside_channels(None) == ("PAPER", "EMAIL")
    assert dh.outside_channels("MAT") == ("PAPER",)
    assert dh.never_online("TOI_MAT") and dh.never_online("TUYET_MAT") and not dh.never_online("MAT")
    assert dh.is_secret("MAT") and not dh.is_secret(None)


def test_urgent_deadline_is_the_end_of_the_numbering_day():
    numbered = datetime(2025, 8, 7, 8, 30)
    due = dh.dispatch_deadline("HOA_TOC", numbered)
    assert due == datetime(2025, 8, 8, 0, 0)
    assert dh.dispatch_deadline(None, numbered) is None and dh.dispatch_deadline("KHAN", None) is None
    assert dh.time_left_label(due, datetime(2025, 8, 7, 21, 0)) == "Còn 3 giờ"
    assert dh.time_left_label(due, datetime(2025, 8, 8, 5, 0)) == "Quá hạn 5 giờ"
    assert dh.lateness(due, datetime(2025, 8, 7, 23, 0)) is None
    assert dh.lateness(due, due + timedelta(minutes=90)) == timedelta(minutes=90)
    assert dh.duration_label(timedelta(days=2, hours=1, minutes=5)) == "2 ngày 1 giờ"
