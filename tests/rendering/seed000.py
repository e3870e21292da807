"""Read seed 000 (Kế hoạch số 23-KH/ĐU of Đảng ủy Chính phủ) into a RenderInput.

The seed is OCR text of the received paper copy: it carries the recipient's incoming stamp
("CÔNG VĂN ĐẾN") between the header and the title, an OCR artefact " *b*" after the last body
sentence, and two paragraphs cut in half by page breaks (the second half starts in lower case).

The golden tests compare every paragraph of the real seed: without it they are skipped (tests/seeds.py).
"""

from __future__ import annotations

import re
import unicodedata

from service.output.pdf import PARTY, RenderInput

from ..seed_facts import Seed000
from ..seeds import SEED_000, read_seed

SEED_NAME = SEED_000
INCOMING_STAMP = Seed000.STAMP_LINES  # "CÔNG VĂN ĐỀN", sic: OCR of "ĐẾN"
OCR_NOISE = re.compile(r"\s*\*b\*\s*$")


def seed_lines() -> list[str]:
    """Non-blank lines of the seed, NFC, whitespace collapsed, OCR noise removed (skips if the seed is absent)."""
    text = unicodedata.normalize("NFC", read_seed(SEED_NAME))
    lines = []
    for raw in text.splitlines():
        line = OCR_NOISE.sub("", " ".join(raw.split()))
        if line:
            lines.append(line)
    return lines


def merge_page_breaks(lines: list[str]) -> list[str]:
    """Join a line that starts in lower case to the paragraph before it (OCR page breaks)."""
    merged: list[str] = []
    for line in lines:
        if merged and line[0].islower():
            merged[-1] = f"{merged[-1]} {line}"
        else:
            merged.append(line)
    return merged


def document_paragraphs() -> list[str]:
    """The seed's own paragraphs in order, without the incoming stamp (not part of the document)."""
    lines = seed_lines()
    start = lines.index(INCOMING_STAMP[0])
    assert tuple(lines[start : start + len(INCOMING_STAMP)]) == INCOMING_STAMP
    del lines[start : start + len(INCOMING_STAMP)]
    return merge_page_breaks(lines)


def seed_render_input() -> RenderInput:
    """Build the RenderInput of seed 000 from the seed text."""
    paras = document_paragraphs()
    national = paras.index("ĐẢNG CỘNG SẢN VIỆT NAM")
    issuer = paras[0]
    assert paras[1] == "*"
    number_line = paras[2]
    assert number_line.startswith("Số ")
    place_date = paras[national + 1]
    kind = paras[national + 2]
    subject = paras[national + 3]
    first_heading = next(i for i, p in enumerate(paras) if re.match(r"^I\.\s", p))
    preamble = paras[national + 4 : first_heading]
    recipients_at = paras.index("Nơi nhận:")
    body = paras[first_heading:recipients_at]
    tail = paras[recipients_at + 1 :]
    recipients = tuple(p for p in tail if p.startswith("- "))
    signature = tuple(p for p in tail if not p.startswith("- "))
    return RenderInput(
        system=PARTY,
        superior_name=None,
        issuer_name=issuer,
        number_line=number_line,
        place_date_line=place_date,
        kind_title=kind,
        subject=subject,
        preamble="\n\n".join(preamble),
        body="\n\n".join(body),
        signature_lines=signature,
        recipient_lines=recipients,
    )
