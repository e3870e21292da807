"""Reporting obligations (chế độ báo cáo, domain.md §4.3): frequencies, periods, deadlines, lateness.

A directing document (kế hoạch, hướng dẫn) creates a duty to report, usually in "Tổ chức thực hiện".
The frequency is read from the text when it is stated ("hằng tháng", "hằng quý", "hằng năm"); when the
text only says "định kỳ" the frequency is UNSPECIFIED and the obligation must be completed by a person
(V21): the system never guesses it.
"""
from __future__ import annotations

import calendar
import re
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, timezone

from .errors import DomainError, Violation
from .text import nfc

__all__ = [
    "FREQUENCIES", "PERIODIC", "FREQUENCY_LABELS", "DetectedDuty", "Period", "detect_reporting_duties",
    "generate_periods", "deadline_instants", "days_late", "check_obligation", "VN", "owed_state", "matrix_cell",
]

VN = timezone(timedelta(hours=7))
FREQUENCIES = ("MONTHLY", "QUARTERLY", "YEARLY", "ON_DEMAND", "UNSPECIFIED")
PERIODIC = ("MONTHLY", "QUARTERLY", "YEARLY")
FREQUENCY_LABELS = {
    "MONTHLY": "Hằng tháng",
    "QUARTERLY": "Hằng quý",
    "YEARLY": "Hằng năm",
    "ON_DEMAND": "Đột xuất, khi có yêu cầu",
    "UNSPECIFIED": "Định kỳ (chưa rõ tần suất)",
}
_MONTHS_PER = {"MONTHLY": 1, "QUARTERLY": 3, "YEARLY": 12}
_ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}

# "hằng"/"hàng" are both in use; "uỷ/ủy" style differences do not matter for these words.
_FREQ_PATTERNS = (
    ("MONTHLY", re.compile(r"\b(hằng|hàng) tháng\b", re.IGNORECASE)),
    ("QUARTERLY", re.compile(r"\b(hằng|hàng) quý\b", re.IGNORECASE)),
    ("YEARLY", re.compile(r"\b(hằng|hàng) năm\b", re.IGNORECASE)),
)
_DUTY = re.compile(r"(chế độ báo cáo|báo cáo định kỳ|định kỳ[^.;]{0,40}báo cáo)", re.IGNORECASE)
_AD_HOC = re.compile(r"đột xuất", re.IGNORECASE)
_VIA = re.compile(r"\(qua ([^)]+)")
_TO = re.compile(r"\bvề ((?:Ban|Đảng ủy|Đảng uỷ|Tỉnh ủy|Tỉnh uỷ|Văn phòng|Bộ|Sở|Ủy ban|Uỷ ban)[^(,.;]*)")


@dataclass(frozen=True)
class DetectedDuty:
    """A reporting duty found in a document's text; ``review`` lists what a person must still decide."""

    frequency: str
    ad_hoc: bool
    recipient_text: str | None
    via_text: str | None
    excerpt: str
    review: tuple[Violation, ...] = field(default=())


@dataclass(frozen=True)
class Period:
    """One reporting period: key ("2025-08", "2025-Q3", "2025"), label, due date."""

    key: str
    label: str
    due_date: date


def _sentences(text: str) -> list[str]:
    out: list[str] = []
    for line in nfc(text).splitlines():
        line = " ".join(line.split()).strip(" -")
        if line:
            out.append(line)
    return out


def detect_reporting_duties(text: str) -> list[DetectedDuty]:
    """Reporting duties stated in ``text`` (one per line that states one), in order.

    The frequency is taken only from explicit words; "định kỳ" alone gives UNSPECIFIED with a V21
    review item. A first due date is never in such texts, so it is always a review item.
    """
    duties: list[DetectedDuty] = []
    for line in _sentences(text):
        if not _DUTY.search(line):
            continue
        freq = next((f for f, pattern in _FREQ_PATTERNS if pattern.search(line)), None)
        ad_hoc = bool(_AD_HOC.search(line))
        review: list[Violation] = []
        if freq is None:
            freq = "UNSPECIFIED"
            review.append(Violation("V21", "frequency",
                                    "Văn bản yêu cầu báo cáo định kỳ nhưng không nêu tần suất (tháng, quý, năm): "
                                    "người soạn thảo cần xác định, hệ thống không tự suy đoán."))
        review.append(Violation("V21", "first_due_date", "Chưa có hạn nộp báo cáo của kỳ đầu tiên."))
        via = _VIA.search(line)
        via_text = ", ".join(part for part in via.group(1).split(", ")
                             if "@" not in part and "hộp thư" not in part.lower()).strip() if via else None
        to = _TO.search(line)
        duties.append(DetectedDuty(
            frequency=freq, ad_hoc=ad_hoc,
            recipient_text=to.group(1).strip() if to else None,
            via_text=via_text or None,
            excerpt=line[:1000], review=tuple(review)))
    return duties


def _add_months(d: date, months: int, day: int) -> date:
    y, m = divmod(d.month - 1 + months, 12)
    year, month = d.year + y, m + 1
    return date(year, month, min(day, calendar.monthrange(year, month)[1]))


def _period_of(frequency: str, due: date) -> tuple[str, str]:
    """Key and label of the period whose report is due on ``due`` (the month/quarter/year it falls in)."""
    if frequency == "MONTHLY":
        return f"{due.year}-{due.month:02d}", f"Tháng {due.month}/{due.year}"
    if frequency == "QUARTERLY":
        q = (due.month - 1) // 3 + 1
        return f"{due.year}-Q{q}", f"Quý {_ROMAN[q]}/{due.year}"
    return f"{due.year}", f"Năm {due.year}"


def generate_periods(frequency: str, first_due: date, until: date, *, limit: int = 120) -> list[Period]:
    """Periods of a periodic obligation: the first due date, then one per month/quarter/year on the same
    day of the month (clamped to the month's end), up to and including ``until``.

    ON_DEMAND and UNSPECIFIED obligations have no calendar: DomainError("V21").
    """
    if frequency not in PERIODIC:
        raise DomainError("V21", f"Tần suất '{FREQUENCY_LABELS.get(frequency, frequency)}' không sinh kỳ báo cáo "
                                 "tự động.", "frequency")
    step = _MONTHS_PER[frequency]
    out: list[Period] = []
    i = 0
    due = first_due
    while due <= until and len(out) < limit:
        key, label = _period_of(frequency, due)
        out.append(Period(key=key, label=label, due_date=due))
        i += 1
        due = _add_months(first_due, step * i, first_due.day)
    return out


def on_demand_period(due: date, requested_on: date) -> Period:
    """A one-off (đột xuất) period requested on a day, due on ``due``."""
    return Period(key=f"AD-{requested_on.isoformat()}-{due.isoformat()}",
                  label=f"Đột xuất, hạn {due.day:02d}/{due.month:02d}/{due.year}", due_date=due)


def deadline_instants(due: date, reminder_days: int) -> tuple[datetime, datetime]:
    """(reminder time, overdue time), aware, Vietnam time.

    The reminder is at 00:00 ``reminder_days`` days before the due date; the report is overdue once the
    due date has passed (00:00 the day after).
    """
    if reminder_days < 0:
        raise DomainError("V21", "Số ngày nhắc trước hạn không được âm.", "reminder_days")
    reminder = datetime.combine(due - timedelta(days=reminder_days), time(0, 0), VN)
    overdue = datetime.combine(due + timedelta(days=1), time(0, 0), VN)
    return reminder, overdue


def days_late(due: date, received: date) -> int:
    """Days between the due date and the day the report was received (0 when on time)."""
    return max(0, (received - due).days)


def check_obligation(frequency: str, first_due_date: date | None, obligor_count: int,
                     issued_on: date | None = None) -> list[Violation]:
    """What keeps an obligation from producing periods (V21): frequency, first due date, obligors."""
    out: list[Violation] = []
    if frequency not in FREQUENCIES:
        out.append(Violation("V21", "frequency", f"Tần suất '{frequency}' không hợp lệ."))
    elif frequency == "UNSPECIFIED":
        out.append(Violation("V21", "frequency", "Chưa xác định tần suất báo cáo."))
    if frequency in PERIODIC and first_due_date is None:
        out.append(Violation("V21", "first_due_date", "Chưa có hạn nộp báo cáo của kỳ đầu tiên."))
    if first_due_date is not None and issued_on is not None and first_due_date < issued_on:
        out.append(Violation("V6", "first_due_date", "Hạn nộp kỳ đầu không được trước ngày ban hành văn bản."))
    if obligor_count == 0:
        out.append(Violation("V21", "obligors", "Chưa xác định cơ quan có trách nhiệm báo cáo."))
    return out


def owed_state(status: str, due: date, today: date, reminder_days: int, days_late_: int | None = None,
               dispatched_on: date | None = None) -> tuple[str, str]:
    """(code, label) of a period as the organization that owes it sees it: upcoming, due soon, overdue by N
    days, sent (waiting to be registered by the requester), reported (late by N days)."""
    if status == "FULFILLED":
        return ("late", f"Đã báo cáo, chậm {days_late_} ngày") if days_late_ else ("done", "Đã báo cáo")
    if status == "DISPATCHED":
        sent = f" ngày {dispatched_on:%d/%m/%Y}" if dispatched_on else ""
        return "sent", f"Đã gửi{sent}, chờ nơi nhận vào sổ"
    if today > due:
        return "overdue", f"Quá hạn {(today - due).days} ngày"
    if today >= due - timedelta(days=reminder_days):
        return "soon", "Sắp đến hạn"
    return "upcoming", "Chưa đến hạn"


def matrix_cell(status: str, due: date, today: date, days_late_: int | None = None) -> tuple[str, str]:
    """(code, label) of one organization's period in the requester's matrix: on time, late by N days, missing
    (the due date passed and nothing arrived), sent and not yet registered, not yet due."""
    if status == "FULFILLED":
        return ("late", f"Chậm {days_late_} ngày") if days_late_ else ("ontime", "Đúng hạn")
    if status == "DISPATCHED":
        return "sent", "Đã gửi, chờ vào sổ"
    if today > due:
        return "missing", f"Chưa gửi (quá {(today - due).days} ngày)"
    return "upcoming", "Chưa đến hạn"
