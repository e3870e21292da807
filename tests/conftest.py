"""Shared fixtures: a real database (SQLite always, PostgreSQL when reachable), the app, a client, sign-in.

The schema is built by the Alembic migrations (not create_all), once per session and backend; each test
starts from a copy (SQLite) or a truncated database (PostgreSQL) with the demo data loaded.
"""
from __future__ import annotations

import os
import shutil
import uuid
from datetime import datetime
from pathlib import Path

import pytest

from service.clock import FrozenClock
from service.config import TestConfig

REPO = Path(__file__).resolve().parent.parent
PG_ADMIN_URL = os.environ.get("TEST_PG_URL", "postgresql://127.0.0.1:5432/test")
DEMO_PASSWORD = "Demo@2025"

_backends_used: set[str] = set()
_pg_problem: str | None = None


def pg_available() -> bool:
    global _pg_problem
    if _pg_problem is not None:
        return _pg_problem == ""
    try:
        import psycopg

        with psycopg.connect(PG_ADMIN_URL, connect_timeout=3) as conn:
            conn.execute("select 1")
        _pg_problem = ""
    except Exception as exc:  # noqa: BLE001 - any failure means "not reachable"
        _pg_problem = f"{type(exc).__name__}: {exc}".strip()
    return _pg_problem == ""


def pytest_report_header(config):
    pg = "reachable at " + PG_ADMIN_URL if pg_available() else f"NOT reachable ({_pg_problem}); PostgreSQL tests skip"
    return [f"databases: SQLite (always); PostgreSQL {pg}"]


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    used = ", ".join(sorted(_backends_used)) or "none"
    terminalreporter.write_line(f"database backends exercised by this run: {used}")
    if "postgresql" not in _backends_used and pg_available() is False:
        terminalreporter.write_line("WARNING: PostgreSQL was not reachable; only SQLite was tested", red=True)


def _migrate(url: str) -> None:
    from flask_migrate import upgrade

    from service import create_app

    app = create_app(_config(url))
    with app.app_context():
        upgrade(directory=str(REPO / "service" / "store" / "migrations"))
        from service.extensions import db
        db.engine.dispose()


def _config(url: str, **extra) -> dict:
    cfg = {k: getattr(TestConfig, k) for k in dir(TestConfig) if k.isupper()}
    cfg["SQLALCHEMY_DATABASE_URI"] = url
    cfg.update(extra)
    return cfg


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("db") / "template.sqlite"
    _migrate(f"sqlite:///{path}")
    return path


@pytest.fixture(scope="session")
def pg_database():
    """A throw-away PostgreSQL database for this session, migrated once."""
    if not pg_available():
        pytest.skip(f"PostgreSQL not reachable: {_pg_problem}")
    import psycopg

    name = f"vanban_test_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(PG_ADMIN_URL, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    base = PG_ADMIN_URL.rsplit("/", 1)[0]
    url = f"{base}/{name}".replace("postgresql://", "postgresql+psycopg://", 1)
    _migrate(url)
    yield url
    with psycopg.connect(PG_ADMIN_URL, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _truncate_pg(url: str) -> None:
    import psycopg

    with psycopg.connect(url.replace("postgresql+psycopg://", "postgresql://", 1), autocommit=True) as conn:
        tables = [r[0] for r in conn.execute(
            "select tablename from pg_tables where schemaname='public' and tablename <> 'alembic_version'")]
        # The append-only trigger fires on DELETE, not on TRUNCATE: tests may start clean.
        conn.execute("TRUNCATE " + ", ".join(f'"{t}"' for t in tables) + " RESTART IDENTITY CASCADE")


@pytest.fixture(params=["sqlite", "postgresql"])
def backend(request) -> str:
    if request.param == "postgresql" and not pg_available():
        pytest.skip(f"PostgreSQL not reachable: {_pg_problem}")
    return request.param


@pytest.fixture
def database_url(backend, request, tmp_path, sqlite_template) -> str:
    if backend == "sqlite":
        path = tmp_path / "app.sqlite"
        shutil.copy(sqlite_template, path)
        url = f"sqlite:///{path}"
    else:
        url = request.getfixturevalue("pg_database")
        _truncate_pg(url)
    _backends_used.add(backend)
    return url


@pytest.fixture
def clock() -> FrozenClock:
    # 09:00 in Hà Nội on 1 August 2025: the seed plan was drafted before 07/8/2025.
    return FrozenClock(datetime(2025, 8, 1, 2, 0))


@pytest.fixture
def app(database_url, clock):
    from service import create_app
    from service.extensions import db
    from service.usecases.demo import load_demo

    app = create_app(_config(database_url, CLOCK=clock))
    with app.app_context():
        load_demo()
        db.session.commit()
        db.session.remove()
    yield app
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


@pytest.fixture
def make_app(database_url, clock):
    """make_app(**config) -> another app on the same database (a restart); disposed after the test."""
    from service import create_app
    from service.extensions import db

    made = []

    def _make(**extra):
        extra.setdefault("CLOCK", clock)
        a = create_app(_config(database_url, **extra))
        made.append(a)
        return a

    yield _make
    for a in made:
        with a.app_context():
            db.session.remove()
            db.engine.dispose()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def login(client):
    """login('lan.tt') -> Authorization headers for that demo person."""
    cache: dict[str, dict] = {}

    def _login(username: str) -> dict:
        if username not in cache:
            r = client.post("/api/auth/token", json={"username": username, "password": DEMO_PASSWORD})
            assert r.status_code == 201, r.get_json()
            cache[username] = {"Authorization": f"Bearer {r.get_json()['token']}"}
        return cache[username]

    return _login
