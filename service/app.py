"""Flask application factory: the one place that wires configuration, database, engine and HTTP layers."""
from __future__ import annotations

import logging
import sys
from pathlib import Path

from flask import Flask
from flask.json.provider import DefaultJSONProvider

from service.clock import Clock
from service.config import Config
from service.extensions import db, limiter, migrate
from service.store import load_tables


def create_app(config: type[Config] | dict | None = None) -> Flask:
    app = Flask("service", instance_relative_config=False, template_folder="http/web/templates",
                static_folder="http/web/static")
    app.config.from_object(Config)
    if isinstance(config, dict):
        app.config.update(config)
    elif config is not None:
        app.config.from_object(config)

    if app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite:///"):
        Path(app.config["SQLALCHEMY_DATABASE_URI"][len("sqlite:///"):]).parent.mkdir(parents=True, exist_ok=True)
    check_secret_key(app)
    check_single_sign_on(app)
    load_tables()
    db.init_app(app)
    migrate.init_app(app, db, directory=str(Path(__file__).parent / "store" / "migrations"))
    with app.app_context():
        _tune_sqlite(db.engine)

    check_key_passphrase(app)
    limiter.init_app(app)
    app.json = _ReadableJSON(app)
    app.extensions["clock"] = app.config.get("CLOCK") or _test_clock(app) or Clock()
    _load_diagrams(app)

    from service import cli, http

    http.init_app(app)  # logs, request hooks, probes, error handlers, JSON API, pages
    cli.init_app(app)  # flask commands
    logging.getLogger("spiff").setLevel(logging.WARNING)
    return app


def _test_clock(app: Flask):
    """Tests only: VANBAN_FAKE_NOW=2025-08-07T09:00:00+07:00 freezes the clock of a server process started by
    a test (browser tests need the seed's dates). Ignored unless the app runs with TESTING set."""
    import os

    raw = os.environ.get("VANBAN_FAKE_NOW", "").strip()
    if not raw or not app.config.get("TESTING"):
        return None
    from datetime import datetime

    from service.clock import FrozenClock

    return FrozenClock(datetime.fromisoformat(raw))


class _ReadableJSON(DefaultJSONProvider):
    """JSON with Vietnamese left readable (no \\u escapes); text that cannot be UTF-8 (lone surrogates echoed
    from hostile input) falls back to escapes instead of failing the response."""

    ensure_ascii = False

    def dumps(self, obj, **kwargs) -> str:
        out = super().dumps(obj, **kwargs)
        try:
            out.encode("utf-8")
        except UnicodeEncodeError:
            out = super().dumps(obj, **(kwargs | {"ensure_ascii": True}))
        return out


def _load_diagrams(app: Flask) -> None:
    """Parse and validate every diagram once; a bad diagram stops start-up naming file and element."""
    from workflows import DiagramRegistry

    bpmn_dir = Path(app.config["BPMN_DIR"])
    reg = DiagramRegistry()
    files: dict[str, str] = {}
    for path in sorted(bpmn_dir.glob("*.bpmn")):
        sha = reg.add_xml(path.read_bytes(), str(path.name))
        files[sha] = path.name
    app.extensions["diagrams"] = reg
    app.extensions["diagram_files"] = files


def _tune_sqlite(engine) -> None:
    """SQLite: WAL, foreign keys, a busy timeout, and BEGIN IMMEDIATE for writers so they queue instead of
    failing on a stale read snapshot."""
    if engine.dialect.name != "sqlite":
        return
    from sqlalchemy import event

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn, _record):  # pragma: no cover - exercised by every SQLite test
        dbapi_conn.isolation_level = None
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA journal_mode=WAL")
        cur.execute("PRAGMA synchronous=NORMAL")
        cur.execute("PRAGMA foreign_keys=ON")
        cur.execute("PRAGMA busy_timeout=30000")
        cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn):  # pragma: no cover
        # Writers (unit_of_work) take the write lock up front and queue on busy_timeout; readers do not block.
        immediate = conn.get_execution_options().get("sqlite_begin_immediate")
        conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


# Shorter keys include every well-known one (the old "dev-only-change-me", "test", "secret", ...): a session
# cookie signed with such a key can be forged.
MIN_SECRET_LENGTH = 32


def _refuse(message: str) -> None:
    """One clear line on stderr and a non-zero exit (gunicorn, flask commands and `make serve` all stop)."""
    print(f"vanban: {message}", file=sys.stderr, flush=True)
    # 4 is gunicorn's APP_LOAD_ERROR: a worker exiting with it makes the master stop instead of respawning.
    raise SystemExit(4)


def check_secret_key(app: Flask) -> None:
    """Outside tests, a real SECRET_KEY is required: without one anyone could forge a session cookie."""
    if app.config.get("TESTING"):
        return
    key = str(app.config.get("SECRET_KEY") or "")
    if len(key) < MIN_SECRET_LENGTH:
        _refuse(f"SECRET_KEY is not set or too weak (at least {MIN_SECRET_LENGTH} random characters, e.g. "
                "`python3 -c 'import secrets; print(secrets.token_hex(32))'`); refusing to start.")


def check_single_sign_on(app: Flask) -> None:
    """Outside tests, a configured OpenID Connect provider needs this app's client id and secret: without the
    secret the provider would have to hand out codes to anyone who knows the (public) client id."""
    if app.config.get("TESTING") or not app.config.get("OIDC_ISSUER"):
        return
    missing = [name for name in ("OIDC_CLIENT_ID", "OIDC_CLIENT_SECRET") if not app.config.get(name)]
    if missing:
        _refuse(f"OIDC_ISSUER is set but {' and '.join(missing)} {'is' if len(missing) == 1 else 'are'} not; "
                "set both (single sign-on) or unset OIDC_ISSUER; refusing to start.")


def check_key_passphrase(app: Flask) -> None:
    """Outside tests, signing keys stored in the database need KEY_PASSPHRASE (they are encrypted under it)."""
    if app.config.get("TESTING") or app.config.get("KEY_PASSPHRASE"):
        return
    from sqlalchemy import inspect, text

    with app.app_context():
        try:
            has_keys = inspect(db.engine).has_table("signing_keys") and db.session.execute(
                text("select 1 from signing_keys limit 1")).first() is not None
        finally:
            db.session.remove()
    if has_keys:
        _refuse("KEY_PASSPHRASE is not set, and the database holds signing keys encrypted under it; "
                "refusing to start.")
