"""Where documents wait (issue 13): per step, per drafting unit and per person, by month, the median and 90th
percentile of time in step, read from the completed steps (`record_step` writes one row in the transaction that
completes a step; migration 0016 filled them from the audit trail), and the documents waiting now and overdue
(rules in service/domain/analytics.py; the SQL in service/store/analytics.py).

Who sees it: the organization's leaders (signer, leader) and its office (Văn phòng) for the whole organization;
a unit head (unit_head) for their own unit only. Drafters, clerks and archivists do not: time per named person
is management information, and the archivists' inspection of the history lives on /audit.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import select

from service.clock import current_clock, to_vn
from service.domain import analytics as dan
from service.errors import Forbidden, ValidationFailed
from service.extensions import db
from service.output import exports
from service.store import analytics as store
from service.store.documents import Document
from service.store.organizations import Person, Unit

WHOLE_ORG_ROLES = {"signer", "leader", "office"}
MAX_MONTHS = 36
NO_UNIT = "(không rõ đơn vị)"
NO_PERSON = "(chưa giao cho một người)"


@dataclass(frozen=True)
class Filters:
    """The filters as given (strings from a query string); empty means the default."""
    start: str | None = None  # YYYY-MM
    end: str | None = None  # YYYY-MM
    step: str | None = None
    unit: str | None = None  # unit code
    by: str | None = None  # step | unit | person


@dataclass
class Report:
    org_name: str
    start: str
    end: str
    step: str | None
    unit: str | None
    by: str
    months: list[str]
    rows: list[dict] = field(default_factory=list)  # one per (month, step, group)
    now: list[dict] = field(default_factory=list)  # one per (step, group): waiting and overdue now
    by_step: list[dict] = field(default_factory=list)  # one per (month, step): the chart's series
    units: list[tuple[str, str]] = field(default_factory=list)  # (code, name) the caller may choose


def _scope(actor: Person) -> list[int] | None:
    """None when the person sees the whole organization, else the ids of the units they head."""
    mine = [r for r in actor.roles if r.org_id == actor.org_id]
    if any(r.role in WHOLE_ORG_ROLES for r in mine):
        return None
    heads = [r for r in mine if r.role == "unit_head"]
    if not heads:
        raise Forbidden("Chỉ lãnh đạo, Văn phòng và trưởng đơn vị mới xem được thống kê thời gian xử lý.")
    if any(r.unit_id is None for r in heads):
        return None
    return sorted({r.unit_id for r in heads})


def sees_analytics(actor: Person) -> bool:
    """Whether the menu shows the page."""
    return any(r.org_id == actor.org_id and r.role in WHOLE_ORG_ROLES | {"unit_head"} for r in actor.roles)


def _bad(message: str, name: str) -> ValidationFailed:
    return ValidationFailed(message, details=[{"field": name}])


def _month(value: str | None, name: str, default: tuple[int, int]) -> tuple[int, int]:
    if not value:
        return default
    m = dan.parse_month(value.strip())
    if m is None:
        raise _bad(f"'{name}' phải là một tháng dạng YYYY-MM (ví dụ 2025-08).", name)
    return m


def _check(f: Filters, actor: Person, scope: list[int] | None):
    now = to_vn(current_clock().now())
    end = _month(f.end, "to", (now.year, now.month))
    y, m = end
    default_start = (y, m - 5) if m > 5 else (y - 1, m + 7)
    start = _month(f.start, "from", default_start)
    if start > end:
        raise _bad("Tháng bắt đầu ('from') phải trước hoặc bằng tháng kết thúc ('to').", "from")
    if dan.months_between(start, end) > MAX_MONTHS:
        raise _bad(f"Khoảng thời gian tối đa {MAX_MONTHS} tháng.", "from")
    if f.step and f.step not in dan.STEPS:
        raise _bad("Bước không hợp lệ; chọn một trong: " + ", ".join(dan.STEPS) + ".", "step")
    by = f.by or "step"
    if by not in dan.DIMENSIONS:
        raise _bad("Cách nhóm ('by') phải là step, unit hoặc person.", "by")
    unit_ids = scope
    if f.unit:
        unit = db.session.scalar(select(Unit).where(Unit.org_id == actor.org_id, Unit.code == f.unit.strip()))
        if unit is None:
            raise _bad(f"Không có đơn vị mã '{f.unit.strip()[:40]}' trong cơ quan.", "unit")
        if scope is not None and unit.id not in scope:
            raise Forbidden("Đồng chí chỉ xem được thống kê của đơn vị mình phụ trách.")
        unit_ids = [unit.id]
    return start, end, by, unit_ids


def _month_number(y: int, m: int) -> int:
    """The month as the table keeps it: YYYYMM."""
    return y * 100 + m


def record_step(doc: Document, actor: Person, step: str, now: datetime) -> None:
    """`actor` completed `step` of `doc` now: its time in step (since `doc.step_since`, when the step opened),
    counted in this month of Vietnam time. Called by the use case that completes the task, in its transaction,
    before the document moves on to its next step."""
    if doc.step_since is None:
        return
    vn = to_vn(now)
    store.add_step(doc, step, actor.id, doc.step_since, now, _month_number(vn.year, vn.month))


def _names(by: str, keys: set) -> dict:
    ids = [k for k in keys if k is not None]
    if by == "unit" and ids:
        return {u.id: u.name for u in db.session.scalars(select(Unit).where(Unit.id.in_(ids)))}
    if by == "person" and ids:
        return {p.id: p.full_name for p in db.session.scalars(select(Person).where(Person.id.in_(ids)))}
    return {}


def _label(by: str, key, names: dict) -> str:
    if by == "step":
        return ""
    return names.get(key) or (NO_UNIT if by == "unit" else NO_PERSON)


def _stat_row(s: store.StepStat, by: str, names: dict) -> dict:
    return {"month": s.month, "step": s.step, "step_label": dan.STEP_LABELS[s.step], "by": by,
            "group_id": s.key, "group": _label(by, s.key, names), "count": s.count,
            "median_seconds": round(s.median_seconds), "p90_seconds": round(s.p90_seconds),
            "median_hours": round(s.median_seconds / 3600, 2), "p90_hours": round(s.p90_seconds / 3600, 2)}


def step_report(actor: Person, f: Filters, *, chart: bool = False) -> Report:
    """The time-in-step report of the caller's organization for the filters (422 on a bad filter, 403 to those
    who may not see it, a unit head's other units included); `chart` also fills `by_step` (per step and month,
    whatever the grouping) for the page's chart."""
    scope = _scope(actor)
    start, end, by, unit_ids = _check(f, actor, scope)
    steps = [f.step] if f.step else list(dan.STEPS)
    first, last = _month_number(*start), _month_number(*end)
    stats = store.step_stats(actor.org_id, first, last, by, steps, unit_ids)
    if by == "step" or not chart:
        series = stats if by == "step" else []
    else:
        series = store.step_stats(actor.org_id, first, last, "step", steps, unit_ids)
    waiting = store.open_steps(actor.org_id, steps, unit_ids)
    key_of = {"step": lambda o: None, "unit": lambda o: o.unit_id, "person": lambda o: o.person_id}[by]
    names = _names(by, {s.key for s in stats} | {key_of(o) for o in waiting})
    now_vn = to_vn(current_clock().now())
    counts: dict = defaultdict(lambda: [0, 0])
    for o in waiting:
        c = counts[(o.step, key_of(o))]
        c[0] += 1
        if o.since is not None and dan.is_overdue(o.step, o.urgency, to_vn(o.since), now_vn):
            c[1] += 1
    order = {s: i for i, s in enumerate(dan.STEPS)}
    now_rows = [{"step": s, "step_label": dan.STEP_LABELS[s], "by": by, "group_id": k,
                 "group": _label(by, k, names), "waiting": w, "overdue": o}
                for (s, k), (w, o) in sorted(counts.items(), key=lambda kv: (order[kv[0][0]], str(kv[0][1])))]
    months, (y, m) = [], start
    while (y, m) <= end:
        months.append(dan.month_key(y, m))
        y, m = dan.next_month(y, m)
    units = [(u.code, u.name) for u in db.session.scalars(select(Unit).where(Unit.org_id == actor.org_id)
                                                         .order_by(Unit.code)) if scope is None or u.id in scope]
    return Report(org_name=actor.org.name, start=months[0], end=months[-1], step=f.step or None,
                  unit=f.unit.strip() if f.unit else None, by=by, months=months,
                  rows=sorted((_stat_row(s, by, names) for s in stats),
                              key=lambda r: (r["month"], order[r["step"]], r["group"])), now=now_rows,
                  by_step=[_stat_row(s, "step", {}) for s in series], units=units)


CSV_COLUMNS = (("month", "Tháng"), ("step_label", "Bước"), ("group", "Nhóm"), ("count", "Số lượt hoàn thành"),
               ("median_hours", "Trung vị (giờ)"), ("p90_hours", "Phân vị 90 (giờ)"), ("waiting", "Đang chờ"),
               ("overdue", "Quá hạn"))


def step_report_csv(actor: Person, f: Filters) -> bytes:
    """The report as CSV (UTF-8 with BOM): the months' rows, then the rows of now (month "Hiện tại") with the
    documents waiting and overdue."""
    report = step_report(actor, f)
    return exports.to_csv(CSV_COLUMNS, report.rows + [r | {"month": "Hiện tại"} for r in report.now]).encode("utf-8")


def chart_data(report: Report) -> tuple[list[tuple[str, list[float | None]]], list[tuple[str, int, int]]]:
    """What the charts draw: per step, the median hours of each month (None when no step ended that month), and
    per step the documents waiting now and overdue."""
    by_key = {(r["step"], r["month"]): r["median_hours"] for r in report.by_step}
    steps = [report.step] if report.step else list(dan.STEPS)
    series = [(dan.STEP_LABELS[s], [by_key.get((s, m)) for m in report.months]) for s in steps]
    totals: dict = {s: [0, 0] for s in steps}
    for r in report.now:
        totals[r["step"]][0] += r["waiting"]
        totals[r["step"]][1] += r["overdue"]
    return series, [(dan.STEP_LABELS[s], w, o) for s, (w, o) in totals.items()]
