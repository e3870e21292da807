"""A person's e-mail, set by an administrator (the single sign-on may find people by it): optional, checked,
kept lower-case, one person per address whatever the case; a duplicate is a 409 naming the field, never a 500."""
from __future__ import annotations

import json

import sqlalchemy as sa

PERSON = {"username": "hoa.nv", "full_name": "Nguyễn Văn Hòa", "org": "DUCP", "unit": "VP", "position": None,
          "password": "Mat-khau-2026!", "roles": [{"role": "drafter"}]}


def _people(client, admin) -> dict[str, dict]:
    return {p["username"]: p for p in client.get("/api/people?org=DUCP", headers=admin).get_json()["items"]}


def test_an_administrator_sets_changes_and_removes_an_email(app, client, login):
    admin = login("quantri.ducp")
    r = client.post("/api/people", json=PERSON | {"email": "  Hoa.NV@DUCP.gov.vn "}, headers=admin)
    assert r.status_code == 201, r.get_json()
    hoa = r.get_json()
    assert hoa["email"] == "hoa.nv@ducp.gov.vn"
    lan = _people(client, admin)["lan.tt"]
    assert lan["email"] is None
    r = client.patch(f"/api/people/{lan['id']}", json={"email": "Lan.TT@ducp.gov.vn"}, headers=admin)
    assert r.status_code == 200 and r.get_json()["email"] == "lan.tt@ducp.gov.vn"
    assert _people(client, admin)["lan.tt"]["email"] == "lan.tt@ducp.gov.vn"
    r = client.patch(f"/api/people/{lan['id']}", json={"full_name": "Trần Thị Lan"}, headers=admin)
    assert r.get_json()["email"] == "lan.tt@ducp.gov.vn"  # not given, not changed
    r = client.patch(f"/api/people/{lan['id']}", json={"email": None}, headers=admin)
    assert r.status_code == 200 and r.get_json()["email"] is None
    from service.extensions import db

    with app.app_context():
        changes = db.session.execute(sa.text(
            "select details from audit_events where action = 'admin.update' order by id")).scalars().all()
        db.session.remove()
    emails = [(json.loads(c) if isinstance(c, str) else c)["changes"].get("email", "-") for c in changes]
    assert emails == ["lan.tt@ducp.gov.vn", "-", None]


def test_one_address_one_person_whatever_the_case(client, login):
    admin = login("quantri.ducp")
    people = _people(client, admin)
    assert client.patch(f"/api/people/{people['lan.tt']['id']}", json={"email": "lan.tt@ducp.gov.vn"},
                        headers=admin).status_code == 200
    r = client.patch(f"/api/people/{people['hung.lv']['id']}", json={"email": "LAN.TT@ducp.gov.vn"}, headers=admin)
    assert r.status_code == 409, r.get_json()
    assert r.get_json()["error"] == "duplicate" and r.get_json()["details"] == [{"field": "email"}]
    assert "lan.tt" in r.get_json()["message"]
    r = client.post("/api/people", json=PERSON | {"email": "Lan.TT@DUCP.gov.vn"}, headers=admin)
    assert r.status_code == 409 and r.get_json()["details"] == [{"field": "email"}]
    # setting the address a person already has is no conflict
    assert client.patch(f"/api/people/{people['lan.tt']['id']}", json={"email": "LAN.TT@ducp.gov.vn"},
                        headers=admin).status_code == 200
    after = _people(client, admin)
    assert "hoa.nv" not in after and after["hung.lv"]["email"] is None


def test_a_malformed_or_long_email_is_refused(client, login):
    admin = login("quantri.ducp")
    lan = _people(client, admin)["lan.tt"]
    for bad in ("lan.tt", "lan tt@ducp.gov.vn", "lan@ducp", "a@b@c.vn", "x" * 195 + "@ducp.vn", 42):
        r = client.patch(f"/api/people/{lan['id']}", json={"email": bad}, headers=admin)
        assert r.status_code == 422, (bad, r.get_json())
    assert _people(client, admin)["lan.tt"]["email"] is None
    r = client.post("/api/people", json=PERSON | {"email": "hoa.nv"}, headers=admin)
    assert r.status_code == 422


def test_only_administrators_set_emails(client, login):
    r = client.patch("/api/people/1", json={"email": "x@ducp.gov.vn"}, headers=login("lan.tt"))
    assert r.status_code == 403
