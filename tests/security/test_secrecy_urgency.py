"""V14 (secret documents: Tối mật/Tuyệt mật never online, Mật never by e-mail, every view audited) and V15
(urgent documents dispatched the day they are numbered; a late dispatch is flagged), on seed 000."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import select

from ..web.conftest import web_login
from .test_recipient_boundary import RECIPIENT, RECIPIENT_CLERK, dispatch_seed


def _events(app, doc_id: int, action: str) -> list:
    from service.extensions import db
    from service.store.documents import AuditEvent

    with app.app_context():
        rows = [(e.actor_id, e.details) for e in db.session.scalars(
            select(AuditEvent).where(AuditEvent.document_id == doc_id, AuditEvent.action == action)
            .order_by(AuditEvent.id)).all()]
        db.session.remove()
    return rows


def test_a_toi_mat_plan_goes_on_paper_only(app, client, login, clock):
    doc = dispatch_seed(client, login, clock, secrecy="TOI_MAT")
    base = f"/api/documents/{doc['id']}"
    items = client.get(base + "/deliveries", headers=login("ha.dt")).get_json()["items"]
    assert items and all(d["status"] == "PENDING" and d["channel"] is None for d in items)
    # no electronic incoming queue at the recipient; the PDF is not downloadable by them
    assert client.get("/api/incoming", headers=login(RECIPIENT_CLERK)).get_json()["items"] == []
    r = client.get(base + "/pdf", headers=login(RECIPIENT))
    assert r.status_code == 403 and r.get_json()["error"] == "secret_paper_only"
    # the clerk records the paper copy; e-mail is refused
    inside = next(d for d in items if d["organization"] == "DUBNNMT")
    r = client.post(f"{base}/deliveries/{inside['id']}/record", json={"channel": "EMAIL"}, headers=login("ha.dt"))
    assert r.status_code == 422 and "bản giấy" in r.get_json()["message"]
    r = client.post(f"{base}/deliveries/{inside['id']}/record", json={"channel": "PAPER", "note": "Phiếu 12"},
                    headers=login("ha.dt"))
    assert r.status_code == 200, r.get_json()


def test_a_mat_plan_goes_electronically_inside_but_never_by_email(app, client, login, clock):
    doc = dispatch_seed(client, login, clock, secrecy="MAT")
    base = f"/api/documents/{doc['id']}"
    items = client.get(base + "/deliveries", headers=login("ha.dt")).get_json()["items"]
    assert any(d["channel"] == "ELECTRONIC" for d in items)
    assert client.get("/api/incoming", headers=login(RECIPIENT_CLERK)).get_json()["items"]
    outside = [d for d in items if d["outside"]]
    if outside:
        r = client.post(f"{base}/deliveries/{outside[0]['id']}/record", json={"channel": "EMAIL"},
                        headers=login("ha.dt"))
        assert r.status_code == 422


def test_every_view_of_a_secret_document_is_audited(app, client, login, clock):
    doc = dispatch_seed(client, login, clock, secrecy="MAT")
    before = len(_events(app, doc["id"], "view"))
    assert client.get(f"/api/documents/{doc['id']}", headers=login(RECIPIENT)).status_code == 200
    assert client.get(f"/api/documents/{doc['id']}/pdf", headers=login("mai.vt")).status_code == 200
    web_login(client, "ha.dt")
    assert client.get(f"/documents/{doc['id']}").status_code == 200
    views = _events(app, doc["id"], "view")[before:]
    assert [d["via"] for _a, d in views] == ["api", "pdf", "page"]
    assert [d["insider"] for _a, d in views] == [False, True, True]


def test_an_ordinary_document_view_is_not_audited(app, client, login, clock):
    doc = dispatch_seed(client, login, clock)
    client.get(f"/api/documents/{doc['id']}", headers=login(RECIPIENT))
    assert _events(app, doc["id"], "view") == []


def test_hoa_toc_dispatched_the_next_day_is_flagged_late(app, client, login, clock):
    # numbered at 08:30 on 7/8 (Hà Nội); dispatched at 10:30 on 8/8: 10 h 30 min after the end of 7/8
    doc = dispatch_seed(client, login, clock, urgency="HOA_TOC",
                        before_dispatch=lambda: clock.set(datetime(2025, 8, 8, 3, 30)))
    (_actor, details), = _events(app, doc["id"], "dispatch")
    assert details["late"] is True and details["late_minutes"] == 630
    web_login(client, "ha.dt")
    html = client.get(f"/documents/{doc['id']}").get_data(as_text=True)
    assert "Phát hành muộn 10 giờ 30 phút" in html
    assert "Phát hành muộn 10 giờ 30 phút" in client.get("/register/outgoing").get_data(as_text=True)


def test_hoa_toc_dispatched_the_same_day_is_in_time_and_the_clerk_sees_the_time_left(app, client, login, clock):
    seen = {}

    def look():
        clock.set(datetime(2025, 8, 7, 14, 0))  # 21:00 in Hà Nội: 3 hours left
        c = app.test_client()
        web_login(c, "ha.dt")
        seen["tasks"] = c.get("/").get_data(as_text=True)

    doc = dispatch_seed(client, login, clock, urgency="HOA_TOC", before_dispatch=look)
    assert "Còn 3 giờ" in seen["tasks"]
    (_actor, details), = _events(app, doc["id"], "dispatch")
    assert details is None
