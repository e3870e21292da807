"""The directory behind every Nơi nhận picker, through the JSON API: search ignoring diacritics, the lines of seed
000 linked to what they name (an organization, several, the issuer's subordinates, a group the Đảng ủy keeps, or
outside the system), groups kept by administrators (audited, limited to their organization), and a line's
deliveries fixed at dispatch even when its group changes later."""
from __future__ import annotations

import sqlalchemy as sa

from ..seed_docs import seed000
from ..seed_facts import Seed000 as SEED_000


def _draft(recipients):
    p = seed000()["payload"]
    return {**p, "recipients": recipients}


def _links(doc):
    return [(r["text"], [(x["type"], x["ref"]) for x in r["links"]], r["outside"]) for r in doc["recipients"]]


def test_search_ignores_diacritics_and_abbreviations(client, login):
    lan = login("lan.tt")

    def found(q):
        return [e["link"] for e in client.get("/api/directory", query_string={"q": q}, headers=lan).get_json()["items"]]

    assert found("dang uy bo ngoai giao") == ["org:DUBNG"]
    assert found("ĐẢNG ỦY BỘ NÔNG NGHIỆP") == ["org:DUBNNMT"]
    assert found("BQP") == ["org:BQP"]
    assert "org:BTGDVTW" in found("Ban Tuyên giáo và Dân vận TW")          # "TW" is "Trung ương"
    assert found("truc thuoc dang uy chinh phu") == ["subordinates:DUCP"]
    assert found("uy vien btv") == ["group:DUCP/BTV"]                      # the groups of one's own organization
    assert found("phong.nd") == ["person:phong.nd"]
    # another organization's drafter sees the organizations, not the Đảng ủy's groups or people
    linh = login("linh.pt")
    other = [e["link"] for e in client.get("/api/directory?q=btv", headers=linh).get_json()["items"]]
    assert other == []
    assert client.get("/api/directory?limit=abc", headers=lan).status_code == 422


def test_seed_lines_are_linked_from_their_wording(client, login):
    """Each line of seed 000's Nơi nhận, sent as plain text, is linked to what it names; the printed wording
    stays the drafter's."""
    lan = login("lan.tt")
    r = client.post("/api/documents", json=_draft([{"text": t, "purpose": p} for t, p in SEED_000.RECIPIENTS]),
                    headers=lan)
    assert r.status_code == 201, r.get_json()
    doc = r.get_json()
    assert _links(doc) == [
        ("Ban Tuyên giáo và Dân vận TW", [("org", "BTGDVTW")], False),
        ("Đ/c Bí thư Đảng ủy, Thủ tướng CP", [], True),
        ("Đ/c Phó Bí thư TT Đảng ủy, Phó TT TTCP", [], True),
        ("Các đ/c Phó Bí thư Đảng ủy CP", [("group", "DUCP/PBT")], False),
        ("Bộ Quốc phòng, Bộ Công an, Ban Chỉ đạo 35 Trung ương", [("org", "BQP"), ("org", "BCA"), ("org", "BCD35TW")],
         False),
        ("Các đ/c Ủy viên BTV Đảng ủy CP", [("group", "DUCP/BTV")], False),
        ("Các đảng ủy trực thuộc", [("subordinates", "DUCP")], False),
    ]
    assert doc["recipient_lines"] == list(SEED_000.RECIPIENT_LINES)


def test_explicit_links_are_checked_and_kept(client, login):
    lan = login("lan.tt")
    bad = client.post("/api/documents", json=_draft([
        {"text": "Đảng ủy Bộ Ngoại giao", "links": [{"type": "org", "ref": "NOPE"}]}]), headers=lan)
    assert bad.status_code == 422 and bad.get_json()["details"][0]["field"] == "recipients[0].links"
    assert "NOPE" in bad.get_json()["message"]
    bad = client.post("/api/documents", json=_draft([
        {"text": "X", "links": [{"type": "team", "ref": "DUBNG"}]}]), headers=lan)
    assert bad.status_code == 422
    doc = client.post("/api/documents", json=_draft([
        {"text": "Đ/c Trưởng Ban Tổ chức", "links": [{"type": "person", "ref": "nam.hv"}]},
        {"text": "Bộ Quốc phòng", "outside": True},           # the drafter's choice beats the wording
        {"text": "Đảng ủy Bộ Ngoại giao", "org_code": "DUBNG"}]), headers=lan).get_json()
    assert _links(doc) == [("Đ/c Trưởng Ban Tổ chức", [("person", "nam.hv")], False),
                           ("Bộ Quốc phòng", [], True), ("Đảng ủy Bộ Ngoại giao", [("org", "DUBNG")], False)]


def _group_events(app):
    from service.extensions import db
    with app.app_context():
        return db.session.execute(sa.text(
            "SELECT action FROM audit_events WHERE task = 'group' ORDER BY id")).scalars().all()


def test_groups_are_kept_by_the_organization_administrator(client, login, app):
    admin = login("quantri.ducp")
    body = {"org": "DUCP", "code": "BCH", "name": "Các đ/c Ủy viên Ban Chấp hành Đảng bộ Chính phủ",
            "members": [{"type": "person", "ref": "phong.nd"}, {"type": "org", "ref": "DUBNG"}]}
    r = client.post("/api/groups", json=body, headers=admin)
    assert r.status_code == 201 and r.headers["Location"].endswith(f"/api/groups/{r.get_json()['id']}")
    g = r.get_json()
    assert [(m["type"], m["ref"], m["name"]) for m in g["members"]] == [
        ("person", "phong.nd", "Nguyễn Đức Phong"), ("org", "DUBNG", "Đảng ủy Bộ Ngoại giao")]
    assert client.post("/api/groups", json=body, headers=admin).status_code == 409
    assert client.post("/api/groups", json={**body, "code": "X", "members": [{"type": "person", "ref": "ghost"}]},
                       headers=admin).status_code == 422
    # the administrator of Đảng ủy Chính phủ keeps no group for another organization; nobody else keeps any
    assert client.post("/api/groups", json={**body, "org": "DUBNNMT"}, headers=admin).status_code == 403
    assert client.post("/api/groups", json={**body, "code": "Y"}, headers=login("lan.tt")).status_code == 403
    assert client.patch(f"/api/groups/{g['id']}", json={"members": [{"type": "org", "ref": "BQP"}]},
                        headers=admin).get_json()["members"][0]["ref"] == "BQP"
    names = [x["name"] for x in client.get("/api/groups?org=DUCP", headers=admin).get_json()["items"]]
    assert names == sorted(names) and len(names) == 3
    assert client.delete(f"/api/groups/{g['id']}", headers=admin).status_code == 204
    assert client.delete(f"/api/groups/{g['id']}", headers=admin).status_code == 404
    assert _group_events(app) == ["admin.create", "admin.update", "admin.delete"]


def test_a_group_changed_after_dispatch_leaves_the_deliveries_made(client, login, clock):
    """Deliveries are fixed when the document is dispatched: changing the group later changes nothing sent."""
    from .test_seed000_journey import complete

    lan, hung, tuan, phong, ha = (login(u) for u in ("lan.tt", "hung.lv", "tuan.pm", "phong.nd", "ha.dt"))
    doc = client.post("/api/documents", json=_draft([{"text": "Các đ/c Ủy viên BTV Đảng ủy CP"},
                                                      {"text": "Các đảng ủy trực thuộc"}]), headers=lan).get_json()
    for who in (lan, hung, tuan):
        doc = complete(client, who, doc, None if who is lan else {"decision": "approve"})
    doc = complete(client, phong, doc, {"decision": "approve"})
    doc = complete(client, ha, doc)
    doc = complete(client, ha, doc)
    assert doc["status"] == "DISPATCHED"
    admin = login("quantri.ducp")
    btv = next(g for g in client.get("/api/groups", headers=admin).get_json()["items"] if g["code"] == "BTV")
    client.patch(f"/api/groups/{btv['id']}", json={"members": [{"type": "person", "ref": "tuan.pm"}]}, headers=admin)
    items = client.get(f"/api/documents/{doc['id']}/deliveries", headers=ha).get_json()["items"]
    assert [(d["line_no"], d["person"] or d["organization"]) for d in items] == [
        (1, "phong.nd"), (1, "nam.hv"), (2, "DUBNG"), (2, "DUBNNMT")]
