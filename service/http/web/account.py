"""The person's own account on the pages: change the password (ends every other session and token), upload or
remove one's signature image."""
from __future__ import annotations

from flask import flash, g, redirect, render_template, request, session, url_for

from service.errors import ServiceError, ValidationFailed
from service.http.web.views import bp, login_required
from service.usecases import appearance_images as images
from service.usecases.accounts import MIN_PASSWORD_LENGTH, change_password


@bp.get("/account/password")
@login_required
def password_form():
    return render_template("account_password.html", error=None, min_length=MIN_PASSWORD_LENGTH)


@bp.post("/account/password")
@login_required
def password_change():
    current = (request.form.get("current_password") or "")[:200]
    new = (request.form.get("new_password") or "")[:200]
    again = (request.form.get("new_password_again") or "")[:200]
    try:
        if new != again:
            raise ValidationFailed("Hai lần nhập mật khẩu mới không khớp.")
        ended = change_password(g.person, current, new, keep_token=session.get("sid"))
    except ValidationFailed as exc:
        return render_template("account_password.html", error=exc.message, min_length=MIN_PASSWORD_LENGTH), 422
    flash(f"Đã đổi mật khẩu. {ended} phiên đăng nhập và mã truy cập khác đã kết thúc." if ended
          else "Đã đổi mật khẩu.", "info")
    return redirect(url_for("web.tasks"))


def _uploaded() -> bytes:
    """The uploaded file of the form (field "image"), read up to one byte past the limit."""
    upload = request.files.get("image")
    return upload.read(images.MAX_BYTES + 1) if upload is not None else b""


@bp.get("/account/signature")
@login_required
def signature_form():
    return render_template("account_signature.html", error=None, image=images.own_signature(g.person),
                           max_kb=images.MAX_BYTES // 1024, max_side=images.MAX_SIDE)


@bp.post("/account/signature")
@login_required
def signature_change():
    """Upload (or, with remove=1, remove) one's own signature image; a refused file re-renders the form."""
    try:
        if request.form.get("remove") == "1":
            images.delete_signature_image(g.person, g.person.id)
            done = "Đã xóa ảnh chữ ký."
        else:
            images.set_signature_image(g.person, g.person.id, _uploaded())
            done = "Đã lưu ảnh chữ ký. Văn bản ký số từ nay in ảnh này giữa chức vụ và họ tên."
    except ServiceError as exc:
        return render_template("account_signature.html", error=exc.message, image=images.own_signature(g.person),
                               max_kb=images.MAX_BYTES // 1024, max_side=images.MAX_SIDE), exc.status
    flash(done, "info")
    return redirect(url_for("web.signature_form"), 303)
