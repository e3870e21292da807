"""The notifications page, the unread count in every page's header, and the e-mail preference (HTTP only)."""
from __future__ import annotations

from flask import flash, g, redirect, render_template, request, url_for

from service.errors import ValidationFailed
from service.http.web.views import bp, login_required
from service.usecases import notifications as notices

KIND_LABELS = {
    "outgoing_task": "Việc mới", "outgoing_returned": "Bị trả lại", "outgoing_dispatched": "Đã phát hành",
    "incoming_queued": "Văn bản đến", "incoming_urgent": "Văn bản đến khẩn", "incoming_registered": "Văn bản đến",
    "incoming_assigned": "Được giao xử lý", "incoming_coordinate": "Phối hợp xử lý", "incoming_returned": "Phân công lại",
    "report_reminder": "Nhắc hạn báo cáo", "report_overdue": "Quá hạn báo cáo", "obligation_review": "Chế độ báo cáo",
}


@bp.app_context_processor
def _unread():
    p = g.get("person")
    return {"unread_notifications": notices.unread_count(p) if p is not None else 0}


@bp.get("/notifications")
@login_required
def notifications_page():
    items = notices.notifications(g.person, limit=200)
    return render_template("notifications.html", items=items, kinds=KIND_LABELS,
                           email=g.person.email, email_on=g.person.email_notifications)


@bp.post("/notifications/<int:notification_id>/read")
@login_required
def notification_read(notification_id: int):
    n = notices.mark_read(g.person, notification_id)
    if n.document_id is not None and request.form.get("open") == "1":
        return redirect(url_for("web.document", doc_id=n.document_id), 303)
    return redirect(url_for("web.notifications_page"), 303)


@bp.post("/notifications/read-all")
@login_required
def notifications_read_all():
    notices.mark_all_read(g.person)
    return redirect(url_for("web.notifications_page"), 303)


@bp.post("/account/email-notifications")
@login_required
def email_notifications():
    choice = request.form.get("enabled")
    if choice not in ("0", "1"):
        raise ValidationFailed("Hãy chọn bật hoặc tắt nhận thông báo qua thư điện tử.")
    notices.set_email_notifications(g.person, choice == "1")
    flash("Đã bật nhận thông báo qua thư điện tử." if choice == "1" else "Đã tắt nhận thông báo qua thư điện tử.",
          "info")
    return redirect(url_for("web.notifications_page"), 303)
