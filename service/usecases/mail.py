"""Sending the queued e-mails (the outbox), in the scheduler's pass (`flask scheduler run`).

A step never waits for the mail server: `notifications.notify` only queues a row in the step's transaction.
Here each due row is first claimed in a short transaction of its own (PostgreSQL: FOR UPDATE SKIP LOCKED, so
two schedulers take different rows; SQLite: writers take turns), which counts the attempt and moves
`next_attempt_at` to the back-off time; the claim is committed before the mail server is contacted, so no
lock is held while it answers (or not), and another scheduler will not pick the row again before that time.
Then the row is marked SENT, or keeps its error and waits (1, 2, 4, … minutes, at most an hour), and after
MAIL_MAX_ATTEMPTS attempts is FAILED. A scheduler that dies between the two leaves the row to be retried.
Without SMTP_HOST mails stay QUEUED (said once in the log) and nothing fails.
"""
from __future__ import annotations

import logging
import smtplib
from dataclasses import dataclass
from datetime import timedelta
from email.header import Header
from email.mime.text import MIMEText
from email.utils import make_msgid

from flask import current_app
from sqlalchemy import select

from service.clock import current_clock
from service.extensions import db
from service.store.notifications import OutboxMail
from service.store.unit_of_work import unit_of_work

log = logging.getLogger(__name__)

MAX_BACKOFF_MINUTES = 60
_said_unconfigured = False


@dataclass
class MailResult:
    sent: int = 0
    retrying: int = 0  # failed this time, will be tried again
    failed: int = 0  # gave up (FAILED)
    unconfigured: bool = False


def backoff(attempts: int) -> timedelta:
    """The wait after the `attempts`-th attempt: 1, 2, 4, … minutes, capped at an hour."""
    return timedelta(minutes=min(2 ** max(attempts - 1, 0), MAX_BACKOFF_MINUTES))


def smtp_configured() -> bool:
    return bool(current_app.config.get("SMTP_HOST"))


def send_due(*, limit: int = 200) -> MailResult:
    """Send the mails due at the service clock's now (one claim transaction and one send per mail)."""
    global _said_unconfigured
    result = MailResult()
    if not smtp_configured():
        if not _said_unconfigured:
            log.warning("SMTP_HOST is not set: e-mail notifications stay queued in the outbox")
            _said_unconfigured = True
        result.unconfigured = True
        return result
    cfg = current_app.config
    max_attempts = max(int(cfg.get("MAIL_MAX_ATTEMPTS") or 8), 1)
    skipped: set[int] = set()
    try:
        for _ in range(limit):
            claimed = _claim_next(skipped)
            if claimed is None:
                break
            mail_id, attempts, message = claimed
            error = _send(message)
            with unit_of_work():
                row = db.session.get(OutboxMail, mail_id, with_for_update=True, populate_existing=True)
                if row.status != "QUEUED":
                    continue
                if error is None:
                    row.status, row.sent_at, row.last_error = "SENT", current_clock().now(), None
                    result.sent += 1
                    continue
                row.last_error = error[:500]
                if attempts >= max_attempts:
                    row.status = "FAILED"
                    result.failed += 1
                else:
                    result.retrying += 1
                skipped.add(mail_id)
    finally:
        db.session.remove()
    return result


def _claim_next(skipped: set[int]) -> tuple[int, int, MIMEText] | None:
    """Take the next due mail: count the attempt and move its next attempt to the back-off time, committed."""
    now = current_clock().now()
    with unit_of_work() as s:
        q = (select(OutboxMail).where(OutboxMail.status == "QUEUED", OutboxMail.next_attempt_at <= now,
                                      OutboxMail.id.not_in(skipped or [0]))
             .order_by(OutboxMail.next_attempt_at, OutboxMail.id).limit(1))
        if s.get_bind().dialect.name == "postgresql":
            q = q.with_for_update(skip_locked=True)
        row = s.scalars(q).first()
        if row is None:
            return None
        row.attempts += 1
        row.next_attempt_at = now + backoff(row.attempts)
        return row.id, row.attempts, _message(row)


def _message(row: OutboxMail) -> MIMEText:
    """The mail, UTF-8 throughout. The subject is encoded with email.header.Header: the newer EmailMessage
    folds a long Vietnamese subject into encoded words that lose the space between them ("XIVcủa")."""
    msg = MIMEText(row.body, "plain", "utf-8")
    msg["From"] = current_app.config.get("MAIL_FROM") or "vanban@localhost"
    msg["To"] = row.to_address
    msg["Subject"] = Header(row.subject, "utf-8")
    msg["Message-ID"] = make_msgid(idstring=f"outbox-{row.id}")
    return msg


def _send(message: MIMEText) -> str | None:
    """None when the server accepted the message, else what went wrong (never raises)."""
    cfg = current_app.config
    try:
        with smtplib.SMTP(cfg["SMTP_HOST"], int(cfg.get("SMTP_PORT") or 25),
                          timeout=float(cfg.get("SMTP_TIMEOUT") or 10)) as smtp:
            if cfg.get("SMTP_STARTTLS"):
                smtp.starttls()
            if cfg.get("SMTP_USER"):
                smtp.login(cfg["SMTP_USER"], cfg.get("SMTP_PASSWORD") or "")
            smtp.send_message(message)
        return None
    except (OSError, smtplib.SMTPException) as exc:
        log.warning("mail %s not sent: %s", message["Message-ID"], type(exc).__name__)
        return f"{type(exc).__name__}: {exc}"


def outbox(*, status: str | None = None) -> list[OutboxMail]:
    """The outbox rows (oldest first), for operators and tests."""
    q = select(OutboxMail)
    if status:
        q = q.where(OutboxMail.status == status)
    return list(db.session.scalars(q.order_by(OutboxMail.id)).all())
