"""JSON API of the pictures signatures show (domain.md §6): a person's signature image and an organization's seal
image, transparent PNGs sent as the raw body (Content-Type: image/png). PUT stores (200 + what was kept), GET
returns the PNG, DELETE removes it. HTTP only: parse, call one use case, serialise."""
from __future__ import annotations

from flask import Blueprint, Response, jsonify, request

from service.errors import ValidationFailed
from service.http.api.common import _actor, _iso
from service.http.api.models.admin import Image
from service.http.api.models.base import render
from service.http.api.openapi_parts import _errors, _op, _resp
from service.usecases import appearance_images as images

bp = Blueprint("api_images", __name__, url_prefix="/api")


def image_json(row) -> dict:
    return {"sha256": row.sha256, "width": row.width, "height": row.height, "uploaded_at": _iso(row.uploaded_at)}


def _png_body(owner: str) -> bytes:
    if request.mimetype != "image/png":
        field, label = images.LABELS[owner]
        raise ValidationFailed(f"{label}: nội dung phải là tệp ảnh PNG nền trong suốt (Content-Type: image/png).",
                               details=[{"field": field}], code="invalid_image")
    return request.get_data(cache=False)


def _png(row) -> Response:
    return Response(row.png, mimetype="image/png", headers={"Cache-Control": "no-store", "ETag": row.sha256})


@bp.get("/people/<int:person_id>/signature-image")
def signature_image(person_id: int):
    return _png(images.signature_image(_actor(), person_id))


@bp.put("/people/<int:person_id>/signature-image")
def put_signature_image(person_id: int):
    actor = _actor()
    return jsonify(render(Image, image_json(images.set_signature_image(actor, person_id,
                                                                       _png_body(images.SIGNATURE)))))


@bp.delete("/people/<int:person_id>/signature-image")
def delete_signature_image(person_id: int):
    images.delete_signature_image(_actor(), person_id)
    return "", 204


@bp.get("/organizations/<int:org_id>/seal-image")
def seal_image(org_id: int):
    return _png(images.seal_image(_actor(), org_id))


@bp.put("/organizations/<int:org_id>/seal-image")
def put_seal_image(org_id: int):
    actor = _actor()
    return jsonify(render(Image, image_json(images.set_seal_image(actor, org_id, _png_body(images.SEAL)))))


@bp.delete("/organizations/<int:org_id>/seal-image")
def delete_seal_image(org_id: int):
    images.delete_seal_image(_actor(), org_id)
    return "", 204


def openapi_paths() -> dict:
    """OpenAPI description of the routes above (merged by service.http.api.openapi)."""
    png_body = {"required": True, "content": {"image/png": {"schema": {"type": "string", "format": "binary"}}}}
    png = {"description": "PNG", "content": {"image/png": {}}}
    out: dict = {}
    for path, id_name, what, who in (
            ("people/{person_id}/signature-image", "person_id", "a person's signature image",
             "the person or an administrator of their organization"),
            ("organizations/{org_id}/seal-image", "org_id", "an organization's seal image",
             "an administrator of the organization")):
        params = [{"name": id_name, "in": "path", "required": True, "schema": {"type": "integer"}}]
        out[f"/api/{path}"] = {
            "get": _op(f"Read back {what} (PNG)", {"200": png, **_errors(401, 403, 404)}, params=params),
            "put": {**_op(f"Upload {what}: a transparent PNG, at most {images.MAX_BYTES // 1024} KB and "
                          f"{images.MAX_SIDE}×{images.MAX_SIDE} pixels ({who}; audited)",
                          {"200": _resp("Stored", Image), **_errors(401, 403, 404, 413, 422)}, params=params),
                    "requestBody": png_body},
            "delete": _op(f"Remove {what} ({who}; audited)", {"204": {"description": "Removed"},
                                                              **_errors(401, 403, 404)}, params=params)}
    return out
