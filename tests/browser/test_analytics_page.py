"""Where documents wait (/analytics) in a real browser, on the data of tests/analytics/scenario.py (240
documents moved with a frozen clock, then served by a real server whose clock stands at the scenario's "now"):
the Chánh Văn phòng reads the table and both charts, narrows to one step, and downloads the CSV.
Screenshots: test-artifacts/browser/analytics-*.png."""
from __future__ import annotations

import os
import secrets

import pytest
from playwright.sync_api import expect

from ..analytics import scenario
from ..conftest import DEMO_PASSWORD, REPO, _config, _migrate
from .conftest import serve, shot, sign_in

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    """The scenario built in-process on a SQLite file, then that file served on a free port."""
    from service import create_app
    from service.clock import FrozenClock
    from service.extensions import db
    from service.usecases.demo import load_demo

    tmp = tmp_path_factory.mktemp("analytics")
    url = f"sqlite:///{tmp / 'analytics.sqlite'}"
    _migrate(url)
    clock = FrozenClock(scenario.BASE)
    app = create_app(_config(url, CLOCK=clock))
    with app.app_context():
        load_demo()
        db.session.commit()
        db.session.remove()
    client, tokens = app.test_client(), {}

    def login(username: str) -> dict:
        if username not in tokens:
            r = client.post("/api/auth/token", json={"username": username, "password": DEMO_PASSWORD})
            tokens[username] = {"Authorization": f"Bearer {r.get_json()['token']}"}
        return tokens[username]

    scenario.build(client, login, clock)
    with app.app_context():
        db.session.remove()
        db.engine.dispose()
    env = dict(os.environ, DATABASE_URL=url, FLASK_APP="service:create_app", PYTHONPATH=str(REPO),
               VANBAN_FAKE_NOW=scenario.NOW.strftime("%Y-%m-%dT%H:%M:%S+00:00"), SECRET_KEY=secrets.token_hex(32),
               KEY_PASSPHRASE=secrets.token_hex(32))
    with serve(env, tmp) as (base, _proc):
        yield base


def test_the_office_reads_where_documents_wait(served, page):
    sign_in(page, served, "tuan.pm")
    page.get_by_role("link", name="Thời gian xử lý").click()
    page.fill("#from", "2025-08")
    page.fill("#to", "2025-09")
    page.get_by_role("button", name="Xem").click()
    expect(page.locator("h1")).to_contain_text("Thời gian xử lý văn bản")
    now = page.locator("table.analytics-now tbody tr")
    expect(now).to_have_count(3)
    expect(now.nth(2)).to_contain_text("Ký ban hành")
    expect(now.nth(2)).to_contain_text("100")
    months = page.locator("table.analytics-months tbody tr")
    expect(months).to_have_count(3)
    expect(months.nth(1)).to_contain_text("Thẩm định nội dung")
    charts = page.locator("figure.analytics-chart svg")
    expect(charts).to_have_count(2)
    expect(charts.first.locator("rect[fill='#d9822b']")).to_have_count(2)  # content review: a bar and its legend
    expect(charts.nth(1)).to_contain_text("100 chờ · 10 quá hạn")
    assert page.page_errors == [] and page.dialogs == []
    shot(page, "analytics-office")

    page.select_option("#by", "person")
    page.get_by_role("button", name="Xem").click()
    expect(page.locator("table.analytics-months")).to_contain_text("Bùi Thị Thu")
    shot(page, "analytics-by-person")
    with page.expect_download() as dl:
        page.get_by_role("link", name="Tải CSV").click()
    with open(dl.value.path(), encoding="utf-8-sig") as f:
        text = f.read()
    assert "2025-09,Kiểm tra thể thức,Phạm Minh Tuấn,60," in text


def test_on_a_phone_the_page_fits(served, phone_page):
    sign_in(phone_page, served, "hung.lv")
    phone_page.goto(f"{served}/analytics?from=2025-08&to=2025-09")
    expect(phone_page.locator("table.analytics-now")).to_contain_text("Thẩm định nội dung")
    width = phone_page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"the page is {width}px wide on a 390px phone"
    shot(phone_page, "analytics-phone")
