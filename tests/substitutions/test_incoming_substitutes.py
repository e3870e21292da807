"""Ủy quyền xử lý on incoming documents (văn bản đến), on SQLite and PostgreSQL: a leader away names a substitute,
who routes the incoming document within the window (refused outside it), sees the step in their task list (API
and page) marked "thay …", and the incoming document's record names both people; the step's rules (the assigned
handler) still bind the substitute."""
from __future__ import annotations

from datetime import datetime

from ..reports.helpers import dispatch_plan_23, incoming_task
from ..web.conftest import web_login
from .test_substitutions_api import substitute

ROUTE = {"lead_unit": "BTGDV", "handler": "linh.pt", "deadline": "2025-08-20"}


def _incoming_tasks(client, login, username: str) -> list[dict]:
    r = client.get("/api/tasks", headers=login(username))
    assert r.status_code == 200
    return [t for t in r.get_json()["items"] if t["flow"] == "incoming"]


def test_a_substitute_routes_an_incoming_document_within_the_window_only(client, login, clock):
    substitute(client, login, "thang.dv", "quang.tv")  # 08:00 7/8 to 17:00 8/8, for all work
    dispatch_plan_23(client, login, clock)
    clock.set(datetime(2025, 8, 7, 4, 0))
    (item,) = _incoming_tasks(client, login, "hoa.nt")
    inc = incoming_task(client, login("hoa.nt"), item["incoming"], {"arrival_date": "2025-08-07"})
    assert inc["step"] == "route_incoming"

    (route,) = _incoming_tasks(client, login, "quang.tv")  # a unit head, not a leader: only as the substitute
    assert (route["task"], route["on_behalf_of"], route["on_behalf_of_name"]) == (
        "route_incoming", "thang.dv", "Đặng Văn Thắng")
    (own,) = _incoming_tasks(client, login, "thang.dv")
    assert own["on_behalf_of"] is None, "the absent person's own rights are unchanged"
    web_login(client, "quang.tv")
    page = client.get("/").get_data(as_text=True)
    assert "Cho ý kiến chỉ đạo, chuyển xử lý" in page and "thay Đặng Văn Thắng" in page

    clock.set(datetime(2025, 8, 8, 10, 0))  # 17:00 on 8/8 in Hà Nội: the window has ended
    assert _incoming_tasks(client, login, "quang.tv") == []
    refused = incoming_task(client, login("quang.tv"), inc, ROUTE, status=403)
    assert "chỉ xử lý thay Đặng Văn Thắng từ 08:00 07/08/2025 đến 17:00 08/08/2025" in refused["message"]

    clock.set(datetime(2025, 8, 8, 9, 59))
    inc = incoming_task(client, login("quang.tv"), inc, ROUTE)
    assert (inc["step"], inc["handler"]) == ("handle_incoming", "linh.pt")
    web_login(client, "thang.dv")
    page = client.get(f"/incoming/{inc['id']}").get_data(as_text=True)
    assert "<dt>Người chuyển</dt><dd>Trịnh Văn Quang (thay Đặng Văn Thắng), " in page

    # The step assigned to linh.pt stays hers: standing in for the leader gives no right to handle it.
    refused = incoming_task(client, login("quang.tv"), inc, {"outcome": "done"}, status=403)
    assert refused["message"] == "Bạn không có vai trò 'handler' cho văn bản đến này."
    assert _incoming_tasks(client, login, "quang.tv") == []


def test_a_substitute_of_the_assigned_handler_handles_it_and_the_record_says_so(client, login, clock):
    dispatch_plan_23(client, login, clock)
    clock.set(datetime(2025, 8, 7, 4, 0))
    (item,) = _incoming_tasks(client, login, "hoa.nt")
    inc = incoming_task(client, login("hoa.nt"), item["incoming"], {"arrival_date": "2025-08-07"})
    inc = incoming_task(client, login("thang.dv"), inc, ROUTE)
    assert _incoming_tasks(client, login, "son.lh") == []
    substitute(client, login, "linh.pt", "son.lh", start="2025-08-07T11:00", end="2025-08-07T18:00")
    (task,) = _incoming_tasks(client, login, "son.lh")  # the office head, no handler role of his own
    assert (task["task"], task["on_behalf_of"]) == ("handle_incoming", "linh.pt")
    done = incoming_task(client, login("son.lh"), inc, {"outcome": "done", "comment": "Đã triển khai."})
    assert done["status"] == "DONE"
    web_login(client, "son.lh")
    page = client.get(f"/incoming/{inc['id']}").get_data(as_text=True)
    assert "<dt>Hoàn thành</dt><dd>Lý Hồng Sơn (thay Phan Thùy Linh), " in page
