"""The administration pages, as the system administrator uses them: Bộ Nội vụ set up through the pages alone,
then its drafter gets "Số: 15/QĐ-BNV" through the normal flow; checks name what is missing; a refused form
says why and changes nothing."""
from __future__ import annotations

import re

from ..conftest import DEMO_PASSWORD
from .conftest import web_login

PASSWORD = "Mat-khau-2026!"


def _post(client, url, data, status=302):
    r = client.post(url, data=data)
    assert r.status_code == status, (url, r.status_code, r.get_data(as_text=True)[-600:])
    return r


def test_a_state_body_set_up_through_the_pages_alone_issues_decision_15(app, client, clock):
    web_login(client, "quantri")
    home = client.get("/admin").get_data(as_text=True)
    assert "Thêm cơ quan" in home and "Đảng ủy Chính phủ" in home
    r = _post(client, "/admin", {"code": "BNV", "name": "Bộ Nội vụ", "abbrev": "BNV", "system": "STATE",
                                 "org_type": "BO", "place_name": "Hà Nội"})
    org_url = r.headers["Location"]
    page = client.get(org_url).get_data(as_text=True)
    assert "Bộ Nội vụ" in page and "Chưa có ai giữ vai trò người ký" in page
    _post(client, org_url + "/units", {"code": "VP", "name": "Văn phòng Bộ"})
    for username, name, unit, roles in (("hoa.nv", "Nguyễn Văn Hòa", "VP", ["drafter"]),
                                        ("son.cv", "Cao Văn Sơn", "VP", ["unit_head", "office"]),
                                        ("anh.tv", "Trần Văn Ánh", "", ["signer"]),
                                        ("nga.vt", "Vũ Thị Nga", "VP", ["clerk"])):
        _post(client, org_url + "/people", {"username": username, "full_name": name, "unit": unit,
                                            "position": "", "password": PASSWORD, "roles": roles})
    _post(client, org_url + "/authorities", {"person": "anh.tv", "prefix": "KT.", "collective_title": "BỘ TRƯỞNG",
                                             "position_title": "THỨ TRƯỞNG", "valid_from": "2025-01-01"})
    _post(client, org_url + "/series", {"direction": "OUT", "kind": "QĐ", "period_key": "YEAR:2025",
                                        "next_value": "15"})
    page = client.get(org_url).get_data(as_text=True)
    assert "Thiết lập đủ để văn bản đi hết quy trình." in page
    assert re.search(r"<td>QĐ</td><td>YEAR:2025</td><td>15</td>", page)

    def api(username):
        r = client.post("/api/auth/token", json={"username": username, "password": PASSWORD})
        return {"Authorization": f"Bearer {r.get_json()['token']}"}

    from ..api.test_administration import DECISION

    doc = client.post("/api/documents", json=DECISION | {"recipients": [{"text": "Như Điều 3", "purpose": "ACTION"}]},
                      headers=api("hoa.nv")).get_json()
    for who, data in (("hoa.nv", {}), ("son.cv", {"decision": "approve"}), ("son.cv", {"decision": "approve"}),
                      ("anh.tv", {"decision": "approve"}), ("nga.vt", {}), ("nga.vt", {})):
        if who == "anh.tv":
            clock.advance(days=6)
        r = client.post(f"/api/documents/{doc['id']}/tasks/{doc['task_id']}", json=data, headers=api(who))
        assert r.status_code == 200, (who, r.get_json())
        doc = r.get_json()
    assert doc["status"] == "DISPATCHED" and doc["number_line"] == "Số: 15/QĐ-BNV"


def test_a_refused_form_says_why_and_changes_nothing(client):
    web_login(client, "quantri.ducp")
    page = client.get("/admin").get_data(as_text=True)
    org_url = re.search(r'href="(/admin/orgs/\d+)"', page).group(1)
    before = client.get(org_url).get_data(as_text=True).count("<tr>")
    r = client.post(org_url + "/people", data={"username": "Tên Sai", "full_name": "X", "password": PASSWORD})
    assert r.status_code == 422 and "username" in r.get_data(as_text=True)
    r = client.post(org_url + "/authorities", data={"person": "phong.nd", "prefix": "K/T",
                                                    "collective_title": "BAN THƯỜNG VỤ", "position_title": "PHÓ BÍ THƯ",
                                                    "valid_from": "2025-01-01"})
    assert r.status_code == 422 and "K/T BAN THƯỜNG VỤ" in r.get_data(as_text=True)
    assert client.get(org_url).get_data(as_text=True).count("<tr>") == before


def test_checks_name_a_unit_whose_drafts_nobody_reviews_and_drafters_are_not_offered_it(client, login):
    web_login(client, "quantri.ducp")
    org_url = re.search(r'href="(/admin/orgs/\d+)"', client.get("/admin").get_data(as_text=True)).group(1)
    _post(client, org_url + "/units", {"code": "UBKT", "name": "Ủy ban Kiểm tra Đảng ủy"})
    _post(client, org_url + "/people", {"username": "kiem.tv", "full_name": "Kiểm Tra Viên", "unit": "UBKT",
                                        "password": PASSWORD, "roles": ["drafter"]})
    assert "Ủy ban Kiểm tra Đảng ủy (UBKT) có chuyên viên soạn thảo nhưng chưa có lãnh đạo đơn vị" in \
        client.get(org_url).get_data(as_text=True)
    drafter = client.application.test_client()
    web_login(drafter, "lan.tt")
    form = drafter.get("/documents/new").get_data(as_text=True)
    assert 'value="BTGDV"' in form and 'value="UBKT"' not in form
    from ..seed_docs import seed000

    r = client.post("/api/documents", json=seed000()["payload"] | {"drafting_unit": "UBKT"}, headers=login("lan.tt"))
    assert r.status_code == 422 and r.get_json()["details"][0]["rule"] == "no_unit_head"


def test_only_administrators_see_the_menu(client):
    web_login(client, "lan.tt")
    assert "Quản trị" not in client.get("/").get_data(as_text=True)
    client.post("/logout")
    assert client.post("/login", data={"username": "quantri", "password": DEMO_PASSWORD}).status_code == 302
    assert 'href="/admin"' in client.get("/").get_data(as_text=True)
