"""The archivist's history page (/audit) in a real browser: the chain intact after a draft is sent for review,
then broken where a database administrator edited a row. Screenshots: test-artifacts/browser/audit-*.png."""
from __future__ import annotations

import sqlite3

import pytest
import requests
from playwright.sync_api import expect

from ..seed_docs import seed000
from .conftest import shot, sign_in, sign_out

pytestmark = pytest.mark.browser


def test_the_archivist_sees_the_chain_intact_then_the_edited_event(live_server, page):
    lan = live_server.api_login("lan.tt")
    doc = requests.post(f"{live_server.url}/api/documents", json=seed000()["payload"], headers=lan, timeout=60).json()
    r = requests.post(f"{live_server.url}/api/documents/{doc['id']}/tasks/{doc['task_id']}", json={}, headers=lan,
                      timeout=60)
    assert r.status_code == 200, r.text

    sign_in(page, live_server.url, "mai.vt")
    page.get_by_role("link", name="Nhật ký").click()
    row = page.locator('tr[data-org="DUCP"]')
    expect(row).to_contain_text("Nguyên vẹn")
    with sqlite3.connect(live_server.db_path) as conn:
        ids = [i for (i,) in conn.execute("select id from audit_events where document_id = ? order by id",
                                          (doc["id"],))]
    assert len(ids) == 2, ids  # created, submitted (the demo's own events, e.g. its seal images, come before)
    for event_id in ids:
        expect(page.locator(f'table.audit-events tr[data-event="{event_id}"]')).to_be_visible()
    shot(page, "audit-intact")

    with sqlite3.connect(live_server.db_path) as conn:  # a DBA edits the document's first event behind our back
        first = ids[0]
        conn.execute("drop trigger audit_events_no_update")
        conn.execute("update audit_events set comment = 'Sửa lén' where id = ?", (first,))
    page.reload()
    expect(row).to_contain_text("Bị can thiệp")
    expect(row).to_contain_text(f"Sự kiện #{first} đã bị sửa")
    expect(page.locator(f'tr[data-event="{first}"]')).to_have_class("audit-bad")
    shot(page, "audit-broken")
    with page.expect_download() as dl:
        row.get_by_role("link", name="Tải nhật ký (JSON lines)").click()
    assert dl.value.suggested_filename == "nhat-ky-DUCP.jsonl"

    sign_out(page)  # the system administrator sees every chain; the broken one is walked when chosen
    sign_in(page, live_server.url, "quantri")
    page.goto(f"{live_server.url}/audit?org=DUCP")
    expect(page.locator('tr[data-org="DUCP"]')).to_contain_text("Bị can thiệp")
    expect(page.locator('tr[data-org="DUBNNMT"]')).to_contain_text("Kiểm tra")
    shot(page, "audit-sysadmin")


def test_the_history_page_fits_a_phone(live_server, phone_page):
    sign_in(phone_page, live_server.url, "mai.vt")
    phone_page.goto(f"{live_server.url}/audit")
    expect(phone_page.locator('tr[data-org="DUCP"]')).to_be_visible()
    scroll_width, inner_width = phone_page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    assert scroll_width <= inner_width == 390, (scroll_width, inner_width)
    shot(phone_page, "audit-phone")
