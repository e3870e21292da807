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
    406: "Không trả lời được theo dạng nội dung yêu cầu (Accept).",
    408: "Yêu cầu gửi lên quá chậm; hãy thử lại.",
    409: "Xung đột với trạng thái hiện tại; không có gì thay đổi.",
    410: "Địa chỉ này không còn dùng nữa.",
    411: "Thiếu độ dài nội dung (Content-Length).",
    412: "Điều kiện của yêu cầu không còn đúng (If-Match); không có gì thay đổi.",
    414: "Địa chỉ quá dài.",
    416: "Phạm vi yêu cầu (Range) không hợp lệ.",
    422: "Dữ liệu không hợp lệ; không có gì thay đổi.",
    428: "Yêu cầu này cần điều kiện (If-Match).",
    429: "Quá nhiều lần thử từ máy này; hãy thử lại sau thời gian ghi trong Retry-After (giây).",
    431: "Phần đầu yêu cầu (header) quá lớn.",
    500: "Lỗi hệ thống; thao tác chưa được thực hiện.",
    501: "Thao tác này chưa được hỗ trợ.",
    502: "Máy chủ trung gian không nhận được trả lời hợp lệ; hãy thử lại sau.",
    503: "Dịch vụ tạm thời không sẵn sàng; hãy thử lại sau.",
    504: "Máy chủ trung gian chờ trả lời quá lâu; hãy thử lại sau.",
}


def http_message(code: int | None) -> str:
    """The Vietnamese message of an HTTP error (werkzeug's own descriptions are English)."""
    if code in ERROR_MESSAGES:
        return ERROR_MESSAGES[code]
    return "Lỗi hệ thống; thao tác chưa được thực hiện." if (code or 500) >= 500 else "Yêu cầu không thực hiện được."


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
            return jsonify({"error": code, "message": http_message(exc.code)}), exc.code or 500
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
