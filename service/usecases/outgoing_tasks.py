"""Completing a step of an outgoing document (văn bản đi): submit, review, sign, number, dispatch.

`complete_task` is one user action and one transaction: the check of who may act, what the step does
(`_perform_step`, read it top to bottom: signing, numbering, deliveries, the recipients' incoming queues and
the reporting duties are all called there by name), the engine's state, the document and the audit event
commit together or not at all.
"""
from __future__ import annotations

from datetime import datetime

from service.clock import current_clock
from service.errors import Conflict, Forbidden, ValidationFailed
from service.store import instances
from service.store.documents import Document
from service.store.organizations import Person
from service.store.unit_of_work import unit_of_work
from service.usecases import (
    analytics,
    dispatch,
    handling,
    incoming,
    registration,
    report_periods,
    reporting,
    review,
    signing,
    signing_pins,
)
from service.usecases.access import REVIEW_TASKS, check_act, get_document_and_instance, people_for_step
from service.usecases.notifications import notify
from service.usecases.outgoing import TASK_TITLES, audit, check_expected, last_action_message, sync_step
from service.usecases.task_fields import complete_in_engine, task_submission


def complete_task(actor: Person, doc_id: int, task_id: str, payload: dict,
                  expected_version: int | None = None) -> Document:
    """Complete the open task `task_id` of the document. Exactly one of two concurrent completions succeeds;
    the other gets 409 naming who acted first. A signing PIN (`pin`) is taken out of the payload here: it opens
    the key and goes nowhere else (not the engine, the audit or the logs); a wrong one is counted on its own."""
    pin = payload.get("pin") if isinstance(payload, dict) else None
    if isinstance(payload, dict):
        payload = {k: v for k, v in payload.items() if k != "pin"}
    try:
        return _complete(actor, doc_id, task_id, payload, expected_version, pin)
    except signing_pins.WrongPin as exc:
        raise signing_pins.count_wrong_pin(exc.key_id) from None


def _complete(actor: Person, doc_id: int, task_id: str, payload: dict, expected_version: int | None,
              pin: object) -> Document:
    with unit_of_work():
        doc, row = get_document_and_instance(actor, doc_id)  # the document, locked, then its workflow row
        check_expected(doc, expected_version)
        inst = instances.load_instance(row)
        task = _open_task(doc, inst, task_id)
        reason, absent = check_act(actor, doc, task.name)  # absent: the person a substitute stands in for
        if reason:
            raise Forbidden(reason)
        data = task_submission(task, payload)
        now = current_clock().now()
        decision = data.get("decision")
        comment = (data.get("comment") or "").strip() or None
        if task.name in REVIEW_TASKS and decision == "return" and not comment:
            raise ValidationFailed("Trả lại dự thảo phải kèm ý kiến (trường 'comment').",
                                   details=[{"field": "comment", "rule": "comment_required"}])
        _perform_step(actor, doc, task.name, data, now, pin)
        complete_in_engine(inst, task.id, data)
        instances.save_instance(row, inst)
        analytics.record_step(doc, actor, task.name, now)  # its time in step, before the document moves on
        sync_step(doc, inst, now)
        action = _action_of(task.name, decision)
        if action == "return":
            doc.status = "RETURNED"
        details = {"decision": decision} if decision else None
        if task.name == "dispatch":
            details = handling.dispatch_lateness(doc, now)  # V15: an urgent document dispatched late says so
        audit(doc, actor, action, task.name, comment, now, details=details, on_behalf=absent)
        doc.updated_at = now  # the document's last change: one UPDATE (one version) per step
        _tell_who_is_next(actor, doc, action, comment, now)  # in-app and queued e-mail, in this transaction
        return doc


def _open_task(doc: Document, inst, task_id: str):
    """The engine's ready task `task_id`, or 409 saying who completed it (or that it is no longer open)."""
    task = {t.id: t for t in inst.ready_tasks()}.get(task_id)
    if task is None:
        if doc.step is None or task_id != doc.step_task_id:
            raise Conflict(last_action_message(doc, "Bước này đã được xử lý."), code="task_not_ready")
        raise Conflict("Bước này không còn mở.", code="task_not_ready")
    return task


def _perform_step(actor: Person, doc: Document, step: str, data: dict, now: datetime, pin: object = None) -> None:
    """What completing each step of bpmn/outgoing_document.bpmn does, inside the caller's transaction."""
    approved = data.get("decision") == "approve"
    if step == "draft":
        review.check_submittable(doc)
    elif step in ("content_review", "format_check"):
        if approved:
            review.record_approval(doc)
    elif step == "sign":
        if approved:
            review.sign(actor, doc, now)  # signature block from the signer's authority (V8–V10, V12, V13)
            signing.sign_personally(actor, doc, now, pin)  # PAdES over the approved version, number left blank
    elif step == "register":
        registration.number_and_register(doc, data.get("issue_date"), now)  # cấp số, sổ văn bản đi
        signing.note_if_unsigned(doc)  # "Chưa ký số" in the register when signed on paper
    elif step == "dispatch":
        rows = dispatch.deliver(doc, now)  # one delivery per Nơi nhận line
        incoming.queue_dispatched(doc, rows, now)  # recipients in the system find it in their incoming queue
        if not report_periods.mark_report_dispatched(doc, now):  # a report answers its period, or
            reporting.flag_reporting_duties(doc, now)  # a directing document may impose duties to report
        signing.sign_as_organization(actor, doc, now, pin)  # the organization's signature carries number and date


def _tell_who_is_next(actor: Person, doc: Document, action: str, comment: str | None, now: datetime) -> None:
    """Notify those who hold the next step (the drafter when returned, with the comment, and when dispatched);
    never the actor about their own action."""
    subject = doc.subject if len(doc.subject) <= 120 else doc.subject[:117] + "…"
    if action == "return":
        notify([doc.created_by], "outgoing_returned", f"Dự thảo bị trả lại: {subject}",
               f"Đồng chí {actor.full_name} đã trả lại dự thảo \"{doc.subject}\" với ý kiến: {comment}", now,
               actor=actor, document_id=doc.id)
    elif doc.step is None:
        notify([doc.created_by], "outgoing_dispatched", f"Đã phát hành văn bản {doc.symbol or ''}: {subject}",
               f"Văn bản \"{doc.subject}\" đã được cấp số {doc.symbol or ''} và phát hành.", now,
               actor=actor, document_id=doc.id)
    else:
        step = TASK_TITLES.get(doc.step, doc.step)
        notify(people_for_step(doc), "outgoing_task", f"{step}: {subject}",
               f"Đồng chí {actor.full_name} đã chuyển văn bản \"{doc.subject}\" đến bước \"{step}\", "
               "đang chờ đồng chí xử lý.", now, actor=actor, document_id=doc.id)


def _action_of(step: str, decision: str | None) -> str:
    """The audit action of completing `step` with `decision`."""
    fixed = {"draft": "submit", "register": "register", "dispatch": "dispatch"}.get(step)
    if fixed:
        return fixed
    if decision != "approve":
        return "return"
    return "sign" if step == "sign" else "approve"
