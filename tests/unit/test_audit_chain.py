"""The audit chain's canonical form and verifier, without a database."""
from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

from service.domain.audit_chain import GENESIS, ChainEvent, Head, canonical, contains, event_hash, verify

BASE = {"org_id": 1, "document_id": None, "actor_id": 7, "action": "approve", "task": "sign", "comment": "Đồng ý",
        "version_no": 2, "at": datetime(2025, 8, 7, 1, 30), "details": {"b": [1, 2], "a": {"y": None, "x": "ư"}}}


def test_the_canonical_form_does_not_depend_on_key_order_tuples_or_the_time_zone_of_the_same_instant():
    same = dict(BASE, details={"a": {"x": "ư", "y": None}, "b": (1, 2)},
                at=datetime(2025, 8, 7, 8, 30, tzinfo=timezone(timedelta(hours=7))))
    assert canonical(BASE, GENESIS) == canonical(same, GENESIS)
    assert canonical(dict(BASE, at=datetime(2025, 8, 7, 1, 30, tzinfo=UTC)), GENESIS) == canonical(BASE, GENESIS)
    text = canonical(BASE, GENESIS).decode("utf-8")
    assert '"at":"2025-08-07T01:30:00.000000"' in text and '"document_id":null' in text and "ư" in text


def test_every_hashed_field_and_the_link_change_the_hash():
    h = event_hash(BASE, GENESIS)
    for k, v in (("comment", "Đồng ý."), ("at", datetime(2025, 8, 7, 1, 30, 0, 1)), ("details", None),
                 ("org_id", 2), ("version_no", None), ("actor_id", 8)):
        assert event_hash(dict(BASE, **{k: v}), GENESIS) != h, k
    assert event_hash(BASE, "1" * 64) != h


def _chain(n: int) -> list[ChainEvent]:
    out, prev = [], GENESIS
    for i in range(1, n + 1):
        content = dict(BASE, comment=f"sự kiện {i}")
        h = event_hash(content, prev)
        out.append(ChainEvent(i * 10, content, prev, h))
        prev = h
    return out


def test_the_verifier_names_the_first_break_of_each_kind():
    events = _chain(5)
    head = Head(5, events[-1].hash)
    assert verify(events, head).ok and contains(events, head.hash)
    changed = events[:2] + [ChainEvent(30, dict(events[2].content, comment="khác"), events[2].prev_hash,
                                       events[2].hash)] + events[3:]
    assert (verify(changed, head).broken.kind, verify(changed, head).broken.event_id) == ("changed", 30)
    removed = events[:1] + events[2:]
    b = verify(removed, head).broken
    assert (b.kind, b.event_id, b.after_id, b.position) == ("removed", 30, 10, 2)
    tail = verify(events[:3], head).broken
    assert (tail.kind, tail.event_id, tail.after_id) == ("removed", None, 30)
    assert verify(events[:3], None).ok, "without a head, a shortened chain looks whole"
