"""Issue 13, bulk actions through POST /api/tasks/bulk (real database, both backends): each item is its own
transaction; the answer lists every item with its result and a Vietnamese message."""
from __future__ import annotations

from datetime import datetime

import pytest

from ..reports.helpers import complete
from ..seed_docs import seed000


def _draft(client, headers, subject: str, submit: bool = True) -> dict:
    payload = seed000()["payload"] | {"subject": subject}
    r = client.post("/api/documents", json=payload, headers=headers)
    assert r.status_code == 201, r.get_json()
    doc = r.get_json()
    return complete(client, headers, doc) if submit else doc


def _bulk(client, headers, task, items, data=None, status=200):
    r = client.post("/api/tasks/bulk", json={"task": task, "data": data or {}, "items": items}, headers=headers)
    assert r.status_code == status, r.get_json()
    return r.get_json()


def _statuses(client, headers, ids):
    return [client.get(f"/api/documents/{i}", headers=headers).get_json()["step"] for i in ids]


def test_a_bulk_of_200_with_3_bad_items_gives_197_successes_and_3_clear_failures(client, login, clock):
    clock.set(datetime(2025, 8, 7, 1, 0))
    lan, hung = login("lan.tt"), login("hung.lv")
    docs = [_draft(client, lan, f"Kế hoạch số {i}") for i in range(198)]
    never_submitted = _draft(client, lan, "Dự thảo chưa trình", submit=False)
    stale = docs[50]
    items = [d["id"] for d in docs]
    items[50] = {"document_id": stale["id"], "version": stale["version"] - 1}  # changed since the approver read it
    items.insert(120, never_submitted["id"])
    items.append(2_000_000)  # no such document
    assert len(items) == 200

    out = _bulk(client, hung, "content_review", items, {"decision": "approve", "comment": "Đồng ý nội dung."})
    assert (out["total"], out["succeeded"], out["failed"]) == (200, 197, 3)
    failed = {i["document_id"]: i for i in out["items"] if not i["ok"]}
    assert (failed[stale["id"]]["status"], failed[stale["id"]]["error"]) == (409, "stale") and "đã thay đổi từ lúc bạn mở" in failed[stale["id"]]["message"]
    assert failed[never_submitted["id"]]["error"] == "wrong_step"
    assert 'không ở bước "Thẩm định nội dung"' in failed[never_submitted["id"]]["message"]
    assert (failed[2_000_000]["status"], failed[2_000_000]["message"]) == (404, "Không tìm thấy văn bản.")
    assert [i["document_id"] for i in out["items"]] == [i if isinstance(i, int) else i["document_id"] for i in items]
    oks = [i for i in out["items"] if i["ok"]]
    assert all(i["document"]["step"] == "format_check" and i["message"] for i in oks)

    steps = _statuses(client, hung, [stale["id"], never_submitted["id"], docs[0]["id"], docs[-1]["id"]])
    assert steps == ["content_review", "draft", "format_check", "format_check"], "the failures changed nothing"
    history = client.get(f"/api/documents/{docs[7]['id']}/history", headers=hung).get_json()["items"]
    assert [(e["action"], e["comment"]) for e in history][-1] == ("approve", "Đồng ý nội dung.")


def test_return_with_one_comment_and_without_one(client, login):
    lan, hung = login("lan.tt"), login("hung.lv")
    ids = [_draft(client, lan, f"Kế hoạch {i}")["id"] for i in range(3)]
    out = _bulk(client, hung, "content_review", ids, {"decision": "return"})
    assert out["succeeded"] == 0 and {i["status"] for i in out["items"]} == {422}
    assert all("ý kiến" in i["message"] for i in out["items"])
    out = _bulk(client, hung, "content_review", ids, {"decision": "return", "comment": "Bổ sung phần kinh phí."})
    assert out["succeeded"] == 3
    assert {client.get(f"/api/documents/{i}", headers=lan).get_json()["status"] for i in ids} == {"RETURNED"}


def test_separation_of_duties_holds_for_each_item(client, login):
    """The drafter of one document may not sign it, even in a bulk with others they may sign."""
    lan = login("lan.tt")
    ids = []
    for i in range(2):
        doc = _draft(client, lan, f"Kế hoạch {i}")
        doc = complete(client, login("hung.lv"), doc, {"decision": "approve"})
        doc = complete(client, login("tuan.pm"), doc, {"decision": "approve"})
        ids.append(doc["id"])
    out = _bulk(client, login("hung.lv"), "sign", ids, {"decision": "approve"})
    assert out["succeeded"] == 0 and {i["status"] for i in out["items"]} == {403}
    out = _bulk(client, login("phong.nd"), "sign", ids, {"decision": "approve"})
    assert out["succeeded"] == 2


def test_numbering_in_bulk_gives_consecutive_numbers_in_the_order_chosen_then_dispatch(client, login, clock):
    clock.set(datetime(2025, 8, 7, 1, 0))
    lan = login("lan.tt")
    ids = []
    for i in range(3):
        doc = _draft(client, lan, f"Kế hoạch {i}")
        for who in ("hung.lv", "tuan.pm", "phong.nd"):
            doc = complete(client, login(who), doc, {"decision": "approve"})
        ids.append(doc["id"])
    ha = login("ha.dt")
    out = _bulk(client, ha, "register", list(reversed(ids)))
    assert [i["document_id"] for i in out["items"]] == list(reversed(ids))
    numbers = [int(i["document"]["number"]) for i in out["items"]]
    assert numbers == list(range(numbers[0], numbers[0] + 3)), "consecutive, in the order chosen"
    assert [i["document"]["symbol"] for i in out["items"]] == [f"{n:02d}-KH/ĐU" for n in numbers]
    assert out["items"][0]["message"].startswith("Đã cấp số ")
    out = _bulk(client, ha, "dispatch", ids)
    assert out["succeeded"] == 3 and {i["document"]["status"] for i in out["items"]} == {"DISPATCHED"}


@pytest.mark.parametrize("body, field", [
    ({"task": "draft", "data": {}, "items": [1]}, "task"),
    ({"task": "sign", "data": {}, "items": []}, "items"),
    ({"task": "sign", "data": {}, "items": list(range(1, 202))}, "items"),
    ({"task": "sign", "data": {}, "items": [1, 1]}, "items"),
    ({"task": "sign", "data": {}, "items": [0]}, "items"),
    ({"task": "sign", "data": {"decision": ["approve"]}, "items": [1]}, "data"),
    ({"task": "sign", "items": [1], "extra": 1}, "extra"),
])
def test_a_bad_bulk_request_is_refused_whole_in_vietnamese(client, login, body, field):
    r = client.post("/api/tasks/bulk", json=body, headers=login("phong.nd"))
    assert r.status_code == 422, r.get_json()
    out = r.get_json()
    assert any(d.get("field", "").startswith(field) for d in out["details"]), out
    assert "should" not in out["message"] and "Field" not in out["message"], out["message"]


def test_bulk_needs_a_signed_in_person(client):
    assert client.post("/api/tasks/bulk", json={"task": "sign", "items": [1]}).status_code == 401
