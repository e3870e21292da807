"""The document page shows whether the signed file verifies, and serves the signed PDF to the session."""
from __future__ import annotations

from service.extensions import db
from service.store.signing import SignedPdf

from ..seed_docs import seed000
from ..signatures.keys import keys  # noqa: F401  (fixture)
from .conftest import run_to_dispatch, web_login


def test_a_dispatched_signed_plan_shows_a_valid_badge_and_downloads_as_pdf(app, client, clock, keys):  # noqa: F811
    with app.app_context():
        doc_id = run_to_dispatch(seed000()["payload"], clock)
        db.session.remove()
    web_login(client, "mai.vt")
    html = client.get(f"/documents/{doc_id}").get_data(as_text=True)
    assert 'class="badge signature-valid"' in html and "Chữ ký số hợp lệ, tệp nguyên vẹn" in html
    r = client.get(f"/documents/{doc_id}/pdf")
    assert r.status_code == 200 and r.mimetype == "application/pdf"
    assert r.headers["X-Signature-State"] == "organization" and r.data.startswith(b"%PDF")


def test_without_keys_the_page_says_not_digitally_signed(app, client, clock):
    with app.app_context():
        doc_id = run_to_dispatch(seed000()["payload"], clock)
        assert db.session.query(SignedPdf).count() == 0
        db.session.remove()
    web_login(client, "mai.vt")
    html = client.get(f"/documents/{doc_id}").get_data(as_text=True)
    assert 'class="badge signature-unsigned"' in html and "Chưa ký số" in html
    r = client.get(f"/documents/{doc_id}/pdf")
    assert r.status_code == 200 and r.headers["X-Signature-State"] == "unsigned"


def test_another_organization_cannot_download_the_pdf(app, client, clock):
    with app.app_context():
        doc_id = run_to_dispatch(seed000()["payload"], clock)
        db.session.remove()
    web_login(client, "yen.lt")
    assert client.get(f"/documents/{doc_id}/pdf").status_code == 404
