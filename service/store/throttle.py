"""Throttle counters in the database, as a storage of the `limits` library (used by Flask-Limiter).

Every gunicorn worker and every host sees the same counts because they live in the shared database (no Redis
needed; `RATELIMIT_STORAGE_URI=redis://…` works as well). Each count is written on its own connection and
committed at once, so a failed sign-in is counted even though its request rolls back. Fixed windows only
(Flask-Limiter's default strategy). Keys are kept as sha256 digests: a username typed by a stranger never
lands in the table as text.
"""
from __future__ import annotations

import hashlib
import random
import time

import sqlalchemy as sa
from limits.storage import Storage
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Mapped, mapped_column

from service.extensions import db


class ThrottleCounter(db.Model):
    __tablename__ = "throttle_counters"
    key: Mapped[str] = mapped_column(sa.String(64), primary_key=True)
    count: Mapped[int] = mapped_column(default=0)
    expires_at: Mapped[float] = mapped_column(sa.Float)  # seconds since the epoch


_UPSERT = sa.text(
    "INSERT INTO throttle_counters (key, count, expires_at) VALUES (:key, :amount, :expires) "
    "ON CONFLICT (key) DO UPDATE SET "
    "count = CASE WHEN throttle_counters.expires_at <= :now THEN :amount "
    "ELSE throttle_counters.count + :amount END, "
    "expires_at = CASE WHEN throttle_counters.expires_at <= :now THEN :expires "
    "ELSE throttle_counters.expires_at END "
    "RETURNING count")


def _digest(key: str) -> str:
    return hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()


class DatabaseStorage(Storage):
    """`vanban-db://`: the counters table of the app's own database."""

    STORAGE_SCHEME = ["vanban-db"]

    def __init__(self, uri: str | None = None, wrap_exceptions: bool = False, **options) -> None:
        super().__init__(uri, wrap_exceptions=wrap_exceptions, **options)

    @property
    def base_exceptions(self) -> type[Exception]:
        return SQLAlchemyError

    def incr(self, key: str, expiry: int, amount: int = 1) -> int:
        now = time.time()
        with db.engine.begin() as conn:
            count = conn.execute(_UPSERT, {"key": _digest(key), "amount": amount, "expires": now + expiry,
                                           "now": now}).scalar_one()
            if random.random() < 0.01:  # now and then, forget windows that ended an hour ago
                conn.execute(sa.delete(ThrottleCounter).where(ThrottleCounter.expires_at < now - 3600))
        return int(count)

    def get(self, key: str) -> int:
        with db.engine.connect() as conn:
            count = conn.execute(sa.select(ThrottleCounter.count).where(
                ThrottleCounter.key == _digest(key), ThrottleCounter.expires_at > time.time())).scalar()
        return int(count or 0)

    def get_expiry(self, key: str) -> float:
        with db.engine.connect() as conn:
            expires = conn.execute(sa.select(ThrottleCounter.expires_at).where(
                ThrottleCounter.key == _digest(key))).scalar()
        return float(expires) if expires is not None else time.time()

    def check(self) -> bool:
        try:
            with db.engine.connect() as conn:
                conn.execute(sa.text("select 1"))
            return True
        except SQLAlchemyError:
            return False

    def reset(self) -> int | None:
        with db.engine.begin() as conn:
            return conn.execute(sa.delete(ThrottleCounter)).rowcount

    def clear(self, key: str) -> None:
        with db.engine.begin() as conn:
            conn.execute(sa.delete(ThrottleCounter).where(ThrottleCounter.key == _digest(key)))
