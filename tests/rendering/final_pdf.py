"""Helpers of the final-PDF tests: run a document to dispatch through the API, read a page back as a person
sees it (pdftotext -layout), and make a state Quyết định signed the same way the service signs."""
from __future__ import annotations

import re
import subprocess
import tempfile
import unicodedata
from datetime import datetime
from pathlib import Path

from ..seed_facts import Seed003
from ..signatures.keys import DEMO_PIN

BOOKMARK = re.compile(r"\[bookmark: [^\]]*\]")


def layout_lines(pdf: bytes, page: int = 1) -> list[str]:
    """The non-blank lines of one page as pdftotext -layout prints them, NFC; a gap of two or more spaces
    between columns is written " | "."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "doc.pdf"
        path.write_bytes(pdf)
        out = subprocess.run(["pdftotext", "-layout", "-enc", "UTF-8", "-f", str(page), "-l", str(page),
                              str(path), "-"], check=True, capture_output=True)
    text = unicodedata.normalize("NFC", out.stdout.decode("utf-8"))
    return [re.sub(r"\s{2,}", " | ", line.strip()) for line in text.splitlines() if line.strip()]


def pdf_info(pdf: bytes) -> dict[str, str]:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "doc.pdf"
        path.write_bytes(pdf)
        out = subprocess.run(["pdfinfo", "-enc", "UTF-8", str(path)], check=True, capture_output=True)
    info = {}
    for line in out.stdout.decode("utf-8").splitlines():
        key, _, value = line.partition(":")
        info[key.strip()] = unicodedata.normalize("NFC", value.strip())
    return info


def page_count(pdf: bytes) -> int:
    return int(pdf_info(pdf)["Pages"])


def complete(client, headers, doc, data=None, status=200):
    r = client.post(f"/api/documents/{doc['id']}/tasks/{doc['task_id']}", json={**(data or {}), "pin": DEMO_PIN}, headers=headers)
    assert r.status_code == status, r.get_json()
    return r.get_json()


def seed003_payload() -> dict:
    """Seed 003 as a draft of Ban Tuyên giáo và Dân vận Tỉnh ủy Cao Bằng: the introduction, the outline (our
    abridged copy, bookmarks removed), its recipients as the Ban sends them."""
    paragraphs = [" ".join(BOOKMARK.sub("", p).split()) for p in Seed003.EXCERPT[4:]]
    return {
        "kind": Seed003.KIND, "subject": Seed003.SUBJECT, "preamble": paragraphs[0],
        "body": "\n".join(paragraphs[1:]), "drafting_unit": "TTBCXB",
        "recipients": [{"text": "Ban Tuyên giáo và Dân vận Trung ương", "purpose": "REPORT", "org_code": "BTGDVTW"},
                       {"text": "Thường trực Tỉnh ủy", "purpose": "REPORT"},
                       {"text": "Các đảng ủy trực thuộc Tỉnh ủy", "purpose": "ACTION"}],
        "archive": {"units": ["VP", "TTBCXB"], "copies": 2}, "intended_signer": "thanh.hv"}


def dispatch(client, login, clock, payload: dict, people: tuple[str, ...], on: datetime) -> tuple[dict, bytes]:
    """Draft (people[0]), review, check, sign (people[3], at `on`), number and dispatch (people[4]); returns the
    document and its issued PDF."""
    drafter, reviewer, office, signer, clerk = (login(u) for u in people)
    r = client.post("/api/documents", json=payload, headers=drafter)
    assert r.status_code == 201, r.get_json()
    doc = complete(client, drafter, r.get_json())
    doc = complete(client, reviewer, doc, {"decision": "approve"})
    doc = complete(client, office, doc, {"decision": "approve"})
    clock.set(on)
    doc = complete(client, signer, doc, {"decision": "approve"})
    doc = complete(client, clerk, doc)
    doc = complete(client, clerk, doc)
    assert doc["status"] == "DISPATCHED", doc
    r = client.get(f"/api/documents/{doc['id']}/pdf", headers=clerk)
    assert r.headers["X-Signature-State"] == "organization"
    return doc, r.data


def word_boxes(pdf: bytes, page: int = 1) -> list[tuple[str, float, float, float, float]]:
    """(word, xMin, yMin, xMax, yMax) of every word of one page, in PDF points from the top left (pdftotext -bbox)."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "doc.pdf"
        path.write_bytes(pdf)
        out = subprocess.run(["pdftotext", "-bbox", "-enc", "UTF-8", "-f", str(page), "-l", str(page), str(path),
                              "-"], check=True, capture_output=True)
    words = []
    for m in re.finditer(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>',
                         out.stdout.decode("utf-8")):
        words.append((unicodedata.normalize("NFC", m.group(5)), *(float(m.group(i)) for i in range(1, 5))))
    return words


def red_pixels(png: Path) -> int:
    """Pixels of a PNG that are clearly red (the urgency and secrecy stamps)."""
    from PIL import Image

    with Image.open(png) as image:
        rgb = image.convert("RGB").tobytes()
    return sum(1 for i in range(0, len(rgb), 3) if rgb[i] > 170 and rgb[i + 1] < 90 and rgb[i + 2] < 90)


def upload_images(app, client, login, signer: str, org_code: str) -> None:
    """The signer uploads a drawn signature image and the system administrator the organization's seal."""
    import sqlalchemy as sa

    from service.extensions import db
    from service.output.images import draw_seal, draw_signature

    with app.app_context():
        person_id, full_name = db.session.execute(sa.text("select id, full_name from people where username = :u"),
                                                  {"u": signer}).one()
        org_id, org_name, place = db.session.execute(sa.text(
            "select id, name, place_name from organizations where code = :c"), {"c": org_code}).one()
        db.session.remove()
    png = {"Content-Type": "image/png"}
    r = client.put(f"/api/people/{person_id}/signature-image", data=draw_signature(full_name),
                   headers={**login(signer), **png})
    assert r.status_code == 200, r.get_json()
    r = client.put(f"/api/organizations/{org_id}/seal-image", data=draw_seal(org_name, place),
                   headers={**login("quantri"), **png})
    assert r.status_code == 200, r.get_json()


def page_images(pdf: bytes, page: int) -> list[tuple[str, int, int]]:
    """(type, width, height) of every image of one page as `pdfimages -list` lists them ("image", "smask")."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "doc.pdf"
        path.write_bytes(pdf)
        out = subprocess.run(["pdfimages", "-list", "-f", str(page), "-l", str(page), str(path)], check=True,
                             capture_output=True, text=True)
    return [(cols[2], int(cols[3]), int(cols[4])) for cols in (line.split() for line in out.stdout.splitlines()[2:])
            if len(cols) > 4]


def annotation_rects(pdf: bytes, page: int) -> dict[str, list[float]]:
    """The /Rect of each named widget of one page (1-based), in PDF points."""
    import io

    from pyhanko.pdf_utils.reader import PdfFileReader

    reader = PdfFileReader(io.BytesIO(pdf), strict=False)
    obj, _ = reader.find_page_for_modification(page - 1)
    annots = obj.get_object().get("/Annots", [])
    return {str(a.get_object().get("/T")): [float(v) for v in a.get_object()["/Rect"]] for a in annots}


def red_pixels_in(png: Path, box: list[float], page_height: float, dpi: int) -> int:
    """Clearly red pixels of a page PNG inside `box` (PDF points, y upwards)."""
    from PIL import Image

    scale = dpi / 72
    with Image.open(png) as image:
        crop = image.convert("RGB").crop((int(box[0] * scale), int((page_height - box[3]) * scale),
                                          int(box[2] * scale), int((page_height - box[1]) * scale)))
        rgb = crop.tobytes()
    return sum(1 for i in range(0, len(rgb), 3) if rgb[i] > 170 and rgb[i + 1] < 90 and rgb[i + 2] < 90)


def blue_pixels_in(png: Path, box: list[float], page_height: float, dpi: int) -> int:
    """Pixels of the signature's blue ink inside `box`."""
    from PIL import Image

    scale = dpi / 72
    with Image.open(png) as image:
        crop = image.convert("RGB").crop((int(box[0] * scale), int((page_height - box[3]) * scale),
                                          int(box[2] * scale), int((page_height - box[1]) * scale)))
        rgb = crop.tobytes()
    return sum(1 for i in range(0, len(rgb), 3) if rgb[i + 2] > 120 and rgb[i] < 90 and rgb[i + 1] < 110)
