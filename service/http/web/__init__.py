"""Server-rendered pages (issue: web pages). HTTP only: parse, call a use case, render."""
from __future__ import annotations

from flask import Flask, request
from flask_wtf.csrf import CSRFProtect

from service.http.web import format as fmt

csrf = CSRFProtect()

# Pages load nothing from elsewhere: every script, style and image is served by the app itself.
CONTENT_SECURITY_POLICY = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
                           "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'")


def init_app(app: Flask) -> None:
    """Register the pages, CSRF protection for every form outside /api, filters and security headers."""
    from service.http.web import (  # noqa: F401 - their routes join the pages' blueprint
        account,
        admin,
        analytics,
        audit,
        bulk,
        corrections,
        directory,
        incoming,
        notices,
        reports,
        signing_pin,
        sso,
        substitutions,
    )
    from service.http.web.views import bp

    # The JSON API under /api authenticates with Bearer tokens (never cookies), so it is exempt; every other
    # state-changing request must carry the form's CSRF token. Checked by path so that API blueprints added
    # by other features are exempt too.
    app.config["WTF_CSRF_CHECK_DEFAULT"] = False
    csrf.init_app(app)

    @app.before_request
    def _csrf_outside_api():
        if app.config.get("WTF_CSRF_ENABLED", True) and not request.path.startswith("/api/"):
            incoming.allow_scan_upload()  # its form holds a scan: a larger body is read for the CSRF token
            csrf.protect()

    app.register_blueprint(bp)
    sso.init_app(app)
    fmt.register_filters(app)

    @app.after_request
    def _security_headers(resp):
        if not request.path.startswith("/api/"):
            resp.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
            resp.headers.setdefault("X-Content-Type-Options", "nosniff")
            resp.headers.setdefault("X-Frame-Options", "DENY")
            resp.headers.setdefault("Referrer-Policy", "same-origin")
            if resp.mimetype == "text/html":
                resp.headers.setdefault("Cache-Control", "no-store")
        return resp
