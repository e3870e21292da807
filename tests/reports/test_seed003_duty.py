"""Seed 003 (Hướng dẫn of Ban Tuyên giáo và Dân vận Tỉnh ủy Cao Bằng): its monthly duty, owed by "Các đảng ủy
trực thuộc Tỉnh ủy" via a unit, gets obligors (or can be completed) instead of staying stuck."""
from __future__ import annotations

from datetime import datetime

from ..seed_facts import Seed003
from .helpers import complete

LINES = [{"text": "Các đảng ủy trực thuộc Tỉnh ủy", "purpose": "ACTION"},
         {"text": "Ban Tuyên giáo và Dân vận Trung ương", "purpose": "REPORT", "org_code": "BTGDVTW"},
         {"text": "Sở Ngoại vụ tỉnh", "purpose": "COORDINATE"}]


def dispatch_seed003(client, login, clock) -> dict:
    yen = login("yen.lt")
    r = client.post("/api/documents", headers=yen, json={
        "kind": Seed003.KIND, "subject": Seed003.SUBJECT, "body": Seed003.text(), "drafting_unit": "TTBCXB",
        "recipients": LINES, "archive": {"units": ["VP", "TTBCXB"], "copies": 2}, "intended_signer": "thanh.hv"})
    assert r.status_code == 201, r.get_json()
    doc = complete(client, yen, r.get_json())
    doc = complete(client, login("duc.nv"), doc, {"decision": "approve"})
    doc = complete(client, login("binh.ht"), doc, {"decision": "approve"})
    clock.set(datetime(2025, 8, 7, 1, 30))
    doc = complete(client, login("thanh.hv"), doc, {"decision": "approve"})
    doc = complete(client, login("cuc.lt"), doc)
    doc = complete(client, login("cuc.lt"), doc)
    assert doc["status"] == "DISPATCHED", doc
    return doc


def test_seed_003_duty_gets_its_obligors_and_is_completed_on_the_page(app, client, login, clock):
    from ..web.conftest import web_login

    doc = dispatch_seed003(client, login, clock)
    yen = login("yen.lt")
    # The line "Các đảng ủy trực thuộc Tỉnh ủy" is read as the Tỉnh ủy's subordinates (not the Ban's, which has none).
    line = client.get(f"/api/documents/{doc['id']}", headers=yen).get_json()["recipients"][0]
    assert (line["outside"], line["links"]) == (False, [{"type": "subordinates", "ref": "TUCB"}])
    (ob,) = client.get("/api/obligations", headers=yen).get_json()["items"]
    assert (ob["frequency"], ob["via_unit"], ob["obligor_group"], ob["obligors"]) == (
        "MONTHLY", "TTBCXB", "LIST", ["DUCQDCB"])  # the issuer itself is no obligor
    assert ob["status"] == "NEEDS_REVIEW" and [r["field"] for r in ob["review"]] == ["first_due_date"]

    page = app.test_client()
    web_login(page, "yen.lt")
    html = page.get(f"/reports/obligations/{ob['id']}").get_data(as_text=True)
    assert "Hoàn thiện chế độ báo cáo" in html
    assert 'value="DUCQDCB" checked' in html and 'value="BTGDVTUCB"' not in html
    r = page.post(f"/reports/obligations/{ob['id']}", data={
        "frequency": "MONTHLY", "first_due_date": "2025-08-30", "reminder_days": "3", "obligors_shown": "1",
        "obligors": ["DUCQDCB"], "generate_until": "2025-12-31"})
    assert r.status_code == 303, r.get_data(as_text=True)[-500:]
    done = client.get(f"/api/obligations/{ob['id']}", headers=yen).get_json()
    assert done["status"] == "ACTIVE"
    assert [(p["label"], [o["org"] for o in p["organizations"]]) for p in done["periods"]] == [
        (f"Tháng {m}/2025", ["DUCQDCB"]) for m in range(8, 13)]


def test_a_ban_writing_to_the_tinh_uy_subordinates_does_not_deliver_to_itself(app, client, login, clock):
    doc = dispatch_seed003(client, login, clock)
    deliveries = client.get(f"/api/documents/{doc['id']}/deliveries", headers=login("cuc.lt")).get_json()["items"]
    first_line = [d for d in deliveries if d["line_no"] == 1]
    assert [(d["organization"], d["organization_name"]) for d in first_line] == [
        ("DUCQDCB", "Đảng ủy các cơ quan Đảng tỉnh Cao Bằng")]
    # nothing waits in the issuer's own incoming queue
    assert client.get("/api/incoming", headers=login("cuc.lt")).get_json()["items"] == []
