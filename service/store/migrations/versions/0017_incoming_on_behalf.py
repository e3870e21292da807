"""incoming on behalf: the absent person a substitute (ủy quyền xử lý) registered, routed or handled an incoming
document for, so its record reads "Lê Văn A (thay Nguyễn Văn B)" as the outgoing history does

Revision ID: 0017
Revises: 0016
"""
import sqlalchemy as sa
from alembic import op

revision = '0017'
down_revision = '0016'
branch_labels = None
depends_on = None

_COLUMNS = ("registered_for_id", "routed_for_id", "handled_for_id")


def upgrade():
    with op.batch_alter_table('incoming_documents') as batch:
        for name in _COLUMNS:
            batch.add_column(sa.Column(name, sa.Integer(), nullable=True))
            batch.create_foreign_key(f'fk_incoming_documents_{name}', 'people', [name], ['id'])


def downgrade():
    with op.batch_alter_table('incoming_documents') as batch:
        for name in reversed(_COLUMNS):
            batch.drop_constraint(f'fk_incoming_documents_{name}', type_='foreignkey')
            batch.drop_column(name)
