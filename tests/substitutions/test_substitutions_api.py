"""Ủy quyền xử lý (acting for an absent colleague) and giao lại việc (reassignment), through the JSON API, on
SQLite and PostgreSQL: the window, separation of duties for both people, the history and the signature block."""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import select

from ..api.test_seed000_journey import complete
from ..seed_docs import seed000

DAY7_0830 = datetime(2025, 8, 7, 1, 30)  # 08:30 in Hà Nội, 7 August 2025 (naive UTC)


def substitute(client, login, by: str, sub: str, start="2025-08-07T08:00", end="2025-08-08T17:00", status=201,
               **extra) -> dict:
    r = client.post("/api/substitutions", json={"substitute": sub, "starts_at": start, "ends_at": end, **extra},
                    headers=login(by))
    assert r.status_code == status, r.get_json()
    return r.get_json()


def submitted(client, login, clock, drafter="lan.tt") -> dict:
    clock.set(DAY7_0830)
    r = client.post("/api/documents", json=seed000()["payload"], headers=login(drafter))
    assert r.status_code == 201, r.get_json()
    return complete(client, login(drafter), r.get_json())


def tasks_of(client, login, username: str) -> dict[int, dict]:
    items = client.get("/api/tasks", headers=login(username)).get_json()["items"]
    return {t["document"]["id"]: t for t in items if t["flow"] == "outgoing"}


def history(client, login, doc_id: int, who="mai.vt") -> list[dict]:
    return client.get(f"/api/documents/{doc_id}/history", headers=login(who)).get_json()["items"]


def grant(app, username: str, role: str | None = None, authority: tuple | None = None) -> None:
    from service.extensions import db
    from service.store.organizations import Person, RoleAssignment, SigningAuthority
    with app.app_context():
        p = db.session.scalars(select(Person).where(Person.username == username)).one()
        if role:
            db.session.add(RoleAssignment(person_id=p.id, org_id=p.org_id, role=role))
        if authority:
            prefix, coll, pos = authority
            db.session.add(SigningAuthority(person_id=p.id, org_id=p.org_id, prefix=prefix, collective_title=coll,
                                            position_title=pos, kinds=None, valid_from=date(2025, 1, 1)))
        db.session.commit()


def test_a_substitute_acts_within_the_window_and_is_refused_outside_it(client, login, clock):
    sub = substitute(client, login, "hung.lv", "minh.nv")  # before the window: 1 August
    assert (sub["absent"], sub["substitute"], sub["kinds"]) == ("hung.lv", "minh.nv", None)
    assert sub["starts_at"] == "2025-08-07T01:00:00+00:00"  # 08:00 Vietnam time
    doc = submitted(client, login, clock)
    assert doc["step"] == "content_review"
    row = tasks_of(client, login, "minh.nv")[doc["id"]]
    assert (row["on_behalf_of"], row["on_behalf_of_name"]) == ("hung.lv", "Lê Văn Hùng")
    assert tasks_of(client, login, "hung.lv")[doc["id"]]["on_behalf_of"] is None  # A's own rights unchanged
    notes = client.get("/api/notifications", headers=login("minh.nv")).get_json()["items"]
    assert any(n["document_id"] == doc["id"] for n in notes), "the substitute is told of the task"

    clock.set(datetime(2025, 8, 8, 10, 0))  # 17:00 in Hà Nội: the window has ended
    assert doc["id"] not in tasks_of(client, login, "minh.nv")
    r = client.post(f"/api/documents/{doc['id']}/tasks/{doc['task_id']}", json={"decision": "approve"},
                    headers=login("minh.nv"))
    assert r.status_code == 403
    assert "chỉ xử lý thay Lê Văn Hùng từ 08:00 07/08/2025 đến 17:00 08/08/2025" in r.get_json()["message"]

    clock.set(datetime(2025, 8, 8, 9, 59))
    doc = complete(client, login("minh.nv"), doc, {"decision": "approve"})
    assert doc["step"] == "format_check"
    last = history(client, login, doc["id"])[-1]
    assert (last["actor"], last["action"], last["on_behalf_of"]) == ("minh.nv", "approve", "Lê Văn Hùng")
    assert last["actor_label"] == "Nguyễn Văn Minh (thay Lê Văn Hùng)"
    assert last["details"]["on_behalf_of_id"] is not None


def test_kinds_limit_what_the_substitute_holds(client, login, clock):
    substitute(client, login, "hung.lv", "minh.nv", kinds=["TB"])
    doc = submitted(client, login, clock)  # a Kế hoạch
    assert doc["id"] not in tasks_of(client, login, "minh.nv")
    complete(client, login("minh.nv"), doc, {"decision": "approve"}, status=403)


def test_separation_of_duties_binds_the_substitute_and_the_absent(app, client, login, clock):
    substitute(client, login, "hung.lv", "lan.tt")  # the drafter stands in for her own reviewer
    doc = submitted(client, login, clock)
    assert doc["id"] not in tasks_of(client, login, "lan.tt")
    r = client.post(f"/api/documents/{doc['id']}/tasks/{doc['task_id']}", json={"decision": "approve"},
                    headers=login("lan.tt"))
    assert r.status_code == 403 and "Người soạn thảo không được tự thẩm định" in r.get_json()["message"]
    doc = complete(client, login("hung.lv"), doc, {"decision": "approve"})

    grant(app, "lan.tt", role="office")  # the absent person drafted it: her substitute does not check it either
    substitute(client, login, "lan.tt", "minh.nv")
    r = client.post(f"/api/documents/{doc['id']}/tasks/{doc['task_id']}", json={"decision": "approve"},
                    headers=login("minh.nv"))
    assert r.status_code == 403 and "Người soạn thảo" in r.get_json()["message"]
    complete(client, login("tuan.pm"), doc, {"decision": "approve"})


def test_a_substitute_signs_under_their_own_authority_never_with_the_absent_name(app, client, login, clock):
    substitute(client, login, "phong.nd", "nam.hv")  # nam.hv may sign only Thông báo
    doc = submitted(client, login, clock)
    doc = complete(client, login("hung.lv"), doc, {"decision": "approve"})
    doc = complete(client, login("tuan.pm"), doc, {"decision": "approve"})
    assert doc["step"] == "sign" and doc["intended_signer"] == "phong.nd"
    r = client.post(f"/api/documents/{doc['id']}/tasks/{doc['task_id']}", json={"decision": "approve"},
                    headers=login("nam.hv"))
    assert r.status_code == 403 and "không ký thay Nguyễn Đức Phong" in r.get_json()["message"]
    complete(client, login("thang.dv"), doc, {"decision": "approve"}, status=404)  # another organization

    grant(app, "nam.hv", authority=("T/M", "BAN THƯỜNG VỤ", "PHÓ BÍ THƯ"))
    assert tasks_of(client, login, "nam.hv")[doc["id"]]["on_behalf_of"] == "phong.nd"
    doc = complete(client, login("nam.hv"), doc, {"decision": "approve"})
    block = doc["signature_block"]
    assert block["full_name"] == "Hoàng Văn Nam" and block["lines"][:2] == ["T/M BAN THƯỜNG VỤ", "PHÓ BÍ THƯ"]
    assert "Nguyễn Đức Phong" not in " ".join(block["lines"])
    last = history(client, login, doc["id"])[-1]
    assert (last["action"], last["actor_label"]) == ("sign", "Hoàng Văn Nam (thay Nguyễn Đức Phong)")

    substitute(client, login, "ha.dt", "nam.hv")  # who signed never numbers, not even as a substitute
    r = client.post(f"/api/documents/{doc['id']}/tasks/{doc['task_id']}", json={}, headers=login("nam.hv"))
    assert r.status_code == 403 and "Người ký không được tự cấp số" in r.get_json()["message"]
    assert doc["id"] not in tasks_of(client, login, "nam.hv")
    complete(client, login("ha.dt"), doc)


def test_who_may_set_and_revoke_and_what_is_refused(app, client, login, clock):
    mine = substitute(client, login, "lan.tt", "minh.nv")
    r = client.post("/api/substitutions", json={"substitute": "thu.bt", "starts_at": "2025-08-08T09:00",
                                                 "ends_at": "2025-08-10T09:00"}, headers=login("lan.tt"))
    assert r.status_code == 409 and "trùng" in r.get_json()["message"]
    substitute(client, login, "lan.tt", "thu.bt", start="2025-08-08T17:00", end="2025-08-09T17:00")  # touching
    substitute(client, login, "minh.nv", "lan.tt", absent="hung.lv", status=403)
    by_admin = substitute(client, login, "quantri.ducp", "minh.nv", absent="hung.lv", reason="Đi công tác")
    assert (by_admin["absent"], by_admin["created_by"], by_admin["reason"]) == ("hung.lv", "quantri.ducp",
                                                                                 "Đi công tác")
    for body, field in [({"substitute": "linh.pt"}, "substitute"),  # another organization
                        ({"substitute": "lan.tt"}, "substitute"),  # oneself
                        ({"substitute": "nobody"}, "substitute"),
                        ({"starts_at": "2025-08-09T08:00", "ends_at": "2025-08-09T07:00"}, "ends_at"),
                        ({"starts_at": "2025-08-09T08:00", "ends_at": "2026-08-11T08:00"}, "ends_at"),
                        ({"starts_at": "2025-07-01T08:00", "ends_at": "2025-07-09T08:00"}, "ends_at"),
                        ({"starts_at": "hôm nay"}, "starts_at"),
                        ({"kinds": ["XYZ"]}, "kinds")]:
        payload = {"substitute": "minh.nv", "starts_at": "2025-09-01T08:00", "ends_at": "2025-09-02T08:00", **body}
        r = client.post("/api/substitutions", json=payload, headers=login("lan.tt"))
        assert r.status_code == 422, (body, r.get_json())
        assert r.get_json()["details"][0]["field"] == field
    listed = client.get("/api/substitutions", headers=login("minh.nv")).get_json()
    assert {s["id"]: s["relations"] for s in listed["items"]} == {mine["id"]: ["substitute"],
                                                                   by_admin["id"]: ["substitute"]}
    admin = client.get("/api/substitutions", headers=login("quantri.ducp")).get_json()["items"]
    assert {mine["id"], by_admin["id"]} <= {s["id"] for s in admin if "organization" in s["relations"]}

    assert client.delete(f"/api/substitutions/{mine['id']}", headers=login("minh.nv")).status_code == 403
    assert client.delete(f"/api/substitutions/{mine['id']}", headers=login("linh.pt")).status_code == 404
    assert client.delete(f"/api/substitutions/{mine['id']}", headers=login("lan.tt")).status_code == 204
    assert client.delete(f"/api/substitutions/{mine['id']}", headers=login("lan.tt")).status_code == 404
    assert client.delete(f"/api/substitutions/{by_admin['id']}", headers=login("quantri.ducp")).status_code == 204
    from service.extensions import db
    from service.store.documents import AuditEvent
    with app.app_context():
        rows = db.session.execute(select(AuditEvent.action, AuditEvent.details).where(
            AuditEvent.task == "substitution").order_by(AuditEvent.id)).all()
    assert [a for a, _ in rows] == ["substitution.create"] * 3 + ["substitution.revoke"] * 2
    assert rows[-1][1]["absent"] == "hung.lv" and rows[-1][1]["substitute"] == "minh.nv"


def test_a_leader_reassigns_an_open_task_with_a_reason_and_only_the_assignee_may_take_it(client, login, clock):
    doc = submitted(client, login, clock)
    doc = complete(client, login("hung.lv"), doc, {"decision": "approve"})
    assert doc["step"] == "format_check"
    url = f"/api/documents/{doc['id']}/tasks/{doc['task_id']}/assign"
    assert client.post(url, json={"username": "thu.bt", "reason": "Đồng chí Tuấn đi họp"},
                       headers=login("tuan.pm")).status_code == 403  # not a leader
    r = client.post(url, json={"username": "thu.bt"}, headers=login("phong.nd"))
    assert r.status_code == 422 and r.get_json()["details"][0]["field"] == "reason"
    r = client.post(url, json={"username": "ha.dt", "reason": "Giao văn thư"}, headers=login("phong.nd"))
    assert r.status_code == 422  # the clerk does not hold the office role
    r = client.post(url, json={"username": "thu.bt", "reason": "Đồng chí Tuấn đi họp"}, headers=login("phong.nd"))
    assert r.status_code == 200, r.get_json()
    assert doc["id"] not in tasks_of(client, login, "tuan.pm")
    assert doc["id"] in tasks_of(client, login, "thu.bt")
    r = client.post(f"/api/documents/{doc['id']}/tasks/{doc['task_id']}", json={"decision": "approve"},
                    headers=login("tuan.pm"))
    assert r.status_code == 403 and "đã được giao cho đồng chí Bùi Thị Thu" in r.get_json()["message"]
    notes = client.get("/api/notifications", headers=login("thu.bt")).get_json()["items"]
    assert any(n["title"].startswith("Được giao") and n["document_id"] == doc["id"] for n in notes)
    last = history(client, login, doc["id"])[-1]
    assert (last["actor"], last["action"], last["comment"], last["details"]["assignee"]) == (
        "phong.nd", "reassign", "Đồng chí Tuấn đi họp", "Bùi Thị Thu")
    doc = complete(client, login("thu.bt"), doc, {"decision": "approve"})
    assert doc["step"] == "sign"  # the next step is open to its usual holders again
    assert doc["id"] in tasks_of(client, login, "phong.nd")
