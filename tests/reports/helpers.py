"""Shared steps of the incoming and report tests (through the JSON API)."""
from __future__ import annotations

from datetime import datetime

from ..seed_docs import seed000
from ..signatures.keys import DEMO_PIN

DUBNNMT_LINE = {"text": "Đảng ủy Bộ Nông nghiệp và Môi trường", "purpose": "ACTION", "org_code": "DUBNNMT"}
REVIEW = {"content_review", "format_check", "sign"}


def complete(client, headers, doc, data=None, status=200):
    """Complete the document's open step; the demo signing PIN rides along (only the sign and dispatch steps of an
    organization with keys read it, every step takes it out before the engine sees the fields)."""
    r = client.post(f"/api/documents/{doc['id']}/tasks/{doc['task_id']}", json={**(data or {}), "pin": DEMO_PIN},
                    headers=headers)
    assert r.status_code == status, r.get_json()
    return r.get_json()


def incoming_task(client, headers, item, data=None, status=200):
    r = client.post(f"/api/incoming/{item['id']}/tasks/{item['task_id']}", json=data or {}, headers=headers)
    assert r.status_code == status, r.get_json()
    return r.get_json()


def dispatch_plan_23(client, login, clock, *, urgency=None) -> dict:
    """Đảng ủy Chính phủ drafts, reviews, signs, numbers and dispatches seed 000, also addressed to DUBNNMT."""
    seed = seed000()
    payload = dict(seed["payload"])
    payload["recipients"] = [*payload["recipients"][:-1], DUBNNMT_LINE, payload["recipients"][-1]]
    if urgency:
        payload["urgency"] = urgency
    lan = login("lan.tt")
    r = client.post("/api/documents", json=payload, headers=lan)
    assert r.status_code == 201, r.get_json()
    doc = complete(client, lan, r.get_json())
    doc = complete(client, login("hung.lv"), doc, {"decision": "approve"})
    doc = complete(client, login("tuan.pm"), doc, {"decision": "approve"})
    clock.set(datetime(2025, 8, 7, 1, 30))
    doc = complete(client, login("phong.nd"), doc, {"decision": "approve"})
    doc = complete(client, login("ha.dt"), doc)
    doc = complete(client, login("ha.dt"), doc)
    assert doc["status"] == "DISPATCHED"
    return doc


def run_scheduler(app):
    from service.usecases.timers import run_once

    with app.app_context():
        return run_once()


def notifications(client, headers, kind=None) -> list[dict]:
    r = client.get("/api/notifications", headers=headers)
    assert r.status_code == 200, r.get_json()
    return [n for n in r.get_json()["items"] if kind is None or n["kind"] == kind]
