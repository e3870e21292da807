"""Acceptance: plan 23-KH/ĐU goes out, arrives as incoming number 2604, is handled; its monthly report is
reminded, escalated, written, signed, numbered 01-BC/ĐU, sent back and received late by four days."""
from __future__ import annotations

import csv
import io
from datetime import datetime

from .helpers import complete, dispatch_plan_23, incoming_task, notifications, run_scheduler


def test_plan_incoming_obligation_timers_report_and_fulfilment(app, client, login, clock, database_url):
    lan, hoa, thang, linh = login("lan.tt"), login("hoa.nt"), login("thang.dv"), login("linh.pt")
    plan = dispatch_plan_23(client, login, clock)
    assert plan["symbol"] == "23-KH/ĐU"

    # Seed 000 says "định kỳ" without a frequency: a review item for its drafter, nothing guessed (V21).
    (ob,) = client.get("/api/obligations", headers=lan).get_json()["items"]
    assert (ob["status"], ob["needs_review"], ob["frequency"], ob["ad_hoc"]) == ("NEEDS_REVIEW", True, "UNSPECIFIED", True)
    assert {(r["rule"], r["field"]) for r in ob["review"]} == {("V21", "frequency"), ("V21", "first_due_date")}
    assert ob["assigned_to"] == "lan.tt" and ob["via_unit"] == "BTGDV" and ob["obligor_group"] == "SUBORDINATES"
    assert ob["source_document_id"] == plan["id"] and "báo cáo định kỳ" in ob["excerpt"]
    assert [n["kind"] for n in notifications(client, lan)] == ["outgoing_dispatched", "obligation_review"]

    # The plan waits in DUBNNMT's incoming queue; its clerk registers it as number 2604 (seed 000's stamp).
    clock.set(datetime(2025, 8, 8, 2, 0))
    (item,) = client.get("/api/incoming", headers=hoa).get_json()["items"]
    assert (item["status"], item["step"], item["symbol"], item["author"]) == (
        "QUEUED", "register_incoming", "23-KH/ĐU", "Đảng ủy Chính phủ")
    item = incoming_task(client, hoa, item, {"arrival_date": "2025-08-08", "chuyen": "Đ/c Đặng Văn Thắng"})
    assert (item["number"], item["status"], item["step_role"]) == (2604, "REGISTERED", "leader")
    stamp = item["stamp"]
    assert (stamp["org"], stamp["label"], stamp["number"], stamp["date"]) == (
        "ĐẢNG ỦY BỘ NÔNG NGHIỆP VÀ MÔI TRƯỜNG", "CÔNG VĂN ĐẾN", 2604, "2025-08-08")
    assert stamp["raw_text"].splitlines()[:3] == ["ĐẢNG ỦY BỘ NÔNG NGHIỆP VÀ MÔI TRƯỜNG", "CÔNG VĂN ĐẾN", "Số 2604"]
    deliveries = client.get(f"/api/documents/{plan['id']}/deliveries", headers=lan).get_json()["items"]
    assert [d["status"] for d in deliveries if d["recipient"].startswith("Đảng ủy Bộ Nông")] == ["RECEIVED"]

    item = incoming_task(client, thang, item, {"lead_unit": "BTGDV", "handler": "linh.pt", "deadline": "2025-08-20",
                                               "direction": "Ban Tuyên giáo và Dân vận tham mưu triển khai."})
    assert (item["status"], item["handler"], item["deadline"]) == ("ROUTED", "linh.pt", "2025-08-20")
    item = incoming_task(client, linh, item, {"outcome": "done", "comment": "Đã tham mưu kế hoạch triển khai."})
    assert (item["status"], item["step"], item["outcome"]) == ("DONE", None, "done")

    reg = client.get("/api/registers/incoming?year=2025", headers=hoa).get_json()
    assert [c["label"] for c in reg["columns"]] == [
        "Ngày đến", "Số đến", "Tác giả", "Số, ký hiệu", "Ngày tháng", "Tên loại và trích yếu nội dung",
        "Đơn vị hoặc người nhận", "Ngày chuyển", "Ký nhận", "Ghi chú"]
    (row,) = reg["items"]
    assert (row["arrival_date"], row["number"], row["author"], row["symbol"], row["issue_date"]) == (
        "2025-08-08", 2604, "Đảng ủy Chính phủ", "23-KH/ĐU", "2025-08-07")
    assert row["kind_and_subject"].startswith("Kế hoạch: Triển khai công tác thông tin đối ngoại")
    follow = client.get("/api/registers/incoming-follow-up?year=2025", headers=hoa).get_json()
    assert len(follow["columns"]) == 7
    assert [(f["number"], f["deadline"], f["progress"]) for f in follow["items"]] == [
        (2604, "2025-08-20", "Đã giải quyết")]
    r = client.get("/api/registers/incoming?year=2025&format=csv", headers=hoa)
    assert r.status_code == 200 and r.mimetype == "text/csv"
    rows = list(csv.reader(io.StringIO(r.get_data(as_text=True).lstrip("\ufeff"))))
    assert rows[0][:2] == ["Ngày đến", "Số đến"] and rows[1][1] == "2604"

    # The drafter completes the obligation: monthly, first report due 25/8/2025, reminder 3 days before.
    r = client.patch(f"/api/obligations/{ob['id']}", headers=lan, json={
        "frequency": "MONTHLY", "first_due_date": "2025-08-25", "reminder_days": 3, "drafting_unit": "BTGDV"})
    assert r.status_code == 200, r.get_json()
    ob = r.get_json()
    assert (ob["status"], ob["review"]) == ("ACTIVE", [])
    (period,) = ob["periods"]
    assert (period["period_key"], period["label"], period["due_date"]) == ("2025-08", "Tháng 8/2025", "2025-08-25")
    assert sorted(o["org"] for o in period["organizations"]) == ["DUBNG", "DUBNNMT"]
    (mine,) = client.get("/api/periods", headers=linh).get_json()["items"]
    assert (mine["status"], mine["reported"]) == ("OPEN", False)

    # Timers: nothing before the reminder date; the reminder (once); then, on a new app object, the escalation.
    clock.set(datetime(2025, 8, 21, 16, 59))  # 23:59 on 21/8 in Hà Nội
    assert run_scheduler(app).fired == 0
    clock.set(datetime(2025, 8, 22, 2, 0))
    assert run_scheduler(app).fired == 2  # one reminder per obligated organization
    assert run_scheduler(app).fired == 0
    (reminder,) = notifications(client, linh, "report_reminder")
    assert "25/08/2025" in reminder["body"] and reminder["period_id"] == mine["id"]
    assert notifications(client, login("quang.tv"), "report_overdue") == []

    from service import create_app

    from ..conftest import _config

    restarted = create_app(_config(database_url, CLOCK=clock))
    clock.set(datetime(2025, 8, 26, 2, 0))  # the due date has passed
    result = run_scheduler(restarted)
    assert result.fired == 2 and sorted(e for _p, e in result.events) == ["timer_overdue", "timer_overdue"]
    (escalation,) = notifications(client, login("quang.tv"), "report_overdue")
    assert escalation["period_id"] == mine["id"] and "chưa gửi báo cáo" in escalation["body"]
    assert len(notifications(client, linh, "report_reminder")) == 1
    with restarted.app_context():
        from service.extensions import db
        db.session.remove()
        db.engine.dispose()

    # The report: drafted, reviewed, format-checked, signed, numbered 01-BC/ĐU and dispatched to DUCP.
    clock.set(datetime(2025, 8, 27, 2, 0))
    r = client.post(f"/api/periods/{mine['id']}/report", headers=linh, json={
        "body": "I. KẾT QUẢ TRIỂN KHAI\n1. Đã phổ biến Kế hoạch số 23-KH/ĐU.\nII. KIẾN NGHỊ\nKhông.",
        "intended_signer": "thang.dv"})
    assert r.status_code == 201, r.get_json()
    report = r.get_json()
    assert (report["kind"], report["step"], report["org"], report["status"]) == ("BC", "draft", "DUBNNMT", "DRAFT")
    assert report["recipients"][0]["org_code"] == "DUCP"
    r = client.post(f"/api/periods/{mine['id']}/report", headers=linh, json={})
    assert r.status_code == 409 and r.get_json()["error"] == "report_exists"

    report = complete(client, linh, report)
    assert report["step"] == "content_review"
    report = complete(client, login("quang.tv"), report, {"decision": "approve"})
    report = complete(client, login("son.lh"), report, {"decision": "approve"})
    report = complete(client, thang, report, {"decision": "approve"})
    report = complete(client, hoa, report)
    assert report["symbol"] == "01-BC/ĐU" and report["number_line"] == "Số 01-BC/ĐU"
    report = complete(client, hoa, report)
    assert (report["status"], report["step"]) == ("DISPATCHED", None)
    (mine,) = client.get("/api/periods", headers=linh).get_json()["items"]
    assert (mine["status"], mine["report_symbol"]) == ("DISPATCHED", "01-BC/ĐU")

    # DUCP's clerk registers the report as incoming on 29/8: the period is fulfilled, 4 days late.
    clock.set(datetime(2025, 8, 29, 2, 0))
    ha = login("ha.dt")
    (arrived,) = client.get("/api/incoming", headers=ha).get_json()["items"]
    assert (arrived["symbol"], arrived["author"]) == ("01-BC/ĐU", "Đảng ủy Bộ Nông nghiệp và Môi trường")
    arrived = incoming_task(client, ha, arrived, {"arrival_date": "2025-08-29"})
    assert arrived["number"] == 1 and arrived["stamp"]["label"] == "CÔNG VĂN ĐẾN"

    status = client.get(f"/api/obligations/{ob['id']}", headers=lan).get_json()
    (p,) = status["periods"]
    assert (p["reported"], p["late"], p["total"]) == (1, 2, 2)
    by_org = {o["org"]: o for o in p["organizations"]}
    done = by_org["DUBNNMT"]
    assert (done["status"], done["reported"], done["late"], done["days_late"], done["fulfilled_on"]) == (
        "FULFILLED", True, True, 4, "2025-08-29")
    assert (done["report_symbol"], done["incoming_number"]) == ("01-BC/ĐU", 1)
    missing = by_org["DUBNG"]
    assert (missing["status"], missing["reported"], missing["late"], missing["days_late"]) == ("OPEN", False, True, 4)

    # The requester opens the report itself.
    r = client.get(f"/api/documents/{done['report_document_id']}", headers=lan)
    assert r.status_code == 200 and r.get_json()["symbol"] == "01-BC/ĐU"
    # Nothing is left for the scheduler of DUBNNMT's period: the report's dispatch ended its timers.
    assert run_scheduler(app).fired == 0
