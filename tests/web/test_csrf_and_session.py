"""CSRF on every form outside /api, the session cookie's flags, sign-in throttling shown in Vietnamese."""
from __future__ import annotations

import re

import pytest

from service.config import TestConfig

from ..conftest import DEMO_PASSWORD, _config
from .conftest import doc_state, person, web_login


@pytest.fixture
def csrf_app(app, make_app):
    """The app with CSRF protection ON (TestConfig turns it off for the other tests), on the same database."""
    return make_app(WTF_CSRF_ENABLED=True)


def _token(html: str) -> str:
    m = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert m, "the form carries no CSRF token"
    return m.group(1)


def test_sign_in_without_the_csrf_token_is_refused_and_signs_nobody_in(csrf_app):
    client = csrf_app.test_client()
    r = client.post("/login", data={"username": "lan.tt", "password": DEMO_PASSWORD})
    assert r.status_code == 400
    assert "thiếu mã bảo vệ (CSRF)" in r.get_data(as_text=True)
    assert client.get("/").status_code == 302, "still signed out"
    token = _token(client.get("/login").get_data(as_text=True))
    r = client.post("/login", data={"username": "lan.tt", "password": DEMO_PASSWORD, "csrf_token": token})
    assert r.status_code == 302 and client.get("/").status_code == 200


def test_a_task_action_without_the_token_changes_nothing(csrf_app, clock):
    from service.usecases import outgoing
    from service.usecases.inputs import DraftIn

    from ..seed_docs import seed000

    with csrf_app.app_context():
        doc = outgoing.create_document(person("lan.tt"), DraftIn.model_validate(seed000()["payload"]))
        doc_id, task_id = doc.id, doc.step_task_id
    client = csrf_app.test_client()
    token = _token(client.get("/login").get_data(as_text=True))
    client.post("/login", data={"username": "lan.tt", "password": DEMO_PASSWORD, "csrf_token": token})
    token = _token(client.get(f"/documents/{doc_id}").get_data(as_text=True))  # sign-in starts a new session
    before = doc_state(csrf_app, doc_id)
    r = client.post(f"/documents/{doc_id}/actions", data={"action": "submit", "task_id": task_id})
    assert r.status_code == 400 and "CSRF" in r.get_data(as_text=True)
    assert doc_state(csrf_app, doc_id) == before
    r = client.post(f"/documents/{doc_id}/actions", data={"action": "submit", "task_id": task_id, "csrf_token": token})
    assert r.status_code == 303 and doc_state(csrf_app, doc_id)[2] == "content_review"
    # Sign-out is a form too.
    assert client.post("/logout").status_code == 400 and client.get("/").status_code == 200


def test_the_json_api_needs_no_csrf_token_it_uses_bearer_tokens(csrf_app):
    client = csrf_app.test_client()
    r = client.post("/api/auth/token", json={"username": "lan.tt", "password": DEMO_PASSWORD})
    assert r.status_code == 201


def test_the_session_cookie_is_httponly_and_samesite_lax(client):
    r = client.post("/login", data={"username": "lan.tt", "password": DEMO_PASSWORD})
    cookie = r.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie
    assert TestConfig.SESSION_COOKIE_HTTPONLY is True


def test_the_secure_flag_follows_configuration(database_url, clock):
    from service import create_app

    app = create_app(_config(database_url, CLOCK=clock, SESSION_COOKIE_SECURE=True))
    with app.app_context():
        from service.extensions import db
        from service.usecases.demo import load_demo

        load_demo()
        db.session.commit()
        db.session.remove()
    r = app.test_client().post("/login", data={"username": "lan.tt", "password": DEMO_PASSWORD})
    assert "Secure" in r.headers["Set-Cookie"]
    with app.app_context():
        from service.extensions import db

        db.engine.dispose()


def test_wrong_passwords_slow_down_that_client_only_with_a_vietnamese_message(client, app):
    for _ in range(5):
        r = client.post("/login", data={"username": "hung.lv", "password": "sai"})
        assert r.status_code == 401 and "Tên đăng nhập hoặc mật khẩu không đúng." in r.get_data(as_text=True)
    r = client.post("/login", data={"username": "hung.lv", "password": DEMO_PASSWORD})
    assert r.status_code == 429 and int(r.headers["Retry-After"]) > 0
    assert "Bạn đã thử đăng nhập quá nhiều lần từ máy này" in r.get_data(as_text=True)
    assert client.get("/").status_code == 302
    # The real hung.lv, on his own machine, is not kept out.
    own = app.test_client()
    r = own.post("/login", data={"username": "hung.lv", "password": DEMO_PASSWORD},
                 environ_base={"REMOTE_ADDR": "10.1.2.3"})
    assert r.status_code == 302
    assert own.get("/", environ_base={"REMOTE_ADDR": "10.1.2.3"}).status_code == 200


def test_sign_out_ends_the_session(client):
    web_login(client, "lan.tt")
    assert client.get("/").status_code == 200
    assert client.post("/logout").status_code == 302
    assert client.get("/").status_code == 302


@pytest.mark.parametrize("target", ["//evil.example/x", "https://evil.example/", "/\\evil.example"])
def test_sign_in_never_redirects_off_site(client, target):
    r = client.post("/login", data={"username": "lan.tt", "password": DEMO_PASSWORD, "next": target})
    assert r.status_code == 302 and r.headers["Location"] == "/"


def test_sign_in_returns_to_the_page_asked_for(client):
    r = client.get("/register/outgoing?year=2025")
    assert r.status_code == 302 and "next=" in r.headers["Location"]
    r = client.post("/login", data={"username": "mai.vt", "password": DEMO_PASSWORD,
                                    "next": "/register/outgoing?year=2025"})
    assert r.headers["Location"] == "/register/outgoing?year=2025"


def test_pages_send_a_content_security_policy_without_inline_scripts(client):
    r = client.get("/login")
    directives = dict(d.strip().split(" ", 1) for d in r.headers["Content-Security-Policy"].split(";") if d.strip())
    scripts = directives.get("script-src", directives.get("default-src"))
    assert scripts == "'self'", "scripts only from this site, none inline"
    assert "<script>" not in r.get_data(as_text=True)
