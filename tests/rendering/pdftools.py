"""Small wrappers around poppler-utils (pdftotext, pdffonts, pdftoppm) for the rendering tests."""

from __future__ import annotations

import re
import shutil
import subprocess
import tempfile
import unicodedata
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = REPO_ROOT / "test-artifacts" / "rendering"


def require_poppler() -> None:
    for tool in ("pdftotext", "pdffonts", "pdftoppm"):
        if shutil.which(tool) is None:
            pytest.fail(f"{tool} (poppler-utils) is not installed: run bin/ensure-system-deps (make test does)")


def _with_file(pdf: bytes, args: list[str]) -> str:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "doc.pdf"
        path.write_bytes(pdf)
        out = subprocess.run([*args, str(path), "-"], check=True, capture_output=True)
    return out.stdout.decode("utf-8")


def page_texts(pdf: bytes) -> list[str]:
    """Text of each page in reading order (pdftotext raw-ish default mode), NFC."""
    text = unicodedata.normalize("NFC", _with_file(pdf, ["pdftotext", "-enc", "UTF-8"]))
    pages = text.split("\f")
    if pages and not pages[-1].strip():
        pages.pop()
    return pages


def collapse(text: str) -> str:
    """NFC and every run of whitespace as one space."""
    return " ".join(unicodedata.normalize("NFC", text).split())


def embedded_fonts(pdf: bytes) -> list[str]:
    """Base font names embedded in the PDF, subset prefix removed."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "doc.pdf"
        path.write_bytes(pdf)
        out = subprocess.run(["pdffonts", str(path)], check=True, capture_output=True, text=True)
    names = []
    for line in out.stdout.splitlines()[2:]:
        if line.strip():
            names.append(re.sub(r"^[A-Z]{6}\+", "", line.split()[0]))
    return names


def save_page_png(pdf: bytes, name: str, page: int = 1, dpi: int = 60) -> Path:
    """Save one page as test-artifacts/rendering/<name>.png for people to look at."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "doc.pdf"
        path.write_bytes(pdf)
        prefix = ARTIFACTS / name
        subprocess.run(
            ["pdftoppm", "-r", str(dpi), "-png", "-f", str(page), "-l", str(page), "-singlefile",
             str(path), str(prefix)],
            check=True,
        )
    return prefix.with_suffix(".png")


def page_size_points(pdf: bytes) -> tuple[float, float]:
    """Width and height of page 1 in points (pdfinfo)."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "doc.pdf"
        path.write_bytes(pdf)
        out = subprocess.run(["pdfinfo", str(path)], check=True, capture_output=True, text=True)
    match = re.search(r"Page size:\s+([\d.]+) x ([\d.]+) pts", out.stdout)
    assert match, out.stdout
    return float(match.group(1)), float(match.group(2))
