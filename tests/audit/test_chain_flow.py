"""The audit chain in ordinary use: the events a document's journey writes are chained, the export lets an
inspector recompute every hash without this software, the register export prints the head, and two writers of
one organization keep one chain (PostgreSQL, several connections at once)."""
from __future__ import annotations

import hashlib
import io
import json
import threading
from datetime import datetime

import pytest
import sqlalchemy as sa
from openpyxl import load_workbook

from service.extensions import db
from service.store.documents import AuditEvent
from service.store.organizations import Person
from service.store.unit_of_work import unit_of_work
from service.usecases import audit

from ..seed_docs import seed000
from ..signatures.keys import DEMO_PIN
from .test_tampering import _tamper


def _complete(client, headers, doc, data=None):
    r = client.post(f"/api/documents/{doc['id']}/tasks/{doc['task_id']}", json={**(data or {}), "pin": DEMO_PIN}, headers=headers)
    assert r.status_code == 200, r.get_json()
    return r.get_json()


def _dispatched_plan(client, login, clock) -> dict:
    doc = client.post("/api/documents", json=seed000()["payload"], headers=login("lan.tt")).get_json()
    doc = _complete(client, login("lan.tt"), doc)
    doc = _complete(client, login("hung.lv"), doc, {"decision": "approve", "comment": "Đồng ý trình."})
    doc = _complete(client, login("tuan.pm"), doc, {"decision": "approve"})
    clock.set(datetime(2025, 8, 7, 1, 30))
    doc = _complete(client, login("phong.nd"), doc, {"decision": "approve"})
    doc = _complete(client, login("ha.dt"), doc)
    return _complete(client, login("ha.dt"), doc)


def _independent_hash(line: dict) -> str:
    """What an inspector computes from an exported line alone (README: how an inspector verifies)."""
    body = {k: v for k, v in line.items() if k not in ("id", "position", "org", "hash")}
    return hashlib.sha256(json.dumps(body, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
                          .encode("utf-8")).hexdigest()


def test_a_journey_is_chained_exported_and_anchored_by_the_register(app, client, login, clock):
    doc = _dispatched_plan(client, login, clock)
    assert doc["status"] == "DISPATCHED"
    r = client.get("/api/audit/export?org=DUCP", headers=login("mai.vt"))
    assert r.status_code == 200 and r.mimetype == "application/x-ndjson"
    lines = [json.loads(x) for x in r.get_data(as_text=True).splitlines()]
    with app.app_context():
        expected = db.session.scalar(sa.select(sa.func.count()).select_from(AuditEvent)
                                     .where(AuditEvent.document_id == doc["id"]))
        db.session.remove()
    assert len([x for x in lines if x["document_id"] == doc["id"]]) == expected >= 6
    prev = "0" * 64
    for i, line in enumerate(lines, start=1):
        assert (line["position"], line["org"], line["prev_hash"]) == (i, "DUCP", prev)
        assert _independent_hash(line) == line["hash"]
        prev = line["hash"]
    assert any(x["comment"] == "Đồng ý trình." for x in lines)

    page_csv = _web(app, "mai.vt").get("/register/outgoing.csv").get_data().decode("utf-8-sig")
    assert page_csv.rstrip().splitlines()[-1] == f"Mã kiểm tra nhật ký ngày 07/08/2025: {prev} (sự kiện thứ {len(lines)})"
    wb = load_workbook(io.BytesIO(_web(app, "mai.vt").get("/register/outgoing.xlsx").get_data()))
    assert wb.sheetnames == ["Sổ văn bản đi", "Mã kiểm tra"]
    assert wb["Mã kiểm tra"]["A1"].value.endswith(f": {prev} (sự kiện thứ {len(lines)})")
    with app.app_context():
        assert all(st.report.ok for st in audit.verify_chains())
        db.session.remove()


def _web(app, username: str):
    from ..conftest import DEMO_PASSWORD
    c = app.test_client()
    r = c.post("/login", data={"username": username, "password": DEMO_PASSWORD})
    assert r.status_code in (302, 303), r.status_code
    return c


@pytest.mark.parametrize(("who", "org", "status"), [
    ("mai.vt", "DUCP", 200), ("mai.vt", "DUBNNMT", 403), ("quantri.ducp", "DUCP", 200),
    ("quantri.ducp", "DUBNNMT", 403), ("quantri", "DUBNNMT", 200), ("lan.tt", "DUCP", 403),
    ("cuc.lt", "BTGDVTUCB", 200), ("quantri", "KHONGCO", 404)])
def test_the_export_is_for_the_organizations_archivists_and_administrators(client, login, who, org, status):
    r = client.get(f"/api/audit/export?org={org}", headers=login(who))
    assert r.status_code == status, r.get_json()
    if status != 200:
        assert r.get_json()["message"]


def test_the_page_shows_each_chain_and_names_a_break(app):
    c = _web(app, "quantri")
    with app.app_context():
        with unit_of_work():
            mai = db.session.scalar(sa.select(Person).where(Person.username == "mai.vt"))
            for i in range(3):
                db.session.add(AuditEvent(actor_id=mai.id, action="admin.update", task="person", at=datetime(2025, 8, 1),
                                          details={"i": i}))
        db.session.remove()
    html = c.get("/audit?org=DUCP").get_data(as_text=True)
    assert "Nguyên vẹn" in html and "Bị can thiệp" not in html
    # a system administrator sees every chain; the page walks the chosen one, the others wait for a click
    assert 'data-org="DUBNNMT" class="audit-unchecked"' in html and 'href="/audit?org=DUBNNMT"' in html
    _tamper(app, ("UPDATE audit_events SET details = :d WHERE id = (SELECT min(id) FROM audit_events)",
                  {"d": json.dumps({"i": 9})}))
    with app.app_context():
        first = db.session.scalar(sa.select(sa.func.min(AuditEvent.id)))
        db.session.remove()
    html = _web(app, "mai.vt").get("/audit").get_data(as_text=True)
    assert "Bị can thiệp" in html and f"Sự kiện #{first} đã bị sửa" in html


def test_two_writers_appending_to_one_chain_keep_one_chain_on_postgresql(app, backend):
    if backend != "postgresql":
        pytest.skip("SQLite has one writer at a time; the row lock matters on PostgreSQL")
    rounds, barrier = 25, threading.Barrier(2)
    errors: list[BaseException] = []

    def append(username: str) -> None:
        try:
            with app.app_context():
                person_id = db.session.scalar(sa.select(Person.id).where(Person.username == username))
                db.session.remove()
                for i in range(rounds):
                    barrier.wait(30)
                    with unit_of_work():
                        db.session.add(AuditEvent(actor_id=person_id, action="admin.update", task="person",
                                                  at=datetime(2025, 8, 1, 2, 0, i), details={"by": username}))
                    db.session.remove()
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
            barrier.abort()

    threads = [threading.Thread(target=append, args=(u,)) for u in ("mai.vt", "quantri.ducp")]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    assert not errors, errors
    with app.app_context():
        [st] = audit.verify_chains("DUCP")
        db.session.remove()
    assert st.report.ok, st.message
    assert st.report.length == 2 * rounds


def test_an_administration_event_joins_the_chain_of_the_organization_it_changes(app, client, login):
    """The system administrator (a person of DUCP) sets two other organizations' seals: each event is in that
    organization's chain, where its inspector looks, and the page names it in Vietnamese."""
    from service.output.images import draw_seal

    from ..api.test_appearance_images import ids, put

    _, orgs = ids(app)
    for code in ("DUBNNMT", "BTGDVTUCB"):
        r = put(client, f"/api/organizations/{orgs[code]}/seal-image", draw_seal(code), login("quantri"))
        assert r.status_code == 200, r.get_json()
    with app.app_context():
        events = db.session.scalars(sa.select(AuditEvent).where(AuditEvent.action == "admin.set_seal_image")).all()
        placed = {(e.org_id, e.details["id"]) for e in events}
        db.session.remove()
    assert placed == {(orgs["DUBNNMT"], orgs["DUBNNMT"]), (orgs["BTGDVTUCB"], orgs["BTGDVTUCB"])}, placed
    html = _web(app, "quantri").get("/audit?org=DUBNNMT").get_data(as_text=True)
    assert "tải ảnh con dấu · cơ quan" in html and "admin.set_seal_image" not in html
    with app.app_context():
        assert all(s.report.ok for s in audit.verify_chains()), "every chain still verifies"
        db.session.remove()
