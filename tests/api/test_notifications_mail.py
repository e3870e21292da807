"""People are told when work reaches them: in the app and by e-mail, sent by the scheduler to a real SMTP
server (aiosmtpd) the test starts; a server that is down blocks no step and loses no mail."""
from __future__ import annotations

import email
import email.policy
import socket
from datetime import datetime, timedelta

import pytest
from aiosmtpd.controller import Controller

from service.extensions import db
from service.store.notifications import OutboxMail
from service.store.organizations import Person
from service.usecases import mail

from ..seed_docs import seed000
from .test_seed000_journey import complete

PEOPLE = ("lan.tt", "hung.lv", "tuan.pm", "phong.nd", "ha.dt", "hoa.nt", "tam.nv")


class Inbox:
    def __init__(self):
        self.messages: list[email.message.EmailMessage] = []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append(email.message_from_bytes(envelope.original_content or envelope.content,
                                                      policy=email.policy.default))
        return "250 OK"

    def to(self, address: str) -> list:
        return [m for m in self.messages if m["To"] == address]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def smtp_port():
    return free_port()


@pytest.fixture
def smtp_server(smtp_port):
    """start() -> the inbox of a real SMTP server listening on `smtp_port` (stopped after the test)."""
    started = []

    def start() -> Inbox:
        inbox = Inbox()
        ctl = Controller(inbox, hostname="127.0.0.1", port=smtp_port)
        ctl.start()
        started.append(ctl)
        return inbox

    yield start
    for ctl in started:
        ctl.stop()


@pytest.fixture
def mailing(app, smtp_port):
    """The demo people get addresses; the app sends through 127.0.0.1:`smtp_port`."""
    app.config.update(SMTP_HOST="127.0.0.1", SMTP_PORT=smtp_port, SMTP_TIMEOUT=5, MAIL_FROM="vanban@vanban.test")
    with app.app_context():
        for p in db.session.query(Person).filter(Person.username.in_(PEOPLE)):
            p.email = f"{p.username}@vanban.test"
        db.session.commit()
        db.session.remove()
    return app


def send(app) -> mail.MailResult:
    with app.app_context():
        return mail.send_due()


def outbox(app) -> list[OutboxMail]:
    with app.app_context():
        rows = mail.outbox()
        db.session.expunge_all()
        db.session.remove()
        return rows


def run_seed000(client, login, clock) -> dict:
    seed = seed000()
    lan, hung, tuan, phong, ha = (login(u) for u in ("lan.tt", "hung.lv", "tuan.pm", "phong.nd", "ha.dt"))
    doc = client.post("/api/documents", json=seed["payload"], headers=lan).get_json()
    doc = complete(client, lan, doc)
    doc = complete(client, hung, doc, {"decision": "return", "comment": "Bổ sung nội dung phần II."})
    doc = complete(client, lan, doc)
    doc = complete(client, hung, doc, {"decision": "approve"})
    doc = complete(client, tuan, doc, {"decision": "approve"})
    clock.set(datetime(2025, 8, 7, 1, 30))
    doc = complete(client, phong, doc, {"decision": "approve"})
    doc = complete(client, ha, doc)
    doc = complete(client, ha, doc)
    assert doc["status"] == "DISPATCHED"
    return doc


def test_each_person_the_work_reaches_gets_a_vietnamese_mail_with_the_link(mailing, client, login, clock,
                                                                           smtp_server):
    inbox = smtp_server()
    doc = run_seed000(client, login, clock)
    link = f"http://vanban.test/documents/{doc['id']}"

    # Queued in the steps' transactions, nothing sent yet; the scheduler's pass sends them all.
    assert {r.status for r in outbox(mailing)} == {"QUEUED"} and inbox.messages == []
    result = send(mailing)
    assert (result.sent, result.retrying, result.failed) == (len(outbox(mailing)), 0, 0)
    assert {r.status for r in outbox(mailing)} == {"SENT"}

    def subjects(username):
        return [m["Subject"] for m in inbox.to(f"{username}@vanban.test")]

    subject = seed000()["payload"]["subject"]
    assert subjects("hung.lv") == [f"Thẩm định nội dung: {subject}"] * 2  # submitted twice
    assert subjects("tuan.pm") == [f"Kiểm tra thể thức: {subject}"]
    assert subjects("phong.nd") == [f"Ký ban hành: {subject}"]
    assert subjects("ha.dt") == [f"Cấp số, đăng ký văn bản đi: {subject}"]  # not told of their own dispatch
    assert subjects("lan.tt") == [f"Dự thảo bị trả lại: {subject}",
                                  "Hoàn thiện chế độ báo cáo của 23-KH/ĐU",  # the plan asks for reports (V21)
                                  f"Đã phát hành văn bản 23-KH/ĐU: {subject}"]
    assert subjects("hoa.nt") == subjects("tam.nv") == ["Văn bản đến chờ vào sổ: 23-KH/ĐU"]

    returned = inbox.to("lan.tt@vanban.test")[0]
    text = returned.get_content()
    assert text.startswith("Kính gửi đồng chí Trần Thị Lan,")
    assert "Bổ sung nội dung phần II." in text and link in text
    assert returned["From"] == "vanban@vanban.test"
    assert link in inbox.to("phong.nd@vanban.test")[0].get_content()

    # The same in the app: the list and the header's count.
    hung = login("hung.lv")
    notes = client.get("/api/notifications", headers=hung).get_json()
    assert notes["unread"] == 2 and [n["kind"] for n in notes["items"]] == ["outgoing_task"] * 2
    assert all(n["document_id"] == doc["id"] for n in notes["items"])
    assert client.post("/api/notifications/read-all", headers=hung).get_json() == {"marked": 2}
    assert client.get("/api/notifications?unread=1", headers=hung).get_json()["unread"] == 0

    # A second pass sends nothing again.
    assert send(mailing).sent == 0 and len(inbox.messages) == len(outbox(mailing))


def test_smtp_down_blocks_no_step_and_the_mails_go_once_it_is_up(mailing, client, login, clock, smtp_server):
    seed = seed000()
    lan = login("lan.tt")
    doc = client.post("/api/documents", json=seed["payload"], headers=lan).get_json()
    doc = complete(client, lan, doc)  # nothing listens on the port: the step succeeds all the same
    assert doc["step"] == "content_review"
    (row,) = outbox(mailing)
    assert (row.to_address, row.status, row.attempts) == ("hung.lv@vanban.test", "QUEUED", 0)

    now = datetime(2025, 8, 1, 2, 0)
    result = send(mailing)
    assert (result.sent, result.retrying) == (0, 1)
    (row,) = outbox(mailing)
    assert (row.status, row.attempts, row.next_attempt_at) == ("QUEUED", 1, now + timedelta(minutes=1))
    assert "ConnectionRefused" in row.last_error
    assert send(mailing).retrying == 0, "not due again before its back-off"

    clock.set(now + timedelta(minutes=1))
    assert send(mailing).retrying == 1
    (row,) = outbox(mailing)
    assert (row.attempts, row.next_attempt_at) == (2, now + timedelta(minutes=3))

    inbox = smtp_server()
    clock.set(now + timedelta(minutes=3))
    assert send(mailing).sent == 1
    (row,) = outbox(mailing)
    assert (row.status, row.attempts, row.sent_at) == ("SENT", 3, now + timedelta(minutes=3))
    assert [m["To"] for m in inbox.messages] == ["hung.lv@vanban.test"]


def test_a_mail_that_never_goes_is_failed_after_the_last_attempt(mailing, client, login, clock):
    mailing.config["MAIL_MAX_ATTEMPTS"] = 2
    lan = login("lan.tt")
    doc = client.post("/api/documents", json=seed000()["payload"], headers=lan).get_json()
    complete(client, lan, doc)
    assert send(mailing).retrying == 1
    clock.set(datetime(2025, 8, 1, 2, 5))
    assert send(mailing).failed == 1
    (row,) = outbox(mailing)
    assert (row.status, row.attempts) == ("FAILED", 2)
    clock.set(datetime(2025, 8, 2, 2, 0))
    assert send(mailing).failed == 0


def test_who_turned_email_off_gets_none_but_still_sees_it_in_the_app(mailing, client, login, clock, smtp_server):
    hung = login("hung.lv")
    r = client.patch("/api/me/preferences", json={"email_notifications": False}, headers=hung)
    assert r.status_code == 200 and r.get_json() == {"email": "hung.lv@vanban.test", "email_notifications": False}
    assert client.patch("/api/me/preferences", json={"email_notifications": "no"}, headers=hung).status_code == 422
    inbox = smtp_server()
    lan = login("lan.tt")
    doc = client.post("/api/documents", json=seed000()["payload"], headers=lan).get_json()
    complete(client, lan, doc)
    assert outbox(mailing) == [] and send(mailing).sent == 0 and inbox.messages == []
    assert client.get("/api/notifications", headers=hung).get_json()["unread"] == 1


def test_without_smtp_settings_mails_stay_queued(app, client, login):
    with app.app_context():
        db.session.get(Person, db.session.query(Person.id).filter_by(username="hung.lv").scalar()).email = "h@x.test"
        db.session.commit()
    lan = login("lan.tt")
    doc = client.post("/api/documents", json=seed000()["payload"], headers=lan).get_json()
    complete(client, lan, doc)
    assert send(app).unconfigured
    (row,) = outbox(app)
    assert (row.status, row.attempts) == ("QUEUED", 0)
    out = app.test_cli_runner().invoke(args=["scheduler", "run", "--once"])
    assert out.exit_code == 0 and "mails stay queued" in out.output


def test_the_header_counts_unread_notifications_and_the_page_marks_them_read(app, client, login):
    lan = login("lan.tt")
    doc = client.post("/api/documents", json=seed000()["payload"], headers=lan).get_json()
    complete(client, lan, doc)
    r = client.post("/login", data={"username": "hung.lv", "password": "Demo@2025"})
    assert r.status_code == 302
    page = client.get("/").get_data(as_text=True)
    assert 'data-unread="1"' in page and 'href="/notifications"' in page
    page = client.get("/notifications").get_data(as_text=True)
    assert "Thẩm định nội dung" in page and f'href="/documents/{doc["id"]}"' in page
    (note,) = client.get("/api/notifications", headers=login("hung.lv")).get_json()["items"]
    assert client.post(f"/notifications/{note['id']}/read").status_code == 303
    assert 'data-unread=' not in client.get("/").get_data(as_text=True)
    assert client.post("/account/email-notifications", data={"enabled": "0"}).status_code == 303
    prefs = client.get("/api/me/preferences", headers=login("hung.lv")).get_json()
    assert prefs == {"email": None, "email_notifications": False}
