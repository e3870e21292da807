"""Use cases of the incoming document (văn bản đến, NĐ 30 Arts. 20-24): queue, register, route, handle;
documents from outside the system registered by hand. Registers: incoming_registers.

Each public function is one user action and one transaction (unit_of_work). The workflow of each incoming
document is bpmn/incoming_document.bpmn (lanes clerk → leader → handler); its state lives on the row.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date, datetime

from flask import current_app
from sqlalchemy import or_, select, update

from service.clock import current_clock
from service.domain import incoming as din
from service.domain import kinds as dkinds
from service.errors import Conflict, Forbidden, NotFound, ValidationFailed
from service.extensions import db
from service.store import instances
from service.store import series as numbers
from service.store.documents import Delivery, Document
from service.store.incoming import IncomingDocument
from service.store.organizations import Organization, Person, Unit
from service.store.unit_of_work import unit_of_work
from service.usecases import incoming_checks, report_periods
from service.usecases.access import check_incoming_act, holds, people_with
from service.usecases.notifications import notify
from service.usecases.task_fields import task_submission
from workflows import FieldsRejected

PROCESS_ID = "incoming_document"


STATUS_BY_STEP = {"register_incoming": "QUEUED", "route_incoming": "REGISTERED", "handle_incoming": "ROUTED",
                  None: "DONE"}


STATUS_LABELS = {
    "QUEUED": "Chờ vào sổ",
    "REGISTERED": "Đã vào sổ, chờ phân công",
    "ROUTED": "Đang giải quyết",
    "DONE": "Đã giải quyết",
    "WITHDRAWN": "Đã thu hồi",
}


OUTCOME_LABELS = {"done": "Đã giải quyết", "reply": "Đã trả lời bằng văn bản", "return": "Đề nghị phân công lại"}


def _start_workflow(inc: IncomingDocument, now: datetime):
    reg = instances.registry()
    sha = reg.latest(PROCESS_ID)
    instances.ensure_diagram_stored(sha, now)
    inst = reg.start(PROCESS_ID, sha256=sha, now=now)
    inc.spec_hash = sha
    inc.state = inst.dump()
    _sync_step(inc, inst)
    return inst


def _sync_step(inc: IncomingDocument, inst) -> None:
    ready = inst.ready_tasks()
    t = ready[0] if ready else None
    inc.step = t.name if t else None
    inc.step_role = t.role if t else None
    inc.step_task_id = t.id if t else None
    inc.status = STATUS_BY_STEP.get(inc.step, inc.status)


def queue_dispatched(doc: Document, rows: list[dict], now: datetime) -> None:
    """At dispatch: each recipient organization in the system gets the document in its incoming queue
    (one item per organization, linked to its first Nơi nhận line)."""
    org_ids = []
    for r in rows:
        oid = r.get("recipient_org_id")
        if r.get("channel") != "ELECTRONIC":  # paper copies (Tối mật / Tuyệt mật, V14) arrive on paper
            continue
        if oid and oid != doc.org_id and oid not in org_ids:
            org_ids.append(oid)
    if not org_ids:
        return
    deliveries = {d.recipient_org_id: d for d in db.session.scalars(
        select(Delivery).where(Delivery.document_id == doc.id, Delivery.recipient_org_id.in_(org_ids))
        .order_by(Delivery.position.desc())).all()}
    for oid in org_ids:
        inc = IncomingDocument(org_id=oid, source_document_id=doc.id, delivery_id=deliveries[oid].id,
                               author=doc.org.name, symbol=doc.symbol, issue_date=doc.issue_date, kind=doc.kind,
                               subject=doc.subject, urgency=doc.urgency, secrecy=doc.secrecy, status="QUEUED",
                               received_at=now)
        _start_workflow(inc, now)
        db.session.add(inc)
        db.session.flush()
        if din.is_urgent(doc.urgency):
            notify(people_with(oid, "clerk"), "incoming_urgent",
                   f"Văn bản đến {din.URGENCY_LABELS[doc.urgency].upper()}: {doc.symbol}",
                   f"{doc.org.name} gửi {doc.symbol}: {doc.subject}. Cần vào sổ và trình ngay.", now,
                   incoming_id=inc.id)
        else:
            notify(people_with(oid, "clerk"), "incoming_queued", f"Văn bản đến chờ vào sổ: {doc.symbol}",
                   f"{doc.org.name} gửi {doc.symbol}: {doc.subject}. Cần vào sổ văn bản đến.", now,
                   incoming_id=inc.id)


@dataclass(frozen=True)
class ManualIn:
    """A paper or e-mailed document from outside the system, registered by hand."""
    author: str
    subject: str
    symbol: str | None = None
    issue_date: date | None = None
    kind: str | None = None
    urgency: str | None = None
    arrival_date: date | None = None
    chuyen: str | None = None
    file_notation: str | None = None
    raw_text: str | None = None
    note: str | None = None
    confirm_duplicate: bool = False  # V16: the clerk checked the possible duplicates and registers anyway
    place: str | None = None  # địa danh printed on the document (V20)
    electronic: bool = False  # received as an electronic original, not a scan of paper (V17)


def register_manual(actor: Person, data: ManualIn, pdf: bytes, filename: str | None) -> IncomingDocument:
    """Văn thư registers a document received outside the system, with its scan: same yearly numbering."""
    with unit_of_work() as s:
        if not holds(actor, actor.org_id, "clerk"):
            raise Forbidden("Chỉ văn thư mới được vào sổ văn bản đến.")
        problem = din.pdf_problem(pdf, pdf_limit())
        if problem:
            raise ValidationFailed(problem, details=[{"field": "file", "message": problem}])
        if data.kind is not None:
            try:
                dkinds.get_kind(data.kind)
            except Exception:  # DomainError: unknown kind code
                raise ValidationFailed(f"Loại văn bản '{data.kind}' không hợp lệ.", details=[{"field": "kind"}]) from None
        if data.urgency is not None and data.urgency not in din.URGENCY_RANK:
            raise ValidationFailed("Độ khẩn không hợp lệ.", details=[{"field": "urgency"}])
        now = current_clock().now()
        checked = incoming_checks.check_manual(data.author, data.symbol, data.kind, data.place, data.issue_date,
                                               data.arrival_date or current_clock().today(), data.electronic, pdf)
        inc = IncomingDocument(org_id=actor.org_id, author=data.author, subject=data.subject, symbol=checked.symbol,
                               symbol_raw=checked.symbol_raw, place=checked.place, electronic=data.electronic,
                               findings=checked.findings,
                               issue_date=data.issue_date, kind=data.kind, urgency=data.urgency, status="QUEUED",
                               received_at=now, created_by_id=actor.id, pdf=pdf, pdf_name=(filename or "")[:255] or None,
                               pdf_sha256=hashlib.sha256(pdf).hexdigest())
        inst = _start_workflow(inc, now)
        s.add(inc)
        s.flush()
        payload = {"arrival_date": (data.arrival_date or current_clock().today()).isoformat(), "chuyen": data.chuyen,
                   "file_notation": data.file_notation, "raw_text": data.raw_text, "note": data.note}
        payload = {k: v for k, v in payload.items() if v is not None} | {"confirm_duplicate": data.confirm_duplicate}
        _complete(actor, inc, inst, inc.step_task_id, payload, now)
        return inc


def pdf_limit() -> int:
    """Largest accepted scan, in bytes (config INCOMING_PDF_MAX_BYTES, default 20 MiB)."""
    return int(current_app.config.get("INCOMING_PDF_MAX_BYTES") or din.MAX_PDF_BYTES)


def _get(actor: Person, incoming_id: int, *, for_update: bool = False) -> IncomingDocument:
    inc = db.session.get(IncomingDocument, incoming_id, with_for_update=for_update or None)
    if inc is None or inc.org_id != actor.org_id:
        raise NotFound("Không tìm thấy văn bản đến.")
    return inc


def get_incoming(actor: Person, incoming_id: int) -> IncomingDocument:
    return _get(actor, incoming_id)


def pdf_of(actor: Person, incoming_id: int) -> tuple[bytes, str]:
    inc = _get(actor, incoming_id)
    if inc.pdf is None:
        raise NotFound("Văn bản đến này không có tệp quét.")
    return inc.pdf, inc.pdf_name or f"van-ban-den-{inc.id}.pdf"


def queue(actor: Person, *, status: str | None = None, year: int | None = None,
          urgency: str | None = None, limit: int = 200) -> list[IncomingDocument]:
    """The organization's incoming documents: urgent first (flagged), then in order of arrival."""
    if status is not None and status not in STATUS_LABELS:
        raise ValidationFailed("Trạng thái không hợp lệ: " + ", ".join(STATUS_LABELS), details=[{"field": "status"}])
    q = select(IncomingDocument).where(IncomingDocument.org_id == actor.org_id)
    if status:
        q = q.where(IncomingDocument.status == status)
    if year:
        q = q.where(IncomingDocument.year == year)
    if urgency:
        q = q.where(IncomingDocument.urgency == urgency)
    rows = list(db.session.scalars(q.order_by(IncomingDocument.id.desc()).limit(max(1, min(limit, 1000)))).all())
    return sorted(rows, key=lambda r: din.queue_key(r.urgency, r.id))


def complete_task(actor: Person, incoming_id: int, task_id: str, payload: dict) -> IncomingDocument:
    """Complete the open task of an incoming document (register, route or handle)."""
    with unit_of_work():
        inc = _get(actor, incoming_id, for_update=True)
        inst = instances.load_state(inc.state, inc.spec_hash)
        _complete(actor, inc, inst, task_id, payload, current_clock().now())
        return inc


def _complete(actor: Person, inc: IncomingDocument, inst, task_id: str | None, payload, now: datetime) -> None:
    if inc.withdrawn_at is not None:
        raise Conflict(f"Văn bản đến đã bị cơ quan ban hành thu hồi: {inc.withdrawal_reason}", code="withdrawn")
    ready = {t.id: t for t in inst.ready_tasks()}
    task = ready.get(task_id or "")
    if task is None:
        raise Conflict("Bước này đã được xử lý hoặc không còn mở.", code="task_not_ready")
    reason, absent = check_incoming_act(actor, inc, task.name, task.role)  # absent: whom a substitute acts for
    if reason:
        raise Forbidden(reason)
    payload = dict(payload) if isinstance(payload, dict) else payload
    confirmed = isinstance(payload, dict) and _truthy(payload.pop("confirm_duplicate", None))
    if task.name == "register_incoming" and not confirmed:
        _refuse_duplicates(inc)
    data = task_submission(task, payload)
    _HANDLERS[task.name](actor, inc, data, now)
    done_by, done_for = _WHO[task.name]
    if getattr(inc, done_by) == actor.id:  # the step's record names the absent person a substitute acted for
        setattr(inc, done_for, absent.id if absent else None)
    try:
        inst.complete(task.id, {k: (v.isoformat() if isinstance(v, date) else v) for k, v in data.items()}, now=now)
    except FieldsRejected as exc:
        raise ValidationFailed("Dữ liệu gửi lên không hợp lệ cho bước này.",
                               details=[{"field": f, "message": m} for f, m in exc.errors.items()]) from exc
    inc.state = inst.dump()
    _sync_step(inc, inst)
    if task.name == "register_incoming":
        report_periods.fulfil_by_registration(inc)  # a report registered by its requester fulfils its period


def _truthy(value) -> bool:
    return value is True or (isinstance(value, str) and value.strip().lower() in ("1", "true", "on", "yes"))


DUPLICATE_REASONS = {"pdf": "cùng tệp PDF", "symbol": "cùng tác giả, số ký hiệu và ngày"}


def duplicate_message(dups: list[dict]) -> str:
    """'Có thể trùng với văn bản đến số 2604 ngày 07/08/2025 (cùng tệp PDF).' for each possible duplicate."""
    parts = [f"số {d['number']} ngày {date.fromisoformat(d['arrival_date']).strftime('%d/%m/%Y')} "
             f"({DUPLICATE_REASONS[d['reason']]})" for d in dups]
    return "Có thể trùng với văn bản đến " + "; ".join(parts) + "."


def _refuse_duplicates(inc: IncomingDocument) -> None:
    """V16: before numbering, an item that may repeat one already registered needs the clerk's confirmation."""
    dups = possible_duplicates([inc]).get(inc.id) or []
    if dups:
        raise Conflict(duplicate_message(dups) + " Hãy kiểm tra; nếu vẫn vào sổ, đánh dấu \"Tôi đã kiểm tra, vẫn "
                       "vào sổ\". Chưa cấp số.", code="possible_duplicate", details=dups)


def possible_duplicates(items: list[IncomingDocument]) -> dict[int, list[dict]]:
    """For each item, the registered incoming documents of its organization that may be the same document
    (same author + symbol + issue date, or the same PDF scan): id -> [{id, number, year, arrival_date, ...}]."""
    out: dict[int, list[dict]] = {i.id: [] for i in items}
    for org_id in {i.org_id for i in items}:
        mine = [i for i in items if i.org_id == org_id]
        dates = {i.issue_date for i in mine if i.issue_date is not None}
        shas = {i.pdf_sha256 for i in mine if i.pdf_sha256}
        conds = ([IncomingDocument.issue_date.in_(dates)] if dates else []) + \
            ([IncomingDocument.pdf_sha256.in_(shas)] if shas else [])
        if not conds:
            continue
        others = db.session.execute(select(
            IncomingDocument.id, IncomingDocument.number, IncomingDocument.year, IncomingDocument.arrival_date,
            IncomingDocument.author, IncomingDocument.symbol, IncomingDocument.issue_date,
            IncomingDocument.pdf_sha256).where(IncomingDocument.org_id == org_id, IncomingDocument.number.is_not(None),
                                               or_(*conds)).order_by(IncomingDocument.year, IncomingDocument.number)).all()
        for i in mine:
            key = din.identity_key(i.author, i.symbol, i.issue_date)
            for o in others:
                if o.id == i.id:
                    continue
                reason = din.duplicate_reason(key, i.pdf_sha256, din.identity_key(o.author, o.symbol, o.issue_date),
                                              o.pdf_sha256)
                if reason:
                    out[i.id].append({"id": o.id, "number": o.number, "year": o.year,
                                      "arrival_date": o.arrival_date.isoformat(), "symbol": o.symbol,
                                      "author": o.author, "reason": reason})
    return out


def _on_register(actor: Person, inc: IncomingDocument, data: dict, now: datetime) -> None:
    """Vào sổ: the next incoming number of the arrival year, the "ĐẾN" stamp, the delivery marked received."""
    arrival: date = data["arrival_date"]
    problems = din.check_arrival(inc.issue_date, arrival, current_clock().today())
    if problems:
        raise ValidationFailed.from_violations(problems, "Không thể vào sổ văn bản đến.")
    # One gapless sequence per organization per year, shared by paper and e-documents (V16).
    series = numbers.series_for(inc.org_id, "IN", "*", f"YEAR:{arrival.year}")
    number = numbers.take_next(series)
    org = db.session.get(Organization, inc.org_id)
    label = din.stamp_label(org.system)
    inc.series_id, inc.year, inc.number, inc.arrival_date = series.id, arrival.year, number, arrival
    inc.stamp = {"org": org.name.upper(), "label": label, "number": number, "date": arrival.isoformat(),
                 "chuyen": data.get("chuyen"), "file_notation": data.get("file_notation"),
                 "raw_text": data.get("raw_text") or din.stamp_text(org.name, label, number, arrival,
                                                                    data.get("chuyen"), data.get("file_notation"))}
    inc.note = data.get("note")
    inc.registered_at, inc.registered_by_id = now, actor.id
    if inc.delivery_id:
        db.session.execute(update(Delivery).where(Delivery.id == inc.delivery_id)
                           .values(status="RECEIVED", received_at=now))
    notify(people_with(inc.org_id, "leader"), "incoming_registered",
           f"Văn bản đến số {number}: {inc.symbol or inc.subject[:60]}",
           f"{inc.author}: {inc.subject}. Cần cho ý kiến chỉ đạo, chuyển xử lý.", now, actor=actor,
           incoming_id=inc.id)


def _on_route(actor: Person, inc: IncomingDocument, data: dict, now: datetime) -> None:
    """Chuyển: the lead unit, the handler and the deadline (Art. 23)."""
    unit = db.session.scalars(select(Unit).where(Unit.org_id == inc.org_id, Unit.code == data["lead_unit"])).first()
    if unit is None:
        raise ValidationFailed(f"Đơn vị '{data['lead_unit']}' không thuộc cơ quan.", details=[{"field": "lead_unit"}])
    handler = None
    if data.get("handler"):
        handler = db.session.scalars(select(Person).where(Person.username == data["handler"])).first()
        if handler is None or not holds(handler, inc.org_id, "handler"):
            raise ValidationFailed(f"'{data['handler']}' không phải người xử lý văn bản của cơ quan.",
                                   details=[{"field": "handler"}])
    deadline: date = data["deadline"]
    if inc.arrival_date and deadline < inc.arrival_date:
        raise ValidationFailed("Thời hạn giải quyết không được trước ngày đến.", details=[{"field": "deadline"}])
    partners = _coordinating(inc.org_id, unit, data.get("coordinating_units"))
    inc.lead_unit_id, inc.handler_id, inc.deadline = unit.id, handler.id if handler else None, deadline
    inc.coordinating_unit_ids = [u.id for u in partners] or None
    inc.direction = data.get("direction")
    inc.routed_at, inc.routed_by_id = now, actor.id
    targets = [handler] if handler else people_with(inc.org_id, "handler", unit.id)
    notify(targets, "incoming_assigned", f"Giải quyết văn bản đến số {inc.number}",
           f"{inc.symbol or ''} {inc.subject}. Hạn giải quyết: {deadline.strftime('%d/%m/%Y')}.".strip(), now,
           actor=actor, incoming_id=inc.id)
    for partner in partners:
        notify([p for p in people_with(inc.org_id, "handler", partner.id) if p not in targets], "incoming_coordinate",
               f"Phối hợp giải quyết văn bản đến số {inc.number}",
               f"{inc.symbol or ''} {inc.subject}. Đơn vị chủ trì: {unit.name}; hạn giải quyết: "
               f"{deadline.strftime('%d/%m/%Y')}.".strip(), now, actor=actor, incoming_id=inc.id)


def _coordinating(org_id: int, lead: Unit, raw: str | None) -> list[Unit]:
    """The coordinating units named by code (comma-separated): units of the organization, each once, never the
    lead unit itself (422 naming the field otherwise)."""
    codes = [c.strip() for c in (raw or "").split(",") if c.strip()]
    if len(codes) > 50:
        raise ValidationFailed("Quá nhiều đơn vị phối hợp.", details=[{"field": "coordinating_units"}])
    units = {u.code: u for u in db.session.scalars(select(Unit).where(Unit.org_id == org_id, Unit.code.in_(codes)))}
    unknown = [c for c in codes if c not in units]
    if unknown:
        raise ValidationFailed("Đơn vị phối hợp không thuộc cơ quan: " + ", ".join(unknown) + ".",
                               details=[{"field": "coordinating_units"}])
    if lead.code in codes:
        raise ValidationFailed(f"{lead.name} đã là đơn vị chủ trì, không đồng thời là đơn vị phối hợp.",
                               details=[{"field": "coordinating_units"}])
    return [units[c] for c in dict.fromkeys(codes)]


def coordinating_units(inc: IncomingDocument) -> list[Unit]:
    """The coordinating units of a routed incoming document, in the order the leader named them."""
    ids = inc.coordinating_unit_ids or []
    by_id = {u.id: u for u in db.session.scalars(select(Unit).where(Unit.id.in_(ids)))} if ids else {}
    return [by_id[i] for i in ids if i in by_id]


def _on_handle(actor: Person, inc: IncomingDocument, data: dict, now: datetime) -> None:
    """Giải quyết: done, a reply document of the organization, or back to the leader for re-routing."""
    outcome = data["outcome"]
    reply_id = data.get("reply_document_id")
    if outcome == "reply":
        reply = db.session.get(Document, reply_id) if reply_id else None
        if reply is None or reply.org_id != inc.org_id:
            raise ValidationFailed("Kết quả 'trả lời bằng văn bản' cần mã văn bản trả lời của cơ quan.",
                                   details=[{"field": "reply_document_id"}])
        inc.reply_document_id = reply.id
    elif reply_id is not None:
        raise ValidationFailed("Chỉ ghi văn bản trả lời khi kết quả là 'reply'.", details=[{"field": "reply_document_id"}])
    inc.outcome = outcome
    inc.handling_comment = data.get("comment")
    if outcome == "return":
        inc.handler_id = None
        notify(people_with(inc.org_id, "leader"), "incoming_returned", f"Đề nghị phân công lại văn bản đến số {inc.number}",
               f"Đồng chí {actor.full_name} đề nghị phân công lại: {data.get('comment') or inc.subject}", now,
               actor=actor, incoming_id=inc.id)
        return
    inc.handled_at, inc.handled_by_id = now, actor.id


_HANDLERS = {"register_incoming": _on_register, "route_incoming": _on_route, "handle_incoming": _on_handle}
_WHO = {"register_incoming": ("registered_by_id", "registered_for_id"), "route_incoming": ("routed_by_id", "routed_for_id"),
        "handle_incoming": ("handled_by_id", "handled_for_id")}
