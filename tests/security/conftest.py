"""The live-server fixtures of tests/production, shared here."""
from ..production.conftest import live_db, live_pg_db, pg_demo_template, sqlite_demo_template  # noqa: F401
