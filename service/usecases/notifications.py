"""In-app notifications: sending one to each person at most once, listing them, marking them read."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select

from service.clock import current_clock
from service.errors import NotFound
from service.extensions import db
from service.store.notifications import Notification
from service.store.organizations import Person
from service.store.unit_of_work import unit_of_work


def notify(people: list[Person], kind: str, title: str, body: str, now: datetime, **links) -> None:
    """One notification per person (each at most once)."""
    seen: set[int] = set()
    for p in people:
        if p.id in seen:
            continue
        seen.add(p.id)
        db.session.add(Notification(person_id=p.id, kind=kind, title=title, body=body, created_at=now, **links))



def notifications(actor: Person, *, unread_only: bool = False, limit: int = 100) -> list[Notification]:
    q = select(Notification).where(Notification.person_id == actor.id)
    if unread_only:
        q = q.where(Notification.read_at.is_(None))
    return list(db.session.scalars(q.order_by(Notification.id.desc()).limit(max(1, min(limit, 500)))).all())


def mark_read(actor: Person, notification_id: int) -> Notification:
    with unit_of_work():
        n = db.session.get(Notification, notification_id)
        if n is None or n.person_id != actor.id:
            raise NotFound("Không tìm thấy thông báo.")
        if n.read_at is None:
            n.read_at = current_clock().now()
        return n


def unread_count(actor: Person) -> int:
    return db.session.scalar(select(func.count(Notification.id)).where(
        Notification.person_id == actor.id, Notification.read_at.is_(None))) or 0
