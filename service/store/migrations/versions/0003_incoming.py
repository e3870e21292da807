"""incoming register, reporting obligations, timers

Revision ID: 0003
Revises: 0002
"""
import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None

JSON = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")


def upgrade():
    op.create_table(
        'incoming_documents',
        sa.Column('id', sa.Integer(), primary_key=True),
        sa.Column('org_id', sa.Integer(), sa.ForeignKey('organizations.id'), nullable=False),
        sa.Column('source_document_id', sa.Integer(), sa.ForeignKey('documents.id'), nullable=True),
        sa.Column('delivery_id', sa.Integer(), sa.ForeignKey('deliveries.id'), nullable=True),
        sa.Column('author', sa.String(300), nullable=False),
        sa.Column('symbol', sa.String(80), nullable=True),
        sa.Column('issue_date', sa.Date(), nullable=True),
        sa.Column('kind', sa.String(10), nullable=True),
        sa.Column('subject', sa.Text(), nullable=False),
        sa.Column('urgency', sa.String(20), nullable=True),
        sa.Column('secrecy', sa.String(20), nullable=True),
        sa.Column('status', sa.String(20), nullable=False),
        sa.Column('received_at', sa.DateTime(), nullable=False),
        sa.Column('created_by_id', sa.Integer(), sa.ForeignKey('people.id'), nullable=True),
        sa.Column('series_id', sa.Integer(), sa.ForeignKey('number_series.id'), nullable=True),
        sa.Column('year', sa.Integer(), nullable=True),
        sa.Column('number', sa.Integer(), nullable=True),
        sa.Column('arrival_date', sa.Date(), nullable=True),
        sa.Column('registered_at', sa.DateTime(), nullable=True),
        sa.Column('registered_by_id', sa.Integer(), sa.ForeignKey('people.id'), nullable=True),
        sa.Column('stamp', JSON, nullable=True),
        sa.Column('note', sa.Text(), nullable=True),
        sa.Column('lead_unit_id', sa.Integer(), sa.ForeignKey('units.id'), nullable=True),
        sa.Column('handler_id', sa.Integer(), sa.ForeignKey('people.id'), nullable=True),
        sa.Column('deadline', sa.Date(), nullable=True),
        sa.Column('direction', sa.Text(), nullable=True),
        sa.Column('routed_at', sa.DateTime(), nullable=True),
        sa.Column('routed_by_id', sa.Integer(), sa.ForeignKey('people.id'), nullable=True),
        sa.Column('outcome', sa.String(20), nullable=True),
        sa.Column('reply_document_id', sa.Integer(), sa.ForeignKey('documents.id'), nullable=True),
        sa.Column('handled_at', sa.DateTime(), nullable=True),
        sa.Column('handled_by_id', sa.Integer(), sa.ForeignKey('people.id'), nullable=True),
        sa.Column('handling_comment', sa.Text(), nullable=True),
        sa.Column('pdf', sa.LargeBinary(), nullable=True),
        sa.Column('pdf_name', sa.String(255), nullable=True),
        sa.Column('pdf_sha256', sa.String(64), nullable=True),
        sa.Column('spec_hash', sa.String(64), sa.ForeignKey('diagram_versions.sha256'), nullable=False),
        sa.Column('state', sa.Text(), nullable=False),
        sa.Column('step', sa.String(40), nullable=True),
        sa.Column('step_role', sa.String(40), nullable=True),
        sa.Column('step_task_id', sa.String(64), nullable=True),
        sa.Column('lock_version', sa.Integer(), nullable=False),
        sa.UniqueConstraint('org_id', 'year', 'number', name='uq_incoming_org_year_number'),
        sa.UniqueConstraint('delivery_id', name='uq_incoming_documents_delivery_id'),
    )
    op.create_index('ix_incoming_org_status', 'incoming_documents', ['org_id', 'status', 'id'])
    op.create_index('ix_incoming_documents_source_document_id', 'incoming_documents', ['source_document_id'])

    op.create_table(
        'reporting_obligations',
        sa.Column('id', sa.Integer(), primary_key=True),
        sa.Column('source_document_id', sa.Integer(), sa.ForeignKey('documents.id'), nullable=True),
        sa.Column('requester_org_id', sa.Integer(), sa.ForeignKey('organizations.id'), nullable=False),
        sa.Column('via_unit_id', sa.Integer(), sa.ForeignKey('units.id'), nullable=True),
        sa.Column('via_text', sa.String(300), nullable=True),
        sa.Column('recipient_text', sa.String(300), nullable=True),
        sa.Column('title', sa.String(500), nullable=False),
        sa.Column('frequency', sa.String(20), nullable=False),
        sa.Column('ad_hoc', sa.Boolean(), nullable=False),
        sa.Column('first_due_date', sa.Date(), nullable=True),
        sa.Column('reminder_days', sa.Integer(), nullable=False),
        sa.Column('drafting_unit_code', sa.String(40), nullable=True),
        sa.Column('obligor_group', sa.String(20), nullable=False),
        sa.Column('obligor_codes', JSON, nullable=False),
        sa.Column('status', sa.String(20), nullable=False),
        sa.Column('review', JSON, nullable=False),
        sa.Column('excerpt', sa.Text(), nullable=True),
        sa.Column('assigned_to_id', sa.Integer(), sa.ForeignKey('people.id'), nullable=True),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.Column('updated_at', sa.DateTime(), nullable=False),
    )
    op.create_index('ix_reporting_obligations_source_document_id', 'reporting_obligations', ['source_document_id'])
    op.create_index('ix_reporting_obligations_requester_org_id', 'reporting_obligations', ['requester_org_id'])
    op.create_index('ix_reporting_obligations_status', 'reporting_obligations', ['status'])

    op.create_table(
        'reporting_periods',
        sa.Column('id', sa.Integer(), primary_key=True),
        sa.Column('obligation_id', sa.Integer(), sa.ForeignKey('reporting_obligations.id'), nullable=False),
        sa.Column('org_id', sa.Integer(), sa.ForeignKey('organizations.id'), nullable=False),
        sa.Column('period_key', sa.String(60), nullable=False),
        sa.Column('label', sa.String(120), nullable=False),
        sa.Column('due_date', sa.Date(), nullable=False),
        sa.Column('reminder_at', sa.DateTime(), nullable=False),
        sa.Column('overdue_at', sa.DateTime(), nullable=False),
        sa.Column('status', sa.String(20), nullable=False),
        sa.Column('report_document_id', sa.Integer(), sa.ForeignKey('documents.id'), nullable=True),
        sa.Column('incoming_id', sa.Integer(), sa.ForeignKey('incoming_documents.id'), nullable=True),
        sa.Column('dispatched_at', sa.DateTime(), nullable=True),
        sa.Column('fulfilled_on', sa.Date(), nullable=True),
        sa.Column('days_late', sa.Integer(), nullable=True),
        sa.Column('reminded_at', sa.DateTime(), nullable=True),
        sa.Column('escalated_at', sa.DateTime(), nullable=True),
        sa.Column('spec_hash', sa.String(64), sa.ForeignKey('diagram_versions.sha256'), nullable=False),
        sa.Column('state', sa.Text(), nullable=True),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.UniqueConstraint('obligation_id', 'org_id', 'period_key', name='uq_period_obligation_org_key'),
        sa.UniqueConstraint('report_document_id', name='uq_reporting_periods_report_document_id'),
    )
    op.create_index('ix_reporting_periods_obligation_id', 'reporting_periods', ['obligation_id'])
    op.create_index('ix_reporting_periods_org_status', 'reporting_periods', ['org_id', 'status'])

    op.create_table(
        'timers',
        sa.Column('id', sa.Integer(), primary_key=True),
        sa.Column('period_id', sa.Integer(), sa.ForeignKey('reporting_periods.id'), nullable=False),
        sa.Column('process_id', sa.String(120), nullable=False),
        sa.Column('event', sa.String(120), nullable=False),
        sa.Column('due_at', sa.DateTime(), nullable=False),
        sa.Column('fired_at', sa.DateTime(), nullable=True),
        sa.Column('result', sa.String(20), nullable=True),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.UniqueConstraint('period_id', 'event', 'due_at', name='uq_timers_period_event_due'),
    )
    op.create_index('ix_timers_due_at', 'timers', ['due_at'])
    op.create_index('ix_timers_period_id', 'timers', ['period_id'])

    op.create_table(
        'notifications',
        sa.Column('id', sa.Integer(), primary_key=True),
        sa.Column('person_id', sa.Integer(), sa.ForeignKey('people.id'), nullable=False),
        sa.Column('kind', sa.String(40), nullable=False),
        sa.Column('title', sa.String(300), nullable=False),
        sa.Column('body', sa.Text(), nullable=False),
        sa.Column('period_id', sa.Integer(), sa.ForeignKey('reporting_periods.id'), nullable=True),
        sa.Column('incoming_id', sa.Integer(), sa.ForeignKey('incoming_documents.id'), nullable=True),
        sa.Column('document_id', sa.Integer(), sa.ForeignKey('documents.id'), nullable=True),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.Column('read_at', sa.DateTime(), nullable=True),
    )
    op.create_index('ix_notifications_person', 'notifications', ['person_id', 'id'])


def downgrade():
    op.drop_index('ix_notifications_person', table_name='notifications')
    op.drop_table('notifications')
    op.drop_index('ix_timers_period_id', table_name='timers')
    op.drop_index('ix_timers_due_at', table_name='timers')
    op.drop_table('timers')
    op.drop_index('ix_reporting_periods_org_status', table_name='reporting_periods')
    op.drop_index('ix_reporting_periods_obligation_id', table_name='reporting_periods')
    op.drop_table('reporting_periods')
    op.drop_index('ix_reporting_obligations_status', table_name='reporting_obligations')
    op.drop_index('ix_reporting_obligations_requester_org_id', table_name='reporting_obligations')
    op.drop_index('ix_reporting_obligations_source_document_id', table_name='reporting_obligations')
    op.drop_table('reporting_obligations')
    op.drop_index('ix_incoming_documents_source_document_id', table_name='incoming_documents')
    op.drop_index('ix_incoming_org_status', table_name='incoming_documents')
    op.drop_table('incoming_documents')
