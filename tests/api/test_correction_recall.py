"""Correction (đính chính), recall (thu hồi) and voided numbers (hủy số) of seed 000's plan 23-KH/ĐU, through the
JSON API, on SQLite and PostgreSQL (NĐ 30 Art. 18.3–4; domain.md §2 edge cases 4–5, §6 "Recall")."""
from __future__ import annotations

import csv
import io
from datetime import datetime

import pytest
from openpyxl import load_workbook

from ..seed_docs import seed000
from .test_seed000_journey import complete

REASON = "Kế hoạch ban hành khi chưa xin ý kiến Thường trực Đảng ủy."


def draft_to_signed(client, login, payload: dict) -> dict:
    """Seed 000's plan drafted, reviewed, checked and signed on 07/8/2025 (waiting for its number)."""
    r = client.post("/api/documents", json=payload, headers=login("lan.tt"))
    assert r.status_code == 201, r.get_json()
    doc = complete(client, login("lan.tt"), r.get_json())
    doc = complete(client, login("hung.lv"), doc, {"decision": "approve"})
    doc = complete(client, login("tuan.pm"), doc, {"decision": "approve"})
    return complete(client, login("phong.nd"), doc, {"decision": "approve"})


def dispatched_plan(client, login, clock) -> dict:
    clock.set(datetime(2025, 8, 7, 1, 30))  # 08:30 in Hà Nội, 7 August 2025
    doc = draft_to_signed(client, login, seed000()["payload"])
    doc = complete(client, login("ha.dt"), doc)
    doc = complete(client, login("ha.dt"), doc)
    assert (doc["status"], doc["symbol"]) == ("DISPATCHED", "23-KH/ĐU")
    return doc


def incoming_copy(client, login, clerk: str, doc_id: int) -> dict:
    items = client.get("/api/incoming", headers=login(clerk)).get_json()["items"]
    (copy,) = [i for i in items if i["source_document_id"] == doc_id]
    return copy


def task_keys(client, login, username: str) -> set[tuple[str, int]]:
    items = client.get("/api/tasks", headers=login(username)).get_json()["items"]
    return {(t["flow"], (t.get("incoming") or t.get("document"))["id"]) for t in items}


def test_a_correction_of_the_seed_plan_is_a_cong_van_linked_both_ways_through_the_normal_flow(client, login, clock):
    plan = dispatched_plan(client, login, clock)
    url = f"/api/documents/{plan['id']}/corrections"
    assert client.post(url, headers=login("hung.lv")).status_code == 403  # the unit head drafts nothing
    assert client.post(url, headers=login("ha.dt")).status_code == 403
    assert client.post(url, headers=login("linh.pt")).status_code == 404  # a recipient's drafter: not their plan
    r = client.post(url, headers=login("lan.tt"))
    assert r.status_code == 201, r.get_json()
    fix = r.get_json()
    assert r.headers["Location"].endswith(f"/api/documents/{fix['id']}")
    assert (fix["kind"], fix["status"], fix["step"], fix["number"]) == ("CV", "DRAFT", "draft", None)
    assert fix["subject"] == "V/v đính chính Kế hoạch số 23-KH/ĐU"
    assert "đính chính Kế hoạch số 23-KH/ĐU, ngày 07/08/2025 của Đảng ủy Chính phủ" in fix["body"]
    assert fix["corrects_id"] == plan["id"]
    assert fix["recipient_lines"] == plan["recipient_lines"]  # Nơi nhận defaults to the plan's lines
    assert [r["text"] for r in fix["recipients"]] == [r["text"] for r in plan["recipients"]]
    assert (fix["archive_line"], fix["intended_signer"], fix["drafting_unit"]) == ("- Lưu VT, BTGDV (3).",
                                                                                 "phong.nd", "BTGDV")
    mine = client.get(f"/api/documents/{plan['id']}", headers=login("mai.vt")).get_json()
    assert mine["corrected_by"] == [fix["id"]]
    theirs = client.get(f"/api/documents/{plan['id']}", headers=login("hoa.nt")).get_json()
    assert theirs["corrected_by"] == [], "a recipient never learns of a draft"
    history = client.get(f"/api/documents/{plan['id']}/history", headers=login("mai.vt")).get_json()["items"]
    assert (history[-1]["actor"], history[-1]["action"], history[-1]["details"]) == (
        "lan.tt", "correction_started", {"correction_id": fix["id"]})

    fix = complete(client, login("lan.tt"), fix)  # the normal approval flow
    fix = complete(client, login("hung.lv"), fix, {"decision": "approve"})
    fix = complete(client, login("tuan.pm"), fix, {"decision": "approve"})
    clock.set(datetime(2025, 8, 8, 2, 0))
    fix = complete(client, login("phong.nd"), fix, {"decision": "approve"})
    fix = complete(client, login("ha.dt"), fix)
    assert fix["symbol"].endswith("-CV/ĐU") and fix["number"] == 1
    fix = complete(client, login("ha.dt"), fix)
    assert fix["status"] == "DISPATCHED"
    theirs = client.get(f"/api/documents/{plan['id']}", headers=login("hoa.nt")).get_json()
    assert theirs["corrected_by"] == [fix["id"]]
    received = client.get(f"/api/documents/{fix['id']}", headers=login("hoa.nt")).get_json()
    assert received["corrects_id"] == plan["id"]
    assert incoming_copy(client, login, "hoa.nt", fix["id"])["symbol"] == fix["symbol"]


def test_only_an_issued_document_that_is_not_recalled_can_be_corrected(client, login, clock):
    seed = seed000()
    draft = client.post("/api/documents", json=seed["payload"], headers=login("lan.tt")).get_json()
    r = client.post(f"/api/documents/{draft['id']}/corrections", headers=login("lan.tt"))
    assert r.status_code == 409 and "Chỉ đính chính được văn bản đã phát hành" in r.get_json()["message"]
    plan = dispatched_plan(client, login, clock)
    assert client.post(f"/api/documents/{plan['id']}/recall", json={"reason": REASON},
                       headers=login("phong.nd")).status_code == 200
    r = client.post(f"/api/documents/{plan['id']}/corrections", headers=login("lan.tt"))
    assert r.status_code == 409 and "đã bị thu hồi" in r.get_json()["message"]


def test_recall_withdraws_every_recipients_copy_closes_their_steps_and_tells_them(client, login, clock):
    plan = dispatched_plan(client, login, clock)
    bnn = incoming_copy(client, login, "hoa.nt", plan["id"])  # registered, now waiting for the leader to route it
    done = client.post(f"/api/incoming/{bnn['id']}/tasks/{bnn['task_id']}", json={"arrival_date": "2025-08-07"},
                       headers=login("hoa.nt"))
    assert done.status_code == 200 and done.get_json()["step"] == "route_incoming", done.get_json()
    bnn = done.get_json()
    assert bnn["number"] is not None
    bng = incoming_copy(client, login, "tam.nv", plan["id"])  # still waiting for the clerk
    assert ("incoming", bnn["id"]) in task_keys(client, login, "thang.dv")
    assert ("incoming", bng["id"]) in task_keys(client, login, "tam.nv")

    url = f"/api/documents/{plan['id']}/recall"
    for who, status in (("lan.tt", 403), ("hung.lv", 403), ("ha.dt", 403), ("nam.hv", 403),  # nam.hv: TB only
                        ("thang.dv", 404), ("yen.lt", 404)):  # a recipient's signer; a stranger
        r = client.post(url, json={"reason": REASON}, headers=login(who))
        assert r.status_code == status, (who, r.get_json())
    assert client.post(url, json={"reason": "  "}, headers=login("phong.nd")).status_code == 422
    assert client.post(url, json={}, headers=login("phong.nd")).status_code == 422
    assert client.get(f"/api/documents/{plan['id']}", headers=login("mai.vt")).get_json()["recalled"] is False

    r = client.post(url, json={"reason": REASON}, headers=login("phong.nd"))
    assert r.status_code == 200, r.get_json()
    doc = r.get_json()
    assert (doc["status"], doc["status_label"], doc["recalled"], doc["recall_reason"]) == (
        "RECALLED", "Đã thu hồi", True, REASON)
    again = client.post(url, json={"reason": REASON}, headers=login("phong.nd"))
    assert again.status_code == 409 and again.get_json()["message"] == \
        "Văn bản đã bị thu hồi trước đó; không thu hồi lại."

    for clerk, copy in (("hoa.nt", bnn), ("tam.nv", bng)):
        now = client.get(f"/api/incoming/{copy['id']}", headers=login(clerk)).get_json()
        assert (now["status"], now["status_label"], now["step"], now["task_id"]) == (
            "WITHDRAWN", "Đã thu hồi", None, None)
        assert now["withdrawal_reason"] == REASON and now["number"] == copy["number"], "its số đến stays"
        late = client.post(f"/api/incoming/{copy['id']}/tasks/{copy['task_id']}", json={}, headers=login(clerk))
        assert late.status_code == 409 and REASON in late.get_json()["message"]
        notes = client.get("/api/notifications", headers=login(clerk)).get_json()["items"]
        assert any(n["kind"] == "recalled" and REASON in n["body"] and n["incoming_id"] == copy["id"] for n in notes)
    assert ("incoming", bnn["id"]) not in task_keys(client, login, "thang.dv"), "the leader's step is gone"
    assert ("incoming", bng["id"]) not in task_keys(client, login, "tam.nv")
    assert any(n["kind"] == "recalled" for n in
               client.get("/api/notifications", headers=login("thang.dv")).get_json()["items"])
    registered = client.get("/api/registers/incoming?year=2025", headers=login("hoa.nt")).get_json()["items"]
    (row,) = [e for e in registered if e["id"] == bnn["id"]]
    assert row["number"] == bnn["number"] and row["status"] == "WITHDRAWN" and f"Đã thu hồi: {REASON}" in row["note"]
    seen = client.get(f"/api/documents/{plan['id']}", headers=login("hoa.nt")).get_json()
    assert (seen["status"], seen["recalled"], seen["recall_reason"]) == ("RECALLED", True, REASON)

    (entry,) = client.get("/api/registers/outgoing", headers=login("mai.vt")).get_json()["items"]
    assert entry["recalled"] is True and entry["note"].endswith(f"ĐÃ THU HỒI: {REASON}")
    history = client.get(f"/api/documents/{plan['id']}/history", headers=login("mai.vt")).get_json()["items"]
    withdrawn = [e for e in history if e["action"] == "incoming_withdrawn"]
    assert {e["details"]["incoming_id"] for e in withdrawn} >= {bnn["id"], bng["id"]}
    assert all(e["comment"] == REASON for e in withdrawn)
    assert {e["details"]["cancelled_step"] for e in withdrawn if e["details"]["incoming_id"] in (bnn["id"], bng["id"])} \
        == {"route_incoming", "register_incoming"}
    (recall_event,) = [e for e in history if e["action"] == "recall"]
    assert recall_event["actor"] == "phong.nd" and recall_event["comment"] == REASON
    assert {"DUBNNMT", "DUBNG", "BTGDVTW"} <= set(recall_event["details"]["organizations"])
    outside = client.get(f"/api/documents/{plan['id']}/deliveries", headers=login("ha.dt")).get_json()["items"][1]
    r = client.post(f"/api/documents/{plan['id']}/deliveries/{outside['id']}/record", json={"channel": "PAPER"},
                    headers=login("ha.dt"))
    assert r.status_code == 409, "a recalled document is frozen"


def test_a_document_not_yet_dispatched_cannot_be_recalled(client, login, clock):
    clock.set(datetime(2025, 8, 7, 1, 30))
    doc = draft_to_signed(client, login, seed000()["payload"])
    r = client.post(f"/api/documents/{doc['id']}/recall", json={"reason": REASON}, headers=login("phong.nd"))
    assert r.status_code == 409 and "chưa phát hành" in r.get_json()["message"]
    assert client.get(f"/api/documents/{doc['id']}", headers=login("phong.nd")).get_json()["status"] == "SIGNED"


def test_a_voided_number_stays_in_the_register_and_is_never_given_again(client, login, clock):
    clock.set(datetime(2025, 8, 7, 1, 30))
    doc = draft_to_signed(client, login, seed000()["payload"])
    url = f"/api/documents/{doc['id']}/void-number"
    r = client.post(url, json={"reason": "Nhầm"}, headers=login("ha.dt"))
    assert r.status_code == 409 and "chưa được cấp số" in r.get_json()["message"]
    clock.set(datetime(2025, 8, 8, 1, 30))
    doc = complete(client, login("ha.dt"), doc)  # numbered on 08/8 with that day's date
    assert (doc["symbol"], doc["issue_date"], doc["step"]) == ("23-KH/ĐU", "2025-08-08", "dispatch")
    for who, status in (("lan.tt", 403), ("phong.nd", 403), ("mai.vt", 403), ("hoa.nt", 404)):
        assert client.post(url, json={"reason": "Nhầm"}, headers=login(who)).status_code == status, who
    assert client.post(url, json={"reason": ""}, headers=login("ha.dt")).status_code == 422
    reason = "Cấp số nhầm ngày ban hành 08/8; văn bản phải ban hành ngày 07/8."
    r = client.post(url, json={"reason": reason}, headers=login("ha.dt"))
    assert r.status_code == 200, r.get_json()
    doc = r.get_json()
    assert (doc["step"], doc["status"], doc["number"], doc["symbol"], doc["issue_date"]) == (
        "register", "SIGNED", None, None, None)
    doc = complete(client, login("ha.dt"), doc, {"issue_date": "2025-08-07"})
    assert doc["symbol"] == "24-KH/ĐU", "the voided 23 is never given again"
    doc = complete(client, login("ha.dt"), doc)
    assert doc["status"] == "DISPATCHED"
    r = client.post(url, json={"reason": reason}, headers=login("ha.dt"))
    assert r.status_code == 409 and "đính chính hoặc thu hồi" in r.get_json()["message"]

    rows = client.get("/api/registers/outgoing?year=2025", headers=login("mai.vt")).get_json()["items"]
    assert [(e["symbol"], e["voided"], e["document_id"]) for e in rows] == [
        ("24-KH/ĐU", False, doc["id"]), ("23-KH/ĐU", True, doc["id"])]
    assert rows[1]["note"].endswith(f"Số bị hủy: {reason}") and rows[1]["dispatched_at"] is None
    assert rows[0]["dispatched_at"] is not None and "Số bị hủy" not in (rows[0]["note"] or "")
    history = client.get(f"/api/documents/{doc['id']}/history", headers=login("mai.vt")).get_json()["items"]
    assert [(e["action"], e["comment"]) for e in history if e["action"] == "void_number"] == [("void_number", reason)]

    web = client.application.test_client()
    assert web.post("/login", data={"username": "mai.vt", "password": "Demo@2025"}).status_code == 302
    table = list(csv.reader(io.StringIO(web.get("/register/outgoing.csv").get_data(as_text=True).lstrip("\ufeff"))))
    assert table[0][-1] == "Ghi chú"
    assert table[-1][0].startswith("Mã kiểm tra nhật ký ngày "), "the audit chain's digest closes the file"
    table = [r for r in table if len(r) > 1]
    assert [r[1] for r in table[1:]] == ["24-KH/ĐU", "23-KH/ĐU"]
    assert "Số bị hủy" not in table[1][-1] and table[2][-1].endswith(f"Số bị hủy: {reason}")
    sheet = load_workbook(io.BytesIO(web.get("/register/outgoing.xlsx").data)).active
    rows_x = [[c.value for c in row] for row in sheet.iter_rows()]
    assert [r[1] for r in rows_x[1:]] == ["24-KH/ĐU", "23-KH/ĐU"] and rows_x[2][-1].endswith(f"Số bị hủy: {reason}")

    nxt = draft_to_signed(client, login, seed000()["payload"])
    assert complete(client, login("ha.dt"), nxt)["symbol"] == "25-KH/ĐU"


@pytest.mark.parametrize("action", ["recall", "void"])
def test_nothing_is_half_written_when_the_transaction_fails(app, client, login, clock, action):
    """The fault switch fails the unit of work after every change was made and before the commit."""
    from service.extensions import db
    from service.store.documents import AuditEvent, Document, OutgoingRegisterEntry
    from service.store.incoming import IncomingDocument
    from service.store.notifications import Notification
    from service.store.unit_of_work import FaultInjected
    from service.usecases import recall

    from ..web.conftest import person

    if action == "recall":
        doc = dispatched_plan(client, login, clock)
    else:
        clock.set(datetime(2025, 8, 7, 1, 30))
        doc = complete(client, login("ha.dt"), draft_to_signed(client, login, seed000()["payload"]))

    def snapshot():
        with app.app_context():
            d = db.session.get(Document, doc["id"])
            out = ((d.status, d.step, d.number, d.recalled_at, d.lock_version),
                   sorted((i.status, i.step, i.withdrawn_at) for i in db.session.query(IncomingDocument)),
                   sorted((e.voided_at, e.recalled_at) for e in db.session.query(OutgoingRegisterEntry)),
                   db.session.query(AuditEvent).count(), db.session.query(Notification).count())
            db.session.remove()
        return out

    before = snapshot()
    app.config["FAULT_INJECTION"] = "before_commit"
    try:
        with app.app_context():
            with pytest.raises(FaultInjected):
                if action == "recall":
                    recall.recall(person("phong.nd"), doc["id"], REASON)
                else:
                    recall.void_number(person("ha.dt"), doc["id"], REASON)
            db.session.remove()
    finally:
        app.config["FAULT_INJECTION"] = False
    assert snapshot() == before
    with app.app_context():  # and the same action then succeeds whole
        done = (recall.recall(person("phong.nd"), doc["id"], REASON) if action == "recall"
                else recall.void_number(person("ha.dt"), doc["id"], REASON))
        assert done.status == ("RECALLED" if action == "recall" else "SIGNED")
        db.session.remove()
    assert snapshot() != before
