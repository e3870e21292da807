"""The registry of diagram versions, keyed by the sha256 of their bytes: running instances keep theirs."""

from __future__ import annotations

import copy
import datetime
import hashlib
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

from .diagrams import Diagram, compose_diagram, parse_diagram
from .engine import Instance
from .errors import StateError
from .serialization import read_called

__all__ = ["DiagramRegistry"]


class DiagramRegistry:
    """All known diagram versions, by sha256 of their raw bytes."""

    def __init__(self) -> None:
        self._diagrams: dict[str, Diagram] = {}
        self._latest: dict[str, str] = {}
        self._composed_cache: dict[tuple[str, tuple[tuple[str, str], ...]], Diagram] = {}
        self._lock = threading.Lock()

    @classmethod
    def from_directory(cls, path: str | Path) -> DiagramRegistry:
        """Parse and validate every ``*.bpmn`` in ``path`` (sorted by name)."""
        registry = cls()
        for file in sorted(Path(path).glob("*.bpmn")):
            registry.add_xml(file.read_bytes(), str(file))
        return registry

    def add_xml(self, xml: bytes, filename: str) -> str:
        """Parse + validate one diagram and return its sha256; re-adding known bytes is a no-op."""
        sha = hashlib.sha256(bytes(xml)).hexdigest() if isinstance(xml, (bytes, bytearray)) else ""
        if sha and sha in self._diagrams:
            return sha
        diagram = parse_diagram(xml, filename)
        with self._lock:
            if diagram.sha256 not in self._diagrams:
                self._diagrams[diagram.sha256] = diagram
                for pid in diagram.process_ids:
                    self._latest[pid] = diagram.sha256
        return diagram.sha256

    def latest(self, process_id: str) -> str:
        """sha256 of the most recently added diagram containing ``process_id``; KeyError if none."""
        return self._latest[process_id]

    def has(self, sha256: str) -> bool:
        """Whether this diagram version is known."""
        return sha256 in self._diagrams

    def xml(self, sha256: str) -> bytes:
        """Raw bytes of a diagram version (KeyError if unknown)."""
        return self._diagrams[sha256].xml

    def process_ids(self, sha256: str) -> list[str]:
        """Executable process ids of a diagram version (KeyError if unknown)."""
        return list(self._diagrams[sha256].process_ids)

    def diagram_layout(self, sha256: str) -> dict[str, Any]:
        """Shapes and edges from the BPMNDI, for drawing (KeyError if unknown)."""
        return copy.deepcopy(self._diagrams[sha256].layout)

    def _get(self, sha256: str) -> Diagram:
        """Internal: the parsed diagram; StateError if unknown."""
        try:
            return self._diagrams[sha256]
        except (KeyError, TypeError):
            raise StateError(f"unknown diagram version {sha256!r}") from None

    def start(self, process_id: str, data: dict | None = None, sha256: str | None = None,
              now: datetime.datetime | None = None) -> Instance:
        """Start an instance (default: latest version) and run engine steps to the first wait state.

        Call activities naming processes of other diagrams are bound to the latest version of each
        (``Instance.called``); the instance keeps those versions for its whole life. ``now`` is the start
        time for duration timers (no timer fires here: see ``Instance.refresh_timers``).
        """
        if sha256 is None:
            sha256 = self.latest(process_id)
        diagram = self._get(sha256)
        if process_id not in diagram.specs:
            raise KeyError(f"process {process_id!r} is not in diagram {sha256}")
        if diagram.calls:
            called: dict[str, str] = {}
            pending = list(diagram.calls)
            while pending:
                pid = pending.pop()
                if pid in called or pid in diagram.process_ids:
                    continue
                try:
                    called[pid] = self.latest(pid)
                except KeyError:
                    raise StateError(f"called process {pid!r} is not in any known diagram") from None
                pending.extend(self._get(called[pid]).calls)
            diagram = self._composed(sha256, called)
        return Instance._start(diagram, process_id, data, now)

    def load(self, state: str, sha256: str,
             fetch: Callable[[str], tuple[bytes, str] | None] | None = None) -> Instance:
        """Rebuild an instance from ``Instance.dump()`` output; StateError if invalid.

        ``fetch(sha256) -> (xml, filename) | None`` supplies a diagram version this registry has not parsed
        yet (the caller keeps every version it ever started), for the instance's own and its called diagrams.
        """
        called = read_called(state)
        if fetch is not None:
            for sha in (sha256, *called.values()):
                if not self.has(sha) and (found := fetch(sha)) is not None:
                    self.add_xml(*found)
        diagram = self._get(sha256)
        if called or diagram.calls:
            diagram = self._composed(sha256, called)
        return Instance._load(diagram, state)

    def required_versions(self, state: str) -> list[str]:
        """sha256 of the called diagrams an instance state needs besides its own (may be unknown here)."""
        return sorted(set(read_called(state).values()))

    def _composed(self, sha256: str, called: dict[str, str]) -> Diagram:
        """Internal: the diagram composed with exactly these called versions (cached)."""
        key = (sha256, tuple(sorted(called.items())))
        with self._lock:
            cached = self._composed_cache.get(key)
        if cached is not None:
            return cached
        primary = self._get(sha256)
        missing = sorted(set(primary.calls) - set(called))
        if missing:
            raise StateError(f"state does not say which version of {missing[0]!r} it uses")
        parts: dict[str, Diagram] = {}
        for pid, sha in called.items():
            part = self._get(sha)
            if pid not in part.specs:
                raise StateError(f"process {pid!r} is not in diagram {sha}")
            parts[pid] = part
        composed = compose_diagram(primary, parts)
        with self._lock:
            self._composed_cache[key] = composed
        return composed
