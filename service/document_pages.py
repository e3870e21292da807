"""Reading for the pages: the comment thread of a document and the delivery status of register entries."""
from __future__ import annotations

from collections import defaultdict

from sqlalchemy import select

from service.extensions import db
from service.models import AuditEvent, Delivery, OutgoingRegisterEntry


def comment_thread(events: list[AuditEvent]) -> list[AuditEvent]:
    """The events that carry a comment (ý kiến), oldest first; each names the draft version it was about."""
    return [e for e in events if e.comment]


def deliveries_by_document(entries: list[OutgoingRegisterEntry]) -> dict[int, list[Delivery]]:
    """Delivery records (one per Nơi nhận line) of the documents of these register entries, in one query.
    The caller has already been allowed to read the entries (registers.outgoing_register)."""
    ids = [e.document_id for e in entries]
    out: dict[int, list[Delivery]] = defaultdict(list)
    if not ids:
        return out
    for d in db.session.scalars(select(Delivery).where(Delivery.document_id.in_(ids))
                                .order_by(Delivery.document_id, Delivery.position)).all():
        out[d.document_id].append(d)
    return out
