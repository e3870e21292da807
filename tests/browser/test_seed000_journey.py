"""Seed 000 (plan 23-KH/ĐU) through the pages only, in a real browser, against a real server process."""
from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from ..seed_docs import seed000
from .conftest import shot, sign_in, sign_out

pytestmark = pytest.mark.browser
RETURN_COMMENT = "Bổ sung nội dung phần II, III, IV."


def fill_draft(page, payload: dict, body: str) -> None:
    page.select_option("#kind", payload["kind"])
    page.select_option("#drafting_unit", payload["drafting_unit"])
    page.fill("#subject", payload["subject"])
    page.fill("#preamble", payload["preamble"])
    page.fill("#body", body)
    page.select_option("#intended_signer", payload["intended_signer"])
    rows = page.locator("#recipient-rows tr")
    while rows.count() < len(payload["recipients"]):
        page.get_by_role("button", name="Thêm dòng nơi nhận").click()
    for i, r in enumerate(payload["recipients"]):
        rows.nth(i).locator("input").fill(r["text"])
        rows.nth(i).locator("select[name=recipient_purpose]").select_option(r["purpose"])
    page.fill("#archive_units", ", ".join(payload["archive"]["units"]))
    page.fill("#archive_copies", str(payload["archive"]["copies"]))


def open_task(page, subject: str) -> None:
    """From 'Việc cần làm', open the document whose task is waiting."""
    page.get_by_role("link", name=subject).click()
    page.wait_for_url(re.compile(r".*/documents/\d+$"))


def act(page, button: str, comment: str | None = None) -> None:
    if comment:
        page.fill("#comment", comment)
    page.get_by_role("button", name=button, exact=True).click()
    page.wait_for_load_state()
    assert page.locator(".form-error").count() == 0, page.locator(".form-error").all_inner_texts()


def diagram_state(page, shape: str) -> str:
    return page.locator(f"svg.bpmn [data-id='{shape}']").get_attribute("data-state")


def test_seed_plan_goes_from_draft_to_register_through_the_pages(live_server, page):
    seed = seed000()
    p = seed["payload"]
    base = live_server.url
    subject = p["subject"]

    # The drafter writes the first draft (sections I only) and submits it.
    sign_in(page, base, "lan.tt")
    shot(page, "01-lan-tasks-empty")
    page.get_by_role("link", name="Soạn văn bản").click()
    fill_draft(page, p, p["body"].split("II. ")[0])
    shot(page, "02-lan-new-document-form")
    page.get_by_role("button", name="Lưu dự thảo").click()
    page.wait_for_url(re.compile(r".*/documents/\d+$"))
    doc_url = page.url
    assert page.locator("h1.subject").inner_text() == subject
    assert diagram_state(page, "draft") == "current"
    act(page, "Trình duyệt")
    assert "Thẩm định nội dung" in page.locator(".current-step").inner_text()
    assert "Lê Văn Hùng" in page.locator(".holders").inner_text()
    shot(page, "03-lan-submitted")
    sign_out(page)

    # The unit head finds it in 'Việc cần làm' and returns it with a comment.
    sign_in(page, base, "hung.lv")
    row = page.locator("tr.task-row", has_text=subject)
    assert row.count() == 1
    assert "Thẩm định nội dung" in row.inner_text() and "Đảng ủy Chính phủ" in row.inner_text()
    assert "Kế hoạch" in row.inner_text() and "chờ" in row.locator(".waiting").inner_text()
    shot(page, "04-hung-tasks")
    open_task(page, subject)
    assert diagram_state(page, "draft") == "done" and diagram_state(page, "content_review") == "current"
    shot(page, "05-hung-document")
    page.get_by_role("button", name="Trả lại", exact=True).click()  # without a comment: refused
    page.wait_for_load_state()
    assert "Ý kiến: bắt buộc khi trả lại" in page.locator("#action-error").inner_text()
    assert "Thẩm định nội dung" in page.locator(".current-step").inner_text(), "nothing changed"
    shot(page, "05b-hung-return-without-comment")
    act(page, "Trả lại", RETURN_COMMENT)
    assert "Soạn thảo" in page.locator(".current-step").inner_text()
    sign_out(page)

    # The drafter sees the comment, revises the draft with the full text, and submits again.
    sign_in(page, base, "lan.tt")
    row = page.locator("tr.task-row", has_text=subject)
    assert "Bị trả lại" in row.inner_text()
    open_task(page, subject)
    assert RETURN_COMMENT in page.locator(".comments").inner_text()
    page.get_by_role("link", name="Chỉnh sửa dự thảo").click()
    page.fill("#body", p["body"])
    shot(page, "06-lan-revise-form")
    page.get_by_role("button", name="Lưu dự thảo").click()
    page.wait_for_url(doc_url)
    diff = page.locator(".diffs")
    assert "Bản 1 → bản 2" in diff.inner_text()
    assert "II. " in diff.locator(".ins").first.inner_text() or diff.locator(".ins").count() > 0
    shot(page, "07-lan-document-v2-diff")
    act(page, "Trình duyệt")
    sign_out(page)

    # Head approves, office checks the form, Nguyễn Đức Phong signs.
    for username, button, comment in (("hung.lv", "Đồng ý", None), ("tuan.pm", "Đồng ý", "Đúng thể thức."),
                                      ("phong.nd", "Ký ban hành", None)):
        sign_in(page, base, username)
        open_task(page, subject)
        act(page, button, comment)
        sign_out(page)

    # The clerk numbers and dispatches.
    sign_in(page, base, "ha.dt")
    open_task(page, subject)
    assert "T/M BAN THƯỜNG VỤ" in page.locator(".signature").inner_text()
    shot(page, "08-ha-before-numbering")
    act(page, "Cấp số, đăng ký")
    assert page.locator(".number-line").inner_text().startswith("Số 23-KH/ĐU")
    assert page.locator(".date-line").inner_text() == "Hà Nội, ngày 07 tháng 8 năm 2025"
    act(page, "Phát hành")
    assert page.locator(".current-step").inner_text() == "Đã phát hành"
    assert diagram_state(page, "dispatch") == "done" and diagram_state(page, "end") == "done"
    shot(page, "09-ha-dispatched")
    # Lines 2 and 3 name no one in the system: the clerk sends them on paper and records it.
    deliveries = page.locator(".deliveries tbody tr")
    expect(deliveries).to_have_count(11)
    assert "Đảng ủy Bộ Ngoại giao" in deliveries.nth(9).inner_text()
    assert "Đảng ủy Bộ Nông nghiệp và Môi trường" in deliveries.nth(10).inner_text()
    for _ in range(2):
        form = page.locator("form.record-delivery").first
        form.locator("select[name=channel]").select_option("PAPER")
        form.locator("input[name=note]").fill("Gửi bản giấy qua giao liên")
        form.get_by_role("button", name="Ghi nhận đã gửi").click()
        page.wait_for_load_state()
    expect(page.locator("form.record-delivery")).to_have_count(0)
    assert "Ngoài hệ thống: Bản giấy" in deliveries.nth(1).inner_text()
    shot(page, "09b-ha-recorded-outside")
    sign_out(page)

    # The archivist finds it in the register by searching without diacritics.
    sign_in(page, base, "mai.vt")
    page.get_by_role("link", name="Sổ văn bản đi").click()
    page.fill("#q", "ke hoach thong tin doi ngoai")
    page.get_by_role("button", name="Lọc").click()
    page.wait_for_load_state()
    rows = page.locator("table.register tbody tr")
    assert rows.count() == 1
    entry = rows.first
    assert entry.locator(".col-symbol").inner_text() == "23-KH/ĐU"
    assert "07/08/2025" in entry.inner_text() and "Nguyễn Đức Phong" in entry.inner_text()
    recipients = entry.locator(".recipients-status li")
    assert recipients.count() == len(p["recipients"]) == 7
    for i, r in enumerate(p["recipients"]):
        assert r["text"] in recipients.nth(i).inner_text() and "Đã gửi" in recipients.nth(i).inner_text()
    shot(page, "10-mai-register-search")
    entry.get_by_role("link", name="23-KH/ĐU").click()
    page.wait_for_url("**/documents/*")  # the document page, not the register still on screen
    expect(page.locator(".deliveries tbody tr")).to_have_count(11)
    history = page.locator("ol.history li").all_inner_texts()
    assert len(history) == 12
    shot(page, "11-mai-document")
    assert page.dialogs == [] and page.page_errors == []
