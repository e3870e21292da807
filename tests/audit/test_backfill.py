"""Migration 0013 chains the audit events that existed before it: each organization's events in id order, the
document's organization for document events and the actor's for the others; the append-only guard stays."""
from __future__ import annotations

import uuid
from datetime import datetime

import pytest
import sqlalchemy as sa

from ..conftest import PG_ADMIN_URL, _config, pg_available


@pytest.fixture(params=["sqlite", "postgresql"])
def fresh_url(request, tmp_path):
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'before.sqlite'}"
        return
    if not pg_available():
        pytest.skip("PostgreSQL not reachable")
    import psycopg

    name = f"vanban_backfill_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(PG_ADMIN_URL, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    yield f"{PG_ADMIN_URL.rsplit('/', 1)[0]}/{name}".replace("postgresql://", "postgresql+psycopg://", 1)
    with psycopg.connect(PG_ADMIN_URL, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _seed_before_0013(conn) -> None:
    for i, code in ((1, "A"), (2, "B")):
        conn.execute(sa.text("INSERT INTO organizations (id, code, name, abbrev, system, org_type, place_name) "
                             "VALUES (:i, :c, :n, :c, 'PARTY', 'DANG_UY', 'Hà Nội')"),
                     {"i": i, "c": code, "n": f"Đảng ủy {code}"})
        conn.execute(sa.text("INSERT INTO people (id, username, full_name, password_hash, org_id, active) "
                             "VALUES (:i, :u, :u, 'x', :i, true)"), {"i": i, "u": f"user{i}"})
    conn.execute(sa.text(
        "INSERT INTO documents (id, org_id, system, ruleset, kind, subject, preamble, body, place, recipients, "
        "archive_units, created_by_id, status, version_no, content_hash, created_at, updated_at, lock_version) "
        "VALUES (1, 2, 'PARTY', 'HD', 'KH', 'Kế hoạch', '', '', 'Hà Nội', '[]', '[]', 1, 'DRAFT', 1, 'h', :t, :t, 1)"),
        {"t": datetime(2025, 8, 1)})
    # event 2: person 1 of A acts on a document of B -> B's chain; 1 and 3 -> A's chain
    for i, doc, actor in ((1, None, 1), (2, 1, 1), (3, None, 1), (4, None, 2)):
        conn.execute(sa.text("INSERT INTO audit_events (id, document_id, actor_id, action, at, details) "
                             "VALUES (:i, :d, :a, 'admin.update', :at, :det)"),
                     {"i": i, "d": doc, "a": actor, "at": datetime(2025, 8, 1, 2, 0, i, 5),
                      "det": '{"b": 1, "a": "ư"}'})


def test_existing_events_are_chained_per_organization(fresh_url):
    from flask_migrate import upgrade

    from service import create_app
    from service.extensions import db
    from service.usecases import audit

    app = create_app(_config(fresh_url))
    with app.app_context():
        directory = app.extensions["migrate"].directory
        upgrade(directory=directory, revision="0010")
        with db.engine.begin() as conn:
            _seed_before_0013(conn)
        upgrade(directory=directory)
        rows = db.session.execute(sa.text("select id, org_id, prev_hash from audit_events order by id")).all()
        heads = db.session.execute(sa.text("select org_id, length from audit_chain_heads order by org_id")).all()
        statuses = {st.org.code: st for st in audit.verify_chains()}
        with pytest.raises(sa.exc.DatabaseError):
            with db.engine.begin() as conn:
                conn.execute(sa.text("DELETE FROM audit_events WHERE id = 1"))
        db.session.remove()
        db.engine.dispose()
    assert [(r.id, r.org_id) for r in rows] == [(1, 1), (2, 2), (3, 1), (4, 2)]
    assert rows[0].prev_hash == "0" * 64 and rows[1].prev_hash == "0" * 64
    assert [tuple(h) for h in heads] == [(1, 2), (2, 2)]
    assert statuses["A"].report.ok and statuses["B"].report.ok and statuses["A"].report.length == 2
