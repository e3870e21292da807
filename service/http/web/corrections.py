"""The document page's forms for correcting (đính chính), recalling (thu hồi) and voiding a number (hủy số).
HTTP only: parse the form, call one use case, flash and redirect, or show the page again with the message."""
from __future__ import annotations

from flask import flash, g, redirect, request, url_for

from service.errors import Conflict, ValidationFailed
from service.http.web.views import _document_page, bp, login_required
from service.usecases import corrections, recall


def _reason() -> str:
    return (request.form.get("reason") or "")[:4000]


@bp.post("/documents/<int:doc_id>/corrections")
@login_required
def start_correction(doc_id: int):
    try:
        fix = corrections.start_correction(g.person, doc_id)
    except (Conflict, ValidationFailed) as exc:
        return _document_page(doc_id, exc.message, exc.status)
    flash("Đã lập dự thảo công văn đính chính. Ghi rõ nội dung đính chính rồi bấm \"Trình duyệt\".", "ok")
    return redirect(url_for("web.edit_document", doc_id=fix.id), 303)


@bp.post("/documents/<int:doc_id>/recall")
@login_required
def recall_document(doc_id: int):
    try:
        recall.recall(g.person, doc_id, _reason())
    except (Conflict, ValidationFailed) as exc:
        return _document_page(doc_id, exc.message, exc.status)
    flash("Đã thu hồi văn bản; bản đến của các nơi nhận đã được rút và các nơi nhận đã được thông báo.", "ok")
    return redirect(url_for("web.document", doc_id=doc_id), 303)


@bp.post("/documents/<int:doc_id>/void-number")
@login_required
def void_number(doc_id: int):
    try:
        doc = recall.void_number(g.person, doc_id, _reason())
    except (Conflict, ValidationFailed) as exc:
        return _document_page(doc_id, exc.message, exc.status)
    flash("Đã hủy số; số này giữ trong sổ với ghi chú \"Số bị hủy\". Văn bản trở lại bước cấp số.", "ok")
    return redirect(url_for("web.document", doc_id=doc.id), 303)
