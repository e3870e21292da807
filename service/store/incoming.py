"""Table of the incoming documents (văn bản đến): queue item, register entry, stamp, routing and handling."""

from __future__ import annotations

from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from service.extensions import db
from service.store.types import JSON


class IncomingDocument(db.Model):
    """Văn bản đến at one recipient organization: the register row (NĐ 30 PL IV), the "ĐẾN" stamp, routing,
    handling, and the state of its incoming_document workflow."""
    __tablename__ = "incoming_documents"
    __table_args__ = (sa.UniqueConstraint("org_id", "year", "number", name="uq_incoming_org_year_number"),
                      sa.Index("ix_incoming_org_status", "org_id", "status", "id"))
    id: Mapped[int] = mapped_column(primary_key=True)
    org_id: Mapped[int] = mapped_column(sa.ForeignKey("organizations.id"))
    source_document_id: Mapped[int | None] = mapped_column(sa.ForeignKey("documents.id"), index=True)
    delivery_id: Mapped[int | None] = mapped_column(sa.ForeignKey("deliveries.id"), unique=True)
    author: Mapped[str] = mapped_column(sa.String(300))  # Tác giả (issuing body)
    symbol: Mapped[str | None] = mapped_column(sa.String(80))  # normalized (V19), without "Số"
    symbol_raw: Mapped[str | None] = mapped_column(sa.String(120))  # as typed by the clerk, when it differs
    place: Mapped[str | None] = mapped_column(sa.String(120))  # địa danh printed on the document (V20)
    electronic: Mapped[bool] = mapped_column(default=False, server_default=sa.false())  # e-original (V17)
    findings: Mapped[list | None] = mapped_column(JSON)  # [{rule, field, message, severity}] (V1-V3, V17, V20)
    issue_date: Mapped[date | None]
    kind: Mapped[str | None] = mapped_column(sa.String(10))
    subject: Mapped[str] = mapped_column(sa.Text)  # Tên loại, trích yếu
    urgency: Mapped[str | None] = mapped_column(sa.String(20))
    secrecy: Mapped[str | None] = mapped_column(sa.String(20))
    status: Mapped[str] = mapped_column(sa.String(20))  # QUEUED | REGISTERED | ROUTED | DONE | WITHDRAWN
    # Withdrawn (thu hồi) when the issuer recalls the document: its số đến stays in the register (V16).
    withdrawn_at: Mapped[datetime | None]
    withdrawal_reason: Mapped[str | None] = mapped_column(sa.Text)
    received_at: Mapped[datetime]
    created_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("people.id"))  # manual registrations
    # Registration (vào sổ)
    series_id: Mapped[int | None] = mapped_column(sa.ForeignKey("number_series.id"))
    year: Mapped[int | None]
    number: Mapped[int | None]  # Số đến
    arrival_date: Mapped[date | None]  # Ngày đến
    registered_at: Mapped[datetime | None]
    registered_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("people.id"))
    # *_for_id: the absent person a substitute (ủy quyền xử lý) took the step for: "A (thay B)"
    registered_for_id: Mapped[int | None] = mapped_column(sa.ForeignKey("people.id"))
    stamp: Mapped[dict | None] = mapped_column(JSON)  # {org, label, number, date, chuyen, file_notation, raw_text}
    note: Mapped[str | None] = mapped_column(sa.Text)
    # Routing (chuyển) and handling (giải quyết)
    lead_unit_id: Mapped[int | None] = mapped_column(sa.ForeignKey("units.id"))
    coordinating_unit_ids: Mapped[list | None] = mapped_column(JSON)  # đơn vị phối hợp, in the order named
    handler_id: Mapped[int | None] = mapped_column(sa.ForeignKey("people.id"))
    deadline: Mapped[date | None]
    direction: Mapped[str | None] = mapped_column(sa.Text)
    routed_at: Mapped[datetime | None]  # Ngày chuyển
    routed_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("people.id"))
    routed_for_id: Mapped[int | None] = mapped_column(sa.ForeignKey("people.id"))
    outcome: Mapped[str | None] = mapped_column(sa.String(20))
    reply_document_id: Mapped[int | None] = mapped_column(sa.ForeignKey("documents.id"))
    handled_at: Mapped[datetime | None]
    handled_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("people.id"))
    handled_for_id: Mapped[int | None] = mapped_column(sa.ForeignKey("people.id"))
    handling_comment: Mapped[str | None] = mapped_column(sa.Text)
    # Scan of a document registered by hand
    pdf: Mapped[bytes | None] = mapped_column(sa.LargeBinary, deferred=True)
    pdf_name: Mapped[str | None] = mapped_column(sa.String(255))
    pdf_sha256: Mapped[str | None] = mapped_column(sa.String(64))
    # Workflow (incoming_document.bpmn)
    spec_hash: Mapped[str] = mapped_column(sa.ForeignKey("diagram_versions.sha256"))
    state: Mapped[str] = mapped_column(sa.Text)
    step: Mapped[str | None] = mapped_column(sa.String(40))
    step_role: Mapped[str | None] = mapped_column(sa.String(40))
    step_task_id: Mapped[str | None] = mapped_column(sa.String(64))
    lock_version: Mapped[int] = mapped_column(default=1)
    __mapper_args__ = {"version_id_col": lock_version}

    org = relationship("Organization", foreign_keys=[org_id])
    lead_unit = relationship("Unit", foreign_keys=[lead_unit_id])
    handler = relationship("Person", foreign_keys=[handler_id])
    registered_by = relationship("Person", foreign_keys=[registered_by_id])
    reply_document = relationship("Document", foreign_keys=[reply_document_id])
