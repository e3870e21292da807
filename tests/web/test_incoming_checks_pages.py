"""The incoming checks on the pages: the manual registration's place and electronic-original fields, the findings
shown on the incoming page (V1-V3, V17, V19, V20), and V20 on the outgoing draft's place (form and API)."""
from __future__ import annotations

import io
from datetime import datetime

import pytest

from ..seed_docs import seed000
from .conftest import web_login
from .test_forms import count_docs, errors_of
from .test_access import draft_form

PDF = b"%PDF-1.7\n1 0 obj << /N 77 >> endobj\ntrailer <<>>\n%%EOF\n"


@pytest.fixture
def hoa(app, clock):
    clock.set(datetime(2025, 8, 8, 3, 0))
    c = app.test_client()
    web_login(c, "hoa.nt")
    return c


def _form(**fields) -> dict:
    seed = seed000()
    return {"author": "Đảng ủy Chính phủ", "subject": seed["payload"]["subject"], "symbol": seed["number_line_raw"],
            "kind": "KH", "issue_date": "2025-08-07", "arrival_date": "2025-08-08", "place": "Hà Nội"} | fields


def _post(hoa, form, pdf=PDF):
    return hoa.post("/incoming/new", data=form | {"file": (io.BytesIO(pdf), "van-ban.pdf")},
                    content_type="multipart/form-data")


def test_the_form_has_the_place_and_the_electronic_original(hoa):
    html = hoa.get("/incoming/new").get_data(as_text=True)
    assert 'name="place"' in html and 'name="electronic" value="1"' in html and 'name="csrf_token"' in html


def test_the_seed_registers_without_findings_and_shows_what_was_typed(hoa):
    r = _post(hoa, _form())
    assert r.status_code == 303, r.get_data(as_text=True)[-600:]
    page = hoa.get(r.headers["Location"]).get_data(as_text=True)
    assert 'id="incoming-findings"' not in page and "điểm cần lưu ý" not in page
    assert '<dd class="symbol">23-KH/ĐU <span class="hint symbol-raw">(đã nhập: “Số 23 -KH/ĐU”)</span>' in page
    assert '<dd class="place">Hà Nội</dd>' in page and "Bản giấy (bản quét)" in page
    assert "CÔNG VĂN ĐẾN" in page and "Số 2604" in page  # the stamp of seed 000 stays


def test_flagged_documents_are_registered_and_their_findings_shown(hoa):
    r = _post(hoa, _form(symbol="23-KH/TU", place="Hà Tây", electronic="1"))
    assert r.status_code == 303
    page = hoa.get(r.headers["Location"]).get_data(as_text=True)
    assert "Có 3 điểm cần lưu ý" in page and 'id="incoming-findings"' in page
    box = page[page.index('id="incoming-findings"'):page.index("</section>", page.index('id="incoming-findings"'))]
    assert 'data-rule="V3"' in box and "ký hiệu cơ quan ban hành là &#34;TU&#34;" in box
    assert 'data-rule="V20"' in box and "Địa danh &#34;Hà Tây&#34; không còn từ ngày 01/08/2008" in box
    assert 'data-rule="V17"' in box and "Văn bản điện tử không có chữ ký số" in box
    assert "Văn bản điện tử</dd>" in page


def test_date_words_in_the_place_re_render_the_form_with_422_and_write_nothing(app, hoa):
    from ..incoming.test_incoming_checks import _count

    before = _count(app)
    r = _post(hoa, _form(place="Hà Nội, ngày"))
    html = r.get_data(as_text=True)
    assert r.status_code == 422 and "Địa danh &#34;Hà Nội, ngày&#34; lẫn chữ của dòng ngày tháng" in html
    assert 'value="Hà Nội, ngày"' in html and _count(app) == before


@pytest.fixture
def lan(app):
    c = app.test_client()
    web_login(c, "lan.tt")
    return c


@pytest.mark.parametrize("place, words", [
    ("Hà Tây", ["Địa danh \"Hà Tây\" không còn từ ngày 01/08/2008", "nay là \"Hà Nội\""]),
    ("Hà Nội, ngày", ["Địa danh \"Hà Nội, ngày\" lẫn chữ của dòng ngày tháng", "chỉ ghi \"Hà Nội\""]),
    ("Hà Giang", ["Địa danh \"Hà Giang\" không còn từ ngày 01/07/2025", "nay là \"Tuyên Quang\""]),
    ("ha noi", ["tên chính thức là \"Hà Nội\""]),
])
def test_the_draft_place_is_checked_on_todays_date(app, lan, place, words):
    before = count_docs(app)
    r = lan.post("/documents/new", data=draft_form() | {"place": place})
    assert r.status_code == 422
    errs = errors_of(r.get_data(as_text=True))
    assert "place" in errs, errs
    for w in words:
        assert any(w.replace('"', "&#34;") in m or w in m for m in errs["place"]), (w, errs["place"])
    assert count_docs(app) == before


def test_the_draft_place_through_the_api(app, client, login):
    headers = login("lan.tt")
    r = client.post("/api/documents", json=seed000()["payload"] | {"place": "Hà Tây"}, headers=headers)
    body = r.get_json()
    assert r.status_code == 422 and body["details"][0]["rule"] == "V20" and body["details"][0]["field"] == "place"
    ok = client.post("/api/documents", json=seed000()["payload"] | {"place": "Hà Nội"}, headers=headers)
    assert ok.status_code == 201
