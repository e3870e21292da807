"""Bulk actions on the tasks page (Việc cần làm): the chosen step on every ticked document, each in its own
transaction; the answer page lists every document with its result. HTTP only."""
from __future__ import annotations

from flask import g, render_template, request

from service.errors import ValidationFailed
from service.http.inputs import MAX_ID
from service.http.web.views import bp, login_required
from service.usecases import bulk


@bp.post("/tasks/bulk")
@login_required
def tasks_bulk():
    choice = bulk.PAGE_CHOICES.get(request.form.get("choice", ""))
    if choice is None:
        raise ValidationFailed("Hãy chọn việc cần xử lý hàng loạt.")
    task, data, label = choice
    data = dict(data)
    comment = (request.form.get("comment") or "").strip()
    if comment:
        data["comment"] = comment
    if request.form.get("pin") and task in ("sign", "dispatch"):  # opens the signing key; never stored
        data["pin"] = request.form["pin"][:20]
    raw = request.form.getlist("doc")
    if not all(v.isascii() and v.isdigit() and 0 < int(v) <= MAX_ID for v in raw):
        raise ValidationFailed("Danh sách văn bản được chọn không hợp lệ.")
    items = [bulk.BulkItem(int(v)) for v in raw]
    results = bulk.complete_many(g.person, task, data, items)
    return render_template("tasks_bulk.html", results=results, label=label,
                           succeeded=sum(1 for r in results if r.ok))
