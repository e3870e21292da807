"""Timer rows: the scheduler reads these, not the workflows. One row for each timer an instance waits for."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import select

from service.extensions import db
from service.store.reporting import ReportingPeriod, Timer


def sync_timers(period: ReportingPeriod, inst, now: datetime) -> None:
    """Make sure every timer the instance waits for has a row (the scheduler reads rows, not workflows)."""
    waiting = inst.waiting_timers()
    if not waiting:
        return
    have = {(t.event, t.due_at) for t in db.session.scalars(
        select(Timer).where(Timer.period_id == period.id, Timer.fired_at.is_(None))).all()}
    for t in waiting:
        due = _to_naive_utc(t.due)
        if (t.name, due) not in have:
            db.session.add(Timer(period_id=period.id, process_id=inst.process_id, event=t.name, due_at=due,
                                 created_at=now))


def _to_naive_utc(dt: datetime) -> datetime:
    return dt.astimezone(UTC).replace(tzinfo=None)


def due_count(now: datetime) -> int:
    """Timers due and not fired (for health checks)."""
    from sqlalchemy import func

    return db.session.scalar(select(func.count(Timer.id)).where(Timer.fired_at.is_(None), Timer.due_at <= now)) or 0
