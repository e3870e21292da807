"""Opening a document across the border between the issuer and its recipients, with the handling rules of
secret and urgent documents (domain.md §5, V14, V15): every view of a secret document is audited; the urgent
document's dispatch deadline and how late it went."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from service.clock import current_clock, to_vn
from service.domain import handling as dh
from service.extensions import db
from service.store.documents import AuditEvent, Document
from service.store.organizations import Person
from service.store.unit_of_work import unit_of_work
from service.usecases.access import get_document, is_insider


def open_document(person: Person, doc_id: int, via: str) -> Document:
    """The document as `get_document` gives it (404 to those who may not see it); a view of a secret document
    (Mật, Tối mật, Tuyệt mật) by anyone is recorded as an audit event "view" (`via`: api, page, pdf, preview)."""
    doc = get_document(person, doc_id)
    if dh.is_secret(doc.secrecy):
        record_view(person, doc, via)
    return doc


def record_view(person: Person, doc: Document, via: str) -> None:
    """An append-only "view" event on a secret document, committed on its own."""
    doc_id, version_no, insider = doc.id, doc.version_no, is_insider(person, doc)
    with unit_of_work():
        db.session.add(AuditEvent(document_id=doc_id, actor_id=person.id, action="view", task=None, comment=None,
                                  version_no=version_no, at=current_clock().now(),
                                  details={"via": via, "insider": insider, "org_id": person.org_id}))


@dataclass(frozen=True)
class Deadline:
    """An urgent document's dispatch deadline (Vietnam time) and what the page shows of it."""
    due: datetime
    day: date           # the day it must go out (before 24:00 Vietnam time)
    label: str          # "Còn 3 giờ" / "Quá hạn 5 giờ" / "Phát hành đúng hạn" / "Phát hành muộn 5 giờ"
    late: bool


def dispatch_deadline(doc: Document, now: datetime | None = None) -> Deadline | None:
    """The deadline of an urgent numbered document (None otherwise): time left while it waits for dispatch,
    or whether it was dispatched in time."""
    due = dh.dispatch_deadline(doc.urgency, to_vn(doc.numbered_at) if doc.numbered_at else None)
    if due is None:
        return None
    day = (due - timedelta(days=1)).date()
    if doc.dispatched_at is not None:
        late = dh.lateness(due, to_vn(doc.dispatched_at))
        return Deadline(due, day, f"Phát hành muộn {dh.duration_label(late)}" if late else "Phát hành đúng hạn",
                        late is not None)
    at = to_vn(now or current_clock().now())
    return Deadline(due, day, dh.time_left_label(due, at), at > due)


def dispatch_lateness(doc: Document, now: datetime) -> dict | None:
    """The audit details of a late dispatch ({"late": True, "late_minutes", "deadline"}), None when in time."""
    due = dh.dispatch_deadline(doc.urgency, to_vn(doc.numbered_at) if doc.numbered_at else None)
    late = dh.lateness(due, to_vn(now)) if due else None
    if late is None:
        return None
    return {"late": True, "late_minutes": int(late.total_seconds() // 60), "late_label": dh.duration_label(late),
            "deadline": due.isoformat()}
