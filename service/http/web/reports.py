"""The reporting pages (báo cáo định kỳ), HTTP only: what an organization owes and what it requests, starting a
period's report, and one obligation's matrix with the completion form (a refused form is shown again, 422)."""
from __future__ import annotations

from datetime import date
from urllib.parse import urlsplit

from flask import flash, g, redirect, render_template, request, url_for

from service.domain import reporting as drep
from service.errors import ServiceError, ValidationFailed
from service.http.web.views import bp, login_required
from service.usecases import report_pages, report_periods, reporting


@bp.app_context_processor
def _reports_menu():
    p = g.get("person")
    return {"can_see_reports": bool(p is not None and report_pages.sees_reports(p))}


@bp.get("/reports")
@login_required
def reports():
    return render_template("reports.html", frequency_label=lambda c: drep.FREQUENCY_LABELS.get(c, c),
                           obligation_label=lambda c: reporting.OBLIGATION_STATUS_LABELS.get(c, c),
                           **report_pages.overview(g.person))


def _back() -> str:
    """Where to return after a refused start: the page the form names (a path on this site), else /reports."""
    target = request.form.get("next") or ""
    if target.startswith("/") and not target.startswith("//") and not urlsplit(target).netloc and "\\" not in target:
        return target
    return url_for("web.reports")


@bp.post("/reports/periods/<int:period_id>/start")
@login_required
def start_period_report(period_id: int):
    """Start the report (Báo cáo) of a period: a draft addressed to the requester, opened for editing."""
    try:
        doc = report_periods.start_report(g.person, period_id, report_periods.ReportIn())
    except ServiceError as exc:
        if exc.status in (403, 404):
            raise
        flash(exc.message, "error")
        return redirect(_back(), 303)
    flash("Đã lập dự thảo báo cáo gửi " + doc.recipients[0]["text"] + ": hãy viết nội dung rồi trình duyệt.", "info")
    return redirect(url_for("web.edit_document", doc_id=doc.id), 303)


def _page(ob_id: int, error: str | None = None, status: int = 200):
    return render_template("report_obligation.html", error=error, posted=request.form if error else None,
                           frequency_labels=drep.FREQUENCY_LABELS,
                           status_labels=reporting.OBLIGATION_STATUS_LABELS,
                           **report_pages.obligation_page(g.person, ob_id)), status


@bp.get("/reports/obligations/<int:ob_id>")
@login_required
def report_obligation(ob_id: int):
    return _page(ob_id)


def _date(name: str, label: str) -> date | None:
    value = (request.form.get(name) or "").strip()
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise ValidationFailed(f"{label} phải là một ngày (ngày/tháng/năm).", details=[{"field": name}]) from None


def _obligation_form() -> reporting.ObligationIn:
    days = (request.form.get("reminder_days") or "").strip()
    if days and not days.isdigit():
        raise ValidationFailed("Số ngày nhắc trước hạn phải là số nguyên từ 0 đến 60.",
                               details=[{"field": "reminder_days"}])
    return reporting.ObligationIn(
        frequency=(request.form.get("frequency") or "").strip()[:20] or None,
        first_due_date=_date("first_due_date", "Hạn nộp kỳ đầu"), reminder_days=int(days) if days else None,
        obligors=[c[:40] for c in request.form.getlist("obligors")][:500] if request.form.get("obligors_shown") else None,
        generate_until=_date("generate_until", "Sinh kỳ đến ngày"))


@bp.post("/reports/obligations/<int:ob_id>")
@login_required
def report_obligation_update(ob_id: int):
    """Complete a NEEDS_REVIEW obligation (frequency, first due date, reminders, obligors, periods)."""
    try:
        ob = reporting.complete_obligation(g.person, ob_id, _obligation_form())
    except ServiceError as exc:
        if exc.status in (403, 404):
            raise
        return _page(ob_id, exc.message, exc.status)
    if ob.status == "ACTIVE":
        flash(f"Đã hoàn thiện chế độ báo cáo; có {len(ob.periods)} kỳ báo cáo.", "info")
    else:
        flash("Đã lưu; còn thiếu: " + "; ".join(r["message"] for r in ob.review), "info")
    return redirect(url_for("web.report_obligation", ob_id=ob_id), 303)
