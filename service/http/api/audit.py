"""JSON API of the tamper-evident history: the export of one organization's audit chain as JSON lines, for
inspectors (archivists and administrators of that organization). HTTP only."""
from __future__ import annotations

from flask import Blueprint, Response, request

from service.http.api.common import _actor
from service.http.api.openapi_parts import _errors, _op
from service.usecases import audit

bp = Blueprint("api_audit", __name__, url_prefix="/api")


@bp.get("/audit/export")
def export():
    p = _actor()
    code = (request.args.get("org") or "").strip()[:40] or None
    body = "".join(audit.export_lines(p, code))
    filename = f"nhat-ky-{code or 'co-quan'}.jsonl"
    return Response(body, mimetype="application/x-ndjson",
                    headers={"Content-Disposition": f'attachment; filename="{filename}"'})


def openapi_paths() -> dict:
    """OpenAPI description of the routes above (merged by service.http.api.openapi)."""
    line = {"type": "object", "required": ["id", "position", "org", "org_id", "prev_hash", "hash"], "properties": {
        "id": {"type": "integer"}, "position": {"type": "integer", "description": "1-based place in the chain"},
        "org": {"type": "string"}, "org_id": {"type": "integer"}, "document_id": {"type": ["integer", "null"]},
        "actor_id": {"type": ["integer", "null"]}, "action": {"type": "string"},
        "task": {"type": ["string", "null"]}, "comment": {"type": ["string", "null"]},
        "version_no": {"type": ["integer", "null"]}, "at": {"type": "string", "description": "naive UTC, ISO"},
        "details": {"type": ["object", "null"]},
        "prev_hash": {"type": "string", "description": "hash of the previous event of the chain (64 zeros first)"},
        "hash": {"type": "string", "description": "sha256 of the sorted-key compact JSON of the other hashed "
                                                  "fields and prev_hash (without id, position, org)"}}}
    return {"/api/audit/export": {"get": _op(
        "One organization's audit chain as JSON lines, oldest first (its archivists and administrators)",
        {"200": {"description": "JSON lines, one event each",
                 "content": {"application/x-ndjson": {"schema": line}}}, **_errors(401, 403, 404)},
        params=[{"name": "org", "in": "query", "required": False, "schema": {"type": "string"},
                 "description": "organization code (default: the caller's)"}])}}
