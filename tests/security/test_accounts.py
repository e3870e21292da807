"""Accounts that are safe: throttling that never locks the real user out, tokens and page sessions that expire
and are revoked on the server, password changes that end every other session. Real database, both backends."""
from __future__ import annotations

import pytest
import sqlalchemy as sa

from ..conftest import DEMO_PASSWORD

STRANGER = {"REMOTE_ADDR": "203.0.113.7"}
OWN_MACHINE = {"REMOTE_ADDR": "10.20.30.40"}


def token_of(client, username: str, password: str = DEMO_PASSWORD, environ=None) -> str:
    r = client.post("/api/auth/token", json={"username": username, "password": password},
                    environ_base=environ or OWN_MACHINE)
    assert r.status_code == 201, r.get_json()
    return r.get_json()["token"]


def bearer(token: str) -> dict:
    return {"Authorization": f"Bearer {token}"}


def test_fifty_wrong_passwords_from_a_stranger_do_not_keep_the_signer_out(client):
    statuses = [client.post("/api/auth/token", json={"username": "phong.nd", "password": f"sai-{i}"},
                            environ_base=STRANGER).status_code for i in range(50)]
    assert statuses[:5] == [401] * 5 and set(statuses[5:]) == {429}
    refused = client.post("/api/auth/token", json={"username": "phong.nd", "password": DEMO_PASSWORD},
                          environ_base=STRANGER)
    assert refused.status_code == 429 and int(refused.headers["Retry-After"]) > 0
    assert refused.get_json()["error"] == "too_many_requests"
    # The real Nguyễn Đức Phong signs in from his own machine, on the day the plan must go out.
    token = token_of(client, "phong.nd")
    assert client.get("/api/me", headers=bearer(token)).get_json()["username"] == "phong.nd"


def test_an_unknown_username_is_answered_exactly_like_a_wrong_password(client):
    def attempts(username: str, addr: str) -> list[tuple[int, str]]:
        out = []
        for _ in range(7):
            r = client.post("/api/auth/token", json={"username": username, "password": "sai"},
                            environ_base={"REMOTE_ADDR": addr})
            out.append((r.status_code, r.get_json()["message"]))
        return out

    assert attempts("phong.nd", "198.51.100.1") == attempts("khong.ton.tai", "198.51.100.2")


def test_one_client_trying_many_usernames_is_slowed_down(app, client):
    limit = int(app.config["SIGN_IN_LIMIT_PER_CLIENT"].split()[0])
    statuses = [client.post("/api/auth/token", json={"username": f"nguoi{i}", "password": "sai"},
                            environ_base=STRANGER).status_code for i in range(limit + 3)]
    assert statuses[:limit] == [401] * limit and statuses[limit:] == [429] * 3


def test_a_token_expires(app, make_app, clock):  # app: the demo data; make_app: the same database, 2-hour tokens
    app = make_app(TOKEN_TTL_HOURS=2)
    client = app.test_client()
    r = client.post("/api/auth/token", json={"username": "lan.tt", "password": DEMO_PASSWORD})
    body = r.get_json()
    assert r.status_code == 201 and body["expires_at"]
    assert client.get("/api/me", headers=bearer(body["token"])).status_code == 200
    clock.advance(hours=2, seconds=1)
    r = client.get("/api/me", headers=bearer(body["token"]))
    assert r.status_code == 401 and r.get_json()["error"] == "unauthenticated"


def test_sign_out_revokes_the_token_it_is_called_with_and_no_other(client):
    first, second = token_of(client, "lan.tt"), token_of(client, "lan.tt")
    assert client.post("/api/auth/logout", headers=bearer(first)).status_code == 204
    assert client.get("/api/me", headers=bearer(first)).status_code == 401
    assert client.post("/api/auth/logout", headers=bearer(first)).status_code == 401
    assert client.get("/api/me", headers=bearer(second)).status_code == 200


def test_the_owner_lists_and_revokes_their_tokens_and_nobody_else_can(client):
    def sign_in(username: str) -> tuple[str, int]:
        body = client.post("/api/auth/token", json={"username": username, "password": DEMO_PASSWORD},
                           environ_base=OWN_MACHINE).get_json()
        return body["token"], body["token_id"]

    (lan, lan_id), (lan_other, lan_other_id), (hung, hung_id) = sign_in("lan.tt"), sign_in("lan.tt"), sign_in("hung.lv")
    items = client.get("/api/auth/tokens", headers=bearer(lan)).get_json()["items"]
    assert {i["id"] for i in items} == {lan_id, lan_other_id} and all(i["expires_at"] for i in items)
    assert client.delete(f"/api/auth/tokens/{hung_id}", headers=bearer(lan)).status_code == 404
    assert client.get("/api/me", headers=bearer(hung)).status_code == 200
    assert client.delete(f"/api/auth/tokens/{lan_other_id}", headers=bearer(lan)).status_code == 204
    assert client.get("/api/me", headers=bearer(lan_other)).status_code == 401
    assert client.get("/api/me", headers=bearer(lan)).status_code == 200


def test_changing_the_password_ends_every_other_session_and_token(client, app):
    keep, other = token_of(client, "minh.nv"), token_of(client, "minh.nv")
    pages = app.test_client()
    assert pages.post("/login", data={"username": "minh.nv", "password": DEMO_PASSWORD}).status_code == 302
    assert pages.get("/").status_code == 200

    bad = client.post("/api/me/password", headers=bearer(keep),
                      json={"current_password": "sai", "new_password": "mat-khau-moi-2025"})
    assert bad.status_code == 422 and client.get("/api/me", headers=bearer(other)).status_code == 200
    short = client.post("/api/me/password", headers=bearer(keep),
                        json={"current_password": DEMO_PASSWORD, "new_password": "ngan"})
    assert short.status_code == 422 and short.get_json()["details"][0]["field"] == "new_password"

    r = client.post("/api/me/password", headers=bearer(keep),
                    json={"current_password": DEMO_PASSWORD, "new_password": "mat-khau-moi-2025"})
    assert r.status_code == 200 and r.get_json()["ended_sessions"] == 2
    assert client.get("/api/me", headers=bearer(keep)).status_code == 200
    assert client.get("/api/me", headers=bearer(other)).status_code == 401
    assert pages.get("/").status_code == 401  # the page session ended too
    old = client.post("/api/auth/token", json={"username": "minh.nv", "password": DEMO_PASSWORD},
                      environ_base={"REMOTE_ADDR": "10.9.9.9"})
    assert old.status_code == 401
    token_of(client, "minh.nv", "mat-khau-moi-2025")


def test_a_cookie_replayed_after_sign_out_gets_401_and_the_sign_in_form(app):
    browser = app.test_client()
    assert browser.post("/login", data={"username": "lan.tt", "password": DEMO_PASSWORD}).status_code == 302
    stolen = browser.get_cookie("session").value
    assert browser.post("/logout").status_code == 302
    thief = app.test_client()
    thief.set_cookie("session", stolen)
    r = thief.get("/")
    assert r.status_code == 401
    page = r.get_data(as_text=True)
    assert "Phiên đăng nhập đã kết thúc" in page and "Việc cần làm" not in page.split("<main>")[-1]


def test_the_password_page_changes_the_password(app):
    browser = app.test_client()
    browser.post("/login", data={"username": "tuan.pm", "password": DEMO_PASSWORD})
    assert "Đổi mật khẩu" in browser.get("/account/password").get_data(as_text=True)
    r = browser.post("/account/password", data={"current_password": DEMO_PASSWORD,
                                                "new_password": "mat-khau-moi-2025",
                                                "new_password_again": "khac-han"})
    assert r.status_code == 422 and "không khớp" in r.get_data(as_text=True)
    r = browser.post("/account/password", data={"current_password": DEMO_PASSWORD,
                                                "new_password": "mat-khau-moi-2025",
                                                "new_password_again": "mat-khau-moi-2025"})
    assert r.status_code == 302 and browser.get("/").status_code == 200


@pytest.mark.parametrize("command", [["accounts", "set-password", "ha.dt"], ["accounts", "revoke-tokens", "ha.dt"]])
def test_an_administrator_ends_every_session_of_a_person(app, client, command, monkeypatch):
    token = token_of(client, "ha.dt")
    monkeypatch.setenv("NEW_PASSWORD", "mat-khau-quan-tri-dat")
    result = app.test_cli_runner().invoke(args=command)
    assert result.exit_code == 0, result.output
    assert client.get("/api/me", headers=bearer(token)).status_code == 401


def test_tokens_and_throttle_counts_are_stored_as_digests(app, client):
    token = token_of(client, "lan.tt")
    client.post("/api/auth/token", json={"username": "lan.tt", "password": "sai"}, environ_base=STRANGER)
    from service.extensions import db

    with app.app_context():
        hashes = db.session.execute(sa.text("select token_hash from api_tokens")).scalars().all()
        keys = db.session.execute(sa.text("select key from throttle_counters")).scalars().all()
        db.session.remove()
    assert token not in hashes and all(len(h) == 64 for h in hashes)
    assert keys and all(len(k) == 64 and "lan" not in k for k in keys)
