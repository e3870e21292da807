"""Seed 000 (plan 23-KH/ĐU) approved and signed from a phone: every page at 390 px, without sideways scrolling.

Mobile chromium widens its layout viewport to fit a page that is too wide (and zooms out), so "no sideways
scrolling" is checked as: the layout viewport stays 390 px wide AND the document is no wider than it.
Full-page screenshots go to test-artifacts/browser/phone/ (git-ignored).
"""
from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from ..conftest import DEMO_PASSWORD
from ..seed_docs import seed000
from .conftest import PHONE, shot
from .test_seed000_journey import RETURN_COMMENT, fill_draft

pytestmark = pytest.mark.browser
WIDTH = PHONE["viewport"]["width"]


class Phone:
    """Drives one phone through the pages; every page it lands on is checked and photographed."""

    def __init__(self, page, base: str) -> None:
        self.page, self.base, self.n = page, base, 0
        self.seen: list[str] = []

    def check(self, name: str, *buttons: str, links: tuple[str, ...] = ()) -> None:
        page = self.page
        page.wait_for_load_state()
        scroll_width, inner_width = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
        assert inner_width == WIDTH, f"{name}: the phone widened its layout viewport to {inner_width}px (too wide content)"
        assert scroll_width <= inner_width, f"{name}: the page scrolls sideways ({scroll_width}px > {inner_width}px)"
        for label in buttons:
            self.within_width(name, page.get_by_role("button", name=label, exact=True).first, label, tall=True)
        for label in links:
            self.within_width(name, page.get_by_role("link", name=label, exact=True).first, label)
        if page.locator("header.top .who").count():  # signed in: the way out is always reachable
            self.within_width(name, page.get_by_role("button", name="Đăng xuất"), "Đăng xuất")
        self.n += 1
        shot(page, f"phone/{self.n:02d}-{name}")
        self.seen.append(name)

    def within_width(self, name: str, locator, label: str, tall: bool = False) -> None:
        expect(locator).to_be_visible()
        box = locator.bounding_box()
        assert box and box["x"] >= 0 and box["x"] + box["width"] <= WIDTH, f"{name}: '{label}' is cut off: {box}"
        if tall:
            assert box["height"] >= 40, f"{name}: '{label}' is only {box['height']}px high (touch target)"

    def sign_in(self, username: str) -> None:
        page = self.page
        page.goto(f"{self.base}/login")
        self.check(f"login-{username}", "Đăng nhập")
        page.locator("#username").tap()
        page.fill("#username", username)
        page.fill("#password", DEMO_PASSWORD)
        page.get_by_role("button", name="Đăng nhập").tap()
        page.wait_for_url(f"{self.base}/")
        self.check(f"{username}-tasks")

    def sign_out(self) -> None:
        self.page.get_by_role("button", name="Đăng xuất").tap()
        self.page.wait_for_url("**/login")

    def open_task(self, subject: str) -> None:
        """From the task cards of 'Việc cần làm', tap the document waiting for this person."""
        card = self.page.locator("tr.task-row", has_text=subject)
        expect(card).to_have_count(1)
        box = card.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= WIDTH, f"the task card is wider than the phone: {box}"
        card.get_by_role("link", name=subject).tap()
        self.page.wait_for_url(re.compile(r".*/documents/\d+$"))

    def act(self, name: str, button: str, comment: str | None = None) -> None:
        """On the document page: check it, type the comment (if any) with the keyboard, tap the button."""
        page = self.page
        self.check(name, button)
        if comment:
            box = page.locator("#comment")
            self.within_width(name, box, "Ý kiến")
            box.tap()
            page.keyboard.type(comment)
        with page.expect_navigation():  # a tap, unlike a click, does not wait for the page it loads
            page.get_by_role("button", name=button, exact=True).tap()
        assert page.locator(".form-error").count() == 0, page.locator(".form-error").all_inner_texts()
        self.check(f"{name}-after")


def test_seed_plan_is_approved_and_signed_from_a_phone(live_server, phone_page):
    p = seed000()["payload"]
    subject = p["subject"]
    phone = Phone(phone_page, live_server.url)
    page = phone_page

    # The drafter writes the first draft on the phone (section I only) and submits it.
    phone.sign_in("lan.tt")
    page.get_by_role("link", name="Soạn văn bản").tap()
    page.wait_for_url("**/documents/new")
    fill_draft(page, p, p["body"].split("II. ")[0])
    expect(page.locator("#recipient-rows tr")).to_have_count(len(p["recipients"]))
    phone.check("lan-new-draft", "Lưu dự thảo", "Thêm dòng nơi nhận")
    for field in ("#subject", "#body", "#recipient-rows tr:last-child select[name=recipient_link]"):
        phone.within_width("lan-new-draft", page.locator(field), field)
    page.get_by_role("button", name="Lưu dự thảo").tap()
    page.wait_for_url(re.compile(r".*/documents/\d+$"))
    doc_url = page.url
    # The BPMN diagram scrolls inside its own frame, not the page.
    frame = page.locator(".svg-wrap")
    phone.within_width("lan-draft", frame, "sơ đồ quy trình")
    assert frame.evaluate("e => e.scrollWidth > e.clientWidth"), "the diagram should scroll inside its frame"
    phone.act("lan-draft", "Trình duyệt")
    assert "Thẩm định nội dung" in page.locator(".current-step").inner_text()
    phone.sign_out()

    # The unit head returns it with a comment typed in the comment box.
    phone.sign_in("hung.lv")
    phone.open_task(subject)
    phone.act("hung-review", "Trả lại", RETURN_COMMENT)
    assert "Soạn thảo" in page.locator(".current-step").inner_text()
    assert RETURN_COMMENT in page.locator(".comments").inner_text()
    page.get_by_role("link", name="Thông báo").tap()
    page.wait_for_url("**/notifications")
    phone.check("hung-notifications", "Đánh dấu tất cả đã đọc")
    phone.sign_out()

    # The drafter reads the comment, completes the text in the edit form and submits again.
    phone.sign_in("lan.tt")
    assert "Bị trả lại" in page.locator("tr.task-row", has_text=subject).inner_text()
    phone.open_task(subject)
    phone.check("lan-returned", links=("Chỉnh sửa dự thảo",))
    assert RETURN_COMMENT in page.locator(".comments").inner_text()
    page.get_by_role("link", name="Chỉnh sửa dự thảo").tap()
    page.wait_for_url("**/edit")
    page.fill("#body", p["body"])
    phone.check("lan-edit-draft", "Lưu dự thảo")
    page.get_by_role("button", name="Lưu dự thảo").tap()
    page.wait_for_url(doc_url)
    assert "Bản 1 → bản 2" in page.locator(".diffs").inner_text()
    phone.act("lan-draft-v2", "Trình duyệt")
    phone.sign_out()

    # Unit head approves, the office checks the form, Nguyễn Đức Phong signs: each from the phone.
    for username, button, comment in (("hung.lv", "Đồng ý", None), ("tuan.pm", "Đồng ý", "Đúng thể thức."),
                                      ("phong.nd", "Ký ban hành", None)):
        phone.sign_in(username)
        phone.open_task(subject)
        phone.act(f"{username.split('.')[0]}-decides", button, comment)
        phone.sign_out()

    # The clerk numbers and dispatches; the delivery rows read as cards with their recording form.
    phone.sign_in("ha.dt")
    phone.open_task(subject)
    assert "T/M BAN THƯỜNG VỤ" in page.locator(".signature").inner_text()
    phone.act("ha-number", "Cấp số, đăng ký")
    assert page.locator(".number-line").inner_text().startswith("Số 23-KH/ĐU")
    phone.act("ha-dispatch", "Phát hành")
    assert page.locator(".current-step").inner_text() == "Đã phát hành"
    expect(page.locator(".deliveries tbody tr")).to_have_count(11)
    phone.check("ha-dispatched", "Ghi nhận đã gửi")

    # The outgoing register: one card per entry, every column under its label.
    page.get_by_role("link", name="Sổ văn bản đi").tap()
    page.wait_for_url("**/register/outgoing")
    phone.check("ha-register", "Lọc")
    entry = page.locator("table.register tbody tr").first
    phone.within_width("ha-register", entry, "thẻ sổ đăng ký")
    assert entry.locator(".col-symbol").inner_text() == "23-KH/ĐU"
    phone.within_width("ha-register", entry.locator(".col-recipients li").last, "nơi nhận")
    phone.sign_out()

    # The documents list of the signer, and her way back to the document.
    phone.sign_in("phong.nd")
    page.get_by_role("link", name="Văn bản", exact=True).tap()
    page.wait_for_url("**/documents")
    phone.check("phong-documents", "Lọc")
    card = page.locator("table.documents tbody tr", has_text=subject)
    expect(card).to_have_count(1)
    assert "23-KH/ĐU" in card.inner_text()
    phone.within_width("phong-documents", card, "thẻ văn bản")
    phone.sign_out()

    assert len(phone.seen) >= 30, phone.seen
    assert page.dialogs == [] and page.page_errors == []
