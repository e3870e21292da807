"""Every revision is kept; comments belong to the version they were made on; approval binds to the hash;
a change after approval goes back through review; a signed version never changes."""
from __future__ import annotations

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from service.extensions import db

from ..seed_docs import seed000
from ..signatures.keys import DEMO_PIN


def complete(client, headers, doc, data=None, status=200):
    r = client.post(f"/api/documents/{doc['id']}/tasks/{doc['task_id']}", json=data or {}, headers=headers)
    assert r.status_code == status, r.get_json()
    return r.get_json()


def first_draft():
    seed = seed000()["payload"]
    return dict(seed, body=seed["body"].split("II. ")[0])


def test_revise_is_refused_once_the_draft_has_left_the_drafter(client, login):
    lan = login("lan.tt")
    doc = client.post("/api/documents", json=first_draft(), headers=lan).get_json()
    doc = complete(client, lan, doc)
    doc = complete(client, login("hung.lv"), doc, {"decision": "approve"})
    assert doc["step"] == "format_check" and doc["approved_hash"] == doc["content_hash"]
    r = client.put(f"/api/documents/{doc['id']}", json=seed000()["payload"], headers=lan)
    assert r.status_code == 409 and r.get_json()["error"] == "not_editable"
    after = client.get(f"/api/documents/{doc['id']}", headers=lan).get_json()
    assert (after["version_no"], after["content_hash"], after["version"]) == (1, doc["content_hash"], doc["version"])


def test_a_change_after_approval_clears_the_approval_and_needs_content_review_again(client, login):
    lan, hung, tuan, phong = (login(u) for u in ("lan.tt", "hung.lv", "tuan.pm", "phong.nd"))
    doc = client.post("/api/documents", json=first_draft(), headers=lan).get_json()
    doc = complete(client, lan, doc)
    doc = complete(client, hung, doc, {"decision": "approve"})
    doc = complete(client, tuan, doc, {"decision": "approve"})
    approved = doc["approved_hash"]
    doc = complete(client, phong, doc, {"decision": "return", "comment": "Bổ sung phần II đến IV."})
    assert doc["step"] == "draft"
    r = client.put(f"/api/documents/{doc['id']}", json=seed000()["payload"], headers=lan)
    assert r.status_code == 200, r.get_json()
    doc = r.get_json()
    assert doc["version_no"] == 2 and doc["approved_hash"] is None and doc["content_hash"] != approved
    doc = complete(client, lan, doc)
    assert doc["step"] == "content_review", "the changed text goes back to the content reviewer"
    doc = complete(client, hung, doc, {"decision": "approve"})
    assert doc["approved_hash"] == doc["content_hash"]


def test_diff_shows_changed_fields_body_lines_and_the_comments_of_each_version(client, login):
    lan, hung = login("lan.tt"), login("hung.lv")
    doc = client.post("/api/documents", json=first_draft(), headers=lan).get_json()
    doc = complete(client, lan, doc)
    doc = complete(client, hung, doc, {"decision": "return", "comment": "Bổ sung nội dung phần II, III, IV."})
    new = dict(seed000()["payload"], subject=seed000()["payload"]["subject"] + " (bổ sung)")
    doc = client.put(f"/api/documents/{doc['id']}", json=new, headers=lan).get_json()
    r = client.get(f"/api/documents/{doc['id']}/diff?from=1&to=2", headers=hung)
    assert r.status_code == 200, r.get_json()
    d = r.get_json()
    assert d["changed"] == ["subject", "body"] and not d["identical"]
    subject = d["changes"][0]
    assert subject["to"] == subject["from"] + " (bổ sung)"
    body = d["changes"][1]["diff"]
    assert body[:2] == ["--- v1", "+++ v2"]
    assert "+II. NỘI DUNG" in body or any(line.startswith("+II. ") for line in body)
    assert not any(line.startswith("-") and not line.startswith("---") for line in body), "v2 only adds"
    assert d["comments"] == [{"version_no": 1, "actor": "hung.lv", "action": "return",
                              "comment": "Bổ sung nội dung phần II, III, IV."}]
    same = client.get(f"/api/documents/{doc['id']}/diff?from=2&to=2", headers=hung).get_json()
    assert same["identical"] and same["changes"] == []


@pytest.mark.parametrize("query,status", [("", 422), ("?from=1", 422), ("?from=a&to=2", 422),
                                          ("?from=0&to=1", 422), ("?from=1&to=9", 404)])
def test_diff_bad_queries_get_json_errors(client, login, query, status):
    doc = client.post("/api/documents", json=first_draft(), headers=login("lan.tt")).get_json()
    r = client.get(f"/api/documents/{doc['id']}/diff{query}", headers=login("lan.tt"))
    assert r.status_code == status and set(r.get_json()) >= {"error", "message"}


def test_the_database_refuses_to_change_a_kept_version(app, client, login):
    doc = client.post("/api/documents", json=first_draft(), headers=login("lan.tt")).get_json()
    with app.app_context():
        with pytest.raises(DBAPIError):
            db.session.execute(text("UPDATE document_versions SET sha256 = 'x' WHERE document_id = :d"),
                               {"d": doc["id"]})
            db.session.flush()
        db.session.rollback()
        assert db.session.execute(text("SELECT sha256 FROM document_versions WHERE document_id = :d"),
                                  {"d": doc["id"]}).scalar_one() == doc["content_hash"]
        db.session.remove()


def test_the_database_refuses_to_change_or_delete_a_signed_pdf(app, client, login, keys):
    doc = client.post("/api/documents", json=seed000()["payload"], headers=login("lan.tt")).get_json()
    doc = complete(client, login("lan.tt"), doc)
    doc = complete(client, login("hung.lv"), doc, {"decision": "approve"})
    doc = complete(client, login("tuan.pm"), doc, {"decision": "approve"})
    doc = complete(client, login("phong.nd"), doc, {"decision": "approve", "pin": DEMO_PIN})
    with app.app_context():
        for sql in ("UPDATE signed_pdfs SET sha256 = 'x'", "DELETE FROM signed_pdfs"):
            with pytest.raises(DBAPIError):
                db.session.execute(text(sql))
            db.session.rollback()
        assert db.session.execute(text("SELECT count(*) FROM signed_pdfs")).scalar_one() == 1
        db.session.remove()
