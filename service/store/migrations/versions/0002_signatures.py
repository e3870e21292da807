"""signatures: keys, certificates, signed PDFs

Revision ID: 0002
Revises: 0001
"""
import sqlalchemy as sa
from alembic import op
from sqlalchemy import Text
from sqlalchemy.dialects import postgresql

revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None

_JSON = sa.JSON().with_variant(postgresql.JSONB(astext_type=Text()), 'postgresql')


def upgrade():
    op.create_table(
        'trust_roots',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('name', sa.String(length=300), nullable=False),
        sa.Column('cert_pem', sa.Text(), nullable=False),
        sa.Column('fingerprint', sa.String(length=64), nullable=False),
        sa.Column('key_pem_enc', sa.LargeBinary(), nullable=True),
        sa.Column('is_demo', sa.Boolean(), nullable=False),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('fingerprint'),
    )
    op.create_table(
        'signing_keys',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('owner', sa.String(length=10), nullable=False),
        sa.Column('person_id', sa.Integer(), nullable=True),
        sa.Column('org_id', sa.Integer(), nullable=False),
        sa.Column('common_name', sa.String(length=300), nullable=False),
        sa.Column('cert_pem', sa.Text(), nullable=False),
        sa.Column('chain_pem', sa.Text(), nullable=False),
        sa.Column('key_pem_enc', sa.LargeBinary(), nullable=False),
        sa.Column('fingerprint', sa.String(length=64), nullable=False),
        sa.Column('not_after', sa.DateTime(), nullable=False),
        sa.Column('source', sa.String(length=10), nullable=False),
        sa.Column('active', sa.Boolean(), nullable=False),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(['org_id'], ['organizations.id'], ),
        sa.ForeignKeyConstraint(['person_id'], ['people.id'], ),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('fingerprint'),
    )
    with op.batch_alter_table('signing_keys', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_signing_keys_org_id'), ['org_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_signing_keys_person_id'), ['person_id'], unique=False)

    op.create_table(
        'signed_pdfs',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('document_id', sa.Integer(), nullable=False),
        sa.Column('stage', sa.String(length=20), nullable=False),
        sa.Column('version_no', sa.Integer(), nullable=False),
        sa.Column('content_sha256', sa.String(length=64), nullable=False),
        sa.Column('pdf', sa.LargeBinary(), nullable=False),
        sa.Column('sha256', sa.String(length=64), nullable=False),
        sa.Column('key_id', sa.Integer(), nullable=False),
        sa.Column('signer_id', sa.Integer(), nullable=False),
        sa.Column('signed_at', sa.DateTime(), nullable=False),
        sa.Column('details', _JSON, nullable=True),
        sa.ForeignKeyConstraint(['document_id'], ['documents.id'], ),
        sa.ForeignKeyConstraint(['key_id'], ['signing_keys.id'], ),
        sa.ForeignKeyConstraint(['signer_id'], ['people.id'], ),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('document_id', 'stage'),
    )
    with op.batch_alter_table('signed_pdfs', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_signed_pdfs_document_id'), ['document_id'], unique=False)

    with op.batch_alter_table('outgoing_register', schema=None) as batch_op:
        batch_op.add_column(sa.Column('signed_pdf_sha256', sa.String(length=64), nullable=True))

    _write_once()


# (table, statements refused): signed files never change; a kept version never changes (V22).
_WRITE_ONCE = (("signed_pdfs", ("UPDATE", "DELETE")), ("document_versions", ("UPDATE",)))


def _write_once():
    """The database itself refuses changes to signed files and to kept versions."""
    postgres = op.get_bind().dialect.name == "postgresql"
    for table, statements in _WRITE_ONCE:
        if postgres:
            op.execute(f"""
                CREATE FUNCTION {table}_write_once() RETURNS trigger AS $$
                BEGIN RAISE EXCEPTION '{table} rows are write-once'; END; $$ LANGUAGE plpgsql;
            """)
            op.execute(f"""
                CREATE TRIGGER {table}_no_change BEFORE {' OR '.join(statements)} ON {table}
                FOR EACH ROW EXECUTE FUNCTION {table}_write_once();
            """)
        else:
            for what in statements:
                op.execute(f"""
                    CREATE TRIGGER {table}_no_{what.lower()} BEFORE {what} ON {table}
                    BEGIN SELECT RAISE(ABORT, '{table} rows are write-once'); END;
                """)


def downgrade():
    postgres = op.get_bind().dialect.name == "postgresql"
    for table, statements in _WRITE_ONCE:
        if postgres:
            op.execute(f"DROP TRIGGER IF EXISTS {table}_no_change ON {table}")
            op.execute(f"DROP FUNCTION IF EXISTS {table}_write_once()")
        else:
            for what in statements:
                op.execute(f"DROP TRIGGER IF EXISTS {table}_no_{what.lower()}")
    with op.batch_alter_table('outgoing_register', schema=None) as batch_op:
        batch_op.drop_column('signed_pdf_sha256')
    with op.batch_alter_table('signed_pdfs', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_signed_pdfs_document_id'))
    op.drop_table('signed_pdfs')
    with op.batch_alter_table('signing_keys', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_signing_keys_person_id'))
        batch_op.drop_index(batch_op.f('ix_signing_keys_org_id'))
    op.drop_table('signing_keys')
    op.drop_table('trust_roots')
