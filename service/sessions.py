"""Signing in to the pages (phiên đăng nhập): credentials checked with throttling, the person behind a session."""
from __future__ import annotations

from service.documents import clock
from service.errors import ServiceError
from service.extensions import db
from service.models import Person
from service.security import authenticate
from service.unit_of_work import unit_of_work


def sign_in(username: str, password: str) -> Person:
    """The person with these credentials. Failed attempts are counted (and committed) even though sign-in
    fails, so throttling holds: after security.MAX_FAILED failures the account waits (TooManyAttempts, 429)."""
    with unit_of_work():
        try:
            person = authenticate(username.strip(), password, clock().now())
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
