"""JSON API (HTTP only): parse, authenticate, call a use case, serialise. No rules, no commits here."""
from __future__ import annotations

import json

from flask import Blueprint, Flask, g, jsonify, request
from pydantic import ValidationError
from werkzeug.exceptions import HTTPException

from service import documents as uc
from service import registers
from service.clock import to_vn
from service.errors import BadRequest, ServiceError, Unauthenticated, ValidationFailed
from service.extensions import db
from service.schemas import DraftIn, LoginIn
from service.security import authenticate, issue_token, person_for_token
from service.unit_of_work import unit_of_work
from service.api.openapi import openapi_spec

bp = Blueprint("api", __name__, url_prefix="/api")

ERROR_MESSAGES = {
    400: "Yêu cầu không hợp lệ.",
    401: "Cần đăng nhập.",
    403: "Không có quyền.",
    404: "Không tìm thấy.",
    405: "Phương thức không được hỗ trợ cho địa chỉ này.",
    413: "Nội dung gửi lên quá lớn.",
    415: "Nội dung phải là JSON (Content-Type: application/json).",
}


def init_app(app: Flask) -> None:
    app.register_blueprint(bp)

    @app.errorhandler(ServiceError)
    def _service_error(exc: ServiceError):
        db.session.rollback()
        if _wants_json():
            return jsonify(exc.to_dict()), exc.status
        from service.web.errors import error_page
        return error_page(exc)

    @app.errorhandler(HTTPException)
    def _http_error(exc: HTTPException):
        db.session.rollback()
        if _wants_json():
            code = (exc.name or "error").lower().replace(" ", "_")
            return jsonify({"error": code, "message": ERROR_MESSAGES.get(exc.code, exc.description)}), exc.code
        from service.web.errors import error_page
        return error_page(exc)

    @app.errorhandler(Exception)
    def _unexpected(exc: Exception):  # never a bare 500 page; the transaction is rolled back
        db.session.rollback()
        app.logger.exception("unhandled error")
        if _wants_json():
            return jsonify({"error": "internal_error", "message": "Lỗi hệ thống; thao tác chưa được thực hiện."}), 500
        from service.web.errors import error_page
        return error_page(exc)


def _wants_json() -> bool:
    return request.path.startswith("/api/") or request.path in ("/healthz", "/readyz")


# --------------------------------------------------------------------------- helpers


def _json_body() -> dict:
    if not request.is_json:
        raise BadRequest("Nội dung phải là JSON (Content-Type: application/json).")
    data = request.get_json(silent=True)
    if data is None:
        raise BadRequest("JSON không đúng cú pháp.")
    if not isinstance(data, dict):
        raise BadRequest("Nội dung phải là một đối tượng JSON.")
    try:  # JSON may encode lone surrogates (\ud800); they are not text and no database stores them
        request.get_data().decode("utf-8")
        json.dumps(data, ensure_ascii=False).encode("utf-8")
    except UnicodeError:
        raise BadRequest("Nội dung có ký tự không hợp lệ (không phải văn bản UTF-8).") from None
    return data


def _parse(model, data: dict):
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        details = [{"field": ".".join(str(p) for p in e["loc"]), "message": e["msg"], "type": e["type"]}
                   for e in exc.errors(include_url=False, include_input=False)]
        fields = ", ".join(sorted({d["field"] for d in details}))
        raise ValidationFailed(f"Dữ liệu không hợp lệ ở trường: {fields}.", details=details) from exc


def _actor():
    header = request.headers.get("Authorization", "")
    if not header.startswith("Bearer "):
        raise Unauthenticated("Cần mã truy cập (Authorization: Bearer <token>).")
    person = person_for_token(header[len("Bearer "):].strip())
    if person is None:
        raise Unauthenticated("Mã truy cập không hợp lệ hoặc đã bị thu hồi.")
    g.person = person
    return person


def _expected_version() -> int | None:
    raw = request.headers.get("If-Match")
    if raw is None:
        return None
    try:
        return int(raw.strip('"'))
    except ValueError:
        raise ValidationFailed("If-Match phải là số phiên bản của văn bản.", code="invalid_header") from None


def _iso(dt) -> str | None:
    return to_vn(dt).isoformat() if dt else None


def document_json(doc, *, full: bool = True) -> dict:
    out = {
        "id": doc.id,
        "org": doc.org.code,
        "issuer": doc.org.name,
        "system": doc.system,
        "ruleset": doc.ruleset,
        "kind": doc.kind,
        "subject": doc.subject,
        "status": doc.status,
        "status_label": uc.STATUS_LABELS.get(doc.status, doc.status),
        "step": doc.step,
        "step_role": doc.step_role,
        "task_id": doc.step_task_id,
        "version": doc.lock_version,
        "version_no": doc.version_no,
        "content_hash": doc.content_hash,
        "urgency": doc.urgency,
        "secrecy": doc.secrecy,
        "number": doc.number,
        "symbol": doc.symbol,
        "number_line": _number_line(doc),
        "issue_date": doc.issue_date.isoformat() if doc.issue_date else None,
        "date_line": _date_line(doc),
        "created_at": _iso(doc.created_at),
        "signed_at": _iso(doc.signed_at),
        "dispatched_at": _iso(doc.dispatched_at),
    }
    if full:
        out.update({
            "preamble": doc.preamble,
            "body": doc.body,
            "place": doc.place,
            "drafting_unit": doc.drafting_unit.code if doc.drafting_unit else None,
            "intended_signer": doc.intended_signer.username if doc.intended_signer else None,
            "created_by": doc.created_by.username,
            "recipients": doc.recipients,
            "archive": {"units": doc.archive_units, "copies": doc.archive_copies} if doc.archive_units else None,
            "archive_line": uc.drec.format_archive_line(
                doc.system, uc.drec.ArchiveLine(tuple(doc.archive_units), doc.archive_copies))
            if doc.archive_units else None,
            "recipient_lines": [uc.drec.format_recipient_line(
                doc.system, uc.drec.RecipientLine(r["text"], r["purpose"], r.get("org_code")))
                for r in doc.recipients],
            "copies": doc.copies,
            "signature_block": doc.signature_block,
            "approved_hash": doc.approved_hash,
            "signed_hash": doc.signed_hash,
        })
    return out


def _number_line(doc) -> str | None:
    return uc.numbering.format_number_line(doc.system, doc.symbol) if doc.symbol else None


def _date_line(doc) -> str | None:
    from service.domain.dates import format_date_line
    return format_date_line(doc.place, doc.issue_date) if doc.issue_date else None


# --------------------------------------------------------------------------- routes


@bp.post("/auth/token")
def login():
    data = _parse(LoginIn, _json_body())
    clock = uc.clock()
    with unit_of_work():
        try:
            person = authenticate(data.username, data.password, clock.now())
        except ServiceError:
            db.session.commit()  # keep the failure counter (throttling) even though sign-in failed
            raise
        token = issue_token(person, clock.now())
    return jsonify({"token": token, "username": person.username, "full_name": person.full_name}), 201


@bp.get("/me")
def me():
    p = _actor()
    return jsonify({"username": p.username, "full_name": p.full_name, "org": p.org.code,
                    "unit": p.unit.code if p.unit else None, "position": p.position,
                    "roles": sorted({f"{r.role}@{p.org.code}" for r in p.roles})})


@bp.get("/documents")
def list_documents():
    p = _actor()
    try:
        limit = min(int(request.args.get("limit", 50)), 200)
        offset = min(max(int(request.args.get("offset", 0)), 0), 2**31)
    except ValueError:
        raise ValidationFailed("limit/offset phải là số nguyên.") from None
    docs = uc.list_documents(p, status=request.args.get("status"), limit=max(limit, 1), offset=offset)
    return jsonify({"items": [document_json(d, full=False) for d in docs]})


@bp.post("/documents")
def create_document():
    p = _actor()
    data = _parse(DraftIn, _json_body())
    doc = uc.create_document(p, data)
    return jsonify(document_json(doc)), 201


@bp.get("/documents/<int:doc_id>")
def get_document(doc_id: int):
    p = _actor()
    return jsonify(document_json(uc.get_document(p, doc_id)))


@bp.put("/documents/<int:doc_id>")
def revise_document(doc_id: int):
    p = _actor()
    data = _parse(DraftIn, _json_body())
    doc = uc.revise_document(p, doc_id, data, _expected_version())
    return jsonify(document_json(doc))


@bp.post("/documents/<int:doc_id>/tasks/<task_id>")
def complete_task(doc_id: int, task_id: str):
    p = _actor()
    doc = uc.complete_task(p, doc_id, task_id, _json_body(), _expected_version())
    return jsonify(document_json(doc))


@bp.get("/documents/<int:doc_id>/history")
def document_history(doc_id: int):
    p = _actor()
    events = uc.history(p, doc_id)
    return jsonify({"items": [{
        "at": _iso(e.at), "actor": e.actor.username if e.actor else None,
        "actor_name": e.actor.full_name if e.actor else None, "action": e.action,
        "action_label": uc.ACTION_LABELS.get(e.action, e.action), "task": e.task, "comment": e.comment,
        "version_no": e.version_no, "details": e.details} for e in events]})


@bp.get("/documents/<int:doc_id>/versions")
def document_versions(doc_id: int):
    p = _actor()
    return jsonify({"items": [{"version_no": v.version_no, "sha256": v.sha256, "created_at": _iso(v.created_at),
                               "content": v.content} for v in uc.versions(p, doc_id)]})


@bp.get("/documents/<int:doc_id>/deliveries")
def document_deliveries(doc_id: int):
    p = _actor()
    return jsonify({"items": [{"position": d.position, "recipient": d.recipient_text, "purpose": d.purpose,
                               "recipient_org": d.recipient_org_id, "status": d.status, "sent_at": _iso(d.sent_at),
                               "received_at": _iso(d.received_at)} for d in uc.deliveries(p, doc_id)]})


@bp.get("/tasks")
def my_tasks():
    p = _actor()
    return jsonify({"items": [{
        "task_id": t.task_id, "task": t.name, "title": t.title, "role": t.role,
        "waiting_since": _iso(t.waiting_since), "document": document_json(t.document, full=False)}
        for t in uc.my_tasks(p)]})


@bp.get("/registers/outgoing")
def outgoing_register():
    p = _actor()
    try:
        f = registers.RegisterFilter(
            year=int(request.args["year"]) if request.args.get("year") else None,
            kind=request.args.get("kind") or None, signer=request.args.get("signer") or None,
            recipient=request.args.get("recipient") or None, q=request.args.get("q") or None,
            before_id=int(request.args["before_id"]) if request.args.get("before_id") else None,
            limit=int(request.args.get("limit", 50)))
    except ValueError:
        raise ValidationFailed("year, before_id và limit phải là số nguyên.") from None
    if (f.year is not None and not 1 <= f.year <= 9999) or (f.before_id is not None and not 0 <= f.before_id < 2**31):
        raise ValidationFailed("year hoặc before_id nằm ngoài phạm vi cho phép.")
    rows = registers.outgoing_register(p, f)
    items = [{"id": r.id, "document_id": r.document_id, "symbol": r.symbol, "number": r.number, "kind": r.kind,
              "issue_date": r.issue_date.isoformat(), "kind_and_subject": r.kind_and_subject,
              "signer_name": r.signer_name, "recipients": r.recipients_text.split("\n") if r.recipients_text else [],
              "archive": r.archive_text, "copies": r.copies, "dispatched_at": _iso(r.dispatched_at),
              "received_by": r.received_by, "note": r.note, "signed_pdf_sha256": r.signed_pdf_sha256} for r in rows]
    return jsonify({"columns": [{"key": k, "label": v} for k, v in registers.OUTGOING_COLUMNS], "items": items,
                    "next_before_id": rows[-1].id if len(rows) == f.limit and rows else None})


@bp.get("/openapi.json")
def openapi():
    return jsonify(openapi_spec())
