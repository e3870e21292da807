"""The time-in-step analytics' table and SQL (service/usecases/analytics.py).

`step_durations` holds one row per step a document spent time in, written by the transaction that completed the
step (`add_step`, called from the use case that completes tasks) and back-filled from the audit trail by migration
0016. The report reads only the rows of the months asked for: ROW_NUMBER and COUNT per (step, month, group),
ordered by the duration, pick the nearest-rank median and 90th percentile in SQL, the same text on SQLite (>= 3.25)
and PostgreSQL; the index (org_id, month, step, seconds) serves the range.
"""
from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from service.extensions import db
from service.store.documents import Document


class StepDuration(db.Model):
    """A step a document spent time in: from when it opened (the previous step's completion, or the draft's
    creation) to its completion by `person_id`, counted in `month` (YYYYMM, Vietnam time, of `left_at`)."""
    __tablename__ = "step_durations"
    id: Mapped[int] = mapped_column(primary_key=True)
    org_id: Mapped[int] = mapped_column(sa.ForeignKey("organizations.id"))
    document_id: Mapped[int] = mapped_column(sa.ForeignKey("documents.id"), index=True)
    step: Mapped[str] = mapped_column(sa.String(40))
    drafting_unit_id: Mapped[int | None] = mapped_column(sa.ForeignKey("units.id"))
    person_id: Mapped[int | None] = mapped_column(sa.ForeignKey("people.id"))
    entered_at: Mapped[datetime]
    left_at: Mapped[datetime]
    seconds: Mapped[float]
    month: Mapped[int]


sa.Index("ix_step_durations_org_month_step", StepDuration.org_id, StepDuration.month, StepDuration.step,
         StepDuration.seconds)

_KEY = {"step": "NULL", "unit": "s.drafting_unit_id", "person": "s.person_id"}

_QUERY = """
WITH ranked AS (
  SELECT s.step, s.month, {key} AS key, s.seconds,
         ROW_NUMBER() OVER (PARTITION BY s.step, s.month, {key} ORDER BY s.seconds) AS rn,
         COUNT(*) OVER (PARTITION BY s.step, s.month, {key}) AS n
  FROM step_durations s
  WHERE s.org_id = :org_id AND s.month >= :first AND s.month <= :last AND s.step IN :steps {filters}
)
SELECT step, month, key, MAX(n) AS n,
       MAX(CASE WHEN rn = (n + 1) / 2 THEN seconds END) AS median,
       MAX(CASE WHEN rn = (9 * n + 9) / 10 THEN seconds END) AS p90
FROM ranked WHERE rn = (n + 1) / 2 OR rn = (9 * n + 9) / 10
GROUP BY step, month, key ORDER BY month, step, key
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


def add_step(doc: Document, step: str, person_id: int | None, entered_at: datetime, left_at: datetime,
             month: int) -> None:
    """One completed step of `doc`, in the caller's transaction."""
    db.session.add(StepDuration(org_id=doc.org_id, document_id=doc.id, step=step,
                                drafting_unit_id=doc.drafting_unit_id, person_id=person_id, entered_at=entered_at,
                                left_at=left_at, seconds=(left_at - entered_at).total_seconds(), month=month))


def step_stats(org_id: int, first: int, last: int, by: str, steps: Collection[str],
               unit_ids: Collection[int] | None) -> list[StepStat]:
    """Completed steps of the organization's documents that ended in the months first..last (YYYYMM, Vietnam
    time), grouped by step, month and `by` ('step', 'unit' or 'person'); only `steps`, and only documents of
    `unit_ids` when given."""
    params: dict = {"org_id": org_id, "first": first, "last": last, "steps": list(steps)}
    binds = [sa.bindparam("steps", expanding=True)]
    filters = ""
    if unit_ids is not None:
        filters = "AND s.drafting_unit_id IN :unit_ids"
        params["unit_ids"] = list(unit_ids) or [-1]
        binds.append(sa.bindparam("unit_ids", expanding=True))
    sql = _QUERY.format(key=_KEY[by], filters=filters)
    rows = db.session.execute(sa.text(sql).bindparams(*binds), params).all()
    return [StepStat(r.step, f"{r.month // 100:04d}-{r.month % 100:02d}", None if r.key is None else int(r.key),
                     int(r.n), float(r.median), float(r.p90)) for r in rows]


def open_steps(org_id: int, steps: Collection[str], unit_ids: Collection[int] | None) -> list[OpenStep]:
    """The organization's documents waiting now in one of `steps` (of `unit_ids` when given); the index
    documents (org_id, step) serves it."""
    person = sa.case((Document.step == "draft", Document.created_by_id),
                     (Document.step == "sign", Document.intended_signer_id), else_=sa.null())
    q = sa.select(Document.step, Document.drafting_unit_id, person, Document.urgency, Document.step_since).where(
        Document.org_id == org_id, Document.step.in_(list(steps)))
    if unit_ids is not None:
        q = q.where(Document.drafting_unit_id.in_(list(unit_ids) or [-1]))
    return [OpenStep(*r) for r in db.session.execute(q).all()]
