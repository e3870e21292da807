"""Table of in-app notifications (one row per person)."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from service.extensions import db


class Notification(db.Model):
    """A message to one person (reminders, escalations, urgent incoming documents)."""
    __tablename__ = "notifications"
    __table_args__ = (sa.Index("ix_notifications_person", "person_id", "id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(sa.ForeignKey("people.id"))
    kind: Mapped[str] = mapped_column(sa.String(40))
    title: Mapped[str] = mapped_column(sa.String(300))
    body: Mapped[str] = mapped_column(sa.Text)
    period_id: Mapped[int | None] = mapped_column(sa.ForeignKey("reporting_periods.id"))
    incoming_id: Mapped[int | None] = mapped_column(sa.ForeignKey("incoming_documents.id"))
    document_id: Mapped[int | None] = mapped_column(sa.ForeignKey("documents.id"))
    created_at: Mapped[datetime]
    read_at: Mapped[datetime | None]


class OutboxMail(db.Model):
    """An e-mail queued in the transaction of the step it tells about; the scheduler sends it (usecases.mail)."""
    __tablename__ = "outbox"
    __table_args__ = (sa.Index("ix_outbox_due", "status", "next_attempt_at"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int | None] = mapped_column(sa.ForeignKey("people.id"))
    to_address: Mapped[str] = mapped_column(sa.String(200))
    subject: Mapped[str] = mapped_column(sa.String(300))
    body: Mapped[str] = mapped_column(sa.Text)
    link: Mapped[str | None] = mapped_column(sa.String(500))
    status: Mapped[str] = mapped_column(sa.String(10), default="QUEUED")  # QUEUED | SENT | FAILED
    attempts: Mapped[int] = mapped_column(default=0)
    next_attempt_at: Mapped[datetime]
    last_error: Mapped[str | None] = mapped_column(sa.String(500))
    created_at: Mapped[datetime]
    sent_at: Mapped[datetime | None]
