"""JSON API of correction (đính chính), recall (thu hồi) and voided numbers (hủy số) of an outgoing document.
HTTP only: parse, call one use case, serialise."""
from __future__ import annotations

from flask import Blueprint, jsonify, url_for

from service.http.api.common import _actor, _json_body, _parse, document_json
from service.http.api.models.base import render
from service.http.api.models.documents import Document
from service.http.api.openapi_parts import _errors, _op, _resp
from service.usecases import corrections, recall
from service.usecases.inputs import ReasonIn

bp = Blueprint("api_corrections", __name__, url_prefix="/api")


@bp.post("/documents/<int:doc_id>/corrections")
def start_correction(doc_id: int):
    doc = corrections.start_correction(_actor(), doc_id)
    return jsonify(render(Document, document_json(doc))), 201, {"Location": url_for("api.get_document", doc_id=doc.id)}


@bp.post("/documents/<int:doc_id>/recall")
def recall_document(doc_id: int):
    p = _actor()
    data = _parse(ReasonIn, _json_body())
    return jsonify(render(Document, document_json(recall.recall(p, doc_id, data.reason))))


@bp.post("/documents/<int:doc_id>/void-number")
def void_number(doc_id: int):
    p = _actor()
    data = _parse(ReasonIn, _json_body())
    return jsonify(render(Document, document_json(recall.void_number(p, doc_id, data.reason))))


def openapi_paths() -> dict:
    """OpenAPI description of the routes above (merged by service.http.api.openapi)."""
    doc = Document
    ids = [{"name": "doc_id", "in": "path", "required": True, "schema": {"type": "integer"}}]
    reason = ReasonIn
    return {
        "/api/documents/{doc_id}/corrections": {"post": _op(
            "Start the công văn đính chính of an issued document (a drafter of its issuer): a new draft linked to "
            "it (`corrects_id`; the corrected document lists it in `corrected_by`), its Nơi nhận copied; audited",
            {"201": _resp("The correction draft", doc), **_errors(401, 403, 404, 409, 422)}, params=ids)},
        "/api/documents/{doc_id}/recall": {"post": _op(
            "Recall (thu hồi) an issued document (its competent signer), with a reason: frozen, marked ĐÃ THU HỒI "
            "in the register, every recipient's incoming copy withdrawn and its open step closed, recipients "
            "notified; one transaction, audited",
            {"200": _resp("The recalled document", doc), **_errors(400, 401, 403, 404, 409, 413, 415, 422)},
            params=ids, body=reason)},
        "/api/documents/{doc_id}/void-number": {"post": _op(
            "Void a number given by mistake (the clerk, before dispatch), with a reason: the register keeps the "
            "number as 'Số bị hủy', it is never reused, and the document goes back to numbering; audited",
            {"200": _resp("The document, back at numbering", doc),
             **_errors(400, 401, 403, 404, 409, 413, 415, 422)}, params=ids, body=reason)},
    }

