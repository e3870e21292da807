"""Document kinds (tên loại văn bản) and their abbreviations (domain.md §1).

Kind codes are the abbreviations printed in the số/ký hiệu.  Where the
Party code is not verified (marked [U] in domain.md) we use the state
code, as domain.md does.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from .errors import DomainError
from .text import normalize_text

__all__ = ["PARTY", "STATE", "SYSTEMS", "DocumentKind", "KINDS", "get_kind",
           "kinds_for", "is_kind_of_system"]

PARTY = "PARTY"
STATE = "STATE"
SYSTEMS = (PARTY, STATE)

_BOTH = frozenset({PARTY, STATE})
_P = frozenset({PARTY})
_S = frozenset({STATE})


@dataclass(frozen=True)
class DocumentKind:
    """A kind of document.

    ``title_vi`` is the kind name as printed above the trích yếu (uppercase);
    ``systems`` tells which systems (PARTY, STATE) issue it.
    ``has_subject``: the kind carries a trích yếu (công văn: "V/v …").
    ``prints_title``: the kind name is printed as a title (not for công văn).
    """

    code: str
    name_vi: str
    title_vi: str
    systems: frozenset[str]
    has_subject: bool = True
    prints_title: bool = True


def _k(code: str, name: str, systems: frozenset[str], *, has_subject: bool = True,
       prints_title: bool = True) -> DocumentKind:
    return DocumentKind(code, name, name.upper(), systems, has_subject, prints_title)


KINDS: dict[str, DocumentKind] = {k.code: k for k in (
    _k("NQ", "Nghị quyết", _BOTH),
    _k("QĐ", "Quyết định", _BOTH),
    _k("QyĐ", "Quy định", _S),
    _k("NĐ", "Nghị định", _S),
    _k("CT", "Chỉ thị", _BOTH),
    _k("KL", "Kết luận", _P),
    _k("QC", "Quy chế", _BOTH),
    _k("TT", "Thông tri", _P),
    _k("HD", "Hướng dẫn", _BOTH),
    _k("KH", "Kế hoạch", _BOTH),
    _k("BC", "Báo cáo", _BOTH),
    _k("TB", "Thông báo", _BOTH),
    _k("CTr", "Chương trình", _BOTH),
    _k("TTr", "Tờ trình", _BOTH),
    _k("ĐA", "Đề án", _BOTH),
    _k("PA", "Phương án", _BOTH),
    _k("BB", "Biên bản", _BOTH),
    _k("CV", "Công văn", _BOTH, prints_title=False),
    _k("GM", "Giấy mời", _BOTH),
    _k("GGT", "Giấy giới thiệu", _BOTH, has_subject=False),
)}


def get_kind(code: str) -> DocumentKind:
    """Return the kind whose code equals ``normalize_text(code)`` exactly.

    Raises ``DomainError("V2")`` for an unknown code ("QD" is not "QĐ").
    """
    key = normalize_text(code)
    try:
        return KINDS[key]
    except KeyError:
        raise DomainError("V2", f"Tên loại văn bản: mã \"{key}\" không có trong danh mục tên loại văn bản.",
                          "kind") from None


def is_kind_of_system(code: str, system: str) -> bool:
    """True if ``code`` is a known kind issued by ``system``."""
    k = KINDS.get(normalize_text(code))
    return k is not None and system in k.systems


def kinds_for(system: str) -> list[DocumentKind]:
    """All kinds issued by ``system``, in catalogue order."""
    return [k for k in KINDS.values() if system in k.systems]


# Party documents from 09/01/2026 follow QĐ 399-QĐ/TW and HD 05-HD/VPTW (domain.md, rule sets by issue date).
PARTY_399_FROM = date(2026, 1, 9)


def ruleset_for(system: str, on: date) -> str:
    """The rule set a document drafted on ``on`` follows; stored on the document, never changed afterwards:
    state bodies NĐ 30/2020; Party QĐ 66 + HD 36 before 09/01/2026, QĐ 399 + HD 05 from then."""
    if system == STATE:
        return "STATE_ND30"
    return "PARTY_66_36" if on < PARTY_399_FROM else "PARTY_399_05"
