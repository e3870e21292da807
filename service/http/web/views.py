"""The pages: sign-in, tasks, drafts, document, outgoing register. HTTP only: parse, call a use case, render."""
from __future__ import annotations

import functools
from urllib.parse import urlsplit

from flask import Blueprint, Response, flash, g, redirect, render_template, request, session, url_for
from pydantic import ValidationError as PydanticError

from service.clock import current_clock
from service.domain import kinds as dkinds
from service.domain.handling import never_online
from service.domain.recipients import ArchiveLine, RecipientLine, format_archive_line, format_recipient_line
from service.domain.registers import OUTGOING_COLUMNS
from service.errors import Conflict, Forbidden, Locked, ServiceError, ValidationFailed
from service.http import cursor
from service.http.throttle import sign_in_throttled
from service.http.web import forms
from service.usecases import (
    access,
    bulk,
    corrections,
    dispatch,
    document_files,
    handling,
    outgoing,
    outgoing_tasks,
    reassignment,
    registers,
    work,
)
from service.usecases import document_page as act
from service.usecases.accounts import SESSION, person_for_session, revoke, sign_in
from service.usecases.document_page import comment_thread, deliveries_by_document, document_diagram
from service.usecases.drafting_options import draft_options
from service.usecases.inputs import DeliveryRecordIn
from service.usecases.registers import register_csv, register_xlsx
from service.usecases.versions import version_diffs

bp = Blueprint("web", __name__)

# Endpoints anyone may open without signing in (the access test reads this).
PUBLIC_ENDPOINTS = {"web.login", "web.login_post", "web.sso_login", "web.sso_callback"}


@bp.before_app_request
def _load_person() -> None:
    """The person of the page session named in the cookie; a cookie whose session was signed out, expired or
    revoked (a password change) is dropped and remembered as `session_ended`."""
    g.person, g.session_ended = None, False
    if "sid" in session:
        g.person = person_for_session(session.get("sid"))
        if g.person is None:
            session.clear()
            g.session_ended = True


def login_required(view):
    @functools.wraps(view)
    def wrapper(*args, **kwargs):
        if g.get("person") is None:
            if g.get("session_ended"):  # a replayed or expired cookie: 401, with the sign-in form
                return render_template("login.html", next=_here() if request.method == "GET" else "",
                                       username="", error="Phiên đăng nhập đã kết thúc. Hãy đăng nhập lại."), 401
            return redirect(url_for("web.login", next=_here() if request.method == "GET" else None))
        return view(*args, **kwargs)
    return wrapper


def _here() -> str:
    return request.full_path if request.query_string else request.path


def safe_next(target: str | None) -> str:
    """Only a path on this site (never //evil.example or https://…) is followed after sign-in."""
    if target and target.startswith("/") and not target.startswith("//") and not urlsplit(target).netloc \
            and "\\" not in target:
        return target
    return url_for("web.tasks")


@bp.app_context_processor  # error pages too: the menu is the same everywhere
def _menu():
    p = g.get("person")
    return {"person": p, "can_draft": bool(p and act.may_draft(p)),
            "can_register": bool(p and act.may_read_register(p)),
            "can_administer": bool(p and act.may_administer(p))}


# --------------------------------------------------------------------------- sign-in


@bp.get("/login")
def login():
    if g.get("person") is not None:
        return redirect(url_for("web.tasks"))
    return render_template("login.html", next=request.args.get("next", ""), username="", error=None)


@bp.post("/login")
@sign_in_throttled
def login_post():
    username = (request.form.get("username") or "")[:80]
    password = (request.form.get("password") or "")[:200]
    nxt = request.form.get("next") or ""
    if not username.strip() or not password:
        return render_template("login.html", next=nxt, username=username,
                               error="Hãy nhập tên đăng nhập và mật khẩu."), 422
    try:
        _person, sid, _row = sign_in(username, password, SESSION)
    except ServiceError as exc:
        return render_template("login.html", next=nxt, username=username, error=exc.message), exc.status
    start_page_session(sid)
    return redirect(safe_next(nxt))


def start_page_session(sid: str) -> None:
    """After any sign-in (password or single sign-on): a new cookie session holding only the page session's
    token, so nothing from before the sign-in carries over (no fixation)."""
    session.clear()
    session["sid"] = sid


@bp.post("/logout")
def logout():
    """Sign out: the page session ends on the server too, so a copy of the cookie no longer works."""
    if isinstance(session.get("sid"), str):
        revoke(session["sid"])
    session.clear()
    flash("Bạn đã đăng xuất.", "info")
    return redirect(url_for("web.login"))


# --------------------------------------------------------------------------- tasks and lists


@bp.get("/")
@login_required
def tasks():
    items = work.my_work(g.person)
    today = current_clock().today()
    deadlines = {(t.flow, t.task_id): handling.dispatch_deadline(t.document) if t.flow == "outgoing"
                 else work.incoming_deadline(t.incoming, today)
                 for t in items if t.name in ("dispatch", "handle_incoming")}
    return render_template("tasks.html", tasks=items, deadlines=deadlines, bulk_choices=bulk.page_choices(items),
                           bulk_steps=bulk.BULK_STEPS)


@bp.get("/documents")
@login_required
def documents():
    status = request.args.get("status") or None
    if status is not None and status not in outgoing.STATUS_LABELS:
        status = None
    return render_template("documents.html", docs=outgoing.list_documents(g.person, status=status, limit=100),
                           status=status)


# --------------------------------------------------------------------------- drafting


def _form_page(form: forms.DraftForm, doc=None, status: int = 200):
    opts = draft_options(g.person, current_clock().today(), form.values.get("kind") or None)
    all_signers = draft_options(g.person, current_clock().today()).signers
    return render_template("document_form.html", form=form, doc=doc, opts=opts, all_signers=all_signers,
                           rows=forms.blank_rows(form.values), labels=forms.FIELD_LABELS), status


@bp.get("/documents/new")
@login_required
def new_document():
    if not act.may_draft(g.person):
        raise Forbidden("Bạn không có vai trò chuyên viên soạn thảo nên không thể soạn văn bản mới.")
    p = g.person
    return _form_page(forms.DraftForm(forms.empty_values(p.unit.code if p.unit else None, p.org.place_name)))


@bp.post("/documents/new")
@login_required
def create_document():
    if not act.may_draft(g.person):
        raise Forbidden("Bạn không có vai trò chuyên viên soạn thảo nên không thể soạn văn bản mới.")
    form, draft = forms.parse_draft(request.form)
    if draft is None:
        return _form_page(form, status=422)
    try:
        doc = outgoing.create_document(g.person, draft)
    except ValidationFailed as exc:
        forms.add_service_errors(form, exc, set(forms.FIELD_LABELS))
        return _form_page(form, status=422)
    flash("Đã lưu dự thảo (bản 1). Kiểm tra lại rồi bấm \"Trình duyệt\".", "ok")
    return redirect(url_for("web.document", doc_id=doc.id), 303)


def _revisable(doc_id: int):
    doc = access.get_document(g.person, doc_id, insider=True)
    if not act.may_revise(g.person, doc):
        raise Forbidden("Dự thảo này không ở bước soạn thảo của bạn nên không thể chỉnh sửa.")
    return doc


@bp.get("/documents/<int:doc_id>/edit")
@login_required
def edit_document(doc_id: int):
    doc = _revisable(doc_id)
    return _form_page(forms.DraftForm(forms.values_from_content(outgoing.document_content(doc))), doc)


@bp.post("/documents/<int:doc_id>/edit")
@login_required
def revise_document(doc_id: int):
    doc = _revisable(doc_id)
    form, draft = forms.parse_draft(request.form)
    if draft is None:
        return _form_page(form, doc, 422)
    try:
        doc = outgoing.revise_document(g.person, doc_id, draft, _version())
    except ValidationFailed as exc:
        forms.add_service_errors(form, exc, set(forms.FIELD_LABELS))
        return _form_page(form, access.get_document(g.person, doc_id, insider=True), 422)
    flash(f"Đã lưu dự thảo (bản {doc.version_no}).", "ok")
    return redirect(url_for("web.document", doc_id=doc.id), 303)


def _version() -> int | None:
    raw = request.form.get("version") or ""
    return int(raw) if raw.isdigit() else None


# --------------------------------------------------------------------------- the document


def _signature_badge(p, doc) -> dict | None:
    """The verification badge of a signed document (both signatures, chain, unchanged), else None."""
    if not doc.signed_hash:
        return None

    return document_files.verify_document(p, doc.id).get("badge")


def _document_page(doc_id: int, action_error: str | None = None, status: int = 200):
    p = g.person
    doc = handling.open_document(p, doc_id, "page")
    recipient_lines = [format_recipient_line(doc.system, RecipientLine(r["text"], r["purpose"], r.get("org_code")))
                       for r in doc.recipients]
    from service.domain.dates import format_date_line
    from service.domain.numbering import format_number_line
    number_line = format_number_line(doc.system, doc.symbol) if doc.symbol else None
    date_line = format_date_line(doc.place, doc.issue_date) if doc.issue_date else None
    if not access.is_insider(p, doc):  # a recipient: the issued document and their own deliveries, nothing inside
        return render_template(
            "document_received.html", doc=doc, kind=dkinds.KINDS.get(doc.kind), recipient_lines=recipient_lines,
            number_line=number_line, date_line=date_line, deliveries=outgoing.deliveries(p, doc_id),
            channels=dispatch.CHANNEL_LABELS, paper_only=never_online(doc.secrecy),
            fix=corrections.page_view(p, doc)), status
    events = outgoing.history(p, doc_id)
    archive_line = format_archive_line(doc.system, ArchiveLine(tuple(doc.archive_units), doc.archive_copies)) \
        if doc.archive_units else None
    return render_template(
        "document.html", doc=doc, kind=dkinds.KINDS.get(doc.kind), ruleset=dkinds.ruleset_label(doc.ruleset),
        actions=act.available_actions(p, doc),
        holders=act.step_holders(doc), events=events, comments=comment_thread(events),
        diffs=version_diffs(p, doc_id), diagram=document_diagram(doc), signature=_signature_badge(p, doc),
        deliveries=outgoing.deliveries(p, doc_id) if doc.dispatched_at else [],
        may_record=access.holds(p, doc.org_id, "clerk"), channels=dispatch.CHANNEL_LABELS,
        recipient_lines=recipient_lines, archive_line=archive_line,
        number_line=number_line, date_line=date_line, deadline=handling.dispatch_deadline(doc),
        action_error=action_error, today=current_clock().today(), fix=corrections.page_view(p, doc),
        reassign=reassignment.choices(p, doc)), status


@bp.get("/documents/<int:doc_id>")
@login_required
def document(doc_id: int):
    return _document_page(doc_id)


@bp.get("/documents/<int:doc_id>/pdf")
@login_required
def document_pdf(doc_id: int):
    """The document as PDF: the signed file once signed, else a preview marked DỰ THẢO."""

    pdf, state = document_files.document_pdf(g.person, doc_id)
    name = f"van-ban-{doc_id}.pdf"
    return Response(pdf, mimetype="application/pdf", headers={
        "Content-Disposition": f'inline; filename="{name}"', "X-Signature-State": state})


DONE_MESSAGES = {
    "submit": "Đã trình dự thảo.",
    "approve": "Đã đồng ý; văn bản chuyển sang bước tiếp theo.",
    "return": "Đã trả lại dự thảo kèm ý kiến.",
    "sign": "Đã ký văn bản.",
    "register": "Đã cấp số và vào sổ văn bản đi.",
    "dispatch": "Đã phát hành văn bản tới các nơi nhận.",
}


@bp.post("/documents/<int:doc_id>/actions")
@login_required
def document_action(doc_id: int):
    name = request.form.get("action") or ""
    comment = (request.form.get("comment") or "").strip()
    if name in ("approve", "sign"):
        payload = {"decision": "approve"} | ({"comment": comment} if comment else {})
    elif name == "return":
        payload = {"decision": "return", "comment": comment}
    elif name == "register":
        issue_date = (request.form.get("issue_date") or "").strip()
        payload = {"issue_date": issue_date} if issue_date else {}
    elif name in ("submit", "dispatch"):
        payload = {}
    else:
        access.get_document(g.person, doc_id, insider=True)  # 404 first for documents the person may not act on
        return _document_page(doc_id, "Thao tác không hợp lệ; không có gì thay đổi.", 422)
    try:
        pin = {"pin": request.form["pin"][:20]} if request.form.get("pin") and name in ("sign", "dispatch") else {}
        outgoing_tasks.complete_task(g.person, doc_id, request.form.get("task_id") or "", payload | pin, _version())
    except ValidationFailed as exc:
        details = exc.details if isinstance(exc.details, list) else []
        parts = [f"{forms.FIELD_LABELS.get(forms.field_of(d.get('field')) or '', d.get('field') or '')}: "
                 f"{d['message']}" if d.get("message") and d.get("field") else d.get("message", "")
                 for d in details]
        if any(forms.field_of(d.get("field")) == "comment" for d in details):
            parts = ["Ý kiến: bắt buộc khi trả lại dự thảo; hãy ghi rõ cần sửa gì."]
        return _document_page(doc_id, " ".join(x for x in parts if x) or exc.message, 422)
    except (Conflict, Forbidden, Locked) as exc:  # an ended term, a signing PIN not set, wrong or locked
        if exc.code not in ("term_ended", "pin_not_set", "wrong_pin", "signing_key_locked"):
            raise
        return _document_page(doc_id, exc.message, exc.status)  # the page says what to do
    flash(DONE_MESSAGES[name], "ok")
    return redirect(url_for("web.document", doc_id=doc_id), 303)


@bp.post("/documents/<int:doc_id>/deliveries/<int:delivery_id>/record")
@login_required
def record_delivery(doc_id: int, delivery_id: int):
    """The clerk records how a line outside the system went (bản giấy, thư điện tử)."""
    try:
        data = DeliveryRecordIn(channel=request.form.get("channel") or "",
                                note=(request.form.get("note") or "").strip() or None)
    except PydanticError:
        access.get_document(g.person, doc_id, insider=True)
        return _document_page(doc_id, "Hãy chọn cách gửi (bản giấy hoặc thư điện tử); ghi chú tối đa 300 ký tự.", 422)
    dispatch.record_outside_delivery(g.person, doc_id, delivery_id, data)
    flash("Đã ghi nhận việc gửi ngoài hệ thống.", "ok")
    return redirect(url_for("web.document", doc_id=doc_id) + "#h-deliveries", 303)


# --------------------------------------------------------------------------- the outgoing register


def _register_filter(limit: int = 50) -> registers.RegisterFilter:
    a = request.args

    def _int(name: str) -> int | None:
        raw = (a.get(name) or "").strip()
        if not raw:
            return None
        if not raw.isdigit() or len(raw) > 9:
            raise ValidationFailed(f"Bộ lọc '{name}' phải là số nguyên dương; bạn đã nhập \"{raw[:20]}\".")
        return int(raw)

    token = (a.get("cursor") or "").strip()  # the page's own keyset cursor (service.http.cursor)
    return registers.RegisterFilter(year=_int("year"), kind=(a.get("kind") or "").strip() or None,
                                    signer=(a.get("signer") or "").strip()[:200] or None,
                                    recipient=(a.get("recipient") or "").strip()[:200] or None,
                                    q=(a.get("q") or "").strip()[:200] or None,
                                    before_id=(cursor.decode(token, "b") or None) if token else None,
                                    limit=limit)


@bp.get("/register/outgoing")
@login_required
def register():
    f = _register_filter()
    rows = registers.outgoing_register(g.person, f)
    args = {k: v for k, v in request.args.items() if k != "cursor" and v}
    return render_template("register.html", rows=rows, f=f, columns=OUTGOING_COLUMNS,
                           deliveries=deliveries_by_document(rows), args=args,
                           next_cursor=cursor.encode({"b": rows[-1].id}) if len(rows) == f.limit else None,
                           kinds=dkinds.kinds_for(g.person.org.system), this_year=current_clock().today().year)


def _download(data: bytes, mimetype: str, ext: str) -> Response:
    name = f"so-van-ban-di-{current_clock().today():%Y%m%d}.{ext}"
    return Response(data, mimetype=mimetype, headers={"Content-Disposition": f'attachment; filename="{name}"'})


@bp.get("/register/outgoing.csv")
@login_required
def register_export_csv():
    return _download(register_csv(g.person, _register_filter()), "text/csv; charset=utf-8", "csv")


@bp.get("/register/outgoing.xlsx")
@login_required
def register_export_xlsx():
    return _download(register_xlsx(g.person, _register_filter()),
                     "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx")
