"""Recall and a voided number through the pages, in a real browser against a real server process; screenshots of
the recalled document ("ĐÃ THU HỒI") and of the register with its voided number are kept in test-artifacts/."""
from __future__ import annotations

import pytest
import requests
from playwright.sync_api import expect

from ..seed_docs import seed000
from .conftest import shot, sign_in, sign_out

pytestmark = pytest.mark.browser
REASON = "Kế hoạch ban hành khi chưa xin ý kiến Thường trực Đảng ủy."
VOID_REASON = "Cấp số nhầm vào văn bản chưa được phép phát hành trong ngày."


def _through_api(server, steps: int) -> dict:
    """Seed 000's plan drafted and taken through the first `steps` steps (5: numbered, 6: dispatched)."""
    s = requests.Session()
    r = s.post(f"{server.url}/api/documents", json=seed000()["payload"], headers=server.api_login("lan.tt"), timeout=60)
    assert r.status_code == 201, r.text
    doc = r.json()
    people = [("lan.tt", {}), ("hung.lv", {"decision": "approve"}), ("tuan.pm", {"decision": "approve"}),
              ("phong.nd", {"decision": "approve"}), ("ha.dt", {}), ("ha.dt", {})]
    for username, data in people[:steps]:
        r = s.post(f"{server.url}/api/documents/{doc['id']}/tasks/{doc['task_id']}", json=data,
                   headers=server.api_login(username), timeout=120)
        assert r.status_code == 200, r.text
        doc = r.json()
    return doc


def test_a_signer_recalls_and_a_clerk_voids_a_number_through_the_pages(live_server, page):
    base = live_server.url
    plan = _through_api(live_server, 6)
    assert plan["symbol"] == "23-KH/ĐU" and plan["status"] == "DISPATCHED"

    sign_in(page, base, "phong.nd")
    page.goto(f"{base}/documents/{plan['id']}")
    page.locator("details.recall summary").click()
    expect(page.locator("details.recall .warning")).to_contain_text("Không hoàn tác được")
    page.fill("#recall-reason", REASON)
    page.get_by_role("button", name="Xác nhận thu hồi").click()
    page.wait_for_load_state()
    banner = page.locator("#recalled")
    expect(banner).to_contain_text("ĐÃ THU HỒI")
    expect(banner).to_contain_text(REASON)
    assert page.locator("details.recall").count() == 0
    shot(page, "recall-01-document-recalled")
    sign_out(page)

    numbered = _through_api(live_server, 5)
    assert numbered["symbol"] == "24-KH/ĐU" and numbered["step"] == "dispatch"
    sign_in(page, base, "ha.dt")
    page.goto(f"{base}/documents/{numbered['id']}")
    page.locator("details.void summary").click()
    page.fill("#void-reason", VOID_REASON)
    page.get_by_role("button", name="Xác nhận hủy số").click()
    page.wait_for_load_state()
    assert "Cấp số, đăng ký văn bản đi" in page.locator(".current-step").inner_text()
    page.get_by_role("button", name="Cấp số, đăng ký", exact=True).click()
    page.wait_for_load_state()
    assert page.locator(".number-line").inner_text().startswith("Số 25-KH/ĐU"), "24 is never given again"
    page.goto(f"{base}/register/outgoing")
    voided = page.locator("tr.voided")
    expect(voided).to_have_count(1)
    expect(voided).to_contain_text("24-KH/ĐU")
    expect(voided.locator(".mark-voided")).to_have_text("Số bị hủy")
    expect(voided.locator(".col-note")).to_contain_text(f"Số bị hủy: {VOID_REASON}")
    recalled = page.locator("tr.recalled")
    expect(recalled).to_contain_text("23-KH/ĐU")
    expect(recalled.locator(".col-note")).to_contain_text(f"ĐÃ THU HỒI: {REASON}")
    assert [t.split()[0] for t in page.locator("td.col-symbol").all_inner_texts()] == [
        "25-KH/ĐU", "24-KH/ĐU", "23-KH/ĐU"]
    shot(page, "recall-02-register-voided-and-recalled")
    sign_out(page)

    sign_in(page, base, "hoa.nt")  # the recipient's clerk: the copy is withdrawn, with the reason
    page.goto(f"{base}/incoming")
    row = page.locator("tr", has_text="23-KH/ĐU")
    expect(row.locator(".badge.incoming-withdrawn")).to_have_text("Đã thu hồi")
    row.locator("a").first.click()
    expect(page.locator("#withdrawn")).to_contain_text(REASON)
    expect(page.locator(".current-step")).to_have_text("Đã thu hồi — không còn bước xử lý")
    shot(page, "recall-03-recipient-incoming-withdrawn")
    assert not page.page_errors
