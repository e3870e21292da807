"""Thu hồi (NĐ 30 Art. 18.4; domain.md §6 "Recall") and hủy số (domain.md §2 edge case 4).

- `recall`: the competent signer of the issuing organization recalls an issued document with a reason. In one
  transaction the document is frozen ("ĐÃ THU HỒI" on its page and in the outgoing register), every incoming copy
  at a recipient organization is withdrawn (its open step cancelled in the engine, the reason on the row and in
  the audit trail, its số đến kept in the register: V16), and the recipients are notified.
- `void_number`: the clerk voids a number given by mistake, before dispatch. The register row keeps the number,
  marked "Số bị hủy" with the reason; the number is never given again; the document goes back to the numbering
  step and gets the next number of its series.
"""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import select

from service.clock import current_clock
from service.domain import corrections as dcorr
from service.errors import Conflict, Forbidden, ValidationFailed
from service.extensions import db
from service.store import instances
from service.store.documents import Delivery, Document, live_register_entry
from service.store.incoming import IncomingDocument
from service.store.organizations import Organization, Person
from service.store.unit_of_work import unit_of_work
from service.usecases.access import get_document, holds, may_sign_kind, people_with
from service.usecases.notifications import notify
from service.usecases.outgoing import audit, sync_step


def may_recall(person: Person, doc: Document) -> bool:
    """The person competent to issue the document may withdraw it: a signer of the issuing organization whose
    authority, in force today, covers its kind (V8). Drafters, reviewers and the clerk may not."""
    return holds(person, doc.org_id, "signer") and may_sign_kind(person, doc)


def may_void(person: Person, doc: Document) -> bool:
    """The clerk (văn thư) of the issuing organization, who gives the numbers, voids one given by mistake."""
    return holds(person, doc.org_id, "clerk")


def _reason(reason: str | None, what: str) -> str:
    problem = dcorr.check_reason(reason, what)
    if problem:
        raise ValidationFailed(problem, details=[{"field": "reason", "message": problem}])
    return " ".join((reason or "").split())


def recall(actor: Person, doc_id: int, reason: str | None) -> Document:
    """Thu hồi: freeze the issued document, withdraw every recipient's incoming copy, tell the recipients.
    403 to anyone but its competent signer; 409 when it is not issued or already recalled."""
    with unit_of_work():
        doc = get_document(actor, doc_id, for_update=True, insider=True)
        if not may_recall(actor, doc):
            raise Forbidden("Chỉ người có thẩm quyền ký loại văn bản này của cơ quan ban hành mới được thu hồi văn bản.")
        problem = dcorr.recall_problem(doc.dispatched_at is not None, doc.recalled_at is not None)
        if problem:
            raise Conflict(problem, code="not_recallable")
        text = _reason(reason, "thu hồi")
        now = current_clock().now()
        doc.status, doc.recalled_at, doc.recalled_by_id, doc.recall_reason = "RECALLED", now, actor.id, text
        doc.updated_at = now
        entry = live_register_entry(doc.id)
        if entry is not None:
            entry.recalled_at, entry.recall_reason = now, text
        withdrawn = [_withdraw(actor, doc, inc, text, now) for inc in db.session.scalars(
            select(IncomingDocument).where(IncomingDocument.source_document_id == doc.id,
                                           IncomingDocument.withdrawn_at.is_(None))
            .order_by(IncomingDocument.id).with_for_update()).all()]
        orgs = _tell_recipients(actor, doc, withdrawn, text, now)
        audit(doc, actor, "recall", None, text, now,
              details={"withdrawn_incoming": [i.id for i in withdrawn], "organizations": orgs})
        return doc


def _withdraw(actor: Person, doc: Document, inc: IncomingDocument, reason: str, now: datetime) -> IncomingDocument:
    """The recipient's copy is withdrawn: its open step is cancelled in the engine (it leaves every 'Việc cần
    làm'), the row keeps its số đến and says why; the audit trail of the document logs it."""
    inst = instances.load_state(inc.state, inc.spec_hash)
    open_step = inc.step
    inst.cancel()
    inc.state = inst.dump()
    inc.step = inc.step_role = inc.step_task_id = None
    inc.status, inc.withdrawn_at, inc.withdrawal_reason = "WITHDRAWN", now, reason
    audit(doc, actor, "incoming_withdrawn", None, reason, now,
          details={"incoming_id": inc.id, "org": inc.org.code, "number": inc.number, "year": inc.year,
                   "cancelled_step": open_step})
    return inc


def _tell_recipients(actor: Person, doc: Document, withdrawn: list[IncomingDocument], reason: str,
                     now: datetime) -> list[str]:
    """Every recipient organization in the system: its clerks and leaders, the handler of its copy, and each
    person the document was sent to by name. Returns the organizations' codes."""
    copies = {inc.org_id: inc for inc in withdrawn}
    rows = db.session.scalars(select(Delivery).where(Delivery.document_id == doc.id,
                                                     Delivery.recipient_org_id.is_not(None))
                              .order_by(Delivery.position)).all()
    org_ids = list(dict.fromkeys([d.recipient_org_id for d in rows if d.recipient_org_id != doc.org_id]
                                 + list(copies)))
    title = f"Thu hồi văn bản {doc.symbol}"
    body = f"{doc.org.name} thu hồi {doc.symbol} \"{doc.subject}\". Lý do: {reason}"
    for oid in org_ids:
        inc = copies.get(oid)
        people = people_with(oid, "clerk") + people_with(oid, "leader") + ([inc.handler] if inc and inc.handler else [])
        links = {"incoming_id": inc.id} if inc else {"document_id": doc.id}
        notify(people, "recalled", title, body, now, actor=actor, **links)
    persons = [d.recipient_person for d in rows if d.recipient_person is not None]
    notify(persons, "recalled", title, body, now, actor=actor, document_id=doc.id)
    return [db.session.get(Organization, oid).code for oid in org_ids]


def void_number(actor: Person, doc_id: int, reason: str | None) -> Document:
    """Hủy số: the number given by mistake stays in the register as "Số bị hủy" with the reason and is never
    reused; the document returns to the numbering step (it will take the next number). Only the clerk, only
    between numbering and dispatch (409 otherwise)."""
    with unit_of_work():
        doc = get_document(actor, doc_id, for_update=True, insider=True)
        if not may_void(actor, doc):
            raise Forbidden("Chỉ văn thư của cơ quan ban hành mới được hủy số văn bản.")
        problem = dcorr.void_problem(doc.number is not None, doc.dispatched_at is not None,
                                     doc.recalled_at is not None)
        if problem:
            raise Conflict(problem, code="not_voidable")
        text = _reason(reason, "hủy số")
        now = current_clock().now()
        entry = live_register_entry(doc.id)
        if entry is not None:
            entry.voided_at, entry.voided_by_id, entry.void_reason = now, actor.id, text
        voided = {"number": doc.number, "symbol": doc.symbol,
                  "issue_date": doc.issue_date.isoformat() if doc.issue_date else None}
        doc.number = doc.symbol = doc.issue_date = doc.numbered_at = doc.series_id = None
        row = instances.instance_for(doc.id)
        inst = instances.load_instance(row)
        inst.reset_to("register")
        instances.save_instance(row, inst)
        sync_step(doc, inst, now)
        doc.updated_at = now
        audit(doc, actor, "void_number", None, text, now, details=voided)
        return doc
