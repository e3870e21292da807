"""The obligations attack: only people with authority over the plan change who must report, only to the
plan's recipients, with a sane horizon; every change audited; an attack is a clear 4xx and writes nothing."""
from __future__ import annotations

from sqlalchemy import func, select

from .helpers import dispatch_plan_23


def _flagged(client, login) -> dict:
    items = client.get("/api/obligations", headers=login("lan.tt")).get_json()["items"]
    assert items, "plan 23-KH/ĐU flags a reporting duty"
    return items[0]


def _counts(app) -> tuple[int, int]:
    from service.extensions import db
    from service.store.documents import AuditEvent
    from service.store.reporting import ReportingPeriod

    with app.app_context():
        out = (db.session.scalar(select(func.count(ReportingPeriod.id))),
               db.session.scalar(select(func.count(AuditEvent.id)).where(AuditEvent.action == "obligation_changed")))
        db.session.remove()
    return out


ATTACK = {"frequency": "MONTHLY", "first_due_date": "2025-08-25", "obligors": ["TUCB", "BTGDVTUCB", "DUBNNMT"],
          "generate_until": "2100-12-31"}


def test_obligors_outside_the_plans_recipients_are_refused_and_nothing_is_written(app, client, login, clock):
    dispatch_plan_23(client, login, clock)
    ob = _flagged(client, login)
    before = _counts(app)
    r = client.patch(f"/api/obligations/{ob['id']}", headers=login("lan.tt"), json={**ATTACK, "generate_until": None})
    assert r.status_code == 422, r.get_json()
    assert "nơi nhận" in r.get_json()["message"]
    assert _counts(app) == before


def test_a_horizon_beyond_five_years_is_refused(app, client, login, clock):
    dispatch_plan_23(client, login, clock)
    ob = _flagged(client, login)
    before = _counts(app)
    r = client.patch(f"/api/obligations/{ob['id']}", headers=login("lan.tt"),
                     json={**ATTACK, "obligors": ["DUBNNMT"]})
    assert r.status_code == 422, r.get_json()
    assert "5 năm" in r.get_json()["message"]
    assert _counts(app) == before


def test_a_drafter_without_authority_over_the_plan_may_not_change_it(app, client, login, clock):
    dispatch_plan_23(client, login, clock)
    ob = _flagged(client, login)
    before = _counts(app)
    r = client.patch(f"/api/obligations/{ob['id']}", headers=login("minh.nv"),
                     json={**ATTACK, "obligors": ["DUBNNMT"], "generate_until": "2025-12-31"})
    assert r.status_code == 403, r.get_json()
    # a recipient cannot either (it does not even see it as theirs to manage)
    r = client.patch(f"/api/obligations/{ob['id']}", headers=login("linh.pt"), json={"obligors": ["DUBNNMT"]})
    assert r.status_code in (403, 404)
    assert _counts(app) == before


def test_the_plans_drafter_sets_recipients_as_obligors_and_it_is_audited(app, client, login, clock):
    dispatch_plan_23(client, login, clock)
    ob = _flagged(client, login)
    periods, audits = _counts(app)
    r = client.patch(f"/api/obligations/{ob['id']}", headers=login("lan.tt"),
                     json={**ATTACK, "obligors": ["DUBNNMT"], "generate_until": "2025-12-31"})
    assert r.status_code == 200, r.get_json()
    assert r.get_json()["status"] == "ACTIVE"
    after = _counts(app)
    assert after[0] == periods + 5 and after[1] == audits + 1  # Aug–Dec 2025 at one organization


def test_the_plans_signer_and_the_office_may_change_it_too(app, client, login, clock):
    dispatch_plan_23(client, login, clock)
    ob = _flagged(client, login)
    for username in ("phong.nd", "tuan.pm"):
        r = client.patch(f"/api/obligations/{ob['id']}", headers=login(username), json={"reminder_days": 5})
        assert r.status_code == 200, (username, r.get_json())
