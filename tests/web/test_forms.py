"""The draft form: inline Vietnamese messages that name the field and the rule; bad input changes nothing."""
from __future__ import annotations

import re

import pytest

from .conftest import web_login
from .test_access import draft_form


def errors_of(html: str) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for name, msg in re.findall(r'<p class="field-error" id="err-([a-z_]+)" role="alert">([^<]*)</p>', html):
        out.setdefault(name, []).append(msg)
    return out


def count_docs(app) -> int:
    from .test_access import _count_documents

    return _count_documents(app)


@pytest.fixture
def lan(app):
    c = app.test_client()
    web_login(c, "lan.tt")
    return c


def test_the_form_offers_the_party_kinds_and_only_people_with_signing_authority(lan):
    html = lan.get("/documents/new").get_data(as_text=True)
    assert '<option value="KH"' in html and '<option value="KL"' in html
    assert '<option value="QyĐ"' in html, "Quy định: a Party kind too (66-QĐ/TW)"
    assert '<option value="CĐ"' not in html, "Công điện (CĐ) is a state kind"
    signers = re.findall(r'<option value="([a-z.]+)" data-kinds="([^"]*)"', html)
    assert dict(signers) == {"nam.hv": "TB", "phong.nd": "*"}, "signers of Đảng ủy Chính phủ only, with their kinds"
    assert 'value="VT, BTGDV"' in html, "the Lưu line starts with VT and the drafter's unit"
    assert html.count('name="recipient_text"') >= 3, "rows to fill without JavaScript"


def test_a_signer_without_authority_for_the_kind_is_not_offered_after_choosing_it(lan):
    form = draft_form() | {"subject": ""}
    html = lan.post("/documents/new", data=form).get_data(as_text=True)
    assert re.search(r'<option value="nam.hv" data-kinds="TB"\s+disabled hidden', html), "TB only; this is a KH"


@pytest.mark.parametrize("change, field, words", [
    ({"subject": ""}, "subject", ["Trích yếu", "bắt buộc"]),
    ({"kind": ""}, "kind", ["Tên loại văn bản", "bắt buộc"]),
    ({"kind": "CĐ"}, "kind", ["Tên loại văn bản", "Công điện", "không dùng cho văn bản của Đảng", "V2"]),
    ({"subject": "x" * 1200}, "subject", ["Trích yếu", "tối đa 1000 ký tự"]),
    ({"archive_copies": "ba"}, "archive", ["Lưu", "số nguyên dương"]),
    ({"archive_units": "", "archive_copies": "3"}, "archive", ["Lưu", "nơi lưu"]),
    ({"copies": "0"}, "copies", ["Số lượng bản", "từ 1 trở lên"]),
    ({"intended_signer": "tuan.pm"}, "intended_signer", ["Người ký dự kiến", "không có thẩm quyền", "V8"]),
    ({"intended_signer": "lan.tt"}, "intended_signer", ["Người ký dự kiến"]),
    ({"drafting_unit": "KHONGCO"}, "drafting_unit", ["Đơn vị soạn thảo", "không thuộc"]),
    ({"recipient_purpose": ["BOGUS"]}, "recipients", ["Nơi nhận (dòng 1)", "không nằm trong danh sách"]),
    ({"urgency": "RAT_GAP"}, "urgency", ["Độ khẩn", "không nằm trong danh sách"]),
])
def test_bad_input_is_explained_next_to_the_field_and_nothing_is_saved(app, lan, change, field, words):
    before = count_docs(app)
    r = lan.post("/documents/new", data=draft_form() | change)
    assert r.status_code == 422
    html = r.get_data(as_text=True)
    errs = errors_of(html)
    assert field in errs, (field, errs, re.findall(r'class="form-error".*?</div>', html, re.S))
    for w in words:
        assert any(w in m for m in errs[field]), (w, errs[field])
    assert count_docs(app) == before
    assert "Dự thảo chưa được lưu" in html


def test_a_rejected_form_keeps_what_was_typed(lan):
    html = lan.post("/documents/new", data=draft_form() | {"subject": ""}).get_data(as_text=True)
    assert "Các đảng ủy trực thuộc" in html and "I. MỤC ĐÍCH, YÊU CẦU" in html


def test_revising_keeps_versions_and_shows_the_difference(app, lan, world):
    r = lan.get(f"/documents/{world.draft}/edit")
    assert r.status_code == 200
    form = draft_form() | {"body": draft_form()["body"].replace("1. Mục đích", "1. Mục đích chung")}
    r = lan.post(f"/documents/{world.draft}/edit", data=form)
    assert r.status_code == 303
    page = lan.get(f"/documents/{world.draft}").get_data(as_text=True)
    assert "Bản 1 → bản 2" in page
    assert '<span class="del">- 1. Mục đích</span>' in page and '<span class="ins">+ 1. Mục đích chung</span>' in page


def test_a_stale_edit_is_a_409_that_names_who_acted(app, world):
    """Two tabs: the drafter submits in one, then saves the older form from the other."""
    from .conftest import doc_state

    lan = app.test_client()
    web_login(lan, "lan.tt")
    version = doc_state(app, world.draft)[0]
    page = lan.get(f"/documents/{world.draft}").get_data(as_text=True)
    task = re.search(r'name="task_id" value="([^"]+)"', page).group(1)
    assert lan.post(f"/documents/{world.draft}/actions",
                    data={"action": "submit", "task_id": task, "version": version}).status_code == 303
    r = lan.post(f"/documents/{world.draft}/actions", data={"action": "submit", "task_id": task, "version": version})
    assert r.status_code == 409
    html = r.get_data(as_text=True)
    assert "Văn bản đã thay đổi" in html and "Văn bản đã được trình duyệt bởi Trần Thị Lan lúc" in html


def test_a_second_approval_of_the_same_step_is_a_409_naming_the_first(app, world):
    from .conftest import doc_state

    pages = []
    for _ in range(2):
        c = app.test_client()
        web_login(c, "hung.lv")
        html = c.get(f"/documents/{world.review}").get_data(as_text=True)
        pages.append((c, re.search(r'name="task_id" value="([^"]+)"', html).group(1)))
    (c1, t1), (c2, t2) = pages
    assert c1.post(f"/documents/{world.review}/actions", data={"action": "approve", "task_id": t1}).status_code == 303
    state = doc_state(app, world.review)
    r = c2.post(f"/documents/{world.review}/actions", data={"action": "return", "task_id": t2, "comment": "Sửa"})
    assert r.status_code == 409
    assert "Văn bản đã được đồng ý bởi Lê Văn Hùng lúc" in r.get_data(as_text=True)
    assert doc_state(app, world.review) == state


def test_unknown_urls_and_bad_ids_get_vietnamese_pages(lan):
    r = lan.get("/khong-co-trang-nay")
    assert r.status_code == 404 and "Không tìm thấy" in r.get_data(as_text=True)
    assert lan.get("/documents/999999").status_code == 404
    r = lan.post("/documents/999999/actions", data={"action": "approve"})
    assert r.status_code == 404
    r = lan.get("/register/outgoing?year=abc")
    assert r.status_code in (403, 422)
