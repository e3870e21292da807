"""A Document row (or one of its kept versions) as the renderer's input, worded by the domain rules.

Before numbering, the number and date lines are printed as the paper blanks ("Số      -KH/ĐU",
"Hà Nội, ngày    tháng    năm 2025"): a number is never pre-allocated (domain.md §2).
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path

from service.domain import kinds as dkinds
from service.domain import numbering
from service.domain import recipients as drec
from service.domain.dates import format_date_line
from service.domain.kinds import PARTY
from service.domain.signature import position_lines
from service.domain.text import normalize_text
from service.domain.validation import SECRECY_LABELS, URGENCY_LABELS, subject_line
from service.output import pdf as rendering
from service.output.pdf import RenderInput, render_html
from service.output.reuse import LAYOUTS
from service.store.documents import Document

BLANK = " " * 6  # the gap left for the number, as on the pre-printed form (the template keeps spaces)


def blank_number_line(system: str, kind: str, issuer_abbrev: str, unit_abbrev: str | None = None) -> str:
    """The number line with the number left blank: PARTY "Số      -KH/ĐU", STATE "Số:      /QĐ-BNV"."""
    k = normalize_text(kind)
    if system == PARTY:
        return f"Số{BLANK}-{k}/{issuer_abbrev}"
    if k == "CV":
        return f"Số:{BLANK}/{issuer_abbrev}-{unit_abbrev or ''}".rstrip("-")
    return f"Số:{BLANK}/{k}-{issuer_abbrev}"


def blank_date_line(place: str, year: int) -> str:
    """The date line with day and month blank: "Hà Nội, ngày    tháng    năm 2025"."""
    gap = " " * 4
    return f"{normalize_text(place)}, ngày{gap}tháng{gap}năm {year}"


# Over 40 lines on purpose: one line of the layout per field, in the order of the page.
def render_input(doc: Document, *, on: date, numbered: bool = True, draft_mark: bool | None = None,
                 content: dict | None = None) -> RenderInput:
    """What the page of `doc` shows.

    `content` (a kept version's content) replaces the document's current fields; `numbered=False` prints
    the blanks even when a number exists (the signed layout); `on` gives the year of a blank date line;
    `draft_mark` defaults to "not signed yet".
    """
    c = content or {
        "kind": doc.kind, "subject": doc.subject, "preamble": doc.preamble, "body": doc.body, "place": doc.place,
        "urgency": doc.urgency, "secrecy": doc.secrecy, "recipients": doc.recipients,
        "archive_units": doc.archive_units, "archive_copies": doc.archive_copies,
    }
    org = doc.org
    kind = dkinds.get_kind(c["kind"])
    unit = doc.drafting_unit.code if doc.drafting_unit else None
    if numbered and doc.symbol and content is None:
        number_line = numbering.format_number_line(doc.system, doc.symbol)
    else:
        number_line = blank_number_line(doc.system, kind.code, org.abbrev, unit)
    if numbered and doc.issue_date and content is None:
        date_line = format_date_line(c["place"], doc.issue_date)
    else:
        date_line = blank_date_line(c["place"], on.year)
    recipients = [drec.RecipientLine(r["text"], r["purpose"], r.get("org_code")) for r in c["recipients"]]
    archive = (drec.ArchiveLine(tuple(c["archive_units"]), c["archive_copies"]) if c["archive_units"] else None)
    addressees = drec.addressed_to(doc.system, kind.code, recipients)
    noi_nhan = (drec.noi_nhan_with_kinh_gui(doc.system, recipients, archive, addressees) if addressees
                else drec.noi_nhan_block(doc.system, recipients, archive))
    block = (doc.signature_block or {}).get("lines") if content is None else None
    if block:  # blocks kept before positions were split ("KT. CHỦ TỊCH PHÓ CHỦ TỊCH") print on their own lines
        block = [line for title in block[:-1] for line in position_lines(title)] + [block[-1]]
    symbol = doc.symbol if numbered and doc.symbol and content is None else ""
    return RenderInput(
        system=doc.system,
        superior_name=org.header_superior,
        issuer_name=org.header_name or org.name,
        number_line=number_line,
        place_date_line=date_line,
        kind_title=kind.title_vi if kind.prints_title else "",
        subject=subject_line(kind.code, c["subject"]) if kind.has_subject else "",
        preamble=c["preamble"] or "",
        body=c["body"] or "",
        signature_lines=tuple(block or ()),
        recipient_lines=tuple(noi_nhan[1:]),
        addressees=tuple(drec.kinh_gui_lines(addressees)),
        meta_title=" ".join(p for p in (kind.name_vi, symbol, c["subject"]) if p),
        meta_author=org.name,
        meta_keywords=tuple(k for k in (symbol, kind.name_vi, org.abbrev) if k),
        urgency_label=URGENCY_LABELS.get(c["urgency"] or ""),
        secrecy_label=SECRECY_LABELS.get(c["secrecy"] or ""),
        draft_mark=(doc.signed_hash is None) if draft_mark is None else draft_mark,
    )


# --------------------------------------------------------------------------- the signed layout

_PX = 0.75  # WeasyPrint lays out in CSS px; PDF user space is in points
_TEMPLATES = Path(rendering.__file__).resolve().parent / "templates"
_ROW_CLASSES = ("number", "place-date")


# The page under the stamp field keeps the row's place but prints nothing there: the field's appearance shows
# the blanks until dispatch, then the number and date, so the text layer holds one number and one date line.
_HIDE_ROW = ".number, .place-date { visibility: hidden; }"


@dataclass(frozen=True)
class SignedLayout:
    """The signed layout of a document: the PDF with its number and date row left empty, that row's box on page 1
    (`number_box`), and where the hand signature goes: page index `signature_page` and `signature_gap`, the space
    between the last position line and the signer's name across the signature column (None without a block).
    Boxes are (x1, y1, x2, y2) in PDF points."""

    pdf: bytes
    number_box: list[float]
    signature_page: int = 0
    signature_gap: list[float] | None = None


def _boxes(page, wanted: tuple[str, ...]) -> dict[str, list[tuple[float, float, float, float]]]:
    """(x, y, width, height) in CSS px of every box of `page` whose element has one of the `wanted` classes."""
    found: dict[str, list[tuple[float, float, float, float]]] = {}
    stack = [page._page_box]
    while stack:
        box = stack.pop()
        element = getattr(box, "element", None)
        cls = element.get("class") if element is not None else None
        if cls in wanted and type(box).__name__ == "BlockBox":
            found.setdefault(cls, []).append((box.position_x, box.position_y, box.margin_width(),
                                              box.margin_height(), box.margin_top))
        stack.extend(reversed(getattr(box, "children", [])))
    return found


def render_signed_layout(ri: RenderInput) -> SignedLayout:
    """The PDF of `ri` without its number and date lines (their place kept empty), the box of that row (where the
    stamp field shows the blanks, then the clerk's number and date: render_number_strip) and the space left for
    the signature between the position and the name (where the signature and seal images go). A rendering of the
    same HTML is reused (service.output.reuse.LAYOUTS: the signing preview, then the Sign step)."""
    html = render_html(ri).replace("</style>", _HIDE_ROW + "</style>", 1)
    layout = LAYOUTS.get("signed-layout\n" + html, lambda: _signed_layout(html))
    return replace(layout, number_box=list(layout.number_box),  # the caller's own lists: the kept one stays as is
                   signature_gap=list(layout.signature_gap) if layout.signature_gap is not None else None)


def _signed_layout(html: str) -> SignedLayout:
    from weasyprint import HTML

    document = HTML(string=html, base_url=str(_TEMPLATES)).render()
    page = document.pages[0]
    found = _boxes(page, _ROW_CLASSES)
    if any(cls not in found for cls in _ROW_CLASSES):  # pragma: no cover - the template always has both lines
        raise RuntimeError("number or date line not found in the layout")
    rows = [b[0] for b in found.values()]
    left = min(x for x, _, _, _, _ in rows)
    right = max(x + w for x, _, w, _, _ in rows)
    top = min(y for _, y, _, _, _ in rows)
    bottom = max(y + h for _, y, _, h, _ in rows)
    height = page.height * _PX
    layout = SignedLayout(b"", [left * _PX, height - bottom * _PX, right * _PX, height - top * _PX])
    for index, p in enumerate(document.pages):
        sig = _boxes(p, ("position", "name"))
        if "name" in sig and "position" in sig:
            x, y, w, _, margin_top = sig["name"][0]
            px, py, _, ph, _ = sig["position"][-1]
            ph_pt = p.height * _PX
            layout = replace(layout, signature_page=index, signature_gap=[
                x * _PX, ph_pt - (y + margin_top) * _PX, (x + w) * _PX, ph_pt - (py + ph) * _PX])
    return replace(layout, pdf=document.write_pdf())


def render_signing_layout(ri: RenderInput) -> tuple[bytes, list[float]]:
    """The PDF of `ri` without its number and date lines and the box of that row (render_signed_layout)."""
    layout = render_signed_layout(ri)
    return layout.pdf, layout.number_box


def render_number_strip(ri: RenderInput, box: list[float]) -> bytes:
    """A one-page PDF of exactly `box`'s size showing only the number and date row of `ri`, on white: the
    appearance of the organization signature laid over the blanks of the signed layout."""
    from weasyprint import HTML

    width, height = box[2] - box[0], box[3] - box[1]
    css = (f"@page {{ size: {width}pt {height}pt; margin: 0; }}"
           f"@page :first {{ size: {width}pt {height}pt; margin: 0; }}"
           "html { background: #fff; } body { margin: 0; }"
           "body > :not(table.header) { display: none !important; }"
           "table.header tr:not(:last-child) { display: none; }"
           ".letter-subject, .marks { display: none; }")
    html = render_html(replace(ri, draft_mark=False)).replace("</style>", css + "</style>", 1)
    return LAYOUTS.get("number-strip\n" + html, lambda: HTML(string=html, base_url=str(_TEMPLATES)).write_pdf())


def pdf_metadata(ri: RenderInput) -> dict:
    """The document information of the issued file: title with the number, trích yếu, issuer, keywords."""
    return {"title": ri.meta_title, "subject": ri.subject, "author": ri.meta_author,
            "keywords": list(ri.meta_keywords)}
