"""The official file of a document: the HTML preview, the PDF (signed once signed), and the verification of
its signatures (domain.md §6, NĐ 30 Arts. 13, 32; V18)."""

from __future__ import annotations

from service.clock import current_clock
from service.domain.handling import is_secret, never_online
from service.errors import Conflict, Forbidden, ValidationFailed
from service.extensions import db
from service.output.document import render_input
from service.output.pades import (
    sha256_hex,
    verify_pdf,
)
from service.output.pdf import render_html, render_pdf
from service.store.documents import Document, live_register_entry
from service.store.organizations import Person
from service.usecases.access import get_document, is_insider, may_act
from service.usecases.handling import open_document, record_view
from service.usecases.keys import signs_digitally, trust_roots_pem
from service.usecases.review import sign as sign_block
from service.usecases.signing import ORGANIZATION, PERSONAL, _signed, _unsigned_personal


def preview_html(actor: Person, doc_id: int) -> str:
    """The current version as an HTML page (DỰ THẢO mark until signed); the sender's only (404 to recipients)."""
    doc = get_document(actor, doc_id, insider=True)
    if is_secret(doc.secrecy):
        record_view(actor, doc, "preview")
    return render_html(render_input(doc, on=current_clock().today()))


def signing_preview_pdf(actor: Person, doc_id: int) -> bytes:
    """The exact PDF the open signing step will sign, for the person who may take that step (before the PIN)."""
    doc = get_document(actor, doc_id, insider=True)
    reason = may_act(actor, doc, doc.step) if doc.step else "Văn bản không còn bước nào đang mở."
    if reason:
        raise Forbidden(reason)
    if doc.step == "sign" and signs_digitally(doc.org_id):
        try:  # what completing Sign does before the signature: the signature block, then the same rendering;
            # never flushed: a preview writes nothing (two previews at once would fight for SQLite's write lock)
            with db.session.no_autoflush:
                sign_block(actor, doc, current_clock().now())
                return _unsigned_personal(actor, doc)[0]
        finally:
            db.session.rollback()  # a preview changes nothing
    personal = _signed(doc.id, PERSONAL)
    if doc.step == "dispatch" and personal is not None:
        return personal.pdf  # the organization's signature goes over the personal-signed file as it is
    raise Conflict("Văn bản không ở bước ký số nào (ký ban hành, hoặc ký số cơ quan khi phát hành).",
                   code="not_signing_step")


def document_pdf(actor: Person, doc_id: int) -> tuple[bytes, str]:
    """(pdf, state): the organization-signed file once dispatched, the personal-signed file once signed,
    else an unsigned rendering (marked DỰ THẢO while not signed). state: organization | personal | unsigned.
    A recipient (who sees the document only once dispatched) gets the issued file, never that of a Tối mật /
    Tuyệt mật document (V14: those go on paper only). Every download of a secret document is audited."""
    doc = open_document(actor, doc_id, "pdf")
    if not is_insider(actor, doc) and never_online(doc.secrecy):  # a recipient sees only the issued file
        raise Forbidden("Văn bản Tối mật/Tuyệt mật chỉ gửi bằng bản giấy; không tải được bản điện tử.",
                        code="secret_paper_only")
    for stage in (ORGANIZATION, PERSONAL):
        row = _signed(doc.id, stage)
        if row is not None:
            return row.pdf, stage.lower()
    return render_pdf(render_input(doc, on=current_clock().today())), "unsigned"


def _signature_json(s) -> dict:
    return {"field": s.field_name, "signer": s.signer_common_name, "signed_at": s.signed_at.isoformat(),
            "intact": s.intact, "valid": s.valid, "trusted": s.trusted, "covers_whole_file": s.covers_whole_file,
            "problem": s.problem}


def _report(doc: Document, pdf: bytes | None, source: str | None) -> dict:
    entry = live_register_entry(doc.id)
    register_sha = entry.signed_pdf_sha256 if entry else None
    out: dict = {"document_id": doc.id, "source": source, "register_sha256": register_sha,
                 "sha256": None, "matches_register": None, "ok": False, "altered": False,
                 "personal": None, "organization": None, "signatures": []}
    if pdf is None:
        out["badge"] = {"state": "unsigned", "label": "Chưa ký số"}
        return out
    report = verify_pdf(pdf, trust_roots_pem())
    sigs = [_signature_json(s) for s in report.signatures]
    by_field = {s["field"]: s for s in sigs}
    digest = sha256_hex(pdf)
    expected = {"personal"} | ({"organization"} if doc.dispatched_at else set())
    ok = report.ok and expected <= by_field.keys() and (register_sha is None or register_sha == digest)
    out.update(sha256=digest, matches_register=(register_sha == digest) if register_sha else None, ok=ok,
               altered=report.altered, personal=by_field.get("personal"),
               organization=by_field.get("organization"), signatures=sigs)
    if ok:
        out["badge"] = {"state": "valid", "label": "Chữ ký số hợp lệ, tệp nguyên vẹn"}
    elif report.altered:
        out["badge"] = {"state": "altered", "label": "Tệp đã bị thay đổi sau khi ký"}
    else:
        out["badge"] = {"state": "invalid", "label": "Chữ ký số không hợp lệ hoặc không được tin cậy"}
    return out


def verify_document(actor: Person, doc_id: int) -> dict:
    """Check the stored signed file: both signatures, chain to the configured authorities, unchanged."""
    doc = get_document(actor, doc_id)
    for stage in (ORGANIZATION, PERSONAL):
        row = _signed(doc.id, stage)
        if row is not None:
            return _report(doc, row.pdf, stage.lower())
    return _report(doc, None, None)


def verify_upload(actor: Person, doc_id: int, pdf: bytes) -> dict:
    """Check a file someone holds as this document (e.g. a copy received by e-mail) the same way."""
    doc = get_document(actor, doc_id)
    if not pdf:
        raise ValidationFailed("Cần gửi tệp PDF trong thân yêu cầu (Content-Type: application/pdf).",
                               code="invalid_pdf")
    return _report(doc, pdf, "upload")
