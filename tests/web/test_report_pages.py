"""The reporting pages as the demo people: the requester (Đảng ủy Chính phủ, lan.tt) completes the obligation of
plan 23-KH/ĐU on its page; the obligor (Đảng ủy Bộ Nông nghiệp và Môi trường: drafter linh.pt, clerk hoa.nt)
starts its report from /reports; the matrix shows on time / late / missing / not yet due by the fake clock."""
from __future__ import annotations

import re
from datetime import datetime

from ..reports.helpers import complete, dispatch_plan_23, incoming_task, run_scheduler
from .conftest import web_login

FORM = {"frequency": "MONTHLY", "first_due_date": "2025-08-25", "reminder_days": "3", "obligors_shown": "1",
        "obligors": ["DUBNNMT", "DUBNG"], "generate_until": "2025-10-31"}


def _page(app, username):
    c = app.test_client()
    web_login(c, username)
    return c


def _obligation_id(client, login) -> int:
    (ob,) = client.get("/api/obligations", headers=login("lan.tt")).get_json()["items"]
    return ob["id"]


def _periods(client, login, username="linh.pt") -> list[dict]:
    return client.get("/api/periods", headers=login(username)).get_json()["items"]


def test_the_requester_completes_the_obligation_on_its_page(app, client, login, clock):
    dispatch_plan_23(client, login, clock)
    ob_id = _obligation_id(client, login)
    lan = _page(app, "lan.tt")
    html = lan.get("/reports").get_data(as_text=True)
    assert "Báo cáo yêu cầu cơ quan khác gửi" in html and "Cần hoàn thiện" in html
    assert f'href="/reports/obligations/{ob_id}"' in html and 'href="/reports"' in html  # the menu link
    html = lan.get(f"/reports/obligations/{ob_id}").get_data(as_text=True)
    assert "Hoàn thiện chế độ báo cáo" in html and "không nêu tần suất" in html
    # obligors offered: the plan's recipient organizations only (seed 000 also reaches BQP, BCA, …)
    offered = set(re.findall(r'name="obligors" value="([^"]+)"', html))
    assert offered == {"DUBNNMT", "DUBNG", "BQP", "BCA", "BCD35TW", "BTGDVTW"}
    assert "Hoàn thiện chế độ báo cáo" not in _page(app, "minh.nv").get(f"/reports/obligations/{ob_id}").get_data(
        as_text=True)  # another drafter sees the obligation but may not change it

    # refused forms: shown again with the message (422), nothing written
    for bad, message in (({"first_due_date": "25/08/2025"}, "Hạn nộp kỳ đầu phải là một ngày"),
                         ({"obligors": ["DUBNNMT", "TUCB"]}, "không thuộc nơi nhận: Tỉnh ủy Cao Bằng"),
                         ({"generate_until": "2100-12-31"}, "5 năm"),
                         ({"frequency": "WEEKLY"}, "Tần suất phải là một trong")):
        r = lan.post(f"/reports/obligations/{ob_id}", data=FORM | bad)
        assert r.status_code == 422, (bad, r.status_code)
        page = r.get_data(as_text=True)
        assert message in page and 'class="form-error"' in page and "Hoàn thiện chế độ báo cáo" in page
    assert _periods(client, login) == []

    r = lan.post(f"/reports/obligations/{ob_id}", data=FORM)
    assert r.status_code == 303 and r.headers["Location"].endswith(f"/reports/obligations/{ob_id}")
    html = lan.get(r.headers["Location"]).get_data(as_text=True)
    assert "Đã hoàn thiện chế độ báo cáo; có 6 kỳ báo cáo." in html and "Hoàn thiện chế độ báo cáo<" not in html
    assert [p["label"] for p in _periods(client, login)] == ["Tháng 8/2025", "Tháng 9/2025", "Tháng 10/2025"]
    # a stranger: 404; an obligor: its own row only
    assert _page(app, "yen.lt").get(f"/reports/obligations/{ob_id}").status_code == 404
    html = _page(app, "linh.pt").get(f"/reports/obligations/{ob_id}").get_data(as_text=True)
    assert 'data-org="DUBNNMT"' in html and 'data-org="DUBNG"' not in html and "Hoàn thiện chế độ" not in html


def test_the_obligor_starts_its_report_from_the_page(app, client, login, clock):
    dispatch_plan_23(client, login, clock)
    ob_id = _obligation_id(client, login)
    assert _page(app, "lan.tt").post(f"/reports/obligations/{ob_id}", data=FORM).status_code == 303
    clock.set(datetime(2025, 8, 23, 2, 0))  # two days before the first due date (reminder 3 days)
    aug = _periods(client, login)[0]
    dubng = next(p for p in _periods(client, login, "tam.nv") if p["period_key"] == "2025-08")

    hoa = _page(app, "hoa.nt")  # the clerk sees what is owed, without the button
    html = hoa.get("/reports").get_data(as_text=True)
    assert "Báo cáo cơ quan phải gửi" in html and "Sắp đến hạn" in html and "Chưa đến hạn" in html
    assert "Lập báo cáo" not in html
    r = hoa.post(f"/reports/periods/{aug['id']}/start")
    assert r.status_code == 403 and _periods(client, login)[0]["report_document_id"] is None

    linh = _page(app, "linh.pt")
    html = linh.get("/reports").get_data(as_text=True)
    assert html.count(">Lập báo cáo</button>") == 3 and "Đảng ủy Chính phủ" in html
    assert linh.post(f"/reports/periods/{dubng['id']}/start").status_code == 404  # another organization's period
    r = linh.post(f"/reports/periods/{aug['id']}/start")
    assert r.status_code == 303 and re.search(r"/documents/\d+/edit$", r.headers["Location"]), r.headers
    edit = linh.get(r.headers["Location"]).get_data(as_text=True)
    assert "Đảng ủy Chính phủ (qua Ban Tuyên giáo và Dân vận Đảng ủy Chính phủ)" in edit  # Nơi nhận
    assert "Kết quả thực hiện Kế hoạch số 23-KH/ĐU tháng 8/2025" in edit  # the subject names the period
    assert "Thực hiện Kế hoạch số 23-KH/ĐU ngày 07/8/2025 của Đảng ủy Chính phủ" in edit  # the basis
    assert "Đảng ủy Bộ Nông nghiệp và Môi trường báo cáo kết quả tháng 8/2025 như sau:" in edit
    # started twice: the message, back on /reports, nothing new
    r = linh.post(f"/reports/periods/{aug['id']}/start", data={"next": "/reports"})
    assert r.status_code == 303 and r.headers["Location"].endswith("/reports")
    html = linh.get("/reports").get_data(as_text=True)
    assert "Kỳ báo cáo này đã có báo cáo." in html and html.count(">Lập báo cáo</button>") == 2
    assert "Dự thảo báo cáo" in html


def _report_and_register(client, login, clock, period_id: int, sent: datetime, arrival: str) -> None:
    """DUBNNMT writes, reviews, signs, numbers and dispatches the period's report; DUCP's clerk registers it."""
    clock.set(sent)
    linh = login("linh.pt")
    r = client.post(f"/api/periods/{period_id}/report", headers=linh,
                    json={"body": "I. KẾT QUẢ\nĐã triển khai.", "intended_signer": "thang.dv"})
    assert r.status_code == 201, r.get_json()
    report = complete(client, linh, r.get_json())
    for who in ("quang.tv", "son.lh", "thang.dv"):
        report = complete(client, login(who), report, {"decision": "approve"})
    report = complete(client, login("hoa.nt"), complete(client, login("hoa.nt"), report))
    assert report["status"] == "DISPATCHED"
    clock.set(datetime.fromisoformat(arrival + "T02:00:00"))  # 09:00 in Hà Nội on the day it arrives
    ha = login("ha.dt")
    (item,) = [i for i in client.get("/api/incoming", headers=ha).get_json()["items"] if i["symbol"] == report["symbol"]]
    incoming_task(client, ha, item, {"arrival_date": arrival})


def test_the_matrix_shows_on_time_late_missing_and_reminders(app, client, login, clock):
    dispatch_plan_23(client, login, clock)
    ob_id = _obligation_id(client, login)
    assert _page(app, "lan.tt").post(f"/reports/obligations/{ob_id}", data=FORM).status_code == 303
    aug, sep, _oct = _periods(client, login)
    clock.set(datetime(2025, 8, 22, 2, 0))
    assert run_scheduler(app).fired == 2  # August's reminder at both organizations
    _report_and_register(client, login, clock, aug["id"], datetime(2025, 8, 22, 3, 0), "2025-08-25")
    _report_and_register(client, login, clock, sep["id"], datetime(2025, 9, 26, 2, 0), "2025-09-27")
    clock.set(datetime(2025, 9, 28, 2, 0))

    html = _page(app, "lan.tt").get(f"/reports/obligations/{ob_id}").get_data(as_text=True)
    rows = {code: row for code, row in re.findall(r'<tr data-org="(\w+)">(.*?)</tr>', html, re.S)}
    cells = {code: re.findall(r'data-state="(\w+)">([^<]+)<', row) for code, row in rows.items()}
    assert cells["DUBNNMT"] == [("ontime", "Đúng hạn"), ("late", "Chậm 2 ngày"), ("upcoming", "Chưa đến hạn")]
    assert cells["DUBNG"] == [("missing", "Chưa gửi (quá 34 ngày)"), ("missing", "Chưa gửi (quá 3 ngày)"),
                              ("upcoming", "Chưa đến hạn")]
    assert 'data-reminders="1">1 lần nhắc' in rows["DUBNNMT"] and 'data-reminders="1">1 lần nhắc' in rows["DUBNG"]
    assert "hạn 25/08/2025" in html and "hạn 25/10/2025" in html
    overview = _page(app, "lan.tt").get("/reports").get_data(as_text=True)
    assert "2/6 đã báo cáo, 1 chậm" in overview and "2 chưa gửi" in overview
    mine = _page(app, "linh.pt").get("/reports").get_data(as_text=True)
    assert "Đã báo cáo</span>" in mine and "Đã báo cáo, chậm 2 ngày" in mine and mine.count("Lập báo cáo</button>") == 1
    tam = _page(app, "tam.nv").get("/reports").get_data(as_text=True)
    assert "Quá hạn 34 ngày" in tam and "Quá hạn 3 ngày" in tam
