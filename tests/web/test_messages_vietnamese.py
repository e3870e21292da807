"""Every form answers bad input in Vietnamese: each page route that takes a POST gets typical bad input, and every
message the page then shows (field errors, the form's error box, flashes, the error page, import problems)
carries Vietnamese diacritics. A new form route without a case here fails the first test."""
from __future__ import annotations

import html as htmllib
import io
import re

import pytest
from sqlalchemy import select

from service.usecases.input_messages import has_vietnamese

from .conftest import web_login
from .test_access import _incoming, _task, draft_form

NO_INPUT = {"web.logout", "web.notifications_read_all"}  # nothing typed: nothing to refuse

_MESSAGE_PATTERNS = (
    re.compile(r'<p class="(?:field-error|form-error|flash [^"]*|message)"[^>]*>(.*?)</p>', re.S),
    re.compile(r'<tr class="problem-row">(?:<td>.*?</td>){3}<td>(.*?)</td>', re.S),
)
ENGLISH = re.compile(r"\b(should|must|field|required|invalid|input|or|characters?|valid|value|error)\b", re.I)
_BOX = re.compile(r'<div class="form-error"[^>]*>(.*?)</div>', re.S)


def messages(html: str) -> list[str]:
    found = [m for p in _MESSAGE_PATTERNS for m in p.findall(html)]
    for box in _BOX.findall(html):
        found += re.findall(r"<li>(.*?)</li>", box, re.S)
    return [t for t in (htmllib.unescape(re.sub(r"<[^>]+>", " ", m)).strip() for m in found) if t]


def _ids(app) -> dict:
    from service.extensions import db
    from service.store.organizations import Organization, Person, Term

    with app.app_context():
        org = db.session.scalars(select(Organization).where(Organization.code == "DUCP")).one()
        lan = db.session.scalars(select(Person).where(Person.username == "lan.tt")).one()
        term = db.session.scalars(select(Term).where(Term.org_id == org.id)).first()
        out = {"org": org.id, "lan": lan.id, "term": term.id}
        db.session.remove()
    return out


def cases(app, world) -> dict[str, list[tuple[str | None, str, dict]]]:
    """endpoint -> [(who, url, form data)]: typical bad input for each form."""
    ids = _ids(app)
    org = f"/admin/orgs/{ids['org']}"
    bad_draft = draft_form() | {"subject": "", "copies": "-3", "urgency": "RAT_GAP", "recipient_purpose": ["HỎI"],
                                "archive_copies": "ba"}
    admin_bad = {
        "profile": {"abbrev": "x" * 50, "has_seal": "có lẽ", "place_name": "x" * 200},
        "units": {"code": "có dấu cách", "name": "x" * 400},
        "people": {"username": "AB", "full_name": "x" * 300, "email": "khong-phai-thu", "password": "x"},
        "authorities": {"person": "lan.tt", "position_title": "x", "valid_from": "07/08/2025", "prefix": "x" * 20},
        "terms": {"name": "Nhiệm kỳ mới", "start": "hôm nay"},
        "series": {"kind": "KH", "period_key": "NĂM 2025", "next_value": "-1", "direction": "NGANG"},
        "groups": {"code": "có dấu", "name": "x" * 400, "members": "KHONGCO\nkhong.co"},
    }
    return {
        "web.login_post": [(None, "/login", {}), (None, "/login", {"username": "x" * 500, "password": "y"})],
        "web.password_change": [("lan.tt", "/account/password", {}),
                                ("lan.tt", "/account/password", {"current_password": "sai", "new_password": "a",
                                                                 "new_password_again": "b"})],
        "web.email_notifications": [("lan.tt", "/account/email-notifications", {"enabled": "có lẽ"})],
        "web.notification_read": [("lan.tt", "/notifications/999999/read", {})],
        "web.create_document": [("lan.tt", "/documents/new", {}), ("lan.tt", "/documents/new", bad_draft)],
        "web.revise_document": [("lan.tt", f"/documents/{world.draft}/edit", bad_draft)],
        "web.document_action": [
            ("hung.lv", f"/documents/{world.review}/actions", {"action": "return", "comment": ""} | _task(app, world)),
            ("hung.lv", f"/documents/{world.review}/actions", {"action": "phá"} | _task(app, world))],
        "web.tasks_bulk": [("hung.lv", "/tasks/bulk", {}),
                           ("hung.lv", "/tasks/bulk", {"choice": "content_review:approve", "doc": ["một"]})],
        "web.document_assign": [("hung.lv", f"/documents/{world.review}/tasks/{_task(app, world)['task_id']}/assign",
                                 {"username": "minh.nv", "reason": ""}),
                                ("hung.lv", f"/documents/{world.review}/tasks/khong-co/assign",
                                 {"username": "không-có", "reason": "Đi công tác"})],
        "web.signing_pin_change": [("phong.nd", "/account/signing-pin", {"new_pin": "12", "new_pin_again": "12"}),
                                   ("phong.nd", "/account/signing-pin", {"new_pin": "123456",
                                                                         "new_pin_again": "654321"})],
        "web.substitution_create": [("hung.lv", "/account/substitutions", {}),
                                    ("hung.lv", "/account/substitutions",
                                     {"substitute": "không-có", "starts_at": "mai", "ends_at": "hôm qua"})],
        "web.substitution_revoke": [("hung.lv", "/account/substitutions/999999/revoke", {})],
        "web.record_delivery": [("ha.dt", f"/documents/{world.review}/deliveries/1/record", {"channel": "BỒ CÂU"})],
        # correction, recall, void: an empty reason on the issued plan; a plan not yet issued (409 on the page)
        "web.recall_document": [("phong.nd", f"/documents/{world.dispatched}/recall", {"reason": "  "}),
                                ("phong.nd", f"/documents/{world.review}/recall", {"reason": "Nhầm"})],
        "web.void_number": [("ha.dt", f"/documents/{world.dispatched}/void-number", {"reason": ""})],
        "web.start_correction": [("lan.tt", f"/documents/{world.review}/corrections", {})],
        "web.incoming_action": [("thang.dv", f"/incoming/{_incoming(app, world)}/actions", {}),
                                ("thang.dv", f"/incoming/{_incoming(app, world)}/actions", {"step": "phá"})],
        "web.incoming_new_post": [("ha.dt", "/incoming/new", {}),
                                  ("ha.dt", "/incoming/new", {"file": (io.BytesIO(b"khong phai pdf"), "a.pdf"),
                                                              "arrival_date": "hôm qua"})],
        "web.report_obligation_update": [("lan.tt", "/reports/obligations/1", {
            "first_due_date": "31/02/2025", "reminder_days": "ba", "frequency": "THỈNH THOẢNG"})],
        "web.start_period_report": [("lan.tt", "/reports/periods/999999/start", {})],
        "web.admin_create_org": [("quantri", "/admin", {}),
                                 ("quantri", "/admin", {"code": "có dấu cách", "system": "KHAC", "name": "x"})],
        "web.admin_add": [("quantri", f"{org}/{what}", data) for what, bad in admin_bad.items()
                          for data in ({}, bad)] + [("quantri", f"{org}/khong-co", {})],
        "web.admin_close_term": [("quantri", f"{org}/terms/{ids['term']}/close", {"end": "không phải ngày"})],
        "web.admin_person_active": [("quantri", f"{org}/people/999999/active", {"active": "1"})],
        "web.admin_delete_group": [("quantri", f"{org}/groups/999999/delete", {})],
        "web.admin_person_email": [("quantri", f"{org}/people/{ids['lan']}/email", {"email": "khong-phai-thu"})],
        "web.admin_import_preview": [("quantri", "/admin/import/preview", {}),
                                     ("quantri", "/admin/import/preview",
                                      {"file": (io.BytesIO(b"PK\x03\x04 hong"), "danh-ba.xlsx")}),
                                     ("quantri", "/admin/import/preview",
                                      {"file": (io.BytesIO("Mã,Tên\n có dấu ,\n".encode()), "to-chuc.csv")})],
        "web.admin_import_apply": [("quantri", "/admin/import/apply", {})],
        "web.signature_change": [("phong.nd", "/account/signature", {}),
                                 ("phong.nd", "/account/signature",
                                  {"image": (io.BytesIO(b"\xff\xd8\xff khong phai png"), "chu-ky.jpg")})],
        "web.admin_images": [("quantri", f"{org}/images", {"target": "seal"}),
                             ("quantri", f"{org}/images", {"target": "seal",
                                                           "image": (io.BytesIO(b"GIF89a"), "dau.gif")})],
    }


def test_every_form_route_has_a_bad_input_case(app, world):
    posts = {r.endpoint for r in app.url_map.iter_rules()
             if "POST" in r.methods and r.endpoint.startswith("web.")}
    missing = posts - set(cases(app, world)) - NO_INPUT
    assert not missing, f"add a bad-input case for {sorted(missing)}"


def test_every_form_answers_bad_input_in_vietnamese(app, world):
    clients: dict[str | None, object] = {}
    for endpoint, runs in cases(app, world).items():
        for who, url, data in runs:
            if who not in clients:
                clients[who] = app.test_client()
                web_login(clients[who], who)
            r = clients[who].post(url, data=data, follow_redirects=True)
            where = f"{endpoint} {url} {sorted(data)}"
            assert r.status_code < 500, (where, r.status_code)
            html = r.get_data(as_text=True)
            shown = messages(html)
            assert shown, (where, r.status_code, html[:800])
            for m in shown:
                assert has_vietnamese(m) and not ENGLISH.search(m), (where, m)
            assert "should" not in html and "Field required" not in html and "Input should" not in html, where


def test_an_admin_form_names_each_field_by_its_vietnamese_label(app, world):
    c = app.test_client()
    web_login(c, "quantri")
    org = _ids(app)["org"]
    r = c.post(f"/admin/orgs/{org}/units", data={"code": "có dấu cách"})
    assert r.status_code == 422
    (box,) = [m for m in messages(r.get_data(as_text=True)) if m.startswith("Dữ liệu chưa hợp lệ")]
    assert "Mã đơn vị: chỉ gồm chữ, chữ số và . _ - (không có khoảng trắng)." in box
    assert "Tên đơn vị: bắt buộc, chưa có giá trị." in box


@pytest.mark.parametrize("method, url, status", [
    ("GET", "/khong-co-trang-nay", 404), ("GET", "/logout", 405), ("POST", "/login", 413)])
def test_error_pages_are_vietnamese(app, method, url, status):
    c = app.test_client()
    data = {"username": "x" * (3 * 1024 * 1024)} if status == 413 else None
    r = c.open(url, method=method, data=data)
    assert r.status_code == status
    shown = messages(r.get_data(as_text=True))
    assert shown and all(has_vietnamese(m) for m in shown), shown


def test_a_form_without_its_csrf_token_is_refused_in_vietnamese(make_app):
    app = make_app(WTF_CSRF_ENABLED=True)
    r = app.test_client().post("/login", data={"username": "lan.tt", "password": "x"})
    assert r.status_code == 400
    shown = messages(r.get_data(as_text=True))
    assert shown and all(has_vietnamese(m) for m in shown) and any("CSRF" in m for m in shown)


def test_an_error_page_keeps_the_menu_of_the_person_signed_in(app):
    """A 404 or 405 page shown to an administrator still offers 'Quản trị' (and to a drafter 'Soạn văn bản')."""
    from .conftest import web_login

    for username, link in (("quantri", "Quản trị"), ("lan.tt", "Soạn văn bản")):
        c = app.test_client()
        web_login(c, username)
        for method, url, status in (("GET", "/khong-co-trang-nay", 404), ("GET", "/logout", 405)):
            r = c.open(url, method=method)
            assert r.status_code == status and f">{link}</a>" in r.get_data(as_text=True), (username, url)
