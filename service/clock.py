"""The service's clock. Production reads the wall clock; tests set it (time travel for dates and timers)."""
from __future__ import annotations

import threading
from datetime import UTC, date, datetime, timedelta, timezone

VN_TZ = timezone(timedelta(hours=7), "ICT")


class Clock:
    """Wall clock. `now()` is naive UTC (what the database stores); `today()` is the date in Vietnam."""

    def now(self) -> datetime:
        return datetime.now(UTC).replace(tzinfo=None)

    def today(self) -> date:
        return to_vn(self.now()).date()


class FrozenClock(Clock):
    """A clock that stands still until moved; thread-safe, for tests."""

    def __init__(self, at: datetime) -> None:
        self._at = at.replace(tzinfo=None) if at.tzinfo is None else at.astimezone(UTC).replace(tzinfo=None)
        self._lock = threading.Lock()

    def now(self) -> datetime:
        with self._lock:
            return self._at

    def set(self, at: datetime) -> None:
        with self._lock:
            self._at = at.astimezone(UTC).replace(tzinfo=None) if at.tzinfo else at

    def advance(self, **delta: float) -> None:
        with self._lock:
            self._at += timedelta(**delta)


def to_vn(naive_utc: datetime) -> datetime:
    """A stored naive-UTC datetime as Vietnam time (+07:00)."""
    return naive_utc.replace(tzinfo=UTC).astimezone(VN_TZ)


def current_clock() -> Clock:
    """The clock of the running app (a FrozenClock in tests)."""
    from flask import current_app

    return current_app.extensions["clock"]
