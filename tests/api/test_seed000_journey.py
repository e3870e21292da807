"""Seed 000 (plan 23-KH/ĐU of Đảng ủy Chính phủ) through the JSON API, start to finish."""
from __future__ import annotations

from datetime import datetime

from service.domain.numbering import format_number_line

from ..seed_docs import seed000


def complete(client, headers, doc, data=None, status=200):
    r = client.post(f"/api/documents/{doc['id']}/tasks/{doc['task_id']}", json=data or {}, headers=headers)
    assert r.status_code == status, r.get_json()
    return r.get_json()


def test_seed_plan_is_drafted_returned_revised_signed_numbered_and_dispatched(client, login, clock):
    seed = seed000()
    lan, hung, tuan, phong, ha, mai = (login(u) for u in ("lan.tt", "hung.lv", "tuan.pm", "phong.nd", "ha.dt", "mai.vt"))

    first_draft = dict(seed["payload"], body=seed["payload"]["body"].split("II. ")[0])
    r = client.post("/api/documents", json=first_draft, headers=lan)
    assert r.status_code == 201, r.get_json()
    doc = r.get_json()
    assert (doc["status"], doc["step"], doc["number"]) == ("DRAFT", "draft", None)

    doc = complete(client, lan, doc)
    assert doc["step"] == "content_review"
    doc = complete(client, hung, doc, {"decision": "return", "comment": "Bổ sung nội dung phần II, III, IV."})
    assert (doc["status"], doc["step"]) == ("RETURNED", "draft")

    r = client.put(f"/api/documents/{doc['id']}", json=seed["payload"], headers=lan)
    assert r.status_code == 200, r.get_json()
    doc = r.get_json()
    assert doc["version_no"] == 2
    doc = complete(client, lan, doc)
    doc = complete(client, hung, doc, {"decision": "approve"})
    assert doc["step"] == "format_check"
    doc = complete(client, tuan, doc, {"decision": "approve", "comment": "Đúng thể thức."})
    assert doc["step"] == "sign"

    clock.set(datetime(2025, 8, 7, 1, 30))  # 08:30 in Hà Nội, 7 August 2025
    doc = complete(client, phong, doc, {"decision": "approve"})
    assert doc["signature_block"]["lines"] == seed["signature"].lines()
    assert doc["signature_block"]["lines"] == ["T/M BAN THƯỜNG VỤ", "PHÓ BÍ THƯ", "Nguyễn Đức Phong"]
    assert doc["number"] is None, "no number before the signature"

    doc = complete(client, ha, doc)
    assert doc["symbol"] == seed["symbol"].symbol() == "23-KH/ĐU"
    assert doc["number_line"] == format_number_line("PARTY", "23-KH/ĐU") == "Số 23-KH/ĐU"
    assert doc["date_line"] == seed["date_line"] == "Hà Nội, ngày 07 tháng 8 năm 2025"
    assert doc["archive_line"] == "- Lưu VT, BTGDV (3)."
    assert doc["recipient_lines"] == seed["recipients_block"][1:-1]

    doc = complete(client, ha, doc)
    assert doc["status"] == "DISPATCHED" and doc["step"] is None

    deliveries = client.get(f"/api/documents/{doc['id']}/deliveries", headers=mai).get_json()["items"]
    # Each Nơi nhận line reaches what its wording names in the directory: "Các đảng ủy trực thuộc" every
    # subordinate of the issuer, line 5 its three organizations, the comrades' lines the groups the Đảng ủy keeps;
    # lines 2 and 3 name no one in the system and wait for the clerk to record how they went.
    lines = [r["text"] for r in seed["payload"]["recipients"]]
    assert [(d["line_no"], d["recipient"], d["organization"], d["person"], d["status"]) for d in deliveries] == [
        (1, lines[0], "BTGDVTW", None, "SENT"),
        (2, lines[1], None, None, "PENDING"),
        (3, lines[2], None, None, "PENDING"),
        (4, lines[3], "DUCP", "phong.nd", "SENT"),
        (5, lines[4], "BQP", None, "SENT"), (5, lines[4], "BCA", None, "SENT"), (5, lines[4], "BCD35TW", None, "SENT"),
        (6, lines[5], "DUCP", "phong.nd", "SENT"), (6, lines[5], "DUCP", "nam.hv", "SENT"),
        (7, lines[6], "DUBNG", None, "SENT"), (7, lines[6], "DUBNNMT", None, "SENT")]
    paper = deliveries[1]
    url = f"/api/documents/{doc['id']}/deliveries/{paper['id']}/record"
    assert client.post(url, json={"channel": "PAPER"}, headers=mai).status_code == 403
    assert client.post(url, json={"channel": "FAX"}, headers=ha).status_code == 422
    rec = client.post(url, json={"channel": "PAPER", "note": "Sổ chuyển giao số 12"}, headers=ha)
    assert rec.status_code == 200 and rec.get_json()["status"] == "SENT" and rec.get_json()["channel"] == "PAPER"
    assert client.post(url, json={"channel": "EMAIL"}, headers=ha).status_code == 409
    for org, clerk in (("DUBNNMT", "hoa.nt"), ("DUBNG", "tam.nv")):  # each subordinate's clerk finds it waiting
        queue = client.get("/api/incoming", headers=login(clerk)).get_json()["items"]
        assert [i["symbol"] for i in queue] == ["23-KH/ĐU"], org

    reg = client.get("/api/registers/outgoing?year=2025&kind=KH", headers=mai).get_json()
    assert [c["label"] for c in reg["columns"]][:4] == ["Số, ký hiệu văn bản", "Ngày tháng văn bản",
                                                        "Tên loại và trích yếu nội dung văn bản", "Người ký"]
    (entry,) = reg["items"]
    assert entry["symbol"] == "23-KH/ĐU" and entry["issue_date"] == "2025-08-07"
    assert entry["signer_name"] == "Nguyễn Đức Phong"
    assert entry["archive"] == "VT, BTGDV (3)"
    assert entry["kind_and_subject"] == "Kế hoạch: " + seed["payload"]["subject"]
    assert len(entry["recipients"]) == 7 and entry["dispatched_at"].startswith("2025-08-07")

    history = client.get(f"/api/documents/{doc['id']}/history", headers=mai).get_json()["items"]
    assert [(e["actor"], e["action"]) for e in history] == [
        ("lan.tt", "create"), ("lan.tt", "submit"), ("hung.lv", "return"), ("lan.tt", "revise"),
        ("lan.tt", "submit"), ("hung.lv", "approve"), ("tuan.pm", "approve"), ("phong.nd", "sign"),
        ("ha.dt", "register"), ("ha.dt", "dispatch"), ("ha.dt", "delivery_recorded")]
    assert history[-1]["details"] == {"delivery": 2, "recipient": lines[1], "channel": "PAPER"}
    assert history[2]["comment"] == "Bổ sung nội dung phần II, III, IV." and history[2]["version_no"] == 1
    assert history[7]["version_no"] == 2

    found = client.get("/api/registers/outgoing?q=ke hoach thong tin doi ngoai", headers=mai).get_json()["items"]
    assert [e["symbol"] for e in found] == ["23-KH/ĐU"]


def test_the_next_plan_gets_number_24_and_numbers_are_never_reused(client, login, clock):
    seed = seed000()
    symbols = []
    for _ in range(2):
        doc = client.post("/api/documents", json=seed["payload"], headers=login("lan.tt")).get_json()
        doc = complete(client, login("lan.tt"), doc)
        doc = complete(client, login("hung.lv"), doc, {"decision": "approve"})
        doc = complete(client, login("tuan.pm"), doc, {"decision": "approve"})
        doc = complete(client, login("phong.nd"), doc, {"decision": "approve"})
        doc = complete(client, login("ha.dt"), doc)
        symbols.append(doc["symbol"])
    assert symbols == ["23-KH/ĐU", "24-KH/ĐU"]
