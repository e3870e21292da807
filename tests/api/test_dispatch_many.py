"""Dispatch creates one delivery per Nơi nhận line, also for 500 lines (cost is measured in bench/)."""
from __future__ import annotations

from ..seed_docs import seed000


def test_dispatch_to_500_recipient_lines_creates_500_deliveries(client, login):
    payload = dict(seed000()["payload"],
                   recipients=[{"text": f"Đảng ủy đơn vị số {i}", "purpose": "ACTION"} for i in range(1, 501)])
    doc = client.post("/api/documents", json=payload, headers=login("lan.tt")).get_json()
    for who, data in (("lan.tt", {}), ("hung.lv", {"decision": "approve"}), ("tuan.pm", {"decision": "approve"}),
                      ("phong.nd", {"decision": "approve"}), ("ha.dt", {}), ("ha.dt", {})):
        r = client.post(f"/api/documents/{doc['id']}/tasks/{doc['task_id']}", json=data, headers=login(who))
        assert r.status_code == 200, r.get_json()
        doc = r.get_json()
    items = client.get(f"/api/documents/{doc['id']}/deliveries?limit=500", headers=login("mai.vt")).get_json()["items"]
    assert [d["position"] for d in items] == list(range(1, 501))
    assert items[499]["recipient"] == "Đảng ủy đơn vị số 500"
