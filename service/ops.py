"""Operations: health and readiness probes, JSON logs with request ids, security headers, and the
operator's CLI (`flask diagrams deploy`, `flask backup`, `flask restore`).

Nothing here holds business rules; it is the part an operator touches.
"""
from __future__ import annotations

import json
import logging
import os
import re
import shutil
import sqlite3
import subprocess
import sys
import time
import uuid
from datetime import UTC, datetime
from pathlib import Path

import click
from flask import Flask, g, jsonify, request
from flask.cli import AppGroup, with_appcontext
from sqlalchemy import text

from service.extensions import db

REQUEST_ID_HEADER = "X-Request-ID"
# A client-supplied request id is echoed only when it is short and plain (no log injection).
_REQUEST_ID_OK = re.compile(r"^[A-Za-z0-9._:-]{1,64}$")
# Safety net: whatever a message contains, these never reach the log.
_SECRET_PATTERNS = (
    (re.compile(r"(?i)(bearer\s+)[A-Za-z0-9._~+/=-]+"), r"\1[redacted]"),
    (re.compile(r'(?i)("?(?:password|passwd|token|authorization|secret|passphrase)"?\s*[:=]\s*)("[^"]*"|\S+)'),
     r"\1[redacted]"),
)
SECURITY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Content-Security-Policy": ("default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; "
                                "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"),
}


def init_app(app: Flask) -> None:
    _configure_logging(app)
    _request_hooks(app)
    _probes(app)
    _cli(app)


# --------------------------------------------------------------------------- logging


def redact(message: str) -> str:
    """The message with bearer tokens and password-like fields blanked out."""
    for pattern, repl in _SECRET_PATTERNS:
        message = pattern.sub(repl, message)
    return message


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time, level, logger, message, request id and selected extras."""

    EXTRAS = ("event", "method", "path", "status", "duration_ms", "user", "remote")

    def format(self, record: logging.LogRecord) -> str:
        out = {
            "ts": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "msg": redact(record.getMessage()),
            "request_id": getattr(record, "request_id", None) or _current_request_id(),
        }
        for key in self.EXTRAS:
            value = getattr(record, key, None)
            if value is not None:
                out[key] = value
        if record.exc_info:
            out["exc"] = redact(self.formatException(record.exc_info))
        return json.dumps(out, ensure_ascii=False)


def _current_request_id() -> str | None:
    try:
        return g.get("request_id")
    except RuntimeError:  # outside a request
        return None


def _configure_logging(app: Flask) -> None:
    """The app's and the service's loggers write JSON lines to stderr (gunicorn collects them)."""
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(JsonFormatter())
    handler.set_name("vanban-json")
    level = os.environ.get("LOG_LEVEL", "INFO").upper()
    for logger in (app.logger, logging.getLogger("service")):
        if not any(h.get_name() == "vanban-json" for h in logger.handlers):
            logger.handlers = [h for h in logger.handlers if not isinstance(h, logging.StreamHandler)]
            logger.addHandler(handler)
        logger.setLevel(level)
        logger.propagate = False


log = logging.getLogger("service.requests")


# Ids are INTEGER columns: a value beyond 32 bits cannot exist, and PostgreSQL would refuse to compare it.
MAX_ID = 2**31 - 1


def _request_hooks(app: Flask) -> None:
    @app.url_value_preprocessor
    def _ids_in_range(endpoint, values) -> None:
        for value in (values or {}).values():
            if isinstance(value, int) and not -MAX_ID <= value <= MAX_ID:
                from werkzeug.exceptions import NotFound

                raise NotFound()

    @app.before_request
    def _request_id() -> None:
        supplied = request.headers.get(REQUEST_ID_HEADER, "")
        g.request_id = supplied if _REQUEST_ID_OK.match(supplied) else uuid.uuid4().hex
        g.started = time.perf_counter()
        # NUL is never part of a name, code or search word, and PostgreSQL refuses it in text: 400, not 500.
        if "\x00" in request.path or any("\x00" in k or "\x00" in v for k, v in request.args.items(multi=True)):
            from werkzeug.exceptions import BadRequest

            raise BadRequest("NUL character in the address")

    @app.after_request
    def _after(response):
        rid = g.get("request_id")
        if rid:
            response.headers[REQUEST_ID_HEADER] = rid
        for name, value in SECURITY_HEADERS.items():
            response.headers.setdefault(name, value)
        if app.config.get("SESSION_COOKIE_SECURE"):
            response.headers.setdefault("Strict-Transport-Security", "max-age=31536000; includeSubDomains")
        if request.path.startswith("/api/"):
            response.headers.setdefault("Cache-Control", "no-store")
        if app.config.get("LOG_REQUESTS", True):
            person = g.get("person")
            # The path only: query strings and headers (Authorization, cookies) are never logged.
            log.info("request", extra={
                "event": "request", "method": request.method, "path": request.path, "status": response.status_code,
                "duration_ms": round((time.perf_counter() - g.get("started", time.perf_counter())) * 1000, 2),
                "user": getattr(person, "username", None)})
        return response


# --------------------------------------------------------------------------- probes


def _probes(app: Flask) -> None:
    @app.get("/healthz")
    def healthz():
        """Liveness: the process answers. No database access, no authentication."""
        return jsonify({"status": "ok"})

    @app.get("/readyz")
    def readyz():
        """Readiness: the database answers `select 1` and the diagrams are loaded."""
        problems = []
        try:
            db.session.execute(text("select 1")).scalar_one()
        except Exception as exc:  # noqa: BLE001 - any failure means not ready
            db.session.rollback()
            problems.append(f"database: {type(exc).__name__}")
        finally:
            db.session.remove()
        diagrams = app.extensions.get("diagram_files") or {}
        if not diagrams:
            problems.append("diagrams: none loaded")
        if problems:
            return jsonify({"error": "not_ready", "message": "Dịch vụ chưa sẵn sàng: " + "; ".join(problems)}), 503
        return jsonify({"status": "ready", "database": db.engine.dialect.name, "diagrams": len(diagrams)})


# --------------------------------------------------------------------------- CLI


def _cli(app: Flask) -> None:
    group = app.cli.commands.get("diagrams")
    if not isinstance(group, click.Group):
        group = AppGroup("diagrams", help="Process diagrams (BPMN).")
        app.cli.add_command(group)

    @group.command("deploy")
    @click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
    @click.option("--replace", is_flag=True, help="Replace a different file of the same name in BPMN_DIR.")
    @with_appcontext
    def diagrams_deploy(file: Path, replace: bool) -> None:
        """Validate FILE and register it as a new diagram version (workers use it after a restart)."""
        from flask import current_app

        sha = deploy_diagram(current_app, file.read_bytes(), file.name, replace=replace)
        click.echo(f"Đã đăng ký quy trình {file.name} (sha256 {sha}). "
                   "Khởi động lại các worker (kill -HUP <gunicorn master>) để áp dụng cho văn bản mới.")

    @app.cli.command("backup")
    @click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
    def backup_cmd(file: Path) -> None:
        """Write a consistent backup of the database to FILE (pg_dump custom format or an SQLite file)."""
        backup(db.engine.url, file)
        click.echo(f"Đã sao lưu vào {file}.")

    @app.cli.command("restore")
    @click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
    def restore_cmd(file: Path) -> None:
        """Restore FILE into the (empty) database of DATABASE_URL."""
        db.session.remove()
        db.engine.dispose()
        restore(db.engine.url, file)
        click.echo(f"Đã khôi phục từ {file}.")


def deploy_diagram(app: Flask, xml: bytes, filename: str, *, replace: bool = False) -> str:
    """Validate a diagram (no DOCTYPE, no entities, no scripts, allow-listed conditions), keep it by
    sha256 in the database and in BPMN_DIR. Raises click.ClickException with the reason when refused."""
    from workflows import DiagramError

    from service.models import DiagramVersion

    if not re.fullmatch(r"[A-Za-z0-9_.-]+\.bpmn", filename):
        raise click.ClickException("Tên tệp quy trình chỉ gồm chữ, số, '_', '-', '.' và kết thúc bằng .bpmn.")
    reg = app.extensions["diagrams"]
    try:
        sha = reg.add_xml(xml, filename)
    except DiagramError as exc:
        raise click.ClickException(f"Quy trình không hợp lệ: {exc}") from None
    target = Path(app.config["BPMN_DIR"]) / filename
    if target.exists() and target.read_bytes() != xml and not replace:
        raise click.ClickException(f"{target} đã có nội dung khác; dùng --replace để thay.")
    if db.session.get(DiagramVersion, sha) is None:
        db.session.add(DiagramVersion(sha256=sha, process_id=reg.process_ids(sha)[0], filename=filename, xml=xml,
                                      created_at=datetime.now(UTC).replace(tzinfo=None)))
        db.session.commit()
    tmp = target.with_suffix(".bpmn.tmp")
    tmp.write_bytes(xml)
    os.replace(tmp, target)
    return sha


def _pg_dsn(url) -> str:
    return url.set(drivername="postgresql").render_as_string(hide_password=False)


def _sqlite_path(url) -> str:
    if not url.database or url.database == ":memory:":
        raise click.ClickException("Cơ sở dữ liệu SQLite trong bộ nhớ không sao lưu được.")
    return url.database


def backup(url, file: Path) -> None:
    """A consistent snapshot while the service runs: pg_dump (custom format) or the SQLite online backup API."""
    file = Path(file)
    file.parent.mkdir(parents=True, exist_ok=True)
    if url.get_backend_name() == "postgresql":
        _run(["pg_dump", "--format=custom", "--no-owner", "--no-privileges", "--file", str(file), _pg_dsn(url)])
    elif url.get_backend_name() == "sqlite":
        tmp = file.with_name(file.name + ".part")
        src = sqlite3.connect(_sqlite_path(url))
        dst = sqlite3.connect(tmp)
        try:
            src.backup(dst)
        finally:
            dst.close()
            src.close()
        os.replace(tmp, file)
    else:
        raise click.ClickException(f"Không hỗ trợ sao lưu {url.get_backend_name()}.")


def restore(url, file: Path) -> None:
    """Restore a backup into an empty database (refuses to overwrite one that has tables)."""
    if url.get_backend_name() == "postgresql":
        dsn = _pg_dsn(url)
        import psycopg

        with psycopg.connect(dsn) as conn:
            tables = conn.execute("select count(*) from pg_tables where schemaname = 'public'").fetchone()[0]
        if tables:
            raise click.ClickException("Cơ sở dữ liệu đích không trống; hãy khôi phục vào cơ sở dữ liệu mới.")
        _run(["pg_restore", "--no-owner", "--no-privileges", "--exit-on-error", "--single-transaction",
              "--dbname", dsn, str(file)])
    elif url.get_backend_name() == "sqlite":
        path = Path(_sqlite_path(url))
        if path.exists() and path.stat().st_size > 0:
            conn = sqlite3.connect(path)
            try:
                tables = conn.execute("select count(*) from sqlite_master where type = 'table'").fetchone()[0]
            finally:
                conn.close()
            if tables:
                raise click.ClickException("Cơ sở dữ liệu đích không trống; hãy khôi phục vào tệp mới.")
        path.parent.mkdir(parents=True, exist_ok=True)
        src = sqlite3.connect(f"file:{file}?mode=ro", uri=True)
        dst = sqlite3.connect(path)
        try:
            src.backup(dst)
        finally:
            dst.close()
            src.close()
    else:
        raise click.ClickException(f"Không hỗ trợ khôi phục {url.get_backend_name()}.")


def _run(cmd: list[str]) -> None:
    if shutil.which(cmd[0]) is None:
        raise click.ClickException(f"Không tìm thấy {cmd[0]} (cài postgresql-client).")
    # The DSN is passed as an argument to a local tool, never logged; errors show stderr only.
    proc = subprocess.run(cmd, capture_output=True, text=True, check=False)
    if proc.returncode != 0:
        raise click.ClickException(f"{cmd[0]} thất bại: {redact(proc.stderr.strip())[:2000]}")
