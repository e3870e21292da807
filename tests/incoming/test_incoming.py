"""Incoming documents: queue, urgency, numbering, manual registration with a PDF, registers, bad input."""
from __future__ import annotations

from datetime import datetime

import pytest

from ..reports.helpers import dispatch_plan_23, incoming_task

PDF = b"%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def _manual(client, headers, *, pdf=PDF, status=201, **fields):
    form = {"author": "Bộ Nông nghiệp và Môi trường", "subject": "Về việc cung cấp thông tin",
            "symbol": "125/BNNMT-VP", "issue_date": "2025-08-05", "arrival_date": "2025-08-08"} | fields
    data = {k: v for k, v in form.items() if v is not None}
    if pdf is not None:
        import io
        data["file"] = (io.BytesIO(pdf), "cong-van.pdf")
    r = client.post("/api/incoming/manual", data=data, headers=headers, content_type="multipart/form-data")
    assert r.status_code == status, r.get_json()
    return r.get_json()


def test_paper_and_electronic_documents_share_one_gapless_yearly_sequence(app, client, login, clock):
    hoa = login("hoa.nt")
    plan = dispatch_plan_23(client, login, clock)
    clock.set(datetime(2025, 8, 8, 3, 0))
    first = _manual(client, hoa)
    assert (first["number"], first["status"], first["has_pdf"]) == (2604, "REGISTERED", True)
    (queued,) = client.get("/api/incoming?status=QUEUED", headers=hoa).get_json()["items"]
    assert queued["source_document_id"] == plan["id"]
    second = incoming_task(client, hoa, queued, {"arrival_date": "2025-08-08"})
    third = _manual(client, hoa, symbol="7/BNNMT-TCCB", confirm_duplicate="true")  # the same scan: V16 asks
    assert [first["number"], second["number"], third["number"]] == [2604, 2605, 2606]
    reg = client.get("/api/registers/incoming?year=2025", headers=hoa).get_json()
    assert [r["number"] for r in reg["items"]] == [2604, 2605, 2606] and reg["findings"] == []
    r = client.get(f"/api/incoming/{first['id']}/pdf", headers=hoa)
    assert r.status_code == 200 and r.data == PDF and r.mimetype == "application/pdf"
    # Another organization sees neither the item nor its scan.
    assert client.get(f"/api/incoming/{first['id']}/pdf", headers=login("ha.dt")).status_code == 404


def test_urgent_documents_jump_the_queue_and_are_flagged(app, client, login, clock):
    hoa = login("hoa.nt")
    dispatch_plan_23(client, login, clock)
    dispatch_plan_23(client, login, clock, urgency="THUONG_KHAN")
    items = client.get("/api/incoming", headers=hoa).get_json()["items"]
    assert [(i["urgent"], i["urgency_label"], i["symbol"]) for i in items] == [
        (True, "Thượng khẩn", "24-KH/ĐU"), (False, None, "23-KH/ĐU")]
    notes = client.get("/api/notifications", headers=hoa).get_json()["items"]
    # Every item reaching the queue is told to the clerk; the urgent one says so in capitals.
    assert [n["kind"] for n in notes] == ["incoming_urgent", "incoming_queued"] and "THƯỢNG KHẨN" in notes[0]["title"]


def test_arrival_before_the_issue_date_is_refused_and_uses_no_number(app, client, login, clock):
    hoa = login("hoa.nt")
    dispatch_plan_23(client, login, clock)
    (item,) = client.get("/api/incoming", headers=hoa).get_json()["items"]
    r = client.post(f"/api/incoming/{item['id']}/tasks/{item['task_id']}", json={"arrival_date": "2025-08-06"},
                    headers=hoa)
    assert r.status_code == 422 and r.get_json()["details"][0]["rule"] == "V6"
    r = client.post(f"/api/incoming/{item['id']}/tasks/{item['task_id']}", json={"arrival_date": "2025-09-30"},
                    headers=hoa)
    assert r.status_code == 422  # not in the future either
    item = incoming_task(client, hoa, item, {"arrival_date": "2025-08-07"})
    assert item["number"] == 2604


def test_only_the_roles_of_each_step_may_act(app, client, login, clock):
    hoa, thang, linh = login("hoa.nt"), login("thang.dv"), login("linh.pt")
    dispatch_plan_23(client, login, clock)
    (item,) = client.get("/api/incoming", headers=hoa).get_json()["items"]
    incoming_task(client, linh, item, {"arrival_date": "2025-08-07"}, status=403)
    incoming_task(client, login("ha.dt"), item, {"arrival_date": "2025-08-07"}, status=404)
    item = incoming_task(client, hoa, item, {"arrival_date": "2025-08-07"})
    incoming_task(client, hoa, item, {"lead_unit": "BTGDV", "deadline": "2025-08-20"}, status=403)
    incoming_task(client, thang, item, {"lead_unit": "NOPE", "deadline": "2025-08-20"}, status=422)
    incoming_task(client, thang, item, {"lead_unit": "BTGDV", "deadline": "2025-08-01"}, status=422)
    item = incoming_task(client, thang, item, {"lead_unit": "BTGDV", "handler": "linh.pt", "deadline": "2025-08-20"})
    # The handler hands it back; the leader routes it again; a reply must be a document of the organization.
    item = incoming_task(client, linh, item, {"outcome": "return", "comment": "Đề nghị giao Văn phòng."})
    assert (item["status"], item["step"]) == ("REGISTERED", "route_incoming")
    item = incoming_task(client, thang, item, {"lead_unit": "BTGDV", "handler": "linh.pt", "deadline": "2025-08-20"})
    incoming_task(client, linh, item, {"outcome": "reply"}, status=422)
    incoming_task(client, linh, item, {"outcome": "reply", "reply_document_id": 1}, status=422)  # DUCP's plan
    clock.set(datetime(2025, 8, 25, 2, 0))
    follow = client.get("/api/registers/incoming-follow-up", headers=hoa).get_json()["items"]
    assert [(f["progress"], f["overdue"]) for f in follow] == [("Quá hạn 5 ngày", True)]
    item = incoming_task(client, linh, item, {"outcome": "done"})
    assert item["status"] == "DONE"
    follow = client.get("/api/registers/incoming-follow-up?status=DONE", headers=hoa).get_json()["items"]
    assert [f["progress"] for f in follow] == ["Đã giải quyết (chậm 5 ngày)"]
    r = client.get("/api/registers/incoming", headers=linh)
    assert r.status_code == 403


@pytest.mark.parametrize("pdf, fields, field", [
    (b"GIF89a not a pdf", {}, "file"),
    (b"%PDF-1.3\n%%EOF\n", {}, "file"),
    (b"%PDF-1.7\nno end", {}, "file"),
    (b"", {}, "file"),
    (None, {}, "file"),
    (PDF, {"author": ""}, "author"),
    (PDF, {"issue_date": "05/08/2025"}, "issue_date"),
    (PDF, {"arrival_date": "2025-08-04"}, "arrival_date"),
    (PDF, {"urgency": "RAT_KHAN"}, "urgency"),
    (PDF, {"kind": "ZZ"}, "kind"),
    (PDF, {"colour": "red"}, "colour"),
])
def test_bad_manual_registrations_are_refused_and_change_nothing(app, client, login, clock, pdf, fields, field):
    hoa = login("hoa.nt")
    clock.set(datetime(2025, 8, 8, 3, 0))
    body = _manual(client, hoa, pdf=pdf, status=422, **fields)
    assert body["error"] and body["message"]
    assert field in {d.get("field") for d in body.get("details") or []}
    assert client.get("/api/incoming", headers=hoa).get_json()["items"] == []
    assert _manual(client, hoa)["number"] == 2604  # no number was used by the refusals


def test_manual_registration_needs_multipart_and_a_clerk(app, client, login, clock):
    clock.set(datetime(2025, 8, 8, 3, 0))
    r = client.post("/api/incoming/manual", json={"author": "x"}, headers=login("hoa.nt"))
    assert r.status_code == 422 and r.get_json()["error"] == "invalid_form"
    _manual(client, login("linh.pt"), status=403)


def test_a_scan_over_the_size_limit_is_refused(app, client, login, clock):
    clock.set(datetime(2025, 8, 8, 3, 0))
    app.config["INCOMING_PDF_MAX_BYTES"] = 4096
    big = b"%PDF-1.7\n" + b"0" * 8192 + b"\n%%EOF\n"
    body = _manual(client, login("hoa.nt"), pdf=big, status=422)
    assert "quá lớn" in body["message"]
    assert _manual(client, login("hoa.nt"))["number"] == 2604


def test_registers_filter_by_urgency_and_status_and_export_csv(app, client, login, clock):
    hoa = login("hoa.nt")
    clock.set(datetime(2025, 8, 8, 3, 0))
    _manual(client, hoa, urgency="KHAN", subject="=HYPERLINK(\"http://x\")")
    _manual(client, hoa, confirm_duplicate="true")  # the same scan and symbol: registered after the V16 check
    reg = client.get("/api/registers/incoming?urgency=KHAN", headers=hoa).get_json()["items"]
    assert [(r["number"], r["urgent"], r["note"]) for r in reg] == [(2604, True, "Khẩn")]
    assert client.get("/api/registers/incoming?status=DONE", headers=hoa).get_json()["items"] == []
    assert client.get("/api/registers/incoming?status=NOPE", headers=hoa).status_code == 422
    assert client.get("/api/registers/incoming?year=abc", headers=hoa).status_code == 422
    csv_text = client.get("/api/registers/incoming?year=2025&format=csv", headers=hoa).get_data(as_text=True)
    assert "'=HYPERLINK" in csv_text  # formulas are neutralised
    assert client.get("/api/registers/incoming?year=2024", headers=hoa).get_json()["items"] == []
