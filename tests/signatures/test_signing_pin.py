"""Issue 13, signing with one's own PIN (both databases, real keys): the PIN opens the key and nothing else does;
without it or with a wrong one nothing is signed; five wrong PINs lock the key until an administrator issues a new
one; the holder changes it; the server's passphrase alone cannot open a key; the preview is the signed bytes."""
from __future__ import annotations

import pytest
from sqlalchemy import func, select

from service.extensions import db
from service.output.pades import decrypt_private_key, pin_password
from service.store.documents import AuditEvent
from service.store.organizations import Person
from service.store.signing import SignedPdf, SigningKey
from service.store.workflow import WorkflowInstance

from ..seed_docs import seed000
from .keys import DEMO_PIN


def post_task(client, headers, doc, data):
    return client.post(f"/api/documents/{doc['id']}/tasks/{doc['task_id']}", json=data, headers=headers)


def to_sign_step(client, login):
    doc = client.post("/api/documents", json=seed000()["payload"], headers=login("lan.tt")).get_json()
    for who, data in (("lan.tt", {}), ("hung.lv", {"decision": "approve"}), ("tuan.pm", {"decision": "approve"})):
        r = post_task(client, login(who), doc, data)
        assert r.status_code == 200, r.get_json()
        doc = r.get_json()
    return doc


def sign(client, login, doc, pin):
    data = {"decision": "approve"} | ({} if pin is None else {"pin": pin})
    return post_task(client, login("phong.nd"), doc, data)


def assert_nothing_signed(app, client, login, doc):
    after = client.get(f"/api/documents/{doc['id']}", headers=login("phong.nd")).get_json()
    assert (after["step"], after["signed_hash"], after["version"]) == ("sign", None, doc["version"])
    with app.app_context():
        assert db.session.scalar(select(func.count(SignedPdf.id)).where(SignedPdf.document_id == doc["id"])) == 0
        db.session.remove()


def phong_key(app) -> SigningKey:
    with app.app_context():
        pid = db.session.scalars(select(Person.id).where(Person.username == "phong.nd")).one()
        key = db.session.scalars(select(SigningKey).where(SigningKey.person_id == pid,
                                                          SigningKey.active.is_(True))).one()
        db.session.expunge(key)
        db.session.remove()
    return key


def test_signing_without_the_pin_is_422_and_signs_nothing(app, client, login, keys):
    doc = to_sign_step(client, login)
    r = sign(client, login, doc, None)
    assert r.status_code == 422 and r.get_json()["error"] == "pin_required"
    assert "PIN" in r.get_json()["message"]
    assert_nothing_signed(app, client, login, doc)


def test_a_wrong_pin_signs_nothing_and_five_lock_the_key_until_a_new_one(app, client, login, keys):
    from service.usecases.signing_pins import reissue_key

    doc = to_sign_step(client, login)
    for left in (4, 3, 2, 1):
        r = sign(client, login, doc, "000000")
        assert r.status_code == 403 and r.get_json()["error"] == "wrong_pin", r.get_json()
        assert f"Còn {left} lần" in r.get_json()["message"]
        assert_nothing_signed(app, client, login, doc)
    r = sign(client, login, doc, "000000")  # the fifth
    assert r.status_code == 423 and r.get_json()["error"] == "signing_key_locked"
    assert "khóa mới" in r.get_json()["message"]
    assert phong_key(app).pin_failures == 5 and phong_key(app).pin_locked_at is not None
    r = sign(client, login, doc, DEMO_PIN)  # the right PIN is not even tried on a locked key
    assert r.status_code == 423
    assert_nothing_signed(app, client, login, doc)
    assert client.get("/api/me/signing-pin", headers=login("phong.nd")).get_json()["person"]["locked"] is True
    old = phong_key(app)
    with app.app_context():  # the administrator's only way: a new key, waiting for its holder's PIN
        new_id = reissue_key(username="phong.nd").id
        db.session.remove()
    key = phong_key(app)
    assert key.id == new_id != old.id and key.pin_salt is None and key.pin_locked_at is None
    r = sign(client, login, doc, DEMO_PIN)
    assert r.status_code == 409 and r.get_json()["error"] == "pin_not_set"
    assert_nothing_signed(app, client, login, doc)
    r = client.post("/api/me/signing-pin", json={"new_pin": "2468"}, headers=login("phong.nd"))
    assert r.status_code == 422 and r.get_json()["error"] == "pin_format"
    r = client.post("/api/me/signing-pin", json={"new_pin": "246813"}, headers=login("phong.nd"))
    assert r.status_code == 200 and r.get_json()["person"]["pin_set"] is True
    r = sign(client, login, doc, "246813")
    assert r.status_code == 200, r.get_json()
    with app.app_context():
        row = db.session.scalars(select(SignedPdf).where(SignedPdf.document_id == doc["id"])).one()
        assert row.key_id == new_id
        db.session.remove()


def test_the_holder_changes_the_pin_and_it_goes_nowhere(app, client, login, keys):
    phong = login("phong.nd")
    r = client.post("/api/me/signing-pin", json={"new_pin": "908172"}, headers=phong)
    assert r.status_code == 422 and r.get_json()["error"] == "pin_required"  # a set PIN needs the old one
    r = client.post("/api/me/signing-pin", json={"old_pin": "111111", "new_pin": "908172"}, headers=phong)
    assert r.status_code == 403 and r.get_json()["error"] == "wrong_pin"
    assert phong_key(app).pin_failures == 1  # counts toward the lock like a signature
    r = client.post("/api/me/signing-pin", json={"old_pin": DEMO_PIN, "new_pin": "908172"}, headers=phong)
    assert r.status_code == 200 and phong_key(app).pin_failures == 0
    doc = to_sign_step(client, login)
    assert sign(client, login, doc, DEMO_PIN).status_code == 403  # the old PIN no longer opens it
    assert_nothing_signed(app, client, login, doc)
    r = sign(client, login, doc, "908172")
    assert r.status_code == 200, r.get_json()
    with app.app_context():  # never stored, never in the engine's data or the history
        states = " ".join(db.session.scalars(select(WorkflowInstance.state)).all())
        events = db.session.scalars(select(AuditEvent)).all()
        assert "908172" not in states and "\"pin\"" not in states
        assert not any("908172" in repr((e.comment, e.details)) for e in events)
        db.session.remove()


def test_the_server_passphrase_alone_cannot_open_a_key(app, keys):
    from service.usecases.keys import key_passphrase

    key = phong_key(app)
    with app.app_context():
        pepper = key_passphrase()
        with pytest.raises(ValueError):
            decrypt_private_key(key.key_pem_enc, pepper)  # what the server holds, without the PIN
        with pytest.raises(ValueError):
            decrypt_private_key(key.key_pem_enc, DEMO_PIN.encode())  # the PIN without the server's pepper
        plain = decrypt_private_key(key.key_pem_enc, pin_password(DEMO_PIN, key.pin_salt, pepper))
        assert b"PRIVATE KEY" in plain
        db.session.remove()


def test_the_preview_is_the_exact_pdf_that_is_signed_and_dispatch_asks_the_organization_pin(app, client, login,
                                                                                             keys):
    doc = to_sign_step(client, login)
    assert client.get(f"/api/documents/{doc['id']}/signing-preview.pdf", headers=login("ha.dt")).status_code == 403
    r = client.get(f"/api/documents/{doc['id']}/signing-preview.pdf", headers=login("phong.nd"))
    assert r.status_code == 200 and r.mimetype == "application/pdf"
    preview = r.get_data()
    assert_nothing_signed(app, client, login, doc)  # a preview changes nothing
    doc = sign(client, login, doc, DEMO_PIN).get_json()
    with app.app_context():
        personal = db.session.scalars(select(SignedPdf).where(SignedPdf.document_id == doc["id"])).one().pdf
        db.session.remove()
    # PAdES appends: the signed file begins with the previewed file. The rendering (first revision) is byte for
    # byte the same; the blank-number field's revision is the same length, pyHanko stamping its own write time
    # and file /ID into it (compressed, so not compared here)
    first = preview.index(b"%%EOF") + 6
    assert personal[:first] == preview[:first]
    assert len(personal) > len(preview) and personal[len(preview) - 6:len(preview)] == b"%%EOF\n"
    doc = post_task(client, login("ha.dt"), doc, {}).get_json()  # number and register (no signature)
    r = client.get(f"/api/documents/{doc['id']}/signing-preview.pdf", headers=login("ha.dt"))
    assert r.status_code == 200 and r.get_data() == personal  # the organization signs over the personal file
    r = post_task(client, login("ha.dt"), doc, {})
    assert r.status_code == 422 and r.get_json()["error"] == "pin_required"
    r = post_task(client, login("ha.dt"), doc, {"pin": "999999"})
    assert r.status_code == 403 and r.get_json()["error"] == "wrong_pin"
    r = post_task(client, login("ha.dt"), doc, {"pin": DEMO_PIN})
    assert r.status_code == 200 and r.get_json()["status"] == "DISPATCHED"


def test_a_bulk_sign_carries_the_pin_to_every_item_and_signs_nothing_without_it(app, client, login, keys):
    docs = [to_sign_step(client, login) for _ in range(2)]
    body = {"task": "sign", "data": {"decision": "approve"}, "items": [d["id"] for d in docs]}
    out = client.post("/api/tasks/bulk", json=body, headers=login("phong.nd")).get_json()
    assert out["succeeded"] == 0 and {i["error"] for i in out["items"]} == {"pin_required"}
    for d in docs:
        assert_nothing_signed(app, client, login, d)
    body["data"]["pin"] = DEMO_PIN
    out = client.post("/api/tasks/bulk", json=body, headers=login("phong.nd")).get_json()
    assert out["succeeded"] == 2, out
    with app.app_context():
        ids = [d["id"] for d in docs]
        assert db.session.scalar(select(func.count(SignedPdf.id)).where(SignedPdf.document_id.in_(ids))) == 2
        details = db.session.scalars(select(AuditEvent.details).where(AuditEvent.document_id.in_(ids))).all()
        assert DEMO_PIN not in repr(details), "the PIN is never written"
        db.session.remove()
