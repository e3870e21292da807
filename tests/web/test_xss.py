"""A subject containing <script> is text everywhere: task list, document page, register, exports."""
from __future__ import annotations

import csv
import io
from datetime import datetime

from openpyxl import load_workbook

from ..seed_docs import seed000
from .conftest import person, web_login

EVIL = "<script>alert(1)</script> Kế hoạch"
EVIL_RECIPIENT = '<img src=x onerror="alert(2)">Các đảng ủy trực thuộc'


def evil_payload() -> dict:
    p = dict(seed000()["payload"])
    p["subject"] = EVIL
    p["body"] = p["body"] + "\n- <b onmouseover=alert(3)>in đậm</b>"
    p["recipients"] = [*p["recipients"][:-1], {"text": EVIL_RECIPIENT, "purpose": "ACTION"}]
    return p


def assert_escaped(html: str) -> None:
    assert "<script>alert(1)" not in html and "<img src=x" not in html and "<b onmouseover" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_script_in_subject_is_escaped_in_every_page_and_export(app, clock):
    from service.usecases import access, outgoing, outgoing_tasks
    from service.usecases.inputs import DraftIn

    with app.app_context():
        doc = outgoing.create_document(person("lan.tt"), DraftIn.model_validate(evil_payload()))
        doc_id = doc.id
    lan = app.test_client()
    web_login(lan, "lan.tt")
    tasks = lan.get("/").get_data(as_text=True)
    assert_escaped(tasks)
    page = lan.get(f"/documents/{doc_id}").get_data(as_text=True)
    assert_escaped(page)
    assert "&lt;b onmouseover=alert(3)&gt;" in page and "&lt;img src=x onerror=" in page

    with app.app_context():
        d = access.get_document(person("lan.tt"), doc_id)
        for username, data in (("lan.tt", {}), ("hung.lv", {"decision": "approve"}),
                               ("tuan.pm", {"decision": "approve"}), ("phong.nd", {"decision": "approve"}),
                               ("ha.dt", {}), ("ha.dt", {})):
            if username == "phong.nd":
                clock.set(datetime(2025, 8, 7, 1, 30))
            d = outgoing_tasks.complete_task(person(username), doc_id, d.step_task_id, data)
    mai = app.test_client()
    web_login(mai, "mai.vt")
    register = mai.get("/register/outgoing").get_data(as_text=True)
    assert_escaped(register)
    found = mai.get("/register/outgoing?q=script+alert").get_data(as_text=True)
    assert "23-KH/ĐU" in found
    assert_escaped(mai.get(f"/documents/{doc_id}").get_data(as_text=True))

    # Exports carry the text as text (a spreadsheet shows it; nothing runs), never as a formula.
    raw = mai.get("/register/outgoing.csv").data
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert rows[1][3] == "Kế hoạch: " + EVIL
    assert EVIL_RECIPIENT in rows[1][5]
    wb = load_workbook(io.BytesIO(mai.get("/register/outgoing.xlsx").data))
    ws = wb.worksheets[0]
    assert ws.cell(row=2, column=4).value == "Kế hoạch: " + EVIL
    assert ws.cell(row=2, column=4).data_type == "s"
