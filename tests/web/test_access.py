"""Every page × every role: no page shows or allows what that role may not.

The list of pages comes from the app's url_map: a new page without a rule here fails
test_every_page_has_an_access_rule."""
from __future__ import annotations

import pytest

from ..seed_docs import seed000
from .conftest import ROLE_PEOPLE, doc_state, web_login

SIGNED_IN = [r for r in ROLE_PEOPLE if r != "anonymous"]
REGISTER = {"drafter": 403, "other_drafter": 403, "unit_head": 200, "office": 200, "signer": 200, "clerk": 200,
            "archivist": 200, "other_org": 200, "anonymous": 302}
ANALYTICS = {"drafter": 403, "other_drafter": 403, "unit_head": 200, "office": 200, "signer": 200, "clerk": 403,
             "archivist": 403, "other_org": 200, "anonymous": 302}
# endpoint -> (method, url template, {role: status})
RULES: dict[str, tuple[str, str, dict[str, int]]] = {
    "web.login": ("GET", "/login", {**{r: 302 for r in SIGNED_IN}, "anonymous": 200}),
    "web.login_post": ("POST", "/login", {**{r: 302 for r in SIGNED_IN}, "anonymous": 401}),
    "web.logout": ("POST", "/logout", {r: 302 for r in ROLE_PEOPLE}),
    # single sign-on is off in this app: nobody may start it (tests/web/test_oidc.py tests it switched on)
    "web.sso_login": ("GET", "/login/sso", {r: 404 for r in ROLE_PEOPLE}),
    "web.sso_callback": ("GET", "/login/sso/callback", {r: 404 for r in ROLE_PEOPLE}),
    "web.tasks": ("GET", "/", {**{r: 200 for r in SIGNED_IN}, "anonymous": 302}),
    # probed with no choice: refused with the message, nothing done (tests/bulk/test_bulk_pages.py does it)
    "web.tasks_bulk": ("POST", "/tasks/bulk", {**{r: 422 for r in SIGNED_IN}, "anonymous": 302}),
    "web.documents": ("GET", "/documents", {**{r: 200 for r in SIGNED_IN}, "anonymous": 302}),
    "web.new_document": ("GET", "/documents/new", {**{r: 403 for r in SIGNED_IN}, "drafter": 200,
                                                   "other_drafter": 200, "anonymous": 302}),
    "web.create_document": ("POST", "/documents/new", {**{r: 403 for r in SIGNED_IN}, "drafter": 303,
                                                        "other_drafter": 303, "anonymous": 302}),
    "web.document": ("GET", "/documents/{review}", {**{r: 200 for r in SIGNED_IN}, "other_drafter": 404,
                                                    "other_org": 404, "anonymous": 302}),
    "web.document_pdf": ("GET", "/documents/{review}/pdf", {**{r: 200 for r in SIGNED_IN}, "other_drafter": 404,
                                                            "other_org": 404, "anonymous": 302}),
    "web.edit_document": ("GET", "/documents/{draft}/edit", {**{r: 403 for r in SIGNED_IN}, "drafter": 200,
                                                             "other_drafter": 404, "other_org": 404,
                                                             "anonymous": 302}),
    "web.revise_document": ("POST", "/documents/{draft}/edit", {**{r: 403 for r in SIGNED_IN}, "drafter": 303,
                                                                "other_drafter": 404, "other_org": 404,
                                                                "anonymous": 302}),
    "web.document_action": ("POST", "/documents/{review}/actions", {**{r: 403 for r in SIGNED_IN},
                                                                    "unit_head": 303, "other_drafter": 404,
                                                                    "other_org": 404, "anonymous": 302}),
    "web.register": ("GET", "/register/outgoing", REGISTER),
    # where documents wait: leaders and the office (their organization), unit heads (their unit); other_org is
    # thang.dv, a leader of his own organization, who sees his organization's numbers only (tests/analytics)
    "web.analytics_page": ("GET", "/analytics", ANALYTICS),
    "web.analytics_csv": ("GET", "/analytics.csv", ANALYTICS),
    "web.register_export_csv": ("GET", "/register/outgoing.csv", REGISTER),
    "web.register_export_xlsx": ("GET", "/register/outgoing.xlsx", REGISTER),
    # the audit chain: its organization's archivists (and administrators) only
    "web.audit_page": ("GET", "/audit", {**{r: 403 for r in SIGNED_IN}, "archivist": 200, "anonymous": 302}),
    "web.audit_export": ("GET", "/audit/export.jsonl", {**{r: 403 for r in SIGNED_IN}, "archivist": 200,
                                                        "anonymous": 302}),
    "web.password_form": ("GET", "/account/password", {**{r: 200 for r in SIGNED_IN}, "anonymous": 302}),
    # posted without the current password: refused (422) and nothing changes; anonymous: to the sign-in page
    "web.password_change": ("POST", "/account/password", {**{r: 422 for r in SIGNED_IN}, "anonymous": 302}),
    # one's own signature image: the page for everyone signed in; posted without a file: refused (422)
    # the PDF a signing step will sign: whoever may take the step (the unit head holds review: no signing, 409)
    "web.signing_preview": ("GET", "/documents/{review}/signing-preview.pdf", {
        **{r: 403 for r in SIGNED_IN}, "unit_head": 409, "other_drafter": 404, "other_org": 404,
        "anonymous": 302}),
    # one's own signing PIN: the page for everyone signed in; posted without a PIN: refused (422)
    "web.signing_pin_form": ("GET", "/account/signing-pin", {**{r: 200 for r in SIGNED_IN}, "anonymous": 302}),
    "web.signing_pin_change": ("POST", "/account/signing-pin", {**{r: 422 for r in SIGNED_IN}, "anonymous": 302}),
    "web.signature_form": ("GET", "/account/signature", {**{r: 200 for r in SIGNED_IN}, "anonymous": 302}),
    "web.signature_change": ("POST", "/account/signature", {**{r: 422 for r in SIGNED_IN}, "anonymous": 302}),
    # notifications: each person's own list; a notification of no one's is 404; the e-mail choice must be given
    "web.notifications_page": ("GET", "/notifications", {**{r: 200 for r in SIGNED_IN}, "anonymous": 302}),
    "web.notification_read": ("POST", "/notifications/999999/read", {**{r: 404 for r in SIGNED_IN},
                                                                     "anonymous": 302}),
    "web.notifications_read_all": ("POST", "/notifications/read-all", {r: 303 if r != "anonymous" else 302
                                                                        for r in ROLE_PEOPLE}),
    "web.email_notifications": ("POST", "/account/email-notifications", {**{r: 422 for r in SIGNED_IN},
                                                                         "anonymous": 302}),
    # administration: none of these people administers anything
    **{ep: (m, url, {**{r: 403 for r in SIGNED_IN}, "anonymous": 302}) for ep, m, url in (
        ("web.admin_home", "GET", "/admin"), ("web.admin_create_org", "POST", "/admin"),
        ("web.admin_org", "GET", "/admin/orgs/1"), ("web.admin_add", "POST", "/admin/orgs/1/units"),
        ("web.admin_close_term", "POST", "/admin/orgs/1/terms/1/close"),
        ("web.admin_person_active", "POST", "/admin/orgs/1/people/1/active"),
        ("web.admin_delete_group", "POST", "/admin/orgs/1/groups/1/delete"),
        ("web.admin_person_email", "POST", "/admin/orgs/1/people/1/email"),
        ("web.admin_images", "POST", "/admin/orgs/1/images"),
        ("web.admin_import", "GET", "/admin/import"), ("web.admin_import_preview", "POST", "/admin/import/preview"),
        ("web.admin_import_apply", "POST", "/admin/import/apply"),
        ("web.admin_import_template", "GET", "/admin/import/template.xlsx"),
        ("web.admin_export", "GET", "/admin/export.xlsx"))},
    # incoming documents: {incoming} is 23-KH/ĐU in the queue of Đảng ủy Bộ Nông nghiệp và Môi trường, the
    # organization of other_org (its leader); for Đảng ủy Chính phủ it does not exist (404)
    "web.incoming_queue": ("GET", "/incoming", {**{r: 200 for r in SIGNED_IN}, "drafter": 403, "other_drafter": 403,
                                                "unit_head": 403, "anonymous": 302}),
    "web.incoming_detail": ("GET", "/incoming/{incoming}", {**{r: 404 for r in SIGNED_IN}, "other_org": 200,
                                                            "anonymous": 302}),
    # posted without a step: refused (422) on the page for the organization, 404 for the others
    "web.incoming_action": ("POST", "/incoming/{incoming}/actions", {**{r: 404 for r in SIGNED_IN},
                                                                     "other_org": 422, "anonymous": 302}),
    "web.incoming_pdf": ("GET", "/incoming/{incoming}/pdf", {**{r: 404 for r in SIGNED_IN}, "anonymous": 302}),
    "web.incoming_new": ("GET", "/incoming/new", {**{r: 403 for r in SIGNED_IN}, "clerk": 200, "anonymous": 302}),
    "web.incoming_new_post": ("POST", "/incoming/new", {**{r: 403 for r in SIGNED_IN}, "clerk": 422,
                                                         "anonymous": 302}),
    "web.register_incoming": ("GET", "/register/incoming", REGISTER),
    "web.register_incoming_csv": ("GET", "/register/incoming.csv", REGISTER),
    "web.register_incoming_xlsx": ("GET", "/register/incoming.xlsx", REGISTER),
    # reporting: the world's plan 23-KH/ĐU flags obligation 1 (requested by Đảng ủy Chính phủ, owed by its
    # subordinates, so the other organization sees it too); posted empty, the update changes nothing for those
    # who may manage it (the plan's drafter, its unit head, the office, its signer) and is 403 for the others
    "web.reports": ("GET", "/reports", {**{r: 200 for r in SIGNED_IN}, "anonymous": 302}),
    "web.report_obligation": ("GET", "/reports/obligations/1", {**{r: 200 for r in SIGNED_IN}, "anonymous": 302}),
    "web.report_obligation_update": ("POST", "/reports/obligations/1", {
        **{r: 403 for r in SIGNED_IN}, "drafter": 303, "unit_head": 303, "office": 303, "signer": 303,
        "anonymous": 302}),
    "web.start_period_report": ("POST", "/reports/periods/999999/start", {**{r: 404 for r in SIGNED_IN},
                                                                        "anonymous": 302}),
    # correction, recall, void (posted empty on the document in review): the one role that may gets 409 (not issued,
    # not numbered: nothing changes), the others who see the document 403, the others 404
    "web.start_correction": ("POST", "/documents/{review}/corrections", {
        **{r: 403 for r in SIGNED_IN}, "drafter": 409, "other_drafter": 404, "other_org": 404, "anonymous": 302}),
    "web.recall_document": ("POST", "/documents/{review}/recall", {
        **{r: 403 for r in SIGNED_IN}, "signer": 409, "other_drafter": 404, "other_org": 404, "anonymous": 302}),
    "web.void_number": ("POST", "/documents/{review}/void-number", {
        **{r: 403 for r in SIGNED_IN}, "clerk": 409, "other_drafter": 404, "other_org": 404, "anonymous": 302}),
    # ủy quyền xử lý: everyone's own page; posted empty: refused (422); a substitution of no one's: 404
    "web.substitutions_page": ("GET", "/account/substitutions", {**{r: 200 for r in SIGNED_IN}, "anonymous": 302}),
    "web.substitution_create": ("POST", "/account/substitutions", {**{r: 422 for r in SIGNED_IN},
                                                                   "anonymous": 302}),
    "web.substitution_revoke": ("POST", "/account/substitutions/999999/revoke", {**{r: 404 for r in SIGNED_IN},
                                                                                 "anonymous": 302}),
    # giao lại việc posted empty (a task id that is not open): the leaders (unit head, signer) are sent back to the
    # page with the message, nothing changes; others who see the document 403, the others 404
    "web.document_assign": ("POST", "/documents/{review}/tasks/x/assign", {
        **{r: 403 for r in SIGNED_IN}, "unit_head": 303, "signer": 303, "other_drafter": 404, "other_org": 404,
        "anonymous": 302}),
    # posted without a channel: refused (422) for those who see the document, 404 for the others
    "web.record_delivery": ("POST", "/documents/{review}/deliveries/1/record", {
        **{r: 422 for r in SIGNED_IN}, "other_drafter": 404, "other_org": 404, "anonymous": 302}),
}


def draft_form(subject: str | None = None) -> dict:
    p = seed000()["payload"]
    return {"kind": p["kind"], "subject": subject or p["subject"], "preamble": p["preamble"], "body": p["body"],
            "drafting_unit": "BTGDV", "intended_signer": "phong.nd", "archive_units": "VT, BTGDV",
            "archive_copies": "3", "recipient_text": [r["text"] for r in p["recipients"]],
            "recipient_purpose": [r["purpose"] for r in p["recipients"]]}


def test_every_page_has_an_access_rule(app):
    endpoints = {r.endpoint for r in app.url_map.iter_rules() if r.endpoint.startswith("web.")}
    assert endpoints == set(RULES), f"pages without an access rule: {endpoints - set(RULES)}"
    for rule in app.url_map.iter_rules():
        if rule.endpoint in RULES:
            method = RULES[rule.endpoint][0]
            assert method in rule.methods, (rule.endpoint, rule.methods)


def _count_documents(app) -> int:
    from sqlalchemy import func, select

    from service.extensions import db
    from service.store.documents import Document

    with app.app_context():
        n = db.session.scalar(select(func.count(Document.id)))
        db.session.remove()
    return n


@pytest.mark.parametrize("endpoint", sorted(RULES))
def test_each_role_gets_exactly_what_it_may_on(endpoint, app, world):
    method, template, expected = RULES[endpoint]
    url = template.format(draft=world.draft, review=world.review, incoming=_incoming(app, world))
    # Refused roles first, the permitted ones last: a refused request must change nothing.
    order = sorted(ROLE_PEOPLE, key=lambda r: expected[r] in (302, 303) and r != "anonymous")
    for role in order:
        client = app.test_client()
        web_login(client, ROLE_PEOPLE[role])
        before = (_count_documents(app), doc_state(app, world.draft), doc_state(app, world.review))
        if method == "GET":
            r = client.get(url)
        elif endpoint == "web.login_post":
            r = client.post(url, data={"username": ROLE_PEOPLE[role] or "lan.tt", "password": "sai-mat-khau"
                                       if role == "anonymous" else "Demo@2025"})
        elif endpoint in ("web.create_document", "web.revise_document"):
            r = client.post(url, data=draft_form("Kế hoạch sửa đổi bởi " + role))
        elif endpoint == "web.document_action":
            r = client.post(url, data={"action": "approve", "task_id": "", "comment": "ok"} | _task(app, world))
        else:
            r = client.post(url)
        assert r.status_code == expected[role], (endpoint, role, r.status_code, r.get_data(as_text=True)[-400:])
        if role == "anonymous" and expected[role] == 302 and endpoint not in ("web.logout",):
            assert "/login" in r.headers["Location"]
        after = (_count_documents(app), doc_state(app, world.draft), doc_state(app, world.review))
        if r.status_code >= 400 or (role == "anonymous" and endpoint != "web.login_post"):
            assert after == before, f"{role} was refused on {endpoint} but something changed"
        if r.status_code in (403, 404):
            html = r.get_data(as_text=True)
            assert "Không có quyền" in html or "Không tìm thấy" in html


def _incoming(app, world) -> int:
    from sqlalchemy import select

    from service.extensions import db
    from service.store.incoming import IncomingDocument
    from service.store.organizations import Organization

    with app.app_context():
        org = db.session.scalars(select(Organization).where(Organization.code == "DUBNNMT")).one()
        iid = db.session.scalars(select(IncomingDocument.id).where(
            IncomingDocument.source_document_id == world.dispatched, IncomingDocument.org_id == org.id)).one()
        db.session.remove()
    return iid


def _task(app, world) -> dict:
    from service.extensions import db
    from service.store.documents import Document

    with app.app_context():
        t = db.session.get(Document, world.review).step_task_id
        db.session.remove()
    return {"task_id": t}


BUTTONS = ("Đồng ý", "Trả lại", "Ký ban hành", "Cấp số, đăng ký", "Phát hành", "Trình duyệt", "Chỉnh sửa dự thảo")


def _buttons(html: str) -> set[str]:
    return {b for b in BUTTONS if f">{b}</button>" in html or f">{b}</a>" in html}


@pytest.mark.parametrize("role", SIGNED_IN)
def test_the_document_page_offers_only_this_persons_actions(role, app, world):
    client = app.test_client()
    web_login(client, ROLE_PEOPLE[role])
    review = client.get(f"/documents/{world.review}").get_data(as_text=True)
    draft = client.get(f"/documents/{world.draft}").get_data(as_text=True)
    done = client.get(f"/documents/{world.dispatched}")
    if role in ("other_drafter", "other_org"):
        assert "Đồng ý" not in review and "Trình duyệt" not in draft
    else:
        assert _buttons(review) == ({"Đồng ý", "Trả lại"} if role == "unit_head" else set())
    if role == "drafter":
        assert _buttons(draft) == {"Trình duyệt", "Chỉnh sửa dự thảo"}
    elif role not in ("other_drafter", "other_org"):
        assert _buttons(draft) == set()
    # Issued documents are open to the organization and to the organizations they reach: the other
    # organization here (Đảng ủy Bộ Nông nghiệp và Môi trường) is a subordinate that "Các đảng ủy trực thuộc"
    # reaches. An organization the plan does not reach gets 404.
    assert done.status_code == 200
    stranger = app.test_client()
    web_login(stranger, "yen.lt")
    assert stranger.get(f"/documents/{world.dispatched}").status_code == 404
    if done.status_code == 200:
        assert _buttons(done.get_data(as_text=True)) == set() and "23-KH/ĐU" in done.get_data(as_text=True)


@pytest.mark.parametrize("role", SIGNED_IN)
def test_the_menu_shows_only_what_the_role_may_open(role, app, world):
    client = app.test_client()
    web_login(client, ROLE_PEOPLE[role])
    html = client.get("/").get_data(as_text=True)
    assert ('href="/documents/new"' in html) == (role in ("drafter", "other_drafter"))
    assert ('href="/register/outgoing"' in html) == (REGISTER[role] == 200)


def test_another_organization_sees_none_of_our_register(app, world):
    client = app.test_client()
    web_login(client, "thang.dv")
    for url in ("/register/outgoing", "/register/outgoing.csv", "/register/outgoing.xlsx",
                "/register/outgoing?q=ke+hoach"):
        r = client.get(url)
        assert r.status_code == 200
        assert "23-KH/ĐU".encode() not in r.data and b"23-KH/" not in r.data
    mai = app.test_client()
    web_login(mai, "mai.vt")
    assert "23-KH/ĐU" in mai.get("/register/outgoing").get_data(as_text=True)


def test_tasks_list_only_the_persons_own_tasks(app, world):
    expected = {"lan.tt": 1, "hung.lv": 1, "tuan.pm": 0, "phong.nd": 0, "ha.dt": 0, "mai.vt": 0, "thang.dv": 0,
                "minh.nv": 0}
    for username, n in expected.items():
        client = app.test_client()
        web_login(client, username)
        html = client.get("/").get_data(as_text=True)
        assert html.count('<tr class="task-row ') == n, username


# The pages of a dispatched document as a person of a recipient organization (other_org, thang.dv of
# Đảng ủy Bộ Nông nghiệp và Môi trường, reached through "Các đảng ủy trực thuộc"): the issued document only.
RECIPIENT_PAGES = {
    "web.document": ("GET", "/documents/{dispatched}", 200),
    "web.document_pdf": ("GET", "/documents/{dispatched}/pdf", 200),
    "web.edit_document": ("GET", "/documents/{dispatched}/edit", 404),
    "web.revise_document": ("POST", "/documents/{dispatched}/edit", 404),
    "web.document_action": ("POST", "/documents/{dispatched}/actions", 404),
    "web.record_delivery": ("POST", "/documents/{dispatched}/deliveries/1/record", 404),
    "web.start_correction": ("POST", "/documents/{dispatched}/corrections", 404),
    "web.recall_document": ("POST", "/documents/{dispatched}/recall", 404),
    "web.void_number": ("POST", "/documents/{dispatched}/void-number", 404),
    "web.signing_preview": ("GET", "/documents/{dispatched}/signing-preview.pdf", 404),
    "web.document_assign": ("POST", "/documents/{dispatched}/tasks/x/assign", 404),
}


def test_every_document_page_has_a_recipient_rule(app):
    pages = {r.endpoint for r in app.url_map.iter_rules()
             if r.endpoint.startswith("web.") and "<int:doc_id>" in r.rule}
    assert pages == set(RECIPIENT_PAGES), pages ^ set(RECIPIENT_PAGES)


def test_a_recipient_gets_only_the_issued_document_pages(app, world):
    client = app.test_client()
    web_login(client, ROLE_PEOPLE["other_org"])
    for endpoint, (method, template, expected) in RECIPIENT_PAGES.items():
        url = template.format(dispatched=world.dispatched)
        before = doc_state(app, world.dispatched)
        r = client.get(url) if method == "GET" else client.post(url, data=draft_form("x"))
        assert r.status_code == expected, (endpoint, r.status_code)
        assert doc_state(app, world.dispatched) == before
    html = client.get(f"/documents/{world.dispatched}").get_data(as_text=True)
    assert 'data-view="recipient"' in html
    for inside in ("Lịch sử xử lý", "Ý kiến", "Sơ đồ quy trình", "Khác biệt", "Người xử lý", "Bản dự thảo"):
        assert inside not in html, inside
