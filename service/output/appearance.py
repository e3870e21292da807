"""Where the signature and seal images go on the signed page and the one-page PDFs that show them (domain.md §6).

- The signer's image (transparent PNG) sits in the space left between the position line and the name, centred in
  the signature column, at most `SIGNATURE_MAX_MM` wide.
- The organization's seal (transparent PNG, red) is printed at `SEAL_MM` (the usual diameter of a seal), over
  about the left third of the signature image, reaching up over the position line and stopping just above the
  name; it never runs into the Nơi nhận column.

Boxes are (x1, y1, x2, y2) in PDF points, y upwards."""
from __future__ import annotations

import base64
import io

from service.output.reuse import IMAGE_PAGES

MM = 72 / 25.4
SIGNATURE_MAX_MM = (55, 22)  # width, height
SEAL_MM = 35
SEAL_RAISE_MM = 4  # how far the seal's centre sits above the centre of the signature space
SEAL_INTO_RECIPIENTS_MM = 0


def image_size(png: bytes) -> tuple[int, int]:
    """Width and height in pixels of a PNG."""
    from PIL import Image

    with Image.open(io.BytesIO(png)) as image:
        return image.size


def _fit(size: tuple[int, int], max_w: float, max_h: float) -> tuple[float, float]:
    w, h = size
    scale = min(max_w / w, max_h / h)
    return w * scale, h * scale


def signature_box(gap: list[float], png: bytes) -> list[float]:
    """The box of the signature image inside the signature space `gap`, centred, aspect ratio kept."""
    x1, y1, x2, y2 = gap
    max_w = min(SIGNATURE_MAX_MM[0] * MM, (x2 - x1) * 0.9)
    max_h = min(SIGNATURE_MAX_MM[1] * MM, (y2 - y1) - 2 * MM)
    w, h = _fit(image_size(png), max_w, max_h)
    cx, cy = (x1 + x2) / 2, (y1 + y2) / 2
    return [cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2]


def seal_box(gap: list[float], signature: list[float] | None, png: bytes | None = None) -> list[float]:
    """The box of the seal: its right edge a third of the way into the signature image (or into where a
    signature image of the largest size would be), centred a little above the signature space."""
    x1, y1, x2, y2 = gap
    d = SEAL_MM * MM
    w, h = _fit(image_size(png), d, d) if png else (d, d)
    if signature is None:
        width = min(SIGNATURE_MAX_MM[0] * MM, (x2 - x1) * 0.9)
        signature = [(x1 + x2 - width) / 2, y1, (x1 + x2 + width) / 2, y2]
    right = signature[0] + (signature[2] - signature[0]) / 3
    left = max(right - w, x1 - SEAL_INTO_RECIPIENTS_MM * MM)
    cy = (y1 + y2) / 2 + SEAL_RAISE_MM * MM
    return [left, cy - h / 2, left + w, cy + h / 2]


def image_page(png: bytes, box: list[float]) -> bytes:
    """A one-page PDF of exactly `box`'s size showing `png` over its whole page, transparent around it (the
    PNG's alpha channel kept as a soft mask): the appearance of a signature or seal field."""
    from weasyprint import HTML

    width, height = box[2] - box[0], box[3] - box[1]
    data = base64.b64encode(png).decode("ascii")
    html = (f"<html><head><style>@page {{ size: {width}pt {height}pt; margin: 0; }} body {{ margin: 0; }}"
            f"img {{ display: block; width: {width}pt; height: {height}pt; object-fit: contain; }}</style></head>"
            f"<body><img src=\"data:image/png;base64,{data}\" alt=\"\"></body></html>")
    return IMAGE_PAGES.get(html, lambda: HTML(string=html).write_pdf())  # a person's image in one box: made once
