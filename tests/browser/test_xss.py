"""In a real browser, markup typed into a document is shown as text: no script runs, no dialog opens."""
from __future__ import annotations

import pytest
import requests

from ..seed_docs import seed000
from .conftest import shot, sign_in, sign_out

pytestmark = pytest.mark.browser
EVIL = "<script>alert(1)</script> Kế hoạch thử"
EVIL_RECIPIENT = '<img src=x onerror="alert(2)">Các đảng ủy trực thuộc'


def test_script_in_a_subject_never_runs_on_any_page(live_server, page):
    api = live_server.url + "/api"
    p = dict(seed000()["payload"], subject=EVIL, body=seed000()["payload"]["body"] + "\n- <svg onload=alert(3)>")
    p["recipients"] = [*p["recipients"][:-1], {"text": EVIL_RECIPIENT, "purpose": "ACTION"}]
    lan = live_server.api_login("lan.tt")
    doc = requests.post(f"{api}/documents", json=p, headers=lan, timeout=30).json()

    sign_in(page, live_server.url, "lan.tt")
    assert page.locator("tr.task-row a.subject").inner_text() == EVIL
    page.get_by_role("link", name=EVIL).click()
    assert page.locator("h1.subject").inner_text() == EVIL
    assert EVIL_RECIPIENT in page.locator(".recipient-lines").inner_text()
    shot(page, "xss-document")
    sign_out(page)

    for username, data in (("lan.tt", {}), ("hung.lv", {"decision": "approve"}), ("tuan.pm", {"decision": "approve"}),
                           ("phong.nd", {"decision": "approve"}), ("ha.dt", {}), ("ha.dt", {})):
        r = requests.post(f"{api}/documents/{doc['id']}/tasks/{doc['task_id']}", json=data,
                          headers=live_server.api_login(username), timeout=30)
        assert r.status_code == 200, r.text
        doc = r.json()
    sign_in(page, live_server.url, "mai.vt")
    page.goto(f"{live_server.url}/register/outgoing?q=script")
    assert page.locator("table.register tbody tr").count() == 1
    assert EVIL in page.locator("table.register tbody tr").inner_text()
    shot(page, "xss-register")
    page.goto(f"{live_server.url}/documents/{doc['id']}")
    assert page.locator("h1.subject").inner_text() == EVIL
    assert page.dialogs == [], f"a script ran: {page.dialogs}"
    assert page.locator("script:not([src])").count() == 0
