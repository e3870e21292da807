"""Error pages in Vietnamese that say what happened (403, 404, 409, ...). Used by the app-wide handlers."""
from __future__ import annotations

from flask import current_app, g, render_template
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

from service.errors import ServiceError

TITLES = {
    400: "Yêu cầu không hợp lệ",
    401: "Cần đăng nhập",
    403: "Không có quyền",
    404: "Không tìm thấy",
    405: "Thao tác không được hỗ trợ",
    409: "Văn bản đã thay đổi",
    412: "Văn bản đã thay đổi",
    413: "Nội dung gửi lên quá lớn",
    415: "Dạng nội dung không được hỗ trợ",
    422: "Dữ liệu chưa hợp lệ",
    429: "Quá nhiều lần thử",
    500: "Lỗi hệ thống",
}
MESSAGES = {
    400: "Yêu cầu gửi lên không hợp lệ; không có gì thay đổi.",
    401: "Bạn cần đăng nhập để xem trang này.",
    403: "Bạn không có quyền thực hiện thao tác này; không có gì thay đổi.",
    404: "Không tìm thấy trang hoặc văn bản này, hoặc bạn không có quyền xem.",
    405: "Địa chỉ này không hỗ trợ thao tác vừa gửi; không có gì thay đổi.",
    413: "Nội dung gửi lên quá lớn; không có gì thay đổi.",
    415: "Dạng nội dung gửi lên không được hỗ trợ ở địa chỉ này; không có gì thay đổi.",
    429: "Bạn đã thử đăng nhập quá nhiều lần từ máy này; hãy chờ ít phút rồi thử lại.",
    500: "Lỗi hệ thống; thao tác chưa được thực hiện, không có gì thay đổi.",
}
CSRF_MESSAGE = ("Biểu mẫu đã hết hạn hoặc thiếu mã bảo vệ (CSRF), nên không được chấp nhận; không có gì thay đổi. "
                "Hãy tải lại trang rồi thử lại.")


def error_page(exc: Exception):
    """A page (status, HTML) for a use-case error, an HTTP error or an unexpected exception; a 405 keeps its
    Allow header and a 429 its Retry-After."""
    headers = {k: v for k, v in exc.get_headers() if k in ("Allow", "Retry-After")} \
        if isinstance(exc, HTTPException) else {}
    if isinstance(exc, ServiceError):
        status, message = exc.status, exc.message
    elif isinstance(exc, CSRFError):
        status, message = 400, CSRF_MESSAGE
    elif isinstance(exc, HTTPException):
        status = exc.code or 500
        message = MESSAGES.get(status, "Yêu cầu không thực hiện được; không có gì thay đổi.")
    else:
        status, message = 500, MESSAGES[500]
    try:
        person = g.get("person")
        return render_template("error.html", status=status, title=TITLES.get(status, "Lỗi"), message=message,
                               person=person), status, headers
    except Exception:  # the error page itself must not fail: fall back to plain text
        current_app.logger.exception("error page could not be rendered")
        return f"{TITLES.get(status, 'Lỗi')}: {message}", status, {"Content-Type": "text/plain; charset=utf-8"}
