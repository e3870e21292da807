"""Review and signature of an outgoing draft: submit, approve the content, sign with an authority."""

from __future__ import annotations

from datetime import date, datetime

from service.clock import current_clock
from service.domain import signature as dsig
from service.domain import validation as dval
from service.domain.errors import Violation
from service.errors import Conflict, Forbidden, ValidationFailed
from service.store.documents import Document
from service.store.organizations import Person
from service.usecases import issuing
from service.usecases.access import authorities_of
from service.usecases.outgoing import document_content, domain_content


def check_submittable(doc: Document) -> None:
    """Trình: the draft must pass the content rules (V1–V13 that apply to a draft) before anyone reviews it."""
    violations = dval.validate_content(domain_content(doc.system, document_content(doc)))
    if violations:
        raise ValidationFailed.from_violations(violations, "Dự thảo chưa thể trình.")


def record_approval(doc: Document) -> None:
    """Thẩm định nội dung: the approved content is remembered; signing a different content is refused."""
    if doc.step == "content_review":
        doc.approved_hash = doc.content_hash


def sign(actor: Person, doc: Document, now: datetime) -> None:
    """Ký: the approved version, complete (V12/V13), by a person whose authority covers the issuer, the kind and
    the date (V8–V10); the signature block comes from that authority."""
    if doc.approved_hash != doc.content_hash:
        raise Conflict("Nội dung đã thay đổi sau khi được thẩm định; dự thảo phải được thẩm định lại.",
                       code="changed_after_approval")
    violations = dval.validate_for_signing(domain_content(doc.system, document_content(doc)))
    if violations:
        raise ValidationFailed.from_violations(violations, "Văn bản thiếu thành phần bắt buộc, chưa thể ký (V12/V13).")
    today = current_clock().today()
    block, problems = _signature_block(actor, doc, today)
    if block is None:
        raise Forbidden("Bạn không có thẩm quyền ký văn bản này. " + "; ".join(v.message for v in problems))
    v11 = issuing.kind_problems(doc.org, doc.kind, block.collective_title, any_collective=False)
    if v11:  # e.g. a grassroots đảng ủy issues a Hướng dẫn only through its Ban Thường vụ
        raise ValidationFailed.from_violations(v11, "Không thể ký.")
    doc.signature_block = {"prefix": block.prefix, "collective_title": block.collective_title,
                           "position_title": block.position_title, "full_name": block.full_name,
                           "lines": block.lines()}
    doc.signed_hash = doc.content_hash
    doc.signed_at = now
    doc.signed_by_id = actor.id


def _signature_block(actor: Person, doc: Document, on: date):
    """The block the actor signs with: the first of their authorities that covers this document."""
    auths = authorities_of(actor, doc.org_id)
    problems: list[Violation] = []
    for a in auths:
        block = dsig.SignatureBlock(prefix=a.prefix, collective_title=a.collective_title,
                                    position_title=a.position_title, full_name=actor.full_name)
        v = dsig.check_signing_authority(auths, doc.org_id, doc.system, doc.kind, on, block)
        if not v:
            return block, []
        problems.extend(v)
    if not auths:
        problems.append(Violation("V8", "signer", "Người ký không có thẩm quyền ký văn bản của cơ quan này."))
    return None, problems
