"""Signature block (quyền hạn, chức vụ, họ tên) and signing authority —
rules V8, V9, V10 (domain.md §3 "Signature").

Signing authority is data attached to a person (``Authority``); the
checks here compare a signature block with that data.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from .errors import DomainError, Violation
from .kinds import PARTY, STATE, SYSTEMS
from .text import fold_tone_placement, normalize_text, search_key

__all__ = ["PARTY_PREFIXES", "STATE_PREFIXES", "DELEGATED_PREFIXES", "SignatureBlock",
           "parse_signature_block", "Delegation", "Authority", "check_prefix",
           "check_signing_authority", "matching_authority", "PARTY_COLLECTIVES", "position_lines"]

PARTY_PREFIXES = ("T/M", "K/T", "T/L")
STATE_PREFIXES = ("TM.", "KT.", "TL.", "TUQ.", "Q.")
# Prefixes that sign on someone else's behalf and need a written delegation.
DELEGATED_PREFIXES = ("T/L", "TL.", "TUQ.")
_DEPUTY_PREFIXES = ("K/T", "KT.")

# Party collective bodies (HD 36 §1.7.1): signed "T/M <collective>".
PARTY_COLLECTIVES = ("ĐẠI HỘI", "BAN CHẤP HÀNH", "BAN THƯỜNG VỤ", "THƯỜNG TRỰC", "ĐẢNG ỦY", "CHI ỦY",
                     "CHI BỘ", "ỦY BAN KIỂM TRA", "ĐẢNG ĐOÀN", "BAN CÁN SỰ ĐẢNG", "BAN CÁN SỰ",
                     "HỘI ĐỒNG", "BỘ CHÍNH TRỊ", "BAN BÍ THƯ", "TỈNH ỦY", "THÀNH ỦY", "HUYỆN ỦY")
# Heads of Party collectives: a deputy of these never signs "K/T" (the
# collective signs "T/M"), e.g. "K/T BÍ THƯ" is refused.
_PARTY_COLLECTIVE_HEADS = ("BÍ THƯ", "CHỦ NHIỆM ỦY BAN KIỂM TRA")

_ALL_PREFIXES = PARTY_PREFIXES + STATE_PREFIXES
_SYSTEM_VI = {PARTY: "văn bản của Đảng", STATE: "văn bản nhà nước"}


def _title(s: str | None) -> str | None:
    return None if s is None else normalize_text(s)


def _same(a: str | None, b: str | None) -> bool:
    if a is None or b is None:
        return a is None and b is None
    return fold_tone_placement(normalize_text(a)).upper() == fold_tone_placement(normalize_text(b)).upper()


@dataclass(frozen=True)
class SignatureBlock:
    """The signature block as printed.

    ``prefix`` None: the head signs in their own name.  ``collective_title``
    is the collective after "T/M"/"TM." ("BAN THƯỜNG VỤ") or the head's
    title after "K/T"/"KT."/"TL."/"TUQ." ("BỘ TRƯỞNG"); for "Q." (acting)
    it is None and the acting position is ``position_title``.
    """

    prefix: str | None
    collective_title: str | None
    position_title: str
    full_name: str

    def lines(self) -> list[str]:
        """Printed lines, e.g. ["T/M BAN THƯỜNG VỤ", "PHÓ BÍ THƯ", "Nguyễn Đức Phong"];
        ["Q. BỘ TRƯỞNG", name] when there is a prefix but no collective;
        [position, name] when there is no prefix. A position holding a second prefix prints on its own lines:
        ["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", name] (NĐ 30 Phụ lục I)."""
        if self.prefix and self.collective_title:
            return [f"{self.prefix} {self.collective_title}", *position_lines(self.position_title), self.full_name]
        if self.prefix:
            return position_lines(f"{self.prefix} {self.position_title}") + [self.full_name]
        return [*position_lines(self.position_title), self.full_name]


# Titles of a head that a deputy or a delegate signs for ("KT. BỘ TRƯỞNG", "TL. CHỦ TỊCH"); longest first.
_HEAD_TITLES = tuple(sorted((
    "BỘ TRƯỞNG", "CHỦ TỊCH", "GIÁM ĐỐC", "TỔNG GIÁM ĐỐC", "CỤC TRƯỞNG", "TỔNG CỤC TRƯỞNG", "VỤ TRƯỞNG",
    "VIỆN TRƯỞNG", "CHÁNH ÁN", "CHÁNH VĂN PHÒNG", "CHÁNH THANH TRA", "THỦ TƯỚNG", "HIỆU TRƯỞNG", "TRƯỞNG BAN",
    "TRƯỞNG PHÒNG", "CHỦ NHIỆM", "TỔNG KIỂM TOÁN NHÀ NƯỚC", "THỐNG ĐỐC", "BÍ THƯ",
), key=len, reverse=True))


def position_lines(title: str) -> list[str]:
    """A position title as printed lines. Explicit breaks (a new line or " / ") are kept; a line "KT. BỘ TRƯỞNG
    THỨ TRƯỞNG" (a prefix, the head's title, then the signer's own) splits after the head's title."""
    out: list[str] = []
    for part in (title or "").replace(" / ", "\n").splitlines():
        line = normalize_text(part)
        if not line:
            continue
        for p in sorted(_ALL_PREFIXES, key=len, reverse=True):
            if not line.startswith(p + " "):
                continue
            rest = line[len(p) + 1:]
            head = next((h for h in _HEAD_TITLES if _same(rest[:len(h)], h) and rest[len(h):].startswith(" ")),
                        None)
            if head:
                out.extend([f"{p} {rest[:len(head)]}", rest[len(head):].strip()])
                break
        else:
            out.append(line)
    return out


def parse_signature_block(lines: Sequence[str]) -> SignatureBlock:
    """Parse signature lines (blank lines ignored, each line normalised).

    The last line is the full name; a first line starting with a known
    prefix (Party or state vocabulary) gives prefix + collective title;
    the remaining lines form the position title.  Raises
    DomainError("V12") if there is no name or no title line.
    ``parse_signature_block(b.lines()) == b`` for normalised blocks.
    """
    ls = [normalize_text(x) for x in lines if normalize_text(x)]
    if len(ls) < 2:
        raise DomainError("V12", "Chữ ký: khối chữ ký phải có ít nhất chức vụ và họ tên người ký.", "signature")
    name, titles = ls[-1], ls[:-1]
    first = titles[0]
    for p in sorted(_ALL_PREFIXES, key=len, reverse=True):
        if first == p or first.startswith(p + " "):
            rest = first[len(p):].strip()
            if len(titles) == 1:
                if not rest:
                    break
                return SignatureBlock(p, None, rest, name)
            return SignatureBlock(p, rest or None, " ".join(titles[1:]), name)
    return SignatureBlock(None, None, " ".join(titles), name)


@dataclass(frozen=True)
class Delegation:
    """A written delegation (giao/ủy quyền) from ``delegator_title``, valid
    ``valid_from`` .. ``valid_to`` inclusive (None = open-ended).
    ``redelegated``: this delegation was itself passed on by a delegate."""

    delegator_title: str
    valid_from: date
    valid_to: date | None
    redelegated: bool = False

    def valid_on(self, d: date) -> bool:
        """True if the delegation covers day ``d``."""
        return self.valid_from <= d and (self.valid_to is None or d <= self.valid_to)


@dataclass(frozen=True)
class Authority:
    """One signing power of a person: for org ``org_id`` the person may sign
    ``prefix`` + ``collective_title`` as ``position_title`` for ``kinds``
    (None = every kind) from ``valid_from`` to ``valid_to`` inclusive.
    ``delegation`` is required for T/L, TL. and TUQ."""

    org_id: int
    system: str
    prefix: str | None
    collective_title: str | None
    position_title: str
    kinds: frozenset[str] | None
    valid_from: date
    valid_to: date | None
    delegation: Delegation | None = None

    def valid_on(self, d: date) -> bool:
        """True if the authority itself is in force on ``d``."""
        return self.valid_from <= d and (self.valid_to is None or d <= self.valid_to)

    def covers_kind(self, kind: str) -> bool:
        """True if the authority includes documents of ``kind``."""
        return self.kinds is None or normalize_text(kind) in {normalize_text(k) for k in self.kinds}

    def block(self, full_name: str) -> SignatureBlock:
        """The signature block this authority produces for ``full_name``."""
        return SignatureBlock(self.prefix, self.collective_title, self.position_title, normalize_text(full_name))


def check_prefix(system: str, prefix: str | None) -> list[Violation]:
    """Rule V9: the prefix belongs to the vocabulary of ``system``.

    PARTY: T/M, K/T, T/L; STATE: TM., KT., TL., TUQ., Q.; None is always
    allowed (the head signs in their own name).
    """
    if system not in SYSTEMS:
        return [Violation("V9", "signature.prefix", f"Hệ thống văn bản \"{system}\" không hợp lệ.")]
    if prefix is None:
        return []
    allowed = PARTY_PREFIXES if system == PARTY else STATE_PREFIXES
    p = normalize_text(prefix)
    if p in allowed:
        return []
    return [Violation("V9", "signature.prefix", f"Quyền hạn ký: \"{p}\" không dùng trong {_SYSTEM_VI[system]}; "
                      f"chỉ dùng {', '.join(allowed)}.")]


def _structural(system: str, block: SignatureBlock) -> list[Violation]:
    """Shape rules independent of the person: collectives never take K/T;
    T/M / TM. must name a collective."""
    out: list[Violation] = []
    prefix = normalize_text(block.prefix) if block.prefix else None
    coll = block.collective_title
    if system == PARTY and prefix == "K/T" and coll is not None:
        key = search_key(coll)
        if any(key == search_key(h) for h in _PARTY_COLLECTIVE_HEADS) or any(key == search_key(c) for c in PARTY_COLLECTIVES):
            out.append(Violation("V8", "signature.prefix", f"Quyền hạn ký: không ký \"K/T {coll}\"; tập thể lãnh đạo không ký thay "
                                 "(K/T) — cấp phó ký \"T/M\" tập thể, ví dụ \"T/M BAN THƯỜNG VỤ / PHÓ BÍ THƯ\"."))
    if system == PARTY and prefix == "T/M" and coll is not None and _is_party_collective(coll) \
            and not _is_collective_leader(block.position_title):
        who = "" if block.full_name == "—" else f" ({block.full_name})"
        out.append(Violation("V8", "signature.position_title", f"Quyền hạn ký{who}: \"T/M {coll}\" do người đứng đầu hoặc cấp "
                             f"phó của tập thể ký (Bí thư, Phó Bí thư, Chủ nhiệm, Chủ tịch…); \"{block.position_title}\" "
                             "không phải là tập thể lãnh đạo: người đứng đầu một ban ký bằng chức vụ của mình, "
                             "không ký \"T/M\" tập thể."))
    if prefix in ("T/M", "TM.") and not coll:
        out.append(Violation("V8", "signature.collective_title", f"Quyền hạn ký: sau \"{prefix}\" phải ghi tên tập thể lãnh đạo."))
    if prefix in _DEPUTY_PREFIXES + DELEGATED_PREFIXES and not coll:
        out.append(Violation("V8", "signature.collective_title", f"Quyền hạn ký: sau \"{prefix}\" phải ghi chức vụ người đứng đầu."))
    return out


# Who signs "T/M" for a Party collective: its head or a deputy (HD 36 §1.7.1; seed 000 "T/M BAN THƯỜNG VỤ /
# PHÓ BÍ THƯ") [F][P]. The head of a ban (TRƯỞNG BAN TỔ CHỨC), of an office or a unit is not the collective.
_COLLECTIVE_LEADERS = ("TỔNG BÍ THƯ", "BÍ THƯ", "PHÓ BÍ THƯ", "CHỦ NHIỆM", "PHÓ CHỦ NHIỆM", "CHỦ TỊCH",
                       "PHÓ CHỦ TỊCH")


def _is_party_collective(title: str) -> bool:
    key = search_key(title)
    return any(key == search_key(c) or key.startswith(search_key(c) + " ") for c in PARTY_COLLECTIVES)


def _is_collective_leader(position: str) -> bool:
    key = search_key(position)
    return any(key == search_key(p) or key.startswith(search_key(p) + " ") for p in _COLLECTIVE_LEADERS)


def _candidates(authorities: Sequence[Authority], org_id: int, system: str, kind: str,
                block: SignatureBlock) -> list[Authority]:
    return [a for a in authorities
            if a.org_id == org_id and a.system == system
            and _same(a.prefix, block.prefix)
            and _same(a.collective_title, block.collective_title)
            and _same(a.position_title, block.position_title)
            and a.covers_kind(kind)]


def _delegation_problem(a: Authority, on: date) -> str | None:
    prefix = normalize_text(a.prefix) if a.prefix else None
    if prefix not in DELEGATED_PREFIXES:
        return None
    d = a.delegation
    if d is None:
        return f"Quyền hạn ký: ký \"{prefix}\" phải có văn bản giao quyền/ủy quyền; không tìm thấy văn bản ủy quyền."
    if not d.valid_on(on):
        until = f" đến {d.valid_to:%d/%m/%Y}" if d.valid_to else ""
        return (f"Quyền hạn ký: văn bản ủy quyền của {d.delegator_title} có hiệu lực từ {d.valid_from:%d/%m/%Y}{until}, "
                f"không bao gồm ngày ký {on:%d/%m/%Y}.")
    if prefix == "TUQ." and d.redelegated:
        return "Quyền hạn ký: người được ủy quyền (TUQ.) không được ủy quyền lại cho người khác."
    return None


def check_signing_authority(authorities: Sequence[Authority], org_id: int, system: str, kind: str,
                            on: date, block: SignatureBlock) -> list[Violation]:
    """Rules V8, V9, V10 for the person whose ``authorities`` are given.

    V9: the prefix vocabulary fits ``system`` (if not, only V9 is returned).
    V8: the block is well-formed (a Party collective never takes K/T, so
    "K/T BÍ THƯ" is refused even if recorded as data; T/M needs a
    collective) and some authority matches org, system, prefix, collective,
    position and kind and is in force on ``on``.
    V10: for T/L, TL., TUQ. the matching authority carries a delegation
    valid on ``on``; a TUQ. delegation may not have been re-delegated.
    Returns [] when the person may sign this block.
    """
    v9 = check_prefix(system, block.prefix)
    if v9:
        return v9
    out = _structural(system, block)
    if out:
        return out
    cands = _candidates(authorities, org_id, system, kind, block)
    shown = " / ".join(block.lines()[:-1])
    if not cands:
        return [Violation("V8", "signature", f"Thẩm quyền ký: {block.full_name} không được giao quyền ký \"{shown}\" "
                          f"cho loại văn bản \"{normalize_text(kind)}\" của cơ quan này.")]
    current = [a for a in cands if a.valid_on(on)]
    if not current:
        return [Violation("V8", "signature", f"Thẩm quyền ký: quyền ký \"{shown}\" của {block.full_name} "
                          f"không còn hiệu lực (hoặc chưa có hiệu lực) vào ngày {on:%d/%m/%Y}.")]
    problems = [_delegation_problem(a, on) for a in current]
    if all(p is not None for p in problems):
        return [Violation("V10", "signature.delegation", problems[0] or "")]
    return []


def matching_authority(authorities: Sequence[Authority], org_id: int, system: str, kind: str,
                       on: date, block: SignatureBlock | None = None) -> Authority | None:
    """The first authority with which the person may sign a ``kind``
    document of ``org_id`` on ``on`` (all of V8–V10 satisfied), optionally
    restricted to ones producing ``block``; None if there is none.
    Use ``Authority.block(full_name)`` to build the signature block."""
    for a in authorities:
        candidate = block if block is not None else a.block("_")
        if block is None and not (a.org_id == org_id and a.system == system):
            continue
        if not check_signing_authority([a], org_id, system, kind, on, candidate):
            return a
    return None


def check_authority(system: str, prefix: str | None, collective_title: str | None,
                    position_title: str) -> list[Violation]:
    """V8/V9 for an authority as an administrator records it: the prefix belongs to the issuer's system, a
    collective never takes K/T, T/M and TM. name a collective."""
    return check_prefix(system, prefix) or _structural(
        system, SignatureBlock(prefix, collective_title, position_title, "—"))
