"""Tables. Thin on purpose: rules live in service/domain, use cases in service/usecases."""
from __future__ import annotations

from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from service.extensions import db

JSON = sa.JSON().with_variant(sa.dialects.postgresql.JSONB(), "postgresql")


class Organization(db.Model):
    __tablename__ = "organizations"
    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(sa.String(40), unique=True)
    name: Mapped[str] = mapped_column(sa.String(300))
    abbrev: Mapped[str] = mapped_column(sa.String(40))
    system: Mapped[str] = mapped_column(sa.String(10))  # PARTY | STATE
    org_type: Mapped[str] = mapped_column(sa.String(40), default="DANG_UY")
    header_superior: Mapped[str | None] = mapped_column(sa.String(300))
    place_name: Mapped[str] = mapped_column(sa.String(120), default="Hà Nội")
    parent_id: Mapped[int | None] = mapped_column(sa.ForeignKey("organizations.id"))
    units: Mapped[list[Unit]] = relationship(back_populates="org", order_by="Unit.id")


class Unit(db.Model):
    """A unit inside an organization (ban, văn phòng): drafting units and the Lưu line codes."""
    __tablename__ = "units"
    __table_args__ = (sa.UniqueConstraint("org_id", "code"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    org_id: Mapped[int] = mapped_column(sa.ForeignKey("organizations.id"))
    code: Mapped[str] = mapped_column(sa.String(40))
    name: Mapped[str] = mapped_column(sa.String(300))
    org: Mapped[Organization] = relationship(back_populates="units")


class Term(db.Model):
    """Committee term (nhiệm kỳ cấp ủy): Party numbering runs per kind per term."""
    __tablename__ = "terms"
    id: Mapped[int] = mapped_column(primary_key=True)
    org_id: Mapped[int] = mapped_column(sa.ForeignKey("organizations.id"), index=True)
    name: Mapped[str] = mapped_column(sa.String(120))
    start: Mapped[date]
    end: Mapped[date | None]


class Person(db.Model):
    __tablename__ = "people"
    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(sa.String(80), unique=True)
    full_name: Mapped[str] = mapped_column(sa.String(200))
    password_hash: Mapped[str] = mapped_column(sa.String(300))
    org_id: Mapped[int] = mapped_column(sa.ForeignKey("organizations.id"), index=True)
    unit_id: Mapped[int | None] = mapped_column(sa.ForeignKey("units.id"))
    position: Mapped[str | None] = mapped_column(sa.String(200))
    active: Mapped[bool] = mapped_column(default=True)
    failed_logins: Mapped[int] = mapped_column(default=0)
    locked_until: Mapped[datetime | None]
    org: Mapped[Organization] = relationship()
    unit: Mapped[Unit | None] = relationship()
    roles: Mapped[list[RoleAssignment]] = relationship(back_populates="person")
    authorities: Mapped[list[SigningAuthority]] = relationship(back_populates="person")


class RoleAssignment(db.Model):
    """A person holds a role (a BPMN lane) in an organization, optionally for one unit."""
    __tablename__ = "role_assignments"
    __table_args__ = (sa.UniqueConstraint("person_id", "org_id", "role", "unit_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(sa.ForeignKey("people.id"), index=True)
    org_id: Mapped[int] = mapped_column(sa.ForeignKey("organizations.id"), index=True)
    role: Mapped[str] = mapped_column(sa.String(40))
    unit_id: Mapped[int | None] = mapped_column(sa.ForeignKey("units.id"))
    person: Mapped[Person] = relationship(back_populates="roles")


class SigningAuthority(db.Model):
    """Who may sign what: data attached to a person (domain.md §3 Signature, V8–V10)."""
    __tablename__ = "signing_authorities"
    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(sa.ForeignKey("people.id"), index=True)
    org_id: Mapped[int] = mapped_column(sa.ForeignKey("organizations.id"), index=True)
    prefix: Mapped[str | None] = mapped_column(sa.String(10))
    collective_title: Mapped[str | None] = mapped_column(sa.String(200))
    position_title: Mapped[str] = mapped_column(sa.String(200))
    kinds: Mapped[str | None] = mapped_column(sa.String(200))  # comma separated; NULL = every kind
    valid_from: Mapped[date]
    valid_to: Mapped[date | None]
    delegator_title: Mapped[str | None] = mapped_column(sa.String(200))
    delegation_from: Mapped[date | None]
    delegation_to: Mapped[date | None]
    redelegated: Mapped[bool] = mapped_column(default=False)
    person: Mapped[Person] = relationship(back_populates="authorities")


class ApiToken(db.Model):
    __tablename__ = "api_tokens"
    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(sa.ForeignKey("people.id"), index=True)
    token_hash: Mapped[str] = mapped_column(sa.String(64), unique=True)
    created_at: Mapped[datetime]
    revoked: Mapped[bool] = mapped_column(default=False)
    person: Mapped[Person] = relationship()


class NumberSeries(db.Model):
    """A gapless number sequence (sổ): per issuer, direction, kind ('*' = all), period, secrecy."""
    __tablename__ = "number_series"
    __table_args__ = (sa.UniqueConstraint("org_id", "direction", "kind", "period_key", "secret"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    org_id: Mapped[int] = mapped_column(sa.ForeignKey("organizations.id"))
    direction: Mapped[str] = mapped_column(sa.String(4))  # OUT | IN
    kind: Mapped[str] = mapped_column(sa.String(10))
    period_key: Mapped[str] = mapped_column(sa.String(40))
    secret: Mapped[bool] = mapped_column(default=False)
    next_value: Mapped[int] = mapped_column(default=1)


class DiagramVersion(db.Model):
    """Every diagram ever started, by sha256, so old instances keep their version."""
    __tablename__ = "diagram_versions"
    sha256: Mapped[str] = mapped_column(sa.String(64), primary_key=True)
    process_id: Mapped[str] = mapped_column(sa.String(120))
    filename: Mapped[str] = mapped_column(sa.String(300))
    xml: Mapped[bytes] = mapped_column(sa.LargeBinary)
    created_at: Mapped[datetime]


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
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]
    lock_version: Mapped[int] = mapped_column(default=1)
    __mapper_args__ = {"version_id_col": lock_version}

    org: Mapped[Organization] = relationship()
    drafting_unit: Mapped[Unit | None] = relationship()
    created_by: Mapped[Person] = relationship(foreign_keys=[created_by_id])
    intended_signer: Mapped[Person | None] = relationship(foreign_keys=[intended_signer_id])
    signed_by: Mapped[Person | None] = relationship(foreign_keys=[signed_by_id])


# A number is unique per series (identity = issuer, kind, period, number: domain.md §2).
sa.Index("uq_documents_series_number", Document.series_id, Document.number, unique=True)


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


class WorkflowInstance(db.Model):
    __tablename__ = "workflow_instances"
    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(sa.ForeignKey("documents.id"), unique=True)
    process_id: Mapped[str] = mapped_column(sa.String(120))
    spec_hash: Mapped[str] = mapped_column(sa.ForeignKey("diagram_versions.sha256"))
    state: Mapped[str] = mapped_column(sa.Text)
    completed: Mapped[bool] = mapped_column(default=False)


class Delivery(db.Model):
    """One per Nơi nhận line, created at dispatch (per-recipient work lives here, not in the engine)."""
    __tablename__ = "deliveries"
    __table_args__ = (sa.UniqueConstraint("document_id", "position"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(sa.ForeignKey("documents.id"), index=True)
    position: Mapped[int]
    recipient_text: Mapped[str] = mapped_column(sa.String(500))
    purpose: Mapped[str] = mapped_column(sa.String(20))
    recipient_org_id: Mapped[int | None] = mapped_column(sa.ForeignKey("organizations.id"), index=True)
    status: Mapped[str] = mapped_column(sa.String(20), default="SENT")
    sent_at: Mapped[datetime]
    received_at: Mapped[datetime | None]


class OutgoingRegisterEntry(db.Model):
    """Sổ đăng ký văn bản đi (NĐ 30 Phụ lục IV): one row per numbered document."""
    __tablename__ = "outgoing_register"
    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(sa.ForeignKey("documents.id"), unique=True)
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


sa.Index("ix_documents_org_step_role", Document.org_id, Document.step_role)
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
    """Append-only history (database triggers refuse UPDATE and DELETE)."""
    __tablename__ = "audit_events"
    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int | None] = mapped_column(sa.ForeignKey("documents.id"), index=True)
    actor_id: Mapped[int | None] = mapped_column(sa.ForeignKey("people.id"))
    action: Mapped[str] = mapped_column(sa.String(40))
    task: Mapped[str | None] = mapped_column(sa.String(40))
    comment: Mapped[str | None] = mapped_column(sa.Text)
    version_no: Mapped[int | None]
    at: Mapped[datetime]
    details: Mapped[dict | None] = mapped_column(JSON)
    actor: Mapped[Person | None] = relationship()


# Tables of the later features live in their own modules; importing them here registers them
# with the metadata that Alembic compares against.
from service import models_incoming as _models_incoming  # noqa: E402,F401
from service import models_signing as _models_signing  # noqa: E402,F401
