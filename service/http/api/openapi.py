"""The OpenAPI 3 description of the JSON API (a test checks it against the app's URL map)."""
from __future__ import annotations

from functools import lru_cache

from service.http.api.openapi_parts import ERROR_SCHEMA, _errors, _op, _resp, with_http_semantics
from service.usecases.inputs import BulkIn, DraftIn, LoginIn, PasswordChangeIn

_OBJ = {"type": "object"}
_LIST = {"type": "object", "properties": {"items": {"type": "array", "items": _OBJ}}, "required": ["items"]}
_DOC_ID = {"name": "doc_id", "in": "path", "required": True, "schema": {"type": "integer"}}
_TASK_ID = {"name": "task_id", "in": "path", "required": True, "schema": {"type": "string"}}
_IF_MATCH = {"name": "If-Match", "in": "header", "required": False, "schema": {"type": "string"},
             "description": "Optimistic lock: the document `version` the client last saw"}
_DOC = {"$ref": "#/components/schemas/Document"}


@lru_cache(maxsize=1)
# Over 40 lines on purpose: a declaration of the API, one entry per route.
def openapi_spec() -> dict:
    draft = DraftIn.model_json_schema(ref_template="#/components/schemas/{model}")
    defs = draft.pop("$defs", {})
    task_body = {"type": "object", "additionalProperties": True,
                 "description": "Fields declared by the task in the diagram: review tasks take `decision` "
                                "(approve|return) and `comment`; `register` takes an optional `issue_date`.",
                 "properties": {"decision": {"type": "string", "enum": ["approve", "return"]},
                                "comment": {"type": "string"}, "issue_date": {"type": "string", "format": "date"}}}
    paths = {
        "/api/me": {"get": _op("The signed-in person", {"200": _resp("Person", _OBJ), **_errors(401)})},
        "/api/documents": {
            "get": _op("Documents visible to me", {"200": _resp("List", _LIST), **_errors(401, 422)},
                       params=[{"name": n, "in": "query", "required": False, "schema": {"type": t}}
                               for n, t in (("status", "string"), ("limit", "integer"), ("offset", "integer"))]),
            "post": _op("Start a draft (its workflow starts with it)", {"201": _resp("Created", _DOC),
                        **_errors(400, 401, 403, 413, 422)}, body={"$ref": "#/components/schemas/DraftIn"}),
        },
        "/api/documents/{doc_id}": {
            "get": _op("One document", {"200": _resp("Document", _DOC), **_errors(401, 404)}, params=[_DOC_ID]),
            "put": _op("Revise the draft (new version)", {"200": _resp("Document", _DOC),
                       **_errors(400, 401, 403, 404, 409, 413, 422)}, params=[_DOC_ID, _IF_MATCH],
                       body={"$ref": "#/components/schemas/DraftIn"}),
        },
        "/api/documents/{doc_id}/tasks/{task_id}": {
            "post": _op("Complete a task (approve, return with comment, sign, number, dispatch)",
                        {"200": _resp("Document", _DOC), **_errors(400, 401, 403, 404, 409, 413, 422)},
                        params=[_DOC_ID, _TASK_ID, _IF_MATCH], body=task_body)},
        "/api/documents/{doc_id}/history": {"get": _op("Audit trail", {"200": _resp("Events", _LIST),
                                                                         **_errors(401, 404)}, params=[_DOC_ID])},
        "/api/documents/{doc_id}/versions": {"get": _op("Draft versions", {"200": _resp("Versions", _LIST),
                                                                            **_errors(401, 404)}, params=[_DOC_ID])},
        "/api/documents/{doc_id}/deliveries": {"get": _op("Deliveries per Nơi nhận line",
                                                          {"200": _resp("Deliveries", _LIST), **_errors(401, 404)},
                                                          params=[_DOC_ID])},
        # Official document: rendering, signed PDF, verification, versions (service.signatures).
        "/api/documents/{doc_id}/preview.html": {"get": _op(
            "HTML preview of the current version", {"200": {"description": "HTML page",
                                                             "content": {"text/html": {}}}, **_errors(401, 404)},
            params=[_DOC_ID])},
        "/api/documents/{doc_id}/pdf": {"get": _op(
            "The PDF: organization-signed once dispatched, personal-signed once signed, else an unsigned "
            "preview marked DỰ THẢO (header X-Signature-State)",
            {"200": {"description": "PDF", "content": {"application/pdf": {}}}, **_errors(401, 404)},
            params=[_DOC_ID])},
        "/api/documents/{doc_id}/verify": {
            "get": _op("Verify the stored signed PDF: both signatures, chain to the trusted authorities, intact",
                       {"200": _resp("Verification report", _OBJ), **_errors(401, 404)}, params=[_DOC_ID]),
            "post": {**_op("Verify a PDF someone holds as this document (body: application/pdf)",
                           {"200": _resp("Verification report", _OBJ), **_errors(401, 404, 413, 422)},
                           params=[_DOC_ID]),
                     "requestBody": {"required": True, "content": {"application/pdf": {}}}}},
        "/api/documents/{doc_id}/signing-preview.pdf": {"get": _op(
            "The exact PDF the open signing step (Sign, or the organization's signature at dispatch) will sign; "
            "shown before the PIN is asked", {"200": {"description": "PDF", "content": {"application/pdf": {}}},
                                              **_errors(401, 403, 404, 409)}, params=[_DOC_ID])},
        "/api/me/signing-pin": {
            "get": _op("Whether my signing key (and my organization's, for a clerk) has a PIN, or is locked",
                       {"200": _resp("PIN status", _OBJ), **_errors(401)}),
            "post": {**_op("Set my signing PIN on first use ({new_pin}) or change it ({old_pin, new_pin}); "
                           "scope 'organization' for the organization key (clerks). 6-12 digits; wrong old PINs "
                           "count toward the lock", {"200": _resp("PIN status", _OBJ),
                                                     **_errors(400, 401, 403, 404, 409, 422, 423)}),
                     "requestBody": {"required": True, "content": {"application/json": {"schema": _OBJ}}}}},
        "/api/documents/{doc_id}/diff": {"get": _op(
            "Differences between two versions (per field; unified diff of body lines)",
            {"200": _resp("Diff", _OBJ), **_errors(401, 404, 422)},
            params=[_DOC_ID, *({"name": n, "in": "query", "required": True, "schema": {"type": "integer"}}
                               for n in ("from", "to"))])},
        "/api/tasks": {"get": _op(
            "My open steps, outgoing and incoming, in one ordering (most urgent first, then longest waiting); "
            "each item names its `flow` and carries its `document` or `incoming` document",
            {"200": _resp("Tasks", _LIST), **_errors(401)})},
        "/api/tasks/bulk": {"post": _op(
            "One step (content_review, format_check, sign, register, dispatch) with the same fields on up to 200 "
            "documents; each is its own transaction and the answer lists every item with `ok`, the `status` it "
            "would have had alone, `error` and a Vietnamese `message`",
            {"200": _resp("Bulk result", {"$ref": "#/components/schemas/BulkResult"}), **_errors(400, 401, 422)},
            body={"$ref": "#/components/schemas/BulkIn"})},
        "/api/registers/outgoing": {"get": _op(
            "Outgoing register (NĐ 30 Phụ lục IV columns)", {"200": _resp("Register", _OBJ), **_errors(401, 403, 422)},
            params=[{"name": n, "in": "query", "required": False, "schema": {"type": t}}
                    for n, t in (("year", "integer"), ("kind", "string"), ("signer", "string"),
                                 ("recipient", "string"), ("q", "string"), ("before_id", "integer"),
                                 ("limit", "integer"))])},
        "/api/openapi.json": {"get": _op("This description", {"200": _resp("OpenAPI", _OBJ)}, auth=False)},
    }
    from service.http.api import admin as _admin
    from service.http.api import analytics as _analytics
    from service.http.api import appearance_images as _images
    from service.http.api import audit as _audit
    from service.http.api import auth as _auth
    from service.http.api import corrections as _corrections
    from service.http.api import directory as _directory
    from service.http.api import directory_files as _directory_files
    from service.http.api import incoming as _incoming  # incoming register, obligations (issue 5)
    from service.http.api import reports as _reports
    from service.http.api import substitutions as _substitutions
    paths.update(_auth.openapi_paths() | _admin.openapi_paths() | _incoming.openapi_paths()
                 | _reports.openapi_paths() | _directory.openapi_paths() | _directory_files.openapi_paths()
                 | _images.openapi_paths() | _corrections.openapi_paths() | _audit.openapi_paths()
                 | _analytics.openapi_paths() | _substitutions.openapi_paths())
    schemas = {
        "Error": ERROR_SCHEMA,
        "Document": {"type": "object", "required": ["id", "status", "subject", "version"],
                     "properties": {"id": {"type": "integer"}, "status": {"type": "string"},
                                    "subject": {"type": "string"}, "version": {"type": "integer"},
                                    "task_id": {"type": ["string", "null"]}, "symbol": {"type": ["string", "null"]}}},
        "DraftIn": draft,
        "LoginIn": LoginIn.model_json_schema(),
        "PasswordChangeIn": PasswordChangeIn.model_json_schema(),
        **_admin_schemas(_admin.SCHEMAS + _directory.SCHEMAS + _corrections.SCHEMAS + (BulkIn,)),
        "BulkResult": _BULK_RESULT,
        **defs,
    }
    return {
        "openapi": "3.1.0",
        "info": {"title": "Văn bản: document approval service", "version": "1.0.0"},
        "paths": with_http_semantics(paths),
        "components": {"schemas": schemas,
                       "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}}},
        "security": [{"bearer": []}],
    }


_BULK_RESULT = {
    "type": "object", "required": ["task", "total", "succeeded", "failed", "items"],
    "properties": {
        "task": {"type": "string"}, "total": {"type": "integer"}, "succeeded": {"type": "integer"},
        "failed": {"type": "integer"},
        "items": {"type": "array", "items": {
            "type": "object", "required": ["document_id", "ok", "status", "error", "message", "document"],
            "properties": {"document_id": {"type": "integer"}, "ok": {"type": "boolean"},
                           "status": {"type": "integer"}, "error": {"type": ["string", "null"]},
                           "message": {"type": "string"},
                           "document": {"oneOf": [{"$ref": "#/components/schemas/Document"}, {"type": "null"}]}}}},
    },
}


def _admin_schemas(models) -> dict:
    """Each model's JSON schema, with the models it nests (its $defs) as components of their own."""
    out: dict = {}
    for m in models:
        schema = m.model_json_schema(ref_template="#/components/schemas/{model}")
        out.update(schema.pop("$defs", {}))
        out[m.__name__] = schema
    return out
