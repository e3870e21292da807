"""Accounts: passwords (Argon2id), sign-in, API tokens and page sessions that expire and can be revoked.

Sign-in never locks an account: throttling is by client and by client+username (service/http/throttle.py),
so a stranger's wrong passwords cannot keep the real user out, and an unknown username is answered exactly
like a wrong password. Tokens and page sessions are rows (only their sha256 is stored): signing out revokes
them server-side, and changing a password ends every other session and token of that person.
"""
from __future__ import annotations

import hashlib
import secrets
from collections.abc import Callable
from datetime import datetime, timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from flask import current_app
from sqlalchemy import select, update
from sqlalchemy.orm import joinedload

from service.clock import current_clock
from service.errors import NotFound, Unauthenticated, ValidationFailed
from service.extensions import db
from service.store.organizations import ApiToken, Person
from service.store.unit_of_work import unit_of_work

API, SESSION = "API", "SESSION"
MIN_PASSWORD_LENGTH = 10
_hasher = PasswordHasher()
# A real hash to compare against when the user does not exist, so timing does not reveal usernames.
_DUMMY_HASH = _hasher.hash("not-a-real-password")
WRONG_CREDENTIALS = "Tên đăng nhập hoặc mật khẩu không đúng."


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(stored_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(stored_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def authenticate(username: str, password: str) -> Person:
    """The active person with these credentials, else Unauthenticated (the same answer for an unknown user,
    a wrong password and a deactivated account)."""
    person = db.session.scalars(select(Person).where(Person.username == username)).first()
    if person is None:
        verify_password(_DUMMY_HASH, password)
        raise Unauthenticated(WRONG_CREDENTIALS)
    if not verify_password(person.password_hash, password) or not person.active:
        raise Unauthenticated(WRONG_CREDENTIALS)
    return person


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8", "surrogatepass")).hexdigest()


def _lifetime(kind: str) -> timedelta:
    hours = current_app.config["TOKEN_TTL_HOURS" if kind == API else "SESSION_TTL_HOURS"]
    return timedelta(hours=float(hours))


def issue_token(person: Person, now: datetime, kind: str = API) -> tuple[str, ApiToken]:
    """A new bearer token (or page session) and its row; only its sha256 is stored."""
    token = secrets.token_urlsafe(32)
    row = ApiToken(person_id=person.id, token_hash=_digest(token), kind=kind, created_at=now,
                   expires_at=now + _lifetime(kind))
    db.session.add(row)
    return token, row


def sign_in(username: str, password: str, kind: str = API) -> tuple[Person, str, ApiToken]:
    """Sign in: the person, a new API token (`POST /api/auth/token`) or page session (the pages; its token is
    kept in the signed cookie), and its row."""
    return open_session(lambda: authenticate(username.strip(), password), kind)


def open_session(identify: Callable[[], Person], kind: str = API) -> tuple[Person, str, ApiToken]:
    """One transaction: `identify` names the active person (or raises), who gets a new token or page session.
    Every way of signing in ends here: a password (sign_in) or a single sign-on (usecases/sso.py)."""
    with unit_of_work():
        person = identify()
        token, row = issue_token(person, current_clock().now(), kind)
    return person, token, row


def person_for_token(token: str, kind: str = API) -> Person | None:
    """The active person holding this live (not revoked, not expired) token; one query loads them with their
    organization and roles."""
    if not token:
        return None
    return db.session.scalars(
        select(Person).join(ApiToken, ApiToken.person_id == Person.id)
        .where(ApiToken.token_hash == _digest(token), ApiToken.kind == kind, ApiToken.revoked.is_(False),
               ApiToken.expires_at > current_clock().now(), Person.active.is_(True))
        .options(joinedload(Person.org), joinedload(Person.roles))).unique().first()


def person_for_session(token: object) -> Person | None:
    """The active person of a page session (the token in the cookie), or None: unknown, malformed, expired,
    signed out or deactivated."""
    return person_for_token(token, SESSION) if isinstance(token, str) else None


def revoke(token: str) -> None:
    """Sign out: the token (or page session) it is called with stops working at once, for every worker."""
    with unit_of_work():
        db.session.execute(update(ApiToken).where(ApiToken.token_hash == _digest(token), ApiToken.revoked.is_(False))
                           .values(revoked=True, revoked_at=current_clock().now()))


def tokens_of(person: Person) -> list[ApiToken]:
    """The person's tokens and page sessions that still work, newest first."""
    return list(db.session.scalars(
        select(ApiToken).where(ApiToken.person_id == person.id, ApiToken.revoked.is_(False),
                               ApiToken.expires_at > current_clock().now()).order_by(ApiToken.id.desc())).all())


def revoke_token_id(person: Person, token_id: int) -> None:
    """The owner revokes one of their tokens or sessions by id (404 for anyone else's)."""
    with unit_of_work():
        row = db.session.get(ApiToken, token_id)
        if row is None or row.person_id != person.id:
            raise NotFound("Không tìm thấy mã truy cập.")
        if not row.revoked:
            row.revoked, row.revoked_at = True, current_clock().now()


def _revoke_all(person_id: int, keep_hash: str | None, now: datetime) -> int:
    q = update(ApiToken).where(ApiToken.person_id == person_id, ApiToken.revoked.is_(False))
    if keep_hash:
        q = q.where(ApiToken.token_hash != keep_hash)
    return db.session.execute(q.values(revoked=True, revoked_at=now)).rowcount


def check_new_password(person: Person, new_password: str, field: str = "new_password") -> None:
    """At least MIN_PASSWORD_LENGTH characters, and not the username (422 naming `field`)."""
    if len(new_password) < MIN_PASSWORD_LENGTH:
        raise ValidationFailed(f"Mật khẩu mới phải có ít nhất {MIN_PASSWORD_LENGTH} ký tự.",
                               details=[{"field": field, "rule": "password_length"}])
    if new_password.strip().lower() == person.username.lower():
        raise ValidationFailed("Mật khẩu mới không được trùng tên đăng nhập.",
                               details=[{"field": field, "rule": "password_username"}])


def change_password(person: Person, current_password: str, new_password: str, keep_token: str | None) -> int:
    """The person changes their own password; every other session and token of theirs ends (the one in use,
    `keep_token`, goes on). Returns how many were ended."""
    with unit_of_work():
        me = db.session.get(Person, person.id, with_for_update=True)
        if not verify_password(me.password_hash, current_password):
            raise ValidationFailed("Mật khẩu hiện tại không đúng.", details=[{"field": "current_password"}])
        check_new_password(me, new_password)
        me.password_hash = hash_password(new_password)
        return _revoke_all(me.id, _digest(keep_token) if keep_token else None, current_clock().now())


def reset_password(username: str, new_password: str) -> int:
    """An administrator sets a new password (`flask accounts set-password`): every session and token of that
    person ends. Returns how many were ended."""
    with unit_of_work():
        person = db.session.scalars(select(Person).where(Person.username == username).with_for_update()).first()
        if person is None:
            raise NotFound(f"Không có người dùng '{username}'.")
        check_new_password(person, new_password)
        person.password_hash = hash_password(new_password)
        return _revoke_all(person.id, None, current_clock().now())


def revoke_all(username: str) -> int:
    """An administrator ends every session and token of a person (`flask accounts revoke-tokens`)."""
    with unit_of_work():
        person = db.session.scalars(select(Person).where(Person.username == username)).first()
        if person is None:
            raise NotFound(f"Không có người dùng '{username}'.")
        return _revoke_all(person.id, None, current_clock().now())


def end_sessions_of(person: Person) -> int:
    """Inside the caller's transaction: every session and token of `person` ends (a password set by an
    administrator, a deactivated account)."""
    return _revoke_all(person.id, None, current_clock().now())


def active_person(username: str) -> Person:
    """The active person with this username (a command acting as them), else NotFound."""
    person = db.session.scalars(select(Person).where(Person.username == username, Person.active)).first()
    if person is None:
        raise NotFound(f"Không có người dùng '{username}' đang hoạt động.")
    return person
