"""Nothing a request can do crashes it, and HTTP as people expect (issue 14): JSON depth and size limits before
parsing, text that is not text refused naming its field, bounded integers, RFC 9457 problems and the headers
that go with each status. Every test runs on SQLite and PostgreSQL."""
from __future__ import annotations

import json
import logging

import pytest
import sqlalchemy as sa

from ..conftest import DEMO_PASSWORD
from ..seed_docs import seed000

PROBLEM_KEYS = {"type", "title", "status", "detail", "error", "message"}


def _documents(app) -> int:
    from service.extensions import db
    with app.app_context():
        n = db.session.execute(sa.text("select count(*) from documents")).scalar_one()
        db.session.remove()
    return n


def _problem(r, status: int, code: str | None = None) -> dict:
    assert r.status_code == status, (r.status_code, r.get_data(as_text=True)[:300])
    assert r.mimetype == "application/problem+json"
    body = r.get_json()
    assert PROBLEM_KEYS <= set(body) and body["status"] == status and body["detail"] == body["message"]
    assert any(ord(ch) > 127 for ch in body["detail"]), "the detail is Vietnamese"
    if code:
        assert body["error"] == code and body["type"].endswith(code)
    return body


@pytest.mark.parametrize("depth", [1000, 100_000])
@pytest.mark.parametrize("shape", ["array", "object"])
def test_deeply_nested_json_is_400_before_parsing_even_unauthenticated(app, client, login, depth, shape):
    raw = "[" * depth + "]" * depth if shape == "array" else '{"a":' * depth + "1" + "}" * depth
    before = _documents(app)
    body = _problem(client.post("/api/auth/token", data=raw, content_type="application/json"), 400, "json_too_deep")
    assert "lồng nhau quá sâu" in body["detail"]
    _problem(client.post("/api/documents", data=raw, content_type="application/json", headers=login("lan.tt")),
             400, "json_too_deep")
    assert _documents(app) == before


def test_brackets_inside_text_are_not_nesting(app, client, login):
    payload = dict(seed000()["payload"], subject="[" * 200 + "{" * 200 + " kế hoạch \\\" ]")
    r = client.post("/api/documents", json=payload, headers=login("lan.tt"))
    assert r.status_code == 201, r.get_json()


def test_a_json_body_over_one_megabyte_is_413(app, client, login):
    payload = dict(seed000()["payload"], body="x" * (1024 * 1024 + 10))
    body = _problem(client.post("/api/documents", json=payload, headers=login("lan.tt")), 413, "payload_too_large")
    assert "quá lớn" in body["detail"]


BAD_TEXT = [("\x00", "NUL"), ("\ud800", "UTF-8"), ("\x07", "điều khiển")]


@pytest.mark.parametrize("char,why", BAD_TEXT)
def test_invalid_text_in_the_sign_in_username_is_400_naming_the_field(client, char, why):
    raw = json.dumps({"username": "lan.tt" + char, "password": DEMO_PASSWORD})  # escaped: \\u0000, \\ud800
    body = _problem(client.post("/api/auth/token", data=raw, content_type="application/json"), 400, "invalid_text")
    assert "Tên đăng nhập (username)" in body["detail"] and why in body["detail"]
    assert body["errors"][0]["field"] == "username"


@pytest.mark.parametrize("field", ["subject", "body", "preamble", "place"])
def test_a_nul_in_any_text_field_of_a_draft_is_400_naming_it_and_writes_nothing(app, client, login, field):
    before = _documents(app)
    payload = dict(seed000()["payload"], **{field: "Kế hoạch\x00"})
    body = _problem(client.post("/api/documents", json=payload, headers=login("lan.tt")), 400, "invalid_text")
    assert f"({field})" in body["detail"] and body["errors"] == [
        {"field": field, "message": body["details"][0]["message"]}]
    assert _documents(app) == before


def test_a_nul_deep_in_a_recipient_line_names_its_path(app, client, login):
    payload = seed000()["payload"]
    payload["recipients"][1]["text"] = "Bộ\x00"
    body = _problem(client.post("/api/documents", json=payload, headers=login("lan.tt")), 400, "invalid_text")
    assert body["errors"][0]["field"] == "recipients.1.text"


def test_a_nul_in_a_form_field_is_a_400_page(client):
    r = client.post("/login", data={"username": "lan.tt\x00", "password": DEMO_PASSWORD})
    assert r.status_code == 400 and "Tên đăng nhập" in r.get_data(as_text=True)


def test_logs_never_carry_a_whole_document_text(app):
    """A database error names the statement, never the values; any line longer than MAX_LINE is cut."""
    from service.extensions import db
    from service.logs import MAX_LINE, JsonFormatter

    secret_text = "NỘI DUNG VĂN BẢN " * 2000
    with app.app_context():
        try:
            db.session.execute(sa.text("insert into no_such_table (x) values (:x)"), {"x": secret_text})
        except sa.exc.DBAPIError:
            import sys
            exc_info = sys.exc_info()
        db.session.rollback()
        db.session.remove()
    record = logging.LogRecord("service", logging.ERROR, __file__, 1, "failed: %s", (secret_text,), exc_info)
    line = JsonFormatter().format(record)
    assert "NỘI DUNG VĂN BẢN" in line and secret_text not in line
    assert "NỘI DUNG VĂN BẢN " * 40 not in line, "at most a line's worth of any text"
    out = json.loads(line)
    assert "SQL parameters hidden" in out["exc"], "the engine never puts the values in its errors"
    assert all(len(part) <= MAX_LINE + 40 for part in (out["msg"] + "\n" + out["exc"]).split("\n"))


@pytest.mark.parametrize("value", ["2147483648", "9223372036854775808", "99999999999999999999999"])
def test_query_integers_beyond_32_bits_are_400(client, login, value):
    h = login("lan.tt")
    doc = client.post("/api/documents", json=seed000()["payload"], headers=h).get_json()
    body = _problem(client.get(f"/api/documents/{doc['id']}/diff?from=1&to={value}", headers=h), 400,
                    "invalid_query")
    assert body["errors"][0]["field"] == "to"
    _problem(client.get(f"/api/registers/outgoing?limit={value}", headers=login("hung.lv")), 400)


@pytest.mark.parametrize("value", ["0", "2147483648", "9223372036854775808"])
def test_ids_in_the_address_beyond_the_column_are_404(client, login, value):
    h = login("lan.tt")
    for path in (f"/api/documents/{value}", f"/api/documents/{value}/history", f"/api/incoming/{value}",
                 f"/api/documents/{value}/diff?from=1&to=2"):
        _problem(client.get(path, headers=h), 404)


def test_a_422_is_a_problem_with_errors_per_field_and_the_old_keys(client, login):
    payload = {k: v for k, v in seed000()["payload"].items() if k != "subject"}
    body = _problem(client.post("/api/documents", json=payload, headers=login("lan.tt")), 422, "validation_failed")
    assert body["details"] and body["errors"][0]["field"] == "subject"
    assert "Trích yếu" in body["errors"][0]["message"]


def test_401_says_bearer(client):
    r = client.get("/api/me")
    _problem(r, 401)
    assert r.headers["WWW-Authenticate"].startswith("Bearer ")
    r = client.get("/api/me", headers={"Authorization": "Bearer wrong"})
    assert 'error="invalid_token"' in r.headers["WWW-Authenticate"]


def test_405_says_allow(client):
    r = client.delete("/api/me")
    _problem(r, 405)
    assert "GET" in r.headers["Allow"]


def test_201_says_where_the_new_thing_is(client, login):
    h = login("lan.tt")
    r = client.post("/api/documents", json=seed000()["payload"], headers=h)
    assert r.status_code == 201 and r.headers["Location"].endswith(f"/api/documents/{r.get_json()['id']}")
    assert client.get(r.headers["Location"], headers=h).status_code == 200
    r = client.post("/api/auth/token", json={"username": "lan.tt", "password": DEMO_PASSWORD})
    assert r.status_code == 201 and r.headers["Location"].endswith(f"/api/auth/tokens/{r.get_json()['token_id']}")


def test_a_body_that_is_not_json_is_415(client, login):
    r = client.post("/api/auth/token", data="username=lan.tt", content_type="application/x-www-form-urlencoded")
    _problem(r, 415, "unsupported_media_type")
    _problem(client.post("/api/documents", data="x", content_type="text/plain", headers=login("lan.tt")), 415)


def test_429_of_the_sign_in_throttle_says_retry_after(client):
    for _ in range(5):
        assert client.post("/api/auth/token", json={"username": "minh.nv", "password": "sai"}).status_code == 401
    r = client.post("/api/auth/token", json={"username": "minh.nv", "password": DEMO_PASSWORD})
    _problem(r, 429)
    assert int(r.headers["Retry-After"]) > 0


@pytest.mark.parametrize("raw,deep", [
    ('{"x": "' + "[" * 100 + '"}', False),  # brackets inside a text
    ('["a\\\\", ' + "[" * 40 + "]" * 40 + "]", True),  # an escaped backslash ends the text before the brackets
    ('["a\\"' + "[" * 40 + '"]', False),  # an escaped quote does not end the text
    ("[" * 33 + "]" * 33, True), ("[" * 32 + "]" * 32, False), ("[" + "[]," * 1000 + "[]]", False),
])
def test_nesting_is_counted_outside_texts(raw, deep):
    from service.http.inputs import JSON_MAX_DEPTH, json_depth

    assert (json_depth(raw.encode()) > JSON_MAX_DEPTH) is deep
