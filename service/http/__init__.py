"""HTTP: the JSON API (http/api) and the pages (http/web). Parse, call one use case, render; nothing else."""
from __future__ import annotations

from flask import Flask

from service.http import api, errors, inputs, ops, web


def init_app(app: Flask) -> None:
    """Request limits (JSON, text, ids), error handlers, the API, the pages, then logs, request ids, security headers and probes (registered
    last: their after-request hook runs first, so its headers take precedence)."""
    inputs.init_app(app)  # first: the bounded id converter must exist before any route is added
    errors.register_error_handlers(app)
    api.init_app(app)
    web.init_app(app)
    ops.init_app(app)
