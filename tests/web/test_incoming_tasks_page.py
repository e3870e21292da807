"""'Việc cần làm' shows the incoming steps beside the outgoing ones: the clerk's registration, the leader's
routing, the handler's deadline (overdue marked), each row saying which flow it belongs to."""
from __future__ import annotations

import re
from datetime import datetime

from ..reports.helpers import dispatch_plan_23, incoming_task
from .conftest import web_login


def _rows(html: str, flow: str) -> list[str]:
    return re.findall(rf'<tr class="task-row flow-{flow}".*?</tr>', html, re.S)


def test_incoming_steps_are_listed_for_whoever_takes_them(app, client, login, clock):
    dispatch_plan_23(client, login, clock)
    item = client.get("/api/incoming", headers=login("hoa.nt")).get_json()["items"][0]

    web_login(client, "hoa.nt")
    html = client.get("/").get_data(as_text=True)
    (row,) = _rows(html, "incoming")
    assert f'href="/incoming/{item["id"]}"' in row and "Vào sổ, đóng dấu đến" in row
    assert "Văn bản đến" in row and "Đảng ủy Chính phủ" in row and "23-KH/ĐU" in row and "Kế hoạch" in row
    assert "Không có việc nào đang chờ bạn" not in html
    client.post("/logout")

    clock.set(datetime(2025, 8, 7, 4, 0))
    item = incoming_task(client, login("hoa.nt"), item, {"arrival_date": "2025-08-07"})
    item = incoming_task(client, login("thang.dv"), item, {"lead_unit": "BTGDV", "handler": "linh.pt",
                                                          "deadline": "2025-08-20"})
    web_login(client, "linh.pt")
    (row,) = _rows(client.get("/").get_data(as_text=True), "incoming")
    assert "Giải quyết văn bản đến" in row and "số 2604" in row and "Hạn giải quyết 20/08/2025" in row
    clock.set(datetime(2025, 8, 23, 2, 0))
    (row,) = _rows(client.get("/").get_data(as_text=True), "incoming")
    assert "Quá hạn 3 ngày" in row and "late" in row
    client.post("/logout")

    # Nobody of the sending organization sees the recipient's steps.
    for username in ("ha.dt", "lan.tt", "phong.nd"):
        web_login(client, username)
        assert _rows(client.get("/").get_data(as_text=True), "incoming") == []
        client.post("/logout")
