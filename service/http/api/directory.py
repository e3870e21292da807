"""JSON API of the directory: search it for a Nơi nhận line, keep named recipient groups, and record a delivery
made outside the system. HTTP only: parse, call one use case, serialise."""
from __future__ import annotations

from flask import Blueprint, jsonify, request, url_for

from service.errors import ValidationFailed
from service.http.api.admin import _admin
from service.http.api.common import _actor, _json_body, _parse, delivery_json
from service.http.api.openapi_parts import _errors, _op, _resp
from service.usecases import admin_inputs as ai
from service.usecases import directory, directory_groups, dispatch
from service.usecases.inputs import DeliveryRecordIn

bp = Blueprint("api_directory", __name__, url_prefix="/api")


def group_json(g) -> dict:
    return {"id": g.id, "org_id": g.org_id, "code": g.code, "name": g.name,
            "members": directory_groups.member_refs(g)}


@bp.get("/directory")
def search():
    p = _actor()
    try:
        limit = min(max(int(request.args.get("limit", 50)), 1), 500)
    except ValueError:
        raise ValidationFailed("limit phải là số nguyên.", details=[{"field": "limit"}]) from None
    q = request.args.get("q", "")[:200]
    return jsonify({"items": directory.search(p, q, limit)})


@bp.get("/groups")
def groups():
    p = _admin()
    return jsonify({"items": [group_json(g) for g in directory_groups.list_groups(p, request.args.get("org"))]})


@bp.post("/groups")
def create_group():
    g = directory_groups.create_group(_admin(), _parse(ai.GroupIn, _json_body()))
    return jsonify(group_json(g)), 201, {"Location": url_for("api_directory.update_group", group_id=g.id)}


@bp.patch("/groups/<int:group_id>")
def update_group(group_id: int):
    return jsonify(group_json(directory_groups.update_group(_admin(), group_id,
                                                            _parse(ai.GroupPatch, _json_body()))))


@bp.delete("/groups/<int:group_id>")
def delete_group(group_id: int):
    directory_groups.delete_group(_admin(), group_id)
    return "", 204


@bp.post("/documents/<int:doc_id>/deliveries/<int:delivery_id>/record")
def record_delivery(doc_id: int, delivery_id: int):
    d = dispatch.record_outside_delivery(_actor(), doc_id, delivery_id, _parse(DeliveryRecordIn, _json_body()))
    return jsonify(delivery_json(d))


def openapi_paths() -> dict:
    """OpenAPI description of the routes above (merged by service.http.api.openapi)."""
    entry = {"type": "object", "required": ["link", "type", "ref", "name"], "properties": {
        "link": {"type": "string", "description": "type:ref, the value a Nơi nhận line stores"},
        "type": {"type": "string", "enum": ["org", "subordinates", "group", "person"]},
        "ref": {"type": "string"}, "name": {"type": "string"}, "detail": {"type": "string"},
        "type_label": {"type": "string"}}}
    group = {"type": "object", "required": ["id", "code", "name", "members"], "properties": {
        "id": {"type": "integer"}, "org_id": {"type": "integer"}, "code": {"type": "string"},
        "name": {"type": "string"}, "members": {"type": "array", "items": {"type": "object"}}}}
    gid = [{"name": "group_id", "in": "path", "required": True, "schema": {"type": "integer"}}]
    ids = [{"name": n, "in": "path", "required": True, "schema": {"type": "integer"}}
           for n in ("doc_id", "delivery_id")]
    q = [{"name": n, "in": "query", "required": False, "schema": {"type": t}}
         for n, t in (("q", "string"), ("limit", "integer"))]
    lst = {"type": "object", "properties": {"items": {"type": "array", "items": group}}}
    return {
        "/api/directory": {"get": _op(
            "Search the directory (organizations, their subordinates, groups and people; diacritics ignored)",
            {"200": _resp("Entries", {"type": "object", "properties": {"items": {"type": "array", "items": entry}}}),
             **_errors(401, 422)}, params=q)},
        "/api/groups": {
            "get": _op("Named recipient groups (administrators)", {"200": _resp("List", lst), **_errors(401, 403, 422)},
                       params=[{"name": "org", "in": "query", "required": False, "schema": {"type": "string"}}]),
            "post": _op("Create a recipient group (administrators; audited)",
                        {"201": _resp("Created", group), **_errors(400, 401, 403, 409, 413, 415, 422)},
                        body={"$ref": "#/components/schemas/GroupIn"})},
        "/api/groups/{group_id}": {
            "patch": _op("Rename a group or replace its members (administrators; audited)",
                         {"200": _resp("Changed", group), **_errors(400, 401, 403, 404, 409, 413, 415, 422)},
                         params=gid, body={"$ref": "#/components/schemas/GroupPatch"}),
            "delete": _op("Remove a group (administrators; audited)", {"204": {"description": "Removed"},
                          **_errors(401, 403, 404)}, params=gid)},
        "/api/documents/{doc_id}/deliveries/{delivery_id}/record": {"post": _op(
            "The clerk records how a line outside the system was sent (paper or e-mail; audited)",
            {"200": _resp("Recorded", {"type": "object"}), **_errors(400, 401, 403, 404, 409, 413, 415, 422)},
            params=ids, body={"$ref": "#/components/schemas/DeliveryRecordIn"})},
    }


SCHEMAS = (ai.GroupIn, ai.GroupPatch, DeliveryRecordIn)
