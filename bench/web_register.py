"""`python -m bench.web_register [--rows 100000]`: the register PAGE (HTML) and its exports at scale.

Builds a migrated SQLite database (and PostgreSQL when reachable) with the demo data plus N historic register
rows, then times the first page, a page deep in the keyset, searches (common, rare, none) and the CSV export of
a filtered selection, through the Flask test client (no network). Prints medians in ms.
"""
from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from datetime import date, datetime
from pathlib import Path

from tests.conftest import DEMO_PASSWORD, _config, _migrate, pg_available

RARE_EVERY = 1000


def fill(app, n: int) -> None:
    from sqlalchemy import insert, select

    from service.domain.text import search_key
    from service.extensions import db
    from service.store.documents import Document, OutgoingRegisterEntry
    from service.store.organizations import Organization, Person
    from service.usecases.demo import load_demo

    with app.app_context():
        load_demo()
        db.session.commit()
        org = db.session.scalars(select(Organization).where(Organization.code == "DUCP")).one()
        lan = db.session.scalars(select(Person).where(Person.username == "lan.tt")).one()
        now = datetime(2025, 1, 1)
        for lo in range(1, n + 1, 10_000):
            batch = range(lo, min(n, lo + 9_999) + 1)
            subj = {i: ("Về công tác bảo vệ biên giới quốc gia đợt " if i % RARE_EVERY == 0
                        else "Về việc triển khai nhiệm vụ số ") + str(i) for i in batch}
            ids = db.session.scalars(insert(Document).returning(Document.id, sort_by_parameter_order=True), [
                dict(org_id=org.id, system="PARTY", ruleset="PARTY_66_36", kind="CV", subject=subj[i], place="Hà Nội",
                     recipients=[], archive_units=["VT"], created_by_id=lan.id, status="DISPATCHED",
                     content_hash="0" * 64, created_at=now, updated_at=now, version_no=1, lock_version=1)
                for i in batch]).all()
            db.session.execute(insert(OutgoingRegisterEntry), [
                dict(document_id=d, org_id=org.id, year=2020 + i % 6, kind="CV", number=i, symbol=f"{i}-CV/ĐU",
                     issue_date=date(2020 + i % 6, 1 + i % 12, 1 + i % 28), kind_and_subject="Công văn: " + subj[i],
                     signer_name="Nguyễn Đức Phong", recipients_text="Các đảng ủy trực thuộc", archive_text="VT",
                     copies=2, dispatched_at=now, created_at=now,
                     search_text=search_key(f"{i}-CV/ĐU Công văn {subj[i]} Nguyễn Đức Phong Các đảng ủy trực thuộc"))
                for i, d in zip(batch, ids, strict=True)])
            db.session.commit()
        if db.engine.dialect.name == "postgresql":
            db.session.execute(db.text("analyze outgoing_register"))
            db.session.commit()
        db.session.remove()


def measure(app, repeat: int) -> dict[str, float]:
    import re

    c = app.test_client()
    assert c.post("/login", data={"username": "mai.vt", "password": DEMO_PASSWORD}).status_code == 302
    first = c.get("/register/outgoing").get_data(as_text=True)
    from service.http.cursor import decode, encode

    first_id = decode(re.search(r"cursor=([\w-]+)", first).group(1), "b")  # the page's keyset cursor
    middle = encode({"b": first_id // 2})

    def median(path: str, rep: int = repeat) -> float:
        assert c.get(path).status_code == 200
        ts = []
        for _ in range(rep):
            t0 = time.perf_counter()
            r = c.get(path)
            ts.append((time.perf_counter() - t0) * 1000)
            assert r.status_code == 200
        return statistics.median(ts)

    return {
        "first page": median("/register/outgoing"),
        "keyset page (middle)": median(f"/register/outgoing?cursor={middle}"),
        "year+kind filter": median("/register/outgoing?year=2023&kind=CV"),
        "search common": median("/register/outgoing?q=trien+khai+nhiem+vu"),
        "search rare (1 in 1000)": median("/register/outgoing?q=bi%C3%AAn+gi%E1%BB%9Bi"),
        "search no hit": median("/register/outgoing?q=khongcotu"),
        "CSV export, 1 in 1000 rows": median("/register/outgoing.csv?q=bien+gioi", 3),
        "CSV export, one year (~1/6)": median("/register/outgoing.csv?year=2023", 1),
    }


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rows", type=int, default=100_000)
    ap.add_argument("--repeat", type=int, default=7)
    args = ap.parse_args()
    from service import create_app

    with tempfile.TemporaryDirectory() as tmp:
        urls = {"sqlite": f"sqlite:///{Path(tmp) / 'bench.sqlite'}"}
        if pg_available():
            import uuid

            import psycopg

            from tests.conftest import PG_ADMIN_URL
            name = f"vanban_bench_{uuid.uuid4().hex[:8]}"
            with psycopg.connect(PG_ADMIN_URL, autocommit=True) as conn:
                conn.execute(f'CREATE DATABASE "{name}"')
            urls["postgresql"] = PG_ADMIN_URL.rsplit("/", 1)[0].replace("postgresql://", "postgresql+psycopg://") + "/" + name
        try:
            for kind, url in urls.items():
                _migrate(url)
                app = create_app(_config(url))
                t0 = time.perf_counter()
                fill(app, args.rows)
                print(f"{kind}: {args.rows} register rows inserted in {time.perf_counter() - t0:.1f} s", flush=True)
                for k, v in measure(app, args.repeat).items():
                    print(f"  {k:32s} {v:8.1f} ms", flush=True)
                with app.app_context():
                    from service.extensions import db
                    db.engine.dispose()
        finally:
            if "postgresql" in urls:
                with psycopg.connect(PG_ADMIN_URL, autocommit=True) as conn:
                    conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


if __name__ == "__main__":
    main()
