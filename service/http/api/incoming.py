"""JSON API of the incoming documents and registers (HTTP only: parse, call a use case, render)."""
from __future__ import annotations

from datetime import date

from flask import Blueprint, Response, jsonify, request, url_for

from service.domain import incoming as din
from service.domain import registers
from service.errors import ValidationFailed
from service.http.api.common import _actor, _iso, _json_body
from service.http.api.models import incoming as m
from service.http.api.models.base import render
from service.http.api.paging import page_request, respond, window
from service.output import exports
from service.usecases import incoming, incoming_registers

bp = Blueprint("api_incoming", __name__, url_prefix="/api")


def incoming_json(inc, duplicates: list[dict] | None = None) -> dict:
    """One incoming document; `possible_duplicates` (V16) lists registered items that may be the same one;
    `findings` what the checks of a received document flagged (V1-V3, V17, V20: rule, field, message, severity)."""
    return {
        "id": inc.id, "org": inc.org.code, "status": inc.status, "status_label": incoming.STATUS_LABELS.get(inc.status),
        "step": inc.step, "step_role": inc.step_role, "task_id": inc.step_task_id,
        "urgent": din.is_urgent(inc.urgency), "urgency": inc.urgency,
        "urgency_label": din.URGENCY_LABELS.get(inc.urgency or ""),
        "author": inc.author, "symbol": inc.symbol, "symbol_raw": inc.symbol_raw, "kind": inc.kind,
        "subject": inc.subject, "place": inc.place, "electronic": bool(inc.electronic),
        "findings": inc.findings or [],
        "issue_date": inc.issue_date.isoformat() if inc.issue_date else None,
        "source_document_id": inc.source_document_id, "received_at": _iso(inc.received_at),
        "number": inc.number, "year": inc.year,
        "arrival_date": inc.arrival_date.isoformat() if inc.arrival_date else None,
        "stamp": inc.stamp, "note": inc.note,
        "lead_unit": inc.lead_unit.code if inc.lead_unit else None,
        "coordinating_units": [u.code for u in incoming.coordinating_units(inc)],
        "handler": inc.handler.username if inc.handler else None,
        "deadline": inc.deadline.isoformat() if inc.deadline else None, "direction": inc.direction,
        "routed_at": _iso(inc.routed_at), "outcome": inc.outcome, "reply_document_id": inc.reply_document_id,
        "handled_at": _iso(inc.handled_at), "has_pdf": inc.pdf_sha256 is not None, "pdf_sha256": inc.pdf_sha256,
        "possible_duplicates": duplicates if duplicates is not None else [],
        "withdrawn_at": _iso(inc.withdrawn_at), "withdrawal_reason": inc.withdrawal_reason,
    }


def _with_duplicates(items) -> list[dict]:
    dups = incoming.possible_duplicates(list(items))
    return [render(m.Incoming, incoming_json(i, dups.get(i.id))) for i in items]


def _int_arg(name: str) -> int | None:
    raw = request.args.get(name)
    if not raw:
        return None
    try:
        value = int(raw)
    except ValueError:
        raise ValidationFailed(f"'{name}' phải là số nguyên.", details=[{"field": name}]) from None
    if not 0 < value < 2**31:
        raise ValidationFailed(f"'{name}' nằm ngoài khoảng cho phép.", details=[{"field": name}])
    return value


def _date_field(form, name: str) -> date | None:
    raw = (form.get(name) or "").strip()
    if not raw:
        return None
    try:
        return date.fromisoformat(raw)
    except ValueError:
        raise ValidationFailed(f"'{name}' phải là ngày dạng YYYY-MM-DD.", details=[{"field": name}]) from None


@bp.get("/incoming")
def incoming_queue():
    p = _actor()
    page = page_request()
    items, cursor = window(incoming.queue(p, status=request.args.get("status") or None, year=_int_arg("year"),
                                          urgency=request.args.get("urgency") or None), page)
    return respond(m.IncomingList, {"items": _with_duplicates(items)}, cursor)


@bp.get("/incoming/<int:incoming_id>")
def incoming_get(incoming_id: int):
    return jsonify(_with_duplicates([incoming.get_incoming(_actor(), incoming_id)])[0])


@bp.post("/incoming/<int:incoming_id>/tasks/<task_id>")
def incoming_task(incoming_id: int, task_id: str):
    p = _actor()
    return jsonify(_with_duplicates([incoming.complete_task(p, incoming_id, task_id, _json_body())])[0])


MANUAL_FIELDS = {"author", "subject", "symbol", "issue_date", "kind", "urgency", "arrival_date", "chuyen",
                 "file_notation", "raw_text", "note", "confirm_duplicate", "place", "electronic"}


@bp.post("/incoming/manual")
def incoming_manual():
    """multipart/form-data: the fields of ManualIn and 'file' (the PDF scan)."""
    p = _actor()
    limit = incoming.pdf_limit()
    request.max_content_length = limit + 256 * 1024  # the scan plus the form fields
    if not request.mimetype == "multipart/form-data":
        raise ValidationFailed("Gửi dạng multipart/form-data với tệp PDF ở trường 'file'.", code="invalid_form")
    form = request.form
    # Werkzeug reads a part whose name it cannot parse as the key None: refuse it like any unknown field.
    unknown = sorted(repr(k) if k is None else str(k) for k in set(form) - MANUAL_FIELDS)
    if unknown:
        raise ValidationFailed("Trường không được hỗ trợ: " + ", ".join(unknown),
                               details=[{"field": k} for k in unknown])
    for name in ("author", "subject"):
        if not (form.get(name) or "").strip():
            raise ValidationFailed(f"Thiếu trường bắt buộc '{name}'.", details=[{"field": name}])
    for name in MANUAL_FIELDS:
        if len(form.get(name) or "") > 5000:
            raise ValidationFailed(f"Trường '{name}' quá dài.", details=[{"field": name}])
    upload = request.files.get("file")
    if upload is None:
        raise ValidationFailed("Thiếu tệp PDF (trường 'file').", details=[{"field": "file"}])
    pdf = upload.read(limit + 1)
    from service.domain.text import nfc

    def text(name: str) -> str | None:
        v = (form.get(name) or "").strip()
        return nfc(v) if v else None

    data = incoming.ManualIn(author=text("author"), subject=text("subject"), symbol=text("symbol"),
                       issue_date=_date_field(form, "issue_date"), kind=text("kind"), urgency=text("urgency"),
                       arrival_date=_date_field(form, "arrival_date"), chuyen=text("chuyen"),
                       file_notation=text("file_notation"), raw_text=text("raw_text"), note=text("note"),
                       confirm_duplicate=(form.get("confirm_duplicate") or "").strip().lower() in ("1", "true", "on"),
                       place=text("place"),
                       electronic=(form.get("electronic") or "").strip().lower() in ("1", "true", "on"))
    inc = incoming.register_manual(p, data, pdf, upload.filename)
    return jsonify(_with_duplicates([inc])[0]), 201, {"Location": url_for("api_incoming.incoming_get", incoming_id=inc.id)}


@bp.get("/incoming/<int:incoming_id>/pdf")
def incoming_pdf(incoming_id: int):
    data, name = incoming.pdf_of(_actor(), incoming_id)
    return Response(data, mimetype="application/pdf",
                    headers={"Content-Disposition": f"inline; filename*=UTF-8''{_quote(name)}",
                             "X-Content-Type-Options": "nosniff"})


def _quote(name: str) -> str:
    from urllib.parse import quote
    return quote(name, safe="")


def _filter() -> incoming_registers.RegisterFilter:
    return incoming_registers.RegisterFilter(year=_int_arg("year"), urgency=request.args.get("urgency") or None,
                             status=request.args.get("status") or None)


def _csv(columns, rows, filename: str) -> Response:
    return Response(exports.to_csv(columns, rows), mimetype="text/csv",
                    headers={"Content-Disposition": f'attachment; filename="{filename}"'})


@bp.get("/registers/incoming")
def incoming_register():
    p = _actor()
    f = _filter()
    rows, findings = incoming_registers.incoming_register(p, f)
    if request.args.get("format") == "csv":
        return _csv(registers.INCOMING_COLUMNS, rows, f"so-van-ban-den-{f.year or 'tat-ca'}.csv")
    rows, cursor = window(rows, page_request())
    return respond(m.IncomingRegister, {
        "columns": [{"key": k, "label": v} for k, v in registers.INCOMING_COLUMNS], "items": rows,
        "findings": [{"rule": v.code, "message": v.message} for v in findings]}, cursor)


@bp.get("/registers/incoming-follow-up")
def follow_up_register():
    p = _actor()
    f = _filter()
    rows = incoming_registers.follow_up_register(p, f)
    if request.args.get("format") == "csv":
        return _csv(registers.FOLLOW_UP_COLUMNS, rows, f"so-theo-doi-giai-quyet-{f.year or 'tat-ca'}.csv")
    rows, cursor = window(rows, page_request())
    return respond(m.FollowUpRegister, {"columns": [{"key": k, "label": v} for k, v in registers.FOLLOW_UP_COLUMNS],
                                        "items": rows}, cursor)


def openapi_paths() -> dict:
    """OpenAPI description of the routes above (merged by service.api.openapi)."""
    from service.http.api.openapi_parts import _errors, _op, _resp

    iid = {"name": "incoming_id", "in": "path", "required": True, "schema": {"type": "integer"}}
    tid = {"name": "task_id", "in": "path", "required": True, "schema": {"type": "string"}}
    q = [{"name": n, "in": "query", "required": False, "schema": {"type": t}}
         for n, t in (("year", "integer"), ("urgency", "string"), ("status", "string"))]
    fmt = {"name": "format", "in": "query", "required": False, "schema": {"type": "string", "enum": ["json", "csv"]}}
    task_body = {"type": "object", "additionalProperties": True, "description": "register_incoming: arrival_date, chuyen, file_notation, raw_text, "
                 "note, confirm_duplicate (true: register although a possible duplicate was found, V16); "
                 "route_incoming: lead_unit, coordinating_units (unit codes, comma-separated), handler, deadline, direction; handle_incoming: outcome "
                 "(done|reply|return), reply_document_id, comment"}
    manual = _op("Register by hand a document received outside the system (multipart/form-data: author, subject, "
                 "symbol, issue_date, kind, urgency, arrival_date, chuyen, file_notation, raw_text, note, "
                 "confirm_duplicate, place, electronic (true: an electronic original, its PAdES signatures are "
                 "checked, V17), file=PDF); 409 possible_duplicate when it may repeat a registered document; the "
                 "symbol is stored normalized (V19, symbol_raw keeps the typed text); V1-V3, V17, V20 are flagged "
                 "in `findings`; 422 for a place with the date words glued to it (V20)",
                 {"201": _resp("Incoming document", m.Incoming), **_errors(400, 401, 403, 409, 413, 422)})

    def register_or_csv(model) -> dict:
        json_resp = _resp("The register as JSON, or as CSV (UTF-8 with BOM) with format=csv", model)
        json_resp["content"]["text/csv"] = {"schema": {"type": "string"}}
        return json_resp
    text = {"type": "string"}
    fields = {k: text for k in sorted(MANUAL_FIELDS)} | {"file": {"type": "string", "format": "binary"}}
    manual["requestBody"] = {"required": True, "content": {"multipart/form-data": {"schema": {
        "type": "object", "required": ["author", "subject", "file"], "properties": fields}}}}
    return {
        "/api/incoming": {"get": _op("Incoming queue of my organization (urgent first, flagged)",
                                     {"200": _resp("List", m.IncomingList), **_errors(401, 422)}, params=q,
                                     paged=True)},
        "/api/incoming/manual": {"post": manual},
        "/api/incoming/{incoming_id}": {"get": _op("One incoming document", {"200": _resp("Incoming", m.Incoming),
                                                                              **_errors(401, 404)}, params=[iid])},
        "/api/incoming/{incoming_id}/tasks/{task_id}": {"post": _op(
            "Complete the open step (register with the next incoming number, route, handle)",
            {"200": _resp("Incoming", m.Incoming), **_errors(400, 401, 403, 404, 409, 422)}, params=[iid, tid],
            body=task_body)},
        "/api/incoming/{incoming_id}/pdf": {"get": _op(
            "The scan of a document registered by hand",
            {"200": {"description": "PDF", "content": {"application/pdf": {}}}, **_errors(401, 404)}, params=[iid])},
        "/api/registers/incoming": {"get": _op(
            "Incoming register (NĐ 30 Phụ lục IV, 10 columns) with V16 findings; format=csv exports",
            {"200": register_or_csv(m.IncomingRegister), **_errors(401, 403, 422)}, params=[*q, fmt], paged=True)},
        "/api/registers/incoming-follow-up": {"get": _op(
            "Follow-up register of incoming documents (7 columns); format=csv exports",
            {"200": register_or_csv(m.FollowUpRegister), **_errors(401, 403, 422)}, params=[*q, fmt],
            paged=True)},
    }
