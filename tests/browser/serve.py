"""A real HTTP server for the browser tests: the app with TESTING set (so VANBAN_FAKE_NOW is honoured) and
CSRF protection ON, served by werkzeug on 127.0.0.1:<port> against the database in DATABASE_URL.

    DATABASE_URL=sqlite:////tmp/x.sqlite VANBAN_FAKE_NOW=2025-08-07T09:00:00+07:00 python -m tests.browser.serve 8123
"""
from __future__ import annotations

import sys

from werkzeug.serving import make_server

from service import create_app
from service.config import TestConfig


def main(port: int) -> None:
    cfg = {k: getattr(TestConfig, k) for k in dir(TestConfig) if k.isupper()}
    cfg["WTF_CSRF_ENABLED"] = True  # the pages are tested with CSRF protection as in production
    app = create_app(cfg)
    make_server("127.0.0.1", port, app, threaded=True).serve_forever()


if __name__ == "__main__":
    main(int(sys.argv[1]))
