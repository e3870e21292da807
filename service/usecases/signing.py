"""Digital signatures in the outgoing flow (domain.md §6, NĐ 30 Arts. 13, 32; V18).

- Sign: the signer's personal key signs the PDF of the approved version, number and date left blank.
- Register: a document signed on paper gets the note "Chưa ký số" in the register.
- Dispatch: the organization's signature (in place of the seal) goes over the personal-signed file; its
  visible appearance types the number and the date into the blanks, and the same revision fills the seal field
  with the organization's seal image. V18: none without the personal one.
- The signer's uploaded signature image is the personal signature's visible appearance, between the position
  and the name; without one the space stays empty (as on paper).

Signatures are required once an organization has key material; organizations without keys sign on paper."""

from __future__ import annotations

import time
from datetime import datetime

from flask import current_app
from sqlalchemy import select

from service.clock import current_clock
from service.domain.validation import check_org_signature_allowed
from service.errors import Conflict, ValidationFailed
from service.extensions import db
from service.output.appearance import image_page, seal_box, signature_box
from service.output.document import pdf_metadata, render_input, render_number_strip, render_signed_layout
from service.output.pades import (
    add_stamp_field,
    sha256_hex,
    sign_pdf,
)
from service.store.documents import Document, live_register_entry
from service.store.organizations import Person
from service.store.signing import SignedPdf
from service.usecases.appearance_images import png_of_org, png_of_person
from service.usecases.keys import _active_key, signs_digitally
from service.usecases.signing_pins import unlock

PERSONAL, ORGANIZATION = "PERSONAL", "ORGANIZATION"


FIELD = {PERSONAL: "personal", ORGANIZATION: "organization"}
SEAL_FIELD = "seal"  # the image field the organization's signature fills with the seal image


UNSIGNED_NOTE = "Chưa ký số"


def _signed(doc_id: int, stage: str) -> SignedPdf | None:
    return db.session.scalars(select(SignedPdf).where(SignedPdf.document_id == doc_id,
                                                      SignedPdf.stage == stage)).first()


def _unsigned_personal(actor: Person, doc: Document) -> tuple[bytes, tuple | None, dict, int]:
    """The exact PDF the signer's personal signature goes over (number and date blank), its signature image
    appearance, the details kept with the signed file and the page of the signature."""
    ri = render_input(doc, on=current_clock().today(), numbered=False, draft_mark=False)
    layout = render_signed_layout(ri)
    box, details = layout.number_box, {"stamp_box": layout.number_box}
    image, sig_box, seal = png_of_person(actor.id), None, []
    if layout.signature_gap is not None:  # the signature image between position and name, the seal over it
        sig_box = signature_box(layout.signature_gap, image) if image else None
        details.update(seal_box=seal_box(layout.signature_gap, sig_box), seal_page=layout.signature_page)
        seal = [(SEAL_FIELD, layout.signature_page, details["seal_box"])]
    pdf = add_stamp_field(layout.pdf, FIELD[ORGANIZATION], box, render_number_strip(ri, box),  # the blanks
                          image_fields=seal)
    appearance = (tuple(sig_box), image_page(image, sig_box)) if image and sig_box else None
    return pdf, appearance, details, layout.signature_page


def sign_personally(actor: Person, doc: Document, now: datetime, pin: object = None) -> None:
    """Personal signature over the approved version, rendered with the number and date blank (only for an
    organization that signs digitally), with the key opened by the signer's PIN."""
    if doc.signed_hash is None or not signs_digitally(doc.org_id):
        return
    key = _active_key(person_id=actor.id)
    if key is None:
        raise Conflict(
            f"{actor.full_name} chưa có khóa ký số cá nhân nên chưa thể ký văn bản của {doc.org.name}. "
            "Quản trị viên cần chạy lệnh `flask keys init` (dữ liệu mẫu) hoặc nhập chứng thư số .p12 do "
            "tổ chức cung cấp dịch vụ chứng thực cấp (`flask keys import-p12 TỆP --person "
            f"{actor.username}`).", code="signing_key_missing")
    material = unlock(key, pin)  # before rendering: a locked key or a wrong PIN costs nothing
    started = time.perf_counter()
    pdf, appearance, details, page = _unsigned_personal(actor, doc)
    rendered = time.perf_counter()
    signed = sign_pdf(pdf, material, field_name=FIELD[PERSONAL], signer_name=actor.full_name,
                      reason=f"Ký ban hành văn bản (phiên bản {doc.version_no}, sha256 nội dung {doc.signed_hash})",
                      location=doc.place, appearance=appearance, page=page)
    current_app.logger.info("document %s: personal signature, render %.3f s, sign %.3f s", doc.id,
                            rendered - started, time.perf_counter() - rendered)
    db.session.add(SignedPdf(document_id=doc.id, stage=PERSONAL, version_no=doc.version_no,
                             content_sha256=doc.signed_hash, pdf=signed, sha256=sha256_hex(signed), key_id=key.id,
                             signer_id=actor.id, signed_at=now, details=details))


def note_if_unsigned(doc: Document) -> None:
    """A document without a personal digital signature is registered with the note "Chưa ký số"."""
    if _signed(doc.id, PERSONAL) is not None:
        return
    entry = live_register_entry(doc.id)
    if entry is not None:
        entry.note = "; ".join(n for n in (entry.note, UNSIGNED_NOTE) if n)


def _short_date(d) -> str:
    return f"{d.day:02d}/{d.month:02d}/{d.year}" if d.month <= 2 else f"{d.day:02d}/{d.month}/{d.year}"


def sign_as_organization(actor: Person, doc: Document, now: datetime, pin: object = None) -> None:
    """Organization signature (replaces the seal) over the personal-signed file; its appearance carries the
    number and the date. The register keeps the final file's sha256."""
    personal = _signed(doc.id, PERSONAL)
    if personal is None and not signs_digitally(doc.org_id):
        return
    violations = check_org_signature_allowed(personal is not None)
    if violations:
        raise ValidationFailed("Không thể ký số cơ quan: " + "; ".join(v.message for v in violations),
                               details=[{"rule": v.code, "field": v.field, "message": v.message}
                                        for v in violations])
    key = _active_key(org_id=doc.org_id)
    if key is None:
        raise Conflict(f"{doc.org.name} chưa có khóa ký số cơ quan. Quản trị viên cần chạy `flask keys init` "
                       f"hoặc `flask keys import-p12 TỆP --org {doc.org.code}`.", code="org_key_missing")
    material = unlock(key, pin)  # the organization's PIN, known to its clerks
    started = time.perf_counter()
    box = personal.details["stamp_box"]
    ri = render_input(doc, on=current_clock().today(), numbered=True, draft_mark=False)
    strip = render_number_strip(ri, box)
    seal = png_of_org(doc.org_id)
    images = ({SEAL_FIELD: image_page(seal, personal.details["seal_box"])}
              if seal and personal.details.get("seal_box") else None)  # files signed before seals had no field
    signed = sign_pdf(personal.pdf, material, field_name=FIELD[ORGANIZATION], signer_name=doc.org.name,
                      reason=f"Số {doc.symbol}, ngày {_short_date(doc.issue_date)}", location=doc.place,
                      appearance=(tuple(box), strip), metadata=pdf_metadata(ri), images=images)
    current_app.logger.info("document %s: organization signature %.3f s", doc.id, time.perf_counter() - started)
    digest = sha256_hex(signed)
    db.session.add(SignedPdf(document_id=doc.id, stage=ORGANIZATION, version_no=personal.version_no,
                             content_sha256=personal.content_sha256, pdf=signed, sha256=digest, key_id=key.id,
                             signer_id=actor.id, signed_at=now, details={"symbol": doc.symbol}))
    entry = live_register_entry(doc.id)
    if entry is not None:
        entry.signed_pdf_sha256 = digest
