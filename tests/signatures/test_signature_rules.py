"""When signatures are required, what happens without keys, V18, keys CLI, previews and key secrecy."""
from __future__ import annotations

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.serialization import pkcs12
from sqlalchemy import func, select

from service.extensions import db
from service.store.documents import Delivery, Document
from service.store.organizations import Person
from service.store.signing import SignedPdf, SigningKey

from ..seed_docs import seed000
from .keys import DEMO_PIN, cached_ca, cached_issue, install_keys


def complete(client, headers, doc, data=None, status=200):
    r = client.post(f"/api/documents/{doc['id']}/tasks/{doc['task_id']}", json={**(data or {}), "pin": DEMO_PIN},
                    headers=headers)
    assert r.status_code == status, r.get_json()
    return r.get_json()


def to_sign_step(client, login):
    doc = client.post("/api/documents", json=seed000()["payload"], headers=login("lan.tt")).get_json()
    doc = complete(client, login("lan.tt"), doc)
    doc = complete(client, login("hung.lv"), doc, {"decision": "approve"})
    return complete(client, login("tuan.pm"), doc, {"decision": "approve"})


def signed_rows(app, doc_id) -> int:
    with app.app_context():
        n = db.session.scalar(select(func.count(SignedPdf.id)).where(SignedPdf.document_id == doc_id))
        db.session.remove()
    return n


def test_signer_without_a_key_gets_409_naming_the_command_and_nothing_changes(app, client, login, keys):
    with app.app_context():
        phong = db.session.scalars(select(Person).where(Person.username == "phong.nd")).one()
        db.session.query(SigningKey).filter(SigningKey.person_id == phong.id).update({"active": False})
        db.session.commit()
        db.session.remove()
    doc = to_sign_step(client, login)
    r = client.post(f"/api/documents/{doc['id']}/tasks/{doc['task_id']}", json={"decision": "approve"},
                    headers=login("phong.nd"))
    assert r.status_code == 409
    body = r.get_json()
    assert body["error"] == "signing_key_missing" and "flask keys init" in body["message"]
    after = client.get(f"/api/documents/{doc['id']}", headers=login("phong.nd")).get_json()
    assert (after["step"], after["signed_hash"], after["version"]) == ("sign", None, doc["version"])
    assert signed_rows(app, doc["id"]) == 0


def test_organization_without_keys_signs_without_pdf_work_and_the_register_says_so(app, client, login):
    doc = to_sign_step(client, login)
    doc = complete(client, login("phong.nd"), doc, {"decision": "approve"})
    doc = complete(client, login("ha.dt"), doc)
    doc = complete(client, login("ha.dt"), doc)
    assert doc["status"] == "DISPATCHED" and signed_rows(app, doc["id"]) == 0
    (entry,) = client.get("/api/registers/outgoing", headers=login("mai.vt")).get_json()["items"]
    assert entry["note"] == "Chưa ký số" and entry["signed_pdf_sha256"] is None
    report = client.get(f"/api/documents/{doc['id']}/verify", headers=login("mai.vt")).get_json()
    assert report["badge"]["state"] == "unsigned" and not report["ok"]


def test_no_organization_signature_without_the_personal_one_v18(app, client, login):
    doc = to_sign_step(client, login)
    doc = complete(client, login("phong.nd"), doc, {"decision": "approve"})  # no keys yet: no PDF signature
    doc = complete(client, login("ha.dt"), doc)
    install_keys(app)  # keys arrive before dispatch
    r = client.post(f"/api/documents/{doc['id']}/tasks/{doc['task_id']}", json={}, headers=login("ha.dt"))
    assert r.status_code == 422
    assert r.get_json()["details"][0]["rule"] == "V18"
    after = client.get(f"/api/documents/{doc['id']}", headers=login("ha.dt")).get_json()
    assert after["status"] == "NUMBERED" and after["version"] == doc["version"]
    with app.app_context():
        assert db.session.scalar(select(func.count(Delivery.id)).where(Delivery.document_id == doc["id"])) == 0
        db.session.remove()


def test_preview_html_and_unsigned_pdf_follow_document_visibility(client, login):
    doc = client.post("/api/documents", json=seed000()["payload"], headers=login("lan.tt")).get_json()
    r = client.get(f"/api/documents/{doc['id']}/preview.html", headers=login("lan.tt"))
    assert r.status_code == 200 and r.mimetype == "text/html"
    html = r.get_data(as_text=True)
    assert "DỰ THẢO" in html and "Số      -KH/ĐU" in html and "ngày    tháng    năm 2025" in html
    for path in ("preview.html", "pdf", "verify", "diff?from=1&to=1"):
        r = client.get(f"/api/documents/{doc['id']}/{path}", headers=login("hoa.nt"))  # another organization
        assert r.status_code == 404 and r.get_json()["error"] == "not_found", path
        r = client.get(f"/api/documents/{doc['id']}/{path}")
        assert r.status_code == 401 and set(r.get_json()) >= {"error", "message"}, path


def test_verify_upload_rejects_a_body_that_is_not_a_pdf(client, login):
    doc = client.post("/api/documents", json=seed000()["payload"], headers=login("lan.tt")).get_json()
    r = client.post(f"/api/documents/{doc['id']}/verify", json={"pdf": "x"}, headers=login("lan.tt"))
    assert r.status_code == 422 and r.get_json()["error"] == "invalid_pdf"
    r = client.post(f"/api/documents/{doc['id']}/verify", data=b"not a pdf", content_type="application/pdf",
                    headers=login("lan.tt"))
    assert r.status_code == 200 and not r.get_json()["ok"]


@pytest.mark.parametrize("backend", ["sqlite"], indirect=True)
def test_keys_cli_init_is_idempotent_import_p12_replaces_a_key_and_nothing_prints_a_private_key(app, tmp_path):
    runner = app.test_cli_runner()
    first = runner.invoke(args=["keys", "init"])
    assert first.exit_code == 0, first.output
    from service.usecases.demo import ORGS

    # one key for each signer holding an authority, one for each organization of the demo
    assert "ca +1" in first.output and "people +4" in first.output and f"organizations +{len(ORGS)}" in first.output
    again = runner.invoke(args=["keys", "init"])
    assert "ca +0, people +0, organizations +0" in again.output

    ca = cached_ca()
    person = cached_issue(ca, "Nguyễn Đức Phong", "Đảng ủy Chính phủ", is_organization=False)
    p12 = pkcs12.serialize_key_and_certificates(
        name=b"phong", key=serialization.load_pem_private_key(person.key_pem, None),
        cert=x509.load_pem_x509_certificate(person.cert_pem), cas=[x509.load_pem_x509_certificate(ca.cert_pem)],
        encryption_algorithm=serialization.BestAvailableEncryption(b"p12-pass"))
    path = tmp_path / "phong.p12"
    path.write_bytes(p12)
    wrong = runner.invoke(args=["keys", "import-p12", str(path), "--person", "phong.nd"],
                          env={"P12_PASSWORD": "sai"})
    assert wrong.exit_code != 0 and "sai mật khẩu" in wrong.output
    ok = runner.invoke(args=["keys", "import-p12", str(path), "--person", "phong.nd", "--trust"],
                       env={"P12_PASSWORD": "p12-pass"})
    assert ok.exit_code == 0, ok.output
    listing = runner.invoke(args=["keys", "list"])
    for out in (first.output, again.output, ok.output, wrong.output, listing.output):
        assert "PRIVATE KEY" not in out
    with app.app_context():
        rows = db.session.scalars(select(SigningKey).join(Person, SigningKey.person_id == Person.id)
                                  .where(Person.username == "phong.nd").order_by(SigningKey.id)).all()
        assert [(r.source, r.active) for r in rows] == [("DEMO", False), ("P12", True)]
        assert db.session.scalar(select(func.count(Document.id))) == 0
        db.session.remove()
