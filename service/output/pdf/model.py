"""Input of the renderer: every line of a document's presentation (thể thức), already worded."""

from __future__ import annotations

from dataclasses import dataclass

PARTY = "PARTY"
STATE = "STATE"


@dataclass(frozen=True)
class RenderInput:
    """What the page shows. The caller decides the wording; the renderer only lays it out.

    ``system`` is ``"PARTY"`` (văn bản Đảng, HD 36-HD/VPTW) or ``"STATE"`` (văn bản hành chính,
    NĐ 30/2020 Phụ lục I). ``preamble`` and ``body`` are plain text; every non-empty line is a
    paragraph. ``signature_lines`` ends with the signer's name; ``recipient_lines`` are the
    already formatted Nơi nhận lines; ``addressees`` the lines of the "Kính gửi:" block (công văn, an upward
    tờ trình or báo cáo). ``meta_title``, ``meta_author`` and ``meta_keywords`` become the PDF's metadata
    (title, author, keywords; the subject is the trích yếu).
    """

    system: str
    superior_name: str | None
    issuer_name: str
    number_line: str
    place_date_line: str
    kind_title: str
    subject: str
    preamble: str
    body: str
    signature_lines: tuple[str, ...]
    recipient_lines: tuple[str, ...]
    urgency_label: str | None = None
    secrecy_label: str | None = None
    draft_mark: bool = False
    addressees: tuple[str, ...] = ()
    meta_title: str = ""
    meta_author: str = ""
    meta_keywords: tuple[str, ...] = ()
