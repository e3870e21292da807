"""JSON API of the directory file: import (preview, then apply) and export of organizations, units and people
with their roles, and the empty template. HTTP only: read the upload, call one use case, serialise."""
from __future__ import annotations

from flask import Blueprint, Response, jsonify, request

from service.errors import BadRequest, Forbidden, PayloadTooLarge
from service.http.api.common import _actor
from service.http.api.models.admin import ImportResult
from service.http.api.models.base import render
from service.http.api.openapi_parts import _errors, _op, _resp
from service.output.directory_files import MAX_BYTES
from service.usecases import administration as adm
from service.usecases import directory_export, directory_import
from service.usecases.directory_import import ACTION_LABELS

bp = Blueprint("api_directory_files", __name__, url_prefix="/api")


def _admin():
    p = _actor()
    if adm.administered_org_ids(p) == set():
        raise Forbidden("Chỉ quản trị viên mới được nhập hoặc xuất danh bạ.")
    return p


def uploaded_file() -> bytes:
    """The bytes of the multipart field `file` (400 when missing, 413 when over the limit)."""
    f = request.files.get("file")
    if f is None:
        raise BadRequest("Cần gửi tệp trong trường “file” (multipart/form-data).", code="missing_file")
    data = f.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        raise PayloadTooLarge(f"Tệp quá lớn: tối đa {MAX_BYTES // 1_000_000} MB.")
    return data


def problem_json(p) -> dict:
    return {"sheet": p.sheet, "row": p.row, "column": p.column, "message": p.message}


def result_json(r) -> dict:
    return {"format": r.format, "sha256": r.sha256, "applied": r.applied, "ok": r.ok, "counts": r.counts(),
            "rows": [{"sheet": x.sheet, "row": x.row, "key": x.key, "action": x.action,
                      "action_label": ACTION_LABELS.get(x.action or "", "lỗi"), "changes": x.changes,
                      "errors": [problem_json(p) for p in x.errors]} for x in r.rows],
            "errors": [problem_json(p) for p in r.problems],
            "passwords": [{"username": u, "full_name": n, "password": pw} for u, n, pw in r.passwords]}


@bp.post("/import/preview")
def import_preview():
    actor = _admin()
    return jsonify(render(ImportResult, result_json(directory_import.preview(actor, uploaded_file()))))


@bp.post("/import/apply")
def import_apply():
    actor = _admin()
    result = directory_import.apply(actor, uploaded_file(), request.form.get("sha256"))
    if not result.ok:
        body = {"error": "validation_failed",
                "message": f"Tệp có {len(result.problems)} lỗi; không có gì được ghi.", **result_json(result)}
        return jsonify(body), 422
    resp = jsonify(render(ImportResult, result_json(result)))
    resp.headers["Cache-Control"] = "no-store"  # one-time passwords
    return resp


@bp.get("/import/template")
def import_template():
    content = directory_export.template(_admin())
    return _download(content, directory_export.FORMATS["xlsx"], "mau-nhap-danh-ba.xlsx")


@bp.get("/export")
def export():
    content, mimetype, name = directory_export.export(_admin(), request.args.get("format", "xlsx"))
    return _download(content, mimetype, name)


def _download(content: bytes, mimetype: str, name: str) -> Response:
    return Response(content, mimetype=mimetype, headers={"Content-Disposition": f'attachment; filename="{name}"',
                                                         "Cache-Control": "no-store"})


def openapi_paths() -> dict:
    """OpenAPI description of the routes above (merged by service.http.api.openapi)."""
    upload = {"required": True, "content": {"multipart/form-data": {"schema": {
        "type": "object", "required": ["file"],
        "properties": {"file": {"type": "string", "format": "binary",
                                "description": "XLSX (sheets Cơ quan, Đơn vị, Cán bộ) or UTF-8 CSV, at most 2 MB"},
                       "sha256": {"type": "string", "description": "apply only: the previewed file's sha256"}}}}}}
    xlsx = {"description": "XLSX workbook", "content": {directory_export.FORMATS["xlsx"]: {}}}
    return {
        "/api/import/preview": {"post": {**_op(
            "Preview a directory import: every row with its action (thêm, sửa, không đổi) and per-row errors; "
            "nothing is written (administrators)", {"200": _resp("Preview", ImportResult), **_errors(400, 401, 403, 413, 422)}),
            "requestBody": upload}},
        "/api/import/apply": {"post": {**_op(
            "Apply a directory import in one transaction when no row has an error (audited); new people get "
            "one-time passwords, shown only in this answer",
            {"200": _resp("Applied", ImportResult), **_errors(400, 401, 403, 409, 413, 422)}), "requestBody": upload}},
        "/api/import/template": {"get": _op("The empty import template (XLSX)",
                                            {"200": xlsx, **_errors(401, 403)})},
        "/api/export": {"get": _op(
            "Export the organizations, units and people one administers, in the import's format",
            {"200": {"description": "XLSX or CSV", "content": {directory_export.FORMATS["xlsx"]: {},
                                                               "text/csv": {}}}, **_errors(401, 403, 422)},
            params=[{"name": "format", "in": "query", "required": False,
                     "schema": {"type": "string", "enum": ["xlsx", "csv"]}}])},
    }
