"""directory: an organization's issuer line as printed and whether it has a seal, named recipient groups an administrator keeps, deliveries per linked target of a Nơi nhận line
(a line may expand to several organizations or people), deliveries outside the system recorded by the clerk,
and a person's e-mail (the single sign-on maps people by username or e-mail)

Revision ID: 0006
Revises: 0005
"""
import sqlalchemy as sa
from alembic import op

revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("organizations") as batch:
        batch.add_column(sa.Column("header_name", sa.String(300), nullable=True))
        batch.add_column(sa.Column("has_seal", sa.Boolean(), nullable=False, server_default=sa.true()))
    with op.batch_alter_table("people") as batch:
        batch.add_column(sa.Column("email", sa.String(200), nullable=True))
        batch.create_index("ix_people_email", ["email"], unique=True)
    op.create_table(
        "directory_groups",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("org_id", sa.Integer(), sa.ForeignKey("organizations.id"), nullable=False, index=True),
        sa.Column("code", sa.String(40), nullable=False),
        sa.Column("name", sa.String(300), nullable=False),
        sa.UniqueConstraint("org_id", "code"),
    )
    op.create_table(
        "directory_group_members",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("group_id", sa.Integer(), sa.ForeignKey("directory_groups.id"), nullable=False, index=True),
        sa.Column("member_org_id", sa.Integer(), sa.ForeignKey("organizations.id"), nullable=True),
        sa.Column("member_person_id", sa.Integer(), sa.ForeignKey("people.id"), nullable=True),
        sa.CheckConstraint("(member_org_id IS NULL) <> (member_person_id IS NULL)", name="ck_group_member_one"),
        sa.UniqueConstraint("group_id", "member_org_id", "member_person_id"),
    )
    with op.batch_alter_table("deliveries") as batch:
        batch.add_column(sa.Column("line_no", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("recipient_person_id", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("channel", sa.String(20), nullable=True))
        batch.add_column(sa.Column("note", sa.String(300), nullable=True))
        batch.add_column(sa.Column("recorded_by_id", sa.Integer(), nullable=True))
        batch.create_foreign_key("fk_deliveries_person", "people", ["recipient_person_id"], ["id"])
        batch.create_foreign_key("fk_deliveries_recorded_by", "people", ["recorded_by_id"], ["id"])
    # Deliveries made before lines could expand: one per line, in the system when it reached an organization.
    op.execute("UPDATE deliveries SET line_no = position")
    op.execute("UPDATE deliveries SET channel = 'ELECTRONIC' WHERE recipient_org_id IS NOT NULL")


def downgrade():
    with op.batch_alter_table("deliveries") as batch:
        batch.drop_constraint("fk_deliveries_recorded_by", type_="foreignkey")
        batch.drop_constraint("fk_deliveries_person", type_="foreignkey")
        batch.drop_column("recorded_by_id")
        batch.drop_column("note")
        batch.drop_column("channel")
        batch.drop_column("recipient_person_id")
        batch.drop_column("line_no")
    op.drop_table("directory_group_members")
    op.drop_table("directory_groups")
    with op.batch_alter_table("people") as batch:
        batch.drop_index("ix_people_email")
        batch.drop_column("email")
    with op.batch_alter_table("organizations") as batch:
        batch.drop_column("has_seal")
        batch.drop_column("header_name")
