"""Across the border, through the pages alone, as the people of the demo, in a real browser against a real server:
plan 23-KH/ĐU goes out from Đảng ủy Chính phủ; Đảng ủy Bộ Nông nghiệp và Môi trường registers it as
"CÔNG VĂN ĐẾN, Số 2604" (seed 000's stamp); its leader routes it; the handler answers with the period's Báo cáo,
which goes back through the outgoing flow, fulfils the period and arrives in Đảng ủy Chính phủ's queue. Then the
real scheduler process sends the queued e-mails to a real SMTP server (aiosmtpd), and every person involved has
mail in Vietnamese with a link to their page."""
from __future__ import annotations

import os
import re
import secrets
import subprocess
import sys

import pytest
import requests
from aiosmtpd.controller import Controller
from playwright.sync_api import expect

from ..api.test_notifications_mail import Inbox
from ..conftest import REPO
from ..seed_docs import seed000
from .conftest import _free_port, shot, sign_in, sign_out
from .test_seed000_journey import act, fill_draft, open_task

pytestmark = pytest.mark.browser

PEOPLE = ("lan.tt", "hung.lv", "tuan.pm", "phong.nd", "ha.dt",  # Đảng ủy Chính phủ
          "hoa.nt", "thang.dv", "linh.pt", "quang.tv", "son.lh")  # Đảng ủy Bộ Nông nghiệp và Môi trường
MAIL_BASE = "http://vanban.test"  # BASE_URL of the test server's configuration: the address in the mails' links
REPORT_BODY = ("I. KẾT QUẢ TRIỂN KHAI\n1. Đã phổ biến Kế hoạch số 23-KH/ĐU đến các chi bộ trực thuộc.\n"
               "II. KIẾN NGHỊ, ĐỀ XUẤT\nKhông.")


def give_addresses(live_server) -> None:
    """The system administrator records each person's e-mail (the administration API)."""
    admin = live_server.api_login("quantri")
    people = requests.get(f"{live_server.url}/api/people", headers=admin, timeout=30).json()["items"]
    ids = {p["username"]: p["id"] for p in people}
    for username in PEOPLE:
        r = requests.patch(f"{live_server.url}/api/people/{ids[username]}", json={"email": f"{username}@vanban.test"},
                           headers=admin, timeout=30)
        assert r.status_code == 200, r.text


def run_scheduler(live_server, smtp_port: int) -> str:
    """The scheduler process of production (`flask scheduler run --once`) against the server's database."""
    env = dict(os.environ, DATABASE_URL=f"sqlite:///{live_server.db_path}", FLASK_APP="service:create_app",
               PYTHONPATH=str(REPO), SECRET_KEY=secrets.token_hex(32), KEY_PASSPHRASE=secrets.token_hex(32),
               SMTP_HOST="127.0.0.1", SMTP_PORT=str(smtp_port), SMTP_TIMEOUT="5", MAIL_FROM="vanban@vanban.test")
    done = subprocess.run([sys.executable, "-m", "flask", "scheduler", "run", "--once"], cwd=REPO, env=env,
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout


def open_incoming(page, subject_part: str) -> None:
    page.locator("tr.task-row.flow-incoming", has_text=subject_part).get_by_role("link").first.click()
    page.wait_for_url(re.compile(r".*/incoming/\d+$"))


def test_plan_goes_out_arrives_as_2604_and_its_report_comes_back(live_server, page):
    base = live_server.url
    seed = seed000()
    p = seed["payload"]
    subject = p["subject"]
    give_addresses(live_server)

    # Đảng ủy Chính phủ: drafted, approved, signed, numbered 23-KH/ĐU and dispatched (the lines "Các đảng ủy trực
    # thuộc" reach Đảng ủy Bộ Nông nghiệp và Môi trường in the system).
    sign_in(page, base, "lan.tt")
    page.get_by_role("link", name="Soạn văn bản").click()
    fill_draft(page, p, p["body"])
    page.get_by_role("button", name="Lưu dự thảo").click()
    page.wait_for_url(re.compile(r".*/documents/\d+$"))
    act(page, "Trình duyệt")
    sign_out(page)
    for username, button in (("hung.lv", "Đồng ý"), ("tuan.pm", "Đồng ý"), ("phong.nd", "Ký ban hành")):
        sign_in(page, base, username)
        open_task(page, subject)
        act(page, button)
        sign_out(page)
    sign_in(page, base, "ha.dt")
    open_task(page, subject)
    act(page, "Cấp số, đăng ký")
    assert page.locator(".number-line").inner_text().startswith("Số 23-KH/ĐU")
    act(page, "Phát hành")
    assert page.locator(".current-step").inner_text() == "Đã phát hành"
    sign_out(page)

    # The drafter completes the reporting duty the plan imposes ("định kỳ" without a frequency: a review item).
    sign_in(page, base, "lan.tt")
    page.get_by_role("link", name="Báo cáo định kỳ").click()
    page.locator("a[href*='/reports/obligations/']").first.click()
    page.wait_for_url(re.compile(r".*/reports/obligations/\d+$"))
    form = page.locator("form[action*='/reports/obligations/']")
    form.locator("select[name=frequency]").select_option("MONTHLY")
    form.locator("input[name=first_due_date]").fill("2025-08-25")
    form.locator("input[name=reminder_days]").fill("3")
    form.get_by_role("button", name="Lưu chế độ báo cáo").click()
    page.wait_for_load_state()
    assert page.locator(".form-error").count() == 0, page.locator(".form-error").all_inner_texts()
    matrix = page.locator("table.report-matrix")
    expect(matrix).to_contain_text("Đảng ủy Bộ Nông nghiệp và Môi trường")
    expect(matrix).to_contain_text("Tháng 8/2025")
    shot(page, "x01-lan-obligation-active")
    sign_out(page)

    # Đảng ủy Bộ Nông nghiệp và Môi trường: the clerk finds it in 'Việc cần làm' and registers it: Số 2604.
    sign_in(page, base, "hoa.nt")
    row = page.locator("tr.task-row.flow-incoming", has_text=subject)
    expect(row).to_have_count(1)
    assert "Vào sổ, đóng dấu đến" in row.inner_text() and "Văn bản đến" in row.inner_text()
    open_incoming(page, subject)
    page.fill("#chuyen", "Đ/c Đặng Văn Thắng")
    page.get_by_role("button", name="Vào sổ").click()
    page.wait_for_load_state()
    stamp = page.locator(".incoming-stamp")
    expect(stamp).to_contain_text("CÔNG VĂN ĐẾN")
    expect(stamp).to_contain_text("Số 2604")
    expect(stamp).to_contain_text("ĐẢNG ỦY BỘ NÔNG NGHIỆP VÀ MÔI TRƯỜNG")
    shot(page, "x02-hoa-registered-2604")
    sign_out(page)

    # The leader routes it to the Ban Tuyên giáo và Dân vận, handler Phan Thùy Linh, with a deadline.
    sign_in(page, base, "thang.dv")
    open_incoming(page, subject)
    page.select_option("#lead_unit", "BTGDV")
    page.select_option("#handler", "linh.pt")
    page.fill("#deadline", "2025-08-20")
    page.fill("#direction", "Ban Tuyên giáo và Dân vận tham mưu triển khai, báo cáo kết quả.")
    page.get_by_role("button", name="Chuyển xử lý").click()
    page.wait_for_load_state()
    expect(page.locator("main")).to_contain_text("Phan Thùy Linh")
    sign_out(page)

    # The handler answers with the period's report, opened from the incoming document with the period filled in.
    sign_in(page, base, "linh.pt")
    open_incoming(page, subject)
    shot(page, "x03-linh-incoming-to-handle")
    page.get_by_role("button", name="Lập báo cáo kỳ Tháng 8/2025").click()
    page.wait_for_url(re.compile(r".*/documents/\d+/edit$"))
    report_subject = page.input_value("#subject")
    assert report_subject == "Kết quả thực hiện Kế hoạch số 23-KH/ĐU tháng 8/2025", report_subject
    assert "Đảng ủy Chính phủ" in page.locator("#recipient-rows").inner_html()
    page.fill("#body", REPORT_BODY)
    page.select_option("#intended_signer", "thang.dv")
    page.get_by_role("button", name="Lưu dự thảo").click()
    page.wait_for_url(re.compile(r".*/documents/\d+$"))
    report_url = page.url
    act(page, "Trình duyệt")
    sign_out(page)

    # The report goes through Đảng ủy Bộ's own outgoing flow: 01-BC/ĐU, dispatched back to Đảng ủy Chính phủ.
    for username, button in (("quang.tv", "Đồng ý"), ("son.lh", "Đồng ý"), ("thang.dv", "Ký ban hành")):
        sign_in(page, base, username)
        open_task(page, report_subject)
        act(page, button)
        sign_out(page)
    sign_in(page, base, "hoa.nt")
    open_task(page, report_subject)
    act(page, "Cấp số, đăng ký")
    assert page.locator(".number-line").inner_text().startswith("Số 01-BC/ĐU")
    act(page, "Phát hành")
    sign_out(page)

    # The handler closes the incoming document with the report as its answer.
    sign_in(page, base, "linh.pt")
    open_incoming(page, subject)
    page.check("input[name=outcome][value=reply]")
    page.locator("#reply_document_id").select_option(report_url.rsplit("/", 1)[1])
    page.fill("#comment", "Đã báo cáo kết quả tháng 8/2025.")
    page.get_by_role("button", name="Hoàn thành").click()
    page.wait_for_load_state()
    shot(page, "x04-linh-answered")
    expect(page.locator("main")).to_contain_text("01-BC/ĐU")
    page.get_by_role("link", name="Báo cáo định kỳ").click()
    expect(page.locator("main")).to_contain_text("01-BC/ĐU")
    sign_out(page)

    # Back at Đảng ủy Chính phủ: the report is on its way; its clerk registers it, which fulfils the period on time.
    sign_in(page, base, "lan.tt")
    page.get_by_role("link", name="Báo cáo định kỳ").click()
    page.locator("a[href*='/reports/obligations/']").first.click()
    row = page.locator("table.report-matrix tr", has_text="Đảng ủy Bộ Nông nghiệp và Môi trường")
    expect(row).to_contain_text("Đã gửi, chờ vào sổ")
    sign_out(page)
    sign_in(page, base, "ha.dt")
    row = page.locator("tr.task-row.flow-incoming", has_text=report_subject)
    expect(row).to_have_count(1)
    assert "01-BC/ĐU" in row.inner_text() and "Đảng ủy Bộ Nông nghiệp và Môi trường" in row.inner_text()
    open_incoming(page, report_subject)
    page.get_by_role("button", name="Vào sổ").click()
    page.wait_for_load_state()
    expect(page.locator(".incoming-stamp")).to_contain_text("CÔNG VĂN ĐẾN")
    shot(page, "x05-ha-registered-report")
    sign_out(page)
    sign_in(page, base, "lan.tt")
    page.get_by_role("link", name="Báo cáo định kỳ").click()
    page.locator("a[href*='/reports/obligations/']").first.click()
    row = page.locator("table.report-matrix tr", has_text="Đảng ủy Bộ Nông nghiệp và Môi trường")
    expect(row).to_contain_text("Đúng hạn")
    shot(page, "x06-lan-matrix")
    sign_out(page)

    # The scheduler sends every queued e-mail to the SMTP server.
    inbox = Inbox()
    port = _free_port()
    ctl = Controller(inbox, hostname="127.0.0.1", port=port)
    ctl.start()
    try:
        out = run_scheduler(live_server, port)
    finally:
        ctl.stop()
    assert "failed" in out and " 0 failed" in out.split("Mail:")[1], out
    for username in PEOPLE:
        mails = inbox.to(f"{username}@vanban.test")
        assert mails, f"{username} received no e-mail"
        for m in mails:
            text = m.get_content()
            assert "Kính gửi đồng chí" in text and f"Xem chi tiết: {MAIL_BASE}/" in text, text
    (registered,) = [m for m in inbox.to("thang.dv@vanban.test") if "Văn bản đến số 2604" in m["Subject"]]
    path = re.search(rf"{re.escape(MAIL_BASE)}(/incoming/\d+)", registered.get_content()).group(1)
    sign_in(page, base, "thang.dv")
    page.goto(base + path)
    expect(page.locator(".incoming-stamp")).to_contain_text("Số 2604")
    assert page.dialogs == [] and page.page_errors == []


def test_the_receiving_side_reads_well_on_a_phone(live_server, phone_page):
    """The incoming, register, reporting and notification pages at 390 px, for the leader, the clerk and the
    handler of the receiving organization (after the journey above, they hold its documents)."""
    from .test_phone import Phone

    phone = Phone(phone_page, live_server.url)
    base = live_server.url
    for username, paths in (("thang.dv", ("/incoming", "/register/incoming", "/register/incoming?view=follow-up",
                                          "/reports", "/notifications")),
                            ("hoa.nt", ("/incoming", "/incoming/new", "/register/incoming")),
                            ("linh.pt", ("/reports", "/incoming"))):
        phone.sign_in(username)
        for path in paths:
            phone_page.goto(base + path)
            phone.check(f"{username}-{path.strip('/').replace('/', '-').replace('?', '-').replace('=', '-')}")
        first = phone_page.locator("a[href^='/incoming/']").filter(has_text=re.compile(r"\w")).first
        if first.count():
            first.click()
            phone.check(f"{username}-incoming-document")
        phone.sign_out()
    assert phone_page.page_errors == []
