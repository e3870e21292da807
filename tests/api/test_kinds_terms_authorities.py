"""Issue 12, kinds, terms and authorities through the API and the pages (real database, no mocks):
V11 at draft creation (seed 003's issuer may not issue "01-NQ/BTGDVTU"), numbering after a term's end refused
until the new term is opened, V8 when an authority is created, and the sign step only for a signer whose
authority covers the kind."""
from __future__ import annotations

from datetime import datetime

import pytest

from ..reports.helpers import complete
from ..seed_docs import seed000
from ..seed_facts import Seed003
from ..web.conftest import web_login

SEED003 = {"kind": "HD", "subject": Seed003.SUBJECT, "body": Seed003.text(), "drafting_unit": "TTBCXB",
           "recipients": [{"text": "Các đảng ủy trực thuộc Tỉnh ủy", "purpose": "ACTION"}],
           "archive": {"units": ["VT", "TTBCXB"], "copies": 2}, "intended_signer": "thanh.hv"}


# --------------------------------------------------------------------------- V11
@pytest.mark.parametrize("kind, name", [("NQ", "Nghị quyết"), ("CT", "Chỉ thị")])
def test_the_provincial_ban_of_seed_003_may_not_draft_a_nghi_quyet_or_a_chi_thi(client, login, kind, name):
    """The case of the issue: "01-NQ/BTGDVTU" and "01-CT/BTGDVTU" were issued by a ban tham mưu."""
    r = client.post("/api/documents", json=SEED003 | {"kind": kind}, headers=login("yen.lt"))
    assert r.status_code == 422, r.get_json()
    body = r.get_json()
    assert [(d["field"], d["rule"]) for d in body["details"]] == [("kind", "V11")]
    assert f"ban tham mưu, giúp việc của cấp ủy không được ban hành {name}" in body["message"]
    assert client.get("/api/documents", headers=login("yen.lt")).get_json()["items"] == [], "nothing written"


def test_the_provincial_ban_drafts_its_huong_dan_and_the_form_offers_only_its_kinds(app, client, login):
    assert client.post("/api/documents", json=SEED003, headers=login("yen.lt")).status_code == 201
    page = app.test_client()
    web_login(page, "yen.lt")
    html = page.get("/documents/new").get_data(as_text=True)
    assert '<option value="HD"' in html and '<option value="KH"' in html and '<option value="QyĐ"' in html
    for code in ("NQ", "CT", "KL", "TT", "CL", "CĐ"):
        assert f'<option value="{code}"' not in html, code
    r = page.post("/documents/new", data={"kind": "NQ", "subject": "Về công tác tuyên truyền", "body": "Nội dung.",
                                          "archive_units": "VT, TTBCXB", "recipient_text": ["Các đảng ủy trực thuộc"],
                                          "recipient_purpose": ["ACTION"]})
    assert r.status_code == 422
    html = r.get_data(as_text=True)
    assert "không được ban hành Nghị quyết" in html and 'name="kind"' in html, "the form again, with the message"


def test_the_cap_uy_itself_may_issue_a_nghi_quyet(client, login):
    payload = seed000()["payload"] | {"kind": "NQ"}
    assert client.post("/api/documents", json=payload, headers=login("lan.tt")).status_code == 201


# --------------------------------------------------------------------------- terms that end
def test_seed_003_dated_29_11_2026_is_not_numbered_in_the_2020_2025_term_until_the_new_one_opens(app, client, login,
                                                                                                 clock):
    clock.set(datetime(2026, 11, 29, 1, 30))
    yen = login("yen.lt")
    r = client.post("/api/documents", json=SEED003, headers=yen)
    assert r.status_code == 201, r.get_json()
    doc = complete(client, yen, r.get_json())
    doc = complete(client, login("duc.nv"), doc, {"decision": "approve"})
    doc = complete(client, login("binh.ht"), doc, {"decision": "approve"})
    doc = complete(client, login("thanh.hv"), doc, {"decision": "approve"})
    cuc = login("cuc.lt")
    r = client.post(f"/api/documents/{doc['id']}/tasks/{doc['task_id']}", json={}, headers=cuc)
    assert r.status_code == 409, r.get_json()
    body = r.get_json()
    assert body["error"] == "term_ended"
    assert "Nhiệm kỳ 2020 - 2025 đã kết thúc ngày 31/12/2025" in body["message"]
    assert "mở nhiệm kỳ mới" in body["message"] and "29/11/2026" in body["message"]
    again = client.get(f"/api/documents/{doc['id']}", headers=cuc).get_json()
    assert (again["status"], again.get("symbol"), again.get("number")) == ("SIGNED", None, None), "nothing numbered"
    page = app.test_client()  # the clerk's page says the same, on the document, with nothing changed
    web_login(page, "cuc.lt")
    r = page.post(f"/documents/{doc['id']}/actions", data={"action": "register", "task_id": doc["task_id"]})
    assert r.status_code == 409
    html = r.get_data(as_text=True)
    assert "Nhiệm kỳ 2020 - 2025 đã kết thúc" in html and Seed003.SUBJECT in html
    admin = login("quantri")
    org_id = client.get("/api/organizations?q=BTGDVTUCB", headers=admin).get_json()["items"][0]["id"]
    checks = app.test_client()
    web_login(checks, "quantri")
    html = checks.get(f"/admin/orgs/{org_id}").get_data(as_text=True)
    assert "Không có nhiệm kỳ nào đang mở (nhiệm kỳ &#34;Nhiệm kỳ 2020 - 2025&#34; đã kết thúc ngày 31/12/2025)" in html
    series = client.get("/api/series?org=BTGDVTUCB", headers=admin).get_json()["items"]
    assert series == [], "no series was started either"

    r = client.post("/api/terms", json={"org": "BTGDVTUCB", "name": "Nhiệm kỳ 2025 - 2030", "start": "2025-10-20"},
                    headers=admin)
    assert r.status_code == 201, r.get_json()
    doc = complete(client, cuc, again)
    assert (doc["status"], doc["symbol"]) == ("NUMBERED", "01-HD/BTGDVTU"), "the new term numbers from 01"
    doc = complete(client, cuc, doc)
    assert doc["status"] == "DISPATCHED"


def test_a_recorded_end_closes_a_term_the_same_way(client, login, clock):
    admin = login("quantri")
    term = next(t for t in client.get("/api/terms?org=DUCP", headers=admin).get_json()["items"])
    assert client.patch(f"/api/terms/{term['id']}", json={"end": "2025-08-06"}, headers=admin).status_code == 200
    payload = seed000()["payload"]
    lan = login("lan.tt")
    doc = complete(client, lan, client.post("/api/documents", json=payload, headers=lan).get_json())
    doc = complete(client, login("hung.lv"), doc, {"decision": "approve"})
    doc = complete(client, login("tuan.pm"), doc, {"decision": "approve"})
    clock.set(datetime(2025, 8, 7, 1, 30))
    doc = complete(client, login("phong.nd"), doc, {"decision": "approve"})
    r = client.post(f"/api/documents/{doc['id']}/tasks/{doc['task_id']}", json={}, headers=login("ha.dt"))
    assert r.status_code == 409 and "đã kết thúc ngày 06/08/2025" in r.get_json()["message"]


# --------------------------------------------------------------------------- V8
@pytest.mark.parametrize("prefix, collective, position, words", [
    ("T/M", "BAN THƯỜNG VỤ", "TRƯỞNG BAN TỔ CHỨC", ["TRƯỞNG BAN TỔ CHỨC", "không phải là tập thể lãnh đạo"]),
    ("K/T", "BAN CHẤP HÀNH", "PHÓ BÍ THƯ", ["tập thể lãnh đạo không ký thay (K/T)"]),
    ("K/T", "BÍ THƯ", "PHÓ BÍ THƯ", ["không ký \"K/T BÍ THƯ\""]),
])
def test_an_authority_that_breaks_v8_is_refused_when_created(client, login, prefix, collective, position, words):
    admin = login("quantri")
    r = client.post("/api/authorities", json={"person": "nam.hv", "prefix": prefix, "collective_title": collective,
                                              "position_title": position, "valid_from": "2025-01-01"}, headers=admin)
    assert r.status_code == 422, r.get_json()
    assert all(w in r.get_json()["message"] for w in words), r.get_json()["message"]
    assert {d["rule"] for d in r.get_json()["details"]} == {"V8"}
    rows = client.get("/api/authorities?org=DUCP", headers=admin).get_json()["items"]
    assert len(rows) == 2, "nothing added"


def test_the_admin_page_refuses_t_m_ban_thuong_vu_for_the_head_of_a_ban(app):
    page = app.test_client()
    web_login(page, "quantri")
    from service.extensions import db
    from service.store.organizations import Organization
    with app.app_context():
        org_id = db.session.query(Organization).filter_by(code="DUCP").one().id
    r = page.post(f"/admin/orgs/{org_id}/authorities", data={
        "person": "nam.hv", "prefix": "T/M", "collective_title": "BAN THƯỜNG VỤ",
        "position_title": "TRƯỞNG BAN TỔ CHỨC", "valid_from": "2025-01-01"})
    assert r.status_code == 422
    assert "không phải là tập thể lãnh đạo" in r.get_data(as_text=True)


def test_the_collective_signed_by_its_deputy_is_accepted(client, login):
    r = client.post("/api/authorities", json={"person": "nam.hv", "prefix": "T/M", "collective_title": "BAN THƯỜNG VỤ",
                                              "position_title": "PHÓ BÍ THƯ", "valid_from": "2025-01-01"},
                    headers=login("quantri"))
    assert r.status_code == 201, r.get_json()


# --------------------------------------------------------------------------- the sign step
def test_a_signer_who_may_sign_only_tb_cannot_return_a_plan_that_names_no_signer(client, login, clock):
    payload = seed000()["payload"] | {"intended_signer": None}
    lan = login("lan.tt")
    doc = complete(client, lan, client.post("/api/documents", json=payload, headers=lan).get_json())
    doc = complete(client, login("hung.lv"), doc, {"decision": "approve"})
    doc = complete(client, login("tuan.pm"), doc, {"decision": "approve"})
    assert doc["step"] == "sign"
    nam = login("nam.hv")
    tasks = client.get("/api/tasks", headers=nam).get_json()["items"]
    assert doc["id"] not in [t["document"]["id"] for t in tasks if "document" in t], "not in his task list"
    phong = client.get("/api/tasks", headers=login("phong.nd")).get_json()["items"]
    assert doc["id"] in [t["document"]["id"] for t in phong if "document" in t], "the one who may sign it has it"
    r = client.post(f"/api/documents/{doc['id']}/tasks/{doc['task_id']}",
                    json={"decision": "return", "comment": "Xem lại"}, headers=nam)
    assert r.status_code == 403, r.get_json()
    assert "không bao gồm loại văn bản này" in r.get_json()["message"]
    assert client.get(f"/api/documents/{doc['id']}", headers=lan).get_json()["step"] == "sign", "unchanged"
    clock.set(datetime(2025, 8, 7, 1, 30))
    doc = complete(client, login("phong.nd"), doc, {"decision": "return", "comment": "Bổ sung mục III."})
    assert doc["step"] == "draft"


def test_a_tb_only_signer_is_refused_as_the_intended_signer_of_a_plan(client, login):
    r = client.post("/api/documents", json=seed000()["payload"] | {"intended_signer": "nam.hv"},
                    headers=login("lan.tt"))
    assert r.status_code == 422
    assert r.get_json()["details"][0]["field"] == "intended_signer" and "không bao gồm" in r.get_json()["message"]


# --------------------------------------------------------------------------- rule sets by issue date
def _through_signature(client, login, payload):
    lan = login("lan.tt")
    r = client.post("/api/documents", json=payload, headers=lan)
    assert r.status_code == 201, r.get_json()
    doc = complete(client, lan, r.get_json())
    for who in ("hung.lv", "tuan.pm", "phong.nd"):
        doc = complete(client, login(who), doc, {"decision": "approve"})
    return doc


def test_seed_000_issued_07_8_2025_follows_qd_66_and_hd_36_and_says_so(app, client, login, clock):
    clock.set(datetime(2025, 8, 7, 1, 30))
    doc = complete(client, login("ha.dt"), _through_signature(client, login, seed000()["payload"]))
    assert (doc["symbol"], doc["ruleset"]) == ("23-KH/ĐU", "PARTY_66_36")
    assert "66-QĐ/TW" in doc["ruleset_label"] and "36-HD/VPTW" in doc["ruleset_label"]
    page = app.test_client()
    web_login(page, "ha.dt")
    html = page.get(f"/documents/{doc['id']}").get_data(as_text=True)
    assert "Thể thức theo" in html and "Quy định 66-QĐ/TW ngày 06/02/2017" in html


def test_a_plan_drafted_before_09_01_2026_and_issued_on_it_follows_qd_399(client, login, clock):
    """domain.md: the rule set goes by the issue date; the one stamped at drafting is replaced when the number is
    given, and never after."""
    clock.set(datetime(2026, 1, 8, 2, 0))
    doc = _through_signature(client, login, seed000()["payload"])
    assert doc["ruleset"] == "PARTY_66_36", "stamped by the drafting date"
    clock.set(datetime(2026, 1, 9, 2, 0))
    doc = complete(client, login("ha.dt"), doc)
    assert doc["issue_date"] == "2026-01-09" and doc["ruleset"] == "PARTY_399_05"
    assert "399-QĐ/TW" in doc["ruleset_label"]
    clock.set(datetime(2026, 1, 10, 2, 0))
    doc = complete(client, login("ha.dt"), doc)
    assert (doc["status"], doc["ruleset"]) == ("DISPATCHED", "PARTY_399_05")
