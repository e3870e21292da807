"""Errors become answers: JSON `{"error", "message", "details"}` under /api and the probes, a Vietnamese page
elsewhere; the transaction is rolled back first, so a failed request changes nothing."""

from __future__ import annotations

from flask import Flask, jsonify, request
from werkzeug.exceptions import HTTPException

from service.errors import ServiceError
from service.extensions import db

ERROR_MESSAGES = {
    400: "Yêu cầu không hợp lệ.",
    401: "Cần đăng nhập.",
    403: "Không có quyền.",
    404: "Không tìm thấy.",
    405: "Phương thức không được hỗ trợ cho địa chỉ này.",
    413: "Nội dung gửi lên quá lớn.",
    415: "Nội dung phải là JSON (Content-Type: application/json).",
    429: "Quá nhiều lần thử từ máy này; hãy thử lại sau thời gian ghi trong Retry-After (giây).",
}


def register_error_handlers(app: Flask) -> None:

    @app.errorhandler(ServiceError)
    def _service_error(exc: ServiceError):
        db.session.rollback()
        if _wants_json():
            return jsonify(exc.to_dict()), exc.status
        from service.http.web.errors import error_page
        return error_page(exc)

    @app.errorhandler(HTTPException)
    def _http_error(exc: HTTPException):
        db.session.rollback()
        if _wants_json():
            code = (exc.name or "error").lower().replace(" ", "_")
            return jsonify({"error": code, "message": ERROR_MESSAGES.get(exc.code, exc.description)}), exc.code
        from service.http.web.errors import error_page
        return error_page(exc)

    @app.errorhandler(Exception)
    def _unexpected(exc: Exception):  # never a bare 500 page; the transaction is rolled back
        db.session.rollback()
        app.logger.exception("unhandled error")
        if _wants_json():
            return jsonify({"error": "internal_error", "message": "Lỗi hệ thống; thao tác chưa được thực hiện."}), 500
        from service.http.web.errors import error_page
        return error_page(exc)


def _wants_json() -> bool:
    return request.path.startswith("/api/") or request.path in ("/healthz", "/readyz")
