"""Single sign-on with OpenID Connect, end to end against a real provider process.

The provider is oidc-provider-mock, started here as a separate process on a free port (its discovery document
must answer, else the tests fail). Our app runs in the Flask test client and talks to the provider over HTTP
for discovery, keys and the code exchange, exactly as in production; the browser's part (the provider's
sign-in form) is played with `requests`. The claims of a subject are set on the provider (`PUT /users/<sub>`)
before the subject signs in. Nothing of ours is mocked.
"""
from __future__ import annotations

import subprocess
import sys
import time
from urllib.parse import parse_qs, urlencode, urlsplit

import pytest
import requests
from sqlalchemy import func, select

from service.usecases.sso import LOCKED, NOT_LINKED

from ..production.server import REPO, VENV_BIN, _env, free_port
from .conftest import web_login

CLIENT_ID, CLIENT_SECRET = "vanban-test", "client-secret-for-tests"
UNREACHABLE_TEXT = "Không kết nối được với hệ thống đăng nhập một lần"
FAILED_TEXT = "Đăng nhập một lần không thành công"
STATE_TEXT = "Phiên đăng nhập một lần không hợp lệ hoặc đã được dùng"


class Provider:
    def __init__(self, issuer: str) -> None:
        self.issuer = issuer

    def user(self, sub: str, **claims) -> str:
        """The provider's account `sub` with these claims (replacing any before)."""
        r = requests.put(f"{self.issuer}/users/{sub}", json=claims, timeout=10)
        assert r.status_code == 204, r.text
        return sub


@pytest.fixture(scope="module")
def provider(tmp_path_factory):
    """oidc-provider-mock in its own process (it requires a nonce), stopped at the end of the module."""
    port = free_port()
    issuer = f"http://127.0.0.1:{port}"
    log_path = tmp_path_factory.mktemp("oidc") / "provider.log"
    with open(log_path, "wb") as log:
        proc = subprocess.Popen([sys.executable, "-m", "oidc_provider_mock", "--host", "127.0.0.1", "--port",
                                 str(port), "--require-nonce"], stdout=log, stderr=subprocess.STDOUT,
                                start_new_session=True)
    try:
        deadline = time.monotonic() + 30
        while True:
            if proc.poll() is not None:
                pytest.fail(f"the OIDC provider exited with {proc.returncode}:\n{log_path.read_text()[-3000:]}")
            try:
                r = requests.get(f"{issuer}/.well-known/openid-configuration", timeout=2)
                if r.status_code == 200 and r.json().get("issuer") == issuer:
                    break
            except requests.RequestException:
                pass
            if time.monotonic() > deadline:
                pytest.fail(f"the OIDC provider did not answer within 30 s:\n{log_path.read_text()[-3000:]}")
            time.sleep(0.2)
        yield Provider(issuer)
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=10)


@pytest.fixture
def sso_app(app, make_app, provider):
    """The app (demo data loaded by `app`) with single sign-on on, against the provider."""
    return make_app(OIDC_ISSUER=provider.issuer, OIDC_CLIENT_ID=CLIENT_ID, OIDC_CLIENT_SECRET=CLIENT_SECRET)


def start(client, provider: Provider, path: str = "/login/sso") -> str:
    """Our app sends the browser to the provider: the authorization URL, after checking what it asks for."""
    r = client.get(path)
    assert r.status_code == 302, r.get_data(as_text=True)[:500]
    url = r.headers["Location"]
    assert url.startswith(f"{provider.issuer}/oauth2/authorize?")
    q = parse_qs(urlsplit(url).query)
    assert q["response_type"] == ["code"] and q["client_id"] == [CLIENT_ID]
    assert q["code_challenge_method"] == ["S256"] and len(q["code_challenge"][0]) >= 43
    assert q["state"][0] and q["nonce"][0] and set(q["scope"][0].split()) == {"openid", "profile", "email"}
    assert q["redirect_uri"] == ["http://localhost/login/sso/callback"]
    return url


def at_provider(authorize_url: str, sub: str | None, deny: bool = False) -> str:
    """The person at the provider's form: types the subject (or denies); the callback URL it sends back."""
    page = requests.get(authorize_url, timeout=10)
    assert page.status_code == 200 and 'name="sub"' in page.text, page.text[:500]
    r = requests.post(authorize_url, data={"action": "deny"} if deny else {"sub": sub}, allow_redirects=False,
                      timeout=10)
    assert r.status_code == 302, r.text[:500]
    back = urlsplit(r.headers["Location"])
    assert back.path == "/login/sso/callback"
    return f"{back.path}?{back.query}"


def sso_sign_in(client, provider: Provider, sub: str, path: str = "/login/sso"):
    return client.get(at_provider(start(client, provider, path), sub))


def sessions(app, username: str) -> int:
    from service.extensions import db
    from service.store.organizations import ApiToken, Person

    with app.app_context():
        n = db.session.scalar(select(func.count(ApiToken.id)).join(Person, Person.id == ApiToken.person_id)
                              .where(Person.username == username, ApiToken.kind == "SESSION",
                                     ApiToken.revoked.is_(False)))
        db.session.remove()
    return n


def counts(app) -> tuple[int, int]:
    from service.extensions import db
    from service.store.organizations import ApiToken, Person

    with app.app_context():
        out = (db.session.scalar(select(func.count(Person.id))), db.session.scalar(select(func.count(ApiToken.id))))
        db.session.remove()
    return out


def set_person(app, username: str, **values) -> None:
    from service.extensions import db
    from service.store.organizations import Person

    with app.app_context():
        p = db.session.scalars(select(Person).where(Person.username == username)).one()
        for k, v in values.items():
            setattr(p, k, v)
        db.session.commit()
        db.session.remove()


def refused_with(client, r, text: str) -> None:
    """Back on the sign-in page (a redirect, never an error status) with `text`, and signed in as nobody."""
    assert r.status_code == 302 and urlsplit(r.headers["Location"]).path == "/login", r.status_code
    page = client.get("/login")
    assert page.status_code == 200
    assert text in page.get_data(as_text=True)
    with client.session_transaction() as s:
        assert "sid" not in s
    home = client.get("/")
    assert home.status_code == 302 and urlsplit(home.headers["Location"]).path == "/login"


# --------------------------------------------------------------------------- signing in


def test_the_sign_in_page_offers_single_sign_on_when_configured(sso_app, make_app, provider):
    html = sso_app.test_client().get("/login").get_data(as_text=True)
    assert 'href="/login/sso"' in html and "Đăng nhập một lần (SSO)" in html
    labelled = make_app(OIDC_ISSUER=provider.issuer, OIDC_CLIENT_ID=CLIENT_ID, OIDC_CLIENT_SECRET=CLIENT_SECRET,
                        OIDC_BUTTON_LABEL="Đăng nhập bằng tài khoản Cổng dịch vụ công")
    assert "Đăng nhập bằng tài khoản Cổng dịch vụ công" in labelled.test_client().get("/login").get_data(as_text=True)


def test_sign_in_by_username_opens_a_page_session_like_a_password(sso_app, provider):
    sub = provider.user("idp-lan", preferred_username="lan.tt", email="someone.else@example.vn")
    client = sso_app.test_client()
    before = sessions(sso_app, "lan.tt")
    r = sso_sign_in(client, provider, sub, "/login/sso?next=/documents")
    assert r.status_code == 302 and r.headers["Location"] == "/documents"
    assert sessions(sso_app, "lan.tt") == before + 1
    with client.session_transaction() as s:
        assert set(s) == {"sid"}  # nothing of the flow (state, nonce, verifier) is left in the cookie
    home = client.get("/")
    assert home.status_code == 200 and "Trần Thị Lan" in home.get_data(as_text=True)


def test_sign_in_by_email_ignores_case(sso_app, provider):
    set_person(sso_app, "hung.lv", email="hung.lv@ducp.vn")
    sub = provider.user("idp-hung", email="Hung.LV@DUCP.vn", name="Lê Văn Hùng")
    client = sso_app.test_client()
    r = sso_sign_in(client, provider, sub)
    assert r.status_code == 302 and r.headers["Location"] == "/"
    assert "Lê Văn Hùng" in client.get("/").get_data(as_text=True)
    assert sessions(sso_app, "hung.lv") == 1


def test_the_username_wins_over_the_email(sso_app, provider):
    set_person(sso_app, "hung.lv", email="hung.lv@ducp.vn")
    sub = provider.user("idp-mixed", preferred_username="lan.tt", email="hung.lv@ducp.vn")
    client = sso_app.test_client()
    assert sso_sign_in(client, provider, sub).status_code == 302
    assert "Trần Thị Lan" in client.get("/").get_data(as_text=True)


def test_an_unknown_person_is_refused_and_nothing_is_created(sso_app, provider):
    sub = provider.user("idp-stranger", preferred_username="khong.co.ai", email="nobody@example.vn")
    client = sso_app.test_client()
    before = counts(sso_app)
    refused_with(client, sso_sign_in(client, provider, sub), NOT_LINKED)
    assert counts(sso_app) == before


@pytest.mark.parametrize("verified", [False, "false"])
def test_an_email_the_provider_did_not_verify_is_not_used(sso_app, provider, verified):
    set_person(sso_app, "hung.lv", email="hung.lv@ducp.vn")
    sub = provider.user(f"idp-unverified-{verified}", email="hung.lv@ducp.vn", email_verified=verified)
    client = sso_app.test_client()
    refused_with(client, sso_sign_in(client, provider, sub), NOT_LINKED)
    assert sessions(sso_app, "hung.lv") == 0


def test_a_locked_person_is_refused(sso_app, provider):
    set_person(sso_app, "lan.tt", active=False)
    sub = provider.user("idp-locked", preferred_username="lan.tt")
    client = sso_app.test_client()
    before = counts(sso_app)
    refused_with(client, sso_sign_in(client, provider, sub), LOCKED)
    assert counts(sso_app) == before


def test_the_provider_refusing_brings_back_the_sign_in_page(sso_app, provider):
    client = sso_app.test_client()
    before = counts(sso_app)
    r = client.get(at_provider(start(client, provider), None, deny=True))
    refused_with(client, r, FAILED_TEXT)
    assert counts(sso_app) == before


def test_an_unreachable_provider_brings_back_the_sign_in_page(app, make_app):
    down = make_app(OIDC_ISSUER=f"http://127.0.0.1:{free_port()}", OIDC_CLIENT_ID=CLIENT_ID,
                    OIDC_CLIENT_SECRET=CLIENT_SECRET)
    client = down.test_client()
    refused_with(client, client.get("/login/sso"), UNREACHABLE_TEXT)
    refused_with(client, client.get("/login/sso/callback?code=x&state=y"), STATE_TEXT)


# --------------------------------------------------------------------------- the flow cannot be forged


def test_a_tampered_state_is_refused(sso_app, provider):
    sub = provider.user("idp-lan-2", preferred_username="lan.tt")
    client = sso_app.test_client()
    callback = at_provider(start(client, provider), sub)
    parts = urlsplit(callback)
    q = {k: v[0] for k, v in parse_qs(parts.query).items()}
    forged = f"{parts.path}?{urlencode(q | {'state': q['state'][:-2] + 'xx'})}"
    refused_with(client, client.get(forged), STATE_TEXT)
    refused_with(client, client.get(f"{parts.path}?{urlencode({'code': q['code']})}"), STATE_TEXT)
    assert sessions(sso_app, "lan.tt") == 0


def test_a_callback_works_once_and_only_in_the_browser_that_started_it(sso_app, provider):
    sub = provider.user("idp-lan-3", preferred_username="lan.tt")
    client = sso_app.test_client()
    callback = at_provider(start(client, provider), sub)
    # Someone else's browser (no state in its cookie) cannot use the code.
    thief = sso_app.test_client()
    refused_with(thief, thief.get(callback), STATE_TEXT)
    assert client.get(callback).status_code == 302
    assert sessions(sso_app, "lan.tt") == 1
    # Replayed in the same browser once signed in: refused, still one session.
    replay = client.get(callback)
    assert replay.status_code == 302 and urlsplit(replay.headers["Location"]).path == "/login"
    assert sessions(sso_app, "lan.tt") == 1


def test_a_signed_in_person_is_not_sent_to_the_provider(sso_app):
    client = sso_app.test_client()
    web_login(client, "lan.tt")
    r = client.get("/login/sso")
    assert r.status_code == 302 and r.headers["Location"] == "/"


# --------------------------------------------------------------------------- signing out


def test_the_session_ends_at_sign_out_and_its_cookie_is_then_refused(sso_app, provider):
    sub = provider.user("idp-lan-4", preferred_username="lan.tt")
    client = sso_app.test_client()
    assert sso_sign_in(client, provider, sub).status_code == 302
    cookie = client.get_cookie("session").value
    assert client.get("/").status_code == 200
    out = client.post("/logout")
    assert out.status_code == 302 and sessions(sso_app, "lan.tt") == 0
    replay = sso_app.test_client()
    replay.set_cookie("session", cookie)
    r = replay.get("/")
    assert r.status_code == 401 and "Phiên đăng nhập đã kết thúc" in r.get_data(as_text=True)


# --------------------------------------------------------------------------- off, and misconfigured


def test_without_configuration_there_is_no_single_sign_on(client):
    assert client.get("/login/sso").status_code == 404
    assert client.get("/login/sso/callback?code=x&state=y").status_code == 404
    html = client.get("/login").get_data(as_text=True)
    assert "/login/sso" not in html and "SSO" not in html


def test_in_production_an_issuer_without_a_client_secret_refuses_to_start(tmp_path):
    def flask_routes(**oidc) -> subprocess.CompletedProcess:
        env = _env(f"sqlite:///{tmp_path / 'prod.sqlite'}", oidc)
        return subprocess.run([str(VENV_BIN / "flask"), "routes"], cwd=REPO, env=env, capture_output=True,
                              text=True, timeout=120, check=False)

    refused = flask_routes(OIDC_ISSUER="https://sso.example.vn/realms/ducp", OIDC_CLIENT_ID="vanban",
                           OIDC_CLIENT_SECRET="")
    lines = [line for line in refused.stderr.splitlines() if line.strip()]
    assert refused.returncode != 0 and "Traceback" not in refused.stderr, refused.stderr
    assert len(lines) == 1 and "OIDC_CLIENT_SECRET" in lines[0] and "refusing to start" in lines[0], lines
    started = flask_routes(OIDC_ISSUER="https://sso.example.vn/realms/ducp", OIDC_CLIENT_ID="vanban",
                           OIDC_CLIENT_SECRET="a-secret")
    assert started.returncode == 0, started.stderr
    assert "/login/sso/callback" in started.stdout
