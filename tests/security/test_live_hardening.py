"""Through a real gunicorn: slow password hash, sign-in throttling, request size limit, probes, headers,
and logs that carry request ids but never a password, token or Authorization header."""
from __future__ import annotations

import json

import sqlalchemy as sa

from ..production.server import DEMO_PASSWORD, Client, Gunicorn
from ..production.test_reliability import engine_for


def test_gunicorn_hardening_and_logs_without_secrets(live_db, tmp_path):
    log = tmp_path / "gunicorn.log"
    with Gunicorn(live_db, workers=2, log_path=log) as server:
        anon = Client(server.base)
        health = anon.get("/healthz")
        assert health.status_code == 200 and health.json() == {"status": "ok"}
        ready = anon.get("/readyz")
        assert ready.status_code == 200 and ready.json()["status"] == "ready" and ready.json()["diagrams"] >= 1

        # sign-in and a request with the token, with a request id of our own
        lan = Client(server.base, "lan.tt")
        me = lan.get("/api/me", headers={"X-Request-ID": "req-test-42"})
        assert me.status_code == 200 and me.headers["X-Request-ID"] == "req-test-42"
        assert me.headers["X-Content-Type-Options"] == "nosniff" and me.headers["X-Frame-Options"] == "DENY"
        assert "frame-ancestors 'none'" in me.headers["Content-Security-Policy"]
        generated = lan.get("/api/me").headers["X-Request-ID"]
        assert len(generated) == 32
        forged = 'x" {"level":"forged"} ' + "y" * 80
        hostile = lan.get("/api/me", headers={"X-Request-ID": forged}).headers["X-Request-ID"]
        assert hostile != forged and len(hostile) == 32, "a request id that is not short and plain is replaced"

        # throttling: five wrong passwords from this client, then even the right one is refused here for a while
        minh = Client(server.base)
        for _ in range(5):
            r = minh.post("/api/auth/token", json={"username": "minh.nv", "password": "sai-mat-khau"})
            assert r.status_code == 401, r.text
        r = minh.post("/api/auth/token", json={"username": "minh.nv", "password": DEMO_PASSWORD})
        assert r.status_code == 429 and r.json()["error"] == "too_many_requests", r.text
        assert int(r.headers["Retry-After"]) > 0

        # request size limit: a 3 MB body is refused with 413 and JSON
        big = lan.post("/api/documents", data=b'{"kind": "' + b"x" * (3 * 1024 * 1024) + b'"}',
                       headers={"Content-Type": "application/json"})
        assert big.status_code == 413 and big.json()["error"]
        token = lan.token

    eng = engine_for(live_db)
    with eng.connect() as c:
        hashes = c.execute(sa.text("select password_hash from people")).scalars().all()
        throttle_keys = c.execute(sa.text("select key from throttle_counters")).scalars().all()
    eng.dispose()
    assert hashes and all(h.startswith("$argon2id$v=19$m=") for h in hashes), "Argon2id"
    memory_kib = int(hashes[0].split("$m=")[1].split(",")[0])
    assert memory_kib >= 19456, "at least the OWASP minimum memory cost"
    assert throttle_keys and all(len(k) == 64 and "minh" not in k for k in throttle_keys), "counts are kept as digests"

    text = log.read_text(errors="replace")
    for secret in (DEMO_PASSWORD, "sai-mat-khau", token, "Bearer", "Authorization"):
        assert secret not in text, f"{secret[:12]}… appears in the logs"
    records = [json.loads(line) for line in text.splitlines() if line.startswith("{")]
    mine = [r for r in records if r.get("request_id") == "req-test-42"]
    assert mine and mine[0]["path"] == "/api/me" and mine[0]["user"] == "lan.tt" and mine[0]["status"] == 200
    assert any(r.get("path") == "/api/auth/token" and r.get("status") == 429 for r in records)
