"""Render a document to an HTML preview and to an A4 PDF (WeasyPrint, Jinja2 templates)."""

from __future__ import annotations

import unicodedata
from dataclasses import fields, replace
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from service.output.pdf.model import PARTY, STATE, RenderInput
from service.output.pdf.paragraphs import split_paragraphs

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


def render_html(doc: RenderInput) -> str:
    """A complete, self-contained HTML page of the document (thể thức of its system).

    All text is HTML-escaped; fonts are referenced by family name only and nothing is
    fetched from the network.
    """
    if doc.system not in (PARTY, STATE):
        raise ValueError(f"unknown system {doc.system!r}; expected 'PARTY' or 'STATE'")
    doc = _nfc(doc)
    signature = [line for line in doc.signature_lines if line.strip()]
    marks = [label.upper() for label in (doc.urgency_label, doc.secrecy_label) if label]
    title = " ".join(part for part in (doc.kind_title, doc.number_line.strip(), doc.subject) if part)
    return _env.get_template("document.html.j2").render(
        doc=doc,
        party=doc.system == PARTY,
        system_class="party" if doc.system == PARTY else "state",
        title=title,
        marks=marks,
        positions=[line.upper() for line in signature[:-1]],
        signer_name=signature[-1] if signature else "",
        preamble=split_paragraphs(doc.preamble),
        body=split_paragraphs(doc.body),
    )


def render_pdf(doc: RenderInput) -> bytes:
    """The document as an A4 PDF; fonts (Liberation Serif) are embedded from the system fonts."""
    from weasyprint import HTML  # imported lazily: loading WeasyPrint takes a while

    return HTML(string=render_html(doc), base_url=str(_TEMPLATES)).write_pdf()
