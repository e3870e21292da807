"""Routing names the lead unit and the coordinating units (đơn vị chủ trì, đơn vị phối hợp; NĐ 30 Art. 23):
through the API and the page, shown on the document and in the follow-up register; bad codes change nothing."""
from __future__ import annotations

from datetime import datetime

from ..reports.helpers import dispatch_plan_23, incoming_task
from ..web.conftest import web_login


def _registered(client, login, clock) -> dict:
    dispatch_plan_23(client, login, clock)
    (item,) = client.get("/api/incoming", headers=login("hoa.nt")).get_json()["items"]
    clock.set(datetime(2025, 8, 7, 4, 0))
    return incoming_task(client, login("hoa.nt"), item, {"arrival_date": "2025-08-07"})


def test_the_leader_names_coordinating_units_through_the_api(app, client, login, clock):
    thang = login("thang.dv")
    item = _registered(client, login, clock)
    for bad, words in (("NOPE", "không thuộc cơ quan: NOPE"), ("BTGDV", "đã là đơn vị chủ trì")):
        r = client.post(f"/api/incoming/{item['id']}/tasks/{item['task_id']}", headers=thang, json={
            "lead_unit": "BTGDV", "coordinating_units": bad, "deadline": "2025-08-20"})
        assert r.status_code == 422 and words in r.get_json()["message"], r.get_json()
        assert r.get_json()["details"][0]["field"] == "coordinating_units"
    again = client.get(f"/api/incoming/{item['id']}", headers=thang).get_json()
    assert (again["status"], again["lead_unit"], again["coordinating_units"]) == ("REGISTERED", None, [])

    item = incoming_task(client, thang, item, {"lead_unit": "BTGDV", "coordinating_units": "VP, VP",
                                               "handler": "linh.pt", "deadline": "2025-08-20"})
    assert (item["status"], item["lead_unit"], item["coordinating_units"]) == ("ROUTED", "BTGDV", ["VP"])
    (row,) = client.get("/api/registers/incoming-follow-up?year=2025", headers=login("hoa.nt")).get_json()["items"]
    assert row["unit"] == ("Ban Tuyên giáo và Dân vận Đảng ủy Bộ, Phan Thùy Linh; "
                           "phối hợp: Văn phòng Đảng ủy Bộ Nông nghiệp và Môi trường")


def test_the_route_form_offers_the_units_as_coordinating(app, client, login, clock):
    item = _registered(client, login, clock)
    web_login(client, "thang.dv")
    page = client.get(f"/incoming/{item['id']}").get_data(as_text=True)
    assert 'name="coordinating_units" value="VP"' in page and "Đơn vị phối hợp" in page
    form = {"step": "route_incoming", "task_id": item["task_id"], "lead_unit": "BTGDV", "deadline": "2025-08-20",
            "coordinating_units": ["VP", "BTGDV"]}
    r = client.post(f"/incoming/{item['id']}/actions", data=form)
    assert r.status_code == 422 and "đã là đơn vị chủ trì" in r.get_data(as_text=True)
    assert 'value="VP" checked' in r.get_data(as_text=True)  # the form comes back as it was sent
    form["coordinating_units"] = ["VP"]
    assert client.post(f"/incoming/{item['id']}/actions", data=form).status_code == 303
    page = client.get(f"/incoming/{item['id']}").get_data(as_text=True)
    assert '<dd class="coordinating">Văn phòng Đảng ủy Bộ Nông nghiệp và Môi trường</dd>' in page
