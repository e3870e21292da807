"""step durations (time in step): one row per step a document spent time in, written by the transaction that
completes the step, so the analytics read spans instead of walking the audit trail; back-filled here from the
audit trail. An index on documents (org_id, step) serves "waiting now".

The back-fill follows the audit trail as the analytics read it until now: a step opens at the document's
`create` event or the completion before it (and at `void_number`, which sends the document back to numbering,
as the live rows do) and ends with the event that completed it (`submit`, `approve`, `return`, `sign`,
`register`, `dispatch`, which carry the task's name). A `reassign` event names the step too but does not end it.

Revision ID: 0016
Revises: 0015
"""
import sqlalchemy as sa
from alembic import op

revision = '0016'
down_revision = '0015'
branch_labels = None
depends_on = None

_SECONDS = {"sqlite": "ROUND((julianday(ev.at) - julianday(ev.prev_at)) * 86400.0, 3)",
            "postgresql": "EXTRACT(EPOCH FROM (ev.at - ev.prev_at))"}
_MONTH = {"sqlite": "CAST(strftime('%Y%m', ev.at, '+7 hours') AS INTEGER)",
          "postgresql": "CAST(EXTRACT(YEAR FROM ev.at + INTERVAL '7 hours') * 100 "
                        "+ EXTRACT(MONTH FROM ev.at + INTERVAL '7 hours') AS INTEGER)"}
_BACKFILL = """
INSERT INTO step_durations (org_id, document_id, step, drafting_unit_id, person_id, entered_at, left_at, seconds,
                            month)
SELECT d.org_id, ev.document_id, ev.task, d.drafting_unit_id, ev.actor_id, ev.prev_at, ev.at, {seconds}, {month}
FROM (
  SELECT e.document_id, e.task, e.action, e.actor_id, e.at,
         LAG(e.at) OVER (PARTITION BY e.document_id ORDER BY e.at, e.id) AS prev_at
  FROM audit_events e
  WHERE e.document_id IS NOT NULL
    AND (e.action IN ('create', 'void_number')
         OR (e.task IS NOT NULL AND e.action IN ('submit', 'approve', 'return', 'sign', 'register', 'dispatch')))
) ev JOIN documents d ON d.id = ev.document_id
WHERE ev.task IS NOT NULL AND ev.action NOT IN ('create', 'void_number') AND ev.prev_at IS NOT NULL
ORDER BY ev.at, ev.document_id
"""


def upgrade():
    op.create_table(
        'step_durations',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('org_id', sa.Integer(), nullable=False),
        sa.Column('document_id', sa.Integer(), nullable=False),
        sa.Column('step', sa.String(length=40), nullable=False),
        sa.Column('drafting_unit_id', sa.Integer(), nullable=True),
        sa.Column('person_id', sa.Integer(), nullable=True),
        sa.Column('entered_at', sa.DateTime(), nullable=False),
        sa.Column('left_at', sa.DateTime(), nullable=False),
        sa.Column('seconds', sa.Double(), nullable=False),
        sa.Column('month', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(['org_id'], ['organizations.id'], ),
        sa.ForeignKeyConstraint(['document_id'], ['documents.id'], ),
        sa.ForeignKeyConstraint(['drafting_unit_id'], ['units.id'], ),
        sa.ForeignKeyConstraint(['person_id'], ['people.id'], ),
        sa.PrimaryKeyConstraint('id'),
    )
    dialect = op.get_bind().dialect.name
    dialect = dialect if dialect in _SECONDS else "sqlite"
    op.execute(_BACKFILL.format(seconds=_SECONDS[dialect], month=_MONTH[dialect]))
    # Indexes after the bulk insert: built once, not row by row.
    op.create_index('ix_step_durations_document_id', 'step_durations', ['document_id'], unique=False)
    # One per grouping of the report (by step, by drafting unit, by person): the counts are grouped and the
    # percentiles read at their ranks in index order.
    op.create_index('ix_step_durations_org_month_step', 'step_durations',
                    ['org_id', 'month', 'step', 'seconds', 'drafting_unit_id'], unique=False)
    op.create_index('ix_step_durations_org_month_step_unit', 'step_durations',
                    ['org_id', 'month', 'step', 'drafting_unit_id', 'seconds'], unique=False)
    op.create_index('ix_step_durations_org_month_step_person', 'step_durations',
                    ['org_id', 'month', 'step', 'person_id', 'seconds', 'drafting_unit_id'], unique=False)
    op.create_index('ix_documents_org_step', 'documents', ['org_id', 'step'], unique=False)


def downgrade():
    op.drop_index('ix_documents_org_step', table_name='documents')
    op.drop_index('ix_step_durations_org_month_step_person', table_name='step_durations')
    op.drop_index('ix_step_durations_org_month_step_unit', table_name='step_durations')
    op.drop_index('ix_step_durations_org_month_step', table_name='step_durations')
    op.drop_index('ix_step_durations_document_id', table_name='step_durations')
    op.drop_table('step_durations')
