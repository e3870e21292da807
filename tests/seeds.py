"""Where the two real seed documents are, and what a test does when they are not there.

The seeds (shared/seeds/000_….txt and 003_….txt) live outside the repository: in SEEDS_DIR when it is set
(a directory that does not exist means "no seeds"; there is no fallback), else in <repo>/../shared/seeds.

Only tests whose point is the full seed text (parsers over the whole document, the golden rendering of every
paragraph, the check of tests/seed_facts.py against the source) read them, through seed_path()/read_seed():
a missing seed skips such a test with one line saying why, or fails it when REQUIRE_SEEDS=1 (CI sets it).
Every other test uses tests/seed_facts.py or tests/seed_docs.py and runs on a plain clone.
"""
from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
SEED_000 = "000_2152631ce754da1f.txt"
SEED_003 = "003_034987fd11377026.txt"


def seeds_dir() -> Path:
    """SEEDS_DIR if set, else <repo>/../shared/seeds."""
    override = os.environ.get("SEEDS_DIR")
    return Path(override) if override else REPO.parent / "shared" / "seeds"


def find_seed(name: str) -> Path | None:
    """The seed file, or None when it is not there (no skip: for code that falls back to seed_facts)."""
    path = seeds_dir() / name
    return path if path.is_file() else None


def seeds_required() -> bool:
    return os.environ.get("REQUIRE_SEEDS", "").strip() not in ("", "0")


def seed_path(name: str) -> Path:
    """The seed file; skips the calling test when it is missing (fails it when REQUIRE_SEEDS=1)."""
    path = find_seed(name)
    if path is None:
        why = f"seed {name[:3]} not found: set SEEDS_DIR or put shared/seeds beside the repository"
        if seeds_required():
            pytest.fail(f"{why} (REQUIRE_SEEDS=1; looked in {seeds_dir()})", pytrace=False)
        pytest.skip(why)
    return path


def read_seed(name: str) -> str:
    """The seed's text as stored (UTF-8); skips or fails like seed_path()."""
    return seed_path(name).read_text(encoding="utf-8")
