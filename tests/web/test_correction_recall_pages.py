"""The document page's correction, recall and void forms, and what the pages show afterwards (Flask test client,
real database)."""
from __future__ import annotations

from sqlalchemy import select

from .conftest import web_login

REASON = "Kế hoạch ban hành khi chưa xin ý kiến Thường trực Đảng ủy."


def _client(app, username):
    c = app.test_client()
    web_login(c, username)
    return c


def _incoming_of(app, doc_id: int, org_code: str) -> int:
    from service.extensions import db
    from service.store.incoming import IncomingDocument
    from service.store.organizations import Organization

    with app.app_context():
        org = db.session.scalars(select(Organization).where(Organization.code == org_code)).one()
        iid = db.session.scalars(select(IncomingDocument.id).where(
            IncomingDocument.source_document_id == doc_id, IncomingDocument.org_id == org.id)).one()
        db.session.remove()
    return iid


def test_each_person_sees_only_the_forms_they_may_use(app, world):
    forms = {"lan.tt": "Lập văn bản đính chính…", "phong.nd": "Thu hồi văn bản…"}
    for username in ("lan.tt", "hung.lv", "tuan.pm", "phong.nd", "ha.dt", "mai.vt", "nam.hv", "thang.dv"):
        html = _client(app, username).get(f"/documents/{world.dispatched}").get_data(as_text=True)
        shown = {label for label in ("Lập văn bản đính chính…", "Thu hồi văn bản…", "Hủy số đã cấp nhầm…")
                 if label in html}
        assert shown == ({forms[username]} if username in forms else set()), username


def test_recall_through_the_page_marks_the_document_the_register_and_the_recipients_copy(app, world):
    iid = _incoming_of(app, world.dispatched, "DUBNNMT")
    assert f'/incoming/{iid}"' in _client(app, "hoa.nt").get("/").get_data(as_text=True), "waiting for the clerk"
    phong = _client(app, "phong.nd")
    r = phong.post(f"/documents/{world.dispatched}/recall", data={"reason": "  "})
    assert r.status_code == 422 and "Lý do thu hồi: bắt buộc" in r.get_data(as_text=True)
    r = phong.post(f"/documents/{world.dispatched}/recall", data={"reason": REASON})
    assert r.status_code == 303
    html = phong.get(r.headers["Location"]).get_data(as_text=True)
    assert "Đã thu hồi văn bản; bản đến của các nơi nhận đã được rút" in html
    assert 'id="recalled"' in html and "ĐÃ THU HỒI" in html and REASON in html
    assert "Thu hồi văn bản…" not in html, "no second recall is offered"
    again = phong.post(f"/documents/{world.dispatched}/recall", data={"reason": REASON})
    assert again.status_code == 409 and "không thu hồi lại" in again.get_data(as_text=True)

    register = _client(app, "mai.vt").get("/register/outgoing").get_data(as_text=True)
    assert 'class="recalled"' in register and "mark-recalled" in register and f"ĐÃ THU HỒI: {REASON}" in register

    thang = _client(app, "thang.dv")  # the recipient's leader: the issued page says so too
    seen = thang.get(f"/documents/{world.dispatched}").get_data(as_text=True)
    assert 'data-view="recipient"' in seen and "ĐÃ THU HỒI" in seen and REASON in seen
    page = thang.get(f"/incoming/{iid}").get_data(as_text=True)
    assert 'id="withdrawn"' in page and REASON in page
    queue = _client(app, "hoa.nt").get("/incoming").get_data(as_text=True)
    assert "incoming-withdrawn" in queue and "Đã thu hồi" in queue
    assert f'/incoming/{iid}"' not in _client(app, "hoa.nt").get("/").get_data(as_text=True), "gone from Việc cần làm"


def test_a_correction_started_from_the_page_opens_its_draft(app, world):
    r = _client(app, "lan.tt").post(f"/documents/{world.dispatched}/corrections")
    assert r.status_code == 303 and r.headers["Location"].endswith("/edit")
    fix_id = int(r.headers["Location"].split("/")[-2])
    lan = _client(app, "lan.tt")
    draft = lan.get(f"/documents/{fix_id}").get_data(as_text=True)
    assert "Văn bản này đính chính:" in draft and "23-KH/ĐU" in draft
    plan = lan.get(f"/documents/{world.dispatched}").get_data(as_text=True)
    assert "Văn bản này được đính chính bởi:" in plan and f"/documents/{fix_id}" in plan
    assert f"/documents/{fix_id}" not in _client(app, "thang.dv").get(f"/documents/{world.dispatched}").get_data(
        as_text=True), "a recipient does not see the draft"
