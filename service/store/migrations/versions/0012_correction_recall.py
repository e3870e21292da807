"""correction, recall and voided numbers: the document a correction corrects; who recalled an issued document,
when and why; withdrawn incoming copies; register rows whose number was voided (one document may now have a
voided row and a live one: the unique document_id becomes unique among live rows)

Revision ID: 0012
Revises: 0011
"""
import sqlalchemy as sa
from alembic import op

revision = '0012'
down_revision = '0011'
branch_labels = None
depends_on = None

# SQLite keeps 0001's UNIQUE (document_id) unnamed: name it for batch mode so it can be dropped.
_NAMING = {"uq": "uq_%(table_name)s_%(column_0_name)s"}
_LIVE = sa.text("voided_at IS NULL")


def upgrade():
    with op.batch_alter_table("documents") as batch:
        batch.add_column(sa.Column("corrects_id", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("recalled_at", sa.DateTime(), nullable=True))
        batch.add_column(sa.Column("recalled_by_id", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("recall_reason", sa.Text(), nullable=True))
        batch.create_foreign_key("fk_documents_corrects_id", "documents", ["corrects_id"], ["id"])
        batch.create_foreign_key("fk_documents_recalled_by_id", "people", ["recalled_by_id"], ["id"])
        batch.create_index("ix_documents_corrects_id", ["corrects_id"], unique=False)
    with op.batch_alter_table("incoming_documents") as batch:
        batch.add_column(sa.Column("withdrawn_at", sa.DateTime(), nullable=True))
        batch.add_column(sa.Column("withdrawal_reason", sa.Text(), nullable=True))
    unique_name = ("outgoing_register_document_id_key" if op.get_bind().dialect.name == "postgresql"
                   else "uq_outgoing_register_document_id")
    with op.batch_alter_table("outgoing_register", naming_convention=_NAMING) as batch:
        batch.drop_constraint(unique_name, type_="unique")
        batch.add_column(sa.Column("voided_at", sa.DateTime(), nullable=True))
        batch.add_column(sa.Column("voided_by_id", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("void_reason", sa.Text(), nullable=True))
        batch.add_column(sa.Column("recalled_at", sa.DateTime(), nullable=True))
        batch.add_column(sa.Column("recall_reason", sa.Text(), nullable=True))
        batch.create_foreign_key("fk_outgoing_register_voided_by_id", "people", ["voided_by_id"], ["id"])
        batch.create_index("ix_outgoing_register_document_id", ["document_id"], unique=False)
    op.create_index("uq_outgoing_register_live_document", "outgoing_register", ["document_id"], unique=True,
                    sqlite_where=_LIVE, postgresql_where=_LIVE)


def downgrade():
    op.drop_index("uq_outgoing_register_live_document", table_name="outgoing_register")
    with op.batch_alter_table("outgoing_register", naming_convention=_NAMING) as batch:
        batch.drop_index("ix_outgoing_register_document_id")
        batch.drop_constraint("fk_outgoing_register_voided_by_id", type_="foreignkey")
        batch.drop_column("recall_reason")
        batch.drop_column("recalled_at")
        batch.drop_column("void_reason")
        batch.drop_column("voided_by_id")
        batch.drop_column("voided_at")
        batch.create_unique_constraint("uq_outgoing_register_document_id", ["document_id"])
    with op.batch_alter_table("incoming_documents") as batch:
        batch.drop_column("withdrawal_reason")
        batch.drop_column("withdrawn_at")
    with op.batch_alter_table("documents") as batch:
        batch.drop_index("ix_documents_corrects_id")
        batch.drop_constraint("fk_documents_recalled_by_id", type_="foreignkey")
        batch.drop_constraint("fk_documents_corrects_id", type_="foreignkey")
        batch.drop_column("recall_reason")
        batch.drop_column("recalled_by_id")
        batch.drop_column("recalled_at")
        batch.drop_column("corrects_id")
