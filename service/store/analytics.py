"""The time-in-step analytics' table and SQL (service/usecases/analytics.py).

`step_durations` holds one row per step a document spent time in, written by the transaction that completed the
step (`add_step`, called from the use case that completes tasks) and back-filled from the audit trail by migration
0016. The report counts the rows of the months asked for per (month, step, group) from an index, then reads the
median and the 90th percentile at their ranks from the same index (`step_stats`): nothing is sorted, and no row
is sent to Python but the answers.
"""
from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from service.domain import analytics as dan
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


# One index per grouping, each in the order the counts are grouped and the ranks are read (the duration last but
# the unit, which a unit head's filter reads from the index too).
sa.Index("ix_step_durations_org_month_step", StepDuration.org_id, StepDuration.month, StepDuration.step,
         StepDuration.seconds, StepDuration.drafting_unit_id)
sa.Index("ix_step_durations_org_month_step_unit", StepDuration.org_id, StepDuration.month, StepDuration.step,
         StepDuration.drafting_unit_id, StepDuration.seconds)
sa.Index("ix_step_durations_org_month_step_person", StepDuration.org_id, StepDuration.month, StepDuration.step,
         StepDuration.person_id, StepDuration.seconds, StepDuration.drafting_unit_id)

_KEY = {"step": None, "unit": "drafting_unit_id", "person": "person_id"}
_COUNTS = """SELECT s.month, s.step, {key} AS key, COUNT(*) AS n FROM step_durations s
WHERE s.org_id = :org_id AND s.month >= :first AND s.month <= :last AND s.step IN :steps {filters}
GROUP BY s.month, s.step{group}"""


def _nth(month: str, step: str, match: str, offset: str, filters: str, order: str) -> str:
    """The duration at the 0-based `offset` in `order` (ASC or DESC) among one group's rows: an index range
    walked up to the offset, no sort."""
    return (f"(SELECT s.seconds FROM step_durations s WHERE s.org_id = :org_id AND s.month = {month} "
            f"AND s.step = {step} {match} {filters} ORDER BY s.seconds {order} LIMIT 1 OFFSET {offset})")


def _rank_sql(by: str, month: str, step: str, key: str, median: str, p90: str, filters: str) -> str:
    """The median and 90th percentile of one group as two scalar subqueries (a NULL key matched as NULL): the
    median counted from the shortest, the 90th percentile from the longest (`p90` is its offset from the top), so
    the index is walked over about 0.6 of the group, not 1.4."""
    column = _KEY[by]

    def nth(offset: str, order: str) -> str:
        if column is None:
            return _nth(month, step, "", offset, filters, order)
        return (f"CASE WHEN {key} IS NULL THEN {_nth(month, step, f'AND s.{column} IS NULL', offset, filters, order)} "
                f"ELSE {_nth(month, step, f'AND s.{column} = {key}', offset, filters, order)} END")
    return f"{nth(median, 'ASC')} AS median, {nth(p90, 'DESC')} AS p90"


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
    `unit_ids` when given. The nearest-rank median (rank ⌈n/2⌉) and 90th percentile (⌈9n/10⌉) are read from the
    index at their offsets: on PostgreSQL in the same statement as the counts (a correlated OFFSET); SQLite does
    not take one, so there each group's two values are one more statement, in process."""
    params: dict = {"org_id": org_id, "first": first, "last": last, "steps": list(steps)}
    binds = [sa.bindparam("steps", expanding=True)]
    filters = ""
    if unit_ids is not None:
        filters = "AND s.drafting_unit_id IN :unit_ids"
        params["unit_ids"] = list(unit_ids) or [-1]
        binds.append(sa.bindparam("unit_ids", expanding=True))
    column = _KEY[by]
    counts = _COUNTS.format(key=f"s.{column}" if column else "CAST(NULL AS INTEGER)",
                            group=f", s.{column}" if column else "", filters=filters)
    if db.session.get_bind().dialect.name == "postgresql":
        # dan.median_rank and dan.p90_rank, said in SQL (integer division) because n is known only there
        ranks = _rank_sql(by, "g.month", "g.step", "g.key", "(g.n + 1) / 2 - 1", "g.n - (9 * g.n + 9) / 10", filters)
        sql = f"WITH g AS ({counts}) SELECT g.month, g.step, g.key, g.n, {ranks} FROM g"
        rows = [tuple(r) for r in db.session.execute(sa.text(sql).bindparams(*binds), params)]
    else:
        ranks = sa.text("SELECT " + _rank_sql(by, ":month", ":step", ":key", ":median", ":p90", filters))
        if unit_ids is not None:
            ranks = ranks.bindparams(sa.bindparam("unit_ids", expanding=True))
        rows = []
        for month, step, key, n in db.session.execute(sa.text(counts).bindparams(*binds), params).all():
            median, p90 = db.session.execute(ranks, params | {"month": month, "step": step, "key": key,
                                                              "median": dan.median_rank(n) - 1,
                                                              "p90": n - dan.p90_rank(n)}).one()
            rows.append((month, step, key, n, median, p90))
    rows.sort(key=lambda r: (r[0], r[1], -1 if r[2] is None else r[2]))
    return [StepStat(step, dan.month_key(month // 100, month % 100), None if key is None else int(key), int(n),
                     float(median), float(p90)) for month, step, key, n, median, p90 in rows]


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
