"""A backup taken mid-flow, restored into an empty database, has the same registers and lets the flow finish."""
from __future__ import annotations

import uuid

import pytest

from ..conftest import PG_ADMIN_URL, _config
from ..seed_docs import seed000

ACTORS = {"draft": "lan.tt", "content_review": "hung.lv", "format_check": "tuan.pm", "sign": "phong.nd",
          "register": "ha.dt", "dispatch": "ha.dt"}


def finish(client, login, doc, until=None):
    while doc["step"] != until:
        data = {"decision": "approve"} if doc["step"] in ("content_review", "format_check", "sign") else {}
        r = client.post(f"/api/documents/{doc['id']}/tasks/{doc['task_id']}", json=data,
                        headers=login(ACTORS[doc["step"]]))
        assert r.status_code == 200, r.get_json()
        doc = r.get_json()
    return doc


def signer(client):
    cache = {}

    def login(username):
        if username not in cache:
            r = client.post("/api/auth/token", json={"username": username, "password": "Demo@2025"})
            assert r.status_code == 201
            cache[username] = {"Authorization": f"Bearer {r.get_json()['token']}"}
        return cache[username]
    return login


@pytest.fixture
def empty_database_url(backend, tmp_path):
    if backend == "sqlite":
        yield f"sqlite:///{tmp_path / 'restored.sqlite'}"
        return
    import psycopg

    name = f"vanban_restore_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(PG_ADMIN_URL, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    yield PG_ADMIN_URL.rsplit("/", 1)[0].replace("postgresql://", "postgresql+psycopg://") + "/" + name
    with psycopg.connect(PG_ADMIN_URL, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def test_restore_into_an_empty_database_keeps_registers_and_running_workflows(app, client, login, clock,
                                                                                 empty_database_url, tmp_path):
    from service import create_app

    payload = seed000()["payload"]
    issued = finish(client, login, client.post("/api/documents", json=payload, headers=login("lan.tt")).get_json())
    running = client.post("/api/documents", json=payload, headers=login("lan.tt")).get_json()
    running = finish(client, login, running, until="sign")
    register_before = client.get("/api/registers/outgoing", headers=login("mai.vt")).get_json()
    assert [e["symbol"] for e in register_before["items"]] == [issued["symbol"]] == ["23-KH/ĐU"]

    backup_file = tmp_path / "vanban.backup"
    result = app.test_cli_runner().invoke(args=["backup", str(backup_file)])
    assert result.exit_code == 0, result.output
    assert backup_file.stat().st_size > 0

    restored = create_app(_config(empty_database_url, CLOCK=clock))
    try:
        result = restored.test_cli_runner().invoke(args=["restore", str(backup_file)])
        assert result.exit_code == 0, result.output
        again = restored.test_cli_runner().invoke(args=["restore", str(backup_file)])
        assert again.exit_code != 0, "a restore never overwrites a database that has tables"

        rclient = restored.test_client()
        rlogin = signer(rclient)
        register_after = rclient.get("/api/registers/outgoing", headers=rlogin("mai.vt")).get_json()
        assert register_after == register_before
        doc = rclient.get(f"/api/documents/{running['id']}", headers=rlogin("lan.tt")).get_json()
        assert (doc["step"], doc["version"]) == ("sign", running["version"])
        done = finish(rclient, rlogin, doc)
        assert (done["status"], done["symbol"]) == ("DISPATCHED", "24-KH/ĐU")
    finally:
        with restored.app_context():
            from service.extensions import db
            db.session.remove()
            db.engine.dispose()
