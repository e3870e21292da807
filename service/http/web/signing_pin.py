"""Signing with one's own PIN on the pages: the exact PDF a signing step will sign (shown in the sign form before
the PIN field), and the person's page to set or change their signing PIN (a clerk also the organization's)."""
from __future__ import annotations

from flask import Response, flash, g, redirect, render_template, request, url_for

from service.errors import ServiceError
from service.http.web.views import bp, login_required
from service.usecases import document_files, signing_pins


@bp.get("/documents/<int:doc_id>/signing-preview.pdf")
@login_required
def signing_preview(doc_id: int):
    """The bytes the open signing step signs; framed by the document page (same origin only)."""
    pdf = document_files.signing_preview_pdf(g.person, doc_id)
    return Response(pdf, mimetype="application/pdf", headers={
        "Content-Disposition": f'inline; filename="ky-so-{doc_id}.pdf"', "Cache-Control": "no-store",
        "Content-Security-Policy": "frame-ancestors 'self'", "X-Frame-Options": "SAMEORIGIN"})


def _form(error: str | None = None, status: int = 200):
    return render_template("account_signing_pin.html", error=error, keys=signing_pins.pin_status(g.person)), status


@bp.get("/account/signing-pin")
@login_required
def signing_pin_form():
    return _form()


@bp.post("/account/signing-pin")
@login_required
def signing_pin_change():
    """Set (first use) or change a signing PIN; the PINs are neither stored nor logged, only the key re-encrypted."""
    scope = request.form.get("scope") or "person"
    new, again = (request.form.get("new_pin") or "")[:20], (request.form.get("new_pin_again") or "")[:20]
    if new != again:
        return _form("Hai lần nhập mã PIN mới không khớp.", 422)
    try:
        signing_pins.set_pin(g.person, new, (request.form.get("old_pin") or "")[:20] or None, scope)
    except ServiceError as exc:
        return _form(exc.message, exc.status)
    flash("Đã lưu mã PIN ký số. Hãy ghi nhớ: không ai khác, kể cả quản trị viên, biết hoặc khôi phục được mã này.",
          "info")
    return redirect(url_for("web.signing_pin_form"), 303)
