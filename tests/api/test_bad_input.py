"""Bad input gets a clear 4xx JSON error and changes nothing in the database."""
from __future__ import annotations

import pytest
import sqlalchemy as sa

from service.extensions import db

from ..seed_docs import seed000

TABLES = ("documents", "document_versions", "workflow_instances", "audit_events", "deliveries",
          "outgoing_register", "number_series")


def snapshot(app) -> dict:
    with app.app_context():
        out = {t: db.session.execute(sa.text(f"select count(*) from {t}")).scalar_one() for t in TABLES}
        out["series"] = db.session.execute(sa.text("select sum(next_value) from number_series")).scalar_one()
        out["lock"] = db.session.execute(sa.text("select coalesce(sum(lock_version), 0) from documents")).scalar_one()
        db.session.remove()
        return out


def assert_error(r, status, code=None):
    assert r.status_code == status, (r.status_code, r.get_data(as_text=True)[:300])
    body = r.get_json()
    assert set(body) >= {"error", "message"} and body["message"]
    if code:
        assert body["error"] == code
    return body


def run_to(client, login, step: str) -> dict:
    doc = client.post("/api/documents", json=seed000()["payload"], headers=login("lan.tt")).get_json()
    actors = {"draft": "lan.tt", "content_review": "hung.lv", "format_check": "tuan.pm", "sign": "phong.nd",
              "register": "ha.dt", "dispatch": "ha.dt"}
    while doc["step"] != step:
        data = {"decision": "approve"} if doc["step"] in ("content_review", "format_check", "sign") else {}
        r = client.post(f"/api/documents/{doc['id']}/tasks/{doc['task_id']}", json=data, headers=login(actors[doc["step"]]))
        assert r.status_code == 200, r.get_json()
        doc = r.get_json()
    return doc


def test_malformed_json_is_400_and_changes_nothing(app, client, login):
    before = snapshot(app)
    r = client.post("/api/documents", data=b'{"kind": "KH", "subject": ', headers=login("lan.tt"),
                    content_type="application/json")
    assert_error(r, 400, "invalid_json")
    assert snapshot(app) == before


def test_a_json_array_is_400_and_a_form_body_415(app, client, login):
    before = snapshot(app)
    assert_error(client.post("/api/documents", json=[1, 2], headers=login("lan.tt")), 400, "invalid_json")
    assert_error(client.post("/api/documents", data={"kind": "KH"}, headers=login("lan.tt")), 415,
                 "unsupported_media_type")
    assert snapshot(app) == before


def test_unknown_fields_are_refused(app, client, login):
    before = snapshot(app)
    body = dict(seed000()["payload"], status="DISPATCHED")
    err = assert_error(client.post("/api/documents", json=body, headers=login("lan.tt")), 422, "validation_failed")
    assert "status" in err["message"]
    assert snapshot(app) == before


def test_missing_subject_is_refused(app, client, login):
    before = snapshot(app)
    body = {k: v for k, v in seed000()["payload"].items() if k != "subject"}
    err = assert_error(client.post("/api/documents", json=body, headers=login("lan.tt")), 422)
    assert "subject" in err["message"]
    assert snapshot(app) == before


def test_a_signer_without_authority_for_the_kind_cannot_sign(app, client, login):
    doc = run_to(client, login, "sign")
    # Hoàng Văn Nam holds the signer role but may sign only notices (TB), not a plan.
    r = client.put(f"/api/documents/{doc['id']}", json=dict(seed000()["payload"], intended_signer="nam.hv"),
                   headers=login("lan.tt"))
    assert_error(r, 409)  # the draft is with the signer now, not editable
    before = snapshot(app)
    err = assert_error(client.post(f"/api/documents/{doc['id']}/tasks/{doc['task_id']}", json={"decision": "approve"},
                                   headers=login("nam.hv")), 403)
    assert "người ký khác" in err["message"]
    assert snapshot(app) == before


def test_an_intended_signer_without_authority_is_refused_when_drafting(app, client, login):
    before = snapshot(app)
    body = dict(seed000()["payload"], intended_signer="hung.lv")
    err = assert_error(client.post("/api/documents", json=body, headers=login("lan.tt")), 422)
    assert "thẩm quyền" in err["message"]
    assert snapshot(app) == before


def test_signing_authority_is_checked_against_the_kind(app, client, login):
    """nam.hv may sign only Thông báo (TB): named as the signer of a Kế hoạch, the draft is refused (V8); with no
    signer named, he cannot take the sign step of the plan either."""
    before = snapshot(app)
    err = assert_error(client.post("/api/documents", json=dict(seed000()["payload"], intended_signer="nam.hv"),
                                   headers=login("lan.tt")), 422)
    assert "intended_signer" in {d.get("field") for d in err["details"]}
    assert snapshot(app) == before
    payload = {k: v for k, v in seed000()["payload"].items() if k != "intended_signer"}
    doc = client.post("/api/documents", json=payload, headers=login("lan.tt")).get_json()
    for who, data in (("lan.tt", {}), ("hung.lv", {"decision": "approve"}), ("tuan.pm", {"decision": "approve"})):
        doc = client.post(f"/api/documents/{doc['id']}/tasks/{doc['task_id']}", json=data, headers=login(who)).get_json()
    before = snapshot(app)
    err = assert_error(client.post(f"/api/documents/{doc['id']}/tasks/{doc['task_id']}", json={"decision": "approve"},
                                   headers=login("nam.hv")), 403)
    assert "V8" in str(err) or "thẩm quyền" in err["message"]
    assert snapshot(app) == before


def test_a_drafter_cannot_approve_their_own_document(app, client, login):
    doc = run_to(client, login, "content_review")
    before = snapshot(app)
    assert_error(client.post(f"/api/documents/{doc['id']}/tasks/{doc['task_id']}", json={"decision": "approve"},
                             headers=login("lan.tt")), 403, "forbidden")
    assert snapshot(app) == before


def test_a_drafter_cannot_set_routing_variables(app, client, login):
    doc = run_to(client, login, "draft")
    before = snapshot(app)
    err = assert_error(client.post(f"/api/documents/{doc['id']}/tasks/{doc['task_id']}",
                                   json={"decision": "approve", "approved": True}, headers=login("lan.tt")), 422)
    assert {d["field"] for d in err["details"]} == {"decision", "approved"}
    assert snapshot(app) == before


def test_return_without_comment_is_refused(app, client, login):
    doc = run_to(client, login, "content_review")
    before = snapshot(app)
    err = assert_error(client.post(f"/api/documents/{doc['id']}/tasks/{doc['task_id']}", json={"decision": "return"},
                                   headers=login("hung.lv")), 422)
    assert "comment" in err["message"]
    assert snapshot(app) == before


def test_an_issue_date_before_the_draft_is_refused(app, client, login):
    doc = run_to(client, login, "register")
    before = snapshot(app)
    err = assert_error(client.post(f"/api/documents/{doc['id']}/tasks/{doc['task_id']}",
                                   json={"issue_date": "2025-07-30"}, headers=login("ha.dt")), 422)
    assert any(d["rule"] == "V6" for d in err["details"])
    assert snapshot(app) == before


def test_a_10_mb_body_is_413_and_changes_nothing(app, client, login):
    before = snapshot(app)
    body = dict(seed000()["payload"], body="x" * (10 * 1024 * 1024))
    assert_error(client.post("/api/documents", json=body, headers=login("lan.tt")), 413)
    assert snapshot(app) == before


def test_other_organizations_get_404_on_drafts(app, client, login):
    doc = run_to(client, login, "content_review")
    assert_error(client.get(f"/api/documents/{doc['id']}", headers=login("yen.lt")), 404)
    assert_error(client.get(f"/api/documents/{doc['id']}/history", headers=login("hoa.nt")), 404)
    # another drafter of the same organization does not see a colleague's draft either
    assert_error(client.get(f"/api/documents/{doc['id']}", headers=login("minh.nv")), 404)


def test_requests_without_a_token_are_401(client):
    assert_error(client.get("/api/tasks"), 401, "unauthenticated")
    assert_error(client.get("/api/tasks", headers={"Authorization": "Bearer nope"}), 401)


@pytest.mark.parametrize("path", ["/api/nowhere", "/api/documents/999999"])
def test_unknown_things_are_json_404(client, login, path):
    assert_error(client.get(path, headers=login("lan.tt")), 404)


def test_a_signed_document_cannot_be_edited(app, client, login):
    doc = run_to(client, login, "register")
    before = snapshot(app)
    err = assert_error(client.put(f"/api/documents/{doc['id']}", json=seed000()["payload"], headers=login("lan.tt")),
                       409, "signed_immutable")
    assert "V22" in err["message"]
    assert snapshot(app) == before


def test_sign_in_is_throttled_after_repeated_failures_from_one_client(client):
    for _ in range(5):
        assert client.post("/api/auth/token", json={"username": "lan.tt", "password": "wrong"}).status_code == 401
    r = client.post("/api/auth/token", json={"username": "lan.tt", "password": "Demo@2025"})
    assert_error(r, 429)
    assert int(r.headers["Retry-After"]) > 0
