"""The audit chain's store side: one head row per organization (its length and last hash), and the hook that
chains every new audit event as it is inserted, so no call site can forget.

Appending is serialised per organization: the hook locks the organization's head row (`SELECT … FOR UPDATE`
on PostgreSQL; SQLite has one writer at a time already) before reading the previous hash, and the lock is held
until the transaction ends. So the events of one organization are inserted, and numbered, in chain order.
"""
from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Mapped, Session, mapped_column, object_session
from sqlalchemy.orm.util import identity_key

from service.domain.audit_chain import GENESIS, HASHED_FIELDS, event_hash
from service.extensions import db
from service.store.documents import AuditEvent, Document
from service.store.organizations import Person


class AuditChainHead(db.Model):
    """The head of one organization's audit chain. A deleted tail is found by comparing with it; a rewritten
    head is found by comparing with the digest printed on the register."""
    __tablename__ = "audit_chain_heads"
    org_id: Mapped[int] = mapped_column(sa.ForeignKey("organizations.id"), primary_key=True)
    length: Mapped[int] = mapped_column(default=0)
    hash: Mapped[str] = mapped_column(sa.String(64))
    at: Mapped[datetime | None]


def event_org_id(connection: sa.Connection, document_id: int | None, actor_id: int | None,
                 session: Session | None = None) -> int:
    """The organization whose chain an event joins: the document's organization (for every document event,
    whoever acts, recipients' views included), otherwise the actor's (administration, obligations without a
    source document). A document the session holds already answers without a query (a document never changes
    organization)."""
    if document_id is not None:
        held = session.identity_map.get(identity_key(Document, document_id)) if session is not None else None
        if held is not None and held.org_id is not None:
            return held.org_id
        return connection.scalar(sa.select(Document.org_id).where(Document.id == document_id))
    if actor_id is not None:
        return connection.scalar(sa.select(Person.org_id).where(Person.id == actor_id))
    raise ValueError("an audit event needs a document or an actor to belong to an organization's chain")


def content_of(e: AuditEvent) -> dict:
    return {k: getattr(e, k) for k in HASHED_FIELDS}


def _insert_head(connection: sa.Connection, org_id: int):
    table = AuditChainHead.__table__
    dialect = postgresql if connection.dialect.name == "postgresql" else sqlite
    return dialect.insert(table).values(org_id=org_id, length=0, hash=GENESIS).on_conflict_do_nothing()


@sa.event.listens_for(AuditEvent, "before_insert")
def _chain(mapper, connection: sa.Connection, target: AuditEvent) -> None:
    """Give the new event its organization, its place after the chain's head, and its hash; move the head."""
    if target.org_id is None:
        target.org_id = event_org_id(connection, target.document_id, target.actor_id, object_session(target))
    heads = AuditChainHead.__table__
    read_head = sa.select(heads.c.length, heads.c.hash).where(heads.c.org_id == target.org_id).with_for_update()
    head = connection.execute(read_head).first()
    if head is None:  # the organization's first event: start its chain (a concurrent first insert is harmless)
        connection.execute(_insert_head(connection, target.org_id))
        head = connection.execute(read_head).one()
    length, prev = head
    target.prev_hash = prev
    target.hash = event_hash(content_of(target), prev)
    connection.execute(heads.update().where(heads.c.org_id == target.org_id)
                       .values(length=length + 1, hash=target.hash, at=target.at))
