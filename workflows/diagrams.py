"""Diagram parsing and validation: a BPMN file becomes an immutable Diagram (specs, task metadata, layout)."""

from __future__ import annotations

import hashlib
import logging
import threading
from dataclasses import dataclass, field
from typing import Any

from lxml import etree
from SpiffWorkflow.bpmn.parser import BpmnParser, BpmnValidator

from .errors import DiagramError
from .expressions import ExpressionError, check
from .limits import check_elements, check_runtime_limits, check_size
from .timers import patch_timer_specs

for _name in ("spiff", "spiff.metrics", "spiff.task", "spiff.workflow"):
    logging.getLogger(_name).setLevel(logging.WARNING)

__all__ = ["Diagram", "FieldSpec", "FIELD_TYPES", "parse_diagram", "compose_diagram"]

BPMN_NS = "http://www.omg.org/spec/BPMN/20100524/MODEL"
BPMNDI_NS = "http://www.omg.org/spec/BPMN/20100524/DI"
DC_NS = "http://www.omg.org/spec/DD/20100524/DC"
DI_NS = "http://www.omg.org/spec/DD/20100524/DI"
CAMUNDA_NS = "http://camunda.org/schema/1.0/bpmn"
NS = {"bpmn": BPMN_NS, "bpmndi": BPMNDI_NS, "dc": DC_NS, "di": DI_NS, "camunda": CAMUNDA_NS}

#: Camunda form field types we accept.
FIELD_TYPES = ("string", "long", "boolean", "enum", "date")

#: Element kinds that would run code (or silently hang) and are therefore refused.
FORBIDDEN_ELEMENTS = {
    "scriptTask": "script tasks are not allowed (diagrams carry no code)",
    "serviceTask": "service tasks are not supported",
    "businessRuleTask": "business rule tasks are not supported",
}

#: Elements whose text is an expression evaluated by the engine.
EXPRESSION_ELEMENTS = (
    "conditionExpression", "condition", "timeDate", "timeDuration", "timeCycle",
    "loopCondition", "completionCondition", "loopCardinality",
)


@dataclass(frozen=True)
class FieldSpec:
    """A field a user task accepts (declared with camunda:formField)."""

    name: str
    type: str
    required: bool
    choices: tuple[str, ...] | None


@dataclass(frozen=True)
class NodeMeta:
    """What we know about one flow node from the XML itself."""

    id: str
    kind: str
    name: str
    lane: str | None
    fields: tuple[FieldSpec, ...] = ()

    @property
    def role(self) -> str:
        """Lane id without the ``lane_`` prefix ("" when the node has no lane)."""
        if self.lane is None:
            return ""
        return self.lane[5:] if self.lane.startswith("lane_") else self.lane


@dataclass
class Diagram:
    """One parsed, validated diagram version (internal)."""

    sha256: str
    filename: str
    xml: bytes
    specs: dict[str, Any]  # process id -> BpmnProcessSpec
    subprocess_specs: dict[str, dict[str, Any]]  # process id -> {name: spec}
    nodes: dict[str, NodeMeta]
    layout: dict[str, Any]
    process_ids: list[str] = field(default_factory=list)
    #: Processes called by call activities that this file does not define (resolved at start).
    calls: tuple[str, ...] = ()
    #: For a composed diagram: process id -> sha256 of the diagram version that defines it.
    called: dict[str, str] = field(default_factory=dict)


_validator_lock = threading.Lock()
_validator: BpmnValidator | None = None


def _get_validator() -> BpmnValidator:
    """Build the BPMN XSD validator once (it takes a few ms)."""
    global _validator
    with _validator_lock:
        if _validator is None:
            _validator = BpmnValidator()
        return _validator


def _local(tag: Any) -> str:
    return etree.QName(tag).localname if isinstance(tag, str) else ""


def _safe_parse(xml: bytes, filename: str) -> etree._Element:
    """Parse untrusted XML: no DTD, no entities, no network; any DOCTYPE is refused."""
    if not isinstance(xml, (bytes, bytearray)):
        raise DiagramError(f"{filename}: diagram must be bytes")
    parser = etree.XMLParser(
        resolve_entities=False, load_dtd=False, no_network=True, dtd_validation=False,
        huge_tree=False, remove_pis=True,
    )
    try:
        root = etree.fromstring(bytes(xml), parser)
    except etree.XMLSyntaxError as exc:
        raise DiagramError(f"{filename}: malformed XML: {exc}") from None
    docinfo = root.getroottree().docinfo
    if docinfo.doctype or docinfo.internalDTD is not None or docinfo.externalDTD is not None:
        raise DiagramError(f"{filename}: DOCTYPE declarations are not allowed")
    if root.tag != f"{{{BPMN_NS}}}definitions":
        raise DiagramError(f"{filename}: root element is not bpmn:definitions")
    return root


def _owner_id(elem: etree._Element) -> str:
    """Id of the nearest ancestor (or self) that has one."""
    node: etree._Element | None = elem
    while node is not None:
        if node.get("id"):
            return str(node.get("id"))
        node = node.getparent()
    return "?"


def _parse_fields(task: etree._Element, filename: str) -> tuple[FieldSpec, ...]:
    """Read camunda:formData/camunda:formField declarations of one task."""
    task_id = task.get("id")
    fields: list[FieldSpec] = []
    seen: set[str] = set()
    for ff in task.xpath("./bpmn:extensionElements/camunda:formData/camunda:formField", namespaces=NS):
        fid = (ff.get("id") or "").strip()
        where = f"{filename}: element '{task_id}'"
        if not fid.isidentifier() or fid.startswith("_"):
            raise DiagramError(f"{where}: form field id {fid!r} is not a valid name")
        if fid in seen:
            raise DiagramError(f"{where}: duplicate form field {fid!r}")
        seen.add(fid)
        ftype = (ff.get("type") or "string").strip()
        if ftype not in FIELD_TYPES:
            raise DiagramError(f"{where}: form field {fid!r} has unsupported type {ftype!r}")
        choices: tuple[str, ...] | None = None
        if ftype == "enum":
            choices = tuple(str(v.get("id")) for v in ff.xpath("./camunda:value", namespaces=NS) if v.get("id"))
            if not choices:
                raise DiagramError(f"{where}: enum form field {fid!r} has no values")
        required = False
        for c in ff.xpath("./camunda:validation/camunda:constraint", namespaces=NS):
            if c.get("name") == "required" and (c.get("config") or "true").strip().lower() != "false":
                required = True
        fields.append(FieldSpec(name=fid, type=ftype, required=required, choices=choices))
    return tuple(fields)


# Over 40 lines on purpose: one walk over the XML that checks every rule of a diagram in a single pass.
def _validate_tree(root: etree._Element, filename: str) -> dict[str, NodeMeta]:
    """Our own rules on top of the XSD; returns metadata of every flow node."""
    for tag, reason in FORBIDDEN_ELEMENTS.items():
        for elem in root.iter(f"{{{BPMN_NS}}}{tag}"):
            raise DiagramError(f"{filename}: element '{elem.get('id')}': {reason}")

    for tag in EXPRESSION_ELEMENTS:
        for elem in root.iter(f"{{{BPMN_NS}}}{tag}"):
            text = (elem.text or "").strip()
            if not text:
                continue
            try:
                check(text)
            except ExpressionError as exc:
                raise DiagramError(f"{filename}: element '{_owner_id(elem)}': invalid expression {text[:80]!r}: {exc}") from None

    flows = {f.get("id"): f for f in root.iter(f"{{{BPMN_NS}}}sequenceFlow")}
    for gw in root.iter(f"{{{BPMN_NS}}}exclusiveGateway"):
        gid = gw.get("id")
        default = gw.get("default")
        if not default:
            raise DiagramError(f"{filename}: element '{gid}': exclusive gateway has no default flow")
        flow = flows.get(default)
        if flow is None or flow.get("sourceRef") != gid:
            raise DiagramError(f"{filename}: element '{gid}': default flow '{default}' is not an outgoing flow of the gateway")

    lanes: dict[str, str] = {}
    for lane in root.iter(f"{{{BPMN_NS}}}lane"):
        for ref in lane.xpath("./bpmn:flowNodeRef", namespaces=NS):
            if ref.text:
                lanes[ref.text.strip()] = str(lane.get("id"))

    nodes: dict[str, NodeMeta] = {}
    skip = {"sequenceFlow", "laneSet", "extensionElements", "documentation", "dataObject",
            "dataObjectReference", "dataStoreReference", "textAnnotation", "association",
            "ioSpecification", "property", "dataInputAssociation", "dataOutputAssociation"}

    def walk(container: etree._Element, inherited_lane: str | None) -> None:
        for elem in container:
            if not isinstance(elem.tag, str) or elem.get("id") is None:
                continue
            kind = _local(elem.tag)
            if kind in skip:
                continue
            eid = str(elem.get("id"))
            lane = lanes.get(eid, inherited_lane)
            fields: tuple[FieldSpec, ...] = ()
            if kind in ("userTask", "manualTask"):
                if lane is None:
                    raise DiagramError(f"{filename}: element '{eid}': user task is not in a lane (lanes are roles)")
                fields = _parse_fields(elem, filename)
            nodes[eid] = NodeMeta(id=eid, kind=kind, name=elem.get("name") or "", lane=lane, fields=fields)
            if kind in ("subProcess", "transaction", "adHocSubProcess"):
                walk(elem, lane)

    for process in root.iter(f"{{{BPMN_NS}}}process"):
        walk(process, None)
    for fid, flow in flows.items():
        for attr in ("sourceRef", "targetRef"):
            if flow.get(attr) not in nodes:
                raise DiagramError(f"{filename}: element '{fid}': {attr} '{flow.get(attr)}' is not a flow node")
    return nodes


def _float(value: str | None) -> float:
    try:
        return float(value or 0)
    except ValueError:
        return 0.0


def _layout(root: etree._Element) -> dict[str, Any]:
    """Shapes and edges read from BPMNDI."""
    by_id = {e.get("id"): e for e in root.iter() if isinstance(e.tag, str) and e.get("id")}
    shapes: list[dict[str, Any]] = []
    edges: list[dict[str, Any]] = []
    for shape in root.iter(f"{{{BPMNDI_NS}}}BPMNShape"):
        elem = by_id.get(shape.get("bpmnElement"))
        bounds = shape.find(f"{{{DC_NS}}}Bounds")
        if elem is None or bounds is None:
            continue
        shapes.append({
            "id": elem.get("id"), "kind": _local(elem.tag), "name": elem.get("name") or "",
            "x": _float(bounds.get("x")), "y": _float(bounds.get("y")),
            "w": _float(bounds.get("width")), "h": _float(bounds.get("height")),
        })
    for edge in root.iter(f"{{{BPMNDI_NS}}}BPMNEdge"):
        elem = by_id.get(edge.get("bpmnElement"))
        if elem is None:
            continue
        points = [(_float(p.get("x")), _float(p.get("y")))
                  for p in edge.iter(f"{{{DI_NS}}}waypoint")]
        edges.append({
            "id": elem.get("id"), "source": elem.get("sourceRef"), "target": elem.get("targetRef"),
            "name": elem.get("name") or "", "points": points,
        })
    return {"shapes": shapes, "edges": edges}


def parse_diagram(xml: bytes, filename: str) -> Diagram:
    """Parse and validate one diagram; raise DiagramError naming file and element. Size and element count
    are checked before any parsing that grows faster than the file; what would fail or hang at run time
    (workflows.limits) before the engine's parser."""
    if isinstance(xml, (bytes, bytearray)):
        check_size(bytes(xml), filename)
    root = _safe_parse(xml, filename)
    check_elements(root, filename)
    try:
        _get_validator().validate(root, filename)
    except Exception as exc:  # ValidationException and lxml errors
        raise DiagramError(f"{filename}: does not conform to the BPMN schema: {exc}") from None
    nodes = _validate_tree(root, filename)
    fields: dict[str, list] = {}
    for node in nodes.values():
        for spec in node.fields:
            fields.setdefault(spec.name, []).append(spec)
    check_runtime_limits(root, fields, filename)
    parser = BpmnParser()
    specs: dict[str, Any] = {}
    subprocess_specs: dict[str, dict[str, Any]] = {}
    calls: set[str] = set()
    try:
        parser.add_bpmn_xml(root, filename)
        process_ids = parser.get_process_ids()
        for pid in process_ids:
            specs[pid] = parser.get_spec(pid)
            # Call activities may name processes of other files: resolved when an instance starts.
            subprocess_specs[pid] = parser.get_subprocess_specs(pid, require_call_activity_specs=False)
            calls.update(name for name, spec in subprocess_specs[pid].items() if spec is None)
    except DiagramError:
        raise
    except Exception as exc:
        raise DiagramError(f"{filename}: {exc}") from None
    if not process_ids:
        raise DiagramError(f"{filename}: no executable process")
    problems = patch_timer_specs(specs, subprocess_specs)
    if problems:
        raise DiagramError(f"{filename}: {problems[0]}")
    return Diagram(
        sha256=hashlib.sha256(bytes(xml)).hexdigest(), filename=filename, xml=bytes(xml),
        specs=specs, subprocess_specs=subprocess_specs, nodes=nodes, layout=_layout(root),
        process_ids=list(process_ids), calls=tuple(sorted(calls)),
    )


def compose_diagram(primary: Diagram, called: dict[str, Diagram]) -> Diagram:
    """``primary`` with the processes its call activities name, parsed together from the given versions.

    The result keeps the primary's sha256 and records, in ``called``, the sha256 of every other diagram
    it uses, so an instance can be reloaded with exactly the same versions later.
    """
    parser = BpmnParser()
    nodes: dict[str, NodeMeta] = {}
    seen: set[str] = set()
    try:
        for diagram in [*called.values(), primary]:
            if diagram.sha256 in seen:
                continue
            seen.add(diagram.sha256)
            parser.add_bpmn_xml(_safe_parse(diagram.xml, diagram.filename), diagram.filename)
            nodes.update(diagram.nodes)  # the primary's own nodes win on equal ids
        specs = {pid: parser.get_spec(pid) for pid in primary.process_ids}
        subprocess_specs = {pid: parser.get_subprocess_specs(pid) for pid in primary.process_ids}
    except DiagramError:
        raise
    except Exception as exc:
        raise DiagramError(f"{primary.filename}: {exc}") from None
    problems = patch_timer_specs(specs, subprocess_specs)
    if problems:
        raise DiagramError(f"{primary.filename}: {problems[0]}")
    return Diagram(
        sha256=primary.sha256, filename=primary.filename, xml=primary.xml, specs=specs,
        subprocess_specs=subprocess_specs, nodes=nodes, layout=primary.layout,
        process_ids=list(primary.process_ids), calls=(),
        called={pid: d.sha256 for pid, d in called.items()},
    )
