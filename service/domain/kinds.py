"""Document kinds (tên loại văn bản) and their abbreviations (domain.md §1).

Two catalogues share one table:

* Party kinds of QĐ 66-QĐ/TW (and 399-QĐ/TW) with the codes of HD 36 [F] where domain.md gives them; the
  others follow NĐ 30 Phụ lục III by analogy or are our own choice, marked [I] below (open question for a Party
  văn thư, domain.md §9);
* the 29 administrative kinds of NĐ 30/2020/NĐ-CP Art. 7 with their abbreviations from Phụ lục III [F], plus
  Nghị định (legal normative, "12/2020/NĐ-CP") for reading incoming symbols.

``code`` is the kind's key, stored on every document. The code printed in the số/ký hiệu is
``symbol_code(system)``: it differs from the key for the Party Quy định (printed "QĐ" as in "66-QĐ/TW" itself,
keyed "QyĐ" like the state one so that it is never confused with a Quyết định) and is None where the system
prints no kind code (state công văn and thư công: "Số: 05/BNV-VP").
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from .errors import DomainError
from .text import normalize_text

__all__ = ["PARTY", "STATE", "SYSTEMS", "DocumentKind", "KINDS", "get_kind", "kinds_for", "is_kind_of_system",
           "kind_for_symbol", "ruleset_for", "ruleset_label", "RULESETS", "PARTY_399_FROM"]

PARTY = "PARTY"
STATE = "STATE"
SYSTEMS = (PARTY, STATE)

_BOTH = frozenset({PARTY, STATE})
_P = frozenset({PARTY})
_S = frozenset({STATE})
_SAME = object()  # the printed code is the key


@dataclass(frozen=True)
class DocumentKind:
    """A kind of document.

    ``title_vi`` is the kind name as printed above the trích yếu (uppercase);
    ``systems`` tells which systems (PARTY, STATE) issue it.
    ``has_subject``: the kind carries a trích yếu (công văn: "V/v …").
    ``prints_title``: the kind name is printed as a title (not for công văn, thư công).
    ``party_symbol`` / ``state_symbol``: the code printed in the số/ký hiệu by each system (None: no kind code).
    """

    code: str
    name_vi: str
    title_vi: str
    systems: frozenset[str]
    has_subject: bool = True
    prints_title: bool = True
    party_symbol: str | None = None
    state_symbol: str | None = None

    def symbol_code(self, system: str) -> str | None:
        """The kind code printed in the số/ký hiệu of ``system`` (None: the symbol carries no kind code)."""
        return self.party_symbol if system == PARTY else self.state_symbol


def _k(code: str, name: str, systems: frozenset[str], *, has_subject: bool = True, prints_title: bool = True,
       party: object = _SAME, state: object = _SAME) -> DocumentKind:
    p = (code if party is _SAME else party) if PARTY in systems else None
    s = (code if state is _SAME else state) if STATE in systems else None
    return DocumentKind(code, name, name.upper(), systems, has_subject, prints_title, p, s)  # type: ignore[arg-type]


# Order: the Party list of QĐ 66 / 399 (domain.md §1), then the state kinds of NĐ 30 Art. 7 not already listed.
KINDS: dict[str, DocumentKind] = {k.code: k for k in (
    _k("CL", "Cương lĩnh", _P),                     # [I] code; adopted by the national congress
    _k("ĐL", "Điều lệ", _P),                        # [I] code
    _k("ChL", "Chiến lược", _P),                    # [I] code
    _k("NQ", "Nghị quyết", _BOTH),                  # [F] both (state: nghị quyết cá biệt)
    _k("QĐ", "Quyết định", _BOTH),                  # [F] both ("127-QĐ/TW", "15/QĐ-BNV")
    _k("CT", "Chỉ thị", _BOTH),                     # [F] state; Party [U]
    _k("KL", "Kết luận", _P),                       # Party [U]
    _k("QC", "Quy chế", _BOTH),                     # [F] state; Party [U]
    _k("QyĐ", "Quy định", _BOTH, party="QĐ"),       # state "QyĐ" [F]; Party prints "QĐ" ("66-QĐ/TW" is a Quy định)
    _k("TT", "Thông tri", _P),                      # Party [U]
    _k("HD", "Hướng dẫn", _BOTH),                   # [F] both ("21-HD/BTGDVTW")
    _k("TB", "Thông báo", _BOTH),                   # [F] state; Party [U]
    _k("TC", "Thông cáo", _BOTH),                   # [F] state; Party [I] by analogy
    _k("TBo", "Tuyên bố", _P),                      # [I] code
    _k("LKG", "Lời kêu gọi", _P),                   # [I] code
    _k("BC", "Báo cáo", _BOTH),                     # [F] both
    _k("KH", "Kế hoạch", _BOTH),                    # [F] both ("23-KH/ĐU")
    _k("QH", "Quy hoạch", _P),                      # [I] code
    _k("CTr", "Chương trình", _BOTH),               # [F] state; Party [U]
    _k("ĐA", "Đề án", _BOTH),                       # [F] state; Party [U]
    _k("PA", "Phương án", _BOTH),                   # [F] state; Party [I]
    _k("DA", "Dự án", _BOTH),                       # [F] state; Party [I]
    _k("TTr", "Tờ trình", _BOTH),                   # [F] state; Party [U]
    _k("CV", "Công văn", _BOTH, prints_title=False, state=None),  # state: no code ("05/BNV-VP"); Party "CV" [U][P]
    _k("BB", "Biên bản", _BOTH),                    # [F] state; Party [U]
    _k("GGT", "Giấy giới thiệu", _BOTH, has_subject=False),  # [F] state; Party [I]
    _k("GCN", "Giấy chứng nhận", _P, has_subject=False),     # [I] code
    _k("GĐĐ", "Giấy đi đường", _P, has_subject=False),       # [I] code
    _k("GNP", "Giấy nghỉ phép", _BOTH, has_subject=False),   # [F] state; Party [I]
    _k("GM", "Giấy mời", _BOTH),                    # [F] state; Party [I]
    _k("PC", "Phiếu chuyển", _BOTH, has_subject=False),      # [F] state; Party [I]
    _k("PG", "Phiếu gửi", _BOTH, has_subject=False),         # [F] state; Party [I]
    _k("ThC", "Thư công", _BOTH, prints_title=False, state=None),  # state: no code in Phụ lục III; Party [I]
    # State only (NĐ 30 Art. 7 / Phụ lục III) [F]
    _k("HĐ", "Hợp đồng", _S),
    _k("CĐ", "Công điện", _S),
    _k("GN", "Bản ghi nhớ", _S),
    _k("TTh", "Bản thỏa thuận", _S),
    _k("GUQ", "Giấy ủy quyền", _S, has_subject=False),
    _k("PB", "Phiếu báo", _S, has_subject=False),
    # Legal normative (not one of the 29): read in incoming symbols such as "12/2020/NĐ-CP".
    _k("NĐ", "Nghị định", _S),
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


def kind_for_symbol(system: str, printed: str) -> DocumentKind | None:
    """The kind whose code ``system`` prints as ``printed`` in a số/ký hiệu. A Party "QĐ" is read as Quyết
    định (the symbol alone cannot tell a Quy định from it)."""
    p = normalize_text(printed)
    k = KINDS.get(p)
    if k is not None and system in k.systems and k.symbol_code(system) == p:
        return k
    for k in KINDS.values():
        if system in k.systems and k.symbol_code(system) == p:
            return k
    return None


# Party documents from 09/01/2026 follow QĐ 399-QĐ/TW and HD 05-HD/VPTW (domain.md, rule sets by issue date).
PARTY_399_FROM = date(2026, 1, 9)


def ruleset_for(system: str, on: date) -> str:
    """The rule set a document drafted on ``on`` follows; stored on the document, never changed afterwards:
    state bodies NĐ 30/2020; Party QĐ 66 + HD 36 before 09/01/2026, QĐ 399 + HD 05 from then."""
    if system == STATE:
        return "STATE_ND30"
    return "PARTY_66_36" if on < PARTY_399_FROM else "PARTY_399_05"


# What each rule set is made of (domain.md, "Rule sets by issue date"): shown on the document and in its API.
RULESETS = {
    "PARTY_66_36": "Quy định 66-QĐ/TW ngày 06/02/2017 và Hướng dẫn 36-HD/VPTW ngày 03/4/2018",
    "PARTY_399_05": "Quy định 399-QĐ/TW ngày 09/01/2026 và Hướng dẫn 05-HD/VPTW",
    "STATE_ND30": "Nghị định 30/2020/NĐ-CP ngày 05/3/2020",
}


def ruleset_label(code: str) -> str:
    """The instruments a rule set stands for, in words ("Quy định 66-QĐ/TW … và Hướng dẫn 36-HD/VPTW …")."""
    return RULESETS.get(code, code)
