"""Shared fixtures: the full text of the real seed documents of shared/seeds.

A test that takes one of these fixtures needs the whole seed: it is skipped when the seed is missing (failed
with REQUIRE_SEEDS=1), see tests/seeds.py. Tests that only need the seeds' facts use tests/seed_facts.py.
"""
from __future__ import annotations

import pytest

from ..seeds import SEED_000, SEED_003, read_seed


@pytest.fixture
def seed000() -> str:
    return read_seed(SEED_000)


@pytest.fixture
def seed003() -> str:
    return read_seed(SEED_003)


def line_starting(lines: list[str], prefix: str) -> str:
    """The first line of a seed starting with ``prefix`` (fails if none)."""
    for line in lines:
        if line.startswith(prefix):
            return line
    raise AssertionError(f"no line starting with {prefix!r}")
