"""Real gunicorn processes over real databases.

A template database per backend is built once per session by the production commands themselves
(`flask db upgrade`, `flask demo load`); each test gets a fresh copy (file copy for SQLite,
`CREATE DATABASE … TEMPLATE` for PostgreSQL) and starts its own gunicorn on a free 127.0.0.1 port,
always stopped in a `finally`.
"""
from __future__ import annotations

import os
import shutil
import uuid
from pathlib import Path

import pytest

from ..conftest import PG_ADMIN_URL, _backends_used, pg_available
from .server import REPO, run_flask

PG_BASE = PG_ADMIN_URL.rsplit("/", 1)[0]


def _pg_exec(sql: str) -> None:
    import psycopg

    with psycopg.connect(PG_ADMIN_URL, autocommit=True) as conn:
        conn.execute(sql)


@pytest.fixture(scope="session")
def sqlite_demo_template(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("prod") / "template.sqlite"
    url = f"sqlite:///{path}"
    run_flask(url, "db", "upgrade")
    run_flask(url, "demo", "load")
    return path


@pytest.fixture(scope="session")
def pg_demo_template():
    if not pg_available():
        pytest.skip("PostgreSQL not reachable")
    name = f"vanban_tpl_{uuid.uuid4().hex[:10]}"
    _pg_exec(f'CREATE DATABASE "{name}"')
    try:
        url = f"{PG_BASE}/{name}"
        run_flask(url, "db", "upgrade")
        run_flask(url, "demo", "load")
        yield name
    finally:
        _pg_exec(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _fresh(backend: str, request, tmp_path: Path) -> str:
    _backends_used.add(backend)
    if backend == "sqlite":
        path = tmp_path / f"live-{uuid.uuid4().hex[:6]}.sqlite"
        shutil.copy(request.getfixturevalue("sqlite_demo_template"), path)
        return f"sqlite:///{path}"
    template = request.getfixturevalue("pg_demo_template")
    name = f"vanban_live_{uuid.uuid4().hex[:10]}"
    _pg_exec(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')
    request.addfinalizer(lambda: _pg_exec(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    return f"{PG_BASE}/{name}"


@pytest.fixture
def live_db(backend, request, tmp_path) -> str:
    """A fresh, migrated database with the demo data, as a DATABASE_URL."""
    return _fresh(backend, request, tmp_path)


@pytest.fixture
def live_pg_db(request, tmp_path) -> str:
    if not pg_available():
        pytest.skip("PostgreSQL not reachable")
    return _fresh("postgresql", request, tmp_path)


__all__ = ["REPO", "os"]
