"""Errors become answers: RFC 9457 `application/problem+json` under /api and the probes (`type`, `title`,
`status`, `detail`, `errors`, and the older `error`, `message`, `details`), a Vietnamese page elsewhere; the
transaction is rolled back first, so a failed request changes nothing."""

from __future__ import annotations

from flask import Flask, current_app, request
from werkzeug.exceptions import HTTPException

from service.errors import ServiceError, StaleVersion
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


PROBLEM_TYPE = "urn:vanban:problem:"  # + the error code: a problem type's identifier (RFC 9457 §3.1.1)
PROBLEM_JSON = "application/problem+json"
# Headers of werkzeug's errors a client needs (405 Allow, 429 Retry-After, 401 WWW-Authenticate ...).
_KEPT_HEADERS = ("Allow", "Retry-After", "WWW-Authenticate")


def problem(status: int, code: str, message: str, details=None) -> dict:
    """An RFC 9457 problem: `type`, `title`, `status`, `detail` (Vietnamese), `errors` per field, plus the keys
    clients of this API have always read (`error`, `message`, `details`)."""
    out: dict = {"type": PROBLEM_TYPE + code, "title": http_message(status), "status": status, "detail": message,
                 "error": code, "message": message}
    if details is not None:
        out["details"] = details
        fields = [d for d in details if isinstance(d, dict) and d.get("field") is not None] \
            if isinstance(details, list) else []
        if fields:
            out["errors"] = [{"field": d["field"], "message": d.get("message") or message,
                              **({"rule": d["rule"]} if d.get("rule") else {})} for d in fields]
    return out


def problem_response(status: int, code: str, message: str, details=None, headers=None):
    """The problem as a response with its media type; a 401 says which scheme to use."""
    response = current_app.response_class(current_app.json.dumps(problem(status, code, message, details)) + "\n",
                                          status=status, mimetype=PROBLEM_JSON)
    for name, value in (headers or {}).items():
        response.headers[name] = value
    if status == 401 and "WWW-Authenticate" not in response.headers:
        given = request.headers.get("Authorization", "").startswith("Bearer ")
        response.headers["WWW-Authenticate"] = 'Bearer realm="vanban"' + (', error="invalid_token"' if given else "")
    return response


def register_error_handlers(app: Flask) -> None:

    @app.errorhandler(ServiceError)
    def _service_error(exc: ServiceError):
        db.session.rollback()
        if _wants_json():
            status = exc.status
            if isinstance(exc, StaleVersion) and request.headers.get("If-Match") is not None:
                status = 412  # RFC 9110 §13.1.1: the condition of If-Match did not hold
            return problem_response(status, exc.code, exc.message, exc.details)
        from service.http.web.errors import error_page
        return error_page(exc)

    @app.errorhandler(HTTPException)
    def _http_error(exc: HTTPException):
        db.session.rollback()
        if _wants_json():
            code = (exc.name or "error").lower().replace(" ", "_")
            kept = {k: v for k, v in exc.get_headers() if k in _KEPT_HEADERS}
            return problem_response(exc.code or 500, code, http_message(exc.code), headers=kept)
        from service.http.web.errors import error_page
        return error_page(exc)

    @app.errorhandler(Exception)
    def _unexpected(exc: Exception):  # never a bare 500 page; the transaction is rolled back
        db.session.rollback()
        app.logger.exception("unhandled error")
        if _wants_json():
            return problem_response(500, "internal_error", "Lỗi hệ thống; thao tác chưa được thực hiện.")
        from service.http.web.errors import error_page
        return error_page(exc)


def _wants_json() -> bool:
    return request.path.startswith("/api/") or request.path in ("/healthz", "/readyz")
