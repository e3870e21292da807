"""JSON API under /api (HTTP only): parse, authenticate, call one use case, serialise. No rules, no commits."""
from __future__ import annotations

from flask import Flask

from service.http.api import (
    admin,
    analytics,
    appearance_images,
    audit,
    auth,
    corrections,
    directory,
    directory_files,
    documents,
    incoming,
    reports,
    signatures,
    substitutions,
)


def init_app(app: Flask) -> None:
    for module in (auth, documents, signatures, incoming, reports, admin, appearance_images, directory,
                   directory_files, corrections, audit, analytics, substitutions):
        app.register_blueprint(module.bp)
