"""The outgoing register page: Phụ lục IV columns, filters, diacritic-insensitive search, keyset paging, exports."""
from __future__ import annotations

import csv
import io
import re
from datetime import date, datetime

from openpyxl import load_workbook

from service.domain.registers import OUTGOING_COLUMNS

from .conftest import web_login


def add_entries(app, n: int, *, kind: str = "TB", year: int = 2024, signer: str = "Hoàng Văn Nam") -> None:
    """Historic register rows (documents registered before this system), inserted in bulk."""
    from sqlalchemy import insert, select

    from service.domain.text import search_key
    from service.extensions import db
    from service.store.documents import Document, OutgoingRegisterEntry
    from service.store.organizations import Organization, Person

    with app.app_context():
        org = db.session.scalars(select(Organization).where(Organization.code == "DUCP")).one()
        lan = db.session.scalars(select(Person).where(Person.username == "lan.tt")).one()
        now = datetime(2025, 1, 1)
        docs = [dict(org_id=org.id, system="PARTY", ruleset="PARTY_66_36", kind=kind, subject=f"Thông báo số {i}",
                     place="Hà Nội", recipients=[], archive_units=[], created_by_id=lan.id, status="DISPATCHED",
                     content_hash="0" * 64, created_at=now, updated_at=now, version_no=1, lock_version=1)
                for i in range(1, n + 1)]
        ids = db.session.scalars(insert(Document).returning(Document.id, sort_by_parameter_order=True), docs).all()
        rows = [dict(document_id=doc_id, org_id=org.id, year=year, kind=kind, number=i, symbol=f"{i}-{kind}/ĐU",
                     issue_date=date(year, 6, 1), kind_and_subject=f"Thông báo: Thông báo số {i}", signer_name=signer,
                     recipients_text="Các đảng ủy trực thuộc", archive_text="VT", copies=2, dispatched_at=now,
                     search_text=search_key(f"{i}-{kind}/ĐU Thông báo Thông báo số {i} {signer} Các đảng ủy trực thuộc"),
                     created_at=now)
                for i, doc_id in enumerate(ids, start=1)]
        db.session.execute(insert(OutgoingRegisterEntry), rows)
        db.session.commit()
        db.session.remove()


def symbols(html: str) -> list[str]:
    return re.findall(r'<td class="col-symbol"><a href="/documents/\d+">([^<]+)</a>', html)


def test_the_register_shows_the_ten_columns_of_phu_luc_iv(app, world):
    mai = app.test_client()
    web_login(mai, "mai.vt")
    html = mai.get("/register/outgoing").get_data(as_text=True)
    heads = re.findall(r'<th class="col-[a-z_]+">([^<]+)</th>', html)
    assert heads == [label for _, label in OUTGOING_COLUMNS] and len(heads) == 10
    assert symbols(html) == ["23-KH/ĐU"]


def test_search_ignores_diacritics_and_old_tone_placement(app, world):
    mai = app.test_client()
    web_login(mai, "mai.vt")
    for q in ("ke hoach thong tin doi ngoai", "KẾ HOẠCH thông tin đối ngoại", "Đảng uỷ trực thuộc", "dang uy truc thuoc"):
        assert symbols(mai.get("/register/outgoing", query_string={"q": q}).get_data(as_text=True)) == ["23-KH/ĐU"], q
    assert symbols(mai.get("/register/outgoing?q=ke+hoach+tai+chinh").get_data(as_text=True)) == []


def test_filters_by_year_kind_signer_and_recipient(app, world):
    add_entries(app, 3)
    mai = app.test_client()
    web_login(mai, "mai.vt")

    def get(**q):
        return symbols(mai.get("/register/outgoing", query_string=q).get_data(as_text=True))

    assert sorted(get()) == sorted(["3-TB/ĐU", "2-TB/ĐU", "1-TB/ĐU", "23-KH/ĐU"])
    assert get(year="2025") == ["23-KH/ĐU"]
    assert get(year="2024") == ["3-TB/ĐU", "2-TB/ĐU", "1-TB/ĐU"]
    assert get(kind="KH") == ["23-KH/ĐU"]
    assert get(signer="nguyen duc phong") == ["23-KH/ĐU"]
    assert get(signer="Hoàng Văn Nam") == ["3-TB/ĐU", "2-TB/ĐU", "1-TB/ĐU"]
    assert get(recipient="bo quoc phong") == ["23-KH/ĐU"]
    assert get(kind="TB", q="so 2") == ["2-TB/ĐU"]


def test_keyset_paging_walks_every_entry_once(app, world):
    add_entries(app, 120)
    mai = app.test_client()
    web_login(mai, "mai.vt")
    seen: list[str] = []
    url = "/register/outgoing?kind=TB"
    pages = 0
    while url:
        html = mai.get(url).get_data(as_text=True)
        seen += symbols(html)
        pages += 1
        m = re.search(r'<a href="([^"]+)" rel="next">', html)
        url = m.group(1).replace("&amp;", "&") if m else None
        assert pages < 10
    assert pages == 3 and len(seen) == len(set(seen)) == 120
    assert seen[0] == "120-TB/ĐU" and seen[-1] == "1-TB/ĐU"


def test_exports_hold_every_filtered_entry_not_just_one_page(app, world):
    add_entries(app, 120)
    mai = app.test_client()
    web_login(mai, "mai.vt")
    r = mai.get("/register/outgoing.csv?kind=TB")
    assert r.status_code == 200 and r.headers["Content-Type"].startswith("text/csv")
    assert "attachment" in r.headers["Content-Disposition"]
    assert r.data.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(r.data.decode("utf-8-sig"))))
    assert rows[0] == ["STT"] + [label for _, label in OUTGOING_COLUMNS]
    assert rows[-1][0].startswith("Mã kiểm tra nhật ký ngày "), "the audit chain's digest closes the file"
    rows = [r for r in rows if len(r) > 1]
    assert len(rows) == 121 and rows[1][1] == "120-TB/ĐU" and rows[1][2] == "01/06/2024"
    wb = load_workbook(io.BytesIO(mai.get("/register/outgoing.xlsx?kind=KH").data))
    ws = wb.worksheets[0]
    assert ws.title == "Sổ văn bản đi"
    values = [[c.value for c in row] for row in ws.iter_rows()]
    assert len(values) == 2 and values[1][1] == "23-KH/ĐU" and values[1][4] == "Nguyễn Đức Phong"
    assert values[1][5].count(";") == 6, "seven recipients"


def test_bad_filter_values_get_a_vietnamese_message(app, world):
    mai = app.test_client()
    web_login(mai, "mai.vt")
    r = mai.get("/register/outgoing?year=hai-nghin")
    assert r.status_code == 422 and "phải là số nguyên dương" in r.get_data(as_text=True)
    r = mai.get("/register/outgoing?cursor=-1")
    assert r.status_code == 400 and "cursor" in r.get_data(as_text=True)


def test_the_register_shows_delivery_status_per_recipient(app, world):
    mai = app.test_client()
    web_login(mai, "mai.vt")
    html = mai.get("/register/outgoing").get_data(as_text=True)
    cell = re.search(r'<ul class="recipients-status">(.*?)</ul>', html, re.S).group(1)
    # one item per Nơi nhận line; a line reaching several bodies says how many; lines 2 and 3 are outside
    assert cell.count("<li>") == 7 and cell.count("Đã gửi") == 5
    assert cell.count("Chờ văn thư gửi ngoài hệ thống") == 2 and "Đã gửi (3 nơi)" in cell and "Đã gửi (2 nơi)" in cell
