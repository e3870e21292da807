"""What a person may do on the pages: the actions open to them on a document, who holds the current step,
and which menus they see. The rules themselves stay in service.documents (_may_act, can_view) and
service.registers; this module only asks them."""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from service import documents as uc
from service.extensions import db
from service.models import Document, Person, RoleAssignment
from service.registers import REGISTER_READERS


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


def available_actions(person: Person, doc: Document) -> list[Action]:
    """The actions `person` may take on `doc` right now ([] when the current step is not theirs)."""
    step, task_id = doc.step, doc.step_task_id or ""
    if step is None or uc._may_act(person, doc, step) is not None:
        return []
    if step == "draft":
        return [Action("edit", "Chỉnh sửa dự thảo", task_id), Action("submit", "Trình duyệt", task_id)]
    if step in ("content_review", "format_check"):
        return [Action("approve", "Đồng ý", task_id, "approve", "optional"),
                Action("return", "Trả lại", task_id, "return", "required", danger=True)]
    if step == "sign":
        return [Action("sign", "Ký ban hành", task_id, "approve", "optional"),
                Action("return", "Trả lại", task_id, "return", "required", danger=True)]
    if step == "register":
        return [Action("register", "Cấp số, đăng ký", task_id, date_field=True)]
    if step == "dispatch":
        return [Action("dispatch", "Phát hành", task_id)]
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
    return [p for p in people if uc._may_act(p, doc, doc.step) is None]


def may_draft(person: Person) -> bool:
    """True when the person is a drafter (chuyên viên soạn thảo) of their organization."""
    return "drafter" in uc.roles_of(person, person.org_id)


def may_read_register(person: Person) -> bool:
    """True when the person may read the outgoing register of their organization."""
    return bool(uc.roles_of(person, person.org_id) & REGISTER_READERS)
