"""The OpenAPI 3 description of the JSON API (a test checks it against the app's URL map)."""
from __future__ import annotations

from functools import lru_cache

from service.http.api.models import documents as m
from service.http.api.models import files as f
from service.http.api.models.base import ApiDescription
from service.http.api.openapi_parts import ERROR_SCHEMA, MODELS, REF, _errors, _op, _resp, ref, with_http_semantics
from service.usecases.inputs import BulkIn, DraftIn

_DOC_ID = {"name": "doc_id", "in": "path", "required": True, "schema": {"type": "integer"}}
_TASK_ID = {"name": "task_id", "in": "path", "required": True, "schema": {"type": "string"}}
_IF_MATCH = {"name": "If-Match", "in": "header", "required": False, "schema": {"type": "string"},
             "description": "Optimistic lock: the document `version` the client last saw"}
_PIN_BODY = {"type": "object", "additionalProperties": True, "properties": {
    "new_pin": {"type": "string", "description": "6-12 digits"}, "old_pin": {"type": "string"},
    "scope": {"type": "string", "enum": ["person", "organization"]}}}


@lru_cache(maxsize=1)
# Over 40 lines on purpose: a declaration of the API, one entry per route.
def openapi_spec() -> dict:
    task_body = {"type": "object", "additionalProperties": True,
                 "description": "Fields declared by the task in the diagram: review tasks take `decision` "
                                "(approve|return) and `comment`; `register` takes an optional `issue_date`.",
                 "properties": {"decision": {"type": "string", "enum": ["approve", "return"]},
                                "comment": {"type": "string"}, "issue_date": {"type": "string", "format": "date"}}}
    either = {"oneOf": [ref(m.Document), ref(m.IssuedDocument)]}
    paths = {
        "/api/me": {"get": _op("The signed-in person", {"200": _resp("Person", m.Me), **_errors(401)})},
        "/api/documents": {
            "get": _op("Documents visible to me, newest first", {"200": _resp("List", m.DocumentList),
                                                                  **_errors(401, 422)},
                       params=[{"name": "status", "in": "query", "required": False, "schema": {"type": "string"}}],
                       paged=True),
            "post": _op("Start a draft (its workflow starts with it)", {"201": _resp("Created", m.Document),
                        **_errors(400, 401, 403, 413, 422)}, body=DraftIn),
        },
        "/api/documents/{doc_id}": {
            "get": _op("One document: the whole of it to its sender's people, the issued document to a recipient",
                       {"200": _resp("Document", either), **_errors(401, 404)}, params=[_DOC_ID]),
            "put": _op("Revise the draft (new version)", {"200": _resp("Document", m.Document),
                       **_errors(400, 401, 403, 404, 409, 413, 422)}, params=[_DOC_ID, _IF_MATCH], body=DraftIn),
        },
        "/api/documents/{doc_id}/tasks/{task_id}": {
            "post": _op("Complete a task (approve, return with comment, sign, number, dispatch)",
                        {"200": _resp("Document", m.Document), **_errors(400, 401, 403, 404, 409, 413, 422)},
                        params=[_DOC_ID, _TASK_ID, _IF_MATCH], body=task_body)},
        "/api/documents/{doc_id}/history": {"get": _op(
            "Audit trail", {"200": _resp("Events", m.EventList), **_errors(401, 404)}, params=[_DOC_ID],
            paged=True)},
        "/api/documents/{doc_id}/versions": {"get": _op(
            "Draft versions", {"200": _resp("Versions", m.VersionList), **_errors(401, 404)}, params=[_DOC_ID],
            paged=True)},
        "/api/documents/{doc_id}/deliveries": {"get": _op(
            "Deliveries per Nơi nhận line", {"200": _resp("Deliveries", m.DeliveryList), **_errors(401, 404)},
            params=[_DOC_ID], paged=True)},
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
                       {"200": _resp("Verification report", f.Verification), **_errors(401, 404)},
                       params=[_DOC_ID]),
            "post": {**_op("Verify a PDF someone holds as this document (body: application/pdf)",
                           {"200": _resp("Verification report", f.Verification), **_errors(401, 404, 413, 422)},
                           params=[_DOC_ID]),
                     "requestBody": {"required": True, "content": {"application/pdf": {}}}}},
        "/api/documents/{doc_id}/signing-preview.pdf": {"get": _op(
            "The exact PDF the open signing step (Sign, or the organization's signature at dispatch) will sign; "
            "shown before the PIN is asked", {"200": {"description": "PDF", "content": {"application/pdf": {}}},
                                              **_errors(401, 403, 404, 409)}, params=[_DOC_ID])},
        "/api/me/signing-pin": {
            "get": _op("Whether my signing key (and my organization's, for a clerk) has a PIN, or is locked",
                       {"200": _resp("PIN status", f.PinStatus), **_errors(401)}),
            "post": _op("Set my signing PIN on first use ({new_pin}) or change it ({old_pin, new_pin}); "
                        "scope 'organization' for the organization key (clerks). 6-12 digits; wrong old PINs "
                        "count toward the lock", {"200": _resp("PIN status", f.PinStatus),
                                                  **_errors(400, 401, 403, 404, 409, 422, 423)}, body=_PIN_BODY)},
        "/api/documents/{doc_id}/diff": {"get": _op(
            "Differences between two versions (per field; unified diff of body lines)",
            {"200": _resp("Diff", f.Diff), **_errors(401, 404, 422)},
            params=[_DOC_ID, *({"name": n, "in": "query", "required": True, "schema": {"type": "integer"}}
                               for n in ("from", "to"))])},
        "/api/tasks": {"get": _op(
            "My open steps, outgoing and incoming, in one ordering (most urgent first, then longest waiting); "
            "each item names its `flow` and carries its `document` or `incoming` document",
            {"200": _resp("Tasks", m.TaskList), **_errors(401)}, paged=True)},
        "/api/tasks/bulk": {"post": _op(
            "One step (content_review, format_check, sign, register, dispatch) with the same fields on up to 200 "
            "documents; each is its own transaction and the answer lists every item with `ok`, the `status` it "
            "would have had alone, `error` and a Vietnamese `message`",
            {"200": _resp("Bulk result", m.BulkResult), **_errors(400, 401, 422)}, body=BulkIn)},
        "/api/registers/outgoing": {"get": _op(
            "Outgoing register (NĐ 30 Phụ lục IV columns), newest first",
            {"200": _resp("Register", m.OutgoingRegister), **_errors(401, 403, 422)},
            params=[{"name": n, "in": "query", "required": False, "schema": {"type": t}}
                    for n, t in (("year", "integer"), ("kind", "string"), ("signer", "string"),
                                 ("recipient", "string"), ("q", "string"))], paged=True)},
        "/api/openapi.json": {"get": _op("This description", {"200": _resp("OpenAPI", ApiDescription)},
                                         auth=False)},
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
    paths = with_http_semantics(paths)
    return {
        "openapi": "3.1.0",
        "info": {"title": "Văn bản: document approval service", "version": "1.0.0"},
        "paths": paths,
        "components": {"schemas": {"Error": ERROR_SCHEMA, **components(MODELS.values())},
                       "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}}},
        "security": [{"bearer": []}],
    }


def components(models) -> dict:
    """Each model's own JSON Schema (pydantic), with the models it nests (its $defs) as components of their own."""
    out: dict = {}
    for model in models:
        schema = model.model_json_schema(ref_template=REF)
        out.update(schema.pop("$defs", {}))
        out[model.__name__] = schema
    return out
