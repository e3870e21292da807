"""register search: trigram index on the outgoing register's search text (PostgreSQL)

Revision ID: 0004
Revises: 0003
"""
from alembic import op

revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade():
    # A search for "ke hoach thong tin doi ngoai" is a LIKE '%word%' per word: a trigram GIN index answers it
    # without reading the whole register (1 000 000 rows). pg_trgm is a trusted extension (PostgreSQL ≥ 13).
    if op.get_bind().dialect.name != "postgresql":
        return  # SQLite scans; its registers are small
    op.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    op.create_index("ix_outgoing_register_search_trgm", "outgoing_register", ["search_text"],
                    postgresql_using="gin", postgresql_ops={"search_text": "gin_trgm_ops"})


def downgrade():
    if op.get_bind().dialect.name != "postgresql":
        return
    op.drop_index("ix_outgoing_register_search_trgm", table_name="outgoing_register")
