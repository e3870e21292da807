"""Settings read from the environment (12-factor); a test subclass overrides them."""
from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _database_url() -> str:
    url = os.environ.get("DATABASE_URL", "").strip()
    if not url:
        return f"sqlite:///{ROOT / 'instance' / 'vanban.sqlite'}"
    # Heroku-style URLs and plain postgresql:// both use psycopg 3.
    if url.startswith("postgres://"):
        url = "postgresql://" + url[len("postgres://"):]
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url[len("postgresql://"):]
    return url


class Config:
    SECRET_KEY = os.environ.get("SECRET_KEY", "dev-only-change-me")
    SQLALCHEMY_DATABASE_URI = _database_url()
    SQLALCHEMY_ENGINE_OPTIONS: dict = {"pool_pre_ping": True}
    BPMN_DIR = os.environ.get("BPMN_DIR", str(ROOT / "bpmn"))
    # 2 MiB is far above any real plan (seed 000 is ~19 KB); the 10 MB body gets 413.
    MAX_CONTENT_LENGTH = int(os.environ.get("MAX_CONTENT_LENGTH", 2 * 1024 * 1024))
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_SECURE = os.environ.get("SESSION_COOKIE_SECURE", "0") == "1"
    WTF_CSRF_TIME_LIMIT = None
    KEY_PASSPHRASE = os.environ.get("KEY_PASSPHRASE", "")
    TESTING = False
    # Fault injection is honoured only when TESTING is true (issue: reliability tests).
    FAULT_INJECTION = False


class TestConfig(Config):
    TESTING = True
    SECRET_KEY = "test"
    WTF_CSRF_ENABLED = False
    # Reliability tests arm a fault in a real gunicorn started with this config
    # (`service:create_app("service.config.TestConfig")`). Read here only, so production never sees them.
    FAULT_INJECTION = os.environ.get("VANBAN_TEST_FAULT") or False  # e.g. "before_commit"
    FAULT_MODE = os.environ.get("VANBAN_TEST_FAULT_MODE", "raise")  # "raise" | "kill"
    # When set, the fault fires only while this file exists, and consumes it (one shot).
    FAULT_TRIGGER_FILE = os.environ.get("VANBAN_TEST_FAULT_TRIGGER") or None
