"""Operations over HTTP: request ids, security headers, request logs, query text, health and readiness
probes. Nothing here holds business rules."""

from __future__ import annotations

import logging
import re
import time
import uuid

from flask import Flask, g, jsonify, request
from sqlalchemy import text

from service.extensions import db
from service.http.inputs import check_query
from service.logs import configure_logging, current_request_id

REQUEST_ID_HEADER = "X-Request-ID"


# A client-supplied request id is echoed only when it is short and plain (no log injection).
_REQUEST_ID_OK = re.compile(r"^[A-Za-z0-9._:-]{1,64}$")


SECURITY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Content-Security-Policy": ("default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; "
                                "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"),
}


def init_app(app: Flask) -> None:
    configure_logging(app)
    _request_hooks(app)
    _probes(app)


log = logging.getLogger("service.requests")


def _request_hooks(app: Flask) -> None:
    @app.before_request
    def _request_id() -> None:
        supplied = request.headers.get(REQUEST_ID_HEADER, "")
        g.request_id = supplied if _REQUEST_ID_OK.match(supplied) else uuid.uuid4().hex
        current_request_id.set(g.request_id)
        g.started = time.perf_counter()
        # NUL is never part of a name, code or search word, and PostgreSQL refuses it in text: 400, not 500.
        if "\x00" in request.path:
            from werkzeug.exceptions import BadRequest

            raise BadRequest("NUL character in the address")
        check_query()

    @app.teardown_request
    def _forget_request_id(_exc) -> None:
        current_request_id.set(None)

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
