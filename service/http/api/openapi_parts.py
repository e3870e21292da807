"""Pieces of the OpenAPI description shared by the modules that describe their routes."""

from __future__ import annotations

_ERR = {"$ref": "#/components/schemas/Error"}


def _resp(desc: str, schema: dict | None = None) -> dict:
    out: dict = {"description": desc}
    if schema is not None:
        out["content"] = {"application/json": {"schema": schema}}
    return out


def _errors(*codes: int) -> dict:
    return {str(c): _resp("Lỗi", _ERR) for c in codes}


def _op(summary: str, responses: dict, *, params=None, body=None, auth=True) -> dict:
    op: dict = {"summary": summary, "responses": responses}
    if params:
        op["parameters"] = params
    if body:
        op["requestBody"] = {"required": True, "content": {"application/json": {"schema": body}}}
    if not auth:
        op["security"] = []
    return op
