"""Where documents wait (issue 13), through the API on both databases: after a few hundred documents moved with
the frozen clock (tests/analytics/scenario.py), the medians, 90th percentiles, waiting and overdue counts are the
ones computed here from the known waits; who may see them; bad filters answer 422 in Vietnamese."""
from __future__ import annotations

import pytest

from ..web.conftest import web_login
from . import scenario
from .scenario import nearest_rank


@pytest.fixture
def built(client, login, clock):
    return scenario.build(client, login, clock)


def _get(client, headers, query: str = "", status: int = 200) -> dict:
    r = client.get(f"/api/analytics/steps{query}", headers=headers)
    assert r.status_code == status, r.get_json()
    return r.get_json()


def _stats(rows, step, month, group=""):
    found = [r for r in rows if (r["step"], r["month"], r["group"]) == (step, month, group)]
    assert len(found) == 1, rows
    return found[0]["count"], found[0]["median_seconds"], found[0]["p90_seconds"]


def _expect(waits):
    return len(waits), round(nearest_rank(waits, 0.5)), round(nearest_rank(waits, 0.9))


def test_the_numbers_are_the_known_waits_per_step_person_and_month(client, login, built):
    office = login("tuan.pm")
    out = _get(client, office, "?from=2025-08&to=2025-09")
    assert out["months"] == ["2025-08", "2025-09"] and out["by"] == "step"
    rows = out["rows"]
    all_drafts = built.draft_waits["lan.tt"] + built.draft_waits["minh.nv"]
    assert _stats(rows, "draft", "2025-08") == _expect(all_drafts)
    assert _stats(rows, "content_review", "2025-08") == _expect(built.review_waits)
    checks = built.check_waits["tuan.pm"] + built.check_waits["thu.bt"]
    assert _stats(rows, "format_check", "2025-09") == _expect(checks)
    assert {(r["step"], r["month"]) for r in rows} == {("draft", "2025-08"), ("content_review", "2025-08"),
                                                       ("format_check", "2025-09")}
    now = {r["step"]: (r["waiting"], r["overdue"]) for r in out["now"]}
    assert now == {"content_review": (60, 60), "format_check": (80, 80), "sign": (100, 10)}

    people = _get(client, office, "?from=2025-08&to=2025-09&by=person")["rows"]
    assert _stats(people, "draft", "2025-08", "Trần Thị Lan") == _expect(built.draft_waits["lan.tt"])
    assert _stats(people, "draft", "2025-08", "Nguyễn Văn Minh") == _expect(built.draft_waits["minh.nv"])
    assert _stats(people, "format_check", "2025-09", "Phạm Minh Tuấn") == _expect(built.check_waits["tuan.pm"])
    assert _stats(people, "format_check", "2025-09", "Bùi Thị Thu") == _expect(built.check_waits["thu.bt"])
    assert _stats(people, "content_review", "2025-08", "Lê Văn Hùng") == _expect(built.review_waits)

    units = _get(client, office, "?from=2025-08&to=2025-09&by=unit&step=content_review")
    assert [(r["group"], r["count"]) for r in units["rows"]] == [("Ban Tuyên giáo và Dân vận Đảng ủy Chính phủ", 180)]
    assert [(r["group"], r["waiting"], r["overdue"]) for r in units["now"]] == [
        ("Ban Tuyên giáo và Dân vận Đảng ủy Chính phủ", 60, 60)]

    september = _get(client, office, "?from=2025-09&to=2025-09")["rows"]
    assert {r["step"] for r in september} == {"format_check"}, "a step counts in the month it ended"
    other_unit = _get(client, office, "?from=2025-08&to=2025-09&unit=VP")
    assert other_unit["rows"] == [] and other_unit["now"] == []


def test_who_sees_what(client, login, built):
    assert _get(client, login("phong.nd"), "?from=2025-08")["rows"], "a leader (signer) sees the organization"
    head = _get(client, login("hung.lv"), "?from=2025-08")
    assert [u["code"] for u in head["units"]] == ["BTGDV"] and head["rows"]
    assert _get(client, login("hung.lv"), "?unit=VP", 403)["message"].startswith("Đồng chí chỉ xem được")
    for who in ("lan.tt", "ha.dt", "mai.vt"):
        assert "Chỉ lãnh đạo" in _get(client, login(who), "", 403)["message"]
    other = _get(client, login("son.lh"), "?from=2025-08&to=2025-09")  # office of another organization
    assert other["org_name"] != "Đảng ủy Chính phủ" and other["rows"] == [] and other["now"] == []
    assert _get(client, login("son.lh"), "?unit=BTGDV&from=2025-08")["rows"] == []  # its own unit of that code
    assert client.get("/api/analytics/steps").status_code == 401


@pytest.mark.parametrize("query, field, words", [
    ("?from=2025-13", "from", "phải là một tháng dạng YYYY-MM"),
    ("?to=08/2025", "to", "phải là một tháng dạng YYYY-MM"),
    ("?from=2025-09&to=2025-08", "from", "phải trước hoặc bằng tháng kết thúc"),
    ("?from=2020-01&to=2025-08", "from", "tối đa 36 tháng"),
    ("?step=approve", "step", "Bước không hợp lệ"),
    ("?by=drafter", "by", "phải là step, unit hoặc person"),
    ("?unit=KHONGCO", "unit", "Không có đơn vị mã 'KHONGCO'"),
])
def test_bad_filters_answer_422_in_vietnamese(client, login, query, field, words):
    out = _get(client, login("tuan.pm"), query, 422)
    assert words in out["message"] and out["details"][0]["field"] == field


def test_the_page_and_the_csv_show_the_same_numbers(client, login, built):
    web_login(client, "tuan.pm")
    r = client.get("/analytics?from=2025-08&to=2025-09")
    html = r.get_data(as_text=True)
    assert r.status_code == 200 and html.count("<svg") == 2
    assert "Trung vị thời gian xử lý theo tháng (giờ)" in html and "Thẩm định nội dung" in html
    assert "100 chờ · 10 quá hạn" in html
    median = nearest_rank(built.review_waits, 0.5) / 3600
    assert f"{median / 24:.1f} ngày".replace(".", ",") in html
    r = client.get("/analytics.csv?from=2025-08&to=2025-09&by=person")
    text = r.get_data(as_text=True)
    assert r.status_code == 200 and text.startswith("\ufeffTháng,Bước,Nhóm,Số lượt hoàn thành")
    assert "2025-09,Kiểm tra thể thức,Bùi Thị Thu,40," in text
    assert "Hiện tại,Ký ban hành," in text
    bad = client.get("/analytics?from=tháng")
    assert bad.status_code == 422 and "phải là một tháng dạng YYYY-MM" in bad.get_data(as_text=True)
