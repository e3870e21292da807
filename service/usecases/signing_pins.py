"""Signing with one's own PIN (issue 13): each signing key is encrypted under a PIN only its holder knows (the
person; for an organization key, the clerks of that organization), keyed with KEY_PASSPHRASE as a pepper, so
neither the server's passphrase nor a copy of the database alone can open it.

- A key starts in the server-held form (issued or imported by an administrator); it never signs in that form. On
  first use its holder sets a PIN (6–12 digits) and the same key is re-encrypted under it (a CA-issued .p12 cannot
  be re-issued here, so re-encryption rather than a new key). The holder changes it with the old PIN.
- Five wrong PINs lock the key (not the account), counted in the database in a transaction of their own (the
  signing transaction rolls back); a locked key refuses without trying the PIN. An administrator unlocks only by
  issuing a new key (`reissue_key`): the old one is retired, the new one waits for its holder's PIN.
- The PIN is never stored, logged, audited or given to the engine.
"""
from __future__ import annotations

import os
import re

from sqlalchemy import case, select, update

from service.clock import current_clock
from service.errors import Conflict, Forbidden, Locked, NotFound, ValidationFailed
from service.extensions import db
from service.output.pades import KeyMaterial, encrypt_private_key, pin_password
from service.store.organizations import Organization, Person
from service.store.signing import SigningKey, TrustRoot
from service.store.unit_of_work import unit_of_work
from service.usecases.access import holds
from service.usecases.keys import _active_key, _material, _store_key, key_passphrase

MAX_FAILURES = 5
PIN_FORMAT = re.compile(r"^[0-9]{6,12}$")


class WrongPin(Forbidden):
    """Raised inside the signing transaction; the caller counts it in a transaction of its own
    (`count_wrong_pin`) once that one has rolled back."""
    code = "wrong_pin"

    def __init__(self, key_id: int) -> None:
        super().__init__("Mã PIN không đúng.")
        self.key_id = key_id


def _locked_message(key: SigningKey) -> str:
    whose = "cơ quan" if key.owner == "ORG" else "cá nhân"
    return (f"Khóa ký số {whose} ({key.common_name}) đã bị khóa do nhập sai mã PIN {MAX_FAILURES} lần. Quản trị "
            "viên cần cấp khóa mới (`flask keys reissue`) để ký tiếp; tài khoản vẫn dùng bình thường.")


def unlock(key: SigningKey, pin: object) -> KeyMaterial:
    """The key material opened with its holder's PIN. 423 on a locked key (the PIN is not tried), 409 while no
    PIN is set, 422 without a PIN, `WrongPin` on a wrong one. A right PIN clears the count of failures."""
    if key.pin_locked_at is not None:
        raise Locked(_locked_message(key), code="signing_key_locked")
    if key.pin_salt is None:
        whose = "của cơ quan (văn thư đặt)" if key.owner == "ORG" else "cá nhân"
        raise Conflict(f"Khóa ký số {whose} chưa có mã PIN: hãy đặt mã PIN ở trang Tài khoản → Mã PIN ký số "
                       "(hoặc POST /api/signing-pin) trước khi ký.", code="pin_not_set")
    if not isinstance(pin, str) or not pin.strip():
        raise ValidationFailed("Cần nhập mã PIN ký số để ký (trường 'pin').",
                               details=[{"field": "pin", "message": "bắt buộc"}], code="pin_required")
    try:
        material = _material(key, pin_password(pin.strip(), key.pin_salt, key_passphrase()))
    except ValueError:
        raise WrongPin(key.id) from None
    key.pin_failures = 0
    return material


def count_wrong_pin(key_id: int) -> Forbidden | Locked:
    """Count one wrong PIN of key `key_id` in its own transaction (one atomic UPDATE: several workers count
    right); the error to answer with: how many tries are left, or that the key is now locked."""
    now = current_clock().now()
    with unit_of_work():
        failures = SigningKey.pin_failures + 1
        db.session.execute(update(SigningKey).where(SigningKey.id == key_id, SigningKey.pin_locked_at.is_(None))
                           .values(pin_failures=failures,
                                   pin_locked_at=case((failures >= MAX_FAILURES, now), else_=None)))
        key = db.session.get(SigningKey, key_id)
        db.session.refresh(key)
        if key.pin_locked_at is not None:
            return Locked(_locked_message(key), code="signing_key_locked")
        left = MAX_FAILURES - key.pin_failures
        return Forbidden(f"Mã PIN không đúng; không có gì được ký. Còn {left} lần thử trước khi khóa ký số bị khóa.",
                         code="wrong_pin")


def _held_key(actor: Person, scope: str) -> SigningKey:
    """The active key `actor` holds the PIN of: their own (`scope` "person"), or their organization's when they
    are its clerk (văn thư, `scope` "organization")."""
    if scope == "organization":
        if not holds(actor, actor.org_id, "clerk"):
            raise Forbidden("Chỉ văn thư của cơ quan mới đặt mã PIN cho khóa ký số cơ quan.")
        key = _active_key(org_id=actor.org_id)
    elif scope == "person":
        key = _active_key(person_id=actor.id)
    else:
        raise ValidationFailed("'scope' phải là 'person' hoặc 'organization'.",
                               details=[{"field": "scope", "message": "phải là person hoặc organization"}])
    if key is None:
        raise NotFound("Không có khóa ký số để đặt mã PIN.", code="signing_key_missing")
    return key


def set_pin(actor: Person, new_pin: object, old_pin: object = None, scope: str = "person") -> SigningKey:
    """Set the PIN of a key in the server-held form (first use), or change it with the old PIN. The old PIN
    counts toward the lock like a signature."""
    if not isinstance(new_pin, str) or not PIN_FORMAT.match(new_pin.strip()):
        raise ValidationFailed("Mã PIN mới phải gồm 6 đến 12 chữ số.",
                               details=[{"field": "new_pin", "message": "6 đến 12 chữ số"}], code="pin_format")
    try:
        with unit_of_work():
            key = _held_key(actor, scope)
            if key.pin_salt is None:
                material = _material(key, key_passphrase())
            else:
                if old_pin is None or old_pin == "":
                    raise ValidationFailed("Cần mã PIN hiện tại để đổi mã PIN (trường 'old_pin').",
                                           details=[{"field": "old_pin", "message": "bắt buộc"}], code="pin_required")
                material = unlock(key, old_pin)
            salt = os.urandom(16)
            key.key_pem_enc = encrypt_private_key(material.key_pem, pin_password(new_pin.strip(), salt,
                                                                                 key_passphrase()))
            key.pin_salt, key.pin_failures = salt, 0
            return key
    except WrongPin as exc:
        raise count_wrong_pin(exc.key_id) from None


def pin_status(actor: Person) -> dict:
    """Whether the actor's key (and, for a clerk, the organization's) has a PIN, and whether it is locked."""
    out = {}
    scopes = ["person"] + (["organization"] if holds(actor, actor.org_id, "clerk") else [])
    for scope in scopes:
        key = _active_key(person_id=actor.id) if scope == "person" else _active_key(org_id=actor.org_id)
        out[scope] = None if key is None else {
            "key_id": key.id, "common_name": key.common_name, "pin_set": key.pin_salt is not None,
            "locked": key.pin_locked_at is not None, "failures": key.pin_failures}
    return out


def reissue_key(*, username: str | None = None, org_code: str | None = None) -> SigningKey:
    """`flask keys reissue`: an administrator's only way to reset a PIN or unlock a key: a NEW key from the demo
    CA (the old one retired), in the server-held form until its holder sets a PIN. The administrator never
    learns or sets the PIN. A CA-issued key is replaced by importing a new .p12 instead."""
    from service.output.pades import decrypt_private_key, issue_certificate

    if bool(username) == bool(org_code):
        raise ValidationFailed("Chỉ rõ một chủ sở hữu khóa: --person hoặc --org.")
    with unit_of_work():
        root = db.session.scalars(select(TrustRoot).where(TrustRoot.is_demo.is_(True), TrustRoot.key_pem_enc
                                                          .is_not(None)).order_by(TrustRoot.id)).first()
        if root is None:
            raise Conflict("Không có Demo CA để cấp khóa mới: hãy nhập tệp .p12 mới (`flask keys import-p12`).",
                           code="no_demo_ca")
        ca = KeyMaterial(decrypt_private_key(root.key_pem_enc, key_passphrase()), root.cert_pem.encode(), ())
        now = current_clock().now()
        if username:
            person = db.session.scalars(select(Person).where(Person.username == username)).first()
            if person is None:
                raise NotFound(f"Không có người dùng '{username}'.")
            row = _store_key("PERSON", person.org_id, person.id,
                             issue_certificate(ca, person.full_name, person.org.name, is_organization=False),
                             "DEMO", now)
        else:
            org = db.session.scalars(select(Organization).where(Organization.code == org_code)).first()
            if org is None:
                raise NotFound(f"Không có cơ quan mã '{org_code}'.")
            row = _store_key("ORG", org.id, None, issue_certificate(ca, org.name, org.name, is_organization=True),
                             "DEMO", now)
        db.session.flush()
        return row
