"""Reporting obligations, periods and the report workflow (bpmn/report.bpmn; domain.md §4.3).

- A dispatched directing document (kế hoạch, hướng dẫn, ...) whose text imposes a duty to report gets a
  ReportingObligation in NEEDS_REVIEW, assigned to its drafter: the frequency is taken from the text only
  when stated, never guessed (V21), and the first due date always comes from a person.
- An ACTIVE obligation generates ReportingPeriods for each obligated organization. Each period runs one
  report.bpmn instance from the start, so its deadline timers (reminder, overdue escalation) run even before
  anybody starts writing. Starting the report creates the BC document and binds that instance to it; the
  called outgoing_document steps then go through documents.complete_task like any outgoing document.
- The period is fulfilled when the requester registers the report as incoming.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime

from flask import Flask, current_app
from sqlalchemy import func, select

from service import documents, runtime
from service.domain import kinds as dkinds
from service.domain import reporting as drep
from service.domain.errors import DomainError
from service.errors import Conflict, Forbidden, NotFound, ValidationFailed
from service.extensions import db
from service.incoming import _people_with, notify
from service.models import Document, Organization, Person, Unit, WorkflowInstance
from service.models_incoming import IncomingDocument, Notification, ReportingObligation, ReportingPeriod
from service.schemas import DraftIn
from service.unit_of_work import unit_of_work

PROCESS_ID = "report"
REPORT_KIND = "BC"
# Kinds whose text can impose a duty to report on their recipients.
DIRECTING_KINDS = {"KH", "HD", "CT", "NQ", "QĐ", "KL", "TT", "TB", "CV", "CTr", "QC", "ĐA"}
PERIOD_STATUS_LABELS = {
    "OPEN": "Chưa báo cáo",
    "DRAFTING": "Đang soạn báo cáo",
    "DISPATCHED": "Đã gửi, chờ nơi nhận vào sổ",
    "FULFILLED": "Đã báo cáo",
}
OBLIGATION_STATUS_LABELS = {"NEEDS_REVIEW": "Cần người soạn thảo hoàn thiện", "ACTIVE": "Đang thực hiện",
                            "CLOSED": "Đã kết thúc"}


def init_app(app: Flask) -> None:
    app.extensions.setdefault("dispatch_hooks", []).append(on_dispatch)
    app.extensions.setdefault("incoming_hooks", []).append(on_incoming)
    from service.api.reports import bp

    app.register_blueprint(bp)
    from service.scheduler import init_app as scheduler_init

    scheduler_init(app)


def clock():
    return current_app.extensions["clock"]


def _roles(person: Person, org_id: int) -> set[str]:
    return {r.role for r in person.roles if r.org_id == org_id}


# --------------------------------------------------------------------------- obligations from documents


def on_dispatch(doc: Document, rows: list[dict], now: datetime) -> None:
    """Dispatch hook: flag the reporting duties of a directing document; mark a report dispatched."""
    period = db.session.scalars(select(ReportingPeriod).where(ReportingPeriod.report_document_id == doc.id)).first()
    if period is not None:
        period.status = "DISPATCHED"
        period.dispatched_at = now
        return
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
    """'Các đảng ủy trực thuộc' means the organizations under the issuer; otherwise the ACTION recipients."""
    from service.domain.text import search_key

    if any("truc thuoc" in search_key(r["text"]) for r in doc.recipients):
        return "SUBORDINATES", []
    return "LIST", sorted({r["org_code"] for r in doc.recipients if r.get("org_code") and r["purpose"] == "ACTION"})


def _match_unit(org_id: int, text: str | None) -> Unit | None:
    if not text:
        return None
    from service.domain.text import search_key

    key = search_key(text)
    for unit in db.session.scalars(select(Unit).where(Unit.org_id == org_id)).all():
        if search_key(unit.name).startswith(key) or key == search_key(unit.code):
            return unit
    return None


# --------------------------------------------------------------------------- declaring and completing


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
    if ob.requester_org_id != actor.org_id or not _roles(actor, actor.org_id) & {"drafter", "unit_head"}:
        raise Forbidden("Chỉ chuyên viên, lãnh đạo đơn vị của cơ quan yêu cầu báo cáo mới được hoàn thiện "
                        "chế độ báo cáo.")


def _get_obligation(actor: Person, ob_id: int, *, for_update: bool = False) -> ReportingObligation:
    ob = db.session.get(ReportingObligation, ob_id, with_for_update=for_update or None)
    if ob is None:
        raise NotFound("Không tìm thấy chế độ báo cáo.")
    if ob.requester_org_id != actor.org_id and actor.org_id not in _obligor_ids(ob):
        raise NotFound("Không tìm thấy chế độ báo cáo.")
    return ob


def _obligor_ids(ob: ReportingObligation) -> list[int]:
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
        now = clock().now()
        ob = ReportingObligation(source_document_id=data.source_document_id, requester_org_id=actor.org_id,
                                 title=data.title, frequency=data.frequency or "UNSPECIFIED", ad_hoc=False,
                                 reminder_days=3, obligor_group="LIST", obligor_codes=[], status="NEEDS_REVIEW",
                                 review=[], assigned_to_id=actor.id, created_at=now, updated_at=now)
        s.add(ob)
        _apply(actor, ob, data, now)
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
        _apply(actor, ob, data, clock().now())
        return ob


def _apply(actor: Person, ob: ReportingObligation, data: ObligationIn, now: datetime) -> None:
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
    issued = None
    if ob.source_document_id:
        src = db.session.get(Document, ob.source_document_id)
        issued = src.issue_date if src else None
    problems = drep.check_obligation(ob.frequency, ob.first_due_date, len(_obligor_ids(ob)), issued)
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


def add_on_demand_period(actor: Person, ob_id: int, due: date) -> list[ReportingPeriod]:
    """An ad-hoc request (báo cáo đột xuất) under an obligation: one period per obligated organization."""
    with unit_of_work():
        ob = _get_obligation(actor, ob_id, for_update=True)
        _may_manage(actor, ob)
        if ob.status != "ACTIVE" and not ob.ad_hoc and ob.frequency != "ON_DEMAND":
            raise Conflict("Chế độ báo cáo chưa hoàn thiện.", code="needs_review")
        today = clock().today()
        if due < today:
            raise ValidationFailed("Hạn báo cáo đột xuất không được trước hôm nay.", details=[{"field": "due_date"}])
        p = drep.on_demand_period(due, today)
        return _create_periods(ob, [p], clock().now())


def generate_periods(actor: Person, ob_id: int, until: date) -> list[ReportingPeriod]:
    with unit_of_work():
        ob = _get_obligation(actor, ob_id, for_update=True)
        _may_manage(actor, ob)
        if ob.status != "ACTIVE" or ob.frequency not in drep.PERIODIC:
            raise Conflict("Chỉ sinh kỳ cho chế độ báo cáo định kỳ đang thực hiện.", code="not_periodic")
        return _generate(ob, until, clock().now())


def _generate(ob: ReportingObligation, until: date, now: datetime) -> list[ReportingPeriod]:
    try:
        periods = drep.generate_periods(ob.frequency, ob.first_due_date, until)
    except DomainError as exc:
        raise ValidationFailed(exc.message, details=[{"rule": exc.code, "field": exc.field}]) from None
    return _create_periods(ob, periods, now)


def _create_periods(ob: ReportingObligation, periods: list[drep.Period], now: datetime) -> list[ReportingPeriod]:
    """Idempotent: existing (obligation, organization, period) rows are left alone."""
    existing = {(p.org_id, p.period_key) for p in db.session.scalars(
        select(ReportingPeriod).where(ReportingPeriod.obligation_id == ob.id)).all()}
    created = []
    for org_id in _obligor_ids(ob):
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
            from service.scheduler import sync_timers

            sync_timers(row, inst, now)
            created.append(row)
    return created


def _naive_utc(dt: datetime) -> datetime:
    return dt.astimezone(UTC).replace(tzinfo=None)


def _start_instance(period: ReportingPeriod, reminder: datetime, overdue: datetime, now: datetime):
    reg = runtime.registry()
    sha = reg.latest(PROCESS_ID)
    inst = reg.start(PROCESS_ID, {"reminder_at": reminder.isoformat(), "due_at": overdue.isoformat()},
                     sha256=sha, now=now)
    for used in inst.diagram_versions:
        runtime.ensure_diagram_stored(used, now)
    period.spec_hash = sha
    period.state = inst.dump()
    return inst


# --------------------------------------------------------------------------- starting the report


@dataclass(frozen=True)
class ReportIn:
    subject: str | None = None
    body: str = ""
    intended_signer: str | None = None
    drafting_unit: str | None = None
    urgency: str | None = None


def start_report(actor: Person, period_id: int, data: ReportIn) -> Document:
    """The obligated organization's drafter starts the report (BC) of a period, addressed to the requester."""
    period = db.session.get(ReportingPeriod, period_id)
    if period is None or period.org_id != actor.org_id:
        raise NotFound("Không tìm thấy kỳ báo cáo.")
    ob = period.obligation
    requester = ob.requester
    via = ob.via_unit.name if ob.via_unit else ob.via_text
    recipient = requester.name + (f" (qua {via})" if via else "")
    unit = data.drafting_unit or ob.drafting_unit_code or (actor.unit.code if actor.unit else None)
    draft = {
        "kind": REPORT_KIND,
        "subject": data.subject or f"Kết quả thực hiện {ob.title[0].lower() + ob.title[1:]}, {period.label.lower()}",
        "body": data.body or "", "urgency": data.urgency,
        "recipients": [{"text": recipient, "purpose": "REPORT", "org_code": requester.code}],
        "archive": {"units": ["VT"] + ([unit] if unit else []), "copies": 2},
        "intended_signer": data.intended_signer, "drafting_unit": unit,
    }
    try:
        payload = DraftIn.model_validate(draft)
    except Exception as exc:  # pydantic ValidationError: e.g. a too long subject
        raise ValidationFailed(f"Dữ liệu báo cáo không hợp lệ: {exc}") from None

    def attach(doc: Document, now: datetime):
        p = db.session.get(ReportingPeriod, period_id, with_for_update=True)
        if p.report_document_id is not None or p.state is None:
            raise Conflict("Kỳ báo cáo này đã có báo cáo.", code="report_exists")
        row = WorkflowInstance(document_id=doc.id, process_id=PROCESS_ID, spec_hash=p.spec_hash, state=p.state,
                               completed=False)
        db.session.add(row)
        inst = runtime.load_state(p.state, p.spec_hash)
        p.state = None
        p.report_document_id = doc.id
        p.status = "DRAFTING"
        return row, inst

    return documents.create_document(actor, payload, process_id=PROCESS_ID, attach=attach)


# --------------------------------------------------------------------------- fulfilment


def on_incoming(inc: IncomingDocument, task: str, now: datetime) -> None:
    """Incoming hook: the requester registering a period's report fulfils the period."""
    if task != "register_incoming" or inc.source_document_id is None:
        return
    period = db.session.scalars(select(ReportingPeriod).where(
        ReportingPeriod.report_document_id == inc.source_document_id).with_for_update()).first()
    if period is None or period.obligation.requester_org_id != inc.org_id or period.status == "FULFILLED":
        return
    period.status = "FULFILLED"
    period.incoming_id = inc.id
    period.fulfilled_on = inc.arrival_date
    period.days_late = drep.days_late(period.due_date, inc.arrival_date)


# --------------------------------------------------------------------------- timer effects


def apply_fired(period: ReportingPeriod, fired: list, now: datetime) -> None:
    """What a fired timer of report.bpmn means: a reminder to the drafting unit, an escalation to its head."""
    for timer in fired:
        effect = TIMER_EFFECTS.get(timer.name)
        if effect is not None:
            effect(period, now)


def _drafting_unit(period: ReportingPeriod) -> Unit | None:
    doc = db.session.get(Document, period.report_document_id) if period.report_document_id else None
    if doc is not None and doc.drafting_unit_id:
        return doc.drafting_unit
    code = period.obligation.drafting_unit_code
    if not code:
        return None
    return db.session.scalars(select(Unit).where(Unit.org_id == period.org_id, Unit.code == code)).first()


def _remind(period: ReportingPeriod, now: datetime) -> None:
    unit = _drafting_unit(period)
    people = _people_with(period.org_id, "drafter", unit.id if unit else None)
    doc = db.session.get(Document, period.report_document_id) if period.report_document_id else None
    if doc is not None:
        people = [doc.created_by, *people]
    ob = period.obligation
    notify(people, "report_reminder", f"Sắp đến hạn báo cáo: {period.label}",
           f"{ob.title}: hạn gửi {ob.requester.name} ngày {period.due_date.strftime('%d/%m/%Y')}.", now,
           period_id=period.id, document_id=period.report_document_id)
    period.reminded_at = now


def _escalate(period: ReportingPeriod, now: datetime) -> None:
    unit = _drafting_unit(period)
    heads = _people_with(period.org_id, "unit_head", unit.id if unit else None)
    if not heads:
        heads = _people_with(period.org_id, "leader")
    ob = period.obligation
    notify(heads, "report_overdue", f"Quá hạn báo cáo: {period.label}",
           f"{ob.title}: hạn gửi {ob.requester.name} là ngày {period.due_date.strftime('%d/%m/%Y')}, "
           f"đến nay chưa gửi báo cáo.", now, period_id=period.id, document_id=period.report_document_id)
    period.escalated_at = now


TIMER_EFFECTS = {"timer_reminder": _remind, "timer_overdue": _escalate}


# --------------------------------------------------------------------------- reading


def list_obligations(actor: Person, *, status: str | None = None) -> list[ReportingObligation]:
    """The requester's obligations (including review items) and those the actor's organization must fulfil."""
    q = select(ReportingObligation).where(ReportingObligation.requester_org_id == actor.org_id)
    if status:
        q = q.where(ReportingObligation.status == status)
    return list(db.session.scalars(q.order_by(ReportingObligation.id)).all())


def get_obligation(actor: Person, ob_id: int) -> ReportingObligation:
    return _get_obligation(actor, ob_id)


def period_view(period: ReportingPeriod, today: date) -> dict:
    """Status of one organization's period, with lateness (days late once received; days overdue till then)."""
    doc = db.session.get(Document, period.report_document_id) if period.report_document_id else None
    inc = db.session.get(IncomingDocument, period.incoming_id) if period.incoming_id else None
    overdue_days = drep.days_late(period.due_date, today) if period.status != "FULFILLED" else None
    return {
        "id": period.id, "obligation_id": period.obligation_id, "org": period.org.code,
        "org_name": period.org.name, "period_key": period.period_key, "label": period.label,
        "due_date": period.due_date.isoformat(), "status": period.status,
        "status_label": PERIOD_STATUS_LABELS.get(period.status, period.status),
        "reported": period.status == "FULFILLED",
        "late": bool(period.days_late) if period.status == "FULFILLED" else bool(overdue_days),
        "days_late": period.days_late if period.status == "FULFILLED" else overdue_days,
        "fulfilled_on": period.fulfilled_on.isoformat() if period.fulfilled_on else None,
        "report_document_id": period.report_document_id,
        "report_symbol": doc.symbol if doc else None,
        "report_status": doc.status if doc else None,
        "incoming_id": inc.id if inc else None, "incoming_number": inc.number if inc else None,
        "reminded": period.reminded_at is not None, "escalated": period.escalated_at is not None,
    }


def obligation_status(actor: Person, ob_id: int) -> tuple[ReportingObligation, list[dict]]:
    """Per period: which organizations have reported, which are late and by how many days."""
    ob = _get_obligation(actor, ob_id)
    today = clock().today()
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


def my_periods(actor: Person, *, status: str | None = None) -> list[ReportingPeriod]:
    """Periods the actor's organization must report on."""
    q = select(ReportingPeriod).where(ReportingPeriod.org_id == actor.org_id)
    if status:
        q = q.where(ReportingPeriod.status == status)
    return list(db.session.scalars(q.order_by(ReportingPeriod.due_date, ReportingPeriod.id)).all())


def notifications(actor: Person, *, unread_only: bool = False, limit: int = 100) -> list[Notification]:
    q = select(Notification).where(Notification.person_id == actor.id)
    if unread_only:
        q = q.where(Notification.read_at.is_(None))
    return list(db.session.scalars(q.order_by(Notification.id.desc()).limit(max(1, min(limit, 500)))).all())


def mark_read(actor: Person, notification_id: int) -> Notification:
    with unit_of_work():
        n = db.session.get(Notification, notification_id)
        if n is None or n.person_id != actor.id:
            raise NotFound("Không tìm thấy thông báo.")
        if n.read_at is None:
            n.read_at = clock().now()
        return n


def unread_count(actor: Person) -> int:
    return db.session.scalar(select(func.count(Notification.id)).where(
        Notification.person_id == actor.id, Notification.read_at.is_(None))) or 0
