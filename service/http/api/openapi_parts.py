"""Pieces of the OpenAPI description shared by the modules that describe their routes."""

from __future__ import annotations

from pydantic import BaseModel

_ERR = {"$ref": "#/components/schemas/Error"}
REF = "#/components/schemas/{model}"
# Every model a description names (responses and request bodies); service.http.api.openapi turns them into
# components/schemas with pydantic's own JSON Schema.
MODELS: dict[str, type[BaseModel]] = {}


def ref(model: type[BaseModel]) -> dict:
    """A $ref to `model`, which becomes a component of the description."""
    known = MODELS.setdefault(model.__name__, model)
    if known is not model:
        raise RuntimeError(f"two models named {model.__name__}: components must be unique")
    return {"$ref": REF.format(model=model.__name__)}


def _resp(desc: str, model: type[BaseModel] | dict | None = None) -> dict:
    """A JSON response described by a response model (a dict only for a schema that is no model, e.g. a union)."""
    out: dict = {"description": desc}
    if model is not None:
        schema = model if isinstance(model, dict) else ref(model)
        out["content"] = {"application/json": {"schema": schema}}
        if isinstance(model, type) and "next_cursor" in model.model_fields:
            out["headers"] = {"Link": {"description": 'RFC 8288: <url>; rel="next" when there is a next page',
                                       "schema": {"type": "string"}}}
    return out


# Every list takes these two (see service.http.api.paging).
PAGE_PARAMS = [
    {"name": "limit", "in": "query", "required": False, "schema": {"type": "integer"},
     "description": "Items per page (clamped to the list's maximum)"},
    {"name": "cursor", "in": "query", "required": False, "schema": {"type": "string"},
     "description": "The `next_cursor` of the previous page (opaque); a cursor that is not one is a 400"},
]


def _errors(*codes: int) -> dict:
    """Error responses: RFC 9457 problems (application/problem+json)."""
    return {str(c): {"description": "Lỗi", "content": {"application/problem+json": {"schema": _ERR}}}
            for c in codes}


_HEADER = {"schema": {"type": "string"}}
# Text the service stores: no NUL, no C0 control but tab and line breaks (service.http.inputs refuses them: 400).
TEXT_PATTERN = "^[^\\x00-\\x08\\x0b\\x0c\\x0e-\\x1f]*$"
ERROR_SCHEMA = {
    "type": "object", "required": ["type", "title", "status", "detail", "error", "message"],
    "description": "RFC 9457 problem; `error`, `message` and `details` are kept for older clients",
    "properties": {
        "type": {"type": "string", "description": "urn:vanban:problem:<error>"},
        "title": {"type": "string"}, "status": {"type": "integer"},
        "detail": {"type": "string", "description": "what went wrong, in Vietnamese"},
        "errors": {"type": "array", "items": {"type": "object", "required": ["field", "message"], "properties": {
            "field": {"type": "string"}, "message": {"type": "string"}, "rule": {"type": "string"}}}},
        "error": {"type": "string"}, "message": {"type": "string"}, "details": {}}}


def with_http_semantics(paths: dict) -> dict:
    """Every operation as HTTP says: a JSON body may get 400 (malformed, too deep, text that is not text), 413
    and 415; a query parameter 400 (an integer out of range, text that is not text); If-Match 412; 201 carries Location, 401 WWW-Authenticate, 429 Retry-After."""
    for ops in paths.values():
        for op in ops.values():
            if not isinstance(op, dict) or "responses" not in op:
                continue
            responses = op["responses"]
            content = op.get("requestBody", {}).get("content", {})
            params = op.get("parameters", [])
            extra = []
            if "application/json" in content:
                extra += [400, 413, 415]
            if any(p["in"] == "query" for p in params):
                extra.append(400)  # an integer out of range; text with a NUL or a control character
                for p in params:
                    if p["in"] == "query" and p["schema"].get("type") == "string" and "enum" not in p["schema"]:
                        p["schema"] = {"pattern": TEXT_PATTERN, **p["schema"]}
            if any(p["name"] == "cursor" for p in params):
                extra.append(422)  # a limit that is not a whole number
            if any(p["in"] == "header" and p["name"] == "If-Match" for p in params):
                extra.append(412)
            if op.get("security") != []:
                extra.append(401)
            for code, response in _errors(*extra).items():
                responses.setdefault(code, response)
            for code, header in (("201", "Location"), ("401", "WWW-Authenticate"), ("429", "Retry-After")):
                if code in responses:
                    responses[code] = {**responses[code],
                                       "headers": {**responses[code].get("headers", {}), header: _HEADER}}
    return paths


def _op(summary: str, responses: dict, *, params=None, body=None, auth=True, paged=False) -> dict:
    op: dict = {"summary": summary, "responses": responses}
    params = [*(params or []), *(PAGE_PARAMS if paged else [])]
    if params:
        op["parameters"] = params
    if body:
        op["requestBody"] = {"required": True, "content": {"application/json": {
            "schema": ref(body) if isinstance(body, type) else body}}}
    if not auth:
        op["security"] = []
    return op
