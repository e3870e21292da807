"""The SQL of the time-in-step analytics (service/usecases/analytics.py): one query over the audit trail with
window functions (LAG per document, then ROW_NUMBER and COUNT per group for the nearest-rank median and 90th
percentile; both windows share one sort), the same text on SQLite (>= 3.25) and PostgreSQL but for the date arithmetic."""
from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa

from service.extensions import db
from service.store.documents import Document

_SECONDS = {"sqlite": "(julianday(ev.at) - julianday(ev.prev_at)) * 86400.0",
            "postgresql": "EXTRACT(EPOCH FROM (ev.at - ev.prev_at))"}
# The month in Vietnam time (UTC+7) of the event that ended the step.
# As an integer YYYYMM: grouping and sorting numbers is cheaper than text (PostgreSQL collations).
_MONTH = {"sqlite": "CAST(strftime('%Y%m', ev.at, '+7 hours') AS INTEGER)",
          "postgresql": "CAST(EXTRACT(YEAR FROM ev.at + INTERVAL '7 hours') * 100 "
                        "+ EXTRACT(MONTH FROM ev.at + INTERVAL '7 hours') AS INTEGER)"}
_KEY = {"step": "NULL", "unit": "d.drafting_unit_id", "person": "ev.actor_id"}

_QUERY = """
WITH ev AS (
  SELECT e.document_id, e.task, e.actor_id, e.at,
         LAG(e.at) OVER (PARTITION BY e.document_id ORDER BY e.at, e.id) AS prev_at
  FROM audit_events e
  WHERE e.org_id = :org_id AND e.document_id IS NOT NULL AND (e.task IS NOT NULL OR e.action = 'create')
    AND e.document_id IN (SELECT r.document_id FROM audit_events r WHERE r.org_id = :org_id
                          AND r.at >= :start AND r.at < :end AND r.task IS NOT NULL)
), spans AS (
  SELECT ev.task AS step, {month} AS month, {key} AS key, {seconds} AS secs
  FROM ev JOIN documents d ON d.id = ev.document_id
  WHERE ev.task IS NOT NULL AND ev.prev_at IS NOT NULL AND ev.at >= :start AND ev.at < :end {filters}
), ranked AS (
  SELECT step, month, key, secs,
         ROW_NUMBER() OVER (PARTITION BY step, month, key ORDER BY secs) AS rn,
         COUNT(*) OVER (PARTITION BY step, month, key ORDER BY secs
                        ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING) AS n
  FROM spans
)
SELECT step, month, key, MAX(n) AS n,
       MAX(CASE WHEN rn = (n + 1) / 2 THEN secs END) AS median,
       MAX(CASE WHEN rn = (9 * n + 9) / 10 THEN secs END) AS p90
FROM ranked GROUP BY step, month, key ORDER BY month, step, key
"""


@dataclass(frozen=True)
class StepStat:
    step: str
    month: str  # YYYY-MM, Vietnam time
    key: int | None  # unit id or person id (None when grouped by step only, or no drafting unit)
    count: int
    median_seconds: float
    p90_seconds: float


@dataclass(frozen=True)
class OpenStep:
    step: str
    unit_id: int | None
    person_id: int | None  # who must act, when one person is named (the drafter, the intended signer)
    urgency: str | None
    since: datetime | None


def step_stats(org_id: int, start: datetime, end: datetime, by: str, steps: Collection[str],
               unit_ids: Collection[int] | None) -> list[StepStat]:
    """Completed steps of the organization's documents that ended in [start, end) (naive UTC), grouped by step,
    month and `by` ('step', 'unit' or 'person'); only `steps`, and only documents of `unit_ids` when given."""
    dialect = db.session.get_bind().dialect.name
    dialect = dialect if dialect in _SECONDS else "sqlite"
    params: dict = {"org_id": org_id, "start": start, "end": end}
    filters = []
    binds = [sa.bindparam("start", type_=sa.DateTime()), sa.bindparam("end", type_=sa.DateTime())]
    filters.append("AND ev.task IN :steps")
    params["steps"] = list(steps)
    binds.append(sa.bindparam("steps", expanding=True))
    if unit_ids is not None:
        filters.append("AND d.drafting_unit_id IN :unit_ids")
        params["unit_ids"] = list(unit_ids) or [-1]
        binds.append(sa.bindparam("unit_ids", expanding=True))
    sql = _QUERY.format(month=_MONTH[dialect], key=_KEY[by], seconds=_SECONDS[dialect], filters=" ".join(filters))
    rows = db.session.execute(sa.text(sql).bindparams(*binds), params).all()
    return [StepStat(r.step, f"{r.month // 100:04d}-{r.month % 100:02d}", None if r.key is None else int(r.key), int(r.n), float(r.median),
                     float(r.p90)) for r in rows]


def open_steps(org_id: int, steps: Collection[str], unit_ids: Collection[int] | None) -> list[OpenStep]:
    """The organization's documents waiting now in one of `steps` (of `unit_ids` when given)."""
    person = sa.case((Document.step == "draft", Document.created_by_id),
                     (Document.step == "sign", Document.intended_signer_id), else_=sa.null())
    q = sa.select(Document.step, Document.drafting_unit_id, person, Document.urgency, Document.step_since).where(
        Document.org_id == org_id, Document.step.in_(list(steps)))
    if unit_ids is not None:
        q = q.where(Document.drafting_unit_id.in_(list(unit_ids) or [-1]))
    return [OpenStep(*r) for r in db.session.execute(q).all()]
