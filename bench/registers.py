"""The outgoing register at scale (PostgreSQL): rows bulk-inserted with generate_series, then read over HTTP."""
from __future__ import annotations

import statistics
import time

import psycopg

from tests.production.server import Client

# One row in RARE_EVERY mentions "biên giới" (search hits are rare: the query has to look far).
RARE_EVERY = 1000


def bulk_insert(url: str, start: int, count: int) -> float:
    """Insert `count` dispatched documents with their register rows, numbered from `start`; seconds taken."""
    t0 = time.perf_counter()
    with psycopg.connect(url, autocommit=False) as conn:
        org_id, person_id = conn.execute(
            "select o.id, p.id from organizations o join people p on p.org_id = o.id "
            "where o.code = 'DUCP' and p.username = 'lan.tt'").fetchone()
        conn.execute("""
            insert into documents (org_id, system, ruleset, kind, subject, preamble, body, place, recipients,
                archive_units, created_by_id, status, version_no, content_hash, number, symbol, issue_date,
                created_at, updated_at, dispatched_at, lock_version)
            select %(org)s, 'PARTY', 'PARTY_399_05', 'CV',
                   case when g %% %(rare)s = 0 then 'Về công tác bảo vệ biên giới quốc gia đợt ' || g
                        else 'Về việc triển khai nhiệm vụ số ' || g end,
                   '', 'Nội dung công văn số ' || g, 'Hà Nội', '[]'::jsonb, '["VT"]'::jsonb, %(person)s,
                   'DISPATCHED', 1, md5(g::text), g, g || '-CV/ĐU',
                   date '2026-01-01' + (g %% 300)::int, now(), now(), now(), 1
            from generate_series(%(lo)s::bigint, %(hi)s::bigint) g""",
                     {"org": org_id, "person": person_id, "rare": RARE_EVERY, "lo": start, "hi": start + count - 1})
        conn.execute("""
            insert into outgoing_register (document_id, org_id, year, kind, number, symbol, issue_date,
                kind_and_subject, signer_name, recipients_text, archive_text, copies, dispatched_at, search_text,
                created_at)
            select d.id, d.org_id, extract(year from d.issue_date)::int, d.kind, d.number, d.symbol, d.issue_date,
                   'Công văn: ' || d.subject, 'Nguyễn Đức Phong', 'Các đảng ủy trực thuộc', 'VT', 2, d.dispatched_at,
                   lower(d.symbol || ' cong van ' ||
                         case when d.number %% %(rare)s = 0 then 've cong tac bao ve bien gioi quoc gia dot '
                              else 've viec trien khai nhiem vu so ' end || d.number || ' nguyen duc phong'),
                   now()
            from documents d
            where d.kind = 'CV' and d.number between %(lo)s and %(hi)s and d.org_id = %(org)s""",
                     {"org": org_id, "rare": RARE_EVERY, "lo": start, "hi": start + count - 1})
        conn.commit()
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("analyze documents")
        conn.execute("analyze outgoing_register")
    return time.perf_counter() - t0


def read_latency(base: str, repeat: int = 15) -> dict[str, float]:
    """Median ms of: the first register page, page 3 by keyset, a search with rare hits, a search for a symbol."""
    archivist = Client(base, "mai.vt")

    def median(path: str) -> float:
        r = archivist.get(path)
        assert r.status_code == 200, (r.status_code, r.text[:300])
        times = []
        for _ in range(repeat):
            t0 = time.perf_counter()
            r = archivist.get(path)
            times.append((time.perf_counter() - t0) * 1000)
            assert r.status_code == 200
        return statistics.median(times)

    first = archivist.get("/api/registers/outgoing?limit=50").json()
    cursor = first.get("next_cursor")
    return {
        "page": median("/api/registers/outgoing?limit=50"),
        "page_keyset": median(f"/api/registers/outgoing?limit=50&cursor={cursor}") if cursor else float("nan"),
        "search": median("/api/registers/outgoing?limit=50&q=bi%C3%AAn%20gi%E1%BB%9Bi"),
        "search_none": median("/api/registers/outgoing?limit=50&q=kh%C3%B4ngc%C3%B3t%E1%BB%AB"),
    }
