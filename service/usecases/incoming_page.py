"""What the incoming-document pages show: who may open the queue and the register, the queue with its overdue
marks, and one incoming document with the form of its open step (units, handlers, reply documents, owed
reporting periods). Reading only; the actions are usecases.incoming."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import select

from service.clock import current_clock
from service.domain import incoming as din
from service.domain.handling import never_online
from service.errors import Forbidden
from service.extensions import db
from service.store.documents import Document
from service.store.incoming import IncomingDocument
from service.store.organizations import Person, Unit
from service.usecases import incoming, report_periods
from service.usecases.access import can_view, check_incoming_act, holds, people_with, roles_of
from service.usecases.incoming_registers import REGISTER_READERS

# Roles that work with the incoming queue: the clerk registers, the leader routes, the handler handles; the
# office, the signer and the archivist follow it. A handler sees the whole queue, the items given to them marked.
QUEUE_ROLES = {"clerk", "leader", "handler", "archivist", "office", "signer"}
STEP_BUTTONS = {"register_incoming": "Vào sổ", "route_incoming": "Chuyển xử lý", "handle_incoming": "Hoàn thành"}
STEP_TITLES = {"register_incoming": "Vào sổ, đóng dấu đến", "route_incoming": "Cho ý kiến chỉ đạo, chuyển xử lý",
               "handle_incoming": "Giải quyết văn bản đến"}
OUTCOME_CHOICES = {"done": "Đã giải quyết xong", "reply": "Trả lời bằng văn bản", "return": "Đề nghị phân công lại"}


def may_open_queue(p: Person) -> bool:
    return bool(roles_of(p, p.org_id) & QUEUE_ROLES)


def may_read_register(p: Person) -> bool:
    return bool(roles_of(p, p.org_id) & REGISTER_READERS)


def may_register(p: Person) -> bool:
    """The clerk registers documents by hand (Vào sổ văn bản đến)."""
    return holds(p, p.org_id, "clerk")


def overdue_days(inc: IncomingDocument, today: date) -> int | None:
    """Days past the deadline of an item not yet done, else None."""
    return din.days_overdue(inc.deadline, today, inc.status == "DONE")


@dataclass
class QueueRow:
    inc: IncomingDocument
    overdue: int | None
    mine: bool


def queue_page(actor: Person, status: str | None) -> list[QueueRow]:
    """The organization's incoming documents, urgent first, for people of the queue roles (403 otherwise)."""
    if not may_open_queue(actor):
        raise Forbidden("Chỉ văn thư, lãnh đạo, người xử lý, văn phòng, người ký và lưu trữ của cơ quan mới xem "
                        "được văn bản đến.")
    today = current_clock().today()
    return [QueueRow(i, overdue_days(i, today), i.handler_id == actor.id)
            for i in incoming.queue(actor, status=status, limit=500)]


@dataclass
class Detail:
    inc: IncomingDocument
    status_label: str
    overdue: int | None
    duplicates: list[dict]
    source: Document | None = None
    source_paper_only: bool = False
    may_act: bool = False
    step_title: str | None = None
    button: str | None = None
    units: list[Unit] = field(default_factory=list)
    handlers: list[Person] = field(default_factory=list)
    replies: list[Document] = field(default_factory=list)
    periods: list = field(default_factory=list)
    may_draft: bool = False
    people: dict = field(default_factory=dict)
    coordinating: list[Unit] = field(default_factory=list)


def may_act_on(actor: Person, inc: IncomingDocument) -> bool:
    """True when the open step is this person's: their role, and for handling the assigned handler only."""
    return inc.step is not None and check_incoming_act(actor, inc, inc.step, inc.step_role or "")[0] is None


def detail(actor: Person, incoming_id: int) -> Detail:
    """One incoming document of the actor's organization (404 for others; 403 for roles outside the queue
    and the register), with what the form of its open step needs when the actor may take it."""
    inc = incoming.get_incoming(actor, incoming_id)
    if not (may_open_queue(actor) or may_read_register(actor)):
        raise Forbidden("Bạn không có vai trò làm việc với văn bản đến của cơ quan.")
    today = current_clock().today()
    d = Detail(inc=inc, status_label=incoming.STATUS_LABELS.get(inc.status, inc.status),
               overdue=overdue_days(inc, today), duplicates=incoming.possible_duplicates([inc]).get(inc.id) or [])
    if inc.source_document_id:
        d.source = db.session.get(Document, inc.source_document_id)
        d.source_paper_only = never_online(d.source.secrecy if d.source else inc.secrecy)
    ids = {x for x in (inc.registered_by_id, inc.routed_by_id, inc.handled_by_id, inc.registered_for_id,
                       inc.routed_for_id, inc.handled_for_id) if x}
    d.people = {p.id: p for p in db.session.scalars(select(Person).where(Person.id.in_(ids)))} if ids else {}
    d.coordinating = incoming.coordinating_units(inc)
    d.may_act = may_act_on(actor, inc)
    d.step_title, d.button = STEP_TITLES.get(inc.step or ""), STEP_BUTTONS.get(inc.step or "")
    if not d.may_act:
        return d
    if inc.step == "route_incoming":
        d.units = list(db.session.scalars(select(Unit).where(Unit.org_id == inc.org_id).order_by(Unit.code)))
        d.handlers = people_with(inc.org_id, "handler")
    elif inc.step == "handle_incoming":
        docs = db.session.scalars(select(Document).where(Document.org_id == inc.org_id)
                                  .order_by(Document.id.desc()).limit(200))
        d.replies = [x for x in docs if can_view(actor, x)]
        if inc.source_document_id:
            d.periods = [p for p in report_periods.my_periods(actor, status="OPEN")
                         if p.obligation.source_document_id == inc.source_document_id]
        d.may_draft = holds(actor, actor.org_id, "drafter")
    return d
