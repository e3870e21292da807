"""accounts: tokens and page sessions expire and are revoked server-side; throttle counters shared by every
worker replace the per-account lock (which let a stranger lock the real user out)

Revision ID: 0005
Revises: 0004
"""
import sqlalchemy as sa
from alembic import op

revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("api_tokens") as batch:
        batch.add_column(sa.Column("kind", sa.String(10), nullable=False, server_default="API"))
        batch.add_column(sa.Column("expires_at", sa.DateTime(), nullable=True))
        batch.add_column(sa.Column("revoked_at", sa.DateTime(), nullable=True))
    # Tokens issued before expiry existed end now: their holders sign in again.
    op.execute("UPDATE api_tokens SET expires_at = created_at")
    with op.batch_alter_table("api_tokens") as batch:
        batch.alter_column("expires_at", existing_type=sa.DateTime(), nullable=False)
        batch.alter_column("kind", existing_type=sa.String(10), server_default=None)
    with op.batch_alter_table("people") as batch:
        batch.drop_column("failed_logins")
        batch.drop_column("locked_until")
    op.create_table(
        "throttle_counters",
        sa.Column("key", sa.String(64), primary_key=True),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.Column("expires_at", sa.Float(), nullable=False),
    )


def downgrade():
    op.drop_table("throttle_counters")
    with op.batch_alter_table("people") as batch:
        batch.add_column(sa.Column("failed_logins", sa.Integer(), nullable=False, server_default="0"))
        batch.add_column(sa.Column("locked_until", sa.DateTime(), nullable=True))
    with op.batch_alter_table("api_tokens") as batch:
        batch.drop_column("revoked_at")
        batch.drop_column("expires_at")
        batch.drop_column("kind")
