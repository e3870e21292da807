"""Correcting, recalling and voiding (NĐ 30 Art. 18.3–4; domain.md §2 edge cases 4–5, §6 "Recall").

- A form error of an issued document is corrected by a numbered công văn đính chính of the issuer; a content
  error by a new document replacing it (Art. 18.3). The correction is an ordinary outgoing document that names
  the one it corrects.
- Thu hồi freezes the issued document; each recipient's incoming copy is withdrawn, with the reason logged.
- A number given by mistake is voided: it stays in the register, marked, and is never reused (edge case 4); the
  document is numbered again with the next number of its series.
"""
from __future__ import annotations

from datetime import date

CORRECTION_KIND = "CV"  # công văn đính chính (Art. 18.3: "đính chính bằng công văn")
REASON_MAX = 2000

RECALLED_MARK = "ĐÃ THU HỒI"
VOIDED_MARK = "Số bị hủy"


def correction_subject(kind_name: str, symbol: str) -> str:
    """Trích yếu of the công văn: 'V/v đính chính Kế hoạch số 23-KH/ĐU'."""
    return f"V/v đính chính {kind_name} số {symbol}"


def correction_body(issuer: str, kind_name: str, symbol: str, issued: date | None, subject: str) -> str:
    """The opening the drafter completes: which document, what was printed, what it should read."""
    day = f", ngày {issued.day:02d}/{issued.month:02d}/{issued.year}" if issued else ""
    return (f"{issuer} đính chính {kind_name} số {symbol}{day} của {issuer} về {subject} như sau:\n"
            "- Tại …, đã in: \"…\"; nay sửa lại là: \"…\".\n"
            f"{issuer} thông báo để các cơ quan, đơn vị biết và thực hiện.")


def check_reason(reason: str | None, what: str) -> str | None:
    """The problem with a reason for `what` ('thu hồi', 'hủy số'), or None: required, at most REASON_MAX."""
    text = " ".join((reason or "").split())
    if not text:
        return f"Lý do {what}: bắt buộc, hãy ghi rõ lý do."
    if len(text) > REASON_MAX:
        return f"Lý do {what}: dài {len(text)} ký tự, tối đa {REASON_MAX} ký tự."
    return None


def correction_problem(dispatched: bool, recalled: bool) -> str | None:
    """Why no correction may be started from the document, or None."""
    if recalled:
        return "Văn bản đã bị thu hồi; không đính chính văn bản đã thu hồi."
    if not dispatched:
        return "Chỉ đính chính được văn bản đã phát hành; dự thảo thì chỉnh sửa trực tiếp."
    return None


def recall_problem(dispatched: bool, recalled: bool) -> str | None:
    """Why the document cannot be recalled now, or None."""
    if recalled:
        return "Văn bản đã bị thu hồi trước đó; không thu hồi lại."
    if not dispatched:
        return "Văn bản chưa phát hành nên không thu hồi được; chỉ thu hồi văn bản đã phát hành."
    return None


def void_problem(numbered: bool, dispatched: bool, recalled: bool) -> str | None:
    """Why the document's number cannot be voided now, or None: only between numbering and dispatch."""
    if recalled or dispatched:
        return ("Văn bản đã phát hành nên không hủy số được; sai sót của văn bản đã phát hành được sửa bằng văn "
                "bản đính chính hoặc thu hồi.")
    if not numbered:
        return "Văn bản chưa được cấp số nên không có số để hủy."
    return None


def register_note(note: str | None, voided: str | None, recalled: str | None) -> str | None:
    """The register's Ghi chú: what was noted at numbering, then 'Số bị hủy: …' or 'ĐÃ THU HỒI: …'."""
    parts = [note] if note else []
    if voided is not None:
        parts.append(f"{VOIDED_MARK}: {voided}")
    if recalled is not None:
        parts.append(f"{RECALLED_MARK}: {recalled}")
    return "; ".join(parts) or None
