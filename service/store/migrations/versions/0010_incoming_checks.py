"""incoming checks: the symbol as typed beside its normalized form (V19), the place printed on the document
(V20), whether it was received as an electronic original (V17), and the findings of V1-V3, V17, V20 on the row

Revision ID: 0010
Revises: 0009
"""
import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None

JSON = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")


def upgrade():
    with op.batch_alter_table("incoming_documents") as batch:
        batch.add_column(sa.Column("symbol_raw", sa.String(120), nullable=True))
        batch.add_column(sa.Column("place", sa.String(120), nullable=True))
        batch.add_column(sa.Column("electronic", sa.Boolean(), nullable=False, server_default=sa.false()))
        batch.add_column(sa.Column("findings", JSON, nullable=True))


def downgrade():
    with op.batch_alter_table("incoming_documents") as batch:
        batch.drop_column("findings")
        batch.drop_column("electronic")
        batch.drop_column("place")
        batch.drop_column("symbol_raw")
