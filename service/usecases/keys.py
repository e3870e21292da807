"""Signing keys: the demo certificate authority, PKCS#12 import, the active key of a person or organization,
the trusted roots. Private keys are stored encrypted under their owner's PIN (signing_pins.py; keyed with
KEY_PASSPHRASE too), or, until the owner sets a PIN, under KEY_PASSPHRASE alone (the server-held form, which never
signs). Never logged, never served."""

from __future__ import annotations

import hashlib
import os
import re
from datetime import datetime

from cryptography import x509
from cryptography.hazmat.primitives.serialization import Encoding
from flask import current_app
from sqlalchemy import exists, select

from service.clock import current_clock
from service.errors import Conflict, NotFound, ValidationFailed
from service.extensions import db
from service.output.pades import (
    KeyMaterial,
    create_demo_ca,
    decrypt_private_key,
    encrypt_private_key,
    issue_certificate,
    load_pkcs12,
    pin_password,
)
from service.store.organizations import Organization, Person, SigningAuthority
from service.store.signing import SigningKey, TrustRoot
from service.store.unit_of_work import unit_of_work

DEMO_CA_NAME = "Demo CA - Văn bản điện tử"
DEMO_PIN = "123456"  # `flask keys init` puts every demo key under this PIN (README, demo accounts)


def key_passphrase() -> bytes:
    """KEY_PASSPHRASE; tests alone may fall back to a passphrase derived from SECRET_KEY."""
    configured = current_app.config.get("KEY_PASSPHRASE") or ""
    if configured:
        return configured.encode()
    if not current_app.config.get("TESTING"):
        raise Conflict("KEY_PASSPHRASE chưa được đặt: khóa ký số được mã hóa bằng nó (đặt biến môi trường "
                       "KEY_PASSPHRASE rồi chạy lại).", code="key_passphrase")
    secret = str(current_app.config["SECRET_KEY"])
    return hashlib.sha256(("vanban-key-passphrase:" + secret).encode()).hexdigest().encode()


def _fingerprint(cert_pem: bytes) -> str:
    return hashlib.sha256(x509.load_pem_x509_certificate(cert_pem).public_bytes(Encoding.DER)).hexdigest()


_PEM_CERT = re.compile(rb"-----BEGIN CERTIFICATE-----.+?-----END CERTIFICATE-----\s*", re.S)


def _material(key: SigningKey, password: bytes) -> KeyMaterial:
    """The key opened with `password`; raises ValueError when it does not open it."""
    plain = decrypt_private_key(key.key_pem_enc, password)
    chain = tuple(m.group(0) for m in _PEM_CERT.finditer(key.chain_pem.encode()))
    return KeyMaterial(key_pem=plain, cert_pem=key.cert_pem.encode(), chain_pem=chain)


def _store_key(owner: str, org_id: int, person_id: int | None, material: KeyMaterial, source: str,
               now: datetime, pin: str | None = None) -> SigningKey:
    """Keep `material` (key encrypted) as the owner's active key; an earlier active key is retired. With `pin`
    the key goes straight under that PIN (demo keys); without, into the server-held form until the owner sets
    a PIN."""
    salt = os.urandom(16) if pin else None
    password = pin_password(pin, salt, key_passphrase()) if pin and salt else key_passphrase()
    cert = x509.load_pem_x509_certificate(material.cert_pem)
    cn = cert.subject.get_attributes_for_oid(x509.NameOID.COMMON_NAME)
    q = select(SigningKey).where(SigningKey.owner == owner, SigningKey.active.is_(True))
    q = q.where(SigningKey.person_id == person_id) if owner == "PERSON" else q.where(
        SigningKey.org_id == org_id, SigningKey.person_id.is_(None))
    for old in db.session.scalars(q).all():
        old.active = False
    row = SigningKey(owner=owner, org_id=org_id, person_id=person_id,
                     common_name=str(cn[0].value) if cn else "", cert_pem=material.cert_pem.decode(),
                     chain_pem="".join(c.decode() for c in material.chain_pem),
                     key_pem_enc=encrypt_private_key(material.key_pem, password), pin_salt=salt,
                     fingerprint=_fingerprint(material.cert_pem),
                     not_after=cert.not_valid_after_utc.replace(tzinfo=None), source=source, active=True,
                     created_at=now)
    db.session.add(row)
    return row


def _add_trust_root(cert_pem: bytes, name: str, now: datetime, key_pem_enc: bytes | None = None) -> TrustRoot:
    fp = _fingerprint(cert_pem)
    row = db.session.scalars(select(TrustRoot).where(TrustRoot.fingerprint == fp)).first()
    if row is None:
        row = TrustRoot(name=name, cert_pem=cert_pem.decode(), fingerprint=fp, key_pem_enc=key_pem_enc,
                        is_demo=key_pem_enc is not None, created_at=now)
        db.session.add(row)
    return row


def init_demo_keys(*, make_ca=create_demo_ca, issue=issue_certificate, pin: str | None = DEMO_PIN) -> dict[str, int]:
    """Demo CA (trusted), a personal key for every person with signing authority and an organization key for
    every organization, where missing, each under the demo PIN `pin`. Idempotent; the caller commits.
    `make_ca`/`issue` are replaceable so tests can reuse keys generated once."""
    s = db.session
    now = current_clock().now()
    created = {"ca": 0, "people": 0, "organizations": 0}
    root = s.scalars(select(TrustRoot).where(TrustRoot.is_demo.is_(True)).order_by(TrustRoot.id)).first()
    if root is None:
        ca = make_ca()
        _add_trust_root(ca.cert_pem, DEMO_CA_NAME, now, encrypt_private_key(ca.key_pem, key_passphrase()))
        created["ca"] = 1
    else:
        try:
            ca = KeyMaterial(decrypt_private_key(root.key_pem_enc, key_passphrase()), root.cert_pem.encode(), ())
        except ValueError as exc:
            raise Conflict("Không mở được khóa của Demo CA: KEY_PASSPHRASE đã đổi.", code="key_passphrase") from exc
    signer_ids = set(s.scalars(select(SigningAuthority.person_id)).all())
    for person in s.scalars(select(Person).where(Person.id.in_(signer_ids)).order_by(Person.id)).all():
        if _active_key(person_id=person.id) is None:
            _store_key("PERSON", person.org_id, person.id,
                       issue(ca, person.full_name, person.org.name, is_organization=False), "DEMO", now, pin)
            created["people"] += 1
    for org in s.scalars(select(Organization).order_by(Organization.id)).all():
        if _active_key(org_id=org.id) is None:
            _store_key("ORG", org.id, None, issue(ca, org.name, org.name, is_organization=True), "DEMO", now, pin)
            created["organizations"] += 1
    s.flush()
    return created


def import_p12(data: bytes, password: bytes | None, *, username: str | None = None, org_code: str | None = None,
               trust: bool = False) -> SigningKey:
    """A CA-issued PKCS#12 file as the active key of a person (`username`) or an organization (`org_code`).
    `trust=True` also trusts the last certificate of the file's chain (its root). The caller commits."""
    if bool(username) == bool(org_code):
        raise ValidationFailed("Chỉ rõ một chủ sở hữu khóa: --person hoặc --org.")
    try:
        material = load_pkcs12(data, password)
    except ValueError as exc:
        raise ValidationFailed("Tệp .p12 không đọc được: sai mật khẩu hoặc tệp hỏng.") from exc
    now = current_clock().now()
    if username:
        person = db.session.scalars(select(Person).where(Person.username == username)).first()
        if person is None:
            raise NotFound(f"Không có người dùng '{username}'.")
        row = _store_key("PERSON", person.org_id, person.id, material, "P12", now)
    else:
        org = db.session.scalars(select(Organization).where(Organization.code == org_code)).first()
        if org is None:
            raise NotFound(f"Không có cơ quan mã '{org_code}'.")
        row = _store_key("ORG", org.id, None, material, "P12", now)
    if trust and material.chain_pem:
        _add_trust_root(material.chain_pem[-1], "Imported CA", now)
    db.session.flush()
    return row


def _active_key(*, person_id: int | None = None, org_id: int | None = None) -> SigningKey | None:
    q = select(SigningKey).where(SigningKey.active.is_(True))
    if person_id is not None:
        q = q.where(SigningKey.owner == "PERSON", SigningKey.person_id == person_id)
    else:
        q = q.where(SigningKey.owner == "ORG", SigningKey.org_id == org_id)
    return db.session.scalars(q.order_by(SigningKey.id.desc())).first()


def signs_digitally(org_id: int) -> bool:
    """True when the organization has key material: from then on its documents must be signed digitally."""
    return bool(db.session.scalar(select(exists().where(SigningKey.org_id == org_id, SigningKey.active.is_(True)))))


def trust_roots_pem() -> list[bytes]:
    """Configured authorities: the trust_roots table plus PEM files listed in SIGNATURE_TRUST_ROOTS."""
    roots = [r.cert_pem.encode() for r in db.session.scalars(select(TrustRoot).order_by(TrustRoot.id)).all()]
    extra = current_app.config.get("SIGNATURE_TRUST_ROOTS") or os.environ.get("SIGNATURE_TRUST_ROOTS", "")
    paths = extra.split(os.pathsep) if isinstance(extra, str) else list(extra)
    for path in (p for p in paths if p):
        with open(path, "rb") as fh:
            roots.append(fh.read())
    return roots


def list_keys() -> tuple[list[SigningKey], list[TrustRoot]]:
    """Certificates held and trusted roots (never the private keys)."""
    keys = list(db.session.scalars(select(SigningKey).order_by(SigningKey.id)).all())
    return keys, list(db.session.scalars(select(TrustRoot).order_by(TrustRoot.id)).all())


def init_demo_keys_command() -> dict[str, int]:
    """`flask keys init`: init_demo_keys in its own transaction."""
    with unit_of_work():
        return init_demo_keys()


def import_p12_command(data: bytes, password: bytes | None, *, username: str | None, org_code: str | None,
                       trust: bool) -> str:
    """`flask keys import-p12`: import_p12 in its own transaction; a one-line summary of the key."""
    with unit_of_work():
        row = import_p12(data, password, username=username, org_code=org_code, trust=trust)
        return (f"{row.owner} {row.common_name} (sha256 {row.fingerprint[:16]}…, "
                f"hết hạn {row.not_after:%d/%m/%Y})")
