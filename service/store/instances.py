"""Glue between the engine adapter (workflows/) and our tables: diagram versions and instance state."""
from __future__ import annotations

from flask import current_app
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from service.extensions import db
from service.store.workflow import DiagramVersion, WorkflowInstance
from workflows import DiagramRegistry, Instance


def registry() -> DiagramRegistry:
    return current_app.extensions["diagrams"]


def ensure_diagram_stored(sha256: str, now) -> None:
    """Keep the exact diagram an instance starts on, so it can always be reloaded."""
    if db.session.get(DiagramVersion, sha256) is not None:
        return
    reg = registry()
    xml = reg.xml(sha256)
    try:
        with db.session.begin_nested():
            db.session.add(DiagramVersion(sha256=sha256, process_id=reg.process_ids(sha256)[0],
                                          filename=current_app.extensions["diagram_files"].get(sha256, ""),
                                          xml=xml, created_at=now))
    except IntegrityError:  # a concurrent first use stored the same version: that row is identical
        if db.session.get(DiagramVersion, sha256) is None:
            raise


def start_instance(document_id: int, process_id: str, now) -> tuple[WorkflowInstance, Instance]:
    reg = registry()
    sha = reg.latest(process_id)
    ensure_diagram_stored(sha, now)
    inst = reg.start(process_id, sha256=sha, now=now)
    for used in inst.diagram_versions[1:]:  # diagrams its call activities use
        ensure_diagram_stored(used, now)
    row = WorkflowInstance(document_id=document_id, process_id=process_id, spec_hash=sha,
                           state=inst.dump(), completed=inst.is_completed)
    db.session.add(row)
    return row, inst


def load_instance(row: WorkflowInstance) -> Instance:
    return load_state(row.state, row.spec_hash)


def load_state(state: str, spec_hash: str) -> Instance:
    """Rebuild an instance, fetching any diagram version it uses that this process has not parsed yet."""
    return registry().load(state, spec_hash, fetch=_stored_diagram)


def _stored_diagram(sha256: str) -> tuple[bytes, str] | None:
    dv = db.session.get(DiagramVersion, sha256)
    return (dv.xml, dv.filename) if dv is not None else None


def save_instance(row: WorkflowInstance, inst: Instance) -> None:
    row.state = inst.dump()
    row.completed = inst.is_completed


def instance_for(document_id: int) -> WorkflowInstance | None:
    return db.session.scalars(select(WorkflowInstance).where(WorkflowInstance.document_id == document_id)).first()
