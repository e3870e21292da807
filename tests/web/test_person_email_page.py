"""The administration page sets a person's e-mail (for the single sign-on): saved lower-case, removed when left
empty; a duplicate or malformed address is shown again with the reason and changes nothing."""
from __future__ import annotations

import re

from .conftest import person, web_login


def _email(app, username: str):
    from service.extensions import db

    with app.app_context():
        value = person(username).email
        db.session.remove()
    return value


def test_an_administrator_sets_an_email_on_the_page(app, client):
    web_login(client, "quantri.ducp")
    page = client.get("/admin/orgs/1").get_data(as_text=True)
    assert "Thư điện tử" in page
    lan_form = re.search(r'action="(/admin/orgs/1/people/(\d+)/email)"[^<]*<input[^>]*>\s*<input name="email"'
                         r'[^>]*aria-label="Thư điện tử của Trần Thị Lan"', page)
    assert lan_form, "no e-mail form for Trần Thị Lan"
    url = lan_form.group(1)
    r = client.post(url, data={"email": " Lan.TT@DUCP.gov.vn "})
    assert r.status_code == 302
    assert "Đã lưu thư điện tử." in client.get(r.headers["Location"]).get_data(as_text=True)
    assert _email(app, "lan.tt") == "lan.tt@ducp.gov.vn"

    hung = re.search(r'action="(/admin/orgs/1/people/\d+/email)"[^<]*<input[^>]*>\s*<input name="email"'
                     r'[^>]*aria-label="Thư điện tử của Lê Văn Hùng"', page).group(1)
    r = client.post(hung, data={"email": "lan.tt@ducp.gov.vn"})
    assert r.status_code == 409 and "đã là của người dùng &#39;lan.tt&#39;" in r.get_data(as_text=True)
    r = client.post(hung, data={"email": "khong-phai-thu"})
    assert r.status_code == 422 and "email" in r.get_data(as_text=True)
    assert _email(app, "hung.lv") is None

    r = client.post(url, data={"email": ""})
    assert r.status_code == 302 and _email(app, "lan.tt") is None


def test_a_new_person_gets_an_email_from_the_form(app, client):
    web_login(client, "quantri.ducp")
    r = client.post("/admin/orgs/1/people", data={"username": "hoa.nv", "full_name": "Nguyễn Văn Hòa",
                                                  "email": "Hoa.NV@ducp.gov.vn", "password": "Mat-khau-2026!",
                                                  "roles": ["drafter"]})
    assert r.status_code == 302, r.get_data(as_text=True)[-500:]
    assert _email(app, "hoa.nv") == "hoa.nv@ducp.gov.vn"
