"""JSON logs, one object per line with the request id; secrets (bearer tokens, passwords) and whole request
bodies or document texts never reach them."""

from __future__ import annotations

import json
import logging
import os
import re
import sys
from contextvars import ContextVar
from datetime import UTC, datetime

from flask import Flask

# Safety net: whatever a message contains, these never reach the log.
_SECRET_PATTERNS = (
    (re.compile(r"(?i)(bearer\s+)[A-Za-z0-9._~+/=-]+"), r"\1[redacted]"),
    (re.compile(r'(?i)("?(?:password|passwd|token|authorization|secret|passphrase)"?\s*[:=]\s*)("[^"]*"|\S+)'),
     r"\1[redacted]"),
)


def redact(message: str) -> str:
    """The message with bearer tokens and password-like fields blanked out."""
    for pattern, repl in _SECRET_PATTERNS:
        message = pattern.sub(repl, message)
    return message


# A log line names what happened; it never carries a request body or a document's text. Longer lines are cut
# (a document's body is thousands of characters; SQL parameters are hidden by the engine option besides).
MAX_LINE = 500
MAX_TRACEBACK = 8000


def shorten(text: str, limit: int = MAX_LINE) -> str:
    """Each line of `text` at most `limit` characters, marked where it was cut."""
    return "\n".join(line if len(line) <= limit else f"{line[:limit]}… [{len(line) - limit} characters cut]"
                     for line in text.split("\n"))


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time, level, logger, message, request id and selected extras."""

    EXTRAS = ("event", "method", "path", "status", "duration_ms", "user", "remote")

    def format(self, record: logging.LogRecord) -> str:
        out = {
            "ts": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "msg": shorten(redact(record.getMessage())),
            "request_id": getattr(record, "request_id", None) or _current_request_id(),
        }
        for key in self.EXTRAS:
            value = getattr(record, key, None)
            if value is not None:
                out[key] = value
        if record.exc_info:
            exc = shorten(redact(self.formatException(record.exc_info)))
            out["exc"] = exc if len(exc) <= MAX_TRACEBACK else "…" + exc[-MAX_TRACEBACK:]
        return json.dumps(out, ensure_ascii=False)


# The id of the request being served (set by service.http.ops for each request; None outside requests).
current_request_id: ContextVar[str | None] = ContextVar("current_request_id", default=None)


def _current_request_id() -> str | None:
    return current_request_id.get()


def configure_logging(app: Flask) -> None:
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
