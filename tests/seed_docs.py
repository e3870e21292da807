"""The real seed documents turned into API payloads, using the domain's own parsers."""
from __future__ import annotations

import re
import unicodedata
from pathlib import Path

from service.domain.dates import parse_date_line
from service.domain.numbering import parse_symbol
from service.domain.recipients import parse_recipients_block
from service.domain.signature import parse_signature_block

from .conftest import SEEDS

SEED_000 = SEEDS / "000_2152631ce754da1f.txt"
SEED_003 = SEEDS / "003_034987fd11377026.txt"
OCR_NOISE = re.compile(r"\s*\*b\*\s*$")


def _lines(path: Path) -> list[str]:
    text = unicodedata.normalize("NFC", path.read_text(encoding="utf-8"))
    return [OCR_NOISE.sub("", " ".join(raw.split())) for raw in text.splitlines()]


def seed000() -> dict:
    """Everything the API needs from plan 23-KH/ĐU, plus what the seed says it became."""
    lines = [line for line in _lines(SEED_000) if line]
    kind_at = lines.index("KẾ HOẠCH")
    subject = lines[kind_at + 1]
    first_heading = next(i for i, line in enumerate(lines) if line.startswith("I. "))
    preamble = lines[kind_at + 2:first_heading]
    recipients_at = lines.index("Nơi nhận:")
    body = lines[first_heading:recipients_at]
    recipients, archive = parse_recipients_block("\n".join(lines[recipients_at:]))
    tail = [line for line in lines[recipients_at + 1:] if not line.startswith("- ")]
    number_line = next(line for line in lines if line.startswith("Số ") and "KH" in line)
    date_line = next(line for line in lines if ", ngày " in line)
    return {
        "payload": {
            "kind": "KH",
            "subject": subject,
            "preamble": "\n".join(preamble),
            "body": "\n".join(body),
            "recipients": [{"text": r.text, "purpose": r.purpose} for r in recipients],
            "archive": {"units": list(archive.units), "copies": archive.copies},
            "intended_signer": "phong.nd",
            "drafting_unit": "BTGDV",
        },
        "symbol": parse_symbol(number_line),
        "number_line_raw": number_line,
        "date": parse_date_line(date_line),
        "date_line": date_line,
        "signature": parse_signature_block(tail),
        "recipients_block": lines[recipients_at:recipients_at + 1 + len(recipients) + 1],
    }
