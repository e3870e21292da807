"""Tables of reporting duties: obligations, one period per obligated organization, and the timers that wake
the report workflow (reminder, escalation)."""

from __future__ import annotations

from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from service.extensions import db
from service.store.types import JSON


class ReportingObligation(db.Model):
    """A duty to report declared by a directing document (domain.md §4.3)."""
    __tablename__ = "reporting_obligations"
    id: Mapped[int] = mapped_column(primary_key=True)
    source_document_id: Mapped[int | None] = mapped_column(sa.ForeignKey("documents.id"), index=True)
    requester_org_id: Mapped[int] = mapped_column(sa.ForeignKey("organizations.id"), index=True)
    via_unit_id: Mapped[int | None] = mapped_column(sa.ForeignKey("units.id"))
    via_text: Mapped[str | None] = mapped_column(sa.String(300))
    recipient_text: Mapped[str | None] = mapped_column(sa.String(300))
    title: Mapped[str] = mapped_column(sa.String(500))
    frequency: Mapped[str] = mapped_column(sa.String(20))  # MONTHLY | QUARTERLY | YEARLY | ON_DEMAND | UNSPECIFIED
    ad_hoc: Mapped[bool] = mapped_column(default=False)
    first_due_date: Mapped[date | None]
    reminder_days: Mapped[int] = mapped_column(default=3)
    drafting_unit_code: Mapped[str | None] = mapped_column(sa.String(40))  # unit that drafts, at each obligor
    obligor_group: Mapped[str] = mapped_column(sa.String(20))  # SUBORDINATES | LIST
    obligor_codes: Mapped[list] = mapped_column(JSON, default=list)
    status: Mapped[str] = mapped_column(sa.String(20), index=True)  # NEEDS_REVIEW | ACTIVE | CLOSED
    review: Mapped[list] = mapped_column(JSON, default=list)  # [{rule, field, message}]
    excerpt: Mapped[str | None] = mapped_column(sa.Text)
    assigned_to_id: Mapped[int | None] = mapped_column(sa.ForeignKey("people.id"))
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]

    requester = relationship("Organization", foreign_keys=[requester_org_id])
    via_unit = relationship("Unit", foreign_keys=[via_unit_id])
    periods: Mapped[list[ReportingPeriod]] = relationship(back_populates="obligation",
                                                            order_by="ReportingPeriod.due_date, ReportingPeriod.id")


class ReportingPeriod(db.Model):
    """One period of an obligation for one obligated organization, with its report.bpmn instance.

    The instance state lives here until a report document is started; from then on it is the document's
    workflow instance (workflow_instances, process 'report') and ``state`` is NULL."""
    __tablename__ = "reporting_periods"
    __table_args__ = (sa.UniqueConstraint("obligation_id", "org_id", "period_key", name="uq_period_obligation_org_key"),
                      sa.Index("ix_reporting_periods_org_status", "org_id", "status"))
    id: Mapped[int] = mapped_column(primary_key=True)
    obligation_id: Mapped[int] = mapped_column(sa.ForeignKey("reporting_obligations.id"), index=True)
    org_id: Mapped[int] = mapped_column(sa.ForeignKey("organizations.id"))
    period_key: Mapped[str] = mapped_column(sa.String(60))
    label: Mapped[str] = mapped_column(sa.String(120))
    due_date: Mapped[date]
    reminder_at: Mapped[datetime]  # naive UTC
    overdue_at: Mapped[datetime]  # naive UTC
    status: Mapped[str] = mapped_column(sa.String(20))  # OPEN | DRAFTING | DISPATCHED | FULFILLED
    report_document_id: Mapped[int | None] = mapped_column(sa.ForeignKey("documents.id"), unique=True)
    incoming_id: Mapped[int | None] = mapped_column(sa.ForeignKey("incoming_documents.id"))
    dispatched_at: Mapped[datetime | None]
    fulfilled_on: Mapped[date | None]
    days_late: Mapped[int | None]
    reminded_at: Mapped[datetime | None]
    reminder_count: Mapped[int] = mapped_column(default=0, server_default="0")  # reminders sent before the due date
    escalated_at: Mapped[datetime | None]
    spec_hash: Mapped[str] = mapped_column(sa.ForeignKey("diagram_versions.sha256"))
    state: Mapped[str | None] = mapped_column(sa.Text)
    created_at: Mapped[datetime]

    obligation: Mapped[ReportingObligation] = relationship(back_populates="periods")
    org = relationship("Organization", foreign_keys=[org_id])


class Timer(db.Model):
    """A BPMN timer some instance waits for: when to wake it up. The engine decides what fires; a row is
    marked fired only in the transaction that applied the instance's fired events."""
    __tablename__ = "timers"
    __table_args__ = (sa.UniqueConstraint("period_id", "event", "due_at", name="uq_timers_period_event_due"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    period_id: Mapped[int] = mapped_column(sa.ForeignKey("reporting_periods.id"), index=True)
    process_id: Mapped[str] = mapped_column(sa.String(120))
    event: Mapped[str] = mapped_column(sa.String(120))  # BPMN id of the timer event
    due_at: Mapped[datetime] = mapped_column(index=True)  # naive UTC
    fired_at: Mapped[datetime | None]
    result: Mapped[str | None] = mapped_column(sa.String(20))  # FIRED | CANCELLED
    created_at: Mapped[datetime]
