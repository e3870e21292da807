"""PNG pictures of signatures and seals (Pillow): read what was uploaded, and draw demo ones.

`inspect_png` says what a file really is (format, size, whether it has transparency) without trusting its name
or content type. `draw_signature` and `draw_seal` draw plausible demo pictures: a blue handwritten-looking
signature and a red round seal with the organization's name around its rim (drawn here, no file from elsewhere).
"""
from __future__ import annotations

import hashlib
import io
import math
from dataclasses import dataclass

from PIL import Image, ImageDraw, ImageFont

_FONT_DIRS = ("/usr/share/fonts/truetype/liberation2", "/usr/share/fonts/truetype/liberation",
              "/usr/share/fonts/truetype/dejavu")
BLUE_INK = (28, 45, 160)
SEAL_RED = (210, 25, 30)


@dataclass(frozen=True)
class PngFacts:
    """What an uploaded file is: `format` as Pillow reads it ("PNG", "JPEG", … or None), pixel size, and whether
    it has an alpha channel (or a transparent palette entry)."""

    format: str | None
    width: int = 0
    height: int = 0
    has_alpha: bool = False


def inspect_png(data: bytes, max_pixels: int = 4_000_000) -> PngFacts:
    """The facts of `data` as an image; format None when it is no image Pillow can fully decode. An image of more
    than `max_pixels` is not decoded (a small file may unpack to gigabytes): its header facts are returned."""
    try:
        with Image.open(io.BytesIO(data)) as image:
            fmt = image.format
            width, height = image.size
            if width * height > max_pixels:
                return PngFacts(fmt, width, height, False)
            has_alpha = image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info
            image.load()  # a corrupt file fails here
    except Exception:  # noqa: BLE001 - any decoding failure means "not an image we accept"
        return PngFacts(None)
    if fmt == "PNG" and not data.endswith(_IEND):
        return PngFacts(None)  # truncated: WeasyPrint sets Pillow's LOAD_TRUNCATED_IMAGES for the whole process
    return PngFacts(fmt, width, height, has_alpha)


_IEND = b"\x00\x00\x00\x00IEND\xaeB`\x82"  # the last chunk of every complete PNG


def _font(names: tuple[str, ...], size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    for directory in _FONT_DIRS:
        for name in names:
            try:
                return ImageFont.truetype(f"{directory}/{name}", size)
            except OSError:
                continue
    return ImageFont.load_default(size)


def _png(image: Image.Image) -> bytes:
    out = io.BytesIO()
    image.save(out, "PNG", optimize=True)
    return out.getvalue()


def draw_signature(full_name: str) -> bytes:
    """A blue, transparent 600×220 PNG that looks like a handwritten signature of `full_name`: the given name
    written slanted, an initial loop and an underline flourish (varied by the name)."""
    seed = int(hashlib.sha256(full_name.encode("utf-8")).hexdigest()[:8], 16)
    given = full_name.split()[-1] if full_name.split() else "Ký"
    initial = full_name.split()[0][0] if full_name.split() else "K"
    image = Image.new("RGBA", (600, 220), (0, 0, 0, 0))
    text = Image.new("RGBA", (600, 220), (0, 0, 0, 0))
    draw = ImageDraw.Draw(text)
    font = _font(("LiberationSerif-BoldItalic.ttf", "DejaVuSerif-BoldItalic.ttf"), 96)
    draw.text((70, 40), initial, font=_font(("LiberationSerif-Italic.ttf", "DejaVuSerif-Italic.ttf"), 130),
              fill=BLUE_INK + (255,))
    draw.text((150, 62), given, font=font, fill=BLUE_INK + (255,))
    text = text.transform(text.size, Image.Transform.AFFINE, (1, 0.25, -40, 0, 1, 0),
                          resample=Image.Resampling.BICUBIC)  # slant like a hand
    image.alpha_composite(text)
    draw = ImageDraw.Draw(image)
    amp, turns = 10 + seed % 12, 1.5 + (seed >> 4) % 3 / 2
    points = [(60 + t * 4.8, 178 - amp * math.sin(t / 100 * turns * math.pi) - t * 0.25) for t in range(0, 101)]
    draw.line(points, fill=BLUE_INK + (255,), width=5, joint="curve")
    return _png(image)


def _rim_text(image: Image.Image, text: str, radius: float, font, start_deg: float, end_deg: float) -> None:
    """`text` written along the top of a circle of `radius` around the image centre, letters upright to it."""
    cx, cy = image.width / 2, image.height / 2
    letters = list(text)
    step = (end_deg - start_deg) / max(len(letters) - 1, 1)
    for i, letter in enumerate(letters):
        angle = start_deg + i * step  # 0 = top, clockwise
        tile = Image.new("RGBA", (80, 80), (0, 0, 0, 0))
        ImageDraw.Draw(tile).text((40, 40), letter, font=font, fill=SEAL_RED + (255,), anchor="mm")
        tile = tile.rotate(-angle, resample=Image.Resampling.BICUBIC)
        rad = math.radians(angle)
        x, y = cx + radius * math.sin(rad), cy - radius * math.cos(rad)
        image.alpha_composite(tile, (int(x - 40), int(y - 40)))


def draw_seal(org_name: str, below: str = "") -> bytes:
    """A red, transparent 400×400 PNG of a round seal: two rims, `org_name` in capitals around the top, `below`
    (e.g. the place) around the bottom, a five-pointed star in the middle."""
    image = Image.new("RGBA", (400, 400), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    red = SEAL_RED + (235,)
    draw.ellipse((8, 8, 392, 392), outline=red, width=12)
    draw.ellipse((96, 96, 304, 304), outline=red, width=4)
    name = org_name.upper()
    size = 40 if len(name) <= 22 else max(22, int(40 * 22 / len(name)))
    font = _font(("LiberationSans-Bold.ttf", "DejaVuSans-Bold.ttf"), size)
    long_name = len(name) > 22  # a long name takes the whole rim, the place is left out
    span = min(320.0 if long_name else 250.0, 11.5 * len(name) * size / 40)
    _rim_text(image, name, 148, font, -span / 2, span / 2)
    if below and not long_name:
        letters = below.upper()
        small = _font(("LiberationSans-Bold.ttf", "DejaVuSans-Bold.ttf"), 34)
        half = 10 * len(letters) / 2
        for i, letter in enumerate(letters):  # bottom arc, read left to right, letters upright
            angle = 180 + half - i * 10
            tile = Image.new("RGBA", (80, 80), (0, 0, 0, 0))
            ImageDraw.Draw(tile).text((40, 40), letter, font=small, fill=SEAL_RED + (255,), anchor="mm")
            tile = tile.rotate(180 - angle, resample=Image.Resampling.BICUBIC)
            rad = math.radians(angle)
            x, y = 200 + 150 * math.sin(rad), 200 - 150 * math.cos(rad)
            image.alpha_composite(tile, (int(x - 40), int(y - 40)))
    star = [(200 + r * math.sin(math.radians(36 * k)), 200 - r * math.cos(math.radians(36 * k)))
            for k, r in zip(range(10), [80, 32] * 5, strict=True)]
    draw.polygon(star, fill=red)
    return _png(image)
