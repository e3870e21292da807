"""reminder count: how many reminders each reporting period has sent its organization (shown on the
requester's matrix of an obligation)

Revision ID: 0008
Revises: 0007
"""
import sqlalchemy as sa
from alembic import op

revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("reporting_periods") as batch:
        batch.add_column(sa.Column("reminder_count", sa.Integer(), nullable=False, server_default="0"))
    # Periods reminded before this column existed were reminded once (the reminder timer fires once).
    op.execute("UPDATE reporting_periods SET reminder_count = 1 WHERE reminded_at IS NOT NULL")


def downgrade():
    with op.batch_alter_table("reporting_periods") as batch:
        batch.drop_column("reminder_count")
