"""The workflow diagram drawn on the server from the BPMNDI, with completed and current steps marked."""
from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from service.output.diagram import draw

from .conftest import web_login

SVG = "{http://www.w3.org/2000/svg}"


def states(svg: str) -> dict[str, str]:
    return dict(re.findall(r'data-id="([^"]+)" data-state="([a-z]+)"', svg))


def test_the_page_draws_every_shape_of_the_diagram_and_marks_progress(app, world):
    layout = app.extensions["diagrams"].diagram_layout(app.extensions["diagrams"].latest("outgoing_document"))
    hung = app.test_client()
    web_login(hung, "hung.lv")
    html = hung.get(f"/documents/{world.review}").get_data(as_text=True)
    svg = re.search(r"<svg .*?</svg>", html, re.S).group(0)
    root = ET.fromstring(svg)  # well-formed XML
    assert root.tag == SVG + "svg"
    drawn = states(svg)
    flow_nodes = {s["id"] for s in layout["shapes"] if s["kind"] not in ("participant", "lane")}
    assert set(drawn) == flow_nodes
    assert drawn["start"] == "done" and drawn["draft"] == "done" and drawn["content_review"] == "current"
    assert drawn["sign"] == "todo" and drawn["end"] == "todo"
    assert len(root.findall(f".//{SVG}polyline")) == len(layout["edges"])
    for lane in ("Chuyên viên soạn thảo", "Lãnh đạo đơn vị soạn thảo", "Văn phòng", "Người ký", "Văn thư"):
        assert lane in svg


def test_a_dispatched_document_shows_every_step_done(app, world):
    mai = app.test_client()
    web_login(mai, "mai.vt")
    drawn = states(mai.get(f"/documents/{world.dispatched}").get_data(as_text=True))
    assert "current" not in drawn.values()
    assert all(drawn[t] == "done" for t in ("draft", "content_review", "format_check", "sign", "register",
                                            "dispatch", "end"))


def test_labels_from_a_diagram_are_escaped():
    layout = {"shapes": [{"id": "t1", "kind": "userTask", "name": "<script>alert(1)</script>", "x": 0, "y": 0,
                          "w": 100, "h": 80}], "edges": []}
    svg = str(draw(layout, set(), "t1"))
    assert "<script>" not in svg and "&lt;script&gt;" in svg
    ET.fromstring(svg)
