"""Server-rendered pages (issue: web pages). HTTP only: parse, call a use case, render."""
from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    """Register the pages blueprint (filled in by the web pages work)."""
