"""Numbering and registration of a signed outgoing document (cấp số, sổ đăng ký văn bản đi)."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import select

from service.clock import current_clock, to_vn
from service.domain import kinds as dkinds
from service.domain import numbering
from service.domain.dates import check_chronology
from service.domain.errors import DomainError, Violation
from service.errors import Conflict, ValidationFailed
from service.extensions import db
from service.store import series as numbers
from service.store.documents import Document, OutgoingRegisterEntry
from service.store.organizations import Term
from service.store.series import NumberSeries


def number_and_register(doc: Document, issue_date: date | None, now: datetime) -> None:
    """Cấp số: the next number of the series, only after signature; the row of the outgoing register."""
    today = current_clock().today()
    issue_date = issue_date or today
    signed_on = to_vn(doc.signed_at).date() if doc.signed_at else None
    problems = [v for v in numbering.check_numbering(doc.signed_hash is not None, signed_on, issue_date)
                if not v.code.endswith("W")]
    created_on = to_vn(doc.created_at).date()
    problems += check_chronology(created=created_on, signed=signed_on, issued=issue_date)
    if issue_date > today:
        problems.append(Violation("V6", "issue_date", "Ngày ban hành không được sau ngày hôm nay."))
    if problems:
        raise ValidationFailed.from_violations(problems, "Không thể cấp số.")
    warnings = [v for v in numbering.check_numbering(True, signed_on, issue_date) if v.code.endswith("W")]
    series = _series_for(doc, issue_date)
    number = numbers.take_next(series)
    org = doc.org
    doc.series_id = series.id
    doc.number = number
    doc.symbol = numbering.format_symbol(doc.system, number, doc.kind, org.abbrev,
                                         doc.drafting_unit.code if doc.drafting_unit else None)
    doc.issue_date = issue_date
    doc.ruleset = dkinds.ruleset_for(doc.system, issue_date)  # the issue date decides; fixed from here on
    doc.numbered_at = now
    kind = dkinds.get_kind(doc.kind)
    block = doc.signature_block or {}
    db.session.add(OutgoingRegisterEntry(
        document_id=doc.id, org_id=doc.org_id, year=issue_date.year, kind=doc.kind, number=number,
        symbol=doc.symbol, issue_date=issue_date, kind_and_subject=f"{kind.name_vi}: {doc.subject}",
        signer_name=block.get("full_name", ""), recipients_text="\n".join(r["text"] for r in doc.recipients),
        archive_text=", ".join(doc.archive_units) + (f" ({doc.archive_copies})" if doc.archive_copies else ""),
        copies=doc.copies or (len(doc.recipients) + (doc.archive_copies or 0)) or None,
        dispatched_at=None, note="; ".join(w.message for w in warnings) or None,
        search_text=_search_text(doc, block), created_at=now))


def _search_text(doc: Document, block: dict) -> str:
    from service.domain.text import search_key
    parts = [doc.symbol or "", dkinds.get_kind(doc.kind).name_vi, doc.subject, block.get("full_name", ""),
             " ".join(r["text"] for r in doc.recipients)]
    return search_key(" ".join(parts))


def _series_for(doc: Document, issue_date: date) -> NumberSeries:
    """The outgoing series of the document: per kind, per term (Party) or year (state); secret ones apart."""
    terms = [numbering.Term(id=str(t.id), start=t.start, end=t.end, name=t.name)
             for t in db.session.scalars(select(Term).where(Term.org_id == doc.org_id)).all()]
    try:
        period = numbering.series_period(doc.system, issue_date, terms)
    except numbering.TermEnded as exc:  # the term has ended and the next one is not opened yet
        raise Conflict(exc.message, code="term_ended",
                       details=[{"rule": exc.code, "field": "issue_date", "message": exc.message,
                                 "term": exc.term.name}]) from exc
    except DomainError as exc:  # no term covers the date
        raise ValidationFailed(exc.message, details=[{"rule": exc.code, "field": "issue_date"}]) from exc
    return numbers.series_for(doc.org_id, "OUT", doc.kind, period, secret=doc.secrecy is not None)
