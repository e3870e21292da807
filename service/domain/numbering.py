"""Number and symbol (số, ký hiệu) — rules V1–V5 (domain.md §2).

Grammars (after ``normalize_text``):

* PARTY: ``Số {n}-{KIND}/{ISSUER}`` (no colon), e.g. "Số 23-KH/ĐU";
* STATE: ``Số: {n}/{KIND}-{ISSUER}``, e.g. "Số: 15/QĐ-BNV";
  công văn: ``Số: {n}/{ISSUER}-{UNIT}``, e.g. "Số: 05/BNV-VP";
  legal normative documents: ``Số: {n}/{yyyy}/{KIND}-{ISSUER}``.

Numbers below 10 are written with a leading zero ("05").
"""
from __future__ import annotations

import re
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from .errors import DomainError, Violation
from .kinds import KINDS, PARTY, STATE, SYSTEMS, kind_for_symbol
from .text import normalize_text

__all__ = ["format_symbol", "format_number_line", "ParsedSymbol", "parse_symbol",
           "check_symbol", "Term", "TermEnded", "TERM_YEARS", "series_period", "next_working_day",
           "check_numbering", "check_number", "same_symbol"]

_CODE = r"[^\W\d_][^\W_]*"
_PARTY_RE = re.compile(rf"^(?P<n>\d+)-(?P<kind>{_CODE})/(?P<issuer>{_CODE})$")
_STATE_RE = re.compile(rf"^(?P<n>\d+)/(?:(?P<year>\d{{4}})/)?(?P<first>{_CODE})-(?P<rest>{_CODE}(?:-{_CODE})*)$")
_PREFIX_RE = re.compile(r"^(?:số|Số|SỐ)\s*(?P<colon>:)?\s*")

_SYSTEM_VI = {PARTY: "văn bản của Đảng", STATE: "văn bản hành chính nhà nước"}
_EXAMPLE = {PARTY: "Số 23-KH/ĐU", STATE: "Số: 15/QĐ-BNV"}


def _check_system(system: str) -> None:
    if system not in SYSTEMS:
        raise DomainError("V1", f"Hệ thống văn bản \"{system}\" không hợp lệ (PARTY hoặc STATE).", "system")


def _code(value: str, field: str, rule: str, label: str) -> str:
    v = normalize_text(value)
    if not re.fullmatch(_CODE, v):
        raise DomainError(rule, f"{label}: \"{v}\" không phải là chữ viết tắt hợp lệ (chỉ gồm chữ và số, không có dấu cách, \"-\" hay \"/\").", field)
    return v


def format_symbol(system: str, number: int, kind: str, issuer_abbrev: str,
                  unit_abbrev: str | None = None) -> str:
    """Build the số/ký hiệu without the "Số" prefix.

    PARTY "23-KH/ĐU" (numbers < 10 padded: "05-KH/ĐU"); STATE "15/QĐ-BNV";
    STATE công văn (kind "CV") "05/BNV-VP" (issuer-drafting unit, unit
    required).  Raises DomainError V1 (number < 1, bad system), V2 (kind
    not issued by the system) or V3 (bad issuer/unit abbreviation).
    """
    _check_system(system)
    if isinstance(number, bool) or not isinstance(number, int) or number < 1:
        raise DomainError("V1", f"Số văn bản phải là số nguyên dương, không phải \"{number}\".", "number")
    k = normalize_text(kind)
    if k not in KINDS or system not in KINDS[k].systems:
        raise DomainError("V2", f"Tên loại văn bản: mã \"{k}\" không dùng cho {_SYSTEM_VI[system]}.", "kind")
    printed = KINDS[k].symbol_code(system)  # Party Quy định prints "QĐ"; state công văn prints none
    issuer = _code(issuer_abbrev, "issuer_abbrev", "V3", "Ký hiệu cơ quan ban hành")
    n = f"{number:02d}"
    if system == PARTY:
        return f"{n}-{printed}/{issuer}"
    if printed is None:
        if not unit_abbrev:
            raise DomainError("V3", "Công văn của cơ quan nhà nước phải có chữ viết tắt của đơn vị soạn thảo (ví dụ \"05/BNV-VP\").", "unit_abbrev")
        unit = _code(unit_abbrev, "unit_abbrev", "V3", "Ký hiệu đơn vị soạn thảo")
        return f"{n}/{issuer}-{unit}"
    return f"{n}/{printed}-{issuer}"


def format_number_line(system: str, symbol: str) -> str:
    """The printed line: PARTY "Số 23-KH/ĐU", STATE "Số: 15/QĐ-BNV"."""
    _check_system(system)
    s = normalize_text(symbol)
    return f"Số {s}" if system == PARTY else f"Số: {s}"


@dataclass(frozen=True)
class ParsedSymbol:
    """A parsed số/ký hiệu.

    ``kind`` is None for a state công văn; ``unit`` is the drafting unit of
    a state công văn; ``year`` is set for "12/2020/NĐ-CP"; ``has_colon``
    tells whether the text had "Số:" (None when there was no "Số");
    ``padded`` whether the number was written with at least two digits.
    """

    system: str
    number: int
    kind: str | None
    issuer: str
    unit: str | None
    year: int | None = None
    has_colon: bool | None = None
    padded: bool = True

    def symbol(self) -> str:
        """The canonical symbol text (padded, no "Số")."""
        n = f"{self.number:02d}"
        if self.system == PARTY:
            return f"{n}-{self.kind}/{self.issuer}"
        y = f"{self.year}/" if self.year is not None else ""
        if self.kind is None:
            return f"{n}/{y}{self.issuer}-{self.unit}"
        return f"{n}/{y}{self.kind}-{self.issuer}"


def parse_symbol(text: str) -> ParsedSymbol:
    """Parse a số/ký hiệu of either system, after ``normalize_text`` (V19).

    Accepts "Số 23 -KH/ĐU", "23-KH/ÐU", "Số: 15/QĐ-BNV", "Số: 05/BNV-VP",
    "12/2020/NĐ-CP".  The system is inferred from the grammar.  A state
    symbol whose first code is not a state kind code is a công văn
    (kind None, issuer, unit).  Raises DomainError("V1") if the text fits
    no grammar.  Does not judge colon or padding: see ``check_symbol``.
    """
    s = normalize_text(text)
    has_colon: bool | None = None
    m = _PREFIX_RE.match(s)
    if m:
        has_colon = m.group("colon") is not None
        s = s[m.end():]
    s = s.rstrip(".")
    if (pm := _PARTY_RE.match(s)):
        n = pm.group("n")
        return ParsedSymbol(PARTY, int(n), pm.group("kind"), pm.group("issuer"), None,
                            None, has_colon, len(n) >= 2)
    if (sm := _STATE_RE.match(s)):
        n = sm.group("n")
        first, rest = sm.group("first"), sm.group("rest")
        year = int(sm.group("year")) if sm.group("year") else None
        if kind_for_symbol(STATE, first) is not None:
            return ParsedSymbol(STATE, int(n), first, rest, None, year, has_colon, len(n) >= 2)
        if "-" in rest:
            raise DomainError("V1", f"Số, ký hiệu \"{normalize_text(text)}\" không đúng thể thức.", "symbol")
        return ParsedSymbol(STATE, int(n), None, first, rest, year, has_colon, len(n) >= 2)
    raise DomainError("V1", f"Số, ký hiệu \"{normalize_text(text)}\" không đúng thể thức của văn bản Đảng "
                      f"(\"{_EXAMPLE[PARTY]}\") hay văn bản nhà nước (\"{_EXAMPLE[STATE]}\").", "symbol")


def same_symbol(a: str, b: str) -> bool:
    """True if two symbol texts denote the same số/ký hiệu after V19
    normalisation, ignoring the "Số"/"Số:" prefix and zero padding."""
    try:
        return parse_symbol(a).symbol() == parse_symbol(b).symbol()
    except DomainError:
        return normalize_text(a) == normalize_text(b)


# Over 40 lines on purpose: one check per part of the symbol, in the order of domain.md §2.
def check_symbol(symbol_text: str, system: str, kind: str, issuer_abbrev: str) -> list[Violation]:
    """Check a số/ký hiệu against the document it belongs to.

    V1: the text fits the grammar of ``system`` (PARTY: no colon after
    "Số", "n-KIND/ISSUER"; STATE: "Số:" and "n/KIND-ISSUER" or, for công
    văn, "n/ISSUER-UNIT"), number ≥ 1 written with two digits when < 10.
    V2: the kind code equals ``kind``.  V3: the issuer code equals
    ``issuer_abbrev``.  When the grammar is that of the other system only
    V1 is reported.  Returns [] when everything matches.
    """
    _check_system(system)
    field = "symbol"
    label = "Số, ký hiệu"
    try:
        p = parse_symbol(symbol_text)
    except DomainError as e:
        return [Violation("V1", field, e.message)]
    shown = normalize_text(symbol_text)
    if p.system != system:
        return [Violation("V1", field, f"{label} \"{shown}\" không đúng thể thức {_SYSTEM_VI[system]} "
                          f"(phải có dạng \"{_EXAMPLE[system]}\").")]
    out: list[Violation] = []
    if system == PARTY and p.has_colon:
        out.append(Violation("V1", field, f"{label} \"{shown}\": văn bản của Đảng ghi \"Số\" không có dấu hai chấm (\"{_EXAMPLE[PARTY]}\")."))
    if system == STATE and p.has_colon is False:
        out.append(Violation("V1", field, f"{label} \"{shown}\": văn bản nhà nước ghi \"Số:\" có dấu hai chấm (\"{_EXAMPLE[STATE]}\")."))
    if p.number < 1:
        out.append(Violation("V1", field, f"{label} \"{shown}\": số văn bản phải bắt đầu từ 01."))
    elif not p.padded:
        out.append(Violation("V1", field, f"{label} \"{shown}\": số nhỏ hơn 10 phải ghi thêm số 0 phía trước (ví dụ \"05\")."))
    k = normalize_text(kind)
    expected_kind: str | None = KINDS[k].symbol_code(system) if k in KINDS else k
    if p.kind != expected_kind:
        found = p.kind if p.kind is not None else "(không có — dạng công văn)"
        want = expected_kind if expected_kind is not None else "(không có — công văn ghi ký hiệu cơ quan và đơn vị soạn thảo)"
        out.append(Violation("V2", field, f"{label} \"{shown}\": mã tên loại là \"{found}\" nhưng văn bản là "
                             f"{KINDS[k].name_vi if k in KINDS else k} (mã \"{want}\")."))
    issuer = normalize_text(issuer_abbrev)
    if p.issuer != issuer:
        out.append(Violation("V3", field, f"{label} \"{shown}\": ký hiệu cơ quan ban hành là \"{p.issuer}\" "
                             f"nhưng chữ viết tắt đã đăng ký của cơ quan là \"{issuer}\"."))
    return out


# A cấp ủy term runs five years, from one congress to the next (Điều lệ Đảng) [I: domain.md §2 gives the term's
# bounds, not its length]. A term whose end is not recorded is taken to end with the last year its name gives
# ("Nhiệm kỳ 2020 - 2025" -> 31/12/2025), else five years after its start: past that, nothing is numbered in it
# until the administrator opens the new term (or records the real end, if the congress is late).
TERM_YEARS = 5
_TERM_NAME_RE = re.compile(r"(?P<a>(?:19|20)\d{2})\s*[-–—]\s*(?P<b>(?:19|20)\d{2})")


@dataclass(frozen=True)
class Term:
    """A committee term (nhiệm kỳ cấp ủy): ``start`` .. ``end`` inclusive;
    ``end`` None while the term is running, ``name`` as the organization calls it ("Nhiệm kỳ 2020 - 2025")."""

    id: str
    start: date
    end: date | None
    name: str | None = None

    def last_day(self) -> date:
        """The recorded end, else the end its name gives ("… 2020 - 2025" -> 31/12/2025), else start + 5 years - 1 day."""
        if self.end is not None:
            return self.end
        m = _TERM_NAME_RE.search(self.name or "")
        if m and int(m.group("b")) >= self.start.year:
            return date(int(m.group("b")), 12, 31)
        try:
            return self.start.replace(year=self.start.year + TERM_YEARS) - timedelta(days=1)
        except ValueError:  # 29 February
            return date(self.start.year + TERM_YEARS, 2, 28)

    def contains(self, d: date) -> bool:
        """True if ``d`` lies within the term (up to its recorded or nominal last day)."""
        return self.start <= d <= self.last_day()


class TermEnded(DomainError):
    """Party numbering asked for a date after the last term's end, before the next term is opened."""

    def __init__(self, term: Term, on: date) -> None:
        name = term.name or "Nhiệm kỳ cấp ủy"
        how = "" if term.end is not None else " (theo tên và thời hạn 5 năm của nhiệm kỳ)"
        super().__init__("V4", f"{name} đã kết thúc ngày {term.last_day():%d/%m/%Y}{how}; chưa mở nhiệm kỳ mới "
                         f"nên không thể cấp số văn bản ngày {on:%d/%m/%Y}. Quản trị viên cần mở nhiệm kỳ mới "
                         "(Quản trị → Nhiệm kỳ) rồi cấp số lại; số của nhiệm kỳ mới bắt đầu từ 01.", "term")
        self.term = term


def series_period(system: str, on: date, terms: Sequence[Term]) -> str:
    """Period id of the number series a document numbered on ``on`` uses.

    PARTY: numbers run per kind within a committee term, never reset on
    1 January -> "TERM:{id}" of the term containing ``on`` (the latest
    starting one if several do); ``TermEnded`` if the latest term that
    started by ``on`` has ended, DomainError("V4") if no term had started.
    STATE: numbers run per calendar year -> "YEAR:{yyyy}".
    """
    _check_system(system)
    if system == STATE:
        return f"YEAR:{on.year}"
    hits = [t for t in terms if t.contains(on)]
    if not hits:
        started = [t for t in terms if t.start <= on]
        if started:
            raise TermEnded(max(started, key=lambda t: t.start), on)
        raise DomainError("V4", f"Không có nhiệm kỳ cấp ủy nào chứa ngày {on:%d/%m/%Y}; không thể cấp số văn bản của Đảng.", "term")
    return f"TERM:{max(hits, key=lambda t: t.start).id}"


def next_working_day(d: date, holidays: Collection[date] = ()) -> date:
    """The first day after ``d`` that is not Saturday, Sunday or in ``holidays``."""
    n = d + timedelta(days=1)
    while n.weekday() >= 5 or n in holidays:
        n += timedelta(days=1)
    return n


def check_numbering(status_signed: bool, signed_on: date | None, numbered_on: date,
                    holidays: Collection[date] = ()) -> list[Violation]:
    """Rule V5: a number is given only after the competent signature.

    Error "V5" if the document is not signed (or has no signing date) or
    if ``numbered_on`` is before ``signed_on``; warning "V5W" if it is
    numbered later than the next working day after signing.
    """
    if not status_signed or signed_on is None:
        return [Violation("V5", "number", "Số văn bản: chỉ được cấp số sau khi văn bản đã được người có thẩm quyền ký; văn bản này chưa ký.")]
    if numbered_on < signed_on:
        return [Violation("V5", "number", f"Số văn bản: ngày cấp số {numbered_on:%d/%m/%Y} trước ngày ký {signed_on:%d/%m/%Y}.")]
    limit = next_working_day(signed_on, holidays)
    if numbered_on > limit:
        return [Violation("V5W", "number", f"Số văn bản: cấp số ngày {numbered_on:%d/%m/%Y}, muộn hơn ngày làm việc tiếp theo "
                          f"sau ngày ký ({limit:%d/%m/%Y}).")]
    return []


def check_number(number: int, register_number: int | None, taken_numbers: Collection[int] = ()) -> list[Violation]:
    """Rule V4: the number on the document equals the register entry and is
    unique in its series period.

    ``register_number`` is the number recorded in the register for this
    document (None if not registered yet); ``taken_numbers`` are numbers
    already used — or cancelled, which are never reused — by other
    documents of the same series (org, kind, term) or (org, year).
    """
    out: list[Violation] = []
    if register_number is not None and number != register_number:
        out.append(Violation("V4", "number", f"Số văn bản: văn bản ghi số {number:02d} nhưng sổ đăng ký ghi số {register_number:02d}."))
    if number in taken_numbers:
        out.append(Violation("V4", "number", f"Số văn bản: số {number:02d} đã được dùng (hoặc đã hủy) trong cùng sổ, cùng nhiệm kỳ/năm."))
    return out
