"""audit chain: every audit event carries its organization, the hash of the previous event of that organization
and its own hash; one head row per organization. Existing events are chained in id order.

Revision ID: 0013
Revises: 0012
"""
import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

from service.domain.audit_chain import GENESIS, HASHED_FIELDS, event_hash

revision = '0013'
down_revision = '0012'
branch_labels = None
depends_on = None

JSON = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")

_events = sa.table(
    "audit_events", sa.column("id", sa.Integer), sa.column("org_id", sa.Integer),
    sa.column("document_id", sa.Integer), sa.column("actor_id", sa.Integer), sa.column("action", sa.String),
    sa.column("task", sa.String), sa.column("comment", sa.Text), sa.column("version_no", sa.Integer),
    sa.column("at", sa.DateTime), sa.column("details", JSON), sa.column("prev_hash", sa.String),
    sa.column("hash", sa.String))
_documents = sa.table("documents", sa.column("id", sa.Integer), sa.column("org_id", sa.Integer))
_people = sa.table("people", sa.column("id", sa.Integer), sa.column("org_id", sa.Integer))


def upgrade():
    heads = op.create_table(
        "audit_chain_heads",
        sa.Column("org_id", sa.Integer(), nullable=False),
        sa.Column("length", sa.Integer(), nullable=False),
        sa.Column("hash", sa.String(length=64), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(["org_id"], ["organizations.id"]),
        sa.PrimaryKeyConstraint("org_id"),
    )
    with op.batch_alter_table("audit_events") as batch:
        batch.add_column(sa.Column("org_id", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("prev_hash", sa.String(length=64), nullable=True))
        batch.add_column(sa.Column("hash", sa.String(length=64), nullable=True))
    _without_append_only_guard(_backfill, heads)
    with op.batch_alter_table("audit_events") as batch:
        batch.alter_column("org_id", existing_type=sa.Integer(), nullable=False)
        batch.alter_column("prev_hash", existing_type=sa.String(length=64), nullable=False)
        batch.alter_column("hash", existing_type=sa.String(length=64), nullable=False)
        batch.create_index("ix_audit_events_org_id", ["org_id"], unique=False)
        batch.create_foreign_key("fk_audit_events_org_id", "organizations", ["org_id"], ["id"])
    _restore_sqlite_guard()


def _backfill(heads):
    """Chain the existing events of each organization in id order (the order they were written)."""
    bind = op.get_bind()
    org = sa.func.coalesce(_documents.c.org_id, _people.c.org_id)
    rows = bind.execute(
        sa.select(_events, org.label("chain_org"))
        .select_from(_events.outerjoin(_documents, _documents.c.id == _events.c.document_id)
                     .outerjoin(_people, _people.c.id == _events.c.actor_id))
        .order_by(_events.c.id)).mappings().all()
    tips: dict[int, tuple[int, str, object]] = {}
    for r in rows:
        if r["chain_org"] is None:
            raise RuntimeError(f"audit event {r['id']} has neither a document nor an actor: no chain to join")
        length, prev, _at = tips.get(r["chain_org"], (0, GENESIS, None))
        content = {k: r[k] for k in HASHED_FIELDS} | {"org_id": r["chain_org"]}
        h = event_hash(content, prev)
        bind.execute(_events.update().where(_events.c.id == r["id"])
                     .values(org_id=r["chain_org"], prev_hash=prev, hash=h))
        tips[r["chain_org"]] = (length + 1, h, r["at"])
    if tips:
        op.bulk_insert(heads, [{"org_id": o, "length": n, "hash": h, "at": at} for o, (n, h, at) in tips.items()])


def _without_append_only_guard(fn, *args):
    """Run fn with the append-only triggers of 0001 out of the way (put back on PostgreSQL; on SQLite the
    table is rebuilt after, and _restore_sqlite_guard creates them again)."""
    if op.get_bind().dialect.name == "postgresql":
        op.execute("ALTER TABLE audit_events DISABLE TRIGGER audit_events_no_change")
        fn(*args)
        op.execute("ALTER TABLE audit_events ENABLE TRIGGER audit_events_no_change")
    else:
        op.execute("DROP TRIGGER IF EXISTS audit_events_no_update")
        op.execute("DROP TRIGGER IF EXISTS audit_events_no_delete")
        fn(*args)


def _restore_sqlite_guard():
    if op.get_bind().dialect.name == "postgresql":
        return
    for what in ("UPDATE", "DELETE"):
        op.execute(f"DROP TRIGGER IF EXISTS audit_events_no_{what.lower()}")
        op.execute(f"""
            CREATE TRIGGER audit_events_no_{what.lower()} BEFORE {what} ON audit_events
            BEGIN SELECT RAISE(ABORT, 'audit_events is append-only'); END;
        """)


def downgrade():
    with op.batch_alter_table("audit_events") as batch:
        batch.drop_constraint("fk_audit_events_org_id", type_="foreignkey")
        batch.drop_index("ix_audit_events_org_id")
        batch.drop_column("hash")
        batch.drop_column("prev_hash")
        batch.drop_column("org_id")
    _restore_sqlite_guard()
    op.drop_table("audit_chain_heads")
