"""Tables of the outgoing document: documents, their kept versions, deliveries, the outgoing register, the
append-only audit trail. Thin on purpose: rules live in service/domain, use cases in service/usecases."""

from __future__ import annotations

from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from service.domain.corrections import register_note
from service.extensions import db
from service.store.organizations import Organization, Person, Unit
from service.store.types import JSON


class Document(db.Model):
    __tablename__ = "documents"
    id: Mapped[int] = mapped_column(primary_key=True)
    org_id: Mapped[int] = mapped_column(sa.ForeignKey("organizations.id"), index=True)
    drafting_unit_id: Mapped[int | None] = mapped_column(sa.ForeignKey("units.id"))
    system: Mapped[str] = mapped_column(sa.String(10))
    ruleset: Mapped[str] = mapped_column(sa.String(30))
    kind: Mapped[str] = mapped_column(sa.String(10))
    subject: Mapped[str] = mapped_column(sa.Text)
    preamble: Mapped[str] = mapped_column(sa.Text, default="")
    body: Mapped[str] = mapped_column(sa.Text, default="")
    place: Mapped[str] = mapped_column(sa.String(120))
    urgency: Mapped[str | None] = mapped_column(sa.String(20))
    secrecy: Mapped[str | None] = mapped_column(sa.String(20))
    recipients: Mapped[list] = mapped_column(JSON, default=list)  # [{text, purpose, org_code}]
    archive_units: Mapped[list] = mapped_column(JSON, default=list)
    archive_copies: Mapped[int | None]
    copies: Mapped[int | None]
    intended_signer_id: Mapped[int | None] = mapped_column(sa.ForeignKey("people.id"))
    created_by_id: Mapped[int] = mapped_column(sa.ForeignKey("people.id"), index=True)
    status: Mapped[str] = mapped_column(sa.String(20), index=True)
    step: Mapped[str | None] = mapped_column(sa.String(40))  # current user task (bpmn id)
    step_role: Mapped[str | None] = mapped_column(sa.String(40))
    step_since: Mapped[datetime | None]
    step_task_id: Mapped[str | None] = mapped_column(sa.String(64))
    version_no: Mapped[int] = mapped_column(default=1)  # content version (bản dự thảo)
    content_hash: Mapped[str] = mapped_column(sa.String(64))
    approved_hash: Mapped[str | None] = mapped_column(sa.String(64))
    signed_hash: Mapped[str | None] = mapped_column(sa.String(64))
    signed_at: Mapped[datetime | None]
    signed_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("people.id"))
    signature_block: Mapped[dict | None] = mapped_column(JSON)
    series_id: Mapped[int | None] = mapped_column(sa.ForeignKey("number_series.id"))
    number: Mapped[int | None]
    symbol: Mapped[str | None] = mapped_column(sa.String(80))
    issue_date: Mapped[date | None]
    numbered_at: Mapped[datetime | None]
    dispatched_at: Mapped[datetime | None]
    # Correction (văn bản đính chính, NĐ 30 Art. 18.3): the issued document this one corrects; the reverse link
    # ("đính chính bởi") is the rows whose corrects_id names this one.
    corrects_id: Mapped[int | None] = mapped_column(sa.ForeignKey("documents.id"), index=True)
    # Recall (thu hồi, Art. 18.4): the issued document is frozen, its recipients' incoming copies withdrawn.
    recalled_at: Mapped[datetime | None]
    recalled_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("people.id"))
    recall_reason: Mapped[str | None] = mapped_column(sa.Text)
    # The person a leader reassigned the open step to (only they, or their substitute, complete it); reset by
    # sync_step whenever the step changes.
    step_assignee_id: Mapped[int | None] = mapped_column(sa.ForeignKey("people.id"))
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]
    lock_version: Mapped[int] = mapped_column(default=1)
    __mapper_args__ = {"version_id_col": lock_version}

    org: Mapped[Organization] = relationship()
    drafting_unit: Mapped[Unit | None] = relationship()
    created_by: Mapped[Person] = relationship(foreign_keys=[created_by_id])
    intended_signer: Mapped[Person | None] = relationship(foreign_keys=[intended_signer_id])
    signed_by: Mapped[Person | None] = relationship(foreign_keys=[signed_by_id])
    recalled_by: Mapped[Person | None] = relationship(foreign_keys=[recalled_by_id])
    step_assignee: Mapped[Person | None] = relationship(foreign_keys=[step_assignee_id])


# A number is unique per series (identity = issuer, kind, period, number: domain.md §2).
sa.Index("uq_documents_series_number", Document.series_id, Document.number, unique=True)
# The documents waiting now in a step (task lists, the analytics' "waiting now").
sa.Index("ix_documents_org_step", Document.org_id, Document.step)


class DocumentVersion(db.Model):
    """Every revision of a draft, kept whole; approvals and signatures bind to its sha256."""
    __tablename__ = "document_versions"
    __table_args__ = (sa.UniqueConstraint("document_id", "version_no"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(sa.ForeignKey("documents.id"), index=True)
    version_no: Mapped[int]
    content: Mapped[dict] = mapped_column(JSON)
    sha256: Mapped[str] = mapped_column(sa.String(64))
    created_by_id: Mapped[int] = mapped_column(sa.ForeignKey("people.id"))
    created_at: Mapped[datetime]


class Delivery(db.Model):
    """One per target of a Nơi nhận line, created at dispatch (per-recipient work lives here, not in the engine).
    A line linked to a group or to several organizations gives several deliveries with the same ``line_no``; a
    line outside the system gives one with no recipient, PENDING until the clerk records how it went
    (``channel`` PAPER or EMAIL)."""
    __tablename__ = "deliveries"
    __table_args__ = (sa.UniqueConstraint("document_id", "position"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(sa.ForeignKey("documents.id"), index=True)
    position: Mapped[int]
    recipient_text: Mapped[str] = mapped_column(sa.String(500))
    purpose: Mapped[str] = mapped_column(sa.String(20))
    recipient_org_id: Mapped[int | None] = mapped_column(sa.ForeignKey("organizations.id"), index=True)
    line_no: Mapped[int | None]
    recipient_person_id: Mapped[int | None] = mapped_column(sa.ForeignKey("people.id"))
    channel: Mapped[str | None] = mapped_column(sa.String(20))  # ELECTRONIC | PAPER | EMAIL
    note: Mapped[str | None] = mapped_column(sa.String(300))
    recorded_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("people.id"))
    status: Mapped[str] = mapped_column(sa.String(20), default="SENT")
    sent_at: Mapped[datetime]
    received_at: Mapped[datetime | None]
    recipient_org: Mapped[Organization | None] = relationship(foreign_keys=[recipient_org_id])
    recipient_person: Mapped[Person | None] = relationship(foreign_keys=[recipient_person_id])


class OutgoingRegisterEntry(db.Model):
    """Sổ đăng ký văn bản đi (NĐ 30 Phụ lục IV): one row per number given. A number given by mistake stays in the
    register, voided ("Số bị hủy", never reused); the document then has a second, live row with its new number.
    A recalled document's row is marked "Đã thu hồi"."""
    __tablename__ = "outgoing_register"
    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(sa.ForeignKey("documents.id"), index=True)
    org_id: Mapped[int] = mapped_column(sa.ForeignKey("organizations.id"))
    year: Mapped[int]
    kind: Mapped[str] = mapped_column(sa.String(10))
    number: Mapped[int]
    symbol: Mapped[str] = mapped_column(sa.String(80))
    issue_date: Mapped[date]
    kind_and_subject: Mapped[str] = mapped_column(sa.Text)
    signer_name: Mapped[str] = mapped_column(sa.String(200))
    recipients_text: Mapped[str] = mapped_column(sa.Text)
    archive_text: Mapped[str] = mapped_column(sa.String(300))
    copies: Mapped[int | None]
    dispatched_at: Mapped[datetime | None]
    received_by: Mapped[str | None] = mapped_column(sa.String(200))
    note: Mapped[str | None] = mapped_column(sa.Text)
    search_text: Mapped[str] = mapped_column(sa.Text)
    created_at: Mapped[datetime]
    signed_pdf_sha256: Mapped[str | None] = mapped_column(sa.String(64))  # final signed PDF (service.signatures)
    voided_at: Mapped[datetime | None]  # "Số bị hủy": the number stays here, never reused
    voided_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("people.id"))
    void_reason: Mapped[str | None] = mapped_column(sa.Text)
    recalled_at: Mapped[datetime | None]  # "Đã thu hồi"
    recall_reason: Mapped[str | None] = mapped_column(sa.Text)

    @property
    def note_text(self) -> str | None:
        """The Ghi chú column as the register prints it: the note, then "Số bị hủy: …" or "ĐÃ THU HỒI: …"."""
        return register_note(self.note, self.void_reason if self.voided_at else None,
                             self.recall_reason if self.recalled_at else None)


def live_register_entry(document_id: int) -> OutgoingRegisterEntry | None:
    """The document's register row that is not voided (at most one: uq_outgoing_register_live_document)."""
    return db.session.scalars(sa.select(OutgoingRegisterEntry).where(
        OutgoingRegisterEntry.document_id == document_id, OutgoingRegisterEntry.voided_at.is_(None))).first()


sa.Index("ix_documents_org_step_role", Document.org_id, Document.step_role)


# One live (not voided) register row per document.
sa.Index("uq_outgoing_register_live_document", OutgoingRegisterEntry.document_id, unique=True,
         sqlite_where=OutgoingRegisterEntry.voided_at.is_(None),
         postgresql_where=OutgoingRegisterEntry.voided_at.is_(None))


sa.Index("ix_outgoing_register_org_id", OutgoingRegisterEntry.org_id, OutgoingRegisterEntry.id)


# PostgreSQL only (migration 0004): SQLite scans its small registers.
PG_ONLY_INDEXES = frozenset({"ix_outgoing_register_search_trgm"})


def include_in_schema(obj, name, type_, reflected, compare_to, dialect: str) -> bool:
    """Alembic's include_object: indexes that exist on PostgreSQL only are not expected elsewhere."""
    return not (type_ == "index" and name in PG_ONLY_INDEXES and dialect != "postgresql")


sa.Index("ix_outgoing_register_search_trgm", OutgoingRegisterEntry.search_text,
         postgresql_using="gin", postgresql_ops={"search_text": "gin_trgm_ops"}).ddl_if(dialect="postgresql")


sa.Index("ix_outgoing_register_org_year_kind", OutgoingRegisterEntry.org_id, OutgoingRegisterEntry.year,
         OutgoingRegisterEntry.kind, OutgoingRegisterEntry.id)


class AuditEvent(db.Model):
    """Append-only history (database triggers refuse UPDATE and DELETE), chained per organization: org_id,
    prev_hash and hash are filled by the store's insert hook (service/store/audit.py), never by a call site."""
    __tablename__ = "audit_events"
    id: Mapped[int] = mapped_column(primary_key=True)
    org_id: Mapped[int] = mapped_column(sa.ForeignKey("organizations.id"), index=True)
    prev_hash: Mapped[str] = mapped_column(sa.String(64))
    hash: Mapped[str] = mapped_column(sa.String(64))
    document_id: Mapped[int | None] = mapped_column(sa.ForeignKey("documents.id"), index=True)
    actor_id: Mapped[int | None] = mapped_column(sa.ForeignKey("people.id"))
    action: Mapped[str] = mapped_column(sa.String(40))
    task: Mapped[str | None] = mapped_column(sa.String(40))
    comment: Mapped[str | None] = mapped_column(sa.Text)
    version_no: Mapped[int | None]
    at: Mapped[datetime]
    details: Mapped[dict | None] = mapped_column(JSON)
    actor: Mapped[Person | None] = relationship()

    @property
    def actor_label(self) -> str:
        """Who acted, as the history shows it: "Lê Văn A (thay Nguyễn Văn B)" when a substitute acted for an
        absent person (details.on_behalf_of, inside the hashed content of the chain)."""
        name = self.actor.full_name if self.actor else "—"
        absent = (self.details or {}).get("on_behalf_of") if isinstance(self.details, dict) else None
        return f"{name} (thay {absent})" if absent else name
