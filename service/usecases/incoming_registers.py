"""The incoming register (sổ đăng ký văn bản đến, NĐ 30 Phụ lục IV) and the follow-up register (sổ theo dõi
giải quyết văn bản đến), with the V16 findings of each year."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select

from service.clock import current_clock
from service.domain import incoming as din
from service.domain import kinds as dkinds
from service.domain.errors import Violation
from service.domain.registers import FOLLOW_UP_COLUMNS, INCOMING_COLUMNS
from service.domain.text import search_key
from service.errors import Forbidden, ValidationFailed
from service.extensions import db
from service.output import exports
from service.store.documents import Document
from service.store.incoming import IncomingDocument
from service.store.organizations import Person
from service.usecases.incoming import OUTCOME_LABELS, STATUS_LABELS, coordinating_units

REGISTER_READERS = {"clerk", "archivist", "office", "signer", "leader", "unit_head"}


@dataclass(frozen=True)
class RegisterFilter:
    year: int | None = None
    urgency: str | None = None
    status: str | None = None
    q: str | None = None  # words of the symbol, author or subject, diacritics-insensitive


def _matches(inc: IncomingDocument, words: list[str]) -> bool:
    hay = search_key(" ".join(x for x in (inc.symbol, inc.author, inc.subject) if x))
    return all(w in hay for w in words)


def _register_rows(actor: Person, f: RegisterFilter, *, follow_up: bool) -> list[IncomingDocument]:
    if not {r.role for r in actor.roles if r.org_id == actor.org_id} & REGISTER_READERS:
        raise Forbidden("Bạn không có quyền xem sổ văn bản đến.")
    if f.status is not None and f.status not in STATUS_LABELS:
        raise ValidationFailed("Trạng thái không hợp lệ: " + ", ".join(STATUS_LABELS), details=[{"field": "status"}])
    if f.urgency is not None and f.urgency not in din.URGENCY_RANK:
        raise ValidationFailed("Độ khẩn không hợp lệ: " + ", ".join(din.URGENCY_RANK), details=[{"field": "urgency"}])
    q = select(IncomingDocument).where(IncomingDocument.org_id == actor.org_id, IncomingDocument.number.is_not(None))
    if follow_up:
        q = q.where(IncomingDocument.deadline.is_not(None))
    if f.year:
        q = q.where(IncomingDocument.year == f.year)
    if f.urgency:
        q = q.where(IncomingDocument.urgency == f.urgency)
    if f.status:
        q = q.where(IncomingDocument.status == f.status)
    rows = list(db.session.scalars(q.order_by(IncomingDocument.year, IncomingDocument.number)).all())
    words = search_key(f.q).split() if f.q else []
    return [r for r in rows if _matches(r, words)] if words else rows


def _kind_and_subject(inc: IncomingDocument) -> str:
    name = None
    if inc.kind:
        try:
            name = dkinds.get_kind(inc.kind).name_vi
        except Exception:  # an unknown kind from outside: show the subject alone
            name = None
    return f"{name}: {inc.subject}" if name else inc.subject


def _units_text(inc: IncomingDocument) -> str:
    """The follow-up register's unit column: the lead unit and handler, then "phối hợp: …"."""
    lead = ", ".join(x for x in (inc.lead_unit.name if inc.lead_unit else None,
                                 inc.handler.full_name if inc.handler else None) if x)
    partners = ", ".join(u.name for u in coordinating_units(inc))
    return f"{lead}; phối hợp: {partners}" if partners else lead


def register_entry(inc: IncomingDocument) -> dict:
    """One row of the incoming register (PL IV columns) as plain values."""
    unit = inc.lead_unit.name if inc.lead_unit else None
    recipient = ", ".join(x for x in (unit, inc.handler.full_name if inc.handler else None) if x) or None
    return {
        "id": inc.id, "arrival_date": inc.arrival_date.isoformat() if inc.arrival_date else None,
        "number": inc.number, "author": inc.author, "symbol": inc.symbol,
        "issue_date": inc.issue_date.isoformat() if inc.issue_date else None,
        "kind_and_subject": _kind_and_subject(inc), "recipient": recipient,
        "routed_at": inc.routed_at.date().isoformat() if inc.routed_at else None,
        "received_by": inc.handler.full_name if inc.handler and inc.routed_at else None,
        "note": "; ".join(x for x in (din.URGENCY_LABELS.get(inc.urgency or ""), inc.note, _withdrawn(inc)) if x)
        or None,
        "urgent": din.is_urgent(inc.urgency), "status": inc.status,
    }


def _withdrawn(inc: IncomingDocument) -> str | None:
    """'Đã thu hồi: <lý do>' for a copy the issuer recalled."""
    return f"{STATUS_LABELS['WITHDRAWN']}: {inc.withdrawal_reason}" if inc.withdrawn_at else None


def follow_up_entry(inc: IncomingDocument, today: date) -> dict:
    """One row of the follow-up register (7 columns)."""
    reply = db.session.get(Document, inc.reply_document_id) if inc.reply_document_id else None
    late = din.days_overdue(inc.deadline, today, inc.status == "DONE")
    if inc.status == "WITHDRAWN":
        progress = _withdrawn(inc)
    elif inc.status == "DONE":
        progress = OUTCOME_LABELS.get(inc.outcome or "", "Đã giải quyết")
        if inc.handled_at and inc.deadline and inc.handled_at.date() > inc.deadline:
            progress += f" (chậm {(inc.handled_at.date() - inc.deadline).days} ngày)"
    elif late:
        progress = f"Quá hạn {late} ngày"
    else:
        progress = "Đang giải quyết"
    doc = " ".join(x for x in (inc.symbol, inc.issue_date.strftime("%d/%m/%Y") if inc.issue_date else None) if x)
    return {
        "id": inc.id, "number": inc.number, "document": f"{doc} {_kind_and_subject(inc)}".strip(),
        "unit": _units_text(inc),
        "deadline": inc.deadline.isoformat() if inc.deadline else None, "progress": progress,
        "reply": (reply.symbol or f"#{reply.id}") if reply else None, "note": inc.handling_comment,
        "status": inc.status, "overdue": late is not None,
    }


def incoming_register(actor: Person, f: RegisterFilter) -> tuple[list[dict], list[Violation]]:
    """Register rows by number, and the V16 findings (gaps, repeats) of each year shown."""
    rows = _register_rows(actor, f, follow_up=False)
    findings: list[Violation] = []
    if not (f.urgency or f.status or f.q):  # gaps are only meaningful on the whole year
        by_year: dict[int, list[int]] = {}
        for r in rows:
            by_year.setdefault(r.year or 0, []).append(r.number or 0)
        for numbers in by_year.values():
            findings.extend(din.check_contiguity(numbers))
    return [register_entry(r) for r in rows], findings


def follow_up_register(actor: Person, f: RegisterFilter) -> list[dict]:
    today = current_clock().today()
    return [follow_up_entry(r, today) for r in _register_rows(actor, f, follow_up=True)]


def register_export(actor: Person, f: RegisterFilter, *, follow_up: bool, fmt: str) -> bytes:
    """The register (or the follow-up register) matching the filter as CSV (UTF-8 with BOM) or XLSX."""
    if follow_up:
        columns, rows, sheet = FOLLOW_UP_COLUMNS, follow_up_register(actor, f), "Sổ theo dõi giải quyết"
    else:
        columns, rows, sheet = INCOMING_COLUMNS, incoming_register(actor, f)[0], "Sổ văn bản đến"
    rows = [{k: _vn_date(v) if k in _DATE_KEYS else v for k, v in r.items()} for r in rows]
    if fmt == "xlsx":
        return exports.table_xlsx(columns, rows, sheet)
    return exports.to_csv(columns, rows).encode("utf-8")


_DATE_KEYS = {"arrival_date", "issue_date", "routed_at", "deadline"}


def _vn_date(iso: str | None) -> str | None:
    return date.fromisoformat(iso).strftime("%d/%m/%Y") if iso else None
