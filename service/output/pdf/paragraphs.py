"""Split plain text into styled paragraphs (đề mục: "I." → "1." → "-" → "a)")."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

_ROMAN = re.compile(r"^[IVXLC]+\s*[.\-]\s*\S")
_NUMBERED = re.compile(r"^\d+(\.\d+)*\s*\.\s*\S")
_LETTERED = re.compile(r"^[a-zđ]\)\s*\S")
_DASH = re.compile(r"^[-–+•]\s+\S")
_CAPTION = re.compile(r"^[^\W\d_][^\W_ ]*( [^\W\d_][^\W_]*)*:$")
_ARTICLE = re.compile(r"^(Điều\s+\d+[a-z]?\.)\s*(.*)$")


@dataclass(frozen=True)
class Paragraph:
    """One paragraph and its style: ``caption``, ``article``, ``roman``, ``numbered`` (a heading), ``item`` (a
    numbered sentence of the text), ``lettered``, ``dash`` or ``plain``. ``lead`` is the part printed bold at its start ("Điều 1." of an article, NĐ 30 Phụ lục I)."""

    text: str
    style: str

    @property
    def lead(self) -> str:
        match = _ARTICLE.match(self.text) if self.style == "article" else None
        return match.group(1) if match else ""

    @property
    def rest(self) -> str:
        return self.text[len(self.lead):] if self.lead else self.text


def classify(line: str) -> str:
    """Return the style of one paragraph from its leading outline marker.

    A short line in capitals ending with ":" ("QUYẾT ĐỊNH:", "QUYẾT NGHỊ:") is a ``caption``.
    """
    if len(line) <= 40 and line == line.upper() and _CAPTION.match(line):
        return "caption"
    if _ARTICLE.match(line):
        return "article"
    if _ROMAN.match(line):
        return "roman"
    if _NUMBERED.match(line):
        # "1. Mục đích" is a heading (bold); "5. Phát huy vai trò …, tạo đồng thuận xã hội về Đại hội XIV." is an
        # item of the text: a whole sentence, printed like the body (seed 003).
        return "item" if _is_sentence(line) else "numbered"
    if _LETTERED.match(line):
        return "lettered"
    if _DASH.match(line):
        return "dash"
    return "plain"


def _is_sentence(line: str) -> bool:
    """A numbered line that reads as a sentence of the text rather than a heading: long, or ending a sentence."""
    return len(line) > 120 or line.rstrip().endswith((".", ";", "./."))


def split_paragraphs(text: str) -> list[Paragraph]:
    """Every non-blank line is one paragraph (NFC, inner whitespace collapsed)."""
    result: list[Paragraph] = []
    for raw in unicodedata.normalize("NFC", text or "").splitlines():
        line = " ".join(raw.split())
        if line:
            result.append(Paragraph(line, classify(line)))
    return result
