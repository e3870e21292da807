"""Single sign-on (OpenID Connect): the claims an organization's identity provider vouched for become a page
session of a person who already exists here. Nothing is created: an unknown or locked account is refused.

The HTTP layer (http/web/sso.py) runs the authorization code flow and validates the ID token (signature,
issuer, audience, expiry, nonce); this module only maps its claims to a person, in one transaction that also
opens the page session exactly like a password sign-in (accounts.open_session).

Mapping, first match wins:
1. `preferred_username` equal to the person's username;
2. `email` equal to the person's e-mail, ignoring case, unless the provider says `email_verified: false`.
"""
from __future__ import annotations

import logging
from collections.abc import Mapping

from sqlalchemy import func, select

from service.errors import Unauthenticated
from service.extensions import db
from service.store.organizations import ApiToken, Person
from service.usecases import accounts

log = logging.getLogger(__name__)

NOT_LINKED = ("Tài khoản đăng nhập một lần của bạn chưa gắn với người dùng nào của hệ thống (theo tên đăng nhập "
              "hoặc thư điện tử). Hãy liên hệ quản trị viên.")
LOCKED = "Tài khoản của bạn trong hệ thống đã bị khóa. Hãy liên hệ quản trị viên."


def _text(claims: Mapping[str, object], name: str, limit: int) -> str | None:
    value = claims.get(name)
    if not isinstance(value, str):
        return None
    value = value.strip()
    return value if 0 < len(value) <= limit else None


def person_for_claims(claims: Mapping[str, object]) -> Person:
    """The active person these claims name (see the module's mapping), else Unauthenticated with a message
    the sign-in page shows."""
    person = None
    username = _text(claims, "preferred_username", 80)
    if username:
        person = db.session.scalars(select(Person).where(Person.username == username)).first()
    email = _text(claims, "email", 200)
    # Some providers send the boolean as a string.
    unverified = claims.get("email_verified") in (False, "false", "False")
    if person is None and email and not unverified:
        matches = db.session.scalars(select(Person).where(func.lower(Person.email) == email.lower())
                                     .limit(2)).all()
        person = matches[0] if len(matches) == 1 else None
    if person is None:
        raise Unauthenticated(NOT_LINKED, code="sso_not_linked")
    if not person.active:
        raise Unauthenticated(LOCKED, code="sso_locked")
    return person


def sign_in_with_claims(claims: Mapping[str, object]) -> tuple[Person, str, ApiToken]:
    """A single sign-on: the person the validated claims name gets a new page session (its token goes in the
    signed cookie, like a password sign-in). Logged with the provider's subject, never the token."""
    subject = str(claims.get("sub") or "")[:200]
    try:
        person, token, row = accounts.open_session(lambda: person_for_claims(claims), accounts.SESSION)
    except Unauthenticated as exc:
        log.info("single sign-on refused (%s) for subject %r", exc.code, subject,
                 extra={"event": "sign_in_refused"})
        raise
    log.info("single sign-on of %s (subject %r), session %s", person.username, subject, row.id,
             extra={"event": "sign_in", "user": person.username})
    return person, token, row
