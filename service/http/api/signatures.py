"""JSON API of the official file of a document: HTML preview, signed PDF, signature verification, version diff
(HTTP only)."""

from __future__ import annotations

from flask import Blueprint, Response, jsonify, request

from service.errors import ValidationFailed
from service.http.api.common import _actor, _json_body
from service.http.api.models import files as m
from service.http.api.models.base import render
from service.http.inputs import MAX_ID, query_int
from service.usecases import signing_pins
from service.usecases.document_files import (
    document_pdf,
    preview_html,
    signing_preview_pdf,
    verify_document,
    verify_upload,
)

bp = Blueprint("signatures", __name__, url_prefix="/api")


@bp.get("/documents/<int:doc_id>/preview.html")
def preview_route(doc_id: int):
    p = _actor()
    return Response(preview_html(p, doc_id), mimetype="text/html")


@bp.get("/documents/<int:doc_id>/pdf")
def pdf_route(doc_id: int):
    p = _actor()
    data, state = document_pdf(p, doc_id)
    return Response(data, mimetype="application/pdf", headers={
        "Content-Disposition": f'inline; filename="van-ban-{doc_id}.pdf"', "X-Signature-State": state,
        "Cache-Control": "no-store"})


@bp.get("/documents/<int:doc_id>/verify")
def verify_route(doc_id: int):
    p = _actor()
    return jsonify(render(m.Verification, verify_document(p, doc_id)))


@bp.post("/documents/<int:doc_id>/verify")
def verify_upload_route(doc_id: int):
    p = _actor()
    if request.mimetype != "application/pdf":
        raise ValidationFailed("Nội dung phải là tệp PDF (Content-Type: application/pdf).", code="invalid_pdf")
    return jsonify(render(m.Verification, verify_upload(p, doc_id, request.get_data(cache=False))))


@bp.get("/documents/<int:doc_id>/diff")
def diff_route(doc_id: int):
    from service.usecases.versions import diff_versions

    p = _actor()
    need = "Cần tham số from và to là số phiên bản (ví dụ ?from=1&to=2)."
    a, b = (query_int(n, required=True, low=-MAX_ID, message=need) for n in ("from", "to"))
    return jsonify(render(m.Diff, diff_versions(p, doc_id, a, b)))


@bp.get("/documents/<int:doc_id>/signing-preview.pdf")
def signing_preview_route(doc_id: int):
    p = _actor()
    return Response(signing_preview_pdf(p, doc_id), mimetype="application/pdf", headers={
        "Content-Disposition": f'inline; filename="ky-so-{doc_id}.pdf"', "Cache-Control": "no-store"})


@bp.get("/me/signing-pin")
def signing_pin_status_route():
    return jsonify(render(m.PinStatus, signing_pins.pin_status(_actor())))


@bp.post("/me/signing-pin")
def signing_pin_route():
    p = _actor()
    body = _json_body()
    signing_pins.set_pin(p, body.get("new_pin"), body.get("old_pin"), body.get("scope") or "person")
    return jsonify(render(m.PinStatus, signing_pins.pin_status(p)))
