"""Test data for the time-in-step analytics: a few hundred documents of Ban Tuyên giáo và Dân vận moved through
the API while the frozen clock moves, so that every wait is different and known.

- 240 drafts, created 10 minutes apart from Monday 4/8/2025 08:00 (Hà Nội), alternately by lan.tt and minh.nv;
  lan.tt submits each (i % 17 + 1) × 15 minutes after its
  creation, minh.nv (i % 13 + 1) × 20 minutes; every tenth document is urgent (Khẩn);
- the unit head approves the first 180 (one bulk of 180) on 20/8/2025 10:00;
- the office checks the format of the first 100 in September: tuan.pm the first 60 on 3/9 11:00, thu.bt the
  next 40 on 3/9 16:30;
- "now" is Friday 5/9/2025 11:00: 60 wait for content review (all overdue: since 4–6/8), 80 for the format check
  (all overdue: since 20/8), 100 for signing (overdue: the 10 urgent ones, whose day ended).
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from ..seed_docs import seed000

N = 240
REVIEWED = 180
CHECKED_BY_TUAN = 60
CHECKED = 100
BASE = datetime(2025, 8, 4, 1, 0)  # naive UTC = 08:00 in Hà Nội, Monday
REVIEW_AT = datetime(2025, 8, 20, 3, 0)
CHECK_TUAN_AT = datetime(2025, 9, 3, 4, 0)
CHECK_THU_AT = datetime(2025, 9, 3, 9, 30)
NOW = datetime(2025, 9, 5, 4, 0)


def nearest_rank(values: list[float], p: float) -> float:
    """Written out here on its own (not the service's helper): the value at rank ceil(p·n) of the sorted values."""
    ordered = sorted(values)
    return ordered[max(1, math.ceil(p * len(ordered) - 1e-9)) - 1]


@dataclass
class Expected:
    draft_waits: dict[str, list[float]] = field(default_factory=lambda: {"lan.tt": [], "minh.nv": []})
    review_waits: list[float] = field(default_factory=list)
    check_waits: dict[str, list[float]] = field(default_factory=lambda: {"tuan.pm": [], "thu.bt": []})
    ids: list[int] = field(default_factory=list)


def _bulk(client, headers, task: str, ids: list[int]) -> None:
    r = client.post("/api/tasks/bulk", json={"task": task, "data": {"decision": "approve"}, "items": ids},
                    headers=headers)
    assert r.status_code == 200 and r.get_json()["succeeded"] == len(ids), r.get_json()


def build(client, login, clock) -> Expected:
    exp = Expected()
    submitted: list[datetime] = []
    for i in range(N):
        who = "lan.tt" if i % 2 == 0 else "minh.nv"
        clock.set(BASE + timedelta(minutes=10 * i))
        payload = seed000()["payload"] | {"subject": f"Kế hoạch tuyên truyền số {i + 1}"}
        if i % 10 == 0:
            payload["urgency"] = "KHAN"
        r = client.post("/api/documents", json=payload, headers=login(who))
        assert r.status_code == 201, r.get_json()
        doc = r.get_json()
        wait = timedelta(minutes=15 * (i % 17 + 1) if who == "lan.tt" else 20 * (i % 13 + 1))
        clock.advance(seconds=wait.total_seconds())
        r = client.post(f"/api/documents/{doc['id']}/tasks/{doc['task_id']}", json={}, headers=login(who))
        assert r.status_code == 200, r.get_json()
        exp.ids.append(doc["id"])
        exp.draft_waits[who].append(wait.total_seconds())
        submitted.append(clock.now())
    clock.set(REVIEW_AT)
    _bulk(client, login("hung.lv"), "content_review", exp.ids[:REVIEWED])
    exp.review_waits = [(REVIEW_AT - s).total_seconds() for s in submitted[:REVIEWED]]
    clock.set(CHECK_TUAN_AT)
    _bulk(client, login("tuan.pm"), "format_check", exp.ids[:CHECKED_BY_TUAN])
    clock.set(CHECK_THU_AT)
    _bulk(client, login("thu.bt"), "format_check", exp.ids[CHECKED_BY_TUAN:CHECKED])
    exp.check_waits["tuan.pm"] = [(CHECK_TUAN_AT - REVIEW_AT).total_seconds()] * CHECKED_BY_TUAN
    exp.check_waits["thu.bt"] = [(CHECK_THU_AT - REVIEW_AT).total_seconds()] * (CHECKED - CHECKED_BY_TUAN)
    clock.set(NOW)
    return exp
