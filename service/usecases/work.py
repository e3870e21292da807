"""Việc cần làm: a person's open steps across the flows (outgoing documents, and incoming documents at their
organization), in one ordering: most urgent first, then the longest waiting first within an urgency."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from service.domain import incoming as din
from service.extensions import db
from service.store.documents import Document
from service.store.incoming import IncomingDocument
from service.store.organizations import Person
from service.usecases import outgoing
from service.usecases.access import check_incoming_act, holds, substitutions_of

INCOMING_TITLES = {
    "register_incoming": "Vào sổ, đóng dấu đến",
    "route_incoming": "Cho ý kiến chỉ đạo, chuyển xử lý",
    "handle_incoming": "Giải quyết văn bản đến",
}

FLOW_LABELS = {"outgoing": "Văn bản đi", "incoming": "Văn bản đến"}


@dataclass(frozen=True)
class WorkItem:
    """One open step waiting for the person. Exactly one of `document` and `incoming` is set."""
    flow: str  # "outgoing" | "incoming"
    task_id: str
    name: str
    title: str
    role: str
    waiting_since: datetime | None
    urgency: str | None
    document: Document | None = None
    incoming: IncomingDocument | None = None
    on_behalf: Person | None = None  # the absent person whose task a substitute holds ("thay …")

    @property
    def flow_label(self) -> str:
        return FLOW_LABELS[self.flow]


def my_work(actor: Person) -> list[WorkItem]:
    """Every open step the person may take now, outgoing and incoming, in one ordering."""
    items = [WorkItem("outgoing", t.task_id, t.name, t.title, t.role, t.waiting_since, t.document.urgency,
                      document=t.document, on_behalf=t.on_behalf) for t in outgoing.my_tasks(actor)]
    items += [WorkItem("incoming", inc.step_task_id or "", inc.step, INCOMING_TITLES.get(inc.step, inc.step),
                       inc.step_role, _incoming_since(inc), inc.urgency, incoming=inc, on_behalf=absent)
              for inc, absent in _incoming_steps(actor)]
    items.sort(key=_order)
    return items


def _order(item: WorkItem) -> tuple:
    rank = din.URGENCY_RANK.get(item.urgency or "", len(din.URGENCY_RANK))
    return rank, item.waiting_since or datetime.max, item.flow, item.task_id


def _incoming_steps(actor: Person) -> list[tuple[IncomingDocument, Person | None]]:
    """Incoming documents of the person's organizations whose open step the person may take: the clerk registers,
    a leader routes, the assigned handler (or, when none was named, a handler of the lead unit) handles; and
    those they hold now as a substitute, with the absent person."""
    org_roles = {(r.org_id, r.role) for r in actor.roles}
    standing_in = substitutions_of(actor, active=True)
    org_ids = {o for o, _ in org_roles} | {s.org_id for s in standing_in}
    if not org_ids:
        return []
    rows = db.session.scalars(select(IncomingDocument).where(IncomingDocument.org_id.in_(org_ids),
                                                             IncomingDocument.step.is_not(None))
                              .order_by(IncomingDocument.id)).all()
    out: list[tuple[IncomingDocument, Person | None]] = []
    for inc in rows:
        if (inc.org_id, inc.step_role) in org_roles and _may_take(actor, inc):
            out.append((inc, None))
        elif standing_in:
            reason, absent = check_incoming_act(actor, inc, inc.step, inc.step_role)
            if reason is None and absent is not None and _may_take(absent, inc):
                out.append((inc, absent))
    return out


def _may_take(actor: Person, inc: IncomingDocument) -> bool:
    if inc.step != "handle_incoming":
        return True
    if inc.handler_id is not None:
        return inc.handler_id == actor.id
    return holds(actor, inc.org_id, "handler", inc.lead_unit_id) or actor.unit_id == inc.lead_unit_id


def _incoming_since(inc: IncomingDocument) -> datetime | None:
    return {"register_incoming": inc.received_at, "route_incoming": inc.registered_at,
            "handle_incoming": inc.routed_at}.get(inc.step or "") or inc.received_at


def incoming_deadline(inc: IncomingDocument, today) -> dict | None:
    """What the handler's deadline says today: "Hạn giải quyết dd/mm/yyyy", or "Quá hạn N ngày" (late)."""
    if inc.deadline is None or inc.status in ("DONE", "WITHDRAWN"):
        return None
    late = din.days_overdue(inc.deadline, today, False)
    if late:
        return {"label": f"Quá hạn {late} ngày", "late": True}
    return {"label": f"Hạn giải quyết {inc.deadline:%d/%m/%Y}", "late": False}
