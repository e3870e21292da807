"""Tables for keys, certificates and signed PDFs (issue: the official document and digital signatures).

Private keys are stored only as encrypted PKCS#8 PEM (under the owner's PIN; before the PIN is set, under config
KEY_PASSPHRASE); no column holds a
plain key. Signed PDFs are write-once: the database refuses UPDATE and DELETE on `signed_pdfs`.
"""
from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from service.extensions import db

JSON = sa.JSON().with_variant(sa.dialects.postgresql.JSONB(), "postgresql")


class TrustRoot(db.Model):
    """A certificate authority whose root certificate signatures must chain to (chứng thư gốc tin cậy).

    `key_pem_enc` is set only for the demo CA made by `flask keys init` (so it can issue more demo
    certificates later); a real CA's key never enters this system.
    """
    __tablename__ = "trust_roots"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(300))
    cert_pem: Mapped[str] = mapped_column(sa.Text)
    fingerprint: Mapped[str] = mapped_column(sa.String(64), unique=True)  # sha256 of the DER certificate
    key_pem_enc: Mapped[bytes | None] = mapped_column(sa.LargeBinary)
    is_demo: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime]


class SigningKey(db.Model):
    """Key material of a person (chữ ký số cá nhân) or of an organization (chữ ký số cơ quan, the seal)."""
    __tablename__ = "signing_keys"
    id: Mapped[int] = mapped_column(primary_key=True)
    owner: Mapped[str] = mapped_column(sa.String(10))  # PERSON | ORG
    person_id: Mapped[int | None] = mapped_column(sa.ForeignKey("people.id"), index=True)
    org_id: Mapped[int] = mapped_column(sa.ForeignKey("organizations.id"), index=True)
    common_name: Mapped[str] = mapped_column(sa.String(300))
    cert_pem: Mapped[str] = mapped_column(sa.Text)
    chain_pem: Mapped[str] = mapped_column(sa.Text, default="")  # issuer certificates, PEM concatenated
    key_pem_enc: Mapped[bytes] = mapped_column(sa.LargeBinary)
    fingerprint: Mapped[str] = mapped_column(sa.String(64), unique=True)
    not_after: Mapped[datetime]
    source: Mapped[str] = mapped_column(sa.String(10))  # DEMO | P12
    active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime]
    # The owner's PIN (signing_pins.py): the scrypt salt, NULL while the key is in the server-held form (before
    # its owner sets a PIN); wrong PINs counted here, five lock the key until an administrator issues a new one.
    pin_salt: Mapped[bytes | None] = mapped_column(sa.LargeBinary)
    pin_failures: Mapped[int] = mapped_column(default=0, server_default="0")
    pin_locked_at: Mapped[datetime | None]


class SignedPdf(db.Model):
    """One signed file of a document: stage PERSONAL (at Sign) or ORGANIZATION (at dispatch, over PERSONAL)."""
    __tablename__ = "signed_pdfs"
    __table_args__ = (sa.UniqueConstraint("document_id", "stage"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(sa.ForeignKey("documents.id"), index=True)
    stage: Mapped[str] = mapped_column(sa.String(20))  # PERSONAL | ORGANIZATION
    version_no: Mapped[int]
    content_sha256: Mapped[str] = mapped_column(sa.String(64))  # the approved content's hash (documents.signed_hash)
    pdf: Mapped[bytes] = mapped_column(sa.LargeBinary)
    sha256: Mapped[str] = mapped_column(sa.String(64))
    key_id: Mapped[int] = mapped_column(sa.ForeignKey("signing_keys.id"))
    signer_id: Mapped[int] = mapped_column(sa.ForeignKey("people.id"))  # the signer, or the clerk for ORGANIZATION
    signed_at: Mapped[datetime]
    details: Mapped[dict | None] = mapped_column(JSON)
    key: Mapped[SigningKey] = relationship()


class AppearanceImage(db.Model):
    """The picture a signature shows on the page (domain.md §6): a person's handwritten signature (owner PERSON)
    or an organization's red seal (owner ORG), a transparent PNG. One per person, one per organization."""
    __tablename__ = "appearance_images"
    id: Mapped[int] = mapped_column(primary_key=True)
    owner: Mapped[str] = mapped_column(sa.String(10))  # PERSON (signature) | ORG (seal)
    person_id: Mapped[int | None] = mapped_column(sa.ForeignKey("people.id"), unique=True)
    org_id: Mapped[int | None] = mapped_column(sa.ForeignKey("organizations.id"), unique=True)
    png: Mapped[bytes] = mapped_column(sa.LargeBinary, deferred=True)
    sha256: Mapped[str] = mapped_column(sa.String(64))
    width: Mapped[int]
    height: Mapped[int]
    uploaded_by_id: Mapped[int] = mapped_column(sa.ForeignKey("people.id"))
    uploaded_at: Mapped[datetime]
