"""Giao lại việc: a leader reassigns the open step of an outgoing document to another person who holds the step's
role, with a reason; only that person (or whoever stands in for them) may then complete the step, until it is
reassigned again or the step changes (sync_step clears the assignee).

The leaders: a holder of the `signer` role of the document's organization (lãnh đạo cơ quan, who directs the
whole flow) and the `unit_head` of the document's drafting unit (lãnh đạo đơn vị, who answers for the draft)."""
from __future__ import annotations

from sqlalchemy import select

from service.clock import current_clock
from service.errors import Conflict, Forbidden, ValidationFailed
from service.store.documents import Document
from service.store.organizations import Person
from service.store.unit_of_work import unit_of_work
from service.usecases.access import get_document, holds, may_act, people_with
from service.usecases.notifications import notify
from service.usecases.outgoing import TASK_TITLES, audit, check_expected


def is_leader(person: Person, doc: Document) -> bool:
    return holds(person, doc.org_id, "signer") or (
        doc.drafting_unit_id is not None and holds(person, doc.org_id, "unit_head", doc.drafting_unit_id))


def reassign_task(actor: Person, doc_id: int, task_id: str, data: dict,
                  expected_version: int | None = None) -> Document:
    """Give the open step `task_id` to data["username"], with data["reason"] (required)."""
    if not isinstance(data, dict):
        raise ValidationFailed("Dữ liệu gửi lên phải là một đối tượng JSON.")
    with unit_of_work() as s:
        doc = get_document(actor, doc_id, for_update=True, insider=True)
        check_expected(doc, expected_version)
        if not is_leader(actor, doc):
            raise Forbidden("Chỉ lãnh đạo cơ quan (người ký) hoặc lãnh đạo đơn vị soạn thảo mới được giao lại việc.")
        if doc.step is None or doc.step_task_id != task_id:
            raise Conflict("Bước này không còn mở.", code="task_not_ready")
        if doc.step == "draft":
            raise Conflict("Bước soạn thảo thuộc người soạn thảo, không giao lại được.", code="not_reassignable")
        reason = data.get("reason").strip() if isinstance(data.get("reason"), str) else ""
        if not reason:
            raise ValidationFailed("Giao lại việc phải nêu lý do (trường 'reason').",
                                   details=[{"field": "reason", "rule": "reason_required"}])
        username = data.get("username")
        target = s.scalars(select(Person).where(Person.username == username)).first() \
            if isinstance(username, str) else None
        if target is None or not target.active or target.org_id != doc.org_id:
            raise ValidationFailed(f"Không có người '{username}' đang làm việc tại {doc.org.name}.",
                                   details=[{"field": "username"}])
        doc.step_assignee_id, doc.step_assignee = target.id, target
        problem = may_act(target, doc, doc.step)
        if problem:
            raise ValidationFailed(f"Không giao được cho {target.full_name}: {problem}",
                                   details=[{"field": "username", "rule": "may_not_act"}])
        now = current_clock().now()
        audit(doc, actor, "reassign", doc.step, reason, now,
              details={"assignee_id": target.id, "assignee": target.full_name})
        doc.updated_at = now
        step = TASK_TITLES.get(doc.step, doc.step)
        notify([target], "outgoing_task", f"Được giao: {step}: {doc.subject[:100]}",
               f"Đồng chí {actor.full_name} đã giao đồng chí xử lý bước \"{step}\" của văn bản \"{doc.subject}\". "
               f"Lý do: {reason}", now, actor=actor, document_id=doc.id)
        return doc


def choices(actor: Person, doc: Document) -> list[Person] | None:
    """For the document page: the people a leader may give the open step to (None when the actor is not a leader
    of this document or the step cannot be reassigned); the use case checks the choice again when posted."""
    if doc.step in (None, "draft") or doc.step_role is None or not is_leader(actor, doc):
        return None
    people = people_with(doc.org_id, doc.step_role, doc.drafting_unit_id if doc.step_role == "unit_head" else None)
    return [p for p in people if p.id != doc.step_assignee_id]
