"""Place and date line (địa danh, ngày tháng) — rules V6, V7 (domain.md §3, §8).

Format: "Hà Nội, ngày 07 tháng 8 năm 2025".  Days below 10 and the months
1 and 2 are written with a leading zero; other months are not.
"""
from __future__ import annotations

import re
from datetime import date

from .errors import DomainError, Violation
from .text import normalize_text

__all__ = ["format_date", "format_date_line", "parse_date", "parse_date_line", "check_chronology"]

_DATE_RE = re.compile(r"ngày (?P<d>\d+) tháng (?P<m>\d+) năm (?P<y>\d+)")
_LINE_RE = re.compile(r"^(?P<place>.*?)\s*,\s*(?P<date>ngày .*)$")


def _month(m: int) -> str:
    return f"{m:02d}" if m <= 2 else str(m)


def format_date(d: date) -> str:
    """"ngày 07 tháng 8 năm 2025": day padded to 2 digits, month padded only
    for January and February ("tháng 02"), year in full."""
    return f"ngày {d.day:02d} tháng {_month(d.month)} năm {d.year}"


def format_date_line(place: str, d: date) -> str:
    """"Hà Nội, ngày 07 tháng 8 năm 2025"; raises DomainError("V7") if the
    place is empty."""
    p = normalize_text(place)
    if not p:
        raise DomainError("V7", "Địa danh: không được để trống trong dòng địa danh, ngày tháng.", "place")
    return f"{p}, {format_date(d)}"


def parse_date(text: str) -> date:
    """Parse "ngày 07 tháng 8 năm 2025" (exact display rules of V7).

    Raises DomainError("V7") when the day is not two digits ("ngày 7"),
    the month is padded when it must not be ("tháng 08") or not padded
    when it must be ("tháng 2"), the year is not 4 digits, or the date
    does not exist ("ngày 31 tháng 02").
    """
    s = normalize_text(text)
    m = _DATE_RE.fullmatch(s)
    if not m:
        raise DomainError("V7", f"Ngày tháng: \"{s}\" không đúng dạng \"ngày 07 tháng 8 năm 2025\".", "date")
    ds, ms, ys = m.group("d"), m.group("m"), m.group("y")
    if len(ds) != 2:
        raise DomainError("V7", f"Ngày tháng: ngày phải ghi đủ hai chữ số (\"ngày 07\"), không phải \"ngày {ds}\".", "date")
    if len(ys) != 4:
        raise DomainError("V7", f"Ngày tháng: năm phải ghi đủ bốn chữ số, không phải \"năm {ys}\".", "date")
    month = int(ms)
    if ms != _month(month):
        raise DomainError("V7", f"Ngày tháng: tháng {month} phải ghi là \"tháng {_month(month)}\", không phải \"tháng {ms}\" "
                          "(chỉ tháng 1 và tháng 2 ghi thêm số 0).", "date")
    try:
        return date(int(ys), month, int(ds))
    except ValueError:
        raise DomainError("V7", f"Ngày tháng: \"{s}\" không phải là một ngày có thật.", "date") from None


def parse_date_line(text: str) -> tuple[str, date]:
    """Parse "Hà Nội, ngày 07 tháng 8 năm 2025" into (place, date).

    The place is returned normalised.  Raises DomainError("V7") if the
    place is missing or the date breaks the rules of ``parse_date``.
    ``parse_date_line(format_date_line(p, d)) == (p, d)``.
    """
    s = normalize_text(text)
    m = _LINE_RE.match(s)
    if not m or not m.group("place").strip():
        raise DomainError("V7", f"Địa danh, ngày tháng: \"{s}\" thiếu địa danh (phải có dạng \"Hà Nội, ngày 07 tháng 8 năm 2025\").", "place")
    return m.group("place").strip(), parse_date(m.group("date"))


_STAGES = (
    ("created", "ngày tạo dự thảo"),
    ("approved", "ngày duyệt dự thảo"),
    ("signed", "ngày ký"),
    ("issued", "ngày ban hành"),
    ("dispatched", "ngày phát hành, gửi đi"),
    ("arrival", "ngày đến"),
)


def check_chronology(created: date, approved: date | None = None, signed: date | None = None,
                     issued: date | None = None, dispatched: date | None = None,
                     arrival: date | None = None) -> list[Violation]:
    """Rule V6: created ≤ approved ≤ signed ≤ issued ≤ dispatched ≤ arrival.

    Missing (None) dates are skipped.  For each present date earlier than
    the latest present date before it, one V6 violation is returned with
    the field named after the parameter ("issued", "arrival", …).
    """
    values = dict(zip([n for n, _ in _STAGES], (created, approved, signed, issued, dispatched, arrival), strict=True))
    labels = dict(_STAGES)
    out: list[Violation] = []
    latest: tuple[str, date] | None = None
    for name, _ in _STAGES:
        d = values[name]
        if d is None:
            continue
        if latest is not None and d < latest[1]:
            out.append(Violation("V6", name, f"Trình tự thời gian: {labels[name]} ({d:%d/%m/%Y}) không được trước "
                                 f"{labels[latest[0]]} ({latest[1]:%d/%m/%Y})."))
        if latest is None or d >= latest[1]:
            latest = (name, d)
    return out
