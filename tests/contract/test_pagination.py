"""One pagination style for every list: `?limit=N&cursor=…` answers `{"items", "next_cursor"}` with an RFC 8288
next link; the cursor is opaque (an offset for short lists, a keyset position for the outgoing register) and a
cursor that is not one is a 400 problem in Vietnamese."""
from __future__ import annotations

import re

import pytest

from ..seed_docs import seed000
from ..web.test_register import add_entries
from .checked import CheckedClient


def _walk(api, url: str, headers: dict) -> tuple[list[dict], int]:
    """Every item of a list, following the Link header; each page's next_cursor must agree with the link."""
    items, pages = [], 0
    while url:
        r = api.get(url, headers=headers)
        assert r.status_code == 200, r.get_json()
        body = r.get_json()
        items += body["items"]
        pages += 1
        link = r.headers.get("Link")
        if body["next_cursor"] is None:
            assert link is None
            url = None
        else:
            (url,) = re.fullmatch(r'<([^>]+)>; rel="next"', link).groups()
            assert f"cursor={body['next_cursor']}" in url
        assert pages < 20
    return items, pages


def test_documents_page_by_cursor_and_link_without_repeats(client, login):
    api, lan = CheckedClient(client), login("lan.tt")
    made = [api.post("/api/documents", json=seed000()["payload"], headers=lan).get_json()["id"] for _ in range(5)]
    items, pages = _walk(api, "/api/documents?limit=2", lan)
    assert [d["id"] for d in items] == sorted(made, reverse=True) and pages == 3
    first = api.get("/api/documents?limit=5", headers=lan)
    assert first.get_json()["next_cursor"] is None and "Link" not in first.headers


def test_the_outgoing_register_pages_by_keyset(app, client, login):
    add_entries(app, 120)
    api, mai = CheckedClient(client), login("mai.vt")
    items, pages = _walk(api, "/api/registers/outgoing?kind=TB&limit=50", mai)
    symbols = [e["symbol"] for e in items]
    assert pages == 3 and len(symbols) == len(set(symbols)) == 120
    assert symbols[0] == "120-TB/ĐU" and symbols[-1] == "1-TB/ĐU"
    page = api.get("/api/registers/outgoing?kind=TB&limit=50", headers=mai).get_json()
    assert {c["key"] for c in page["columns"]} <= set(page["items"][0]), "declared columns are row fields"


def test_short_lists_answer_the_same_shape(client, login):
    api, admin = CheckedClient(client), login("quantri.ducp")
    everything = api.get("/api/organizations", headers=admin).get_json()
    assert everything["next_cursor"] is None
    items, pages = _walk(api, "/api/organizations?limit=3", admin)
    assert items == everything["items"] and pages == -(-len(items) // 3)


@pytest.mark.parametrize("cursor", ["garbage!", "eyJvIjotMX0", "eyJiIjo1fQ", "e30", "bnVsbA", "x" * 300])
def test_a_cursor_that_is_not_one_is_a_400_in_vietnamese(client, login, cursor):
    # eyJvIjotMX0 = {"o":-1}; eyJiIjo1fQ = {"b":5}, a register cursor on an offset list; e30 = {}; bnVsbA = null
    r = client.get(f"/api/documents?cursor={cursor}", headers=login("lan.tt"))
    assert r.status_code == 400 and r.mimetype == "application/problem+json"
    body = r.get_json()
    assert body["error"] == "invalid_cursor" and "không hợp lệ" in body["detail"]
    assert body["errors"][0]["field"] == "cursor"


def test_an_offset_cursor_is_refused_by_the_register(client, login):
    r = client.get("/api/registers/outgoing?cursor=eyJvIjo1MH0", headers=login("mai.vt"))  # {"o":50}
    assert r.status_code == 400 and r.get_json()["error"] == "invalid_cursor"
