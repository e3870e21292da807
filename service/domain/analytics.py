"""Where documents wait (thời gian xử lý từng bước): the steps measured, when a waiting step is overdue, and
the nearest-rank percentile used for the median and the 90th percentile. Standard library only.

Time in a step is measured from the audit trail: a step starts when the previous step of the same document
ended (or the draft was created) and ends with the audit event that completed it; it is counted in the month
(Vietnam time) in which it ended, for the person who completed it and the document's drafting unit.

Overdue (quá hạn) applies to the steps waiting now:
- an urgent document (Hỏa tốc, Thượng khẩn, Khẩn; V15, NĐ 30 Art. 18.1 "ngay") waiting in any step after the
  draft is overdue once the Vietnam calendar day on which that step opened has ended;
- otherwise a step is overdue once more working days (Monday to Friday) have fully passed since it opened than
  its limit below: draft 5, content review 2, format check 1, signing 2, numbering 1 (V5: by the next working
  day after signing), dispatch 1 (Art. 18.1: the same or the next working day).
"""
from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import date, datetime, timedelta

STEPS = ("draft", "content_review", "format_check", "sign", "register", "dispatch")
STEP_LABELS = {
    "draft": "Soạn thảo / chỉnh sửa",
    "content_review": "Thẩm định nội dung",
    "format_check": "Kiểm tra thể thức",
    "sign": "Ký ban hành",
    "register": "Cấp số",
    "dispatch": "Phát hành",
}
WORKING_DAY_LIMITS = {"draft": 5, "content_review": 2, "format_check": 1, "sign": 2, "register": 1, "dispatch": 1}
URGENT = ("HOA_TOC", "THUONG_KHAN", "KHAN")
DIMENSIONS = ("step", "unit", "person")
DIMENSION_LABELS = {"step": "Theo bước", "unit": "Theo đơn vị soạn thảo", "person": "Theo người xử lý"}


def percentile(values: Sequence[float], p: float) -> float | None:
    """The nearest-rank percentile: the value at rank ceil(p·n) of the sorted values (the median is p=0.5, the
    lower middle value when n is even). None for no values."""
    if not values:
        return None
    ordered = sorted(values)
    rank = max(1, math.ceil(round(p * len(ordered), 9)))
    return ordered[rank - 1]


def median_rank(n: int) -> int:
    """1-based rank of the median of n values (nearest rank): ceil(n/2)."""
    return (n + 1) // 2


def p90_rank(n: int) -> int:
    """1-based rank of the 90th percentile of n values (nearest rank): ceil(9n/10)."""
    return (9 * n + 9) // 10


def working_days_between(start: date, end: date) -> int:
    """Working days (Monday to Friday) after `start` up to and including `end` (0 when end <= start)."""
    if end <= start:
        return 0
    days = (end - start).days
    weeks, rest = divmod(days, 7)
    count = weeks * 5
    wd = start.weekday()
    for i in range(1, rest + 1):
        if (wd + i) % 7 < 5:
            count += 1
    return count


def is_overdue(step: str, urgency: str | None, since_local: datetime, now_local: datetime) -> bool:
    """Whether a step opened at `since_local` and still open at `now_local` (both Vietnam time) is overdue."""
    if urgency in URGENT and step != "draft":
        end_of_day = since_local.replace(hour=0, minute=0, second=0, microsecond=0) + timedelta(days=1)
        return now_local >= end_of_day
    limit = WORKING_DAY_LIMITS.get(step)
    if limit is None:
        return False
    return working_days_between(since_local.date(), now_local.date()) > limit


def month_key(year: int, month: int) -> str:
    """The month as the page and the API name it: "2025-08"."""
    return f"{year:04d}-{month:02d}"


def parse_month(text: str) -> tuple[int, int] | None:
    """'2025-08' -> (2025, 8); None when the text is not a month of years 2000–2999."""
    if len(text) != 7 or text[4] != "-" or not (text[:4].isdigit() and text[5:].isdigit()):
        return None
    y, m = int(text[:4]), int(text[5:])
    if not (2000 <= y <= 2999 and 1 <= m <= 12):
        return None
    return y, m


def next_month(y: int, m: int) -> tuple[int, int]:
    """(year, month) of the month after (y, m)."""
    return (y + 1, 1) if m == 12 else (y, m + 1)


def months_between(start: tuple[int, int], end: tuple[int, int]) -> int:
    """Number of months from start to end, both included."""
    return (end[0] - start[0]) * 12 + end[1] - start[1] + 1


def hours_label(seconds: float | None) -> str:
    """A duration for tables: '3,5 giờ', '2,1 ngày' (Vietnamese decimal comma); '–' for none."""
    if seconds is None:
        return "–"
    hours = seconds / 3600
    if hours < 48:
        return f"{hours:.1f} giờ".replace(".", ",")
    return f"{hours / 24:.1f} ngày".replace(".", ",")
