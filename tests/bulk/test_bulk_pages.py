"""Issue 13, bulk actions on the tasks page (Việc cần làm), through the pages with the Flask test client."""
from __future__ import annotations

import re

from ..reports.helpers import complete
from ..web.conftest import web_login
from .test_bulk_api import _draft


def _page(app, who):
    c = app.test_client()
    web_login(c, who)
    return c


def test_the_unit_head_ticks_documents_approves_them_at_once_and_reads_each_result(app, client, login):
    lan = login("lan.tt")
    ids = [_draft(client, lan, f"Kế hoạch tuyên truyền số {i}")["id"] for i in range(3)]
    draft_only = _draft(client, lan, "Dự thảo chưa trình", submit=False)["id"]
    page = _page(app, "hung.lv")
    html = page.get("/").get_data(as_text=True)
    assert "Xử lý hàng loạt các văn bản đã chọn" in html
    assert '<option value="content_review:approve">Thẩm định nội dung: Đồng ý</option>' in html
    assert 'value="sign:approve"' not in html, "only the steps the person has work at"
    for i in ids:
        assert f'name="doc" value="{i}"' in html
    r = page.post("/tasks/bulk", data={"choice": "content_review:approve", "doc": [*ids, draft_only]})
    assert r.status_code == 200
    html = r.get_data(as_text=True)
    assert "Đã xử lý thành công <strong>3</strong>/4 văn bản" in html
    assert len(re.findall(r'class="bulk-row ok"', html)) == 3
    assert 'không ở bước "Thẩm định nội dung"' in html.replace("&#34;", '"')
    steps = {client.get(f"/api/documents/{i}", headers=lan).get_json()["step"] for i in ids}
    assert steps == {"format_check"}
    assert client.get(f"/api/documents/{draft_only}", headers=lan).get_json()["step"] == "draft"


def test_returning_many_without_a_comment_returns_none_and_says_why(app, client, login):
    lan = login("lan.tt")
    ids = [_draft(client, lan, f"Kế hoạch {i}")["id"] for i in range(2)]
    page = _page(app, "hung.lv")
    r = page.post("/tasks/bulk", data={"choice": "content_review:return", "doc": ids})
    html = r.get_data(as_text=True)
    assert "Đã xử lý thành công <strong>0</strong>/2" in html and html.count("kèm ý kiến") == 2
    r = page.post("/tasks/bulk", data={"choice": "content_review:return", "comment": "Viết lại mục II.",
                                       "doc": ids})
    assert "Đã xử lý thành công <strong>2</strong>/2" in r.get_data(as_text=True)
    history = client.get(f"/api/documents/{ids[1]}/history", headers=lan).get_json()["items"]
    assert (history[-1]["action"], history[-1]["comment"]) == ("return", "Viết lại mục II.")


def test_a_person_cannot_act_in_bulk_on_another_organizations_documents(app, client, login):
    doc = _draft(client, login("lan.tt"), "Kế hoạch của Đảng ủy Chính phủ")
    page = _page(app, "linh.pt")
    r = page.post("/tasks/bulk", data={"choice": "content_review:approve", "doc": [doc["id"]]})
    html = r.get_data(as_text=True)
    assert "Đã xử lý thành công <strong>0</strong>/1" in html and "Không tìm thấy văn bản." in html
    assert "Kế hoạch của Đảng ủy Chính phủ" not in html, "a stranger learns nothing of the document"
    assert client.get(f"/api/documents/{doc['id']}", headers=login("lan.tt")).get_json()["step"] == "content_review"


def test_a_bad_bulk_form_is_refused_with_a_vietnamese_page(app):
    page = _page(app, "hung.lv")
    for bad in ("abc", "9223372036854775808", "0", "١"):
        r = page.post("/tasks/bulk", data={"choice": "content_review:approve", "doc": ["1", bad]})
        assert r.status_code == 422 and "Danh sách văn bản được chọn không hợp lệ." in r.get_data(as_text=True)
    r = page.post("/tasks/bulk", data={"doc": ["1"]})
    assert r.status_code == 422 and "Hãy chọn việc cần xử lý hàng loạt." in r.get_data(as_text=True)
    r = page.post("/tasks/bulk", data={"choice": "content_review:approve"})
    assert r.status_code == 422 and "Chưa chọn văn bản nào." in r.get_data(as_text=True)
