"""Reporting obligations (domain.md §4.3): flagged from a dispatched directing document, completed by its
drafter (the frequency only when stated, never guessed: V21), then generating periods for each obligated
organization."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select

from service.clock import current_clock
from service.domain import kinds as dkinds
from service.domain import reporting as drep
from service.domain.errors import DomainError
from service.errors import Conflict, Forbidden, NotFound, ValidationFailed
from service.extensions import db
from service.store.documents import AuditEvent, Delivery, Document
from service.store.organizations import Organization, Person, Unit
from service.store.reporting import ReportingObligation, ReportingPeriod
from service.store.unit_of_work import unit_of_work
from service.usecases import directory
from service.usecases.access import holds
from service.usecases.notifications import notify
from service.usecases.report_periods import _naive_utc, _start_instance, period_view

HORIZON_YEARS = 5      # periods are generated at most this long after the plan's date
MAX_PERIOD_ROWS = 600  # and at most this many (organization × period) rows in one action

# Kinds whose text can impose a duty to report on their recipients.
DIRECTING_KINDS = {"KH", "HD", "CT", "NQ", "QĐ", "KL", "TT", "TB", "CV", "CTr", "QC", "ĐA"}
OBLIGATION_STATUS_LABELS = {"NEEDS_REVIEW": "Cần người soạn thảo hoàn thiện", "ACTIVE": "Đang thực hiện",
                            "CLOSED": "Đã kết thúc"}


def _roles(person: Person, org_id: int) -> set[str]:
    return {r.role for r in person.roles if r.org_id == org_id}


def flag_reporting_duties(doc: Document, now: datetime) -> None:
    """At dispatch of a directing document: each duty to report its text imposes becomes an obligation in
    NEEDS_REVIEW for its drafter (the frequency only when stated, never guessed: V21)."""
    if doc.kind not in DIRECTING_KINDS:
        return
    for duty in drep.detect_reporting_duties(doc.body or ""):
        group, codes = _obligors_from_recipients(doc)
        via_unit = _match_unit(doc.org_id, duty.via_text)
        review = [{"rule": v.code, "field": v.field, "message": v.message} for v in duty.review]
        if group == "LIST" and not codes:
            review.append({"rule": "V21", "field": "obligors",
                           "message": "Chưa xác định cơ quan có trách nhiệm báo cáo."})
        db.session.add(ReportingObligation(
            source_document_id=doc.id, requester_org_id=doc.org_id, via_unit_id=via_unit.id if via_unit else None,
            via_text=duty.via_text, recipient_text=duty.recipient_text,
            title=f"Báo cáo kết quả thực hiện {dkinds.get_kind(doc.kind).name_vi} số {doc.symbol}",
            frequency=duty.frequency, ad_hoc=duty.ad_hoc, first_due_date=None, reminder_days=3,
            drafting_unit_code=None, obligor_group=group, obligor_codes=codes, status="NEEDS_REVIEW",
            review=review, excerpt=duty.excerpt, assigned_to_id=doc.created_by_id, created_at=now, updated_at=now))
        notify([doc.created_by], "obligation_review", f"Hoàn thiện chế độ báo cáo của {doc.symbol}",
               "; ".join(r["message"] for r in review), now, document_id=doc.id)


def _obligors_from_recipients(doc: Document) -> tuple[str, list[str]]:
    """A line reaching the issuer's subordinates ('Các đảng ủy trực thuộc') makes them owe; otherwise the
    organizations the ACTION lines reach."""
    return directory.obligor_codes(doc.recipients, issuer_code=doc.org.code)


def _match_unit(org_id: int, text: str | None) -> Unit | None:
    if not text:
        return None
    from service.domain.text import search_key

    key = search_key(text)
    for unit in db.session.scalars(select(Unit).where(Unit.org_id == org_id)).all():
        if search_key(unit.name).startswith(key) or key == search_key(unit.code):
            return unit
    return None


@dataclass(frozen=True)
class ObligationIn:
    """What the drafter decides (all optional on completion: only the given fields change)."""
    title: str | None = None
    frequency: str | None = None
    first_due_date: date | None = None
    reminder_days: int | None = None
    drafting_unit: str | None = None
    via_unit: str | None = None
    obligors: list[str] | None = None  # org codes; ["*SUBORDINATES"] for the organizations under the requester
    generate_until: date | None = None
    source_document_id: int | None = None


def _may_manage(actor: Person, ob: ReportingObligation) -> None:
    """Who may complete or change an obligation: people of the requesting organization, and for one that a
    plan imposes, only those with authority over that plan: its drafter, the unit head of its drafting unit,
    its signer, and the office (văn phòng) of the organization."""
    if ob.requester_org_id != actor.org_id or \
            not _roles(actor, actor.org_id) & {"drafter", "unit_head", "office", "signer"}:
        raise Forbidden("Chỉ chuyên viên, lãnh đạo đơn vị của cơ quan yêu cầu báo cáo mới được hoàn thiện "
                        "chế độ báo cáo.")
    src = db.session.get(Document, ob.source_document_id) if ob.source_document_id else None
    if src is None:
        if not _roles(actor, actor.org_id) & {"drafter", "unit_head"}:
            raise Forbidden("Chỉ chuyên viên, lãnh đạo đơn vị mới được hoàn thiện chế độ báo cáo.")
        return
    if not (src.created_by_id == actor.id or src.signed_by_id == actor.id or holds(actor, src.org_id, "office")
            or holds(actor, src.org_id, "unit_head", src.drafting_unit_id)):
        raise Forbidden("Chỉ người soạn thảo, lãnh đạo đơn vị soạn thảo, người ký văn bản nguồn và văn phòng "
                        "mới được thay đổi chế độ báo cáo của văn bản này.")


def may_manage(actor: Person, ob: ReportingObligation) -> bool:
    """True when `actor` may complete or change `ob` (the rules of _may_manage)."""
    try:
        _may_manage(actor, ob)
    except Forbidden:
        return False
    return True


def _plan_recipient_ids(src: Document) -> set[int]:
    """The organizations a plan reaches: its deliveries once dispatched, else what its Nơi nhận lines expand to."""
    if src.dispatched_at is not None:
        return set(db.session.scalars(select(Delivery.recipient_org_id).where(
            Delivery.document_id == src.id, Delivery.recipient_org_id.is_not(None))).all())
    return {t.org_id for reached in directory.targets(src.recipients, src.org_id) for t in reached if t.org_id is not None}


def subordinate_ids(org_id: int) -> set[int]:
    """The organizations below `org_id` in the hierarchy (Organization.parent_id), at any depth."""
    children: dict[int | None, list[int]] = {}
    for oid, parent in db.session.execute(select(Organization.id, Organization.parent_id)).all():
        children.setdefault(parent, []).append(oid)
    found: set[int] = set()
    stack = [org_id]
    while stack:
        for child in children.get(stack.pop(), []):
            if child not in found:
                found.add(child)
                stack.append(child)
    return found


def allowed_obligor_ids(ob: ReportingObligation) -> set[int]:
    """Who an obligation may bind: a plan's recipients; without a plan, the requester's subordinates only."""
    src = db.session.get(Document, ob.source_document_id) if ob.source_document_id else None
    allowed = _plan_recipient_ids(src) if src is not None else subordinate_ids(ob.requester_org_id)
    return allowed - {ob.requester_org_id}


def _check_obligors(ob: ReportingObligation) -> None:
    """A plan's obligation binds only organizations among the plan's recipients; one declared by hand (no plan)
    only organizations below the requester (422 naming the refused ones, nothing written)."""
    outside = set(obligor_ids(ob)) - allowed_obligor_ids(ob)
    if not outside:
        return
    names = ", ".join(db.session.scalars(select(Organization.name).where(Organization.id.in_(outside))
                                         .order_by(Organization.name)).all())
    if ob.source_document_id:
        raise ValidationFailed(f"Chỉ giao báo cáo cho cơ quan là nơi nhận của văn bản; không thuộc nơi nhận: {names}.",
                               details=[{"field": "obligors", "rule": "recipients_only"}])
    raise ValidationFailed("Chế độ báo cáo không có văn bản nguồn chỉ giao cho cơ quan cấp dưới của cơ quan yêu cầu; "
                           f"không phải cấp dưới: {names}.", details=[{"field": "obligors", "rule": "subordinates_only"}])


def _check_horizon(ob: ReportingObligation, until: date | None) -> None:
    """Periods are generated at most HORIZON_YEARS after the plan's date (or today, without a plan)."""
    if until is None:
        return
    src = db.session.get(Document, ob.source_document_id) if ob.source_document_id else None
    base = (src.issue_date if src is not None and src.issue_date else None) or current_clock().today()
    limit = base.replace(year=base.year + HORIZON_YEARS, day=min(base.day, 28))
    if until > limit:
        raise ValidationFailed(f"Chỉ sinh kỳ báo cáo trong {HORIZON_YEARS} năm kể từ ngày văn bản "
                               f"(đến {limit:%d/%m/%Y}); không đến {until:%d/%m/%Y}.",
                               details=[{"field": "generate_until", "rule": "horizon"}])


def _audit_change(actor: Person, ob: ReportingObligation, data: ObligationIn, now: datetime) -> None:
    """Every change of an obligation is an audit event on its source document (or on no document)."""
    fields = {k: (v.isoformat() if isinstance(v, date) else v) for k, v in vars(data).items() if v is not None}
    db.session.add(AuditEvent(document_id=ob.source_document_id, actor_id=actor.id, action="obligation_changed",
                              task=None, comment=None, version_no=None, at=now,
                              details={"obligation": ob.id, "fields": fields, "status": ob.status,
                                       "obligors": ob.obligor_codes, "obligor_group": ob.obligor_group}))


def _get_obligation(actor: Person, ob_id: int, *, for_update: bool = False) -> ReportingObligation:
    ob = db.session.get(ReportingObligation, ob_id, with_for_update=for_update or None)
    if ob is None:
        raise NotFound("Không tìm thấy chế độ báo cáo.")
    if ob.requester_org_id != actor.org_id and actor.org_id not in obligor_ids(ob):
        raise NotFound("Không tìm thấy chế độ báo cáo.")
    return ob


def obligor_ids(ob: ReportingObligation) -> list[int]:
    if ob.obligor_group == "SUBORDINATES":
        return list(db.session.scalars(select(Organization.id).where(Organization.parent_id == ob.requester_org_id)
                                       .order_by(Organization.id)).all())
    if not ob.obligor_codes:
        return []
    return list(db.session.scalars(select(Organization.id).where(Organization.code.in_(ob.obligor_codes))
                                   .order_by(Organization.id)).all())


def declare_obligation(actor: Person, data: ObligationIn) -> ReportingObligation:
    """A reporting obligation declared by hand (e.g. for a plan received on paper)."""
    with unit_of_work() as s:
        if not _roles(actor, actor.org_id) & {"drafter", "unit_head"}:
            raise Forbidden("Chỉ chuyên viên, lãnh đạo đơn vị mới được khai báo chế độ báo cáo.")
        if not data.title:
            raise ValidationFailed("Thiếu tên chế độ báo cáo (title).", details=[{"field": "title"}])
        if data.source_document_id is not None:
            src = db.session.get(Document, data.source_document_id)
            if src is None or src.org_id != actor.org_id:
                raise ValidationFailed("Văn bản nguồn không thuộc cơ quan.", details=[{"field": "source_document_id"}])
        now = current_clock().now()
        ob = ReportingObligation(source_document_id=data.source_document_id, requester_org_id=actor.org_id,
                                 title=data.title, frequency=data.frequency or "UNSPECIFIED", ad_hoc=False,
                                 reminder_days=3, obligor_group="LIST", obligor_codes=[], status="NEEDS_REVIEW",
                                 review=[], assigned_to_id=actor.id, created_at=now, updated_at=now)
        s.add(ob)
        _apply(actor, ob, data, now)
        _audit_change(actor, ob, data, now)
        return ob


def complete_obligation(actor: Person, ob_id: int, data: ObligationIn) -> ReportingObligation:
    """The drafter completes or corrects an obligation; once whole it becomes ACTIVE and generates periods."""
    with unit_of_work():
        ob = _get_obligation(actor, ob_id, for_update=True)
        _may_manage(actor, ob)
        if ob.status == "CLOSED":
            raise Conflict("Chế độ báo cáo đã kết thúc.", code="closed")
        if ob.status == "ACTIVE" and (data.frequency or data.first_due_date or data.obligors is not None):
            raise Conflict("Chế độ báo cáo đang thực hiện: không đổi tần suất, hạn kỳ đầu hay nơi báo cáo; "
                           "chỉ có thể sinh thêm kỳ.", code="active")
        _apply(actor, ob, data, current_clock().now())
        _audit_change(actor, ob, data, current_clock().now())
        return ob


def _apply(actor: Person, ob: ReportingObligation, data: ObligationIn, now: datetime) -> None:
    """Take what the drafter gave, check the whole obligation, and activate it (generating its periods) once
    nothing is missing; otherwise it stays NEEDS_REVIEW with the findings."""
    _take_fields(ob, data)
    _check_obligors(ob)
    _check_horizon(ob, data.generate_until)
    issued = None
    if ob.source_document_id:
        src = db.session.get(Document, ob.source_document_id)
        issued = src.issue_date if src else None
    problems = drep.check_obligation(ob.frequency, ob.first_due_date, len(obligor_ids(ob)), issued)
    if ob.frequency == "ON_DEMAND":
        problems = [v for v in problems if v.field != "first_due_date"]
    if any(v.code == "V6" for v in problems):
        raise ValidationFailed("; ".join(v.message for v in problems if v.code == "V6"),
                               details=[{"rule": "V6", "field": "first_due_date"}])
    ob.review = [{"rule": v.code, "field": v.field, "message": v.message} for v in problems]
    ob.updated_at = now
    db.session.flush()
    if problems:
        ob.status = "NEEDS_REVIEW"
        return
    ob.status = "ACTIVE"
    if ob.frequency in drep.PERIODIC:
        _generate(ob, data.generate_until or ob.first_due_date, now)


def _take_fields(ob: ReportingObligation, data: ObligationIn) -> None:
    """The given fields onto the obligation, each checked (422 naming the field)."""
    if data.title:
        ob.title = data.title
    if data.frequency:
        if data.frequency not in drep.FREQUENCIES:
            raise ValidationFailed("Tần suất phải là một trong: " + ", ".join(drep.FREQUENCIES),
                                   details=[{"field": "frequency"}])
        ob.frequency = data.frequency
    if data.first_due_date:
        ob.first_due_date = data.first_due_date
    if data.reminder_days is not None:
        if not 0 <= data.reminder_days <= 60:
            raise ValidationFailed("Số ngày nhắc trước hạn phải từ 0 đến 60.", details=[{"field": "reminder_days"}])
        ob.reminder_days = data.reminder_days
    if data.drafting_unit is not None:
        ob.drafting_unit_code = data.drafting_unit or None
    if data.via_unit:
        unit = db.session.scalars(select(Unit).where(Unit.org_id == ob.requester_org_id,
                                                     Unit.code == data.via_unit)).first()
        if unit is None:
            raise ValidationFailed(f"Đơn vị '{data.via_unit}' không thuộc cơ quan yêu cầu.",
                                   details=[{"field": "via_unit"}])
        ob.via_unit_id = unit.id
    if data.obligors is not None:
        if data.obligors == ["*SUBORDINATES"]:
            ob.obligor_group, ob.obligor_codes = "SUBORDINATES", []
        else:
            known = set(db.session.scalars(select(Organization.code).where(Organization.code.in_(data.obligors))).all())
            unknown = sorted(set(data.obligors) - known)
            if unknown:
                raise ValidationFailed("Không có cơ quan mã: " + ", ".join(unknown), details=[{"field": "obligors"}])
            ob.obligor_group, ob.obligor_codes = "LIST", sorted(known)


def add_on_demand_period(actor: Person, ob_id: int, due: date) -> list[ReportingPeriod]:
    """An ad-hoc request (báo cáo đột xuất) under an obligation: one period per obligated organization."""
    with unit_of_work():
        ob = _get_obligation(actor, ob_id, for_update=True)
        _may_manage(actor, ob)
        if ob.status != "ACTIVE" and not ob.ad_hoc and ob.frequency != "ON_DEMAND":
            raise Conflict("Chế độ báo cáo chưa hoàn thiện.", code="needs_review")
        today = current_clock().today()
        if due < today:
            raise ValidationFailed("Hạn báo cáo đột xuất không được trước hôm nay.", details=[{"field": "due_date"}])
        p = drep.on_demand_period(due, today)
        return _create_periods(ob, [p], current_clock().now())


def generate_periods(actor: Person, ob_id: int, until: date) -> list[ReportingPeriod]:
    with unit_of_work():
        ob = _get_obligation(actor, ob_id, for_update=True)
        _may_manage(actor, ob)
        if ob.status != "ACTIVE" or ob.frequency not in drep.PERIODIC:
            raise Conflict("Chỉ sinh kỳ cho chế độ báo cáo định kỳ đang thực hiện.", code="not_periodic")
        _check_horizon(ob, until)
        now = current_clock().now()
        db.session.add(AuditEvent(document_id=ob.source_document_id, actor_id=actor.id, action="obligation_changed",
                                  task=None, comment=None, version_no=None, at=now,
                                  details={"obligation": ob.id, "fields": {"generate_until": until.isoformat()}}))
        return _generate(ob, until, now)


def _generate(ob: ReportingObligation, until: date, now: datetime) -> list[ReportingPeriod]:
    try:
        periods = drep.generate_periods(ob.frequency, ob.first_due_date, until)
    except DomainError as exc:
        raise ValidationFailed(exc.message, details=[{"rule": exc.code, "field": exc.field}]) from None
    rows = len(periods) * len(obligor_ids(ob))
    if len(periods) >= 120 or rows > MAX_PERIOD_ROWS:
        raise ValidationFailed(f"Quá nhiều kỳ báo cáo ({len(periods)} kỳ × {len(obligor_ids(ob))} cơ quan); "
                               f"tối đa {MAX_PERIOD_ROWS} kỳ mỗi lần, dưới 120 kỳ mỗi cơ quan.",
                               details=[{"field": "generate_until", "rule": "too_many_periods"}])
    return _create_periods(ob, periods, now)


def _create_periods(ob: ReportingObligation, periods: list[drep.Period], now: datetime) -> list[ReportingPeriod]:
    """Idempotent: existing (obligation, organization, period) rows are left alone."""
    existing = {(p.org_id, p.period_key) for p in db.session.scalars(
        select(ReportingPeriod).where(ReportingPeriod.obligation_id == ob.id)).all()}
    created = []
    for org_id in obligor_ids(ob):
        for per in periods:
            if (org_id, per.key) in existing:
                continue
            reminder, overdue = drep.deadline_instants(per.due_date, ob.reminder_days)
            row = ReportingPeriod(obligation_id=ob.id, org_id=org_id, period_key=per.key, label=per.label,
                                  due_date=per.due_date, reminder_at=_naive_utc(reminder),
                                  overdue_at=_naive_utc(overdue), status="OPEN", created_at=now, spec_hash="", state="")
            inst = _start_instance(row, reminder, overdue, now)
            db.session.add(row)
            db.session.flush()
            from service.store.timers import sync_timers

            sync_timers(row, inst, now)
            created.append(row)
    return created


def list_obligations(actor: Person, *, status: str | None = None) -> list[ReportingObligation]:
    """The requester's obligations (including review items) and those the actor's organization must fulfil."""
    q = select(ReportingObligation).where(ReportingObligation.requester_org_id == actor.org_id)
    if status:
        q = q.where(ReportingObligation.status == status)
    return list(db.session.scalars(q.order_by(ReportingObligation.id)).all())


def get_obligation(actor: Person, ob_id: int) -> ReportingObligation:
    return _get_obligation(actor, ob_id)


def obligation_status(actor: Person, ob_id: int) -> tuple[ReportingObligation, list[dict]]:
    """Per period: which organizations have reported, which are late and by how many days."""
    ob = _get_obligation(actor, ob_id)
    today = current_clock().today()
    periods = ob.periods if ob.requester_org_id == actor.org_id else [p for p in ob.periods if p.org_id == actor.org_id]
    by_key: dict[str, dict] = {}
    for p in periods:
        entry = by_key.setdefault(p.period_key, {"period_key": p.period_key, "label": p.label,
                                                 "due_date": p.due_date.isoformat(), "organizations": []})
        entry["organizations"].append(period_view(p, today))
    for entry in by_key.values():
        orgs = entry["organizations"]
        entry["reported"] = sum(1 for o in orgs if o["reported"])
        entry["late"] = sum(1 for o in orgs if o["late"])
        entry["total"] = len(orgs)
    return ob, sorted(by_key.values(), key=lambda e: (e["due_date"], e["period_key"]))
