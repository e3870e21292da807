"""Every instance keeps the diagram version it started with, even after the file changes and the app restarts."""
from __future__ import annotations

import shutil

import pytest
import sqlalchemy as sa
from sqlalchemy.exc import DBAPIError

from service.extensions import db
from workflows import DiagramError

from ..conftest import REPO
from ..seed_docs import seed000


def test_a_running_document_finishes_on_its_old_diagram_after_the_diagram_changes(app, client, login, tmp_path,
                                                                                  make_app):
    doc = client.post("/api/documents", json=seed000()["payload"], headers=login("lan.tt")).get_json()
    doc = client.post(f"/api/documents/{doc['id']}/tasks/{doc['task_id']}", json={}, headers=login("lan.tt")).get_json()
    with app.app_context():
        old_hash = db.session.execute(sa.text("select spec_hash from workflow_instances where document_id=:d"),
                                      {"d": doc["id"]}).scalar_one()
        db.session.remove()

    # A new diagram version: the office step gets a different name (any byte change makes a new version).
    new_dir = tmp_path / "bpmn"
    new_dir.mkdir()
    for f in (REPO / "bpmn").glob("*.bpmn"):
        shutil.copy(f, new_dir / f.name)
    path = new_dir / "outgoing_document.bpmn"
    text = path.read_text(encoding="utf-8")
    assert 'name="Kiểm tra thể thức"' in text
    path.write_text(text.replace('name="Kiểm tra thể thức"', 'name="Kiểm tra thể thức, kỹ thuật trình bày"'),
                    encoding="utf-8")

    restarted = make_app(BPMN_DIR=str(new_dir))
    c2 = restarted.test_client()
    new_doc = c2.post("/api/documents", json=seed000()["payload"], headers=login("lan.tt")).get_json()
    with restarted.app_context():
        hashes = dict(db.session.execute(sa.text("select document_id, spec_hash from workflow_instances")).all())
        db.session.remove()
    assert hashes[doc["id"]] == old_hash and hashes[new_doc["id"]] != old_hash

    # the old document runs to the end on the restarted app, on its own version
    d = c2.get(f"/api/documents/{doc['id']}", headers=login("hung.lv")).get_json()
    for who, data in (("hung.lv", {"decision": "approve"}), ("tuan.pm", {"decision": "approve"}),
                      ("phong.nd", {"decision": "approve"}), ("ha.dt", {}), ("ha.dt", {})):
        r = c2.post(f"/api/documents/{d['id']}/tasks/{d['task_id']}", json=data, headers=login(who))
        assert r.status_code == 200, r.get_json()
        d = r.get_json()
    assert d["status"] == "DISPATCHED"
    with restarted.app_context():
        assert db.session.execute(sa.text("select spec_hash from workflow_instances where document_id=:d"),
                                  {"d": doc["id"]}).scalar_one() == old_hash
        db.session.remove()


def test_a_diagram_that_fails_to_parse_stops_start_up_naming_the_file(tmp_path, make_app):
    bad = tmp_path / "bpmn"
    bad.mkdir()
    (bad / "broken.bpmn").write_text("<bpmn:definitions xmlns:bpmn='http://www.omg.org/spec/BPMN/20100524/MODEL'>",
                                     encoding="utf-8")
    with pytest.raises(DiagramError, match="broken.bpmn"):
        make_app(BPMN_DIR=str(bad))


def test_the_audit_trail_is_append_only_in_the_database(app, client, login):
    client.post("/api/documents", json=seed000()["payload"], headers=login("lan.tt"))
    with app.app_context():
        for stmt in ("update audit_events set comment = 'sửa' ", "delete from audit_events"):
            with pytest.raises(DBAPIError, match="append-only"):
                db.session.execute(sa.text(stmt))
            db.session.rollback()
        assert db.session.execute(sa.text("select count(*) from audit_events")).scalar_one() == 1
        db.session.remove()
