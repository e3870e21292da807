"""signing PIN: a signing key is encrypted under its owner's PIN (salt for the scrypt derivation; NULL while the
key is still in the server-held form, before its owner sets a PIN), the count of wrong PINs and when the key was
locked after five.

Revision ID: 0015
Revises: 0014
"""
import sqlalchemy as sa
from alembic import op

revision = '0015'
down_revision = '0014'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("signing_keys") as batch:
        batch.add_column(sa.Column("pin_salt", sa.LargeBinary(), nullable=True))
        batch.add_column(sa.Column("pin_failures", sa.Integer(), nullable=False, server_default="0"))
        batch.add_column(sa.Column("pin_locked_at", sa.DateTime(), nullable=True))


def downgrade():
    with op.batch_alter_table("signing_keys") as batch:
        batch.drop_column("pin_locked_at")
        batch.drop_column("pin_failures")
        batch.drop_column("pin_salt")
