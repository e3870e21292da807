"""The incoming-document pages (văn bản đến): queue, one document with the form of its open step, manual
registration of a paper document with its scan, the incoming and follow-up registers. HTTP only: parse, call a
use case, render."""
from __future__ import annotations

from datetime import date
from urllib.parse import quote

from flask import Response, flash, g, redirect, render_template, request, url_for
from werkzeug.exceptions import RequestEntityTooLarge

from service.clock import current_clock
from service.domain import incoming as din
from service.domain import kinds as dkinds
from service.domain.registers import FOLLOW_UP_COLUMNS, INCOMING_COLUMNS
from service.domain.text import nfc
from service.errors import Forbidden, ServiceError, ValidationFailed
from service.http.web.views import bp, login_required
from service.usecases import incoming, incoming_page, incoming_registers

DONE_MESSAGES = {"route_incoming": "Đã chuyển xử lý văn bản đến.", "handle_incoming": "Đã ghi kết quả giải quyết."}
MANUAL_FIELDS = ("author", "subject", "symbol", "issue_date", "kind", "urgency", "arrival_date", "chuyen",
                 "file_notation", "note", "place", "electronic")


@bp.app_context_processor
def _incoming_menu():
    p = g.get("person")
    return {"can_incoming": bool(p and incoming_page.may_open_queue(p)),
            "can_incoming_register": bool(p and incoming_page.may_read_register(p))}


@bp.app_template_filter("iso_vn")
def iso_vn(value: str | None) -> str:
    """'2025-08-07' -> '07/08/2025' (register rows carry ISO dates)."""
    try:
        return date.fromisoformat(value).strftime("%d/%m/%Y") if value else ""
    except ValueError:
        return value or ""


# --------------------------------------------------------------------------- queue and one document


@bp.get("/incoming")
@login_required
def incoming_queue():
    status = request.args.get("status") or None
    rows = incoming_page.queue_page(g.person, status)
    return render_template("incoming_queue.html", rows=rows, status=status, labels=incoming.STATUS_LABELS,
                           may_register=incoming_page.may_register(g.person))


def _detail_page(incoming_id: int, error: str | None = None, status: int = 200, values=None):
    d = incoming_page.detail(g.person, incoming_id)
    return render_template("incoming.html", d=d, inc=d.inc, error=error, values=values or {},
                           today=current_clock().today(), outcomes=incoming_page.OUTCOME_CHOICES,
                           outcome_labels=incoming.OUTCOME_LABELS, reasons=incoming.DUPLICATE_REASONS,
                           confirm_needed=status == 409 or bool(d.duplicates)), status


@bp.get("/incoming/<int:incoming_id>")
@login_required
def incoming_detail(incoming_id: int):
    return _detail_page(incoming_id)


def _payload(step: str, form) -> dict:
    def text(name: str) -> str | None:
        v = (form.get(name) or "").strip()[:5000]
        return nfc(v) if v else None

    if step == "register_incoming":
        names = ("arrival_date", "chuyen", "file_notation", "note")
        extra = {"confirm_duplicate": True} if form.get("confirm_duplicate") == "1" else {}
    elif step == "route_incoming":
        names = ("lead_unit", "handler", "deadline", "direction")
        units = [u.strip() for u in form.getlist("coordinating_units") if u.strip()][:50]
        extra = {"coordinating_units": ",".join(units)} if units else {}
    elif step == "handle_incoming":
        names, extra = ("outcome", "comment"), {}
        raw = (form.get("reply_document_id") or "").strip()
        if form.get("outcome") == "reply" and raw:
            if not raw.isdigit() or len(raw) > 9:
                raise ValidationFailed("Hãy chọn văn bản trả lời trong danh sách.")
            extra = {"reply_document_id": int(raw)}
    else:
        raise ValidationFailed("Thao tác không hợp lệ; không có gì thay đổi.")
    return {n: text(n) for n in names if text(n) is not None} | extra


def _message(exc: ServiceError) -> str:
    details = exc.details if isinstance(exc.details, list) else []
    parts = [d["message"] for d in details if isinstance(d, dict) and d.get("message") and d.get("field")]
    if parts and exc.message not in " ".join(parts):
        return exc.message + " " + "; ".join(parts)
    return exc.message


@bp.post("/incoming/<int:incoming_id>/actions")
@login_required
def incoming_action(incoming_id: int):
    step = request.form.get("step") or ""
    try:
        payload = _payload(step, request.form)
        inc = incoming.complete_task(g.person, incoming_id, request.form.get("task_id") or "", payload)
    except ServiceError as exc:
        if exc.status == 404:
            raise
        return _detail_page(incoming_id, _message(exc), exc.status, request.form)
    if step == "register_incoming":
        flash(f"Đã vào sổ: {inc.stamp['label']}, Số {inc.number}.", "ok")
    elif step == "handle_incoming" and inc.status != "DONE":
        flash("Đã đề nghị lãnh đạo phân công lại.", "ok")
    else:
        flash(DONE_MESSAGES.get(step, "Đã lưu."), "ok")
    return redirect(url_for("web.incoming_detail", incoming_id=incoming_id), 303)


@bp.get("/incoming/<int:incoming_id>/pdf")
@login_required
def incoming_pdf(incoming_id: int):
    data, name = incoming.pdf_of(g.person, incoming_id)
    return Response(data, mimetype="application/pdf",
                    headers={"Content-Disposition": f"inline; filename*=UTF-8''{quote(name, safe='')}"})


# --------------------------------------------------------------------------- paper documents registered by hand


def _new_page(values=None, error: str | None = None, status: int = 200, confirm: bool = False):
    return render_template("incoming_new.html", values=values or {}, error=error, confirm=confirm,
                           kinds=dkinds.kinds_for(g.person.org.system), urgencies=din.URGENCY_LABELS,
                           today=current_clock().today()), status


def _require_clerk() -> None:
    if not incoming_page.may_register(g.person):
        raise Forbidden("Chỉ văn thư mới được vào sổ văn bản đến.")


def allow_scan_upload() -> None:
    """Before the CSRF check reads the form: the manual registration's body may hold a scan up to the
    incoming PDF limit (larger than the app's default body limit)."""
    if request.endpoint == "web.incoming_new_post":
        request.max_content_length = incoming.pdf_limit() + 256 * 1024


@bp.get("/incoming/new")
@login_required
def incoming_new():
    _require_clerk()
    return _new_page()


def _date(values: dict, name: str, label: str) -> date | None:
    raw = values.get(name) or ""
    if not raw:
        return None
    try:
        return date.fromisoformat(raw)
    except ValueError:
        raise ValidationFailed(f"{label}: hãy nhập ngày hợp lệ.") from None


@bp.post("/incoming/new")
@login_required
def incoming_new_post():
    _require_clerk()
    limit = incoming.pdf_limit()
    request.max_content_length = limit + 256 * 1024  # the scan plus the form fields
    try:
        form, files = request.form, request.files
    except RequestEntityTooLarge:
        return _new_page(error=f"Tệp quét quá lớn (tối đa {limit // (1024 * 1024)} MB); chưa vào sổ.", status=413)
    values = {n: nfc((form.get(n) or "").strip()[:5000]) for n in MANUAL_FIELDS}
    upload = files.get("file")
    try:
        if not values["author"] or not values["subject"]:
            raise ValidationFailed("Hãy nhập tác giả (cơ quan gửi) và trích yếu.")
        if upload is None or not upload.filename:
            raise ValidationFailed("Hãy chọn tệp PDF bản quét văn bản.")
        pdf = upload.read(limit + 1)
        if len(pdf) > limit:
            return _new_page(values, f"Tệp quét quá lớn (tối đa {limit // (1024 * 1024)} MB); chưa vào sổ.", 413)
        data = incoming.ManualIn(
            author=values["author"], subject=values["subject"], symbol=values["symbol"] or None,
            issue_date=_date(values, "issue_date", "Ngày văn bản"), kind=values["kind"] or None,
            urgency=values["urgency"] or None, arrival_date=_date(values, "arrival_date", "Ngày đến"),
            chuyen=values["chuyen"] or None, file_notation=values["file_notation"] or None,
            note=values["note"] or None, confirm_duplicate=form.get("confirm_duplicate") == "1",
            place=values["place"] or None, electronic=values["electronic"] == "1")
        inc = incoming.register_manual(g.person, data, pdf, upload.filename)
    except ServiceError as exc:
        if exc.status == 403:
            raise
        return _new_page(values, _message(exc) + " Hãy chọn lại tệp PDF.", exc.status, confirm=exc.status == 409)
    flagged = f" Có {len(inc.findings)} điểm cần lưu ý (xem mục Kiểm tra văn bản đến)." if inc.findings else ""
    flash(f"Đã vào sổ: {inc.stamp['label']}, Số {inc.number}.{flagged}", "ok")
    return redirect(url_for("web.incoming_detail", incoming_id=inc.id), 303)


# --------------------------------------------------------------------------- the registers


def _filter() -> tuple[incoming_registers.RegisterFilter, bool]:
    a = request.args
    raw = (a.get("year") or "").strip()
    if raw and (not raw.isdigit() or len(raw) > 4):
        raise ValidationFailed(f"Năm phải là số, ví dụ 2025; bạn đã nhập \"{raw[:20]}\".")
    f = incoming_registers.RegisterFilter(year=int(raw) if raw else None, urgency=a.get("urgency") or None,
                                          status=a.get("status") or None, q=(a.get("q") or "").strip()[:200] or None)
    return f, a.get("view") == "follow-up"


@bp.get("/register/incoming")
@login_required
def register_incoming():
    f, follow_up = _filter()
    rows, findings = (incoming_registers.follow_up_register(g.person, f), []) if follow_up else \
        incoming_registers.incoming_register(g.person, f)
    args = {k: v for k, v in request.args.items() if v}
    return render_template("register_incoming.html", rows=rows, findings=findings, f=f, follow_up=follow_up,
                           columns=FOLLOW_UP_COLUMNS if follow_up else INCOMING_COLUMNS, args=args,
                           urgencies=din.URGENCY_LABELS, labels=incoming.STATUS_LABELS,
                           this_year=current_clock().today().year)


def _export(fmt: str, mimetype: str) -> Response:
    f, follow_up = _filter()
    data = incoming_registers.register_export(g.person, f, follow_up=follow_up, fmt=fmt)
    name = f"{'so-theo-doi-giai-quyet' if follow_up else 'so-van-ban-den'}-{current_clock().today():%Y%m%d}.{fmt}"
    return Response(data, mimetype=mimetype, headers={"Content-Disposition": f'attachment; filename="{name}"'})


@bp.get("/register/incoming.csv")
@login_required
def register_incoming_csv():
    return _export("csv", "text/csv; charset=utf-8")


@bp.get("/register/incoming.xlsx")
@login_required
def register_incoming_xlsx():
    return _export("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
