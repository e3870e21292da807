"""The person's own account on the pages: change the password (ends every other session and token)."""
from __future__ import annotations

from flask import flash, g, redirect, render_template, request, session, url_for

from service.errors import ValidationFailed
from service.http.web.views import bp, login_required
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
