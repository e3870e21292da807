"""Render a document to an HTML preview and to an A4 PDF (WeasyPrint, Jinja2 templates)."""

from __future__ import annotations

import unicodedata
from dataclasses import fields, replace
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from service.domain.header import header_lines
from service.output.pdf.model import PARTY, STATE, RenderInput
from service.output.pdf.paragraphs import Paragraph, split_paragraphs

_TEMPLATES = Path(__file__).resolve().parent / "templates"

_env = Environment(
    loader=FileSystemLoader(str(_TEMPLATES)),
    autoescape=select_autoescape(enabled_extensions=("html", "j2")),
    undefined=StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
)


def _nfc(doc: RenderInput) -> RenderInput:
    """The same input with every text in Unicode NFC (Vietnamese letters precomposed)."""
    changes: dict[str, object] = {}
    for f in fields(doc):
        value = getattr(doc, f.name)
        if isinstance(value, str):
            changes[f.name] = unicodedata.normalize("NFC", value)
        elif isinstance(value, tuple):
            changes[f.name] = tuple(unicodedata.normalize("NFC", v) for v in value)
    return replace(doc, **changes)


# Độ khẩn and độ mật stamps: red, bold, a single frame of a fixed size (domain.md §5; mật sizes per
# Thông tư 24/2020/TT-BCA [I]): width in mm, height 8 mm.
MARK_WIDTHS_MM = {"HỎA TỐC": 30, "THƯỢNG KHẨN": 40, "KHẨN": 20, "MẬT": 20, "TỐI MẬT": 30, "TUYỆT MẬT": 40}


def _authority(preamble: list[Paragraph], state: bool) -> tuple[str, list[Paragraph]]:
    """A state text's first căn cứ line in capitals without closing punctuation is the authority line
    ("BỘ TRƯỞNG BỘ NỘI VỤ", NĐ 30 Phụ lục I): printed bold and centred above the căn cứ."""
    if state and preamble:
        first = preamble[0].text
        if first == first.upper() and any(c.isalpha() for c in first) and first[-1] not in ";.,:":
            return first, preamble[1:]
    return "", preamble


def _meta_title(doc: RenderInput) -> str:
    if doc.meta_title:
        return doc.meta_title
    number = doc.number_line.strip()
    numbered = number if "  " not in number else ""  # a blank number ("Số      -KH/ĐU") is no number
    return " ".join(part for part in (doc.kind_title, numbered, doc.subject) if part)


def render_html(doc: RenderInput) -> str:
    """A complete, self-contained HTML page of the document (thể thức of its system).

    All text is HTML-escaped; fonts are referenced by family name only and nothing is
    fetched from the network.
    """
    if doc.system not in (PARTY, STATE):
        raise ValueError(f"unknown system {doc.system!r}; expected 'PARTY' or 'STATE'")
    doc = _nfc(doc)
    signature = [line for line in doc.signature_lines if line.strip()]
    # NĐ 30 ô 10a then 10b: the secrecy mark above the urgency mark
    marks = [(label.upper(), MARK_WIDTHS_MM.get(label.upper(), 30))
             for label in (doc.secrecy_label, doc.urgency_label) if label]
    authority, preamble = _authority(split_paragraphs(doc.preamble), doc.system == STATE)
    return _env.get_template("document.html.j2").render(
        doc=doc,
        party=doc.system == PARTY,
        system_class="party" if doc.system == PARTY else "state",
        title=_meta_title(doc),
        meta_subject=doc.subject,
        marks=marks,
        superior_lines=header_lines(doc.superior_name) if doc.superior_name else [],
        issuer_lines=header_lines(doc.issuer_name),
        positions=[line.upper() for line in signature[:-1]],
        signer_name=signature[-1] if signature else "",
        authority=authority,
        preamble=preamble,
        body=split_paragraphs(doc.body),
    )


def render_pdf(doc: RenderInput) -> bytes:
    """The document as an A4 PDF; fonts (Liberation Serif) are embedded from the system fonts."""
    from weasyprint import HTML  # imported lazily: loading WeasyPrint takes a while

    return HTML(string=render_html(doc), base_url=str(_TEMPLATES)).write_pdf()
