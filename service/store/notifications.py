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
