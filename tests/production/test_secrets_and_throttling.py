"""Safe by default, as the operator starts it: no secret has a default (the app refuses to start), and sign-in
throttling is shared by every gunicorn worker while a stranger's wrong passwords never keep the real user out."""
from __future__ import annotations

import http.client
import json
import subprocess

import pytest
from flask.sessions import SecureCookieSessionInterface
from itsdangerous import URLSafeTimedSerializer

from .server import DEMO_PASSWORD, PROD_APP, VENV_BIN, Gunicorn, _env, run_flask

REFUSAL = "SECRET_KEY is not set or too weak"


def _flask(database_url: str, *args: str, env: dict) -> subprocess.CompletedProcess:
    return subprocess.run([str(VENV_BIN / "flask"), *args], env=_env(database_url, env), capture_output=True,
                          text=True, timeout=120, check=False)


@pytest.mark.parametrize("key", ["", "dev-only-change-me", "test", "short-but-not-32-chars"])
def test_without_a_real_secret_key_no_command_starts_and_says_why_in_one_line(live_db, key):
    done = _flask(live_db, "routes", env={"SECRET_KEY": key})
    assert done.returncode != 0
    lines = [line for line in done.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and REFUSAL in lines[0] and "Traceback" not in done.stderr, done.stderr


def test_gunicorn_does_not_serve_without_a_secret_key(live_db):
    server = Gunicorn(live_db, workers=1, env={"SECRET_KEY": ""})
    with pytest.raises(RuntimeError, match="gunicorn exited"):
        server.start()
    server.stop()


def test_signing_keys_in_the_database_need_key_passphrase(tmp_path):
    url = f"sqlite:///{tmp_path / 'keys.sqlite'}"
    run_flask(url, "db", "upgrade")
    run_flask(url, "demo", "load")
    run_flask(url, "keys", "init")
    refused = _flask(url, "routes", env={"KEY_PASSPHRASE": ""})
    assert refused.returncode != 0 and "KEY_PASSPHRASE is not set" in refused.stderr
    assert _flask(url, "routes", env={}).returncode == 0


def test_a_cookie_forged_with_a_well_known_key_signs_nobody_in(live_db):
    # The old development default; the app no longer starts with it, and cookies signed with it are worthless.
    forger = SecureCookieSessionInterface()
    serializer = URLSafeTimedSerializer("dev-only-change-me", salt=forger.salt,
                                        serializer=forger.serializer, signer_kwargs={"key_derivation": "hmac",
                                                                                     "digest_method": forger.digest_method})
    forged = {"pid": 6, "sid": "x" * 43}
    with Gunicorn(live_db, workers=1) as server:
        host, port = server.base.removeprefix("http://").split(":")
        conn = http.client.HTTPConnection(host, int(port), timeout=30)
        conn.request("GET", "/", headers={"Cookie": f"session={serializer.dumps(forged)}"})
        r = conn.getresponse()
        assert r.status in (302, 401) and r.getheader("Location", "/login").startswith("/login")
        assert "Việc cần làm" not in r.read().decode("utf-8", "replace")


def _sign_in(base: str, source_ip: str, username: str, password: str) -> tuple[int, dict[str, str]]:
    host, port = base.removeprefix("http://").split(":")
    conn = http.client.HTTPConnection(host, int(port), timeout=30, source_address=(source_ip, 0))
    try:
        conn.request("POST", "/api/auth/token", body=json.dumps({"username": username, "password": password}),
                     headers={"Content-Type": "application/json", "Connection": "close"})
        r = conn.getresponse()
        r.read()
        return r.status, {k.lower(): v for k, v in r.getheaders()}
    finally:
        conn.close()


def test_throttle_counts_are_shared_by_every_worker_and_spare_the_real_user(live_db):
    with Gunicorn(live_db, workers=2, app=PROD_APP) as server:
        # A stranger on 127.0.0.2: each request on a new connection, so both workers answer them.
        stranger = [_sign_in(server.base, "127.0.0.2", "phong.nd", f"sai-{i}") for i in range(12)]
        statuses = [s for s, _ in stranger]
        assert statuses[:5] == [401] * 5 and statuses[5:] == [429] * 7, statuses
        assert int(stranger[-1][1]["retry-after"]) > 0
        # The real signer on 127.0.0.3 is not kept out.
        status, _ = _sign_in(server.base, "127.0.0.3", "phong.nd", DEMO_PASSWORD)
        assert status == 201
