"""Dispatch of an outgoing document (phát hành): one delivery per organization or person each Nơi nhận line
reaches; a line outside the system waits for the clerk to record how it was sent."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import insert, select, update

from service.clock import current_clock
from service.domain.handling import never_online, outside_channels
from service.errors import Conflict, Forbidden, NotFound, ValidationFailed
from service.extensions import db
from service.store.documents import AuditEvent, Delivery, Document, OutgoingRegisterEntry, live_register_entry
from service.store.organizations import Person
from service.store.unit_of_work import unit_of_work
from service.usecases import directory, handling
from service.usecases.access import get_document, holds
from service.usecases.inputs import DeliveryRecordIn

CHANNEL_LABELS = {"ELECTRONIC": "Trên hệ thống", "PAPER": "Bản giấy", "EMAIL": "Thư điện tử"}


def deliver(doc: Document, now: datetime) -> list[dict]:
    """Phát hành: the delivery records of every line (in one bulk insert); the register row gets the date.
    Returns the delivery rows (with the recipient organization when it is in the system). A Tối mật / Tuyệt
    mật document goes on paper only (V14): every delivery, inside the system too, waits PENDING until the
    clerk records the paper copy, and none enters a recipient's electronic queue."""
    rows = []
    paper_only = never_online(doc.secrecy)  # V14: Tối mật / Tuyệt mật never go online, not even inside
    reached_by_line = directory.targets(doc.recipients, doc.org_id)
    for line_no, (r, reached) in enumerate(zip(doc.recipients, reached_by_line, strict=True), start=1):
        for t in reached:
            inside = t.org_id is not None and not paper_only
            rows.append(dict(document_id=doc.id, position=len(rows) + 1, line_no=line_no, recipient_text=r["text"],
                             purpose=r["purpose"], recipient_org_id=t.org_id, recipient_person_id=t.person_id,
                             channel="ELECTRONIC" if inside else None, status="SENT" if inside else "PENDING",
                             sent_at=now))
    if rows:
        db.session.execute(insert(Delivery), rows)
    doc.dispatched_at = now
    db.session.execute(update(OutgoingRegisterEntry).where(OutgoingRegisterEntry.document_id == doc.id,
                                                           OutgoingRegisterEntry.voided_at.is_(None))
                       .values(dispatched_at=now))
    late = handling.dispatch_lateness(doc, now)  # V15: the register's Ghi chú says an urgent one went late
    if late:
        entry = live_register_entry(doc.id)
        if entry is not None:
            entry.note = "; ".join(n for n in (entry.note, f"Phát hành muộn {late['late_label']}") if n)
    return rows


def record_outside_delivery(actor: Person, doc_id: int, delivery_id: int, data: DeliveryRecordIn) -> Delivery:
    """The clerk of the issuing organization records how a line outside the system went (paper or e-mail), or
    the paper copy of a Tối mật / Tuyệt mật document to any recipient; a secret document never by e-mail."""
    with unit_of_work():
        doc = get_document(actor, doc_id, for_update=True, insider=True)
        if not holds(actor, doc.org_id, "clerk"):
            raise Forbidden("Chỉ văn thư của cơ quan ban hành mới ghi nhận việc gửi ngoài hệ thống.")
        if doc.recalled_at is not None:
            raise Conflict("Văn bản đã bị thu hồi; không ghi nhận gửi thêm.", code="recalled")
        d = db.session.scalars(select(Delivery).where(Delivery.id == delivery_id,
                                                      Delivery.document_id == doc.id)).first()
        if d is None:
            raise NotFound("Không tìm thấy nơi nhận này của văn bản.")
        if d.status != "PENDING" or (d.recipient_org_id is not None and not never_online(doc.secrecy)):
            raise Conflict("Nơi nhận này đã được gửi; không ghi nhận lại.", code="already_sent")
        if data.channel not in outside_channels(doc.secrecy):
            raise ValidationFailed("Văn bản mật chỉ được gửi bằng bản giấy; không gửi qua thư điện tử (V14).",
                                   code="secret_paper_only", details=[{"field": "channel", "rule": "V14"}])
        now = current_clock().now()
        d.status, d.channel, d.note, d.recorded_by_id, d.sent_at = "SENT", data.channel, data.note, actor.id, now
        db.session.add(AuditEvent(document_id=doc.id, actor_id=actor.id, action="delivery_recorded", task=None,
                                  comment=data.note, version_no=doc.version_no, at=now,
                                  details={"delivery": d.position, "recipient": d.recipient_text,
                                           "channel": data.channel}))
        return d
