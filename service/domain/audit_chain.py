"""The tamper-evident history (nhật ký chống sửa đổi): each audit event of an organization carries the hash of the
previous event of that organization (`prev_hash`) and the hash of its own content plus `prev_hash` (`hash`).

The hash is sha256 over a canonical JSON serialisation that reads the same from SQLite and PostgreSQL: keys
sorted, no spaces, UTF-8, None as null, datetimes naive UTC in ISO form with microseconds, `details` passed
through JSON once (tuples become lists, keys become strings). Standard library only.
"""
from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

GENESIS = "0" * 64  # the prev_hash of the first event of every chain

# The fields of an event that its hash covers, in addition to prev_hash. The row id is not among them: the
# chain's order is the link itself.
HASHED_FIELDS = ("org_id", "document_id", "actor_id", "action", "task", "comment", "version_no", "at", "details")


def _plain_time(at: datetime) -> str:
    if at.tzinfo is not None:
        at = at.astimezone(UTC).replace(tzinfo=None)
    return at.isoformat(timespec="microseconds")


def canonical(content: dict, prev_hash: str) -> bytes:
    """The bytes an event's hash is taken over: its HASHED_FIELDS and prev_hash, in one stable form."""
    body = {k: content.get(k) for k in HASHED_FIELDS}
    body["at"] = _plain_time(body["at"]) if body["at"] is not None else None
    if body["details"] is not None:
        body["details"] = json.loads(json.dumps(body["details"], ensure_ascii=False))
    body["prev_hash"] = prev_hash
    return json.dumps(body, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode("utf-8")


def event_hash(content: dict, prev_hash: str) -> str:
    """sha256 (hex) of the canonical form of an event's content chained to prev_hash."""
    return hashlib.sha256(canonical(content, prev_hash)).hexdigest()


@dataclass(frozen=True)
class ChainEvent:
    """One stored event as the verifier reads it: its id, its content, the stored links."""
    id: int
    content: dict
    prev_hash: str | None
    hash: str | None


@dataclass(frozen=True)
class Head:
    """What the chain-head row says: how many events the chain has and the hash of the last one."""
    length: int
    hash: str


@dataclass(frozen=True)
class Break:
    """The first place a chain is broken. kind: changed | removed | inserted. event_id: the event named (for
    'removed', the event found where the missing one should have been, or None when the chain's end is missing);
    after_id: the last good event before the break (None at the start of the chain)."""
    kind: str
    event_id: int | None
    after_id: int | None
    position: int  # 1-based position in the chain where the break is


@dataclass(frozen=True)
class ChainReport:
    length: int
    head_hash: str
    broken: Break | None

    @property
    def ok(self) -> bool:
        return self.broken is None


def verify(events: Sequence[ChainEvent], head: Head | None) -> ChainReport:
    """Walk one chain in id order and name its first break.

    - changed: the event's stored hash is not the hash of its content (a column was edited);
    - inserted: the event does not fit, and the next event links over it to the one before (or it lies beyond
      the length the chain head recorded);
    - removed: the event is intact but links to something other than the event before it (one or more events
      were taken out), or the chain ends before the length the head recorded.
    A chain rewritten consistently up to and including its head row is found only against a printed digest
    (`contains`)."""
    prev, prev_id = GENESIS, None
    seen = {GENESIS: -1}  # hash -> index of the event that has it (the start of the chain: -1)
    for i, e in enumerate(events):
        own_ok = e.hash is not None and e.prev_hash is not None and event_hash(e.content, e.prev_hash) == e.hash
        link_ok = e.prev_hash == prev
        beyond_head = head is not None and i >= head.length
        if own_ok and link_ok and not beyond_head:
            prev, prev_id = e.hash, e.id
            seen[e.hash] = i
            continue
        j = seen.get(e.prev_hash) if own_ok else None
        if j is not None and j < i - 1:  # e links over the events after j: they were inserted (with good hashes)
            before = events[j].id if j >= 0 else None
            return ChainReport(j + 1, events[j].hash if j >= 0 else GENESIS,
                               Break("inserted", events[j + 1].id, before, j + 2))
        nxt = events[i + 1] if i + 1 < len(events) else None
        if beyond_head or (nxt is not None and nxt.prev_hash == prev):
            return ChainReport(i, prev, Break("inserted", e.id, prev_id, i + 1))
        if not own_ok:
            return ChainReport(i, prev, Break("changed", e.id, prev_id, i + 1))
        return ChainReport(i, prev, Break("removed", e.id, prev_id, i + 1))
    n = len(events)
    if head is not None and (head.length != n or head.hash != prev):
        kind = "removed" if head.length > n else "changed"
        return ChainReport(n, prev, Break(kind, None if kind == "removed" else prev_id, prev_id, n + 1))
    return ChainReport(n, prev, None)


def contains(events: Sequence[ChainEvent], digest: str) -> bool:
    """True if a printed digest (a head hash on paper) is the hash of one of the events."""
    return any(e.hash == digest for e in events)


def describe(b: Break, org_code: str) -> str:
    """The verifier's Vietnamese sentence for a break."""
    where = f"chuỗi nhật ký của {org_code}, vị trí {b.position}"
    after = f" (sau sự kiện #{b.after_id})" if b.after_id else " (ở đầu chuỗi)"
    if b.kind == "changed":
        return f"Sự kiện #{b.event_id} đã bị sửa ({where})."
    if b.kind == "inserted":
        return f"Sự kiện #{b.event_id} đã bị chèn thêm ({where}{after})."
    if b.event_id is None:
        return f"Các sự kiện cuối chuỗi đã bị xóa ({where}{after})."
    return f"Sự kiện đứng trước sự kiện #{b.event_id} đã bị xóa ({where}{after})."
