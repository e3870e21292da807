"""'Việc cần làm': most urgent first, urgency shown as red badges, waiting time in words."""
from __future__ import annotations

import re

from ..seed_docs import seed000
from .conftest import person, web_login


def test_urgent_documents_come_first_with_red_badges_and_waiting_time(app, clock):
    from service.usecases import outgoing, outgoing_tasks
    from service.usecases.inputs import DraftIn

    with app.app_context():
        for i, urgency in enumerate((None, "KHAN", "HOA_TOC", "THUONG_KHAN")):
            p = seed000()["payload"] | {"subject": f"Văn bản {i} độ khẩn {urgency}", "urgency": urgency}
            d = outgoing.create_document(person("lan.tt"), DraftIn.model_validate(p))
            outgoing_tasks.complete_task(person("lan.tt"), d.id, d.step_task_id, {})
            clock.advance(minutes=10)
    clock.advance(hours=2)
    hung = app.test_client()
    web_login(hung, "hung.lv")
    html = hung.get("/").get_data(as_text=True)
    rows = re.findall(r'<tr class="task-row[ "].*?</tr>', html, re.S)
    subjects = [re.search(r'class="subject">([^<]+)<', r).group(1) for r in rows]
    assert subjects == ["Văn bản 2 độ khẩn HOA_TOC", "Văn bản 3 độ khẩn THUONG_KHAN", "Văn bản 1 độ khẩn KHAN",
                        "Văn bản 0 độ khẩn None"]
    badges = [re.findall(r'<span class="badge urgent[^"]*">([^<]+)</span>', r) for r in rows]
    assert badges == [["Hỏa tốc"], ["Thượng khẩn"], ["Khẩn"], []]
    assert all("Thẩm định nội dung" in r and "Đảng ủy Chính phủ" in r and "Kế hoạch" in r for r in rows)
    waits = [re.search(r'<td class="waiting">([^<]+)</td>', r).group(1) for r in rows]
    assert waits[-1] == "chờ 2 giờ" and waits[0] == "chờ 2 giờ"
