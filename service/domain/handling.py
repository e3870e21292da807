"""How secrecy and urgency change the handling of an outgoing document (domain.md §5, V14, V15; NĐ 30
Arts. 15.2, 16.3, 18.1–18.2; QĐ 217/337-QĐ/TW).

Secrecy (V14): "Mật" may travel only inside the system (the Party network, encrypted), never by e-mail;
"Tối mật" and "Tuyệt mật" are never sent online: every copy goes on paper, recorded by the clerk.

Urgency (V15): Hỏa tốc, Thượng khẩn and Khẩn are dispatched "immediately" (Art. 18.1): we hold the clerk to
the same calendar day (Vietnam time) on which the document was numbered; a later dispatch is late.
"""
from __future__ import annotations

from datetime import datetime, timedelta

SECRET = ("MAT", "TOI_MAT", "TUYET_MAT")
NEVER_ONLINE = ("TOI_MAT", "TUYET_MAT")
URGENT = ("HOA_TOC", "THUONG_KHAN", "KHAN")
OUTSIDE_CHANNELS = ("PAPER", "EMAIL")


def is_secret(secrecy: str | None) -> bool:
    """True for Mật, Tối mật and Tuyệt mật: every view of such a document is recorded."""
    return secrecy in SECRET


def never_online(secrecy: str | None) -> bool:
    """True for Tối mật and Tuyệt mật: no electronic copy leaves the issuer (paper only)."""
    return secrecy in NEVER_ONLINE


def outside_channels(secrecy: str | None) -> tuple[str, ...]:
    """The channels a clerk may record for a copy sent outside the system: paper only for any secret
    document (e-mail is an unencrypted channel, V14), paper or e-mail otherwise."""
    return ("PAPER",) if is_secret(secrecy) else OUTSIDE_CHANNELS


def dispatch_deadline(urgency: str | None, numbered_local: datetime | None) -> datetime | None:
    """The latest time (local, same tzinfo as given) an urgent document may be dispatched: the end of the day
    it was numbered. None when the document is not urgent or not numbered yet."""
    if urgency not in URGENT or numbered_local is None:
        return None
    day_start = numbered_local.replace(hour=0, minute=0, second=0, microsecond=0)
    return day_start + timedelta(days=1)


def lateness(deadline: datetime | None, at: datetime) -> timedelta | None:
    """How late `at` is after `deadline` (None when there is no deadline or `at` is in time)."""
    if deadline is None or at <= deadline:
        return None
    return at - deadline


def duration_label(delta: timedelta) -> str:
    """A duration in Vietnamese hours and minutes: "3 giờ 20 phút", "45 phút", "2 ngày 1 giờ"."""
    minutes = max(int(delta.total_seconds() // 60), 0)
    days, rest = divmod(minutes, 24 * 60)
    hours, mins = divmod(rest, 60)
    parts = [f"{days} ngày"] if days else []
    if hours:
        parts.append(f"{hours} giờ")
    if mins and not days:
        parts.append(f"{mins} phút")
    return " ".join(parts) or "dưới 1 phút"


def time_left_label(deadline: datetime, now: datetime) -> str:
    """"Còn 3 giờ 20 phút" before the deadline, "Quá hạn 5 giờ" after it."""
    if now <= deadline:
        return f"Còn {duration_label(deadline - now)}"
    return f"Quá hạn {duration_label(now - deadline)}"
