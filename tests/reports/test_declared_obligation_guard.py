"""The attack of the issue on hand-declared obligations (no source document): a drafter of Đảng ủy Chính phủ
made Bộ Quốc phòng, Bộ Công an … owe reports up to 2100. Without a plan, obligors may only be organizations
below the requester (any depth); the horizon applies too; a refusal is 422 and writes nothing."""
from __future__ import annotations

from sqlalchemy import func, select

OUTSIDERS = ["BQP", "BCA", "BCD35TW", "TUCB", "BTGDVTUCB", "BTGDVTW"]


def _counts(app) -> tuple[int, int, int]:
    from service.extensions import db
    from service.store.reporting import ReportingObligation, ReportingPeriod, Timer

    with app.app_context():
        out = tuple(db.session.scalar(select(func.count(t.id))) for t in (ReportingObligation, ReportingPeriod, Timer))
        db.session.remove()
    return out


def _declare(client, headers, **fields):
    body = {"title": "Báo cáo tình hình thông tin đối ngoại", "frequency": "MONTHLY",
            "first_due_date": "2025-08-25", "reminder_days": 3} | fields
    return client.post("/api/obligations", headers=headers, json=body)


def test_a_drafter_cannot_make_outside_organizations_owe_reports(app, client, login):
    lan = login("lan.tt")
    before = _counts(app)
    r = _declare(client, lan, obligors=[*OUTSIDERS, "DUBNNMT"], generate_until="2100-12-31")
    assert r.status_code == 422, r.get_json()
    body = r.get_json()
    assert body["details"] == [{"field": "obligors", "rule": "subordinates_only"}]
    for name in ("Bộ Quốc phòng", "Bộ Công an", "Tỉnh ủy Cao Bằng"):
        assert name in body["message"]
    assert "Đảng ủy Bộ Nông nghiệp" not in body["message"]  # a subordinate is not named as refused
    # within the horizon, still refused; one outsider alone, still refused
    assert _declare(client, lan, obligors=["BQP"], generate_until="2025-12-31").status_code == 422
    assert _declare(client, lan, obligors=["BCA"]).status_code == 422
    assert _counts(app) == before
    assert client.get("/api/obligations", headers=lan).get_json()["items"] == []


def test_patching_a_declared_obligation_cannot_add_outsiders(app, client, login):
    lan = login("lan.tt")
    r = _declare(client, lan, first_due_date=None, obligors=["DUBNNMT"])  # no first due date: stays in review
    assert r.status_code == 201, r.get_json()
    ob = r.get_json()
    assert (ob["status"], ob["obligors"]) == ("NEEDS_REVIEW", ["DUBNNMT"])
    before = _counts(app)
    r = client.patch(f"/api/obligations/{ob['id']}", headers=lan, json={
        "obligors": ["BQP", "BCA"], "first_due_date": "2025-08-25", "generate_until": "2030-07-01"})
    assert r.status_code == 422 and "subordinates_only" in str(r.get_json()["details"]), r.get_json()
    assert _counts(app) == before
    after = client.get(f"/api/obligations/{ob['id']}", headers=lan).get_json()
    assert (after["status"], after["obligors"], after["periods"]) == ("NEEDS_REVIEW", ["DUBNNMT"], [])


def test_the_horizon_applies_without_a_plan(app, client, login):
    before = _counts(app)
    r = _declare(client, login("lan.tt"), obligors=["DUBNNMT"], generate_until="2100-12-31")
    assert r.status_code == 422 and "5 năm" in r.get_json()["message"]
    assert _counts(app) == before


def test_subordinates_at_any_depth_may_be_named(app, client, login):
    from service.extensions import db
    from service.store.organizations import Organization

    with app.app_context():  # a chi bộ under Đảng ủy Bộ Nông nghiệp và Môi trường: two levels below DUCP
        parent = db.session.scalars(select(Organization).where(Organization.code == "DUBNNMT")).one()
        db.session.add(Organization(code="CBVP", name="Chi bộ Văn phòng Bộ Nông nghiệp và Môi trường", abbrev="CB",
                                    system="PARTY", org_type="CHI_BO", place_name="Hà Nội", parent_id=parent.id))
        db.session.commit()
        db.session.remove()
    before = _counts(app)
    r = _declare(client, login("lan.tt"), obligors=["DUBNNMT", "DUBNG", "CBVP"], generate_until="2025-10-31")
    assert r.status_code == 201, r.get_json()
    ob = r.get_json()
    assert (ob["status"], ob["obligors"]) == ("ACTIVE", ["CBVP", "DUBNG", "DUBNNMT"])
    assert _counts(app)[:2] == (before[0] + 1, before[1] + 3 * 3)  # Aug–Oct at three organizations
    # the report of a declared obligation opens with its subject and basis (no plan to cite)
    aug = client.get("/api/periods", headers=login("linh.pt")).get_json()["items"][0]
    r = client.post(f"/api/periods/{aug['id']}/report", headers=login("linh.pt"), json={})
    assert r.status_code == 201, r.get_json()
    assert r.get_json()["subject"] == "Tình hình thông tin đối ngoại tháng 8/2025"
    assert r.get_json()["preamble"] == ("Thực hiện chế độ báo cáo tình hình thông tin đối ngoại của Đảng ủy Chính phủ, "
                                        "Đảng ủy Bộ Nông nghiệp và Môi trường báo cáo kết quả tháng 8/2025 như sau:")
    # and Đảng ủy Bộ Nông nghiệp và Môi trường's own drafter may not make its parent owe it reports
    r = _declare(client, login("linh.pt"), obligors=["DUCP"])
    assert r.status_code == 422 and "Đảng ủy Chính phủ" in r.get_json()["message"]
