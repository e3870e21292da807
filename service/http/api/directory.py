"""JSON API of the directory: search it for a Nơi nhận line, keep named recipient groups, and record a delivery
made outside the system. HTTP only: parse, call one use case, serialise."""
from __future__ import annotations

from flask import Blueprint, jsonify, request, url_for

from service.http.api.admin import _admin
from service.http.api.common import _actor, _json_body, _parse, delivery_json
from service.http.api.models import admin as m
from service.http.api.models.base import render
from service.http.api.models.documents import Delivery
from service.http.api.openapi_parts import _errors, _op, _resp
from service.http.api.paging import page_request, respond, window
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
    page = page_request(default=50, maximum=500)
    q = request.args.get("q", "")[:200]
    entries, cursor = window(directory.search(p, q, page.offset + page.limit + 1), page)
    return respond(m.DirectoryPage, {"items": entries}, cursor)


@bp.get("/groups")
def groups():
    p = _admin()
    groups, cursor = window(directory_groups.list_groups(p, request.args.get("org")), page_request())
    return respond(m.GroupList, {"items": [group_json(g) for g in groups]}, cursor)


@bp.post("/groups")
def create_group():
    g = directory_groups.create_group(_admin(), _parse(ai.GroupIn, _json_body()))
    return jsonify(render(m.Group, group_json(g))), 201, {"Location": url_for("api_directory.update_group", group_id=g.id)}


@bp.patch("/groups/<int:group_id>")
def update_group(group_id: int):
    return jsonify(render(m.Group, group_json(directory_groups.update_group(_admin(), group_id,
                                                                            _parse(ai.GroupPatch, _json_body())))))


@bp.delete("/groups/<int:group_id>")
def delete_group(group_id: int):
    directory_groups.delete_group(_admin(), group_id)
    return "", 204


@bp.post("/documents/<int:doc_id>/deliveries/<int:delivery_id>/record")
def record_delivery(doc_id: int, delivery_id: int):
    d = dispatch.record_outside_delivery(_actor(), doc_id, delivery_id, _parse(DeliveryRecordIn, _json_body()))
    return jsonify(render(Delivery, delivery_json(d)))


def openapi_paths() -> dict:
    """OpenAPI description of the routes above (merged by service.http.api.openapi)."""
    gid = [{"name": "group_id", "in": "path", "required": True, "schema": {"type": "integer"}}]
    ids = [{"name": n, "in": "path", "required": True, "schema": {"type": "integer"}}
           for n in ("doc_id", "delivery_id")]
    q = [{"name": "q", "in": "query", "required": False, "schema": {"type": "string"}}]
    return {
        "/api/directory": {"get": _op(
            "Search the directory (organizations, their subordinates, groups and people; diacritics ignored)",
            {"200": _resp("Entries", m.DirectoryPage), **_errors(401, 422)}, params=q, paged=True)},
        "/api/groups": {
            "get": _op("Named recipient groups (administrators)", {"200": _resp("List", m.GroupList),
                                                                    **_errors(401, 403, 422)},
                       params=[{"name": "org", "in": "query", "required": False, "schema": {"type": "string"}}],
                       paged=True),
            "post": _op("Create a recipient group (administrators; audited)",
                        {"201": _resp("Created", m.Group), **_errors(400, 401, 403, 409, 413, 415, 422)},
                        body=ai.GroupIn)},
        "/api/groups/{group_id}": {
            "patch": _op("Rename a group or replace its members (administrators; audited)",
                         {"200": _resp("Changed", m.Group), **_errors(400, 401, 403, 404, 409, 413, 415, 422)},
                         params=gid, body=ai.GroupPatch),
            "delete": _op("Remove a group (administrators; audited)", {"204": {"description": "Removed"},
                          **_errors(401, 403, 404)}, params=gid)},
        "/api/documents/{doc_id}/deliveries/{delivery_id}/record": {"post": _op(
            "The clerk records how a line outside the system was sent (paper or e-mail; audited)",
            {"200": _resp("Recorded", Delivery), **_errors(400, 401, 403, 404, 409, 413, 415, 422)},
            params=ids, body=DeliveryRecordIn)},
    }
