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
    # No default: the app refuses to start without a real key (service.app.check_secrets). `make run` keeps a
    # random one for development in instance/secrets.env.
    SECRET_KEY = os.environ.get("SECRET_KEY", "")
    SQLALCHEMY_DATABASE_URI = _database_url()
    # hide_parameters: a database error names the statement, never the values (a document's whole text).
    SQLALCHEMY_ENGINE_OPTIONS: dict = {"pool_pre_ping": True, "hide_parameters": True}
    BPMN_DIR = os.environ.get("BPMN_DIR", str(ROOT / "bpmn"))
    # 2 MiB is far above any real plan (seed 000 is ~19 KB); the 10 MB body gets 413.
    MAX_CONTENT_LENGTH = int(os.environ.get("MAX_CONTENT_LENGTH", 2 * 1024 * 1024))
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_SECURE = os.environ.get("SESSION_COOKIE_SECURE", "0") == "1"
    WTF_CSRF_TIME_LIMIT = None
    KEY_PASSPHRASE = os.environ.get("KEY_PASSPHRASE", "")
    # API tokens and page sessions end after this many hours (and at sign-out, or a password change).
    TOKEN_TTL_HOURS = float(os.environ.get("TOKEN_TTL_HOURS", 12))
    SESSION_TTL_HOURS = float(os.environ.get("SESSION_TTL_HOURS", 10))
    # Throttling (Flask-Limiter): counts in the app's database unless e.g. redis://host:6379 is given.
    RATELIMIT_STORAGE_URI = os.environ.get("RATELIMIT_STORAGE_URI", "vanban-db://")
    RATELIMIT_STRATEGY = "fixed-window"
    RATELIMIT_HEADERS_ENABLED = True
    SIGN_IN_LIMIT_PER_CLIENT = os.environ.get("SIGN_IN_LIMIT_PER_CLIENT", "30 per minute")
    SIGN_IN_FAILURES_PER_CLIENT_AND_USER = os.environ.get("SIGN_IN_FAILURES_PER_CLIENT_AND_USER", "5 per 15 minutes")
    # Single sign-on with OpenID Connect, optional: on when OIDC_ISSUER and OIDC_CLIENT_ID are both set
    # (sso_enabled). Outside tests an issuer without a client secret refuses to start (service.app).
    OIDC_ISSUER = os.environ.get("OIDC_ISSUER", "").strip()
    OIDC_CLIENT_ID = os.environ.get("OIDC_CLIENT_ID", "").strip()
    OIDC_CLIENT_SECRET = os.environ.get("OIDC_CLIENT_SECRET", "")
    OIDC_SCOPE = os.environ.get("OIDC_SCOPE", "").strip() or "openid profile email"
    OIDC_BUTTON_LABEL = os.environ.get("OIDC_BUTTON_LABEL", "").strip() or "Đăng nhập một lần (SSO)"
    # The callback address registered with the provider; by default built from the request
    # (https://host/login/sso/callback). Set it when a proxy in front changes the scheme or host.
    OIDC_REDIRECT_URI = os.environ.get("OIDC_REDIRECT_URI", "").strip()
    # E-mail notifications, optional: queued always (outbox), sent by `flask scheduler run` only when SMTP_HOST
    # is set. BASE_URL is the address people open the pages at (the links in the mails).
    SMTP_HOST = os.environ.get("SMTP_HOST", "").strip()
    SMTP_PORT = int(os.environ.get("SMTP_PORT", 25))
    SMTP_USER = os.environ.get("SMTP_USER", "")
    SMTP_PASSWORD = os.environ.get("SMTP_PASSWORD", "")
    SMTP_STARTTLS = os.environ.get("SMTP_STARTTLS", "0") == "1"
    SMTP_TIMEOUT = float(os.environ.get("SMTP_TIMEOUT", 10))
    MAIL_FROM = os.environ.get("MAIL_FROM", "").strip() or "vanban@localhost"
    MAIL_MAX_ATTEMPTS = int(os.environ.get("MAIL_MAX_ATTEMPTS", 8))
    BASE_URL = os.environ.get("BASE_URL", "").strip().rstrip("/") or "http://localhost:5000"
    TESTING = False
    # Fault injection is honoured only when TESTING is true (issue: reliability tests).
    FAULT_INJECTION = False


class TestConfig(Config):
    TESTING = True
    SECRET_KEY = "test"
    # Tests travel days ahead on a frozen clock; a token test sets a short lifetime of its own.
    TOKEN_TTL_HOURS = SESSION_TTL_HOURS = 24 * 365
    # Single sign-on stays off whatever the environment says; its tests configure a provider of their own.
    OIDC_ISSUER = OIDC_CLIENT_ID = OIDC_CLIENT_SECRET = OIDC_REDIRECT_URI = ""
    WTF_CSRF_ENABLED = False
    # No mail leaves a test unless the test starts an SMTP server of its own and points SMTP_HOST at it.
    SMTP_HOST = SMTP_USER = SMTP_PASSWORD = ""
    SMTP_STARTTLS = False
    BASE_URL = "http://vanban.test"
    # Reliability tests arm a fault in a real gunicorn started with this config
    # (`service:create_app("service.config.TestConfig")`). Read here only, so production never sees them.
    FAULT_INJECTION = os.environ.get("VANBAN_TEST_FAULT") or False  # e.g. "before_commit"
    FAULT_MODE = os.environ.get("VANBAN_TEST_FAULT_MODE", "raise")  # "raise" | "kill"
    # When set, the fault fires only while this file exists, and consumes it (one shot).
    FAULT_TRIGGER_FILE = os.environ.get("VANBAN_TEST_FAULT_TRIGGER") or None


def sso_enabled(config) -> bool:
    """Single sign-on is offered only when both the provider (issuer) and this app's client id are known."""
    return bool(config.get("OIDC_ISSUER") and config.get("OIDC_CLIENT_ID"))
