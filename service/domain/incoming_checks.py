"""Checks of a document received from outside the system (domain.md §8): the number and symbol (V1 grammar,
V2 kind code, V3 issuer code), the digital signatures of an electronic original (V17), the symbol normalized on
the way in (V19) and the place (V20, see places.py).

A received document is a fact: what it says is registered as printed, and what breaks a rule is *flagged* on the
register row (a finding), never silently accepted and never corrected. Only a clerk's typing error that cannot be
what the document says (a place with the date words glued to it) is refused.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from .errors import DomainError, Violation
from .kinds import PARTY, STATE
from .numbering import check_symbol, parse_symbol
from .places import check_place
from .text import normalize_text

__all__ = ["normalize_symbol", "strip_number_prefix", "author_system", "check_incoming_symbol",
           "SignatureSummary", "check_signatures", "check_incoming_place", "finding"]

# Look-alikes of Đ/đ that OCR, fonts and keyboards produce: Icelandic eth, African D, D with a combining stroke.
_D_LOOKALIKES = str.maketrans({"\u00d0": "\u0110", "\u0189": "\u0110", "\u00f0": "\u0111", "\u0256": "\u0111"})
_D_STROKE = re.compile(r"([Dd])[\u0335\u0336\u0338]")
# Hyphen, non-breaking hyphen, figure dash, en dash, em dash, minus, small/full-width hyphen-minus -> "-".
_HYPHENS = re.compile("[\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d]")
# Fraction slash, division slash, full-width solidus -> "/".
_SLASHES = re.compile("[\u2044\u2215\uff0f]")
_SEP_SPACES = re.compile(r"\s*([-/])\s*")
_NUMBER_PREFIX = re.compile(r"^(?:số|Số|SỐ)\s*:?\s*")


def normalize_symbol(raw: str) -> str:
    """V19: the symbol as compared and stored: NFC; "Ð" (U+00D0) and other look-alikes -> "Đ"; every hyphen
    variant -> "-", slash variants -> "/"; no spaces around "/" and "-"; whitespace collapsed. The "Số"/"Số:"
    prefix is kept (V1 reads it); see ``strip_number_prefix``. "Số 23 –KH/ÐU" -> "Số 23-KH/ĐU"."""
    s = _D_STROKE.sub(lambda m: "\u0110" if m.group(1) == "D" else "\u0111", normalize_text(raw))
    s = _SLASHES.sub("/", _HYPHENS.sub("-", s.translate(_D_LOOKALIKES)))
    return normalize_text(_SEP_SPACES.sub(r"\1", s))


def strip_number_prefix(symbol: str) -> str:
    """"Số: 15/QĐ-BNV" -> "15/QĐ-BNV"; a final "." is dropped too (the register column holds the symbol only)."""
    return _NUMBER_PREFIX.sub("", symbol).rstrip(".").strip()


# Words that name a Party body or a state body at the start of (or inside) an issuer's name [I].
_PARTY_WORDS = re.compile(r"\b(?:đảng ủy|đảng uỷ|tỉnh ủy|tỉnh uỷ|thành ủy|thành uỷ|huyện ủy|huyện uỷ|quận ủy|quận uỷ|"
                          r"thị ủy|thị uỷ|chi bộ|đảng đoàn|ban cán sự đảng|ban chấp hành trung ương|ban bí thư|"
                          r"bộ chính trị|văn phòng trung ương đảng|ủy ban kiểm tra|uỷ ban kiểm tra)\b", re.IGNORECASE)
_PARTY_CENTRAL = re.compile(r"^ban .*\b(?:trung ương|tw)$|^ban .*\b(?:tỉnh ủy|tỉnh uỷ|thành ủy|thành uỷ)\b",
                            re.IGNORECASE)
_STATE_WORDS = re.compile(r"^(?:bộ|ủy ban nhân dân|uỷ ban nhân dân|ubnd|hội đồng nhân dân|sở|chính phủ|thủ tướng|"
                          r"văn phòng chính phủ|tổng cục|cục|quốc hội|tòa án|viện kiểm sát|kiểm toán nhà nước)\b",
                          re.IGNORECASE)


def author_system(author: str | None) -> str | None:
    """PARTY or STATE from the issuer's name when its words say so ("Đảng ủy Chính phủ", "Ban Tuyên giáo và
    Dân vận Trung ương" -> PARTY; "Bộ Nội vụ", "Ủy ban nhân dân tỉnh …" -> STATE), else None."""
    a = normalize_text(author or "")
    if not a:
        return None
    if _PARTY_WORDS.search(a) or _PARTY_CENTRAL.search(a):
        return PARTY
    if _STATE_WORDS.search(a):
        return STATE
    return None


def check_incoming_symbol(symbol: str, system: str | None, kind: str | None,
                          issuer_abbrev: str | None) -> list[Violation]:
    """V1–V3 on the (normalized) symbol of a received document, as far as we know the document.

    ``system`` (the issuer's: from the directory, else ``author_system``; None: from the symbol's own grammar),
    ``kind`` (the kind the clerk read; None: V2 not checked), ``issuer_abbrev`` (the abbreviation registered for
    the issuer in the directory; None: V3 not checked)."""
    try:
        parsed = parse_symbol(symbol)
    except DomainError as e:
        return [Violation("V1", "symbol", e.message)]
    system = system or parsed.system
    if kind:
        want_kind = kind
    elif parsed.system == system:
        want_kind = parsed.kind or "CV"
    else:
        want_kind = None
    issuer = issuer_abbrev or parsed.issuer
    if want_kind is None:  # the other system's grammar and no kind to compare: V1 only
        want_kind = "CV" if system == STATE else "KH"
        return [v for v in check_symbol(symbol, system, want_kind, issuer) if v.code == "V1"]
    return check_symbol(symbol, system, want_kind, issuer)


@dataclass(frozen=True)
class SignatureSummary:
    """What the PDF's digital signatures say (from the PAdES check): how many, whether any signed byte changed
    or a later revision made a disallowed change, whether each is cryptographically valid, and whether each chains
    to a configured trust root."""
    count: int
    altered: bool = False
    all_valid: bool = True
    all_trusted: bool = True


def check_signatures(sig: SignatureSummary, field: str = "file") -> list[Violation]:
    """V17: an electronic original carries valid signatures of the signer and of the organization (NĐ 30 Art. 13;
    QĐ 337-QĐ/TW: an unsigned e-document is for reference only). Flags, never refusals: it is registered anyway,
    as reference only."""
    if sig.count == 0:
        return [Violation("V17", field, "Văn bản điện tử không có chữ ký số (tệp PDF không có chữ ký PAdES): chỉ có "
                                        "giá trị tham khảo, chưa phải bản gốc điện tử.")]
    out: list[Violation] = []
    if sig.altered or not sig.all_valid:
        out.append(Violation("V17", field, "Văn bản điện tử: chữ ký số không hợp lệ hoặc tệp đã bị thay đổi sau khi ký; "
                                           "chỉ có giá trị tham khảo."))
    if sig.count < 2:
        out.append(Violation("V17", field, "Văn bản điện tử chỉ có 1 chữ ký số; bản gốc điện tử cần chữ ký của người có "
                                           "thẩm quyền và chữ ký số của cơ quan, tổ chức."))
    if not sig.all_trusted:
        out.append(Violation("V17W", field, "Văn bản điện tử: chưa xác thực được chứng thư số của chữ ký (không thuộc "
                                            "tổ chức chứng thực đã cấu hình)."))
    return out


def check_incoming_place(place: str, issue_date: date | None, arrival: date) -> list[Violation]:
    """V20 on the place printed on a received document, on its issue date (else its arrival date)."""
    return check_place(place, issue_date or arrival)


def finding(v: Violation) -> dict:
    """A violation as stored on the incoming row and shown in the API: rule, field, message, severity."""
    return {"rule": v.code, "field": v.field, "message": v.message,
            "severity": "warning" if v.is_warning else "error"}
