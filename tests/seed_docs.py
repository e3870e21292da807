"""The seed documents turned into API payloads, using the domain's own parsers.

Built from the real seed text when it is found (tests/seeds.py), otherwise from our abridged copy of its facts
(tests/seed_facts.py): the structure and the facts are the same, only the body is shorter.
"""
from __future__ import annotations

import re
import unicodedata

import pytest

from service.domain.dates import parse_date_line
from service.domain.numbering import parse_symbol
from service.domain.recipients import parse_recipients_block
from service.domain.signature import parse_signature_block

from .seed_facts import Seed000, Seed003
from .seeds import SEED_000, SEED_003, find_seed, read_seed

OCR_NOISE = re.compile(r"\s*\*b\*\s*$")
FACT_TEXTS = {SEED_000: Seed000.text, SEED_003: Seed003.text}
# Run a test on our facts (always) and on the real seed text (skipped, or failed with REQUIRE_SEEDS=1, if absent).
FACTS_AND_SEED = pytest.mark.parametrize("source", ["facts", "seed"])


def normalized_lines(text: str) -> list[str]:
    """Lines of a seed text: NFC, whitespace collapsed, the OCR noise " *b*" removed; blank lines kept."""
    text = unicodedata.normalize("NFC", text)
    return [OCR_NOISE.sub("", " ".join(raw.split())) for raw in text.splitlines()]


def seed_text(name: str, source: str) -> str:
    """The text of seed ``name``: "seed" reads the real file (read_seed), "facts" gives our abridged copy."""
    if source == "seed":
        return read_seed(name)
    if source == "facts":
        return FACT_TEXTS[name]()
    raise ValueError(f"source must be 'facts' or 'seed', not {source!r}")


def seed000_lines(source: str | None = None) -> list[str]:
    """Non-blank normalised lines of seed 000; by default the real file when found, else our facts."""
    if source is None:
        source = "seed" if find_seed(SEED_000) else "facts"
    return [line for line in normalized_lines(seed_text(SEED_000, source)) if line]


def seed000(source: str | None = None) -> dict:
    """Everything the API needs from plan 23-KH/ĐU, plus what the seed says it became."""
    lines = seed000_lines(source)
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
