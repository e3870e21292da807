"""Checks of a document received from outside the system, registered by hand (domain.md §8): V1 grammar, V2 kind
code, V3 issuer code, V17 signatures of an electronic original, V19 the symbol normalized with the typed text kept,
V20 the place valid on the date. Through the JSON API against the real database, with the real seed 23-KH/ĐU."""
from __future__ import annotations

import io
from datetime import date, datetime

import pytest
from sqlalchemy import func, select

from service.domain.incoming_checks import SignatureSummary, author_system, check_signatures, normalize_symbol
from service.domain.places import check_place, date_words_glued, valid_places

from ..reports.helpers import dispatch_plan_23
from ..seed_docs import seed000
from ..signatures.keys import install_keys
from .test_incoming import PDF

AUTHOR = "Đảng ủy Chính phủ"  # the issuer of seed 000, known to the directory (abbrev "ĐU", PARTY)


def _pdf(n: int) -> bytes:
    """A distinct scan per registration (the same scan twice is a possible duplicate, V16)."""
    return PDF.replace(b"<<>> endobj", f"<< /N {n} >> endobj".encode())


def _register(client, headers, n: int, *, status=201, pdf=None, **fields):
    seed = seed000()
    form = {"author": AUTHOR, "subject": seed["payload"]["subject"], "symbol": seed["number_line_raw"],
            "kind": "KH", "issue_date": "2025-08-07", "arrival_date": "2025-08-08",
            "place": seed["date_line"].split(",")[0]} | fields
    data = {k: v for k, v in form.items() if v is not None}
    data["file"] = (io.BytesIO(pdf if pdf is not None else _pdf(n)), "van-ban.pdf")
    r = client.post("/api/incoming/manual", data=data, headers=headers, content_type="multipart/form-data")
    assert r.status_code == status, r.get_json()
    return r.get_json()


def _count(app) -> int:
    from service.extensions import db
    from service.store.incoming import IncomingDocument

    with app.app_context():
        n = db.session.scalar(select(func.count(IncomingDocument.id)))
        db.session.remove()
    return n


@pytest.fixture
def hoa(client, login, clock):
    clock.set(datetime(2025, 8, 8, 3, 0))
    return login("hoa.nt")  # Văn thư of Đảng ủy Bộ Nông nghiệp và Môi trường, who received seed 000


# --------------------------------------------------------------------------- the real seed raises nothing


def test_seed_23_kh_du_from_dang_uy_chinh_phu_is_valid_and_raises_nothing(app, client, hoa):
    seed = seed000()
    assert seed["number_line_raw"] == "Số 23 -KH/ĐU"  # as printed (a number typed into a pre-printed blank)
    item = _register(client, hoa, 1)
    assert item["findings"] == [] and item["number"] == 2604
    assert (item["symbol"], item["symbol_raw"], item["place"], item["electronic"]) == (
        "23-KH/ĐU", "Số 23 -KH/ĐU", "Hà Nội", False)


# --------------------------------------------------------------------------- V1, V2, V3: flagged, registered


@pytest.mark.parametrize("symbol, rule, words", [
    ("Số: 23/KH-ĐU", "V1", "không đúng thể thức văn bản của Đảng (phải có dạng \"Số 23-KH/ĐU\")"),
    ("23-HD/ĐU", "V2", "mã tên loại là \"HD\" nhưng văn bản là Kế hoạch (mã \"KH\")"),
    ("23-KH/TU", "V3", "ký hiệu cơ quan ban hành là \"TU\" nhưng chữ viết tắt đã đăng ký của cơ quan là \"ĐU\""),
    ("Số 5-KH/ĐU", "V1", "số nhỏ hơn 10 phải ghi thêm số 0"),
    ("KH 23 ĐU", "V1", "không đúng thể thức của văn bản Đảng"),
])
def test_a_wrong_symbol_is_registered_as_received_and_flagged(app, client, hoa, symbol, rule, words):
    item = _register(client, hoa, 2, symbol=symbol)
    assert item["number"] == 2604 and item["status"] == "REGISTERED"  # a received document is a fact
    (f,) = item["findings"]
    assert (f["rule"], f["field"], f["severity"]) == (rule, "symbol", "error")
    assert f["message"].startswith("Số, ký hiệu") and words in f["message"]
    again = client.get(f"/api/incoming/{item['id']}", headers=hoa).get_json()
    assert again["findings"] == item["findings"]  # stored on the row


def test_v1_uses_the_issuers_system_even_when_the_author_is_not_in_the_directory(app, client, hoa):
    # A Party body unknown to the directory: its words say Party, so the state grammar is flagged; V3 unknown.
    item = _register(client, hoa, 3, author="Đảng ủy xã Tân Lập", symbol="Số: 23/KH-ĐU")
    assert [f["rule"] for f in item["findings"]] == ["V1"]
    # A state body writing the state grammar: nothing to flag.
    item = _register(client, hoa, 4, author="Bộ Nội vụ", symbol="Số: 15/QĐ-BNV", kind="QĐ")
    assert item["findings"] == [] and item["symbol"] == "15/QĐ-BNV"
    assert author_system("Ban Tuyên giáo và Dân vận Trung ương") == "PARTY"
    assert author_system("Ủy ban nhân dân tỉnh Cao Bằng") == "STATE" and author_system("Công ty X") is None


# --------------------------------------------------------------------------- V19: normalized, raw kept


def test_v19_lookalikes_and_spaces_are_normalized_and_the_typed_text_is_kept(app, client, hoa):
    assert normalize_symbol("23 -KH/\u00d0U") == "23-KH/ĐU"
    assert normalize_symbol("Số: 15 / QĐ \u2013 BNV") == "Số: 15/QĐ-BNV"
    assert normalize_symbol("23\u2011KH\uff0fD\u0335U") == "23-KH/ĐU"
    assert normalize_symbol("23-KH/Đ\u0301U".replace("Đ\u0301", "Đ")) == "23-KH/ĐU"
    first = _register(client, hoa, 5, symbol="23-KH/ĐU")
    assert first["symbol_raw"] is None  # typed exactly as stored
    # The same document typed with U+00D0 and a space: the same symbol, so V16 sees the repeat.
    r = client.post("/api/incoming/manual", headers=hoa, content_type="multipart/form-data", data={
        "author": AUTHOR, "subject": "x", "symbol": "23 -KH/\u00d0U", "issue_date": "2025-08-07",
        "arrival_date": "2025-08-08", "file": (io.BytesIO(_pdf(6)), "b.pdf")})
    assert r.status_code == 409 and r.get_json()["error"] == "possible_duplicate"
    item = _register(client, hoa, 6, symbol="23 -KH/\u00d0U", confirm_duplicate="true")
    assert (item["symbol"], item["symbol_raw"], item["findings"]) == ("23-KH/ĐU", "23 -KH/\u00d0U", [])


# --------------------------------------------------------------------------- V20: places


def test_v20_place_lists_before_and_after_the_merger_of_1_july_2025():
    assert len(valid_places(date(2025, 7, 1))) == 34 and len(valid_places(date(2025, 6, 30))) == 63
    assert "Hà Giang" in valid_places(date(2025, 6, 30)) and "Hà Giang" not in valid_places(date(2025, 7, 1))
    assert "Huế" in valid_places(date(2025, 3, 1)) and "Thừa Thiên Huế" not in valid_places(date(2025, 3, 1))
    assert check_place("Hà Nội", date(2025, 8, 7)) == [] and check_place("Cao Bằng", date(2026, 11, 29)) == []
    (v,) = check_place("Hà Tây", date(2025, 8, 7))
    assert v.code == "V20" and v.message == ("Địa danh \"Hà Tây\" không còn từ ngày 01/08/2008, nay là \"Hà Nội\" "
                                             "(văn bản ngày 07/08/2025).")
    assert check_place("Hà Tây", date(2008, 7, 31)) == []  # valid on its date
    (v,) = check_place("Hà Giang", date(2025, 7, 1))
    assert v.code == "V20" and "nay là \"Tuyên Quang\"" in v.message
    (v,) = check_place("TP. Hồ Chí Minh", date(2025, 8, 7))
    assert v.code == "V20W" and "tên chính thức là \"Thành phố Hồ Chí Minh\"" in v.message
    (v,) = check_place("Tân Lập", date(2025, 8, 7))
    assert v.code == "V20W" and "không có trong danh mục" in v.message
    assert date_words_glued("Hà Nội").__class__ is type(None)


def test_v20_an_old_place_is_flagged_and_date_words_in_the_place_are_refused(app, client, hoa):
    item = _register(client, hoa, 7, place="Hà Tây")
    (f,) = item["findings"]
    assert (f["rule"], f["field"]) == ("V20", "place") and "Địa danh \"Hà Tây\" không còn từ ngày 01/08/2008" in f["message"]
    before = _count(app)
    glued = seed000()["date_line"][:len("Hà Nội, ngày")]
    body = _register(client, hoa, 8, place=glued, status=422)
    assert glued == "Hà Nội, ngày"
    assert body["details"] == [{"rule": "V20", "field": "place", "message": "Địa danh \"Hà Nội, ngày\" lẫn chữ của "
                                "dòng ngày tháng; chỉ ghi tên địa danh (chỉ ghi \"Hà Nội\")."}]
    assert _count(app) == before  # nothing half-written, no number taken
    assert _register(client, hoa, 8, symbol="24-KH/ĐU")["number"] == 2605


# --------------------------------------------------------------------------- V17: signatures of an e-original


def test_v17_an_unsigned_pdf_registered_as_an_electronic_original_is_flagged(app, client, hoa):
    paper = _register(client, hoa, 9)
    assert paper["findings"] == [] and paper["electronic"] is False  # a scan of paper carries no signature
    item = _register(client, hoa, 10, symbol="24-KH/ĐU", electronic="true")
    (f,) = item["findings"]
    assert (f["rule"], f["field"], item["electronic"]) == ("V17", "file", True)
    assert f["message"].startswith("Văn bản điện tử không có chữ ký số") and "chỉ có giá trị tham khảo" in f["message"]
    one = check_signatures(SignatureSummary(count=1))
    assert [v.code for v in one] == ["V17"] and "chỉ có 1 chữ ký số" in one[0].message
    assert [v.code for v in check_signatures(SignatureSummary(count=2, altered=True))] == ["V17"]
    assert check_signatures(SignatureSummary(count=2)) == []


def test_v17_the_signed_seed_pdf_raises_nothing(app, client, login, clock):
    install_keys(app)  # digital signatures become required: the signer's, then the organization's
    plan = dispatch_plan_23(client, login, clock)
    r = client.get(f"/api/documents/{plan['id']}/pdf", headers=login("ha.dt"))
    assert r.status_code == 200 and b"/Sig" in r.data
    clock.set(datetime(2025, 8, 8, 3, 0))
    item = _register(client, login("hoa.nt"), 0, pdf=r.data, electronic="1", confirm_duplicate="true")
    assert item["electronic"] is True and item["findings"] == []  # signer + organization, intact, trusted
