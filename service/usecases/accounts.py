"""Passwords (Argon2id), API tokens and sign-in throttling."""
from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import select
from sqlalchemy.orm import joinedload, selectinload

from service.clock import current_clock
from service.errors import ServiceError, TooManyAttempts, Unauthenticated
from service.extensions import db
from service.store.organizations import ApiToken, Person
from service.store.unit_of_work import unit_of_work

_hasher = PasswordHasher()
MAX_FAILED = 5
LOCKOUT = timedelta(minutes=15)
# A real hash to compare against when the user does not exist, so timing does not reveal usernames.
_DUMMY_HASH = _hasher.hash("not-a-real-password")


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(stored_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(stored_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def authenticate(username: str, password: str, now) -> Person:
    """The person with these credentials; throttled after MAX_FAILED failures in a row.

    The caller commits: failure counters are part of the result.
    """
    person = db.session.scalars(select(Person).where(Person.username == username)).first()
    if person is None:
        verify_password(_DUMMY_HASH, password)
        raise Unauthenticated("Tên đăng nhập hoặc mật khẩu không đúng.")
    if person.locked_until is not None and person.locked_until > now:
        raise TooManyAttempts("Tài khoản tạm khóa do nhập sai mật khẩu nhiều lần; hãy thử lại sau 15 phút.")
    if not person.active or not verify_password(person.password_hash, password):
        person.failed_logins += 1
        if person.failed_logins >= MAX_FAILED:
            person.locked_until = now + LOCKOUT
            person.failed_logins = 0
        raise Unauthenticated("Tên đăng nhập hoặc mật khẩu không đúng.")
    person.failed_logins = 0
    person.locked_until = None
    return person


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def issue_token(person: Person, now) -> str:
    """A new bearer token; only its sha256 is stored."""
    token = secrets.token_urlsafe(32)
    db.session.add(ApiToken(person_id=person.id, token_hash=_digest(token), created_at=now))
    return token


def person_for_token(token: str) -> Person | None:
    """The active person holding this token; one query loads them with their organization and roles."""
    person = db.session.scalars(
        select(Person).join(ApiToken, ApiToken.person_id == Person.id)
        .where(ApiToken.token_hash == _digest(token), ApiToken.revoked.is_(False), Person.active.is_(True))
        .options(joinedload(Person.org), selectinload(Person.roles))).first()
    return person


def sign_in(username: str, password: str) -> Person:
    """The person with these credentials. Failed attempts are counted (and committed) even though sign-in
    fails, so throttling holds: after security.MAX_FAILED failures the account waits (TooManyAttempts, 429)."""
    with unit_of_work():
        try:
            person = authenticate(username.strip(), password, current_clock().now())
        except ServiceError:
            db.session.commit()
            raise
    return person


def person_for_session(person_id: object) -> Person | None:
    """The active person a session cookie names, or None (unknown, malformed or deactivated)."""
    if not isinstance(person_id, int):
        return None
    person = db.session.get(Person, person_id)
    return person if person is not None and person.active else None
