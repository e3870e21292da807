"""'Việc cần làm' across flows: incoming steps appear beside outgoing ones in GET /api/tasks (and on the page,
tests/web/test_incoming_tasks_page.py), each item naming its flow, in one ordering."""
from __future__ import annotations

from datetime import datetime

from ..reports.helpers import dispatch_plan_23, incoming_task


def _tasks(client, headers) -> list[dict]:
    r = client.get("/api/tasks", headers=headers)
    assert r.status_code == 200
    return r.get_json()["items"]


def test_each_incoming_step_reaches_exactly_the_person_who_takes_it(app, client, login, clock):
    hoa, thang, linh = login("hoa.nt"), login("thang.dv"), login("linh.pt")
    plan = dispatch_plan_23(client, login, clock)
    (item,) = [t for t in _tasks(client, hoa) if t["flow"] == "incoming"]
    assert (item["task"], item["title"], item["flow_label"]) == ("register_incoming", "Vào sổ, đóng dấu đến",
                                                                 "Văn bản đến")
    assert item["incoming"]["source_document_id"] == plan["id"] and item["incoming"]["symbol"] == "23-KH/ĐU"
    assert "document" not in item
    assert [t for t in _tasks(client, thang) if t["flow"] == "incoming"] == []  # not the leader's step yet

    clock.set(datetime(2025, 8, 7, 4, 0))
    inc = incoming_task(client, hoa, item["incoming"], {"arrival_date": "2025-08-07"})
    assert inc["number"] == 2604
    assert [t for t in _tasks(client, hoa) if t["flow"] == "incoming"] == []
    (route,) = [t for t in _tasks(client, thang) if t["flow"] == "incoming"]
    assert (route["task"], route["task_id"], route["waiting_since"]) == ("route_incoming", inc["task_id"],
                                                                         "2025-08-07T11:00:00+07:00")

    inc = incoming_task(client, thang, route["incoming"], {"lead_unit": "BTGDV", "handler": "linh.pt",
                                                          "deadline": "2025-08-20"})
    assert [t for t in _tasks(client, thang) if t["flow"] == "incoming"] == []
    (handle,) = [t for t in _tasks(client, linh) if t["flow"] == "incoming"]
    assert handle["task"] == "handle_incoming" and handle["incoming"]["handler"] == "linh.pt"
    # The sender's people never see the recipient's steps.
    for username in ("lan.tt", "ha.dt", "phong.nd"):
        assert [t for t in _tasks(client, login(username)) if t["flow"] == "incoming"] == []

    incoming_task(client, linh, handle["incoming"], {"outcome": "done", "comment": "Đã nghiên cứu, triển khai."})
    assert [t for t in _tasks(client, linh) if t["flow"] == "incoming"] == []


def test_a_step_assigned_to_one_handler_is_nobody_elses(app, client, login, clock):
    hoa, thang = login("hoa.nt"), login("thang.dv")
    dispatch_plan_23(client, login, clock)
    (item,) = [t for t in _tasks(client, hoa) if t["flow"] == "incoming"]
    inc = incoming_task(client, hoa, item["incoming"], {"arrival_date": "2025-08-07"})
    # Routed to the unit without naming a handler: the unit's handlers see it.
    inc = incoming_task(client, thang, inc, {"lead_unit": "BTGDV", "deadline": "2025-08-20"})
    assert [t["task"] for t in _tasks(client, login("linh.pt")) if t["flow"] == "incoming"] == ["handle_incoming"]
    # Returned for re-routing, then assigned by name: only that person.
    incoming_task(client, login("linh.pt"), inc, {"outcome": "return", "comment": "Không thuộc lĩnh vực."})
    (route,) = [t for t in _tasks(client, thang) if t["flow"] == "incoming"]
    incoming_task(client, thang, route["incoming"], {"lead_unit": "BTGDV", "handler": "linh.pt",
                                                     "deadline": "2025-08-20"})
    assert [t["incoming"]["handler"] for t in _tasks(client, login("linh.pt")) if t["flow"] == "incoming"] == [
        "linh.pt"]


def test_one_ordering_across_flows_urgent_first_then_longest_waiting(app, client, login, clock):
    """thang.dv both routes incoming documents (leader) and signs his organization's outgoing ones (signer):
    an urgent incoming document comes before an older ordinary outgoing step, and within an urgency the longest
    waiting comes first whatever its flow."""
    hoa, thang = login("hoa.nt"), login("thang.dv")
    dispatch_plan_23(client, login, clock)
    dispatch_plan_23(client, login, clock, urgency="THUONG_KHAN")
    clock.set(datetime(2025, 8, 7, 5, 0))
    for t in _tasks(client, hoa):
        if t["flow"] == "incoming":
            incoming_task(client, hoa, t["incoming"], {"arrival_date": "2025-08-07"})
            clock.set(datetime(2025, 8, 7, 6, 0))
    items = [t for t in _tasks(client, thang)]
    incoming = [(t["urgency"], t["incoming"]["symbol"]) for t in items if t["flow"] == "incoming"]
    assert incoming == [("THUONG_KHAN", "24-KH/ĐU"), (None, "23-KH/ĐU")]
    ranks = [{"HOA_TOC": 0, "THUONG_KHAN": 1, "KHAN": 2}.get(t["urgency"] or "", 3) for t in items]
    assert ranks == sorted(ranks)
    ordinary = [t["waiting_since"] for t in items if t["urgency"] is None]
    assert ordinary == sorted(ordinary)
