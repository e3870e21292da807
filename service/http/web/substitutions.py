"""Pages of ủy quyền xử lý (one's own substitutes, and an administrator's for their organization) and of giao lại
việc (a leader gives a document's open step to someone else). HTTP only: parse, call one use case, render."""
from __future__ import annotations

from flask import flash, g, redirect, render_template, request, url_for

from service.errors import ServiceError
from service.http.web.views import bp, login_required
from service.usecases import reassignment, substitutions


def _page(error: str | None = None, status: int = 200, form: dict | None = None):
    return render_template("account_substitutions.html", error=error, found=substitutions.list_substitutions(g.person),
                           options=substitutions.form_options(g.person), form=form or {}), status


@bp.get("/account/substitutions")
@login_required
def substitutions_page():
    return _page()


def _back():
    org_id = request.form.get("org_id", "")
    if request.form.get("back") == "admin" and org_id.isdigit():
        return url_for("web.admin_org", org_id=int(org_id), _anchor="substitutions")
    return url_for("web.substitutions_page")


@bp.post("/account/substitutions")
@login_required
def substitution_create():
    """Name a substitute (for oneself, or, from the administrator's page, for a person of the organization)."""
    form = {k: v.strip() for k, v in request.form.items() if k != "csrf_token"}
    data = {k: form.get(k) or None for k in ("absent", "substitute", "starts_at", "ends_at", "reason")}
    data["kinds"] = [k for k in request.form.getlist("kinds") if k.strip()]
    try:
        sub = substitutions.create_substitution(g.person, data)
    except ServiceError as exc:
        if exc.status == 403:
            raise
        return _page(exc.message, exc.status, form)
    flash(f"Đã giao {sub.substitute.full_name} xử lý thay {sub.absent.full_name}.", "info")
    return redirect(_back(), 303)


@bp.post("/account/substitutions/<int:sub_id>/revoke")
@login_required
def substitution_revoke(sub_id: int):
    substitutions.revoke_substitution(g.person, sub_id)
    flash("Đã hủy ủy quyền xử lý.", "info")
    return redirect(_back(), 303)


@bp.post("/documents/<int:doc_id>/tasks/<task_id>/assign")
@login_required
def document_assign(doc_id: int, task_id: str):
    """Giao lại việc from the document page; a refusal (no reason, a person who may not take it) is flashed."""
    data = {"username": (request.form.get("username") or "").strip(), "reason": request.form.get("reason") or ""}
    try:
        doc = reassignment.reassign_task(g.person, doc_id, task_id, data)
    except ServiceError as exc:
        if exc.status in (403, 404):
            raise
        flash(exc.message, "error")
        return redirect(url_for("web.document", doc_id=doc_id, _anchor="reassign"), 303)
    flash(f"Đã giao lại bước cho {doc.step_assignee.full_name}.", "info")
    return redirect(url_for("web.document", doc_id=doc_id), 303)
