"""Incoming documents (văn bản đến, NĐ 30 Arts. 20-24; domain.md §4.2): urgency order, the "ĐẾN" stamp,
arrival chronology (V6), contiguous incoming numbers (V16), accepted uploads."""
from __future__ import annotations

import re
import unicodedata
from datetime import date

from .errors import Violation

__all__ = [
    "URGENCY_RANK", "URGENCY_LABELS", "is_urgent", "queue_key", "stamp_label", "stamp_text", "check_arrival",
    "check_contiguity", "pdf_problem", "MAX_PDF_BYTES", "identity_key", "duplicate_reason", "days_overdue",
]

URGENCY_RANK = {"HOA_TOC": 0, "THUONG_KHAN": 1, "KHAN": 2}
URGENCY_LABELS = {"HOA_TOC": "Hỏa tốc", "THUONG_KHAN": "Thượng khẩn", "KHAN": "Khẩn"}
MAX_PDF_BYTES = 20 * 1024 * 1024
_PDF_HEADER = re.compile(rb"%PDF-(\d)\.(\d)")


def is_urgent(urgency: str | None) -> bool:
    """Hỏa tốc, Thượng khẩn and Khẩn are handled immediately (Arts. 23-24)."""
    return urgency in URGENCY_RANK


def queue_key(urgency: str | None, received_order: int) -> tuple[int, int]:
    """Sort key of the incoming queue: urgent first (Hỏa tốc, Thượng khẩn, Khẩn), then first come."""
    return (URGENCY_RANK.get(urgency or "", len(URGENCY_RANK)), received_order)


def days_overdue(deadline: date | None, today: date, done: bool) -> int | None:
    """Days an incoming document not yet handled is past its deadline (hạn giải quyết), else None."""
    if done or deadline is None or today <= deadline:
        return None
    return (today - deadline).days


def stamp_label(system: str) -> str:
    """The stamp's middle line: "CÔNG VĂN ĐẾN" on Party stamps (seed 000), "ĐẾN" on state ones (PL IV)."""
    return "CÔNG VĂN ĐẾN" if system == "PARTY" else "ĐẾN"


def stamp_text(org_name: str, label: str, number: int, arrival: date, chuyen: str | None = None,
               file_notation: str | None = None) -> str:
    """The "ĐẾN" stamp as text, line by line: organization, label, Số, Ngày, Chuyển, Số và ký hiệu HS."""
    lines = [org_name.upper(), label, f"Số {number}", f"Ngày {arrival.day:02d} tháng {arrival.month} năm {arrival.year}"]
    if chuyen:
        lines.append(f"Chuyển: {chuyen}")
    if file_notation:
        lines.append(f"Số và ký hiệu HS: {file_notation}")
    return "\n".join(lines)


def check_arrival(issue_date: date | None, arrival: date, today: date) -> list[Violation]:
    """V6: a document arrives on or after its issue date, and not in the future."""
    out: list[Violation] = []
    if issue_date is not None and arrival < issue_date:
        out.append(Violation("V6", "arrival_date",
                             f"Ngày đến {arrival.strftime('%d/%m/%Y')} trước ngày văn bản "
                             f"{issue_date.strftime('%d/%m/%Y')}."))
    if arrival > today:
        out.append(Violation("V6", "arrival_date", "Ngày đến không được sau ngày hôm nay."))
    return out


def check_contiguity(numbers: list[int], first: int | None = None) -> list[Violation]:
    """V16: incoming numbers of one year run without gaps or repeats (from ``first`` when known)."""
    out: list[Violation] = []
    seen: set[int] = set()
    for n in numbers:
        if n in seen:
            out.append(Violation("V16", "number", f"Số đến {n} được dùng hai lần."))
        seen.add(n)
    if not seen:
        return out
    start = first if first is not None else min(seen)
    missing = [n for n in range(start, max(seen) + 1) if n not in seen]
    if missing:
        shown = ", ".join(str(n) for n in missing[:10]) + (" …" if len(missing) > 10 else "")
        out.append(Violation("V16", "number", f"Thiếu số đến: {shown}."))
    return out


def pdf_problem(data: bytes, max_bytes: int = MAX_PDF_BYTES) -> str | None:
    """None if ``data`` looks like a PDF 1.4 or later within the size limit, else the reason (Vietnamese)."""
    if not data:
        return "Tệp đính kèm rỗng."
    if len(data) > max_bytes:
        shown = f"{max_bytes // (1024 * 1024)} MB" if max_bytes >= 1024 * 1024 else f"{max_bytes // 1024} KB"
        return f"Tệp đính kèm quá lớn (tối đa {shown})."
    m = _PDF_HEADER.match(data[:16])
    if m is None:
        return "Tệp đính kèm không phải PDF."
    if (int(m.group(1)), int(m.group(2))) < (1, 4):
        return "Bản quét phải là PDF phiên bản 1.4 trở lên."
    if b"%%EOF" not in data[-1024:]:
        return "Tệp PDF không đầy đủ (thiếu %%EOF)."
    return None


def _norm(s: str | None) -> str:
    """NFC, casefolded, every space removed: "125/BNNMT-VP" == "125 / bnnmt-vp"."""
    return "".join(unicodedata.normalize("NFC", (s or "")).casefold().split())


def identity_key(author: str | None, symbol: str | None, issue_date: date | None) -> tuple[str, str, str] | None:
    """What identifies a document (V16 repeats): author + symbol + issue date, normalized; None when the
    symbol or the date is missing (a document without them cannot be matched this way)."""
    if not symbol or not symbol.strip() or issue_date is None or not _norm(author):
        return None
    return (_norm(author), _norm(symbol), issue_date.isoformat())


def duplicate_reason(a_key: tuple | None, a_sha256: str | None, b_key: tuple | None, b_sha256: str | None) -> str | None:
    """Why two incoming documents may be the same one (V16: one document registered twice): "pdf" for the
    same scan, "symbol" for the same author, symbol and date; None when nothing matches."""
    if a_sha256 and b_sha256 and a_sha256 == b_sha256:
        return "pdf"
    if a_key is not None and a_key == b_key:
        return "symbol"
    return None
