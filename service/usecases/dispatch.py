"""Dispatch of an outgoing document (phát hành): one delivery per line of Nơi nhận."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import insert, select, update

from service.extensions import db
from service.store.documents import Delivery, Document, OutgoingRegisterEntry
from service.store.organizations import Organization


def deliver(doc: Document, now: datetime) -> list[dict]:
    """Phát hành: one delivery record per Nơi nhận line, in one bulk insert; the register row gets the date.
    Returns the delivery rows (with the recipient organization when it is in the system)."""
    codes = {r["org_code"] for r in doc.recipients if r.get("org_code")}
    org_ids = dict(db.session.execute(select(Organization.code, Organization.id).where(Organization.code.in_(codes))).all()) if codes else {}
    rows = [dict(document_id=doc.id, position=i, recipient_text=r["text"], purpose=r["purpose"],
                 recipient_org_id=org_ids.get(r.get("org_code")), status="SENT", sent_at=now)
            for i, r in enumerate(doc.recipients, start=1)]
    if rows:
        db.session.execute(insert(Delivery), rows)
    doc.dispatched_at = now
    db.session.execute(update(OutgoingRegisterEntry).where(OutgoingRegisterEntry.document_id == doc.id)
                       .values(dispatched_at=now))
    return rows
