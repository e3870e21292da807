"""The workflow diagram of a document as inline SVG, drawn from the diagram's own BPMNDI (no external viewer),
with the completed steps and the current step highlighted."""
from __future__ import annotations

from markupsafe import Markup, escape

_TASK_KINDS = {"userTask", "task", "serviceTask", "scriptTask", "manualTask", "sendTask", "receiveTask",
               "businessRuleTask", "callActivity", "subProcess"}


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
    parts += [_container(s) for kind in ("participant", "lane") for s in shapes if s["kind"] == kind]
    parts += [_edge(e, done_ids, current) for e in edges]
    parts += [_node(s, done_ids, current, finished) for s in shapes]
    parts.append("</svg>")
    return Markup("".join(parts))


def _container(s: dict) -> str:
    """A pool or a lane: a box with its name written vertically on the left."""
    x, y, w, h, name = s["x"], s["y"], s["w"], s["h"], s.get("name") or ""
    cls, divider = ("pool", f'<line x1="{x + 30}" y1="{y}" x2="{x + 30}" y2="{y + h}"/>') \
        if s["kind"] == "participant" else ("lane", "")
    return (f'<g class="{cls}"><rect x="{x}" y="{y}" width="{w}" height="{h}"/>{divider}'
            f'<text class="vlabel" transform="translate({x + 15},{y + h / 2}) rotate(-90)" '
            f'text-anchor="middle" dominant-baseline="middle">{escape(name)}</text></g>')


def _edge(e: dict, done_ids: set[str], current: str | None) -> str:
    """A sequence flow; `done` when it led from a done step to a done or the current one."""
    pts = " ".join(f"{px:.1f},{py:.1f}" for px, py in e["points"])
    cls = "edge done" if e.get("source") in done_ids and (e.get("target") in done_ids
                                                          or e.get("target") == current) else "edge"
    out = f'<polyline class="{cls}" points="{pts}" marker-end="url(#arrow)"/>'
    if e.get("name") and len(e["points"]) >= 2:
        (ax, ay), (bx, by) = e["points"][0], e["points"][1]
        out += _text((ax + bx) / 2 + 4, (ay + by) / 2 - 8, e["name"], 20, "elabel")
    return out


def _node(s: dict, done_ids: set[str], current: str | None, finished: bool) -> str:
    """A task, gateway or event, with its state (current, done or to do)."""
    x, y, w, h, kind, sid, name = s["x"], s["y"], s["w"], s["h"], s["kind"], s["id"], s.get("name") or ""
    state = "current" if sid == current else ("done" if sid in done_ids else "")
    data = f' data-id="{escape(sid)}" data-state="{state or "todo"}"'
    if kind in _TASK_KINDS:
        return (f'<g class="task {state}"{data}><rect x="{x}" y="{y}" width="{w}" height="{h}" rx="10"/>'
                + _text(x + w / 2, y + h / 2, name, 14, "tlabel") + "</g>")
    if kind.endswith("Gateway"):
        cx, cy = x + w / 2, y + h / 2
        return (f'<g class="gateway"{data}><polygon points="{cx},{y} {x + w},{cy} {cx},{y + h} {x},{cy}"/>'
                + _text(cx, y - 10, name, 18, "elabel") + "</g>")
    if kind.endswith("Event"):
        cx, cy, r = x + w / 2, y + h / 2, w / 2
        ev_state = "done" if (kind == "startEvent" and (done_ids or current)) or (kind == "endEvent" and finished) else ""
        return (f'<g class="event {kind} {ev_state}"{data}><circle cx="{cx}" cy="{cy}" r="{r}"/>'
                + _text(cx, y + h + 12, name, 16, "elabel") + "</g>")
    return ""
