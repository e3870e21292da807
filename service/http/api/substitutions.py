"""JSON API of ủy quyền xử lý (substitutions) and giao lại việc (reassigning an open step). HTTP only: parse,
call one use case, serialise."""
from __future__ import annotations

from flask import Blueprint, jsonify

from service.http.api.common import _actor, _expected_version, _json_body, document_json
from service.http.api.models import accounts as m
from service.http.api.models.base import render
from service.http.api.models.documents import Document
from service.http.api.openapi_parts import _errors, _op, _resp
from service.http.api.paging import page_request, respond, window
from service.usecases import reassignment, substitutions

bp = Blueprint("api_substitutions", __name__, url_prefix="/api")


@bp.get("/substitutions")
def list_substitutions():
    found = substitutions.list_substitutions(_actor())
    listed: dict[int, dict] = {}
    for relation, subs in found.items():  # absent, substitute, organization: one item each, with its relations
        for s in subs:
            listed.setdefault(s.id, substitutions.as_json(s) | {"relations": []})["relations"].append(relation)
    items, cursor = window(list(listed.values()), page_request())
    return respond(m.SubstitutionList, {"items": items}, cursor)


@bp.post("/substitutions")
def create_substitution():
    sub = substitutions.create_substitution(_actor(), _json_body())
    return jsonify(render(m.Substitution, substitutions.as_json(sub))), 201


@bp.delete("/substitutions/<int:sub_id>")
def revoke_substitution(sub_id: int):
    substitutions.revoke_substitution(_actor(), sub_id)
    return "", 204


@bp.post("/documents/<int:doc_id>/tasks/<task_id>/assign")
def assign_task(doc_id: int, task_id: str):
    p = _actor()
    doc = reassignment.reassign_task(p, doc_id, task_id, _json_body(), _expected_version())
    return jsonify(render(Document, document_json(doc)))


def openapi_paths() -> dict:
    """OpenAPI description of the routes above (merged by service.http.api.openapi)."""
    body = {"type": "object", "required": ["substitute", "starts_at", "ends_at"], "properties": {
        "absent": {"type": "string", "description": "username; default: the caller (an administrator of the "
                                                    "absent person's organization may name someone else)"},
        "substitute": {"type": "string", "description": "username of an active person of the same organization"},
        "starts_at": {"type": "string", "description": "ISO date-time; without an offset: Vietnam time"},
        "ends_at": {"type": "string", "description": "after starts_at, at most 1 year later, not in the past"},
        "kinds": {"type": "array", "items": {"type": "string"}, "description": "kind codes; empty: every kind"},
        "reason": {"type": "string"}}}
    assign = {"type": "object", "required": ["username", "reason"], "properties": {
        "username": {"type": "string"}, "reason": {"type": "string"}}}
    return {
        "/api/substitutions": {
            "get": _op("Ủy quyền xử lý: mine as the absent person and as the substitute, and (administrators) "
                       "those of the organizations I administer (each once, with its `relations`); revoked ones "
                       "are not listed", {"200": _resp("Substitutions", m.SubstitutionList), **_errors(401)},
                       paged=True),
            "post": _op("Name who holds the absent person's tasks from starts_at to ends_at (all kinds or some); "
                        "overlapping windows of the same absent person are refused (409); audited",
                        {"201": _resp("The substitution", m.Substitution), **_errors(400, 401, 403, 409, 413, 415, 422)},
                        body=body)},
        "/api/substitutions/{sub_id}": {"delete": _op(
            "Revoke a substitution (the absent person or an administrator of their organization); audited",
            {"204": {"description": "Revoked"}, **_errors(401, 403, 404)},
            params=[{"name": "sub_id", "in": "path", "required": True, "schema": {"type": "integer"}}])},
        "/api/documents/{doc_id}/tasks/{task_id}/assign": {"post": _op(
            "Giao lại việc: a leader (a signer of the organization, or the unit head of the drafting unit) gives "
            "the open step to another person who may take it, with a mandatory reason; only that person (or their "
            "substitute) may then complete it, until the step changes; the assignee is notified; audited",
            {"200": _resp("The document", Document),
             **_errors(400, 401, 403, 404, 409, 413, 415, 422)},
            params=[{"name": "doc_id", "in": "path", "required": True, "schema": {"type": "integer"}},
                    {"name": "task_id", "in": "path", "required": True, "schema": {"type": "string"}}],
            body=assign)},
    }
