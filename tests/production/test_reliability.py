"""No lost update, no number twice, nothing half-stored: through real gunicorn workers on both databases."""
from __future__ import annotations

import hashlib
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
import requests
import sqlalchemy as sa

from ..seed_docs import seed000
from .server import TEST_APP, Client, Gunicorn, ok

REPETITIONS = 50
ACTORS = {"draft": "lan.tt", "content_review": "hung.lv", "format_check": "tuan.pm", "sign": "phong.nd",
          "register": "ha.dt", "dispatch": "ha.dt"}
REVIEWS = ("content_review", "format_check", "sign")


def engine_for(url: str) -> sa.Engine:
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url[len("postgresql://"):]
    return sa.create_engine(url, poolclass=sa.pool.NullPool)


def state_of(url: str) -> dict:
    """Everything a half-done action could leave behind, as plain values."""
    eng = engine_for(url)
    try:
        with eng.connect() as c:
            q = lambda sql: c.execute(sa.text(sql)).all()  # noqa: E731
            wf = q("select document_id, completed, state from workflow_instances order by document_id")
            return {
                "documents": q("select id, status, step, step_task_id, lock_version, number, symbol from documents "
                               "order by id"),
                "workflows": [(d, done, hashlib.sha256(s.encode()).hexdigest()) for d, done, s in wf],
                "series": q("select id, next_value from number_series where direction = 'OUT' order by id"),
                "register": q("select document_id, number from outgoing_register order by id"),
                "audit": q("select count(*) from audit_events"),
                "deliveries": q("select count(*) from deliveries"),
            }
    finally:
        eng.dispose()


class People:
    """Signed-in clients by username (one HTTP session each), created lazily."""

    def __init__(self, base: str) -> None:
        self.base = base
        self._clients: dict[str, Client] = {}

    def __getitem__(self, username: str) -> Client:
        if username not in self._clients:
            self._clients[username] = Client(self.base, username)
        return self._clients[username]


def new_document(people: People, payload: dict) -> dict:
    return ok(people["lan.tt"].post("/api/documents", json=payload), 201)


def advance(people: People, doc: dict, until: str) -> dict:
    while doc["step"] != until:
        data = {"decision": "approve"} if doc["step"] in REVIEWS else {}
        doc = ok(people[ACTORS[doc["step"]]].complete(doc, data))
    return doc


def race(doc: dict, first: Client, second: Client) -> list[requests.Response]:
    """Two clients complete the same task at the same instant (released together by a barrier)."""
    barrier = threading.Barrier(2)
    bodies = [{"decision": "approve"}, {"decision": "return", "comment": "Đề nghị bổ sung số liệu."}]
    results: list = [None, None]

    def act(i: int, client: Client) -> None:
        barrier.wait()
        results[i] = client.complete(doc, bodies[i])

    threads = [threading.Thread(target=act, args=(i, c)) for i, c in enumerate((first, second))]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    return results


def check_one_winner(results: list[requests.Response], doc_before: dict, reader: Client) -> None:
    statuses = sorted(r.status_code for r in results)
    assert statuses == [200, 409], [(r.status_code, r.text[:200]) for r in results]
    winner = next(i for i, r in enumerate(results) if r.status_code == 200)
    loser = results[1 - winner].json()
    assert loser["error"] in ("task_not_ready", "stale", "conflict") and loser["message"]
    doc = ok(reader.get(f"/api/documents/{doc_before['id']}"))
    assert doc["step"] == ("format_check" if winner == 0 else "draft")
    assert doc["version"] == doc_before["version"] + 1, "exactly one write reached the document"
    history = ok(reader.get(f"/api/documents/{doc_before['id']}/history"))["items"]
    reviews = [e for e in history if e["task"] == "content_review"]
    assert len(reviews) == 1 and reviews[0]["action"] == ("approve" if winner == 0 else "return")


def test_the_same_task_completed_by_two_clients_at_once_succeeds_exactly_once(live_db):
    payload = seed000()["payload"]
    with Gunicorn(live_db, workers=2) as server:
        people = People(server.base)
        tab_a, tab_b = Client(server.base, "hung.lv"), Client(server.base, "hung.lv")
        for _ in range(REPETITIONS):
            doc = advance(people, new_document(people, payload), "content_review")
            check_one_winner(race(doc, tab_a, tab_b), doc, people["hung.lv"])


def test_two_instances_sharing_one_postgresql_behave_as_one(live_pg_db):
    payload = seed000()["payload"]
    with Gunicorn(live_pg_db, workers=2) as one, Gunicorn(live_pg_db, workers=2) as two:
        people_one, people_two = People(one.base), People(two.base)
        doc = new_document(people_one, payload)
        ok(people_one["lan.tt"].complete(doc))
        seen = ok(people_two["lan.tt"].get(f"/api/documents/{doc['id']}"))
        assert seen["step"] == "content_review", "a task completed on one instance is done on the other"
        stale = people_two["lan.tt"].complete(doc)
        assert stale.status_code == 409 and "Trần Thị Lan" in stale.json()["message"]
        tasks = ok(people_two["hung.lv"].get("/api/tasks"))["items"]
        assert [t["document"]["id"] for t in tasks] == [doc["id"]]

        tab_a, tab_b = Client(one.base, "hung.lv"), Client(two.base, "hung.lv")
        for _ in range(REPETITIONS):
            doc = advance(people_one, new_document(people_two, payload), "content_review")
            check_one_winner(race(doc, tab_a, tab_b), doc, people_two["hung.lv"])


def test_fifty_documents_signed_and_numbered_concurrently_get_23_to_72_gapless(live_db):
    payload = seed000()["payload"]
    with Gunicorn(live_db, workers=2) as server:
        local = threading.local()

        def people() -> People:
            if not hasattr(local, "people"):
                local.people = People(server.base)
            return local.people

        with ThreadPoolExecutor(4) as pool:
            docs = list(pool.map(lambda _: advance(people(), new_document(people(), payload), "sign"), range(50)))
        with ThreadPoolExecutor(8) as pool:
            signed = list(pool.map(lambda d: ok(people()["phong.nd"].complete(d, {"decision": "approve"})), docs))
        assert all(d["step"] == "register" and d["number"] is None for d in signed)
        with ThreadPoolExecutor(8) as pool:
            numbered = list(pool.map(lambda d: ok(people()["ha.dt"].complete(d)), signed))

    numbers = sorted(d["number"] for d in numbered)
    assert numbers == list(range(23, 73)), "unique and gapless, continuing the series at 23"
    assert len({d["symbol"] for d in numbered}) == 50
    state = state_of(live_db)
    assert sorted(n for _, n in state["register"]) == list(range(23, 73))
    assert max(v for _, v in state["series"]) == 73


def test_a_worker_killed_before_commit_leaves_nothing_and_the_retry_succeeds(live_db, tmp_path: Path):
    trigger = tmp_path / "fault-armed"
    env = {"VANBAN_TEST_FAULT": "before_commit", "VANBAN_TEST_FAULT_MODE": "kill",
           "VANBAN_TEST_FAULT_TRIGGER": str(trigger)}
    with Gunicorn(live_db, workers=2, app=TEST_APP, env=env) as server:
        people = People(server.base)
        doc = advance(people, new_document(people, seed000()["payload"]), "register")
        clerk = people["ha.dt"]
        before = state_of(live_db)
        workers_before = set(server.worker_pids())

        trigger.touch()
        with pytest.raises(requests.ConnectionError):
            clerk.complete(doc)  # the worker dies after the engine step, before the commit
        assert not trigger.exists(), "the fault fired"
        assert state_of(live_db) == before, "nothing partial was stored: no number, no register row, same state"

        deadline = time.monotonic() + 30
        while len(server.worker_pids()) < 2 and time.monotonic() < deadline:
            time.sleep(0.1)
        assert set(server.worker_pids()) != workers_before, "gunicorn replaced the killed worker"
        retried = ok(Client(server.base, "ha.dt").complete(doc))
        assert (retried["number"], retried["symbol"], retried["step"]) == (23, "23-KH/ĐU", "dispatch")
    after = state_of(live_db)
    assert [n for _, n in after["register"]] == [23]
    assert after["audit"][0][0] == before["audit"][0][0] + 1
