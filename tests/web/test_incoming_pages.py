"""The incoming-document pages as each demo role: the real seed 23-KH/ĐU dispatched from Đảng ủy Chính phủ
reaches Đảng ủy Bộ Nông nghiệp và Môi trường (clerk hoa.nt, leader thang.dv, handler linh.pt)."""
from __future__ import annotations

import io
import re
from datetime import datetime

from sqlalchemy import func, select

from .conftest import web_login

PDF = b"%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def _client(app, username):
    c = app.test_client()
    web_login(c, username)
    return c


def _item(app, source_id: int) -> tuple[int, str | None]:
    from service.extensions import db
    from service.store.incoming import IncomingDocument
    from service.store.organizations import Organization

    with app.app_context():
        org = db.session.scalars(select(Organization).where(Organization.code == "DUBNNMT")).one()
        inc = db.session.scalars(select(IncomingDocument).where(
            IncomingDocument.source_document_id == source_id, IncomingDocument.org_id == org.id)).one()
        out = (inc.id, inc.step_task_id)
        db.session.remove()
    return out


def _state(app) -> tuple:
    from service.extensions import db
    from service.store.incoming import IncomingDocument

    with app.app_context():
        out = (db.session.scalar(select(func.count(IncomingDocument.id))),
               db.session.scalar(select(func.count(IncomingDocument.number))),
               tuple(db.session.scalars(select(IncomingDocument.status).order_by(IncomingDocument.id))))
        db.session.remove()
    return out


def _act(app, client, iid: int, step: str, status: int = 303, **fields):
    task = _item_task(app, iid)
    r = client.post(f"/incoming/{iid}/actions", data={"step": step, "task_id": task} | fields)
    assert r.status_code == status, r.get_data(as_text=True)[-1500:]
    return r


def _item_task(app, iid: int) -> str:
    from service.extensions import db
    from service.store.incoming import IncomingDocument

    with app.app_context():
        t = db.session.get(IncomingDocument, iid).step_task_id
        db.session.remove()
    return t


def _register(app, hoa, iid):
    r = _act(app, hoa, iid, "register_incoming", arrival_date="2025-08-07", chuyen="Đ/c Đặng Văn Thắng")
    page = hoa.get(r.headers["Location"]).get_data(as_text=True)
    return page


def _route(app, thang, iid, deadline="2025-08-20"):
    return _act(app, thang, iid, "route_incoming", lead_unit="BTGDV", handler="linh.pt", deadline=deadline,
                direction="Ban Tuyên giáo và Dân vận tham mưu triển khai.")


def test_the_clerk_finds_the_seed_in_the_queue_and_registers_it_as_2604(app, world):
    iid, _ = _item(app, world.dispatched)
    hoa = _client(app, "hoa.nt")
    queue = hoa.get("/incoming").get_data(as_text=True)
    assert "23-KH/ĐU" in queue and "Chờ vào sổ" in queue and f'href="/incoming/{iid}"' in queue
    page = hoa.get(f"/incoming/{iid}").get_data(as_text=True)
    assert ">Vào sổ</button>" in page and "Đảng ủy Chính phủ" in page and 'value="2025-08-07"' in page
    assert "CÔNG VĂN ĐẾN" not in page  # no stamp before registration
    # The issued PDF of the sender, served to the recipient organization, is linked.
    assert f'href="/documents/{world.dispatched}/pdf"' in page
    assert hoa.get(f"/documents/{world.dispatched}/pdf").status_code == 200
    r = _act(app, hoa, iid, "register_incoming", arrival_date="2025-08-07", chuyen="Đ/c Đặng Văn Thắng")
    page = hoa.get(r.headers["Location"]).get_data(as_text=True)
    assert "CÔNG VĂN ĐẾN, Số 2604" in page  # the answer
    stamp = page[page.index('id="incoming-stamp"'):]
    stamp = stamp[:stamp.index("</div>")]
    assert "ĐẢNG ỦY BỘ NÔNG NGHIỆP VÀ MÔI TRƯỜNG" in stamp and "CÔNG VĂN ĐẾN" in stamp and "Số 2604" in stamp
    assert "Ngày 07 tháng 8 năm 2025" in stamp and "Chuyển: Đ/c Đặng Văn Thắng" in stamp
    assert ">Vào sổ</button>" not in page and "Cho ý kiến chỉ đạo, chuyển xử lý" in page  # the leader's step now
    # A stale task id (the step is done) is a 409 with the message, and nothing changes.
    before = _state(app)
    r = hoa.post(f"/incoming/{iid}/actions", data={"step": "register_incoming", "task_id": "stale",
                                                   "arrival_date": "2025-08-07"})
    assert r.status_code == 409 and "đã được xử lý" in r.get_data(as_text=True)
    assert _state(app) == before


def test_route_handle_done_and_the_overdue_mark(app, world, clock):
    iid, _ = _item(app, world.dispatched)
    hoa, thang, linh = _client(app, "hoa.nt"), _client(app, "thang.dv"), _client(app, "linh.pt")
    _register(app, hoa, iid)
    page = thang.get(f"/incoming/{iid}").get_data(as_text=True)
    assert ">Chuyển xử lý</button>" in page and '<option value="BTGDV"' in page
    assert '<option value="linh.pt"' in page and "Phan Thùy Linh" in page
    # The clerk may not route: the page again, with the reason, 403, nothing changed.
    before = _state(app)
    r = _act(app, hoa, iid, "route_incoming", 403, lead_unit="BTGDV", deadline="2025-08-20")
    assert "không có vai trò" in r.get_data(as_text=True) and _state(app) == before
    r = _act(app, thang, iid, "route_incoming", 422, lead_unit="BTGDV", deadline="2025-08-01")
    assert "Thời hạn giải quyết không được trước ngày đến" in r.get_data(as_text=True) and _state(app) == before
    _route(app, thang, iid)
    page = linh.get(f"/incoming/{iid}").get_data(as_text=True)
    assert "Ban Tuyên giáo và Dân vận tham mưu triển khai." in page and "20/08/2025" in page
    assert ">Hoàn thành</button>" in page and 'href="/documents/new"' in page  # linh.pt also drafts
    assert "Giao cho tôi" in linh.get("/incoming").get_data(as_text=True)
    assert ">Hoàn thành</button>" not in thang.get(f"/incoming/{iid}").get_data(as_text=True)
    clock.set(datetime(2025, 8, 25, 2, 0))
    assert "Quá hạn 5 ngày" in linh.get("/incoming").get_data(as_text=True)
    assert "Quá hạn 5 ngày" in hoa.get("/register/incoming?view=follow-up").get_data(as_text=True)
    r = _act(app, linh, iid, "handle_incoming", outcome="done", comment="Đã tham mưu kế hoạch triển khai.")
    page = linh.get(r.headers["Location"]).get_data(as_text=True)
    assert "Đã giải quyết" in page and "Giải quyết văn bản đến" not in page and "Đã tham mưu kế hoạch triển khai." in page and "Quá hạn" not in page
    done = hoa.get("/incoming?status=DONE").get_data(as_text=True)
    assert "23-KH/ĐU" in done and "23-KH/ĐU" not in hoa.get("/incoming?status=QUEUED").get_data(as_text=True)


def test_the_handler_returns_it_to_the_leader_then_replies_with_a_document(app, world, client, login):
    from service.usecases import outgoing
    from service.usecases.inputs import DraftIn

    from ..seed_docs import seed000
    from .conftest import person

    iid, _ = _item(app, world.dispatched)
    hoa, thang, linh = _client(app, "hoa.nt"), _client(app, "thang.dv"), _client(app, "linh.pt")
    _register(app, hoa, iid)
    _route(app, thang, iid)
    r = _act(app, linh, iid, "handle_incoming", outcome="return", comment="Đề nghị giao Văn phòng.")
    assert "Đã đề nghị lãnh đạo phân công lại" in linh.get(r.headers["Location"]).get_data(as_text=True)
    assert ">Chuyển xử lý</button>" in thang.get(f"/incoming/{iid}").get_data(as_text=True)
    assert "Đã vào sổ, chờ phân công" in hoa.get("/incoming").get_data(as_text=True)
    _route(app, thang, iid)
    # A reply drafted by the handler's organization appears in the select; "reply" without one is refused.
    payload = dict(seed000()["payload"], intended_signer="thang.dv", subject="Báo cáo triển khai Kế hoạch 23")
    with app.app_context():
        reply = outgoing.create_document(person("linh.pt"), DraftIn.model_validate(payload)).id
    page = linh.get(f"/incoming/{iid}").get_data(as_text=True)
    assert f'<option value="{reply}"' in page and "(chưa cấp số) — Báo cáo triển khai Kế hoạch 23" in page
    assert f'<option value="{world.dispatched}"' not in page  # DUCP's document is not a reply of DUBNNMT
    r = _act(app, linh, iid, "handle_incoming", 422, outcome="reply")
    assert "cần mã văn bản trả lời" in r.get_data(as_text=True)
    r = _act(app, linh, iid, "handle_incoming", outcome="reply", reply_document_id=str(reply))
    page = linh.get(r.headers["Location"]).get_data(as_text=True)
    assert "Đã trả lời bằng văn bản" in page and f'href="/documents/{reply}"' in page


def test_owed_reporting_periods_offer_a_start_button(app, world, client, login):
    iid, _ = _item(app, world.dispatched)
    lan = login("lan.tt")
    (ob,) = client.get("/api/obligations", headers=lan).get_json()["items"]
    r = client.patch(f"/api/obligations/{ob['id']}", headers=lan, json={
        "frequency": "MONTHLY", "first_due_date": "2025-08-25", "obligors": ["DUBNNMT"],
        "generate_until": "2025-09-30", "drafting_unit": "BTGDV"})
    assert r.status_code == 200, r.get_json()
    hoa, thang, linh = _client(app, "hoa.nt"), _client(app, "thang.dv"), _client(app, "linh.pt")
    _register(app, hoa, iid)
    _route(app, thang, iid)
    page = linh.get(f"/incoming/{iid}").get_data(as_text=True)
    starts = re.findall(r'<form method="post" action="/reports/periods/(\d+)/start"', page)
    assert len(starts) == 2 and "Lập báo cáo kỳ Tháng 8/2025" in page and "Lập báo cáo kỳ Tháng 9/2025" in page
    form = page[page.index(f'action="/reports/periods/{starts[0]}/start"'):]
    assert 'name="csrf_token"' in form[:form.index("</form>")]


def test_a_paper_document_with_its_scan_and_the_duplicate_check(app, world):
    hoa = _client(app, "hoa.nt")
    assert hoa.get("/incoming/new").status_code == 200
    # Same author + symbol + date as the queued seed (spelled in another case, other spaces, decomposed).
    form = {"author": "ĐẢNG  ỦY CHÍNH PHỦ".replace("Ủ", "U\u0309"), "subject": "Kế hoạch (bản giấy)",
            "symbol": "23-KH/ĐU ", "issue_date": "2025-08-07", "arrival_date": "2025-08-07", "urgency": "KHAN"}
    r = hoa.post("/incoming/new", data=form | {"file": (io.BytesIO(PDF), "ke-hoach.pdf")},
                 content_type="multipart/form-data")
    assert r.status_code == 303, r.get_data(as_text=True)[-800:]
    page = hoa.get(r.headers["Location"]).get_data(as_text=True)
    assert "CÔNG VĂN ĐẾN, Số 2604" in page and "Số 2604" in page
    paper_id = int(r.headers["Location"].rsplit("/", 1)[1])
    assert f'href="/incoming/{paper_id}/pdf"' in page
    pdf = hoa.get(f"/incoming/{paper_id}/pdf")
    assert pdf.status_code == 200 and pdf.data == PDF and pdf.mimetype == "application/pdf"
    assert _client(app, "ha.dt").get(f"/incoming/{paper_id}/pdf").status_code == 404
    # The same scan again: flagged, nothing numbered, until the clerk ticks the box.
    before = _state(app)
    r = hoa.post("/incoming/new", data=form | {"symbol": "99/XX", "file": (io.BytesIO(PDF), "lai.pdf")},
                 content_type="multipart/form-data")
    html = r.get_data(as_text=True)
    assert r.status_code == 409 and "Có thể trùng với văn bản đến số 2604 ngày 07/08/2025" in html
    assert "Tôi đã kiểm tra, vẫn vào sổ" in html and 'value="99/XX"' in html and _state(app) == before
    # The electronic seed is flagged on its page too; without the tick it is refused, with it registered.
    iid, _ = _item(app, world.dispatched)
    page = hoa.get(f"/incoming/{iid}").get_data(as_text=True)
    assert "Có thể trùng với văn bản đến" in page and "số 2604 ngày 07/08/2025" in page
    r = _act(app, hoa, iid, "register_incoming", 409, arrival_date="2025-08-07")
    assert "Có thể trùng với văn bản đến số 2604 ngày 07/08/2025" in r.get_data(as_text=True)
    assert _state(app) == before
    r = _act(app, hoa, iid, "register_incoming", arrival_date="2025-08-07", confirm_duplicate="1")
    assert "Số 2605" in hoa.get(r.headers["Location"]).get_data(as_text=True)


def test_bad_paper_registrations_re_render_and_write_nothing(app, world):
    hoa = _client(app, "hoa.nt")
    before = _state(app)
    good = {"author": "Bộ Nông nghiệp và Môi trường", "subject": "Về việc cung cấp thông tin",
            "symbol": "125/BNNMT-VP", "issue_date": "2025-08-05"}
    for data, status, text in [
        (good | {"file": (io.BytesIO(b"GIF89a"), "x.pdf")}, 422, "không phải PDF"),
        (good | {"author": "", "file": (io.BytesIO(PDF), "x.pdf")}, 422, "tác giả"),
        (dict(good), 422, "tệp PDF"),
        (good | {"issue_date": "05/08/2025", "file": (io.BytesIO(PDF), "x.pdf")}, 422, "Ngày văn bản"),
        (good | {"arrival_date": "2025-08-04", "file": (io.BytesIO(PDF), "x.pdf")}, 422, "trước ngày văn bản"),
        (good | {"urgency": "RAT_KHAN", "file": (io.BytesIO(PDF), "x.pdf")}, 422, "Độ khẩn"),
    ]:
        r = hoa.post("/incoming/new", data=data, content_type="multipart/form-data")
        html = r.get_data(as_text=True)
        assert r.status_code == status and text in html and 'id="form-error"' in html, (data, html[-600:])
        assert 'value="125/BNNMT-VP"' in html  # the form keeps what was typed
    app.config["INCOMING_PDF_MAX_BYTES"] = 4096
    big = b"%PDF-1.7\n" + b"0" * 8192 + b"\n%%EOF\n"
    r = hoa.post("/incoming/new", data=good | {"file": (io.BytesIO(big), "big.pdf")},
                 content_type="multipart/form-data")
    assert r.status_code == 413 and "quá lớn" in r.get_data(as_text=True)
    assert _state(app) == before
    # Only the clerk registers by hand.
    assert _client(app, "thang.dv").get("/incoming/new").status_code == 403
    r = _client(app, "linh.pt").post("/incoming/new", data=good | {"file": (io.BytesIO(PDF), "x.pdf")},
                                     content_type="multipart/form-data")
    assert r.status_code == 403 and _state(app) == before


def test_the_register_page_filters_searches_and_exports(app, world, clock):
    from openpyxl import load_workbook

    from service.domain.registers import FOLLOW_UP_COLUMNS, INCOMING_COLUMNS

    iid, _ = _item(app, world.dispatched)
    hoa, thang = _client(app, "hoa.nt"), _client(app, "thang.dv")
    _register(app, hoa, iid)
    _route(app, thang, iid)
    page = hoa.get("/register/incoming").get_data(as_text=True)
    assert all(f">{label}</th>" in page for _k, label in INCOMING_COLUMNS)
    assert ">2604</a>" in page and "Đảng ủy Chính phủ" in page and "Ban Tuyên giáo và Dân vận Đảng ủy Bộ" in page
    assert ">2604</a>" in hoa.get("/register/incoming?q=thong+tin+doi+ngoai+dai+hoi&year=2025").get_data(as_text=True)
    assert ">2604</a>" in hoa.get("/register/incoming?q=23-KH/DU").get_data(as_text=True)
    assert ">2604</a>" in hoa.get("/register/incoming?q=dang+uy+chinh+phu&status=ROUTED").get_data(as_text=True)
    for empty in ("q=bao+cao+tai+chinh", "year=2024", "urgency=KHAN", "status=DONE"):
        assert ">2604</a>" not in hoa.get(f"/register/incoming?{empty}").get_data(as_text=True), empty
    assert hoa.get("/register/incoming?year=abc").status_code == 422
    assert hoa.get("/register/incoming?status=NOPE").status_code == 422
    follow = hoa.get("/register/incoming?view=follow-up").get_data(as_text=True)
    assert all(f">{label}</th>" in follow for _k, label in FOLLOW_UP_COLUMNS) and "20/08/2025" in follow
    r = hoa.get("/register/incoming.xlsx?year=2025&q=doi+ngoai")
    assert r.status_code == 200 and r.mimetype.endswith("spreadsheetml.sheet")
    ws = load_workbook(io.BytesIO(r.data)).active
    rows = list(ws.iter_rows(values_only=True))
    assert list(rows[0]) == [label for _k, label in INCOMING_COLUMNS]
    assert rows[1][:5] == ("07/08/2025", 2604, "Đảng ủy Chính phủ", "23-KH/ĐU", "07/08/2025") and len(rows) == 2
    ws = load_workbook(io.BytesIO(hoa.get("/register/incoming.xlsx?view=follow-up").data)).active
    rows = list(ws.iter_rows(values_only=True))
    assert list(rows[0]) == [label for _k, label in FOLLOW_UP_COLUMNS] and rows[1][0] == 2604
    csv_text = hoa.get("/register/incoming.csv?urgency=KHAN").get_data(as_text=True)
    assert csv_text.startswith("\ufeffNgày đến,Số đến") and "2604" not in csv_text
    assert "2604" in hoa.get("/register/incoming.csv").get_data(as_text=True)


def test_the_register_shows_gaps(app, world):
    from service.extensions import db
    from service.store.incoming import IncomingDocument

    iid, _ = _item(app, world.dispatched)
    hoa = _client(app, "hoa.nt")
    _register(app, hoa, iid)
    r = hoa.post("/incoming/new", data={"author": "Bộ Nội vụ", "subject": "Công văn", "symbol": "1/BNV",
                                        "issue_date": "2025-08-01", "file": (io.BytesIO(PDF), "a.pdf")},
                 content_type="multipart/form-data")
    assert r.status_code == 303
    assert 'id="register-findings"' not in hoa.get("/register/incoming").get_data(as_text=True)
    with app.app_context():  # a number lost outside the service (a restored backup, a hand edit)
        db.session.get(IncomingDocument, iid).number = 2603
        db.session.commit()
    page = hoa.get("/register/incoming").get_data(as_text=True)
    assert 'id="register-findings"' in page and "Thiếu số đến: 2604" in page


def test_other_organizations_and_roles_see_nothing_of_it(app, world):
    iid, _ = _item(app, world.dispatched)
    for username in ("ha.dt", "phong.nd", "mai.vt", "tam.nv"):  # people of other organizations
        c = _client(app, username)
        assert c.get(f"/incoming/{iid}").status_code == 404
        assert c.post(f"/incoming/{iid}/actions", data={"step": "register_incoming", "task_id": "x"}).status_code == 404
        assert c.get(f"/incoming/{iid}/pdf").status_code == 404
        q = c.get("/incoming")
        assert q.status_code == 200 and f'href="/incoming/{iid}"' not in q.get_data(as_text=True)
        reg = c.get("/register/incoming")
        assert reg.status_code in (200, 403) and ">2604<" not in reg.get_data(as_text=True)
    # Inside the organization: a drafter-only or unit-head-only person may not open the queue.
    assert _client(app, "lan.tt").get("/incoming").status_code == 403
    quang = _client(app, "quang.tv")  # unit head of DUBNNMT: reads the register, not the queue
    assert quang.get("/incoming").status_code == 403
    assert quang.get("/register/incoming").status_code == 200
    assert quang.get(f"/incoming/{iid}").status_code == 200
    assert _client(app, "linh.pt").get("/register/incoming").status_code == 403


def test_the_menu_links_follow_the_roles(app, world):
    for username, queue, register in (("hoa.nt", True, True), ("thang.dv", True, True), ("linh.pt", True, False),
                                      ("quang.tv", False, True), ("lan.tt", False, False), ("mai.vt", True, True)):
        html = _client(app, username).get("/").get_data(as_text=True)
        assert ('href="/incoming"' in html) == queue, username
        assert ('href="/register/incoming"' in html) == register, username
