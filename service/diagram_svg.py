"""The workflow diagram of a document as inline SVG, drawn from the diagram's own BPMNDI (no external viewer),
with the completed steps and the current step highlighted."""
from __future__ import annotations

from markupsafe import Markup, escape

from service import documents as uc
from service import runtime
from service.models import Document

_TASK_KINDS = {"userTask", "task", "serviceTask", "scriptTask", "manualTask", "sendTask", "receiveTask",
               "businessRuleTask", "callActivity", "subProcess"}


def document_diagram(doc: Document) -> Markup | None:
    """The SVG of the diagram version this document's workflow runs on (None if it has no workflow)."""
    row = runtime.instance_for(doc.id)
    if row is None:
        return None
    runtime.load_instance(row)  # makes sure an old diagram version is back in the registry
    layout = runtime.registry().diagram_layout(row.spec_hash)
    return draw(layout, set(uc.completed_steps(doc)), doc.step, finished=doc.step is None)


def _wrap(text: str, width: int) -> list[str]:
    """Split a label into lines of about `width` characters (on spaces)."""
    lines: list[str] = []
    for word in text.split():
        if lines and len(lines[-1]) + 1 + len(word) <= width:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return lines


def _text(x: float, y: float, label: str, width: int, cls: str, line_h: float = 13.0) -> str:
    lines = _wrap(label, width)
    y0 = y - (len(lines) - 1) * line_h / 2
    spans = "".join(f'<tspan x="{x:.1f}" y="{y0 + i * line_h:.1f}">{escape(t)}</tspan>' for i, t in enumerate(lines))
    return f'<text class="{cls}" text-anchor="middle" dominant-baseline="middle">{spans}</text>'


def draw(layout: dict, completed: set[str], current: str | None, *, finished: bool = False) -> Markup:
    """SVG markup for a BPMNDI layout. Every label is escaped; shapes get the classes `done` / `current`."""
    shapes, edges = layout.get("shapes", []), layout.get("edges", [])
    if not shapes:
        return Markup("")
    x0 = min(s["x"] for s in shapes) - 10
    y0 = min(min(s["y"] for s in shapes), min((p[1] for e in edges for p in e["points"]), default=1e9)) - 10
    x1 = max(s["x"] + s["w"] for s in shapes) + 10
    y1 = max(s["y"] + s["h"] for s in shapes) + 10
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" class="bpmn" role="img" '
             f'viewBox="{x0:.0f} {y0:.0f} {x1 - x0:.0f} {y1 - y0:.0f}" aria-labelledby="bpmn-title">'
             '<title id="bpmn-title">Sơ đồ quy trình: bước đã xong và bước hiện tại được tô màu</title>'
             '<defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" markerHeight="7" '
             'orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" class="arrowhead"/></marker></defs>']
    done_ids = set(completed)
    for s in shapes:
        x, y, w, h, kind, name = s["x"], s["y"], s["w"], s["h"], s["kind"], s.get("name") or ""
        if kind == "participant":
            parts.append(f'<g class="pool"><rect x="{x}" y="{y}" width="{w}" height="{h}"/>'
                         f'<line x1="{x + 30}" y1="{y}" x2="{x + 30}" y2="{y + h}"/>'
                         f'<text class="vlabel" transform="translate({x + 15},{y + h / 2}) rotate(-90)" '
                         f'text-anchor="middle" dominant-baseline="middle">{escape(name)}</text></g>')
    for s in shapes:
        x, y, w, h, kind, name = s["x"], s["y"], s["w"], s["h"], s["kind"], s.get("name") or ""
        if kind == "lane":
            parts.append(f'<g class="lane"><rect x="{x}" y="{y}" width="{w}" height="{h}"/>'
                         f'<text class="vlabel" transform="translate({x + 15},{y + h / 2}) rotate(-90)" '
                         f'text-anchor="middle" dominant-baseline="middle">{escape(name)}</text></g>')
    for e in edges:
        pts = " ".join(f"{px:.1f},{py:.1f}" for px, py in e["points"])
        cls = "edge done" if e.get("source") in done_ids and (e.get("target") in done_ids
                                                              or e.get("target") == current) else "edge"
        parts.append(f'<polyline class="{cls}" points="{pts}" marker-end="url(#arrow)"/>')
        if e.get("name") and len(e["points"]) >= 2:
            (ax, ay), (bx, by) = e["points"][0], e["points"][1]
            parts.append(_text((ax + bx) / 2 + 4, (ay + by) / 2 - 8, e["name"], 20, "elabel"))
    for s in shapes:
        x, y, w, h, kind, sid, name = s["x"], s["y"], s["w"], s["h"], s["kind"], s["id"], s.get("name") or ""
        state = "current" if sid == current else ("done" if sid in done_ids else "")
        data = f' data-id="{escape(sid)}" data-state="{state or "todo"}"'
        if kind in _TASK_KINDS:
            parts.append(f'<g class="task {state}"{data}><rect x="{x}" y="{y}" width="{w}" height="{h}" rx="10"/>'
                         + _text(x + w / 2, y + h / 2, name, 14, "tlabel") + "</g>")
        elif kind.endswith("Gateway"):
            cx, cy = x + w / 2, y + h / 2
            parts.append(f'<g class="gateway"{data}><polygon points="{cx},{y} {x + w},{cy} {cx},{y + h} {x},{cy}"/>'
                         + _text(cx, y - 10, name, 18, "elabel") + "</g>")
        elif kind.endswith("Event"):
            cx, cy, r = x + w / 2, y + h / 2, w / 2
            ev_state = "done" if (kind == "startEvent" and (done_ids or current)) or (kind == "endEvent" and finished) else ""
            parts.append(f'<g class="event {kind} {ev_state}"{data}><circle cx="{cx}" cy="{cy}" r="{r}"/>'
                         + _text(cx, y + h + 12, name, 16, "elabel") + "</g>")
    parts.append("</svg>")
    return Markup("".join(parts))
