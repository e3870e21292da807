"""Nơi nhận (distribution list) and the Lưu (archive) line (domain.md §3).

Party lines end with ","; state lines end with ";".  The archive line is
the last line: Party "- Lưu VT, BTGDV (3).", state "- Lưu: VT, TCCB.".

Purpose annotations: "(để b/c)" REPORT, "(để p/hợp)" COORDINATE,
"(để biết)" INFO, "(để t/h)"/"(thực hiện)" ACTION.  A line without an
annotation gets an *implied* purpose: INFO when it addresses comrades
personally ("Đ/c …", "Các đ/c …", "đồng chí …"), otherwise ACTION.
Formatting omits the annotation exactly when the purpose equals the
implied one, so the seed's lines round-trip unchanged.
"""
from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from .errors import DomainError
from .kinds import PARTY, STATE, SYSTEMS
from .text import normalize_text, search_key

__all__ = ["PURPOSES", "PURPOSE_LABELS", "RecipientLine", "ArchiveLine", "implied_purpose",
           "parse_recipient_line", "format_recipient_line", "parse_archive_line",
           "format_archive_line", "noi_nhan_block", "nơi_nhận_block", "parse_recipients_block",
           "is_archive_line"]

PURPOSES = ("ACTION", "REPORT", "COORDINATE", "INFO")
PURPOSE_LABELS = {"ACTION": "để thực hiện", "REPORT": "để báo cáo", "COORDINATE": "để phối hợp", "INFO": "để biết"}
# Annotation printed for each purpose.
_ANNOTATION = {"ACTION": "(để t/h)", "REPORT": "(để b/c)", "COORDINATE": "(để p/hợp)", "INFO": "(để biết)"}
# Recognised annotations, by search key.
_ANNOTATIONS_IN = {
    "de b/c": "REPORT", "b/c": "REPORT", "de bao cao": "REPORT", "bao cao": "REPORT",
    "de p/hop": "COORDINATE", "de p/h": "COORDINATE", "p/hop": "COORDINATE", "de phoi hop": "COORDINATE",
    "phoi hop": "COORDINATE", "de ph": "COORDINATE",
    "de biet": "INFO", "biet": "INFO", "de b/biet": "INFO",
    "de t/h": "ACTION", "t/h": "ACTION", "de thuc hien": "ACTION", "thuc hien": "ACTION", "de th": "ACTION",
}
_TRAILING_ANNOTATION = re.compile(r"\s*\(([^()]*)\)\s*$")
_PERSONAL = re.compile(r"^(?:cac\s+)?(?:d/c|dong chi)\b")
_ARCHIVE = re.compile(r"^[-–+]?\s*Lưu(?:\s*:\s*|\s+|$)(?!trữ\b)(?P<rest>.*)$")
_COPIES = re.compile(r"^(?P<units>.*?)[\s,]*\(?\s*(?P<n>\d+)\s*(?:b|bản)?\s*\)?$", re.IGNORECASE)
_END = {PARTY: ",", STATE: ";"}


@dataclass(frozen=True)
class RecipientLine:
    """One recipient: ``text`` without the leading "- ", the trailing
    ","/";"/"." and the purpose annotation; ``purpose`` one of PURPOSES;
    ``org_code`` the registered organisation, if resolved."""

    text: str
    purpose: str
    org_code: str | None = None


@dataclass(frozen=True)
class ArchiveLine:
    """"Lưu VT, BTGDV (3)" -> units ("VT", "BTGDV"), copies 3 (None if absent)."""

    units: tuple[str, ...]
    copies: int | None


def implied_purpose(text: str) -> str:
    """Purpose of a line without annotation: INFO for lines addressing
    comrades personally ("Các đ/c Phó Bí thư …"), else ACTION."""
    return "INFO" if _PERSONAL.match(search_key(text)) else "ACTION"


def _strip_line(raw: str) -> str:
    s = normalize_text(raw)
    s = re.sub(r"^[-–—+•]\s*", "", s)
    return s.rstrip(" ,;.").strip()


def parse_recipient_line(raw: str) -> RecipientLine:
    """Parse "- Ban Tuyên giáo và Dân vận TW (để b/c)," into text
    "Ban Tuyên giáo và Dân vận TW", purpose REPORT.

    A trailing parenthesis that is not a known annotation stays in the
    text.  Without annotation the purpose is ``implied_purpose(text)``.
    Raises DomainError("V12") for an empty line.
    """
    s = _strip_line(raw)
    purpose: str | None = None
    m = _TRAILING_ANNOTATION.search(s)
    if m:
        key = search_key(m.group(1)).rstrip(" .")
        if key in _ANNOTATIONS_IN:
            purpose = _ANNOTATIONS_IN[key]
            s = s[:m.start()].rstrip(" ,;")
    if not s:
        raise DomainError("V12", "Nơi nhận: dòng nơi nhận không được để trống.", "recipients")
    return RecipientLine(s, purpose or implied_purpose(s))


def format_recipient_line(system: str, line: RecipientLine, last: bool = False) -> str:
    """"- {text} {annotation}" + "," (PARTY) or ";" (STATE).

    The annotation is omitted when the purpose equals the implied one.
    ``last=True`` means nothing follows (no Lưu line): the line ends
    with "." instead.  Raises DomainError("V12") for an unknown purpose.
    """
    if system not in SYSTEMS:
        raise DomainError("V12", f"Hệ thống văn bản \"{system}\" không hợp lệ.", "system")
    if line.purpose not in PURPOSES:
        raise DomainError("V12", f"Nơi nhận: mục đích gửi \"{line.purpose}\" không hợp lệ.", "recipients")
    text = normalize_text(line.text)
    note = "" if line.purpose == implied_purpose(text) else f" {_ANNOTATION[line.purpose]}"
    return f"- {text}{note}{'.' if last else _END[system]}"


def is_archive_line(raw: str) -> bool:
    """True if the line is a Lưu line ("- Lưu VT, …", "Lưu: VT, …")."""
    return bool(_ARCHIVE.match(normalize_text(raw)))


def parse_archive_line(raw: str) -> ArchiveLine:
    """Parse "- Lưu VT, BTGDV (3)." (Party) or "- Lưu: VT, TCCB." /
    "- Lưu: VT, TCCB, 02b." (state).  Copies may be absent (None).
    Raises DomainError("V12") if the line is not a Lưu line or lists no unit.
    """
    s = normalize_text(raw)
    m = _ARCHIVE.match(s)
    if not m:
        raise DomainError("V12", f"Nơi nhận: \"{s}\" không phải dòng \"Lưu\".", "archive")
    rest = m.group("rest").rstrip(" .;,")
    copies: int | None = None
    cm = _COPIES.match(rest)
    if cm and (re.search(r"\(\s*\d+\s*(?:b|bản)?\s*\)$", rest, re.IGNORECASE) or re.search(r",\s*\d+\s*(?:b|bản)$", rest, re.IGNORECASE)):
        copies = int(cm.group("n"))
        rest = cm.group("units")
    units = tuple(u for u in (normalize_text(x) for x in rest.split(",")) if u)
    if not units:
        raise DomainError("V12", "Nơi nhận: dòng \"Lưu\" phải ghi Văn thư (VT) và đơn vị soạn thảo.", "archive")
    return ArchiveLine(units, copies)


def format_archive_line(system: str, a: ArchiveLine) -> str:
    """PARTY "- Lưu VT, BTGDV (3)."; STATE "- Lưu: VT, TCCB." or, with
    copies, "- Lưu: VT, TCCB, 02b." (the state count form is our choice)."""
    units = ", ".join(normalize_text(u) for u in a.units)
    if system == PARTY:
        return f"- Lưu {units}" + (f" ({a.copies})" if a.copies is not None else "") + "."
    if system == STATE:
        return f"- Lưu: {units}" + (f", {a.copies:02d}b" if a.copies is not None else "") + "."
    raise DomainError("V12", f"Hệ thống văn bản \"{system}\" không hợp lệ.", "system")


def noi_nhan_block(system: str, recipients: Sequence[RecipientLine], archive: ArchiveLine | None) -> list[str]:
    """All lines of the Nơi nhận block: "Nơi nhận:", one line per
    recipient, then the Lưu line (the last recipient ends with "." only
    when there is no Lưu line)."""
    out = ["Nơi nhận:"]
    for i, r in enumerate(recipients):
        out.append(format_recipient_line(system, r, last=(archive is None and i == len(recipients) - 1)))
    if archive is not None:
        out.append(format_archive_line(system, archive))
    return out


nơi_nhận_block = noi_nhan_block


def parse_recipients_block(text: str) -> tuple[list[RecipientLine], ArchiveLine | None]:
    """Parse a Nơi nhận block (or a whole document containing one).

    Starts after the "Nơi nhận:" heading if present; reads "- …" lines
    (a line not starting with "-" continues the previous recipient) until
    the Lưu line, or a blank line after the list began.  Returns the
    recipients in order and the archive line (None if absent).
    """
    lines = text.splitlines()
    start = 0
    for i, ln in enumerate(lines):
        if search_key(ln).rstrip(":").strip() == "noi nhan":
            start = i + 1
            break
    raw: list[str] = []
    archive: ArchiveLine | None = None
    for ln in lines[start:]:
        s = normalize_text(ln)
        if not s:
            if raw:
                break
            continue
        if is_archive_line(s):
            archive = parse_archive_line(s)
            break
        if s[0] in "-–+•" or not raw:
            raw.append(s)
        else:
            raw[-1] = f"{raw[-1]} {s}"
    return [parse_recipient_line(r) for r in raw], archive


# --------------------------------------------------------------------------- Kính gửi (NĐ 30 Phụ lục I, ô 9a)

NHU_TREN = "Như trên"


def addressed_to(system: str, kind: str, recipients: Sequence[RecipientLine]) -> list[RecipientLine]:
    """The recipients a "Kính gửi:" block names: those who act (ACTION) on a công văn; on a state tờ trình or
    báo cáo, those it reports to (REPORT), the superior body. Other kinds carry no "Kính gửi:"."""
    code = normalize_text(kind)
    if code == "CV":
        wanted = ("ACTION",)
    elif system == STATE and code in ("TTr", "BC"):
        wanted = ("REPORT",)
    else:
        return []
    return [r for r in recipients if r.purpose in wanted]


def kinh_gui_lines(addressees: Sequence[RecipientLine]) -> list[str]:
    """The lines after "Kính gửi:": one name ending "." alone; several as "- A;" … "- B."."""
    names = [normalize_text(r.text) for r in addressees]
    if len(names) == 1:
        return [f"{names[0]}."]
    return [f"- {n}{'.' if i == len(names) - 1 else ';'}" for i, n in enumerate(names)]


def noi_nhan_with_kinh_gui(system: str, recipients: Sequence[RecipientLine], archive: ArchiveLine | None,
                           addressees: Sequence[RecipientLine]) -> list[str]:
    """The Nơi nhận block of a text with a "Kính gửi:" block: "- Như trên;" stands for the addressees, then
    the other recipients and the Lưu line."""
    rest = [r for r in recipients if r not in addressees]
    lines = noi_nhan_block(system, [RecipientLine(NHU_TREN, "ACTION"), *rest], archive)
    return lines
