"""The checks a document received from outside the system goes through when the clerk registers it by hand:
symbol normalized (V19), its grammar, kind and issuer codes (V1-V3), the place (V20), the digital signatures of an
electronic original (V17). Called inside the registration's transaction (usecases.incoming.register_manual).

Findings are stored on the incoming row and shown; only a typing error of the clerk is refused (422).
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select

from service.domain import incoming_checks as chk
from service.domain.directory import match_key
from service.domain.places import date_words_glued
from service.domain.text import normalize_text
from service.errors import ValidationFailed
from service.extensions import db
from service.output.pades import verify_pdf
from service.store.organizations import Organization
from service.usecases.keys import trust_roots_pem

MAX_SYMBOL = 80


@dataclass(frozen=True)
class Checked:
    symbol: str | None  # normalized, without "Số"
    symbol_raw: str | None  # as typed, kept when it differs from ``symbol``
    place: str | None
    findings: list[dict]


def issuer_in_directory(author: str) -> Organization | None:
    """The organization of the directory whose name is the author's (diacritics, case, "TW"/"CP" spelled out
    ignored); None when no organization or more than one carries that name."""
    key = match_key(author)
    hits = [o for o in db.session.scalars(select(Organization)) if match_key(o.name) == key]
    return hits[0] if len(hits) == 1 else None


def check_manual(author: str, symbol: str | None, kind: str | None, place: str | None, issue_date: date | None,
                 arrival: date, electronic: bool, pdf: bytes) -> Checked:
    """Normalize and check what the clerk typed from a received document (see the module's docstring)."""
    found = []
    norm = raw = None
    if symbol:
        norm = chk.normalize_symbol(symbol)
        stored = chk.strip_number_prefix(norm)
        if len(stored) > MAX_SYMBOL or len(symbol) > 120:
            raise ValidationFailed(f"Số, ký hiệu quá dài (tối đa {MAX_SYMBOL} ký tự).", details=[{"field": "symbol"}])
        org = issuer_in_directory(author)
        system = org.system if org else chk.author_system(author)
        found += chk.check_incoming_symbol(norm, system, kind, org.abbrev if org else None)
        raw = symbol if symbol != stored else None
        norm = stored
    if place:
        place = normalize_text(place)
        glued = date_words_glued(place)
        if glued:
            raise ValidationFailed(glued.message, details=[{"rule": glued.code, "field": glued.field,
                                                            "message": glued.message}])
        found += chk.check_incoming_place(place, issue_date, arrival)
    if electronic:
        found += chk.check_signatures(_signatures(pdf))
    return Checked(norm, raw, place or None, [chk.finding(v) for v in found])


def _signatures(pdf: bytes) -> chk.SignatureSummary:
    report = verify_pdf(pdf, trust_roots_pem())
    sigs = report.signatures
    return chk.SignatureSummary(count=len(sigs), altered=report.altered,
                                all_valid=all(s.intact and s.valid for s in sigs),
                                all_trusted=all(s.trusted for s in sigs))
