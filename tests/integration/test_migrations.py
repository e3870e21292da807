"""The migrations build exactly the schema the models describe, and run down and up again."""
from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from service.extensions import db
from service.store.documents import include_in_schema


def _diff(conn) -> list:
    dialect = conn.dialect.name
    ctx = MigrationContext.configure(conn, opts={"include_object": lambda *a: include_in_schema(*a, dialect=dialect)})
    return compare_metadata(ctx, db.metadata)


def test_the_migrated_schema_matches_the_models(app):
    with app.app_context():
        with db.engine.connect() as conn:
            diff = _diff(conn)
        db.session.remove()
    assert diff == [], "models and migrations disagree: add a migration"


def test_migrations_downgrade_to_nothing_and_upgrade_again_on_sqlite(tmp_path):
    from flask_migrate import downgrade, upgrade

    from service import create_app

    from ..conftest import _config

    a = create_app(_config(f"sqlite:///{tmp_path / 'roundtrip.sqlite'}"))
    with a.app_context():
        upgrade(directory=a.extensions["migrate"].directory)
        downgrade(directory=a.extensions["migrate"].directory, revision="base")
        upgrade(directory=a.extensions["migrate"].directory)
        with db.engine.connect() as conn:
            assert _diff(conn) == []
        db.engine.dispose()
