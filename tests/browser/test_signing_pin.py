"""Signing with one's own PIN in a real browser: the Sign form shows the PDF that will be signed and a PIN field;
a wrong PIN signs nothing and says so, the demo PIN signs. Screenshot: test-artifacts/browser/signing-pin-*.png."""
from __future__ import annotations

import pytest
import requests
from playwright.sync_api import expect

from ..seed_docs import seed000
from .conftest import shot, sign_in

pytestmark = pytest.mark.browser
LIVE_SERVER_EXTRA = (["keys", "init"],)  # demo keys, every one under the PIN 123456


def test_the_sign_form_shows_the_pdf_and_asks_for_the_pin(live_server, page):
    doc = requests.post(f"{live_server.url}/api/documents", json=seed000()["payload"],
                        headers=live_server.api_login("lan.tt"), timeout=60).json()
    for who, data in (("lan.tt", {}), ("hung.lv", {"decision": "approve"}), ("tuan.pm", {"decision": "approve"})):
        r = requests.post(f"{live_server.url}/api/documents/{doc['id']}/tasks/{doc['task_id']}", json=data,
                          headers=live_server.api_login(who), timeout=60)
        assert r.status_code == 200, r.text
        doc = r.json()
    sign_in(page, live_server.url, "phong.nd")
    # The page is ready when its own HTML is; the preview PDF inside the frame renders on its own time.
    page.goto(f"{live_server.url}/documents/{doc['id']}", wait_until="domcontentloaded", timeout=60_000)
    frame = page.locator("iframe#signing-preview")
    expect(frame).to_be_visible(timeout=30_000)
    assert frame.get_attribute("src").endswith(f"/documents/{doc['id']}/signing-preview.pdf")
    preview = page.request.get(f"{live_server.url}/documents/{doc['id']}/signing-preview.pdf")
    assert preview.status == 200 and preview.body().startswith(b"%PDF")
    expect(page.get_by_label("Mã PIN ký số")).to_be_visible()
    page.get_by_label("Mã PIN ký số").fill("000000")
    shot(page, "signing-pin-form")
    with page.expect_navigation(wait_until="commit", timeout=60_000):
        press_sign(page)
    expect(page.locator("#action-error")).to_contain_text("Mã PIN không đúng", timeout=30_000)
    expect(page.locator(".current-step")).to_contain_text("Ký", timeout=30_000)
    page.get_by_label("Mã PIN ký số").fill("123456")
    with page.expect_navigation(wait_until="commit", timeout=60_000):
        press_sign(page)
    expect(page.get_by_text("Đã ký văn bản.")).to_be_visible(timeout=30_000)
    shot(page, "signing-pin-signed")


def press_sign(page) -> None:
    """Activate "Ký ban hành" from the keyboard: Chromium's PDF viewer in the frame above may still be laying
    itself out, and a mouse click aimed at the button's coordinates could land on the moving frame instead."""
    button = page.get_by_role("button", name="Ký ban hành")
    button.focus()
    button.press("Enter", no_wait_after=True)
