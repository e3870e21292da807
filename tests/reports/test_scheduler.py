"""The scheduler: due timers fire once, across restarts, crashes and concurrent schedulers."""
from __future__ import annotations

import threading
from collections import Counter
from datetime import datetime

import pytest
from sqlalchemy import func, select

from .helpers import notifications, run_scheduler

OBLIGORS = ["DUBNNMT", "DUBNG"]  # Đảng ủy Chính phủ may bind only its subordinates


def _declare(client, login, *, until="2025-12-31", obligors=OBLIGORS) -> dict:
    r = client.post("/api/obligations", headers=login("lan.tt"), json={
        "title": "Báo cáo tình hình thông tin đối ngoại", "frequency": "MONTHLY", "first_due_date": "2025-08-25",
        "reminder_days": 3, "drafting_unit": "BTGDV", "obligors": obligors, "generate_until": until})
    assert r.status_code == 201, r.get_json()
    ob = r.get_json()
    assert ob["status"] == "ACTIVE"
    return ob


def _timer_rows(app):
    from service.extensions import db
    from service.store.reporting import Timer

    with app.app_context():
        rows = db.session.execute(select(Timer.period_id, Timer.event, Timer.fired_at, Timer.result)).all()
        db.session.remove()
    return rows


def _notification_counts(app) -> Counter:
    from service.extensions import db
    from service.store.notifications import Notification

    with app.app_context():
        rows = db.session.execute(select(Notification.period_id, Notification.kind, Notification.person_id,
                                         func.count()).where(Notification.period_id.is_not(None))
                                  .group_by(Notification.period_id, Notification.kind, Notification.person_id)).all()
        db.session.remove()
    return Counter({(p, k, who): n for p, k, who, n in rows})


def test_generating_periods_creates_one_timer_row_per_deadline(app, client, login):
    _declare(client, login)
    rows = _timer_rows(app)
    assert len(rows) == 2 * 5 * 2  # 2 organizations, Aug-Dec, reminder + overdue
    assert all(fired is None for _p, _e, fired, _r in rows)
    assert Counter(e for _p, e, _f, _r in rows) == {"timer_reminder": 10, "timer_overdue": 10}


def test_two_schedulers_at_once_fire_each_timer_once(app, client, login, clock):
    _declare(client, login)
    clock.set(datetime(2026, 2, 1))  # every deadline has passed
    results, errors = [], []
    barrier = threading.Barrier(2)

    def scheduler():
        from service.usecases.timers import run_once

        try:
            with app.app_context():
                barrier.wait(timeout=30)
                results.append(run_once())
        except Exception as exc:  # surfaced below
            errors.append(exc)

    threads = [threading.Thread(target=scheduler) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=300)
    assert errors == [] and len(results) == 2
    assert sum(r.failed for r in results) == 0
    fired_events = Counter(e for r in results for e in r.events)
    assert len(fired_events) == 20 and set(fired_events.values()) == {1}
    assert all(fired is not None for _p, _e, fired, _r in _timer_rows(app))
    counts = _notification_counts(app)
    assert counts and set(counts.values()) == {1}
    linh = notifications(client, login("linh.pt"), "report_reminder")
    quang = notifications(client, login("quang.tv"), "report_overdue")
    assert len(linh) == 5 and len(quang) == 5  # DUBNNMT: five months, each reminded and escalated once
    assert run_scheduler(app).fired == 0


def test_timers_survive_a_restart_of_the_app_and_of_the_scheduler(app, client, login, clock, database_url):
    from service import create_app

    from ..conftest import _config

    _declare(client, login, until="2025-08-31", obligors=["DUBNNMT"])
    # The web app that created the timers goes away; a scheduler started later, in a new app, fires them.
    with app.app_context():
        from service.extensions import db
        db.session.remove()
        db.engine.dispose()
    clock.set(datetime(2025, 8, 22, 2, 0))
    first = create_app(_config(database_url, CLOCK=clock))
    assert run_scheduler(first).events == [(1, "timer_reminder")]
    second = create_app(_config(database_url, CLOCK=clock))  # the scheduler restarted
    assert run_scheduler(second).fired == 0
    clock.set(datetime(2025, 8, 26, 2, 0))
    assert run_scheduler(second).events == [(1, "timer_overdue")]
    assert len(notifications(client, login("linh.pt"), "report_reminder")) == 1
    assert len(notifications(client, login("quang.tv"), "report_overdue")) == 1
    for a in (first, second):
        with a.app_context():
            db.session.remove()
            db.engine.dispose()


def test_a_scheduler_that_fails_before_commit_loses_nothing(app, client, login, clock):
    _declare(client, login, until="2025-08-31", obligors=["DUBNNMT"])
    linh = login("linh.pt")
    clock.set(datetime(2025, 8, 22, 2, 0))
    app.config["FAULT_INJECTION"] = "before_commit"
    result = run_scheduler(app)
    assert (result.fired, result.failed, result.events) == (0, 1, [])  # the commit never happened
    assert notifications(client, linh) == []
    assert all(fired is None for _p, _e, fired, _r in _timer_rows(app))
    app.config["FAULT_INJECTION"] = False
    assert run_scheduler(app).events == [(1, "timer_reminder")]
    assert len(notifications(client, linh, "report_reminder")) == 1


def test_the_scheduler_command_runs_once(app, client, login, clock):
    _declare(client, login, until="2025-08-31", obligors=["DUBNNMT"])
    clock.set(datetime(2025, 8, 26, 2, 0))
    out = app.test_cli_runner().invoke(args=["scheduler", "run", "--once"])
    assert out.exit_code == 0, out.output
    assert "1 fired" in out.output
    kinds = sorted(n["kind"] for n in notifications(client, login("linh.pt")) + notifications(client, login("quang.tv")))
    assert kinds == ["report_overdue", "report_reminder"]


@pytest.mark.parametrize("body", [
    {"frequency": "WEEKLY"}, {"first_due_date": "25/08/2025"}, {"reminder_days": "3"}, {"obligors": "DUBNNMT"},
    {"obligors": ["NOPE"]}, {"colour": "red"}, {"reminder_days": 99},
])
def test_bad_obligation_input_is_refused_and_changes_nothing(app, client, login, body):
    payload = {"title": "Báo cáo", "frequency": "MONTHLY", "first_due_date": "2025-08-25",
               "obligors": ["DUBNNMT"]} | body
    r = client.post("/api/obligations", headers=login("lan.tt"), json=payload)
    assert 400 <= r.status_code < 500 and set(r.get_json()) >= {"error", "message"}
    assert client.get("/api/obligations", headers=login("lan.tt")).get_json()["items"] == []
    assert _timer_rows(app) == []
