"""Ủy quyền xử lý in a real browser: the unit head names a substitute on their account page; the substitute finds
the task in "Việc cần làm" marked "thay …", approves it, and the history names both people.
Screenshots: test-artifacts/browser/substitution-*.png."""
from __future__ import annotations

import pytest
import requests
from playwright.sync_api import expect

from ..seed_docs import seed000
from .conftest import shot, sign_in, sign_out

pytestmark = pytest.mark.browser


def test_a_person_names_a_substitute_who_then_holds_their_task(live_server, page):
    sign_in(page, live_server.url, "hung.lv")
    page.goto(f"{live_server.url}/account/substitutions")
    expect(page.get_by_role("heading", name="Ủy quyền xử lý")).to_be_visible()
    page.select_option("#sub-substitute", "minh.nv")
    page.fill("#sub-start", "2025-08-07T08:00")
    page.fill("#sub-end", "2025-08-09T17:00")
    page.fill("#sub-reason", "Đi công tác Đà Nẵng")
    page.get_by_role("button", name="Giao xử lý thay").click()
    expect(page.locator(".flash")).to_contain_text("Đã giao Nguyễn Văn Minh xử lý thay Lê Văn Hùng.")
    row = page.locator("tr.substitution").first
    expect(row).to_contain_text("Nguyễn Văn Minh")
    expect(row).to_contain_text("Đi công tác Đà Nẵng")
    shot(page, "substitution-account")

    page.select_option("#sub-substitute", "lan.tt")  # an overlapping window is refused, in Vietnamese
    page.fill("#sub-start", "2025-08-08T08:00")
    page.fill("#sub-end", "2025-08-08T17:00")
    page.get_by_role("button", name="Giao xử lý thay").click()
    expect(page.locator(".form-error")).to_contain_text("trùng với khoảng này")
    sign_out(page)

    lan = live_server.api_login("lan.tt")
    doc = requests.post(f"{live_server.url}/api/documents", json=seed000()["payload"], headers=lan, timeout=60).json()
    r = requests.post(f"{live_server.url}/api/documents/{doc['id']}/tasks/{doc['task_id']}", json={}, headers=lan,
                      timeout=60)
    assert r.status_code == 200, r.text

    sign_in(page, live_server.url, "minh.nv")
    task = page.locator(f'tr.task-row[data-doc="{doc["id"]}"]')
    expect(task.locator(".on-behalf")).to_have_text("thay Lê Văn Hùng")
    shot(page, "substitution-task-row")
    task.locator("a.subject").click()
    page.get_by_role("button", name="Đồng ý").first.click()
    expect(page.locator("ol.history li").last).to_contain_text("Nguyễn Văn Minh (thay Lê Văn Hùng)")
    shot(page, "substitution-history")
    page.locator("section.timeline").screenshot(path=str(shot(page, "substitution-history").with_name(
        "substitution-history-section.png")))
