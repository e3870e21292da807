"""The directory on the pages: the draft form's picker links each Nơi nhận line (or leaves it to the wording), the
administrator keeps the groups, and the clerk records a line sent outside the system. A refused form changes
nothing and says why in Vietnamese."""
from __future__ import annotations

import re

import sqlalchemy as sa

from ..seed_docs import seed000
from .conftest import web_login


def _form(recipients):
    p = seed000()["payload"]
    return {"kind": p["kind"], "subject": p["subject"], "preamble": p["preamble"], "body": p["body"],
            "drafting_unit": "BTGDV", "intended_signer": "phong.nd", "archive_units": "VT, BTGDV",
            "archive_copies": "3", "recipient_text": [t for t, _, _ in recipients],
            "recipient_purpose": [p for _, p, _ in recipients], "recipient_link": [link for _, _, link in recipients]}


def _selected(html: str, row: int) -> str:
    selects = re.findall(r'<select name="recipient_link".*?</select>', html, re.S)
    m = re.search(r'<option value="([^"]*)" selected', selects[row])
    return m.group(1) if m else ""


def test_the_picker_links_lines_and_shows_what_the_wording_reached(app, client):
    web_login(client, "lan.tt")
    page = client.get("/documents/new").get_data(as_text=True)
    assert '<optgroup label="Các tổ chức trực thuộc">' in page and "Các đ/c Ủy viên BTV Đảng ủy CP" in page
    r = client.post("/documents/new", data=_form([
        ("Đảng ủy Bộ Ngoại giao", "INFO", "org:DUBNG"),
        ("Bộ Quốc phòng, Bộ Công an, Ban Chỉ đạo 35 Trung ương", "COORDINATE", ""),
        ("Báo Nhân Dân", "INFO", "outside"),
        ("Các đảng ủy trực thuộc", "ACTION", "")]))
    assert r.status_code == 303, r.get_data(as_text=True)[-800:]
    doc_url = r.headers["Location"]
    edit = client.get(doc_url + "/edit").get_data(as_text=True)
    assert [_selected(edit, i) for i in range(4)] == ["org:DUBNG", "", "outside", "subordinates:DUCP"]
    assert "Đã nhận theo tên: Bộ Quốc phòng; Bộ Công an; Ban Chỉ đạo 35 Trung ương" in edit


def test_a_link_to_nothing_is_refused_on_the_form_and_nothing_is_saved(app, client):
    from service.extensions import db

    web_login(client, "lan.tt")
    with app.app_context():
        before = db.session.execute(sa.text("SELECT count(*) FROM documents")).scalar()
    r = client.post("/documents/new", data=_form([("Đảng ủy Bộ Ngoại giao", "INFO", "org:KHONGCO")]))
    assert r.status_code == 422 and "không có cơ quan &#39;KHONGCO&#39; trong danh bạ" in r.get_data(as_text=True)
    with app.app_context():
        assert db.session.execute(sa.text("SELECT count(*) FROM documents")).scalar() == before


def test_the_administrator_keeps_groups_on_the_organization_page(app, client):
    from service.extensions import db

    with app.app_context():
        ducp = db.session.execute(sa.text("SELECT id FROM organizations WHERE code = 'DUCP'")).scalar()
    web_login(client, "quantri.ducp")
    url = f"/admin/orgs/{ducp}"
    page = client.get(url).get_data(as_text=True)
    assert "Nhóm nơi nhận" in page and "Các đ/c Ủy viên BTV Đảng ủy CP" in page
    r = client.post(url + "/groups", data={"code": "VP", "name": "Các đồng chí Lãnh đạo Văn phòng",
                                           "members": "tuan.pm\r\nthu.bt\r\nDUBNG"})
    assert r.status_code == 302
    page = client.get(url).get_data(as_text=True)
    assert "Phạm Minh Tuấn (tuan.pm); Bùi Thị Thu (thu.bt); Đảng ủy Bộ Ngoại giao (DUBNG)" in page
    r = client.post(url + "/groups", data={"code": "X", "name": "Nhóm lỗi", "members": "khong.co"})
    assert r.status_code == 422 and "Không có cán bộ &#39;khong.co&#39;" in r.get_data(as_text=True)
    with app.app_context():
        gid = db.session.execute(sa.text("SELECT id FROM directory_groups WHERE code = 'VP'")).scalar()
    assert client.post(f"{url}/groups/{gid}/delete").status_code == 302
    assert "Các đồng chí Lãnh đạo Văn phòng" not in client.get(url).get_data(as_text=True)


def test_the_clerk_records_a_line_sent_outside_the_system(app, client, world):
    from service.extensions import db

    with app.app_context():
        pending = db.session.execute(sa.text("SELECT id FROM deliveries WHERE document_id = :d AND status = 'PENDING' "
                                             "ORDER BY position"), {"d": world.dispatched}).scalars().all()
    assert len(pending) == 2
    url = f"/documents/{world.dispatched}/deliveries/{pending[0]}/record"
    web_login(client, "mai.vt")          # the archivist reads, the clerk sends
    assert client.post(url, data={"channel": "PAPER"}).status_code == 403
    client.post("/logout")
    web_login(client, "ha.dt")
    r = client.post(url, data={"channel": ""})
    assert r.status_code == 422 and "Hãy chọn cách gửi" in r.get_data(as_text=True)
    assert client.post(url, data={"channel": "EMAIL", "note": "vanphong@chinhphu.vn"}).status_code == 303
    page = client.get(f"/documents/{world.dispatched}").get_data(as_text=True)
    assert "Ngoài hệ thống: Thư điện tử (vanphong@chinhphu.vn)" in page
    assert page.count('class="inline record-delivery"') == 1
    r = client.post(url, data={"channel": "PAPER"})
    assert r.status_code == 409
