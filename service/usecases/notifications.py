"""Notifications: one in-app notice to each person at most once and, when the person has an e-mail address and
has not turned e-mail off, a Vietnamese e-mail with the link to the page, queued in the outbox in the same
transaction (sent by the scheduler: usecases.mail); listing them, marking them read, the e-mail preference."""

from __future__ import annotations

from datetime import datetime

from flask import current_app
from sqlalchemy import func, select, update

from service.clock import current_clock
from service.errors import NotFound
from service.extensions import db
from service.store.notifications import Notification, OutboxMail
from service.store.organizations import Person
from service.store.unit_of_work import unit_of_work


def notify(people: list[Person], kind: str, title: str, body: str, now: datetime, *, actor: Person | None = None,
           **links) -> None:
    """One notification per person (each at most once, never to the `actor` about their own action), and the
    same by e-mail to those who have an address and have not turned e-mail off, in the caller's transaction."""
    seen: set[int] = {actor.id} if actor is not None else set()
    for p in people:
        if p is None or p.id in seen:
            continue
        seen.add(p.id)
        db.session.add(Notification(person_id=p.id, kind=kind, title=title, body=body, created_at=now, **links))
        if p.email and p.email_notifications and p.active:
            link = page_link(**links)
            db.session.add(OutboxMail(person_id=p.id, to_address=p.email, subject=title[:300], link=link,
                                      body=mail_body(p, title, body, link), status="QUEUED", attempts=0,
                                      next_attempt_at=now, created_at=now))


def page_link(*, document_id: int | None = None, incoming_id: int | None = None,
              period_id: int | None = None) -> str:
    """The address of the page a notification is about: the document's page, the incoming document's page, the
    reporting page for a period, else the notifications page."""
    base = current_app.config.get("BASE_URL") or ""
    if document_id is not None:
        return f"{base}/documents/{document_id}"
    if incoming_id is not None:
        return f"{base}/incoming/{incoming_id}"
    if period_id is not None:
        return f"{base}/reports"
    return f"{base}/notifications"


def mail_body(person: Person, title: str, body: str, link: str) -> str:
    return (f"Kính gửi đồng chí {person.full_name},\n\n{title}\n\n{body}\n\n"
            f"Xem chi tiết: {link}\n\n"
            "---\nThư này được gửi tự động từ hệ thống Quản lý văn bản; vui lòng không trả lời thư này.\n"
            "Để không nhận thông báo qua thư điện tử, vào trang Thông báo trong hệ thống.\n")


def set_email_notifications(actor: Person, enabled: bool) -> Person:
    """The person's own choice: notifications by e-mail on or off (in-app notifications always stay)."""
    with unit_of_work():
        person = db.session.get(Person, actor.id)
        person.email_notifications = bool(enabled)
        return person


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


def mark_all_read(actor: Person) -> int:
    with unit_of_work():
        return db.session.execute(update(Notification).where(
            Notification.person_id == actor.id, Notification.read_at.is_(None))
            .values(read_at=current_clock().now())).rowcount or 0


def unread_count(actor: Person) -> int:
    return db.session.scalar(select(func.count(Notification.id)).where(
        Notification.person_id == actor.id, Notification.read_at.is_(None))) or 0
