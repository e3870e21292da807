"""Two people completing the same task at the same moment: exactly one wins, the other gets 409."""
from __future__ import annotations

import threading

import sqlalchemy as sa

from service.extensions import db

from ..seed_docs import seed000


def _to_format_check(client, login) -> dict:
    doc = client.post("/api/documents", json=seed000()["payload"], headers=login("lan.tt")).get_json()
    for who, data in (("lan.tt", {}), ("hung.lv", {"decision": "approve"})):
        doc = client.post(f"/api/documents/{doc['id']}/tasks/{doc['task_id']}", json=data, headers=login(who)).get_json()
    assert doc["step"] == "format_check"
    return doc


def test_two_office_members_approving_at_once_one_wins_and_the_other_learns_who(app, client, login):
    doc = _to_format_check(client, login)
    heads = {u: login(u) for u in ("tuan.pm", "thu.bt")}
    for _round in range(3):
        barrier = threading.Barrier(2)
        results: dict[str, tuple[int, dict]] = {}

        def act(username: str, barrier: threading.Barrier, url: str, results: dict) -> None:
            c = app.test_client()
            barrier.wait()
            r = c.post(url, json={"decision": "return", "comment": f"Ý kiến của {username}"}, headers=heads[username])
            results[username] = (r.status_code, r.get_json())

        url = f"/api/documents/{doc['id']}/tasks/{doc['task_id']}"
        threads = [threading.Thread(target=act, args=(u, barrier, url, results)) for u in heads]
        for t in threads:
            t.start()
        for t in threads:
            t.join(60)
        statuses = sorted(s for s, _ in results.values())
        assert statuses == [200, 409], results
        winner = next(u for u, (s, _) in results.items() if s == 200)
        loser_body = next(b for u, (s, b) in results.items() if s == 409)
        winner_name = {"tuan.pm": "Phạm Minh Tuấn", "thu.bt": "Bùi Thị Thu"}[winner]
        assert winner_name in loser_body["message"] and "trả lại" in loser_body["message"]
        with app.app_context():
            events = db.session.execute(sa.text(
                "select count(*) from audit_events where document_id = :d and task = 'format_check'"),
                {"d": doc["id"]}).scalar_one()
            db.session.remove()
        assert events == _round + 1, "exactly one completion is recorded per round"
        # back to format_check for the next round
        d = client.get(f"/api/documents/{doc['id']}", headers=login("lan.tt")).get_json()
        for who, data in (("lan.tt", {}), ("hung.lv", {"decision": "approve"})):
            d = client.post(f"/api/documents/{d['id']}/tasks/{d['task_id']}", json=data, headers=login(who)).get_json()
        doc = d


def test_a_stale_if_match_version_is_412(client, login):
    doc = _to_format_check(client, login)
    r = client.post(f"/api/documents/{doc['id']}/tasks/{doc['task_id']}", json={"decision": "approve"},
                    headers={**login("tuan.pm"), "If-Match": str(doc["version"] - 1)})
    assert r.status_code == 412 and r.get_json()["error"] == "stale"
    assert r.mimetype == "application/problem+json" and r.get_json()["status"] == 412
    r = client.post(f"/api/documents/{doc['id']}/tasks/{doc['task_id']}", json={"decision": "approve"},
                    headers={**login("tuan.pm"), "If-Match": str(doc["version"])})
    assert r.status_code == 200
