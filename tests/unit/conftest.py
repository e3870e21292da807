"""Shared fixtures: the real seed documents of shared/seeds."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

SEED_000 = "000_2152631ce754da1f.txt"
SEED_003 = "003_034987fd11377026.txt"


def seeds_dir() -> Path:
    """SEEDS_DIR if set, else <repo>/../shared/seeds."""
    env = os.environ.get("SEEDS_DIR")
    return Path(env) if env else Path(__file__).resolve().parents[3] / "shared" / "seeds"


def read_seed(name: str) -> str:
    path = seeds_dir() / name
    if not path.exists():
        pytest.fail(f"seed {path} not found: the tests need shared/seeds beside the repository (or SEEDS_DIR)")
    return path.read_text(encoding="utf-8")


@pytest.fixture
def seed000() -> str:
    return read_seed(SEED_000)


@pytest.fixture
def seed000_lines(seed000: str) -> list[str]:
    return seed000.splitlines()


@pytest.fixture
def seed003() -> str:
    return read_seed(SEED_003)


def line_starting(lines: list[str], prefix: str) -> str:
    """The first line of a seed starting with ``prefix`` (fails if none)."""
    for line in lines:
        if line.startswith(prefix):
            return line
    raise AssertionError(f"no line starting with {prefix!r}")
