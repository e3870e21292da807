"""substitutions (ủy quyền xử lý): who holds an absent person's tasks in a window; the person a leader reassigned
a document's open step to

Revision ID: 0014
Revises: 0013
"""
import sqlalchemy as sa
from alembic import op

revision = '0014'
down_revision = '0013'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'substitutions',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('org_id', sa.Integer(), nullable=False),
        sa.Column('absent_id', sa.Integer(), nullable=False),
        sa.Column('substitute_id', sa.Integer(), nullable=False),
        sa.Column('starts_at', sa.DateTime(), nullable=False),
        sa.Column('ends_at', sa.DateTime(), nullable=False),
        sa.Column('kinds', sa.String(length=200), nullable=True),
        sa.Column('reason', sa.Text(), nullable=True),
        sa.Column('created_by_id', sa.Integer(), nullable=False),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.Column('revoked_at', sa.DateTime(), nullable=True),
        sa.Column('revoked_by_id', sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(['org_id'], ['organizations.id'], ),
        sa.ForeignKeyConstraint(['absent_id'], ['people.id'], ),
        sa.ForeignKeyConstraint(['substitute_id'], ['people.id'], ),
        sa.ForeignKeyConstraint(['created_by_id'], ['people.id'], ),
        sa.ForeignKeyConstraint(['revoked_by_id'], ['people.id'], ),
        sa.PrimaryKeyConstraint('id'),
    )
    op.create_index('ix_substitutions_org_id', 'substitutions', ['org_id'], unique=False)
    op.create_index('ix_substitutions_absent_id', 'substitutions', ['absent_id'], unique=False)
    op.create_index('ix_substitutions_substitute_id', 'substitutions', ['substitute_id'], unique=False)
    with op.batch_alter_table('documents') as batch:
        batch.add_column(sa.Column('step_assignee_id', sa.Integer(), nullable=True))
        batch.create_foreign_key('fk_documents_step_assignee_id', 'people', ['step_assignee_id'], ['id'])


def downgrade():
    with op.batch_alter_table('documents') as batch:
        batch.drop_constraint('fk_documents_step_assignee_id', type_='foreignkey')
        batch.drop_column('step_assignee_id')
    op.drop_index('ix_substitutions_substitute_id', table_name='substitutions')
    op.drop_index('ix_substitutions_absent_id', table_name='substitutions')
    op.drop_index('ix_substitutions_org_id', table_name='substitutions')
    op.drop_table('substitutions')
