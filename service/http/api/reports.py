"""JSON API of reporting obligations, periods, reports and notifications (HTTP only)."""
from __future__ import annotations

from datetime import date

from flask import Blueprint, jsonify, request, url_for

from service.clock import current_clock
from service.domain import reporting as drep
from service.errors import ValidationFailed
from service.http.api.common import _actor, _iso, _json_body, document_json
from service.http.api.models import reports as m
from service.http.api.models.base import Marked, render
from service.http.api.models.documents import Document
from service.http.api.paging import page_request, respond, window
from service.usecases import notifications as notices
from service.usecases import report_periods, reporting

bp = Blueprint("api_reports", __name__, url_prefix="/api")

OBLIGATION_FIELDS = {"title", "frequency", "first_due_date", "reminder_days", "drafting_unit", "via_unit",
                     "obligors", "generate_until", "source_document_id"}
REPORT_FIELDS = {"subject", "body", "intended_signer", "drafting_unit", "urgency"}


def obligation_json(ob) -> dict:
    return {
        "id": ob.id, "title": ob.title, "status": ob.status,
        "status_label": reporting.OBLIGATION_STATUS_LABELS.get(ob.status, ob.status),
        "needs_review": ob.status == "NEEDS_REVIEW", "review": ob.review,
        "frequency": ob.frequency, "frequency_label": drep.FREQUENCY_LABELS.get(ob.frequency),
        "ad_hoc": ob.ad_hoc, "first_due_date": ob.first_due_date.isoformat() if ob.first_due_date else None,
        "reminder_days": ob.reminder_days, "drafting_unit": ob.drafting_unit_code,
        "requester": ob.requester.code, "requester_name": ob.requester.name,
        "via_unit": ob.via_unit.code if ob.via_unit else None, "via_text": ob.via_text,
        "recipient_text": ob.recipient_text, "obligor_group": ob.obligor_group, "obligors": ob.obligor_codes,
        "source_document_id": ob.source_document_id, "excerpt": ob.excerpt,
        "assigned_to": None if ob.assigned_to_id is None else _username(ob.assigned_to_id),
    }


def _username(person_id: int) -> str | None:
    from service.extensions import db
    from service.store.organizations import Person

    p = db.session.get(Person, person_id)
    return p.username if p else None


def _date(value, field: str) -> date | None:
    if value is None:
        return None
    if not isinstance(value, str):
        raise ValidationFailed(f"'{field}' phải là ngày dạng YYYY-MM-DD.", details=[{"field": field}])
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise ValidationFailed(f"'{field}' phải là ngày dạng YYYY-MM-DD.", details=[{"field": field}]) from None


def _str(data: dict, field: str, max_len: int = 500) -> str | None:
    v = data.get(field)
    if v is None:
        return None
    if not isinstance(v, str) or len(v) > max_len:
        raise ValidationFailed(f"'{field}' phải là chuỗi (tối đa {max_len} ký tự).", details=[{"field": field}])
    from service.domain.text import nfc
    return nfc(v.strip())


def _obligation_in(data: dict) -> reporting.ObligationIn:
    unknown = sorted(set(data) - OBLIGATION_FIELDS)
    if unknown:
        raise ValidationFailed("Trường không được hỗ trợ: " + ", ".join(unknown), details=[{"field": k} for k in unknown])
    days = data.get("reminder_days")
    if days is not None and (isinstance(days, bool) or not isinstance(days, int)):
        raise ValidationFailed("'reminder_days' phải là số nguyên.", details=[{"field": "reminder_days"}])
    obligors = data.get("obligors")
    if obligors is not None and (not isinstance(obligors, list) or len(obligors) > 500
                                 or not all(isinstance(o, str) and 0 < len(o) <= 40 for o in obligors)):
        raise ValidationFailed("'obligors' phải là danh sách mã cơ quan.", details=[{"field": "obligors"}])
    src = data.get("source_document_id")
    if src is not None and (isinstance(src, bool) or not isinstance(src, int)):
        raise ValidationFailed("'source_document_id' phải là số nguyên.", details=[{"field": "source_document_id"}])
    return reporting.ObligationIn(title=_str(data, "title"), frequency=_str(data, "frequency", 20),
                           first_due_date=_date(data.get("first_due_date"), "first_due_date"), reminder_days=days,
                           drafting_unit=_str(data, "drafting_unit", 40), via_unit=_str(data, "via_unit", 40),
                           obligors=obligors, generate_until=_date(data.get("generate_until"), "generate_until"),
                           source_document_id=src)


@bp.get("/obligations")
def obligations():
    p = _actor()
    items, cursor = window(reporting.list_obligations(p, status=request.args.get("status") or None), page_request())
    return respond(m.ObligationList, {"items": [obligation_json(o) for o in items]}, cursor)


@bp.post("/obligations")
def declare_obligation():
    p = _actor()
    ob = reporting.declare_obligation(p, _obligation_in(_json_body()))
    return jsonify(render(m.Obligation, obligation_json(ob))), 201, {"Location": url_for("api_reports.obligation", ob_id=ob.id)}


@bp.get("/obligations/<int:ob_id>")
def obligation(ob_id: int):
    p = _actor()
    ob, periods = reporting.obligation_status(p, ob_id)
    return jsonify(render(m.ObligationDetail, obligation_json(ob) | {"periods": periods}))


@bp.patch("/obligations/<int:ob_id>")
def complete_obligation(ob_id: int):
    p = _actor()
    reporting.complete_obligation(p, ob_id, _obligation_in(_json_body()))
    ob, periods = reporting.obligation_status(p, ob_id)
    return jsonify(render(m.ObligationDetail, obligation_json(ob) | {"periods": periods}))


@bp.post("/obligations/<int:ob_id>/periods")
def add_periods(ob_id: int):
    """{"until": "YYYY-MM-DD"} generates the periodic periods up to a date; {"due_date": ...} adds an ad-hoc one."""
    p = _actor()
    data = _json_body()
    unknown = sorted(set(data) - {"until", "due_date"})
    if unknown or len(data) != 1:
        raise ValidationFailed("Gửi đúng một trong hai trường 'until' hoặc 'due_date'.",
                               details=[{"field": k} for k in unknown] or None)
    if "until" in data:
        created = reporting.generate_periods(p, ob_id, _date(data["until"], "until"))
    else:
        created = reporting.add_on_demand_period(p, ob_id, _date(data["due_date"], "due_date"))
    return jsonify(render(m.CreatedPeriods, {"created": [
        {"id": c.id, "org": c.org.code, "period_key": c.period_key, "due_date": c.due_date.isoformat()}
        for c in created]})), 201


@bp.get("/periods")
def periods():
    p = _actor()
    today = current_clock().today()
    rows, cursor = window(report_periods.my_periods(p, status=request.args.get("status") or None), page_request())
    return respond(m.PeriodList, {"items": [report_periods.period_view(x, today) for x in rows]}, cursor)


@bp.post("/periods/<int:period_id>/report")
def start_report(period_id: int):
    p = _actor()
    data = _json_body()
    unknown = sorted(set(data) - REPORT_FIELDS)
    if unknown:
        raise ValidationFailed("Trường không được hỗ trợ: " + ", ".join(unknown), details=[{"field": k} for k in unknown])
    body = data.get("body")
    if body is not None and (not isinstance(body, str) or len(body) > 500_000):
        raise ValidationFailed("'body' phải là chuỗi.", details=[{"field": "body"}])
    doc = report_periods.start_report(p, period_id, report_periods.ReportIn(
        subject=_str(data, "subject", 1000), body=(body or ""), intended_signer=_str(data, "intended_signer", 80),
        drafting_unit=_str(data, "drafting_unit", 40), urgency=_str(data, "urgency", 20)))
    return jsonify(render(Document, document_json(doc))), 201, {"Location": url_for("api.get_document", doc_id=doc.id)}


@bp.get("/notifications")
def notifications():
    p = _actor()
    items, cursor = window(notices.notifications(p, unread_only=request.args.get("unread") in ("1", "true")),
                           page_request())
    return respond(m.NotificationList, {"unread": notices.unread_count(p), "items": [{
        "id": n.id, "kind": n.kind, "title": n.title, "body": n.body, "created_at": _iso(n.created_at),
        "read_at": _iso(n.read_at), "period_id": n.period_id, "incoming_id": n.incoming_id,
        "document_id": n.document_id} for n in items]}, cursor)


@bp.post("/notifications/<int:notification_id>/read")
def notification_read(notification_id: int):
    p = _actor()
    n = notices.mark_read(p, notification_id)
    return jsonify(render(m.NotificationRead, {"id": n.id, "read_at": _iso(n.read_at)}))


@bp.post("/notifications/read-all")
def notifications_read_all():
    p = _actor()
    return jsonify(render(Marked, {"marked": notices.mark_all_read(p)}))


@bp.get("/me/preferences")
def my_preferences():
    p = _actor()
    return jsonify(render(m.Preferences, {"email": p.email, "email_notifications": p.email_notifications}))


@bp.patch("/me/preferences")
def set_my_preferences():
    p = _actor()
    data = _json_body()
    unknown = sorted(set(data) - {"email_notifications"})
    if unknown or not isinstance(data.get("email_notifications"), bool):
        raise ValidationFailed("Chỉ nhận trường 'email_notifications' (true hoặc false).",
                               details=[{"field": k} for k in unknown or ["email_notifications"]])
    p = notices.set_email_notifications(p, data["email_notifications"])
    return jsonify(render(m.Preferences, {"email": p.email, "email_notifications": p.email_notifications}))


# Over 40 lines on purpose: a declaration of the routes above, one entry each.
def openapi_paths() -> dict:
    """OpenAPI description of the routes above (merged by service.api.openapi)."""
    from service.http.api.openapi_parts import _errors, _op, _resp

    oid = {"name": "ob_id", "in": "path", "required": True, "schema": {"type": "integer"}}
    pid = {"name": "period_id", "in": "path", "required": True, "schema": {"type": "integer"}}
    nid = {"name": "notification_id", "in": "path", "required": True, "schema": {"type": "integer"}}
    ob_body = {"type": "object", "additionalProperties": False, "properties": {
        "title": {"type": "string"}, "frequency": {"type": "string", "enum": list(drep.FREQUENCIES)},
        "first_due_date": {"type": "string", "format": "date"}, "reminder_days": {"type": "integer"},
        "drafting_unit": {"type": "string"}, "via_unit": {"type": "string"},
        "obligors": {"type": "array", "items": {"type": "string"}, "description": "org codes, or ['*SUBORDINATES']"},
        "generate_until": {"type": "string", "format": "date"}, "source_document_id": {"type": "integer"}}}
    status = [{"name": "status", "in": "query", "required": False, "schema": {"type": "string"}}]
    return {
        "/api/obligations": {
            "get": _op("Reporting obligations my organization requested (review items: status NEEDS_REVIEW)",
                       {"200": _resp("List", m.ObligationList), **_errors(401)}, params=status, paged=True),
            "post": _op("Declare an obligation by hand", {"201": _resp("Obligation", m.Obligation),
                                                          **_errors(400, 401, 403, 422)}, body=ob_body)},
        "/api/obligations/{ob_id}": {
            "get": _op("Obligation with, per period, who reported, who is late and by how many days",
                       {"200": _resp("Obligation", m.ObligationDetail), **_errors(401, 404)}, params=[oid]),
            "patch": _op("Complete the obligation (frequency, first due date, ...); ACTIVE generates periods",
                         {"200": _resp("Obligation", m.ObligationDetail), **_errors(400, 401, 403, 404, 409, 422)},
                         params=[oid], body=ob_body)},
        "/api/obligations/{ob_id}/periods": {"post": _op(
            "Generate periods up to 'until', or add an ad-hoc period with 'due_date'",
            {"201": _resp("Created", m.CreatedPeriods), **_errors(400, 401, 403, 404, 409, 422)}, params=[oid],
            body={"type": "object", "properties": {"until": {"type": "string", "format": "date"},
                                                   "due_date": {"type": "string", "format": "date"}}})},
        "/api/periods": {"get": _op("Periods my organization must report on", {"200": _resp("List", m.PeriodList),
                                                                                **_errors(401)}, params=status,
                                  paged=True)},
        "/api/periods/{period_id}/report": {"post": _op(
            "Start the report (BC) of a period: a draft addressed to the requester, in report.bpmn",
            {"201": _resp("Document", Document),
             **_errors(400, 401, 403, 404, 409, 422)}, params=[pid],
            body={"type": "object", "properties": {k: {"type": "string"} for k in sorted(REPORT_FIELDS)}})},
        "/api/notifications": {"get": _op("My notifications (steps that reach me, reminders, escalations)",
                                          {"200": _resp("List", m.NotificationList), **_errors(401)},
                                          params=[{"name": "unread", "in": "query", "required": False,
                                                   "schema": {"type": "string"}}], paged=True)},
        "/api/notifications/{notification_id}/read": {"post": _op(
            "Mark a notification read", {"200": _resp("Notification", m.NotificationRead), **_errors(401, 404)},
            params=[nid])},
        "/api/notifications/read-all": {"post": _op("Mark all my notifications read",
                                                    {"200": _resp("Marked", Marked), **_errors(401)})},
        "/api/me/preferences": {
            "get": _op("My notification preferences (e-mail address, e-mail notifications on or off)",
                       {"200": _resp("Preferences", m.Preferences), **_errors(401)}),
            "patch": _op("Turn e-mail notifications on or off (in-app notifications always stay)",
                         {"200": _resp("Preferences", m.Preferences), **_errors(400, 401, 413, 415, 422)},
                         body={"type": "object", "additionalProperties": False, "required": ["email_notifications"],
                               "properties": {"email_notifications": {"type": "boolean"}}})},
    }
