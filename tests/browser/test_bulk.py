"""Issue 13, bulk actions in a real browser: the unit head ticks three plans, approves them at once, and reads
the result of each (one was not at the step, and says so). Screenshots in test-artifacts/browser/."""
from __future__ import annotations

import requests
from playwright.sync_api import expect

from ..seed_docs import seed000
from .conftest import shot, sign_in


def _submitted(live_server, headers, subject, submit=True) -> int:
    r = requests.post(f"{live_server.url}/api/documents", json=seed000()["payload"] | {"subject": subject},
                      headers=headers, timeout=30)
    assert r.status_code == 201, r.text
    doc = r.json()
    if submit:
        r = requests.post(f"{live_server.url}/api/documents/{doc['id']}/tasks/{doc['task_id']}", json={},
                          headers=headers, timeout=30)
        assert r.status_code == 200, r.text
    return doc["id"]


def test_the_unit_head_approves_three_plans_at_once(live_server, page):
    lan = live_server.api_login("lan.tt")
    subjects = [f"Kế hoạch tuyên truyền đợt {i}" for i in (1, 2, 3)]
    ids = [_submitted(live_server, lan, s) for s in subjects]
    sign_in(page, live_server.url, "hung.lv")
    bar = page.locator("fieldset.bulk-bar")
    expect(bar).to_be_visible()
    page.get_by_label("Chọn tất cả").check()  # every plan at a step that can be handled in bulk
    for i in ids:
        expect(page.locator(f'input[name=doc][value="{i}"]')).to_be_checked()
    page.select_option("select[name=choice]", "content_review:approve")
    page.fill("input[name=comment]", "Đồng ý, chuyển Văn phòng kiểm tra thể thức.")
    shot(page, "bulk-tasks-ticked")
    page.get_by_role("button", name="Thực hiện").click()
    page.wait_for_url("**/tasks/bulk")
    expect(page.locator("h1")).to_contain_text("Kết quả xử lý hàng loạt: Thẩm định nội dung: Đồng ý")
    expect(page.locator("tr.bulk-row.ok")).to_have_count(3)
    expect(page.locator(".bulk-summary")).to_contain_text("Đã xử lý thành công 3/3 văn bản")
    shot(page, "bulk-result")
    page.get_by_role("link", name="Quay lại Việc cần làm").click()
    for s in subjects:
        expect(page.get_by_role("link", name=s)).to_have_count(0)
    assert page.page_errors == [] and page.dialogs == []
