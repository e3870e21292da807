"""Administration through the JSON API, as a new office would adopt the system: the system administrator sets up
Bộ Nội vụ (a state body) and its people, and the drafter then gets "Số: 15/QĐ-BNV" through the normal flow.
Every change is audited; an organization's administrator manages only their own; bad input changes nothing."""
from __future__ import annotations

from datetime import date

import sqlalchemy as sa

NEW_PASSWORD = "Mat-khau-2026!"
DECISION = {
    "kind": "QĐ",
    "subject": "Về việc ban hành Quy chế văn thư, lưu trữ điện tử của Bộ Nội vụ",
    "preamble": "Căn cứ Nghị định số 30/2020/NĐ-CP ngày 05 tháng 3 năm 2020 của Chính phủ về công tác văn thư;\n"
                "Theo đề nghị của Chánh Văn phòng Bộ.",
    "body": "Điều 1. Ban hành kèm theo Quyết định này Quy chế văn thư, lưu trữ điện tử.\n"
            "Điều 2. Quyết định này có hiệu lực kể từ ngày ký.\n"
            "Điều 3. Chánh Văn phòng Bộ, Thủ trưởng các đơn vị thuộc Bộ chịu trách nhiệm thi hành Quyết định này./.",
    "recipients": [{"text": "Như Điều 3", "purpose": "ACTION"}, {"text": "Bộ trưởng (để b/c)", "purpose": "REPORT"}],
    "archive": {"units": ["VT", "VP"], "copies": 2},
    "drafting_unit": "VP",
    "intended_signer": "anh.tv",
}


def _post(client, headers, path, body, status=201):
    r = client.post(path, json=body, headers=headers)
    assert r.status_code == status, (path, r.get_json())
    return r.get_json()


def _person(username, full_name, unit, position, roles):
    return {"username": username, "full_name": full_name, "org": "BNV", "unit": unit, "position": position,
            "password": NEW_PASSWORD, "roles": [{"role": r, "unit": unit if r == "unit_head" else None} for r in roles]}


def _sign_in(client, username):
    r = client.post("/api/auth/token", json={"username": username, "password": NEW_PASSWORD})
    assert r.status_code == 201, r.get_json()
    return {"Authorization": f"Bearer {r.get_json()['token']}"}


def test_a_state_body_set_up_through_the_api_issues_decision_15(client, login, clock):
    admin = login("quantri")
    org = _post(client, admin, "/api/organizations", {
        "code": "BNV", "name": "Bộ Nội vụ", "abbrev": "BNV", "system": "STATE", "org_type": "BO",
        "place_name": "Hà Nội"})
    assert client.get("/api/organizations?q=bo noi vu", headers=login("lan.tt")).get_json()["items"][0]["id"] == org["id"]
    _post(client, admin, "/api/units", {"org": "BNV", "code": "VP", "name": "Văn phòng Bộ"})
    for p in (_person("hoa.nv", "Nguyễn Văn Hòa", "VP", "Chuyên viên Văn phòng", ["drafter"]),
              _person("son.cv", "Cao Văn Sơn", "VP", "Chánh Văn phòng Bộ", ["unit_head", "office"]),
              _person("thu.lt", "Lê Thị Thu", "VP", "Phó Chánh Văn phòng Bộ", ["office"]),
              _person("anh.tv", "Trần Văn Ánh", None, "Thứ trưởng", ["signer"]),
              _person("nga.vt", "Vũ Thị Nga", "VP", "Văn thư", ["clerk"])):
        _post(client, admin, "/api/people", p)
    _post(client, admin, "/api/authorities", {"person": "anh.tv", "prefix": "KT.", "collective_title": "BỘ TRƯỞNG",
                                              "position_title": "THỨ TRƯỞNG", "valid_from": "2025-01-01"})
    series = _post(client, admin, "/api/series", {"org": "BNV", "kind": "QĐ", "period_key": "YEAR:2025",
                                                   "next_value": 15})
    assert series["next_value"] == 15

    hoa, son, thu, anh, nga = (_sign_in(client, u) for u in ("hoa.nv", "son.cv", "thu.lt", "anh.tv", "nga.vt"))
    doc = _post(client, hoa, "/api/documents", DECISION)
    for who, data in ((hoa, {}), (son, {"decision": "approve"}), (thu, {"decision": "approve"}),
                      (anh, {"decision": "approve"}), (nga, {}), (nga, {})):
        if who is anh:
            clock.advance(days=6)
        r = client.post(f"/api/documents/{doc['id']}/tasks/{doc['task_id']}", json=data, headers=who)
        assert r.status_code == 200, r.get_json()
        doc = r.get_json()
    assert doc["status"] == "DISPATCHED"
    assert doc["number_line"] == "Số: 15/QĐ-BNV"
    assert doc["signature_block"]["lines"] == ["KT. BỘ TRƯỞNG", "THỨ TRƯỞNG", "Trần Văn Ánh"]
    listed = client.get("/api/series?org=BNV", headers=admin).get_json()["items"]
    assert [(s["kind"], s["next_value"]) for s in listed] == [("QĐ", 16)]


def test_every_change_is_audited_with_who_and_when(app, client, login):
    admin = login("quantri.ducp")
    unit = _post(client, admin, "/api/units", {"org": "DUCP", "code": "UBKT", "name": "Ủy ban Kiểm tra Đảng ủy"})
    r = client.patch(f"/api/units/{unit['id']}", json={"name": "Ủy ban Kiểm tra Đảng ủy Chính phủ"}, headers=admin)
    assert r.status_code == 200 and r.get_json()["name"] == "Ủy ban Kiểm tra Đảng ủy Chính phủ"
    from service.extensions import db

    with app.app_context():
        rows = db.session.execute(sa.text(
            "select a.action, a.task, p.username, a.at from audit_events a join people p on p.id = a.actor_id "
            "where a.action like 'admin.%' order by a.id")).all()
        db.session.remove()
    assert [(r[0], r[1], r[2]) for r in rows] == [("admin.create", "unit", "quantri.ducp"),
                                                  ("admin.update", "unit", "quantri.ducp")]
    assert all(r[3] is not None for r in rows)


def test_an_organization_administrator_manages_only_their_own(client, login):
    admin = login("quantri.ducp")
    r = client.post("/api/units", json={"org": "DUBNNMT", "code": "X", "name": "X"}, headers=admin)
    assert r.status_code == 403
    r = client.post("/api/organizations", json={"code": "BNV", "name": "Bộ Nội vụ", "abbrev": "BNV",
                                                "system": "STATE", "org_type": "BO", "place_name": "Hà Nội"},
                    headers=admin)
    assert r.status_code == 403
    grab = _person("x.y", "X Y", None, None, ["sysadmin"]) | {"org": "DUCP"}
    assert client.post("/api/people", json=grab, headers=admin).status_code == 403
    people = client.get("/api/people", headers=admin).get_json()["items"]
    assert people and {p["org"] for p in people} == {"DUCP"}
    assert client.get("/api/people", headers=login("lan.tt")).status_code == 403


def test_bad_input_is_refused_and_changes_nothing(client, login):
    admin = login("quantri")
    before = client.get("/api/people", headers=admin).get_json()["items"]
    cases = [
        ({"username": "Bad Name", "full_name": "X", "org": "DUCP", "password": NEW_PASSWORD}, "username"),
        ({"username": "new.one", "full_name": "X", "org": "NOPE", "password": NEW_PASSWORD}, "org"),
        ({"username": "new.one", "full_name": "X", "org": "DUCP", "password": "ngan"}, "'password'"),
        ({"username": "new.one", "full_name": "X", "org": "DUCP", "password": NEW_PASSWORD,
          "roles": [{"role": "drafter", "unit": "KHONG_CO"}]}, "roles"),
    ]
    for body, field in cases:
        r = client.post("/api/people", json=body, headers=admin)
        assert r.status_code == 422, r.get_json()
        assert field in str(r.get_json()["details"]), (field, r.get_json())
    assert client.post("/api/people", json=_person("lan.tt", "Trùng", None, None, []) | {"org": "DUCP"},
                       headers=admin).status_code == 409
    bad_prefix = {"person": "phong.nd", "prefix": "KT.", "collective_title": "BAN THƯỜNG VỤ",
                  "position_title": "PHÓ BÍ THƯ", "valid_from": "2025-01-01"}
    r = client.post("/api/authorities", json=bad_prefix, headers=admin)
    assert r.status_code == 422 and "V9" in str(r.get_json())
    assert client.get("/api/people", headers=admin).get_json()["items"] == before


def test_ending_an_authority_leaves_a_signed_document_as_it_was(client, login, clock):
    from ..seed_docs import seed000

    lan, hung, tuan, phong = (login(u) for u in ("lan.tt", "hung.lv", "tuan.pm", "phong.nd"))
    doc = _post(client, lan, "/api/documents", seed000()["payload"])
    for who, data in ((lan, {}), (hung, {"decision": "approve"}), (tuan, {"decision": "approve"}),
                      (phong, {"decision": "approve"})):
        doc = client.post(f"/api/documents/{doc['id']}/tasks/{doc['task_id']}", json=data, headers=who).get_json()
    signed_block = doc["signature_block"]
    admin = login("quantri")
    auth = next(a for a in client.get("/api/authorities?org=DUCP", headers=admin).get_json()["items"]
                if a["person"] == "phong.nd")
    r = client.patch(f"/api/authorities/{auth['id']}", json={"valid_to": "2025-08-01"}, headers=admin)
    assert r.status_code == 200 and r.get_json()["valid_to"] == "2025-08-01"
    after = client.get(f"/api/documents/{doc['id']}", headers=lan).get_json()
    assert after["signature_block"] == signed_block and after["status"] == "SIGNED"


def test_deactivating_a_person_ends_their_sessions(client, login):
    admin = login("quantri")
    minh = login("minh.nv")
    pid = next(p["id"] for p in client.get("/api/people?org=DUCP", headers=admin).get_json()["items"]
               if p["username"] == "minh.nv")
    assert client.patch(f"/api/people/{pid}", json={"active": False}, headers=admin).status_code == 200
    assert client.get("/api/me", headers=minh).status_code == 401


def test_an_administrator_lists_and_ends_a_persons_tokens_and_sessions(app, client, login):
    admin, other_admin = login("quantri.ducp"), login("quantri")
    hung = login("hung.lv")
    pages = app.test_client()
    assert pages.post("/login", data={"username": "hung.lv", "password": "Demo@2025"}).status_code == 302
    pid = next(p["id"] for p in client.get("/api/people?org=DUCP", headers=admin).get_json()["items"]
               if p["username"] == "hung.lv")
    kinds = sorted(t["kind"] for t in client.get(f"/api/people/{pid}/tokens", headers=admin).get_json()["items"])
    assert kinds == ["api", "session"]
    linh = next(p["id"] for p in client.get("/api/people?org=DUBNNMT", headers=other_admin).get_json()["items"]
                if p["username"] == "linh.pt")
    assert client.delete(f"/api/people/{linh}/tokens", headers=admin).status_code == 403
    r = client.delete(f"/api/people/{pid}/tokens", headers=admin)
    assert r.status_code == 200 and r.get_json()["ended"] == 2
    assert client.get("/api/me", headers=hung).status_code == 401
    assert pages.get("/").status_code == 401


def test_the_header_lines_and_the_seal_are_the_organizations(client, login, app):
    """The issuer line as printed (seed 003: "TỈNH ỦY CAO BẰNG / BAN TUYÊN GIÁO VÀ DÂN VẬN") is set by the
    administrator; a required field cannot be emptied."""
    from service.extensions import db
    from service.output.document import render_input
    from service.usecases.access import get_document

    admin = login("quantri")
    org = next(o for o in client.get("/api/organizations?q=BTGDVTUCB", headers=admin).get_json()["items"])
    assert org["header_name"] == "Ban Tuyên giáo và Dân vận" and org["header_superior"] == "TỈNH ỦY CAO BẰNG"
    assert org["has_seal"] is True
    r = client.patch(f"/api/organizations/{org['id']}", json={"name": None}, headers=admin)
    assert r.status_code == 422 and r.get_json()["details"][0]["field"] == "name"
    r = client.patch(f"/api/organizations/{org['id']}", json={"has_seal": False, "header_name": "Ban Tuyên giáo"},
                     headers=admin)
    assert r.status_code == 200 and r.get_json()["has_seal"] is False
    doc = client.post("/api/documents", json={"kind": "HD", "subject": "Tuyên truyền kỷ niệm", "body": "Nội dung.",
                                              "archive": {"units": ["VT"]}}, headers=login("yen.lt"))
    assert doc.status_code == 201, doc.get_json()
    with app.app_context():
        from service.store.organizations import Person
        yen = db.session.query(Person).filter_by(username="yen.lt").one()
        ri = render_input(get_document(yen, doc.get_json()["id"]), on=date(2026, 11, 29))
        assert (ri.superior_name, ri.issuer_name) == ("TỈNH ỦY CAO BẰNG", "Ban Tuyên giáo")
    r = client.patch(f"/api/organizations/{org['id']}", json={"header_name": None}, headers=admin)
    assert r.status_code == 200 and r.get_json()["header_name"] is None
