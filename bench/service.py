"""The service through HTTP: real gunicorn, real database, clients signed in once (argon2 only at sign-in)."""
from __future__ import annotations

import itertools
import os
import statistics
import threading
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from tests.production.server import Client, Gunicorn, run_flask

from .cpu import ServerCpu
from .payload import plan

PG_ADMIN_URL = os.environ.get("TEST_PG_URL", "postgresql://127.0.0.1:5432/test")
ACTORS = {"draft": "lan.tt", "content_review": "hung.lv", "format_check": "tuan.pm", "sign": "phong.nd",
          "register": "ha.dt", "dispatch": "ha.dt"}
REVIEWS = ("content_review", "format_check", "sign")
PEOPLE = ("lan.tt", "hung.lv", "tuan.pm", "phong.nd", "ha.dt", "mai.vt")


def _pg(sql: str) -> None:
    import psycopg

    with psycopg.connect(PG_ADMIN_URL, autocommit=True) as conn:
        conn.execute(sql)


#: `flask keys init` puts every demo key under this PIN (service.usecases.keys.DEMO_PIN).
DEMO_PIN = "123456"


def _prepare(url: str, keys: bool) -> None:
    run_flask(url, "db", "upgrade")
    run_flask(url, "demo", "load")
    if keys:  # the demo organizations then sign digitally: personal PAdES at Sign, the organization's at dispatch
        run_flask(url, "keys", "init")


@contextmanager
def database(kind: str, tmp: Path, keys: bool = False) -> Iterator[str]:
    """A fresh migrated database with the demo data (SQLite file or throw-away PostgreSQL database); `keys`: with
    the demo signing keys, as a real office runs."""
    if kind == "sqlite":
        url = f"sqlite:///{tmp / f'bench-{uuid.uuid4().hex[:6]}.sqlite'}"
        _prepare(url, keys)
        yield url
        return
    name = f"vanban_bench_{uuid.uuid4().hex[:8]}"
    _pg(f'CREATE DATABASE "{name}"')
    try:
        url = PG_ADMIN_URL.rsplit("/", 1)[0] + "/" + name
        _prepare(url, keys)
        yield url
    finally:
        _pg(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def pg_reachable() -> bool:
    try:
        _pg("select 1")
        return True
    except Exception:  # noqa: BLE001
        return False


class Actors:
    def __init__(self, base: str) -> None:
        self.clients = {u: Client(base, u) for u in PEOPLE}

    def __getitem__(self, username: str) -> Client:
        return self.clients[username]


def _timed(samples: list | None, label: str, fn):
    t0 = time.perf_counter()
    r = fn()
    dt = (time.perf_counter() - t0) * 1000
    if r.status_code not in (200, 201):
        raise RuntimeError(f"{label}: {r.status_code} {r.text[:300]}")
    if samples is not None:
        samples.append((label, dt))
    return r.json()


def create(actors: Actors, payload: dict, samples: list | None = None) -> dict:
    return _timed(samples, "create", lambda: actors["lan.tt"].post("/api/documents", json=payload))


def step(actors: Actors, doc: dict, samples: list | None = None, data: dict | None = None,
         pin: str | None = None) -> dict:
    """Complete the open step; `pin` rides along in every step of a signed lifecycle (the service takes it out and
    uses it only where a key signs: the Sign and dispatch steps)."""
    if data is None:
        data = {"decision": "approve"} if doc["step"] in REVIEWS else {}
    if pin is not None:
        data = {**data, "pin": pin}
    return _timed(samples, f"complete:{doc['step']}", lambda: actors[ACTORS[doc["step"]]].complete(doc, data))


_signed_serial = itertools.count(1)


def lifecycle(actors: Actors, payload: dict, samples: list | None = None, pin: str | None = None) -> dict:
    if pin is not None:  # every signed document prints differently, as in an office: no rendering of another reused
        payload = {**payload, "subject": f"{payload['subject']} (bản {next(_signed_serial)})"}
    doc = create(actors, payload, samples)
    while doc["step"] is not None:
        doc = step(actors, doc, samples, pin=pin)
    return doc


def return_loop(actors: Actors, doc: dict) -> dict:
    """Submit the draft, then the unit head returns it with a comment: back at 'draft'."""
    doc = step(actors, doc)
    return step(actors, doc, data={"decision": "return", "comment": "Đề nghị bổ sung số liệu."})


def percentile(values: list[float], p: float) -> float:
    values = sorted(values)
    if not values:
        return float("nan")
    k = (len(values) - 1) * p
    lo, hi = int(k), min(int(k) + 1, len(values) - 1)
    return values[lo] + (values[hi] - values[lo]) * (k - lo)


def throughput(server: Gunicorn, clients: int, lifecycles_per_client: int, payload: dict,
               pin: str | None = None) -> dict:
    """`clients` threads, each with its own signed-in sessions, running whole lifecycles back to back; the wall
    time and the server's CPU time (master and workers, from /proc) of the cell."""
    actors = [Actors(server.base) for _ in range(clients)]
    for a in actors:  # warm-up: every worker has loaded what it caches
        lifecycle(a, payload, pin=pin)
    samples: list[list] = [[] for _ in range(clients)]
    errors: list[BaseException] = []
    barrier = threading.Barrier(clients + 1)

    def work(i: int) -> None:
        barrier.wait()
        try:
            for _ in range(lifecycles_per_client):
                lifecycle(actors[i], payload, samples[i], pin=pin)
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(i,)) for i in range(clients)]
    for t in threads:
        t.start()
    with ServerCpu(server) as cpu:
        barrier.wait()
        t0 = time.perf_counter()
        for t in threads:
            t.join()
        elapsed = time.perf_counter() - t0
    if errors:
        raise errors[0]
    flat = [s for per in samples for s in per]
    complete = [ms for label, ms in flat if label.startswith("complete")]
    every = [ms for _, ms in flat]
    n = clients * lifecycles_per_client
    by_step = {label.split(":", 1)[1]: statistics.median(ms for lb, ms in flat if lb == label)
               for label in dict.fromkeys(lb for lb, _ in flat) if label.startswith("complete:")}
    return {"clients": clients, "lifecycles": n, "seconds": elapsed, "per_s": n / elapsed,
            "p50": percentile(every, 0.5), "p95": percentile(every, 0.95),
            "complete_p50": percentile(complete, 0.5), "complete_p95": percentile(complete, 0.95),
            "create_p50": percentile([ms for label, ms in flat if label == "create"], 0.5),
            "step_p50": by_step, "cpu_s": cpu.seconds, "cpu_ms_per_lifecycle": cpu.seconds * 1000 / n,
            "cpu_ms_per_request": cpu.seconds * 1000 / len(flat)}


def loops_growth(server: Gunicorn, loops: tuple[int, ...], docs: int = 3) -> dict[int, dict]:
    """Cost of completing a task after k return-for-revision loops (every step from the submission to dispatch):
    the median wall time and the server CPU per step (only the measured steps are inside the CPU window; the
    kernel counts CPU in 10 ms ticks, so the window spans dozens of steps)."""
    actors = Actors(server.base)
    out = {}
    for k in loops:
        times: list = []
        cpu_s = 0.0
        for _ in range(docs):
            doc = create(actors, plan(8))
            for _ in range(k):
                doc = return_loop(actors, doc)
            with ServerCpu(server) as cpu:
                while doc["step"] is not None:  # submit, approve, approve, sign, register, dispatch
                    doc = step(actors, doc, times)
            cpu_s += cpu.seconds
        out[k] = {"ms": statistics.median(ms for _, ms in times), "cpu_ms": cpu_s * 1000 / len(times)}
    return out


def dispatch_growth(base: str, sizes: tuple[int, ...], repeat: int = 3) -> dict[int, float]:
    """Median latency of the dispatch request for N Nơi nhận lines."""
    actors = Actors(base)
    out = {}
    for n in sizes:
        times: list = []
        for _ in range(repeat):
            doc = create(actors, plan(n))
            while doc["step"] != "dispatch":
                doc = step(actors, doc)
            step(actors, doc, times)
        out[n] = statistics.median(ms for _, ms in times)
    return out


def bulk_cost(base: str, n: int = 200) -> dict:
    """One POST /api/tasks/bulk approving n documents at content review, against n single approvals of as many
    documents in the same run: the bulk request's wall time and its cost per item relative to one request."""
    actors = Actors(base)
    singles, bulk_docs = [], []
    for _ in range(n):
        singles.append(step(actors, create(actors, plan(8))))
        bulk_docs.append(step(actors, create(actors, plan(8))))
    t0 = time.perf_counter()
    for doc in singles:
        step(actors, doc)
    single_ms = (time.perf_counter() - t0) * 1000
    body = {"task": "content_review", "data": {"decision": "approve"}, "items": [d["id"] for d in bulk_docs]}
    out = _timed(None, "bulk", lambda: actors["hung.lv"].post("/api/tasks/bulk", json=body))
    bulk_ms = (time.perf_counter() - t0) * 1000 - single_ms
    if out["succeeded"] != n:
        raise RuntimeError(f"bulk: {out['failed']} of {n} failed")
    return {"items": n, "bulk_ms": bulk_ms, "singles_ms": single_ms, "ratio": bulk_ms / single_ms}


def rss_kib(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


def memory_growth(server: Gunicorn, lifecycles: int, clients: int = 4,
                  checkpoints: int = 4) -> list[tuple[int, int, float | None]]:
    """(lifecycles done, total worker RSS in KiB, server CPU ms per lifecycle of the chunk ending there) at a few
    checkpoints: the growth of both with the number of documents."""
    payload = plan(8)
    actors = [Actors(server.base) for _ in range(clients)]
    done = 0
    out = []
    per_chunk = max(1, lifecycles // checkpoints)
    lock = threading.Lock()
    for a in actors:
        lifecycle(a, payload)
    out.append((0, sum(rss_kib(p) for p in server.worker_pids()), None))
    while done < lifecycles:
        chunk = min(per_chunk, lifecycles - done)
        counter = iter(range(chunk))

        def work(a: Actors, counter=counter) -> None:
            while True:
                with lock:
                    if next(counter, None) is None:
                        return
                lifecycle(a, payload)

        threads = [threading.Thread(target=work, args=(a,)) for a in actors]
        with ServerCpu(server) as cpu:
            for t in threads:
                t.start()
            for t in threads:
                t.join()
        done += chunk
        out.append((done, sum(rss_kib(p) for p in server.worker_pids()), cpu.seconds * 1000 / chunk))
    return out
