"""The timer scheduler (`flask scheduler run`, a process of its own, separate from the web workers).

Each due timer is handled in one transaction: claim it (PostgreSQL: FOR UPDATE SKIP LOCKED, so concurrent
schedulers take different rows; SQLite: BEGIN IMMEDIATE serialises writers), lock the instance's owner row,
load the instance, refresh its timers with the service clock, apply the effects of what fired, save the state,
mark the row. A scheduler that dies before the commit leaves everything as it was; an event fires once
because the engine state saved with its effects no longer waits for it."""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import select

from service.clock import current_clock
from service.extensions import db
from service.store import instances
from service.store.documents import Document
from service.store.reporting import ReportingPeriod, Timer
from service.store.timers import sync_timers
from service.store.unit_of_work import unit_of_work

log = logging.getLogger(__name__)


@dataclass
class PassResult:
    fired: int = 0  # timer rows whose event this pass fired
    stale: int = 0  # rows whose event had already fired or was cancelled
    failed: int = 0
    events: list[tuple[int, str]] = field(default_factory=list)  # (period id, event) fired by this pass


def run_once(*, limit: int = 1000, stop: threading.Event | None = None) -> PassResult:
    """Handle every timer due at the service clock's now (one transaction per timer)."""
    result = PassResult()
    failed_ids: set[int] = set()
    for _ in range(limit):
        if stop is not None and stop.is_set():
            break
        try:
            outcome = _handle_next(failed_ids)
        except Exception:  # the commit itself failed (database gone, injected fault): stop this pass
            log.exception("scheduler transaction failed")
            db.session.rollback()
            result.failed += 1
            break
        if outcome is None:
            break
        kind, events = outcome
        if kind == "failed":
            result.failed += 1
        elif kind == "fired":
            result.fired += 1
        else:
            result.stale += 1
        result.events.extend(events)
    db.session.remove()
    return result


def _handle_next(failed_ids: set[int]):
    now = current_clock().now()
    with unit_of_work() as s:
        q = (select(Timer).where(Timer.fired_at.is_(None), Timer.due_at <= now, Timer.id.not_in(failed_ids or [0]))
             .order_by(Timer.due_at, Timer.id).limit(1))
        if s.get_bind().dialect.name == "postgresql":
            q = q.with_for_update(skip_locked=True)
        timer = s.scalars(q).first()
        if timer is None:
            return None
        try:
            with s.begin_nested():
                events = _fire(timer, now)
        except Exception:
            log.exception("timer %s of period %s failed", timer.id, timer.period_id)
            failed_ids.add(timer.id)
            return "failed", []
        return ("fired" if (timer.period_id, timer.event) in events else "stale"), events


def _fire(timer: Timer, now: datetime) -> list[tuple[int, str]]:
    from service.usecases.report_periods import apply_fired

    s = db.session
    period = s.get(ReportingPeriod, timer.period_id, with_for_update=True, populate_existing=True)
    if period.report_document_id is not None:
        # The instance belongs to the report document now: lock it as complete_task does.
        s.get(Document, period.report_document_id, with_for_update=True, populate_existing=True)
        row = instances.instance_for(period.report_document_id)
        s.refresh(row)
        inst = instances.load_instance(row)
    else:
        row = None
        inst = instances.load_state(period.state, period.spec_hash)
    fired = inst.refresh_timers(now)
    if fired:
        if row is not None:
            instances.save_instance(row, inst)
        else:
            period.state = inst.dump()
        apply_fired(period, fired, now)
    names = {t.name for t in fired}
    timer.fired_at = now
    timer.result = "FIRED" if timer.event in names else "STALE"
    if names:
        # Other due rows of the same events are done too (rows another scheduler holds stay for it: skipped).
        q = select(Timer).where(Timer.period_id == period.id, Timer.id != timer.id, Timer.fired_at.is_(None),
                                Timer.event.in_(names), Timer.due_at <= now)
        if s.get_bind().dialect.name == "postgresql":
            q = q.with_for_update(skip_locked=True)
        for other in s.scalars(q).all():
            other.fired_at, other.result = now, "FIRED"
    sync_timers(period, inst, now)
    return [(period.id, name) for name in sorted(names)]


def run_forever(stop: threading.Event, interval: float) -> None:
    """Fire due timers, then send the due e-mails (usecases.mail), every `interval` seconds until `stop` is set;
    a bad pass (the database restarting) is logged and the loop goes on."""
    from service.usecases import mail

    while not stop.is_set():
        try:
            result = run_once(stop=stop)
            if result.fired or result.failed:
                log.info("timers: %s fired, %s stale, %s failed", result.fired, result.stale, result.failed)
            sent = mail.send_due()
            if sent.sent or sent.retrying or sent.failed:
                log.info("mail: %s sent, %s to retry, %s failed", sent.sent, sent.retrying, sent.failed)
        except Exception:  # the loop must survive a bad pass
            log.exception("scheduler pass failed")
            db.session.remove()
        stop.wait(interval)
