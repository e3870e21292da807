"""Văn bản đính chính (NĐ 30 Art. 18.3): from an issued document, a drafter of its issuer starts a công văn that
corrects it. The correction is an ordinary outgoing draft (it goes through the whole approval flow) that names
the document it corrects; its Nơi nhận starts as the corrected document's lines."""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from service.clock import current_clock
from service.domain import corrections as dcorr
from service.domain import kinds as dkinds
from service.errors import Conflict, Forbidden
from service.extensions import db
from service.store.documents import Document
from service.store.organizations import Person
from service.store.unit_of_work import unit_of_work
from service.usecases import outgoing, recall
from service.usecases.access import authorities_of, can_view, get_document, holds
from service.usecases.inputs import DraftIn

_RECIPIENT_KEYS = ("text", "purpose", "org_code", "links", "outside")


def start_correction(actor: Person, doc_id: int) -> Document:
    """Start the công văn đính chính of issued document `doc_id`: a draft of the actor (a drafter of the issuing
    organization), linked to it, with its Nơi nhận, archive line, drafting unit and (when their authority covers
    a công văn) its signer; the drafter then writes what is corrected and submits it as usual."""
    with unit_of_work():
        doc = get_document(actor, doc_id, for_update=True, insider=True)
        if not holds(actor, doc.org_id, "drafter"):
            raise Forbidden("Chỉ chuyên viên soạn thảo của cơ quan ban hành mới lập văn bản đính chính.")
        problem = dcorr.correction_problem(doc.dispatched_at is not None, doc.recalled_at is not None)
        if problem:
            raise Conflict(problem, code="not_correctable")
        correction = outgoing.create_document(actor, DraftIn.model_validate(_draft_of(doc, actor)))
        correction.corrects_id = doc.id
        now = current_clock().now()
        outgoing.audit(doc, actor, "correction_started", None, None, now,
                       details={"correction_id": correction.id})
        outgoing.audit(correction, actor, "corrects", None, None, now,
                       details={"corrects_id": doc.id, "symbol": doc.symbol})
        return correction


def _draft_of(doc: Document, actor: Person) -> dict:
    kind = dkinds.get_kind(doc.kind).name_vi
    signer = doc.signed_by
    may_sign = signer is not None and signer.id != actor.id and any(
        a.covers_kind(dcorr.CORRECTION_KIND) for a in authorities_of(signer, doc.org_id))
    return {
        "kind": dcorr.CORRECTION_KIND,
        "subject": dcorr.correction_subject(kind, doc.symbol or ""),
        "body": dcorr.correction_body(doc.org.name, kind, doc.symbol or "", doc.issue_date, doc.subject),
        "place": doc.place,
        "recipients": [{k: r[k] for k in _RECIPIENT_KEYS if r.get(k) is not None} for r in doc.recipients],
        "archive": {"units": doc.archive_units, "copies": doc.archive_copies} if doc.archive_units else None,
        "drafting_unit": doc.drafting_unit.code if doc.drafting_unit else None,
        "intended_signer": signer.username if may_sign else None,
    }


@dataclass(frozen=True)
class Link:
    """A document on the other side of a correction link, as a page or the JSON shows it."""
    id: int
    symbol: str | None
    subject: str
    status: str


def corrections_of(person: Person, doc: Document) -> tuple[Link | None, list[Link]]:
    """(the document `doc` corrects, the corrections of `doc`), each only when `person` may see it (access.can_view:
    a recipient sees an issued correction sent to them, never a draft)."""
    target = db.session.get(Document, doc.corrects_id) if doc.corrects_id is not None else None
    corrects = Link(target.id, target.symbol, target.subject, target.status) \
        if target is not None and can_view(person, target) else None
    if doc.dispatched_at is None:  # only an issued document is corrected (start_correction): no query needed
        return corrects, []
    rows = db.session.scalars(select(Document).where(Document.corrects_id == doc.id).order_by(Document.id)).all()
    return corrects, [Link(d.id, d.symbol, d.subject, d.status) for d in rows if can_view(person, d)]


@dataclass(frozen=True)
class PageView:
    """What the document page shows of corrections and recall, and which of these actions are open to the person."""
    corrects: Link | None
    corrected_by: list[Link]
    may_correct: bool
    may_recall: bool
    may_void: bool


def page_view(person: Person, doc: Document) -> PageView:
    corrects, corrected_by = corrections_of(person, doc)
    issued, recalled = doc.dispatched_at is not None, doc.recalled_at is not None
    return PageView(
        corrects=corrects, corrected_by=corrected_by,
        may_correct=holds(person, doc.org_id, "drafter") and dcorr.correction_problem(issued, recalled) is None,
        may_recall=recall.may_recall(person, doc) and dcorr.recall_problem(issued, recalled) is None,
        may_void=recall.may_void(person, doc) and dcorr.void_problem(doc.number is not None, issued, recalled) is None)
