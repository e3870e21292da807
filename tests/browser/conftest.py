"""Browser tests: Debian's chromium driven by Playwright against a real server process and a real SQLite file.

If chromium is missing the tests FAIL with a message (they never skip silently): `make test` installs it
through bin/ensure-system-deps where that is permitted.
"""
from __future__ import annotations

import os
import secrets
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
import requests

from ..conftest import DEMO_PASSWORD, REPO

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]
ARTIFACTS = REPO / "test-artifacts" / "browser"
FAKE_NOW = "2025-08-07T09:00:00+07:00"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class LiveServer:
    def __init__(self, url: str, db_path: Path, proc: subprocess.Popen) -> None:
        self.url, self.db_path, self.proc = url, db_path, proc

    def api_login(self, username: str) -> dict:
        r = requests.post(f"{self.url}/api/auth/token", json={"username": username, "password": DEMO_PASSWORD},
                          timeout=30)
        assert r.status_code == 201, r.text
        return {"Authorization": f"Bearer {r.json()['token']}"}


@pytest.fixture(scope="module")
def live_server(tmp_path_factory, request):
    """`flask db upgrade` + `flask demo load` on a temp SQLite file (plus the commands a test module lists in
    LIVE_SERVER_EXTRA, e.g. `flask keys init`), then the app served on a free port."""
    tmp = tmp_path_factory.mktemp("live")
    db_path = tmp / "live.sqlite"
    env = dict(os.environ, DATABASE_URL=f"sqlite:///{db_path}", FLASK_APP="service:create_app",
               VANBAN_FAKE_NOW=FAKE_NOW, PYTHONPATH=str(REPO),
               SECRET_KEY=secrets.token_hex(32), KEY_PASSPHRASE=secrets.token_hex(32))
    flask = [sys.executable, "-m", "flask"]
    for cmd in (["db", "upgrade"], ["demo", "load"], *getattr(request.module, "LIVE_SERVER_EXTRA", ())):
        done = subprocess.run(flask + cmd, cwd=REPO, env=env, capture_output=True, text=True, timeout=300)
        assert done.returncode == 0, f"flask {' '.join(cmd)} failed:\n{done.stdout}\n{done.stderr}"
    with serve(env, tmp) as (url, proc):
        yield LiveServer(url, db_path, proc)


@contextmanager
def serve(env: dict, tmp: Path) -> Iterator[tuple[str, subprocess.Popen]]:
    """The app (tests/browser/serve.py) on a free port with `env`, until the block ends; its log in tmp."""
    port = _free_port()
    log = open(tmp / "server.log", "w")  # noqa: SIM115 - closed below
    proc = subprocess.Popen([sys.executable, "-m", "tests.browser.serve", str(port)], cwd=REPO, env=env,
                            stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            if requests.get(url + "/login", timeout=2).status_code == 200:
                break
        except requests.ConnectionError:
            pass
        if proc.poll() is not None or time.monotonic() > deadline:
            proc.kill()
            log.close()
            pytest.fail("the test server did not start:\n" + (tmp / "server.log").read_text())
        time.sleep(0.2)
    try:
        yield url, proc
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()


@pytest.fixture(scope="module")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail(f"!!! chromium not found at {CHROMIUM}: the browser tests cannot run. Install it with "
                    "`make system-deps` (Debian package 'chromium') or set CHROMIUM=/path/to/chromium.")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


def _open_page(browser, **context):
    """A page in a fresh browser context (its own cookies) recording JavaScript dialogs and errors."""
    ctx = browser.new_context(locale="vi-VN", accept_downloads=True, **context)
    pg = ctx.new_page()
    pg.set_default_timeout(20_000)
    pg.dialogs = []
    pg.on("dialog", lambda d: (pg.dialogs.append(d.message), d.dismiss()))
    pg.page_errors = []
    pg.on("pageerror", lambda e: pg.page_errors.append(str(e)))
    return ctx, pg


@pytest.fixture
def page(browser):
    """A desktop page; any JavaScript dialog fails the test."""
    ctx, pg = _open_page(browser, viewport={"width": 1360, "height": 900})
    yield pg
    ctx.close()


PHONE = {"viewport": {"width": 390, "height": 844}, "device_scale_factor": 3, "is_mobile": True, "has_touch": True}


@pytest.fixture
def phone_page(browser):
    """Like `page`, but a phone: 390×844 CSS px, 3× pixels, mobile viewport rules and touch."""
    ctx, pg = _open_page(browser, **PHONE)
    yield pg
    ctx.close()


def shot(page, name: str) -> Path:
    path = ARTIFACTS / f"{name}.png"
    path.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(path), full_page=True)
    return path


def sign_in(page, base: str, username: str) -> None:
    page.goto(f"{base}/login")
    page.fill("#username", username)
    page.fill("#password", DEMO_PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url(f"{base}/")


def sign_out(page) -> None:
    page.get_by_role("button", name="Đăng xuất").click()
    page.wait_for_url("**/login")
