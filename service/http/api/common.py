"""Shared by the JSON API modules: the JSON body, pydantic parsing into 422s, the bearer-token caller,
If-Match, and the JSON shape of a document."""

from __future__ import annotations

from flask import g, request

from service.clock import to_vn
from service.domain import kinds as dkinds
from service.domain import numbering
from service.domain import recipients as drec
from service.errors import BadRequest, Unauthenticated, ValidationFailed
from service.usecases import corrections, input_messages, outgoing
from service.usecases.accounts import person_for_token


def _json_body() -> dict:
    """The JSON object of the body, read within the limits of service.http.inputs (415 not JSON, 413 too large,
    400 too deep, malformed or carrying text that is not text)."""
    data = request.get_json()
    if not isinstance(data, dict):
        raise BadRequest("Nội dung phải là một đối tượng JSON.")
    return data


def _parse(model, data: dict):
    """`model` from the body, or a 422 whose every message is Vietnamese and names the field by its label."""
    return input_messages.parse(model, data)


def _bearer() -> str:
    header = request.headers.get("Authorization", "")
    if not header.startswith("Bearer "):
        raise Unauthenticated("Cần mã truy cập (Authorization: Bearer <token>).")
    return header[len("Bearer "):].strip()


def _actor():
    """The person of the bearer token (401 when the token is missing, unknown, expired or revoked)."""
    person = person_for_token(_bearer())
    if person is None:
        raise Unauthenticated("Mã truy cập không hợp lệ, đã hết hạn hoặc đã bị thu hồi.")
    g.person = person
    return person


def _expected_version() -> int | None:
    raw = request.headers.get("If-Match")
    if raw is None:
        return None
    try:
        return int(raw.strip('"'))
    except ValueError:
        raise ValidationFailed("If-Match phải là số phiên bản của văn bản.", code="invalid_header") from None


def _iso(dt) -> str | None:
    return to_vn(dt).isoformat() if dt else None


# Over 40 lines on purpose: one JSON object, field by field; splitting it would scatter the response shape.
def document_json(doc, *, full: bool = True) -> dict:
    out = {
        "id": doc.id,
        "org": doc.org.code,
        "issuer": doc.org.name,
        "system": doc.system,
        "ruleset": doc.ruleset,
        "ruleset_label": dkinds.ruleset_label(doc.ruleset),
        "kind": doc.kind,
        "subject": doc.subject,
        "status": doc.status,
        "status_label": outgoing.STATUS_LABELS.get(doc.status, doc.status),
        "step": doc.step,
        "step_role": doc.step_role,
        "task_id": doc.step_task_id,
        "version": doc.lock_version,
        "version_no": doc.version_no,
        "content_hash": doc.content_hash,
        "urgency": doc.urgency,
        "secrecy": doc.secrecy,
        "number": doc.number,
        "symbol": doc.symbol,
        "number_line": _number_line(doc),
        "issue_date": doc.issue_date.isoformat() if doc.issue_date else None,
        "date_line": _date_line(doc),
        "created_at": _iso(doc.created_at),
        "signed_at": _iso(doc.signed_at),
        "dispatched_at": _iso(doc.dispatched_at),
        "corrects_id": doc.corrects_id,
        "recalled": doc.recalled_at is not None,
        "recalled_at": _iso(doc.recalled_at),
        "recall_reason": doc.recall_reason,
    }
    if full:
        out.update({
            "corrected_by": _corrected_by(doc),
            "preamble": doc.preamble,
            "body": doc.body,
            "place": doc.place,
            "drafting_unit": doc.drafting_unit.code if doc.drafting_unit else None,
            "intended_signer": doc.intended_signer.username if doc.intended_signer else None,
            "created_by": doc.created_by.username,
            "recipients": doc.recipients,
            "archive": {"units": doc.archive_units, "copies": doc.archive_copies} if doc.archive_units else None,
            "archive_line": drec.format_archive_line(
                doc.system, drec.ArchiveLine(tuple(doc.archive_units), doc.archive_copies))
            if doc.archive_units else None,
            "recipient_lines": [drec.format_recipient_line(
                doc.system, drec.RecipientLine(r["text"], r["purpose"], r.get("org_code")))
                for r in doc.recipients],
            "copies": doc.copies,
            "signature_block": doc.signature_block,
            "approved_hash": doc.approved_hash,
            "signed_hash": doc.signed_hash,
        })
    return out


def issued_json(doc) -> dict:
    """What a person of a recipient organization sees of a document: the issued document only (number, date,
    subject, issuer, the Nơi nhận lines as printed), nothing of the sender's inside."""
    return {
        "id": doc.id, "org": doc.org.code, "issuer": doc.org.name, "system": doc.system, "kind": doc.kind,
        "subject": doc.subject, "status": doc.status,
        "status_label": outgoing.STATUS_LABELS.get(doc.status, doc.status), "urgency": doc.urgency,
        "secrecy": doc.secrecy, "number": doc.number, "symbol": doc.symbol, "number_line": _number_line(doc),
        "issue_date": doc.issue_date.isoformat() if doc.issue_date else None, "date_line": _date_line(doc),
        "dispatched_at": _iso(doc.dispatched_at), "corrects_id": doc.corrects_id, "corrected_by": _corrected_by(doc),
        "recalled": doc.recalled_at is not None, "recalled_at": _iso(doc.recalled_at),
        "recall_reason": doc.recall_reason,
        "recipient_lines": [drec.format_recipient_line(
            doc.system, drec.RecipientLine(r["text"], r["purpose"], r.get("org_code"))) for r in doc.recipients],
        "insider": False,
    }


def _corrected_by(doc) -> list[int]:
    """Ids of the corrections (văn bản đính chính) of the document that the caller may see."""
    return [c.id for c in corrections.corrections_of(g.get("person"), doc)[1]] if g.get("person") else []


def _number_line(doc) -> str | None:
    return numbering.format_number_line(doc.system, doc.symbol) if doc.symbol else None


def _date_line(doc) -> str | None:
    from service.domain.dates import format_date_line
    return format_date_line(doc.place, doc.issue_date) if doc.issue_date else None


def delivery_json(d) -> dict:
    org, person = d.recipient_org, d.recipient_person
    return {"id": d.id, "position": d.position, "line_no": d.line_no, "recipient": d.recipient_text,
            "purpose": d.purpose, "organization": org.code if org else None,
            "organization_name": org.name if org else None, "person": person.username if person else None,
            "person_name": person.full_name if person else None, "outside": org is None, "channel": d.channel,
            "note": d.note, "status": d.status, "sent_at": _iso(d.sent_at), "received_at": _iso(d.received_at)}
