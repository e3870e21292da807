"""Shared fixtures for the workflows tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from workflows import DiagramRegistry

BPMN_DIR = Path(__file__).resolve().parents[2] / "bpmn"
OUTGOING = BPMN_DIR / "outgoing_document.bpmn"


@pytest.fixture(scope="session")
def outgoing_xml() -> bytes:
    return OUTGOING.read_bytes()


@pytest.fixture()
def registry() -> DiagramRegistry:
    return DiagramRegistry.from_directory(BPMN_DIR)
