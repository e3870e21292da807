"""What the document page shows a person: the actions open to them, who holds the current step, which menus
they see, the comment thread, delivery status, and the diagram with done and current steps. The rules
themselves stay in usecases.access; this module only asks them."""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from markupsafe import Markup
from sqlalchemy import select

from service.extensions import db
from service.output.diagram import draw
from service.store import instances
from service.store.documents import AuditEvent, Delivery, Document, OutgoingRegisterEntry
from service.store.organizations import Person, RoleAssignment
from service.usecases import access
from service.usecases.administration import administered_org_ids
from service.usecases.keys import signs_digitally
from service.usecases.outgoing import completed_steps
from service.usecases.registers import REGISTER_READERS


@dataclass(frozen=True)
class Action:
    """One button on the document page. `decision` is the value sent to the workflow task (None: no field);
    `comment` says whether the form has a comment box and whether it is required."""
    name: str
    label: str
    task_id: str
    decision: str | None = None
    comment: str = "none"  # none | optional | required
    date_field: bool = False
    danger: bool = False
    pin: bool = False  # a digital signature: the form shows the PDF to be signed and asks for the signing PIN


def available_actions(person: Person, doc: Document) -> list[Action]:
    """The actions `person` may take on `doc` right now ([] when the current step is not theirs)."""
    step, task_id = doc.step, doc.step_task_id or ""
    if step is None or access.may_act(person, doc, step) is not None:
        return []
    if step == "draft":
        return [Action("edit", "Chỉnh sửa dự thảo", task_id), Action("submit", "Trình duyệt", task_id)]
    if step in ("content_review", "format_check"):
        return [Action("approve", "Đồng ý", task_id, "approve", "optional"),
                Action("return", "Trả lại", task_id, "return", "required", danger=True)]
    digital = signs_digitally(doc.org_id)
    if step == "sign":
        return [Action("sign", "Ký ban hành", task_id, "approve", "optional", pin=digital),
                Action("return", "Trả lại", task_id, "return", "required", danger=True)]
    if step == "register":
        return [Action("register", "Cấp số, đăng ký", task_id, date_field=True)]
    if step == "dispatch":
        return [Action("dispatch", "Phát hành", task_id, pin=digital)]
    return []


def may_revise(person: Person, doc: Document) -> bool:
    """True when the draft is in this person's hands (the 'draft' step is theirs)."""
    return any(a.name == "edit" for a in available_actions(person, doc))


def step_holders(doc: Document) -> list[Person]:
    """The people who may complete the document's current step (who 'holds' it)."""
    if doc.step is None or doc.step_role is None:
        return []
    people = db.session.scalars(
        select(Person).join(RoleAssignment, RoleAssignment.person_id == Person.id)
        .where(RoleAssignment.org_id == doc.org_id, RoleAssignment.role == doc.step_role, Person.active.is_(True))
        .order_by(Person.full_name).distinct()).all()
    return [p for p in people if access.may_act(p, doc, doc.step) is None]


def may_draft(person: Person) -> bool:
    """True when the person is a drafter (chuyên viên soạn thảo) of their organization."""
    return "drafter" in access.roles_of(person, person.org_id)


def may_read_register(person: Person) -> bool:
    """True when the person may read the outgoing register of their organization."""
    return bool(access.roles_of(person, person.org_id) & REGISTER_READERS)


def comment_thread(events: list[AuditEvent]) -> list[AuditEvent]:
    """The events that carry a comment (ý kiến), oldest first; each names the draft version it was about."""
    return [e for e in events if e.comment]


def deliveries_by_document(entries: list[OutgoingRegisterEntry]) -> dict[int, list[Delivery]]:
    """Delivery records (one per target of each Nơi nhận line) of the documents of these register entries, in one query.
    The caller has already been allowed to read the entries (registers.outgoing_register)."""
    ids = [e.document_id for e in entries]
    out: dict[int, list[Delivery]] = defaultdict(list)
    if not ids:
        return out
    for d in db.session.scalars(select(Delivery).where(Delivery.document_id.in_(ids))
                                .order_by(Delivery.document_id, Delivery.position)).all():
        out[d.document_id].append(d)
    return out


def document_diagram(doc: Document) -> Markup | None:
    """The SVG of the diagram version this document's workflow runs on (None if it has no workflow)."""
    row = instances.instance_for(doc.id)
    if row is None:
        return None
    instances.load_instance(row)  # makes sure an old diagram version is back in the registry
    layout = instances.registry().diagram_layout(row.spec_hash)
    return draw(layout, set(completed_steps(doc)), doc.step, finished=doc.step is None)


def may_administer(person: Person) -> bool:
    """True when the person administers at least one organization (menu "Quản trị")."""
    return administered_org_ids(person) != set()
