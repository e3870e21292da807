"""Time-in-step analytics at scale: N documents' worth of audit events and completed steps (step_durations, the
rows the task completions write) bulk-inserted with one INSERT … SELECT each (a recursive numbers CTE, the same
on SQLite and PostgreSQL), then the /api/analytics/steps use case (and the page's call, with its chart) timed
against a plain COUNT(*) over step_durations in the same run, at 10 000 and 100 000 documents.

    .venv/bin/python -m bench.analytics [--quick] [--sizes 10000,100000] [--sqlite-only]

Nine documents in ten went through all six steps (7 events: create and six completions); one in ten waits for
the content review. Waits vary by document id; documents are spread over a year.
"""
from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from datetime import datetime
from functools import partial
from pathlib import Path

import sqlalchemy as sa

from . import service as svc

STEPS = [("create", None), ("submit", "draft"), ("approve", "content_review"), ("approve", "format_check"),
         ("sign", "sign"), ("register", "register"), ("dispatch", "dispatch")]

_SQL = {
    "sqlite": {"created": "datetime('2025-01-01', '+' || (n % 360) || ' days', '+' || (n % 480) || ' minutes')",
               "at": "datetime(d.created_at, '+' || ({k} * 60 + (d.id * 37 % 600) * {k}) || ' minutes')",
               "json": "'[]'",
               "month": "CAST(strftime('%Y%m', {at}, '+7 hours') AS INTEGER)"},
    "postgresql": {"created": "timestamp '2025-01-01' + (n % 360) * interval '1 day' + (n % 480) * interval '1 minute'",
                   "at": "d.created_at + ({k} * 60 + (d.id * 37 % 600) * {k}) * interval '1 minute'",
                   "json": "CAST('[]' AS JSONB)",
               "month": "CAST(EXTRACT(YEAR FROM {at} + INTERVAL '7 hours') * 100 "
                        "+ EXTRACT(MONTH FROM {at} + INTERVAL '7 hours') AS INTEGER)"},
}


def _app(url: str):
    from service import create_app
    from service.clock import FrozenClock
    from service.config import TestConfig

    cfg = {k: getattr(TestConfig, k) for k in dir(TestConfig) if k.isupper()}
    cfg["SQLALCHEMY_DATABASE_URI"] = url.replace("postgresql://", "postgresql+psycopg://", 1)
    cfg["CLOCK"] = FrozenClock(datetime(2026, 1, 5, 3, 0))
    return create_app(cfg)


def bulk_insert(conn: sa.Connection, lo: int, hi: int) -> float:
    """Documents lo..hi (numbers) with their audit events and completed steps; seconds taken."""
    t0 = time.perf_counter()
    sql = _SQL[conn.dialect.name]
    org, person, unit = conn.execute(sa.text(
        "select o.id, p.id, p.unit_id from organizations o join people p on p.org_id = o.id "
        "where o.code = 'DUCP' and p.username = 'lan.tt'")).one()
    numbers = "WITH RECURSIVE g(n) AS (SELECT CAST(:lo AS INTEGER) UNION ALL SELECT n + 1 FROM g WHERE n < :hi)"
    conn.execute(sa.text(f"""{numbers}
        INSERT INTO documents (org_id, drafting_unit_id, system, ruleset, kind, subject, preamble, body, place,
            recipients, archive_units, created_by_id, status, step, step_role, step_since, version_no, content_hash,
            created_at, updated_at, lock_version, urgency)
        SELECT :org, :unit, 'PARTY', 'PARTY_399_05', 'CV', 'Bench ' || n, '', '', 'Hà Nội', {sql['json']},
            {sql['json']}, :person,
            CASE WHEN n % 10 = 0 THEN 'IN_REVIEW' ELSE 'DISPATCHED' END,
            CASE WHEN n % 10 = 0 THEN 'content_review' END, CASE WHEN n % 10 = 0 THEN 'unit_head' END,
            {sql['created']}, 1, 'x', {sql['created']}, {sql['created']}, 1,
            CASE WHEN n % 50 = 0 THEN 'KHAN' END
        FROM g"""), {"lo": lo, "hi": hi, "org": org, "unit": unit, "person": person})
    first = conn.scalar(sa.text("select min(id) from documents where subject = :s"), {"s": f"Bench {lo}"})
    last = first + (hi - lo)
    for k, (action, task) in enumerate(STEPS):
        only_open = "" if k < 2 else "AND d.step IS NULL"
        conn.execute(sa.text(f"""
            INSERT INTO audit_events (org_id, prev_hash, hash, document_id, actor_id, action, task, version_no, at)
            SELECT d.org_id, '0', '0', d.id, :person, :action, :task, 1, {sql['at'].format(k=k)}
            FROM documents d WHERE d.id BETWEEN :first AND :last {only_open}"""),
            {"person": person, "action": action, "task": task, "first": first, "last": last})
        if task is None:
            continue
        left = sql["at"].format(k=k)
        conn.execute(sa.text(f"""
            INSERT INTO step_durations (org_id, document_id, step, drafting_unit_id, person_id, entered_at, left_at,
                seconds, month)
            SELECT d.org_id, d.id, :task, d.drafting_unit_id, :person, {sql['at'].format(k=k - 1)}, {left},
                (60 + d.id * 37 % 600) * 60, {sql['month'].format(at=left)}
            FROM documents d WHERE d.id BETWEEN :first AND :last {only_open}"""),
            {"person": person, "task": task, "first": first, "last": last})
    return time.perf_counter() - t0


def _median_ms(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t0) * 1000)
    return statistics.median(times)


def measure(url: str, sizes: list[int], repeat: int) -> list[dict]:
    from service.extensions import db
    from service.store.organizations import Person
    from service.usecases import analytics

    app = _app(url)
    out, done = [], 0
    with app.app_context():
        for size in sizes:
            with db.engine.begin() as conn:
                secs = bulk_insert(conn, done + 1, size)
            if db.engine.dialect.name == "postgresql":  # what autovacuum does after a bulk load: statistics, and
                # the visibility map that lets the percentiles be read from the index alone
                with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
                    conn.execute(sa.text("VACUUM ANALYZE documents, audit_events, step_durations"))
            done = size
            office = db.session.scalar(sa.select(Person).where(Person.username == "tuan.pm"))
            f = analytics.Filters(start="2025-01", end="2025-12")  # the whole year: every event
            f6 = analytics.Filters(start="2025-07", end="2025-12", by="unit")  # the page's default span of 6 months
            report = analytics.step_report(office, f)
            count_ms = _median_ms(lambda: db.session.execute(sa.text("select count(*) from step_durations")).scalar(),
                                  repeat)
            step_ms = _median_ms(partial(analytics.step_report, office, f), repeat)
            page_ms = _median_ms(partial(analytics.step_report, office, f6, chart=True), repeat)
            person_ms = _median_ms(partial(analytics.step_report, office, analytics.Filters(
                start="2025-01", end="2025-12", by="person")), repeat)
            events = db.session.scalar(sa.text("select count(*) from audit_events"))
            spans = db.session.scalar(sa.text("select count(*) from step_durations"))
            row = {"documents": size, "events": events, "steps": spans, "insert_s": round(secs, 1), "count_ms": round(count_ms, 1),
                   "by_step_ms": round(step_ms, 1), "by_person_ms": round(person_ms, 1),
                   "ratio_by_step": round(step_ms / count_ms, 1), "ratio_by_person": round(person_ms / count_ms, 1),
                   "page_6_months_ms": round(page_ms, 1), "ratio_page": round(page_ms / count_ms, 1),
                   "rows": len(report.rows), "waiting": sum(r["waiting"] for r in report.now)}
            out.append(row)
            db.session.remove()
        db.engine.dispose()
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m bench.analytics", description=__doc__)
    ap.add_argument("--quick", action="store_true", help="1 000 and 10 000 documents")
    ap.add_argument("--sizes", default=None, help="comma-separated document counts (ascending)")
    ap.add_argument("--sqlite-only", action="store_true")
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",")] if args.sizes else ([1000, 10_000] if args.quick
                                                                        else [10_000, 100_000])
    backends = ["sqlite"] + ([] if args.sqlite_only or not svc.pg_reachable() else ["postgresql"])
    print("backend     documents   events    steps  insert_s  count(*)_ms  by_step_ms  ratio  by_person_ms  ratio"
          "  page_6m_ms  ratio", flush=True)
    with tempfile.TemporaryDirectory() as tmp:
        for kind in backends:
            with svc.database(kind, Path(tmp)) as url:
                for r in measure(url, sizes, args.repeat):
                    print(f"{kind:<11} {r['documents']:>9} {r['events']:>8} {r['steps']:>8} {r['insert_s']:>9} {r['count_ms']:>12} "
                          f"{r['by_step_ms']:>11} {r['ratio_by_step']:>6} {r['by_person_ms']:>13} "
                          f"{r['ratio_by_person']:>6} {r['page_6_months_ms']:>11} {r['ratio_page']:>6}", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
