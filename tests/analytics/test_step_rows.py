"""The completed steps (step_durations) on both databases: written by the task completions themselves, single and
bulk, with the durations the frozen clock gave them and the month (Hà Nội) of their end; the report's median and
90th percentile are those of the known durations; and migration 0016's back-fill from the audit trail gives the
same rows and the same report as the completions wrote."""
from __future__ import annotations

from collections import defaultdict
from datetime import datetime, timedelta

import sqlalchemy as sa
from flask_migrate import downgrade, upgrade

from service.extensions import db
from service.store.analytics import StepDuration
from service.store.documents import AuditEvent, Document

from ..seed_docs import seed000
from . import scenario
from .scenario import nearest_rank

BASE = datetime(2025, 8, 28, 1, 0)  # naive UTC: 08:00 on Thursday 28/8/2025 in Hà Nội


def _rows(app) -> list[tuple]:
    with app.app_context():
        s = StepDuration
        rows = db.session.execute(sa.select(s.document_id, s.step, s.drafting_unit_id, s.person_id, s.entered_at,
                                            s.left_at, s.seconds, s.month)).all()
        db.session.remove()
    return sorted((r[0], r[1], r[2], r[3], r[4], r[5], round(float(r[6]), 3), r[7]) for r in rows)


def _person_id(app, username: str) -> int:
    with app.app_context():
        pid = db.session.scalar(sa.text("select id from people where username = :u"), {"u": username})
        db.session.remove()
    return pid


def _complete(client, login, doc: dict, who: str, data: dict) -> dict:
    r = client.post(f"/api/documents/{doc['id']}/tasks/{doc['task_id']}", json=data, headers=login(who))
    assert r.status_code == 200, r.get_json()
    return r.get_json()


def _report(client, login, query: str) -> dict:
    r = client.get(f"/api/analytics/steps{query}", headers=login("tuan.pm"))
    assert r.status_code == 200, r.get_json()
    return r.get_json()


def test_completions_write_the_steps_and_the_report_reads_them(app, client, login, clock):
    """Ten drafts submitted 1..10 hours after creation; the unit head returns the first, which is submitted again,
    then approves all ten, the first at 23:30 on 31/8 (Hà Nội), the rest at 00:30 on 1/9."""
    docs = []
    for i in range(10):
        clock.set(BASE + timedelta(minutes=i))
        payload = seed000()["payload"] | {"subject": f"Kế hoạch số {i + 1}"}
        r = client.post("/api/documents", json=payload, headers=login("lan.tt"))
        assert r.status_code == 201, r.get_json()
        clock.advance(seconds=3600 * (i + 1))
        docs.append(_complete(client, login, r.get_json(), "lan.tt", {}))
    returned_at = datetime(2025, 8, 29, 2, 0)
    clock.set(returned_at)
    first = _complete(client, login, docs[0], "hung.lv", {"decision": "return", "comment": "Bổ sung số liệu."})
    clock.set(returned_at + timedelta(hours=3))
    docs[0] = _complete(client, login, first, "lan.tt", {})
    august_end = datetime(2025, 8, 31, 16, 30)  # 23:30 on 31/8 in Hà Nội
    clock.set(august_end)
    _complete(client, login, docs[0], "hung.lv", {"decision": "approve"})
    september = datetime(2025, 8, 31, 17, 30)  # 00:30 on 1/9 in Hà Nội
    clock.set(september)
    r = client.post("/api/tasks/bulk", json={"task": "content_review", "data": {"decision": "approve"},
                                             "items": [d["id"] for d in docs[1:]]}, headers=login("hung.lv"))
    assert r.status_code == 200 and r.get_json()["succeeded"] == 9, r.get_json()

    lan, hung = _person_id(app, "lan.tt"), _person_id(app, "hung.lv")
    rows = _rows(app)
    assert len(rows) == 10 + 1 + 1 + 10, rows
    by_doc = defaultdict(list)
    for doc_id, step, _unit, person, _entered, _left, secs, month in rows:
        by_doc[doc_id].append((step, person, secs, month))
    d0 = docs[0]["id"]
    submitted_0 = BASE + timedelta(hours=1)
    assert sorted(by_doc[d0]) == sorted([
        ("draft", lan, 3600.0, 202508),
        ("content_review", hung, (returned_at - submitted_0).total_seconds(), 202508),  # returned
        ("draft", lan, 3 * 3600.0, 202508),  # from the return to the new submission
        ("content_review", hung, (august_end - returned_at - timedelta(hours=3)).total_seconds(), 202508)])
    for i, d in enumerate(docs[1:], start=1):
        submitted = BASE + timedelta(minutes=i, hours=i + 1)
        assert sorted(by_doc[d["id"]]) == [("content_review", hung, (september - submitted).total_seconds(), 202509),
                                          ("draft", lan, 3600.0 * (i + 1), 202508)]
    assert all(r[2] is not None and r[4] < r[5] for r in rows), "unit and a start before the end on every row"

    out = _report(client, login, "?from=2025-08&to=2025-09")
    stats = {(r["step"], r["month"]): (r["count"], r["median_seconds"], r["p90_seconds"]) for r in out["rows"]}
    drafts = [3600.0 * (i + 1) for i in range(10)] + [3 * 3600.0]
    reviews = [(september - BASE - timedelta(minutes=i, hours=i + 1)).total_seconds() for i in range(1, 10)]
    assert stats == {
        ("draft", "2025-08"): (11, round(nearest_rank(drafts, 0.5)), round(nearest_rank(drafts, 0.9))),
        ("content_review", "2025-08"): (2, round((returned_at - submitted_0).total_seconds()),
                                        round((august_end - returned_at - timedelta(hours=3)).total_seconds())),
        ("content_review", "2025-09"): (9, round(nearest_rank(reviews, 0.5)), round(nearest_rank(reviews, 0.9))),
    }
    assert stats[("draft", "2025-08")][1:] == (5 * 3600, 9 * 3600)
    people = _report(client, login, "?from=2025-09&to=2025-09&by=person")["rows"]
    assert [(r["group"], r["count"]) for r in people] == [("Lê Văn Hùng", 9)]

    # Steps of documents without a drafting unit form their own group: drafts of 1, 3, 2, 3 and 4 hours.
    with app.app_context():
        db.session.execute(sa.update(StepDuration).where(
            StepDuration.step == "draft", StepDuration.document_id.in_([d["id"] for d in docs[:4]]))
            .values(drafting_unit_id=None))
        db.session.commit()
    units = _report(client, login, "?from=2025-08&to=2025-08&by=unit&step=draft")["rows"]
    assert sorted((r["group"], r["count"], r["median_seconds"], r["p90_seconds"]) for r in units) == [
        ("(không rõ đơn vị)", 5, 3 * 3600, 4 * 3600),
        ("Ban Tuyên giáo và Dân vận Đảng ủy Chính phủ", 6, 7 * 3600, 10 * 3600)]


def _old_computation(app) -> list[tuple]:
    """The spans as the analytics computed them from the audit trail before 0016, written out here in Python:
    per document in (at, id) order, each event that completes a task ends the span opened by the event before it
    (its creation or the previous completion)."""
    with app.app_context():
        e = AuditEvent
        events = db.session.execute(
            sa.select(e.document_id, e.action, e.task, e.actor_id, e.at, Document.drafting_unit_id)
            .join(Document, Document.id == e.document_id)
            .where(e.task.is_not(None) | (e.action == "create")).order_by(e.document_id, e.at, e.id)).all()
        db.session.remove()
    spans, prev = [], {}
    for doc_id, _action, task, actor, at, unit in events:
        if task is not None and doc_id in prev:
            secs = round((at - prev[doc_id]).total_seconds(), 3)
            vn = at + timedelta(hours=7)
            spans.append((doc_id, task, unit, actor, prev[doc_id], at, secs, vn.year * 100 + vn.month))
        prev[doc_id] = at
    return sorted(spans)


def test_the_backfill_gives_what_the_completions_wrote_and_the_old_computation(app, client, login, clock):
    scenario.build(client, login, clock)
    queries = ["?from=2025-08&to=2025-09", "?from=2025-08&to=2025-09&by=person",
               "?from=2025-08&to=2025-09&by=unit", "?from=2025-09&to=2025-09&step=format_check"]
    before = [_report(client, login, q) for q in queries]
    written = _rows(app)
    assert len(written) == scenario.N + scenario.REVIEWED + scenario.CHECKED
    directory = app.extensions["migrate"].directory
    with app.app_context():
        downgrade(directory=directory, revision="0015")
        try:
            assert "step_durations" not in sa.inspect(db.engine).get_table_names()
            old = _old_computation(app)
        finally:
            upgrade(directory=directory)
            db.session.remove()
    assert _rows(app) == written
    assert [(r[0], r[1], r[2], r[3], r[4], r[5], r[6], r[7]) for r in written] == old
    assert [_report(client, login, q) for q in queries] == before
