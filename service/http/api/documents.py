"""JSON API of the outgoing document: me, documents, tasks, history, versions, deliveries, the outgoing
register, the OpenAPI description. HTTP only: parse, call one use case, serialise; no rules, no commits."""

from __future__ import annotations

from functools import lru_cache

from flask import Blueprint, jsonify, request, url_for

from service.domain.registers import OUTGOING_COLUMNS
from service.http.api.common import (
    _actor,
    _expected_version,
    _iso,
    _json_body,
    _parse,
    delivery_json,
    document_json,
    issued_json,
)
from service.http.api.incoming import incoming_json
from service.http.api.models import documents as m
from service.http.api.models.base import ApiDescription, render
from service.http.api.openapi import openapi_spec
from service.http.api.paging import encode, page_request, respond, window
from service.http.inputs import query_int
from service.usecases import access, bulk, handling, outgoing, outgoing_tasks, registers, work
from service.usecases.inputs import BulkIn, DraftIn

bp = Blueprint("api", __name__, url_prefix="/api")


@bp.get("/me")
def me():
    p = _actor()
    return jsonify(render(m.Me, {"username": p.username, "full_name": p.full_name, "org": p.org.code,
                                 "unit": p.unit.code if p.unit else None, "position": p.position,
                                 "roles": sorted({f"{r.role}@{p.org.code}" for r in p.roles})}))


@bp.get("/documents")
def list_documents():
    p = _actor()
    page = page_request(default=50, maximum=200)
    docs = outgoing.list_documents(p, status=request.args.get("status"), limit=page.limit + 1, offset=page.offset)
    more = len(docs) > page.limit
    return respond(m.DocumentList, {"items": [document_json(d, full=False) for d in docs[:page.limit]]},
                   encode({"o": page.offset + page.limit}) if more else None)


@bp.post("/documents")
def create_document():
    p = _actor()
    data = _parse(DraftIn, _json_body())
    doc = outgoing.create_document(p, data)
    return jsonify(render(m.Document, document_json(doc))), 201, {"Location": url_for("api.get_document", doc_id=doc.id)}


@bp.get("/documents/<int:doc_id>")
def get_document(doc_id: int):
    p = _actor()
    doc = handling.open_document(p, doc_id, "api")
    if access.is_insider(p, doc):
        return jsonify(render(m.Document, document_json(doc)))
    return jsonify(render(m.IssuedDocument, issued_json(doc)))


@bp.put("/documents/<int:doc_id>")
def revise_document(doc_id: int):
    p = _actor()
    data = _parse(DraftIn, _json_body())
    doc = outgoing.revise_document(p, doc_id, data, _expected_version())
    return jsonify(render(m.Document, document_json(doc)))


@bp.post("/documents/<int:doc_id>/tasks/<task_id>")
def complete_task(doc_id: int, task_id: str):
    p = _actor()
    doc = outgoing_tasks.complete_task(p, doc_id, task_id, _json_body(), _expected_version())
    return jsonify(render(m.Document, document_json(doc)))


@bp.get("/documents/<int:doc_id>/history")
def document_history(doc_id: int):
    p = _actor()
    events, cursor = window(outgoing.history(p, doc_id), page_request())
    return respond(m.EventList, {"items": [{
        "at": _iso(e.at), "actor": e.actor.username if e.actor else None,
        "actor_name": e.actor.full_name if e.actor else None, "actor_label": e.actor_label,
        "on_behalf_of": (e.details or {}).get("on_behalf_of") if isinstance(e.details, dict) else None,
        "action": e.action,
        "action_label": outgoing.ACTION_LABELS.get(e.action, e.action), "task": e.task, "comment": e.comment,
        "version_no": e.version_no, "details": e.details} for e in events]}, cursor)


@bp.get("/documents/<int:doc_id>/versions")
def document_versions(doc_id: int):
    p = _actor()
    versions, cursor = window(outgoing.versions(p, doc_id), page_request())
    return respond(m.VersionList, {"items": [{"version_no": v.version_no, "sha256": v.sha256,
                                              "created_at": _iso(v.created_at), "content": v.content}
                                             for v in versions]}, cursor)


@bp.get("/documents/<int:doc_id>/deliveries")
def document_deliveries(doc_id: int):
    p = _actor()
    deliveries, cursor = window(outgoing.deliveries(p, doc_id), page_request(maximum=2000))
    return respond(m.DeliveryList, {"items": [delivery_json(d) for d in deliveries]}, cursor)


@bp.post("/tasks/bulk")
def bulk_tasks():
    """Many documents, one step: every item succeeds or fails on its own; 200 with each item's result."""
    p = _actor()
    req = _parse(BulkIn, _json_body())
    items = [bulk.BulkItem(i) if isinstance(i, int) else bulk.BulkItem(i.document_id, i.version) for i in req.items]
    results = bulk.complete_many(p, req.task, dict(req.data), items)
    done = sum(1 for r in results if r.ok)
    return jsonify(render(m.BulkResult, {"task": req.task, "total": len(results), "succeeded": done,
                                         "failed": len(results) - done,
                                         "items": [bulk_item_json(r) for r in results]}))


def bulk_item_json(r: bulk.BulkResult) -> dict:
    return {"document_id": r.document_id, "ok": r.ok, "status": r.status, "error": r.code, "message": r.message,
            "document": document_json(r.document, full=False) if r.document is not None else None}


@bp.get("/tasks")
def my_tasks():
    p = _actor()
    tasks, cursor = window(work.my_work(p), page_request())
    return respond(m.TaskList, {"items": [task_json(t) for t in tasks]}, cursor)


def task_json(t: work.WorkItem) -> dict:
    """One open step: `flow` says which flow it belongs to; an outgoing step carries its `document`, an
    incoming one its `incoming` document (what GET /api/incoming/{id} answers)."""
    item = {"flow": t.flow, "flow_label": t.flow_label, "task_id": t.task_id, "task": t.name, "title": t.title,
            "role": t.role, "urgency": t.urgency, "waiting_since": _iso(t.waiting_since),
            "on_behalf_of": t.on_behalf.username if t.on_behalf else None,
            "on_behalf_of_name": t.on_behalf.full_name if t.on_behalf else None}
    if t.document is not None:
        item["document"] = document_json(t.document, full=False)
    else:
        item["incoming"] = incoming_json(t.incoming)
    return item


@bp.get("/registers/outgoing")
def outgoing_register():
    p = _actor()
    page = page_request(default=50, maximum=200, keyset=True)
    f = registers.RegisterFilter(
        year=query_int("year", low=1, high=9999, message="'year' phải là số nguyên."),
        kind=request.args.get("kind") or None, signer=request.args.get("signer") or None,
        recipient=request.args.get("recipient") or None, q=request.args.get("q") or None,
        before_id=page.before_id, limit=page.limit + 1)
    rows = registers.outgoing_register(p, f)
    more = len(rows) > page.limit
    rows = rows[:page.limit]
    items = [{"id": r.id, "document_id": r.document_id, "symbol": r.symbol, "number": r.number, "kind": r.kind,
              "issue_date": r.issue_date.isoformat(), "kind_and_subject": r.kind_and_subject,
              "signer_name": r.signer_name, "recipients": r.recipients_text.split("\n") if r.recipients_text else [],
              "archive": r.archive_text, "copies": r.copies, "dispatched_at": _iso(r.dispatched_at),
              "received_by": r.received_by, "note": r.note_text, "signed_pdf_sha256": r.signed_pdf_sha256,
              "voided": r.voided_at is not None, "void_reason": r.void_reason,
              "recalled": r.recalled_at is not None, "recall_reason": r.recall_reason} for r in rows]
    return respond(m.OutgoingRegister, {"columns": [{"key": ROW_KEYS.get(k, k), "label": v}
                                                    for k, v in OUTGOING_COLUMNS], "items": items},
                   encode({"b": rows[-1].id}) if more else None)


# The register's columns name the stored fields; the rows above carry two of them under the API's names.
ROW_KEYS = {"recipients_text": "recipients", "archive_text": "archive"}


@bp.get("/openapi.json")
def openapi():
    return jsonify(_description())


@lru_cache(maxsize=1)
def _description() -> dict:
    """The description checked against its own model once per process (it never changes while running)."""
    return render(ApiDescription, openapi_spec())
