"""Tables of workflow state: every diagram version ever started (by sha256) and the instance of each document."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from service.extensions import db


class DiagramVersion(db.Model):
    """Every diagram ever started, by sha256, so old instances keep their version."""
    __tablename__ = "diagram_versions"
    sha256: Mapped[str] = mapped_column(sa.String(64), primary_key=True)
    process_id: Mapped[str] = mapped_column(sa.String(120))
    filename: Mapped[str] = mapped_column(sa.String(300))
    xml: Mapped[bytes] = mapped_column(sa.LargeBinary)
    created_at: Mapped[datetime]


class WorkflowInstance(db.Model):
    __tablename__ = "workflow_instances"
    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(sa.ForeignKey("documents.id"), unique=True)
    process_id: Mapped[str] = mapped_column(sa.String(120))
    spec_hash: Mapped[str] = mapped_column(sa.ForeignKey("diagram_versions.sha256"))
    state: Mapped[str] = mapped_column(sa.Text)
    completed: Mapped[bool] = mapped_column(default=False)
