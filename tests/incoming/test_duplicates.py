"""V16 repeats: before numbering, an incoming document that may be one already registered (same author +
symbol + issue date, normalized; or the same PDF scan) needs the clerk's confirmation (API)."""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import func, select

from service.domain.incoming import duplicate_reason, identity_key

from ..reports.helpers import dispatch_plan_23, incoming_task
from .test_incoming import PDF, _manual


def _numbers(app) -> int:
    from service.extensions import db
    from service.store.incoming import IncomingDocument

    with app.app_context():
        n = db.session.scalar(select(func.count(IncomingDocument.number)))
        db.session.remove()
    return n


def test_identity_is_compared_normalized():
    d = date(2025, 8, 7)
    a = identity_key("Đảng ủy Chính phủ", "23-KH/ĐU", d)
    # casefold, NFC (a decomposed "ủ"), spaces anywhere
    assert identity_key("ĐẢNG  U\u0309Y CHÍNH PHỦ", " 23 - KH/ĐU ", d) == a
    assert identity_key("Đảng ủy Chính phủ", "23-KH/ĐU", date(2025, 8, 8)) != a
    assert identity_key("Đảng ủy Chính phủ", "24-KH/ĐU", d) != a
    assert identity_key("Đảng ủy Chính phủ", None, d) is None and identity_key("Đảng ủy", "1/X", None) is None
    assert duplicate_reason(a, None, a, None) == "symbol"
    assert duplicate_reason(None, "ab", None, "ab") == "pdf"
    assert duplicate_reason(None, None, None, None) is None and duplicate_reason(a, "x", None, "y") is None


def test_a_second_registration_of_the_same_document_is_flagged_and_needs_confirmation(app, client, login, clock):
    hoa = login("hoa.nt")
    dispatch_plan_23(client, login, clock)
    clock.set(datetime(2025, 8, 8, 3, 0))
    paper = _manual(client, hoa, author="đảng ủy chính phủ", symbol="23-KH/ĐU", issue_date="2025-08-07",
                    arrival_date="2025-08-08")
    assert paper["number"] == 2604 and paper["possible_duplicates"] == []
    (item,) = client.get("/api/incoming?status=QUEUED", headers=hoa).get_json()["items"]
    (dup,) = item["possible_duplicates"]
    assert (dup["id"], dup["number"], dup["reason"]) == (paper["id"], 2604, "symbol")
    before = _numbers(app)
    r = client.post(f"/api/incoming/{item['id']}/tasks/{item['task_id']}", json={"arrival_date": "2025-08-08"},
                    headers=hoa)
    body = r.get_json()
    assert r.status_code == 409 and body["error"] == "possible_duplicate"
    assert "Có thể trùng với văn bản đến số 2604 ngày 08/08/2025" in body["message"]
    assert _numbers(app) == before
    done = incoming_task(client, hoa, item, {"arrival_date": "2025-08-08", "confirm_duplicate": True})
    assert done["number"] == 2605 and [d["number"] for d in done["possible_duplicates"]] == [2604]


def test_the_same_scan_twice_is_flagged_by_its_sha256(app, client, login, clock):
    hoa = login("hoa.nt")
    clock.set(datetime(2025, 8, 8, 3, 0))
    first = _manual(client, hoa)
    before = _numbers(app)
    body = _manual(client, hoa, symbol="7/BNNMT-TCCB", status=409)  # another symbol, the same PDF
    assert body["error"] == "possible_duplicate" and "số 2604" in body["message"] and body["details"][0]["reason"] == "pdf"
    assert _numbers(app) == before
    other = _manual(client, hoa, pdf=PDF.replace(b"<<>> endobj", b"<< >> endobj"), symbol="8/BNNMT-TCCB")
    assert other["number"] == 2605 and other["possible_duplicates"] == []
    again = _manual(client, hoa, symbol="7/BNNMT-TCCB", confirm_duplicate="true")
    assert again["number"] == 2606 and [d["id"] for d in again["possible_duplicates"]] == [first["id"]]
