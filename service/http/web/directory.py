"""The directory file pages (HTTP only): /admin/import uploads a file and shows the preview table (every row with
thêm / sửa / không đổi and its errors); "Ghi vào hệ thống" applies the same file, which the preview page carries
back (small files) or asks to be chosen again; nothing is kept in the server's memory between the two requests,
and the apply re-validates everything. The template and the export are downloads."""
from __future__ import annotations

import binascii
from base64 import b64decode, b64encode

from flask import Response, g, render_template, request

from service.errors import BadRequest, PayloadTooLarge, ServiceError
from service.http.web.admin import _administrator
from service.http.web.views import bp, login_required
from service.output.directory_files import MAX_BYTES
from service.usecases import directory_export, directory_import
from service.usecases.directory_import import ACTION_LABELS, MAX_NEW_PEOPLE

# The preview page carries a file up to this size back in a hidden field (its base64 fits Flask's 500 000-byte
# limit of a form field, MAX_FORM_MEMORY_SIZE); a larger one is chosen again by the administrator. Either way the
# apply checks it is the file previewed. A 5000-row workbook is about 250 KB.
CARRY_MAX = 360_000


def _page(result=None, error: str | None = None, status: int = 200, carry: str | None = None):
    return render_template("admin_import.html", result=result, error=error, carry=carry,
                           labels=ACTION_LABELS, max_mb=MAX_BYTES // 1_000_000, max_new=MAX_NEW_PEOPLE), status


def _upload() -> bytes:
    f = request.files.get("file")
    if f is not None and f.filename:
        data = f.read(MAX_BYTES + 1)
        if len(data) > MAX_BYTES:
            raise PayloadTooLarge(f"Tệp quá lớn: tối đa {MAX_BYTES // 1_000_000} MB.")
        return data
    carried = request.form.get("content")
    if carried:
        try:
            return b64decode(carried, validate=True)
        except (binascii.Error, ValueError):
            raise BadRequest("Nội dung tệp gửi kèm bị hỏng; hãy tải tệp lên lại.", code="bad_upload") from None
    raise BadRequest("Chưa chọn tệp.", code="missing_file")


def _run(action):
    try:
        return action()
    except ServiceError as exc:
        if exc.status in (401, 403, 404):
            raise
        return exc


@bp.get("/admin/import")
@login_required
def admin_import():
    _administrator()
    return _page()


@bp.post("/admin/import/preview")
@login_required
def admin_import_preview():
    p = _administrator()
    data = _run(_upload)
    if isinstance(data, ServiceError):
        return _page(error=data.message, status=data.status)
    result = _run(lambda: directory_import.preview(p, data))
    if isinstance(result, ServiceError):
        return _page(error=result.message, status=result.status)
    carry = b64encode(data).decode("ascii") if len(data) <= CARRY_MAX else None
    return _page(result, carry=carry)


@bp.post("/admin/import/apply")
@login_required
def admin_import_apply():
    p = _administrator()
    data = _run(_upload)
    if isinstance(data, ServiceError):
        return _page(error=data.message, status=data.status)
    result = _run(lambda: directory_import.apply(p, data, request.form.get("sha256")))
    if isinstance(result, ServiceError):
        return _page(error=result.message, status=result.status)
    return _page(result, status=200 if result.applied else 422)


@bp.get("/admin/import/template.xlsx")
@login_required
def admin_import_template():
    return _download(directory_export.template(g.person), directory_export.FORMATS["xlsx"], "mau-nhap-danh-ba.xlsx")


@bp.get("/admin/export.<fmt>")
@login_required
def admin_export(fmt: str):
    _administrator()
    return _download(*directory_export.export(g.person, fmt))


def _download(content: bytes, mimetype: str, name: str) -> Response:
    return Response(content, mimetype=mimetype, headers={"Content-Disposition": f'attachment; filename="{name}"',
                                                         "Cache-Control": "no-store"})
