"""Reporting periods and the report workflow (bpmn/report.bpmn; domain.md §4.3): each period runs one
instance from the start, so its reminder and escalation timers run before anyone writes; starting the report
creates the Báo cáo and binds that instance to it; registering it at the requester fulfils the period."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime

from sqlalchemy import select

from service.domain import kinds as dkinds
from service.domain import reporting as drep
from service.errors import Conflict, NotFound
from service.extensions import db
from service.store import instances
from service.store.documents import Document
from service.store.incoming import IncomingDocument
from service.store.organizations import Person, Unit
from service.store.reporting import ReportingPeriod
from service.store.workflow import WorkflowInstance
from service.usecases import input_messages, outgoing
from service.usecases.access import people_with
from service.usecases.inputs import DraftIn
from service.usecases.notifications import notify

PROCESS_ID = "report"


REPORT_KIND = "BC"


PERIOD_STATUS_LABELS = {
    "OPEN": "Chưa báo cáo",
    "DRAFTING": "Đang soạn báo cáo",
    "DISPATCHED": "Đã gửi, chờ nơi nhận vào sổ",
    "FULFILLED": "Đã báo cáo",
}


def _naive_utc(dt: datetime) -> datetime:
    return dt.astimezone(UTC).replace(tzinfo=None)


def _start_instance(period: ReportingPeriod, reminder: datetime, overdue: datetime, now: datetime):
    reg = instances.registry()
    sha = reg.latest(PROCESS_ID)
    inst = reg.start(PROCESS_ID, {"reminder_at": reminder.isoformat(), "due_at": overdue.isoformat()},
                     sha256=sha, now=now)
    for used in inst.diagram_versions:
        instances.ensure_diagram_stored(used, now)
    period.spec_hash = sha
    period.state = inst.dump()
    return inst


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
        "kind": REPORT_KIND, "subject": data.subject or report_subject(ob.title, period.label),
        "preamble": report_preamble(ob, period, actor.org.name),
        "body": data.body or "", "urgency": data.urgency,
        "recipients": [{"text": recipient, "purpose": "REPORT", "org_code": requester.code}],
        "archive": {"units": ["VT"] + ([unit] if unit else []), "copies": 2},
        "intended_signer": data.intended_signer, "drafting_unit": unit,
    }
    payload = input_messages.parse(DraftIn, draft, "Dữ liệu báo cáo không hợp lệ")  # e.g. a too long subject

    def attach(doc: Document, now: datetime):
        p = db.session.get(ReportingPeriod, period_id, with_for_update=True)
        if p.report_document_id is not None or p.state is None:
            raise Conflict("Kỳ báo cáo này đã có báo cáo.", code="report_exists")
        row = WorkflowInstance(document_id=doc.id, process_id=PROCESS_ID, spec_hash=p.spec_hash, state=p.state,
                               completed=False)
        db.session.add(row)
        inst = instances.load_state(p.state, p.spec_hash)
        p.state = None
        p.report_document_id = doc.id
        p.status = "DRAFTING"
        return row, inst

    return outgoing.create_document(actor, payload, process_id=PROCESS_ID, attach=attach)


def report_subject(title: str, label: str) -> str:
    """The trích yếu of a period's report: the obligation's title without its leading "Báo cáo" (the kind name
    printed above it already says BÁO CÁO), then the period: "Kết quả thực hiện Kế hoạch số 23-KH/ĐU tháng 8/2025"."""
    words = title.strip()
    if words.lower().startswith("báo cáo "):
        words = words[len("báo cáo "):]
    words = words[:1].upper() + words[1:]
    return f"{words} {label[:1].lower() + label[1:]}"


def report_preamble(ob, period: ReportingPeriod, reporter: str) -> str:
    """The opening a report states its basis with: "Thực hiện Kế hoạch số 23-KH/ĐU ngày 07/8/2025 của Đảng ủy
    Chính phủ về …, Đảng ủy Bộ … báo cáo kết quả tháng 8/2025 như sau:"."""
    src = db.session.get(Document, ob.source_document_id) if ob.source_document_id else None
    label = period.label[:1].lower() + period.label[1:]
    if src is not None and src.symbol:
        when = f" ngày {src.issue_date.day:02d}/{src.issue_date.month}/{src.issue_date.year}" if src.issue_date else ""
        basis = f"{dkinds.get_kind(src.kind).name_vi} số {src.symbol}{when} của {ob.requester.name} về {src.subject}"
    else:
        title = ob.title.strip()
        duty = ("chế độ b" + title[1:]) if title.lower().startswith("báo cáo") else f"chế độ báo cáo “{title}”"
        basis = f"{duty} của {ob.requester.name}"
    return f"Thực hiện {basis.rstrip('.')}, {reporter} báo cáo kết quả {label} như sau:"


def mark_report_dispatched(doc: Document, now: datetime) -> bool:
    """At dispatch: if `doc` is the report of a period, the period waits for the requester to register it.
    False when `doc` is no period's report."""
    period = db.session.scalars(select(ReportingPeriod).where(ReportingPeriod.report_document_id == doc.id)).first()
    if period is None:
        return False
    period.status = "DISPATCHED"
    period.dispatched_at = now
    return True


def fulfil_by_registration(inc: IncomingDocument) -> None:
    """The requester registering a period's report as incoming fulfils the period (with its lateness)."""
    if inc.source_document_id is None:
        return
    period = db.session.scalars(select(ReportingPeriod).where(
        ReportingPeriod.report_document_id == inc.source_document_id).with_for_update()).first()
    if period is None or period.obligation.requester_org_id != inc.org_id or period.status == "FULFILLED":
        return
    period.status = "FULFILLED"
    period.incoming_id = inc.id
    period.fulfilled_on = inc.arrival_date
    period.days_late = drep.days_late(period.due_date, inc.arrival_date)


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
    people = people_with(period.org_id, "drafter", unit.id if unit else None)
    doc = db.session.get(Document, period.report_document_id) if period.report_document_id else None
    if doc is not None:
        people = [doc.created_by, *people]
    ob = period.obligation
    notify(people, "report_reminder", f"Sắp đến hạn báo cáo: {period.label}",
           f"{ob.title}: hạn gửi {ob.requester.name} ngày {period.due_date.strftime('%d/%m/%Y')}.", now,
           period_id=period.id, document_id=period.report_document_id)
    period.reminded_at = now
    period.reminder_count = (period.reminder_count or 0) + 1


def _escalate(period: ReportingPeriod, now: datetime) -> None:
    unit = _drafting_unit(period)
    heads = people_with(period.org_id, "unit_head", unit.id if unit else None)
    if not heads:
        heads = people_with(period.org_id, "leader")
    ob = period.obligation
    notify(heads, "report_overdue", f"Quá hạn báo cáo: {period.label}",
           f"{ob.title}: hạn gửi {ob.requester.name} là ngày {period.due_date.strftime('%d/%m/%Y')}, "
           f"đến nay chưa gửi báo cáo.", now, period_id=period.id, document_id=period.report_document_id)
    period.escalated_at = now


TIMER_EFFECTS = {"timer_reminder": _remind, "timer_overdue": _escalate}


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
        "reminder_count": period.reminder_count or 0,
    }


def my_periods(actor: Person, *, status: str | None = None) -> list[ReportingPeriod]:
    """Periods the actor's organization must report on."""
    q = select(ReportingPeriod).where(ReportingPeriod.org_id == actor.org_id)
    if status:
        q = q.where(ReportingPeriod.status == status)
    return list(db.session.scalars(q.order_by(ReportingPeriod.due_date, ReportingPeriod.id)).all())
