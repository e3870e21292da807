"""incoming coordination: the units a leader names to coordinate (đơn vị phối hợp) beside the lead unit when
routing an incoming document (NĐ 30 Art. 23)

Revision ID: 0009
Revises: 0008
"""
import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None

JSON = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")


def upgrade():
    with op.batch_alter_table("incoming_documents") as batch:
        batch.add_column(sa.Column("coordinating_unit_ids", JSON, nullable=True))


def downgrade():
    with op.batch_alter_table("incoming_documents") as batch:
        batch.drop_column("coordinating_unit_ids")
