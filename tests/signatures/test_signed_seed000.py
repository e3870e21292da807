"""Golden test of the service path: seed 000 through the API with keys gives a PDF that says what the paper
says, carries the signer's and the organization's signatures, shows number and date, and verifies."""
from __future__ import annotations

import hashlib
import re
import subprocess
import tempfile
from datetime import datetime
from pathlib import Path

from ..rendering.pdftools import collapse, page_texts, require_poppler
from ..rendering.seed000 import document_paragraphs
from ..seed_docs import seed000
from .keys import DEMO_PIN

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "signatures"


class Recorder:
    """Every response body the test sees, to prove no endpoint ever serves key material."""

    def __init__(self, client):
        self.client = client
        self.bodies: list[bytes] = []

    def __getattr__(self, method):
        call = getattr(self.client, method)

        def wrapped(*args, **kwargs):
            r = call(*args, **kwargs)
            self.bodies.append(r.get_data())
            return r
        return wrapped


def complete(client, headers, doc, data=None, status=200):
    r = client.post(f"/api/documents/{doc['id']}/tasks/{doc['task_id']}", json={**(data or {}), "pin": DEMO_PIN}, headers=headers)
    assert r.status_code == status, r.get_json()
    return r.get_json()


def save_png(pdf: bytes, name: str) -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "doc.pdf"
        path.write_bytes(pdf)
        subprocess.run(["pdftoppm", "-r", "80", "-png", "-f", "1", "-l", "1", "-singlefile", str(path),
                        str(ARTIFACTS / name)], check=True)
    return (ARTIFACTS / name).with_suffix(".png")


def raw_page1(pdf: bytes) -> str:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "doc.pdf"
        path.write_bytes(pdf)
        out = subprocess.run(["pdftotext", "-raw", "-enc", "UTF-8", "-f", "1", "-l", "1", str(path), "-"],
                             check=True, capture_output=True)
    return collapse(out.stdout.decode("utf-8"))


def dashless(text: str) -> str:
    """pdftotext joins a line ending in " -" to the next (de-hyphenation): compare without dashes."""
    return collapse(re.sub(r"\s*-\s*", " ", text))


def _text_without_page_numbers(pages: list[str]) -> str:
    kept = [pages[0]]
    for number, page in enumerate(pages[1:], start=2):
        lines = page.splitlines()
        first = next(i for i, line in enumerate(lines) if line.strip())
        assert lines[first].strip() == str(number)
        kept.append("\n".join(lines[first + 1:]))
    return collapse("\n".join(kept))


def tamper_inside_first_signature(pdf: bytes) -> bytes:
    first_range = re.search(rb"/ByteRange\s*\[\s*(\d+)\s+(\d+)", pdf)
    start, length = int(first_range.group(1)), int(first_range.group(2))
    at = pdf.index(b"stream", start) + len(b"stream\n") + 10
    assert start <= at < start + length
    out = bytearray(pdf)
    out[at] ^= 0x01
    return bytes(out)


def test_seed_plan_signed_by_person_then_organization_verifies_and_matches_the_register(app, client, login,
                                                                                        clock, keys):
    require_poppler()
    paragraphs = document_paragraphs()  # every paragraph of the real seed: skips (or fails) without it
    http = Recorder(client)
    seed = seed000()
    lan, hung, tuan, phong, ha, mai = (login(u) for u in ("lan.tt", "hung.lv", "tuan.pm", "phong.nd", "ha.dt",
                                                          "mai.vt"))
    doc = http.post("/api/documents", json=seed["payload"], headers=lan).get_json()
    r = http.get(f"/api/documents/{doc['id']}/pdf", headers=lan)
    assert r.headers["X-Signature-State"] == "unsigned"
    assert "DỰ THẢO" in collapse(page_texts(r.data)[0])
    doc = complete(http, lan, doc)
    doc = complete(http, hung, doc, {"decision": "approve"})
    doc = complete(http, tuan, doc, {"decision": "approve"})
    clock.set(datetime(2025, 8, 7, 1, 30))
    doc = complete(http, phong, doc, {"decision": "approve"})

    r = http.get(f"/api/documents/{doc['id']}/pdf", headers=mai)
    assert (r.status_code, r.mimetype, r.headers["X-Signature-State"]) == (200, "application/pdf", "personal")
    personal_pdf = r.data
    page1 = collapse(page_texts(personal_pdf)[0])
    assert "Số -KH/ĐU" in page1 and "Hà Nội, ngày tháng năm 2025" in page1, "number and date are blank at signing"
    assert "DỰ THẢO" not in page1
    report = http.get(f"/api/documents/{doc['id']}/verify", headers=mai).get_json()
    assert report["ok"] and report["personal"]["trusted"] and report["organization"] is None

    doc = complete(http, ha, doc)  # number 23, 07/8/2025
    assert doc["symbol"] == "23-KH/ĐU"
    doc = complete(http, ha, doc)  # dispatch: organization signature
    assert doc["status"] == "DISPATCHED"

    r = http.get(f"/api/documents/{doc['id']}/pdf", headers=mai)
    assert r.headers["X-Signature-State"] == "organization"
    pdf = r.data
    assert pdf.startswith(personal_pdf), "the organization signature is an incremental update"
    pages = page_texts(pdf)
    page1 = raw_page1(pdf)  # content-stream order: the page, then the organization signature's appearance
    assert "Số 23-KH/ĐU" in page1
    assert "Hà Nội, ngày 07 tháng 8 năm 2025" in page1
    text = dashless(_text_without_page_numbers(pages))
    position = 0
    for paragraph in paragraphs[paragraphs.index("KẾ HOẠCH"):]:  # the header row holds blank + stamped lines
        found = text.find(dashless(paragraph), position)
        assert found >= 0, f"missing or out of order: {paragraph[:80]!r}"
        position = found + len(dashless(paragraph))
    png = save_png(pdf, "seed000-signed-page1")
    assert png.stat().st_size > 10_000

    report = http.get(f"/api/documents/{doc['id']}/verify", headers=mai).get_json()
    assert report["ok"] and not report["altered"] and report["badge"]["state"] == "valid"
    assert [(s["field"], s["signer"]) for s in report["signatures"]] == [
        ("personal", "Nguyễn Đức Phong"), ("organization", "Đảng ủy Chính phủ")]
    assert all(s["intact"] and s["valid"] and s["trusted"] for s in report["signatures"])
    assert report["sha256"] == hashlib.sha256(pdf).hexdigest() == report["register_sha256"]

    (entry,) = http.get("/api/registers/outgoing?year=2025", headers=mai).get_json()["items"]
    assert entry["signed_pdf_sha256"] == hashlib.sha256(pdf).hexdigest()
    assert entry["note"] is None

    same = http.post(f"/api/documents/{doc['id']}/verify", data=pdf, content_type="application/pdf",
                     headers=mai).get_json()
    assert same["ok"] and same["matches_register"] is True
    altered = http.post(f"/api/documents/{doc['id']}/verify", data=tamper_inside_first_signature(pdf),
                        content_type="application/pdf", headers=mai).get_json()
    assert altered["altered"] and not altered["ok"] and altered["matches_register"] is False
    assert altered["badge"]["state"] == "altered"

    http.get(f"/api/documents/{doc['id']}/preview.html", headers=mai)
    http.get(f"/api/documents/{doc['id']}", headers=mai)
    http.get(f"/api/documents/{doc['id']}/versions", headers=mai)
    assert len(http.bodies) > 10
    for body in http.bodies:
        assert b"PRIVATE KEY" not in body
    with app.app_context():
        from service.extensions import db
        from service.store.signing import SigningKey
        key_rows = db.session.query(SigningKey).all()
        assert key_rows and all(b"ENCRYPTED PRIVATE KEY" in k.key_pem_enc for k in key_rows)
        db.session.remove()

