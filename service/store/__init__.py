"""What is kept: tables grouped by aggregate, migrations, the unit of work, number series, engine state, timer
rows, backups. Imports the domain and workflows layers only, never use cases or HTTP."""
from __future__ import annotations

from importlib import import_module

TABLE_MODULES = ("organizations", "documents", "series", "workflow", "incoming", "reporting", "notifications",
                 "signing", "throttle", "audit", "analytics")


def load_tables() -> None:
    """Import every table module, so the metadata (and Alembic's comparison) knows every table."""
    for name in TABLE_MODULES:
        import_module(f"{__name__}.{name}")
