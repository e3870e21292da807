"""Diagram registry: validation, XML safety, versions, layout and state loading."""

from __future__ import annotations

import json
import re
import time

import pytest

from workflows import FORMAT_VERSION, DiagramError, DiagramRegistry, StateError

PID = "outgoing_document"


def _variant(xml: bytes, old: str, new: str, count: int = 1) -> bytes:
    text = xml.decode("utf-8")
    assert text.count(old) >= count, old
    return text.replace(old, new, count).encode("utf-8")


def with_archive_task(xml: bytes) -> bytes:
    """The outgoing diagram with an extra clerk task 'archive' between register and dispatch."""
    text = xml.decode("utf-8")
    text = text.replace(
        '<bpmn:sequenceFlow id="flow_register_dispatch" sourceRef="register" targetRef="dispatch" />',
        '<bpmn:sequenceFlow id="flow_register_dispatch" sourceRef="register" targetRef="archive" />\n'
        '    <bpmn:sequenceFlow id="flow_archive_dispatch" sourceRef="archive" targetRef="dispatch" />')
    text = text.replace(
        '<bpmn:userTask id="dispatch" name="Phát hành văn bản">\n      <bpmn:incoming>flow_register_dispatch</bpmn:incoming>',
        '<bpmn:userTask id="archive" name="Lưu hồ sơ">\n      <bpmn:incoming>flow_register_dispatch</bpmn:incoming>\n'
        '      <bpmn:outgoing>flow_archive_dispatch</bpmn:outgoing>\n    </bpmn:userTask>\n\n'
        '    <bpmn:userTask id="dispatch" name="Phát hành văn bản">\n      <bpmn:incoming>flow_archive_dispatch</bpmn:incoming>')
    text = text.replace("<bpmn:flowNodeRef>dispatch</bpmn:flowNodeRef>",
                        "<bpmn:flowNodeRef>archive</bpmn:flowNodeRef>\n        <bpmn:flowNodeRef>dispatch</bpmn:flowNodeRef>")
    assert 'id="archive"' in text and 'targetRef="archive"' in text
    return text.encode("utf-8")


def run_to_end(registry: DiagramRegistry, inst, expected: list[str]):
    """Complete tasks in order, approving reviews, with a dump/load around each step."""
    review = {"content_review", "format_check", "sign"}
    for name in expected:
        inst = registry.load(inst.dump(), inst.sha256)
        ready = inst.ready_tasks()
        assert [t.name for t in ready] == [name]
        inst.complete(ready[0].id, {"decision": "approve"} if name in review else {})
    inst = registry.load(inst.dump(), inst.sha256)
    assert inst.is_completed
    return inst


OLD_STEPS = ["draft", "content_review", "format_check", "sign", "register", "dispatch"]
NEW_STEPS = ["draft", "content_review", "format_check", "sign", "register", "archive", "dispatch"]


# --- registry basics ----------------------------------------------------------------------


def test_from_directory_and_lookup(registry: DiagramRegistry, outgoing_xml: bytes) -> None:
    sha = registry.latest(PID)
    assert registry.has(sha) and not registry.has("0" * 64)
    assert registry.xml(sha) == outgoing_xml
    assert registry.process_ids(sha) == [PID]
    assert registry.add_xml(outgoing_xml, "again.bpmn") == sha  # idempotent
    with pytest.raises(KeyError):
        registry.latest("nope")


def test_start_on_unknown_hash(registry: DiagramRegistry) -> None:
    with pytest.raises(StateError):
        registry.start(PID, sha256="f" * 64)


def test_diagram_layout(registry: DiagramRegistry) -> None:
    layout = registry.diagram_layout(registry.latest(PID))
    shapes = {s["id"]: s for s in layout["shapes"]}
    nodes = {"start", "draft", "content_review", "gw_content_review", "format_check", "gw_format_check",
             "sign", "gw_sign", "register", "dispatch", "end"}
    lanes = {"lane_drafter", "lane_unit_head", "lane_office", "lane_signer", "lane_clerk"}
    assert nodes | lanes | {"participant_outgoing_document"} <= set(shapes)
    assert shapes["draft"]["kind"] == "userTask"
    assert shapes["gw_sign"]["kind"] == "exclusiveGateway"
    assert shapes["start"]["kind"] == "startEvent" and shapes["end"]["kind"] == "endEvent"
    assert shapes["lane_clerk"]["kind"] == "lane" and shapes["lane_clerk"]["name"] == "Văn thư"
    assert shapes["participant_outgoing_document"]["kind"] == "participant"
    for s in shapes.values():
        assert s["w"] > 0 and s["h"] > 0
    # lanes stacked vertically, flow left to right
    ys = [shapes[lane]["y"] for lane in ["lane_drafter", "lane_unit_head", "lane_office", "lane_signer", "lane_clerk"]]
    assert ys == sorted(ys)
    xs = [shapes[n]["x"] for n in ["start", "draft", "content_review", "format_check", "sign", "register", "dispatch", "end"]]
    assert xs == sorted(xs)
    edges = {e["id"]: e for e in layout["edges"]}
    assert len(edges) == 13  # every sequence flow
    for e in edges.values():
        assert len(e["points"]) >= 2
        assert e["source"] in nodes and e["target"] in nodes
    assert edges["flow_sign_return"]["target"] == "draft"
    # a copy: callers cannot corrupt the registry
    layout["shapes"].clear()
    assert registry.diagram_layout(registry.latest(PID))["shapes"]


# --- validation -----------------------------------------------------------------------------


def test_gateway_without_default_is_rejected(outgoing_xml: bytes) -> None:
    bad = _variant(outgoing_xml, ' default="flow_format_check_return"', "")
    with pytest.raises(DiagramError) as info:
        DiagramRegistry().add_xml(bad, "bpmn/x.bpmn")
    msg = str(info.value)
    assert "bpmn/x.bpmn" in msg and "gw_format_check" in msg and "default" in msg


def test_default_must_be_an_outgoing_flow(outgoing_xml: bytes) -> None:
    bad = _variant(outgoing_xml, 'default="flow_sign_return"', 'default="flow_start_draft"')
    with pytest.raises(DiagramError, match="gw_sign"):
        DiagramRegistry().add_xml(bad, "x.bpmn")


def test_script_task_is_rejected(outgoing_xml: bytes) -> None:
    bad = re.sub(
        rb'<bpmn:userTask id="dispatch" name="[^"]*">(.*?)</bpmn:userTask>',
        rb'<bpmn:scriptTask id="dispatch" name="x">\1<bpmn:script>import os</bpmn:script></bpmn:scriptTask>',
        outgoing_xml, flags=re.S)
    assert b"scriptTask" in bad
    with pytest.raises(DiagramError) as info:
        DiagramRegistry().add_xml(bad, "s.bpmn")
    assert "s.bpmn" in str(info.value) and "'dispatch'" in str(info.value) and "script" in str(info.value)


def test_service_task_is_rejected(outgoing_xml: bytes) -> None:
    bad = re.sub(rb'<bpmn:userTask id="dispatch" name="[^"]*">(.*?)</bpmn:userTask>',
                 rb'<bpmn:serviceTask id="dispatch">\1</bpmn:serviceTask>', outgoing_xml, flags=re.S)
    with pytest.raises(DiagramError, match="dispatch"):
        DiagramRegistry().add_xml(bad, "s.bpmn")


@pytest.mark.parametrize("condition", [
    "__import__('os').system('id')",
    "().__class__.__base__.__subclasses__()",
    "decision = 1",
])
def test_unsafe_condition_is_rejected(outgoing_xml: bytes, condition: str) -> None:
    escaped = condition.replace("&", "&amp;").replace("<", "&lt;")
    bad = _variant(outgoing_xml, 'decision == "approve"</bpmn:conditionExpression>',
                   f"{escaped}</bpmn:conditionExpression>")
    with pytest.raises(DiagramError) as info:
        DiagramRegistry().add_xml(bad, "c.bpmn")
    assert "c.bpmn" in str(info.value) and "flow_content_review_approve" in str(info.value)


def test_malformed_xml_names_the_file() -> None:
    with pytest.raises(DiagramError, match="broken.bpmn"):
        DiagramRegistry().add_xml(b"<bpmn:definitions", "broken.bpmn")
    with pytest.raises(DiagramError, match="empty.bpmn"):
        DiagramRegistry().add_xml(b"", "empty.bpmn")
    with pytest.raises(DiagramError, match="other.bpmn"):
        DiagramRegistry().add_xml(b"<html/>", "other.bpmn")


def test_schema_violation_names_the_file(outgoing_xml: bytes) -> None:
    bad = _variant(outgoing_xml, "<bpmn:startEvent", "<bpmn:startEvnt")
    bad = _variant(bad, "</bpmn:startEvent>", "</bpmn:startEvnt>")
    with pytest.raises(DiagramError, match="schema.bpmn"):
        DiagramRegistry().add_xml(bad, "schema.bpmn")


def test_user_task_outside_lanes_is_rejected(outgoing_xml: bytes) -> None:
    bad = _variant(outgoing_xml, "<bpmn:flowNodeRef>sign</bpmn:flowNodeRef>", "")
    with pytest.raises(DiagramError, match="'sign'.*lane"):
        DiagramRegistry().add_xml(bad, "l.bpmn")


def test_bad_form_field_type_is_rejected(outgoing_xml: bytes) -> None:
    bad = _variant(outgoing_xml, 'id="comment" label="Ý kiến" type="string"', 'id="comment" type="python"')
    with pytest.raises(DiagramError, match="content_review"):
        DiagramRegistry().add_xml(bad, "f.bpmn")


XXE = b"""<?xml version="1.0"?>
<!DOCTYPE d [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" id="d" targetNamespace="x">
  <bpmn:process id="p" isExecutable="true"><bpmn:startEvent id="s" name="&xxe;"/></bpmn:process>
</bpmn:definitions>"""

BOMB = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
<!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
<!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
<!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
<!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
<!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
<!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">]>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" id="d" targetNamespace="x">
  <bpmn:process id="p" isExecutable="true"><bpmn:startEvent id="s" name="&lol9;"/></bpmn:process>
</bpmn:definitions>"""

PLAIN_DOCTYPE = b"""<?xml version="1.0"?>
<!DOCTYPE definitions SYSTEM "http://example.invalid/bpmn.dtd">
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" id="d" targetNamespace="x"/>"""


@pytest.mark.parametrize("xml", [XXE, BOMB, PLAIN_DOCTYPE], ids=["xxe", "bomb", "external-dtd"])
def test_doctype_is_rejected(xml: bytes) -> None:
    start = time.perf_counter()
    with pytest.raises(DiagramError) as info:
        DiagramRegistry().add_xml(xml, "evil.bpmn")
    assert "evil.bpmn" in str(info.value)
    assert "root:" not in str(info.value)  # nothing from /etc/passwd
    assert time.perf_counter() - start < 1.0


def test_from_directory_stops_at_first_bad_file(tmp_path, outgoing_xml: bytes) -> None:
    (tmp_path / "a.bpmn").write_bytes(outgoing_xml)
    (tmp_path / "b.bpmn").write_bytes(b"<nope")
    with pytest.raises(DiagramError, match="b.bpmn"):
        DiagramRegistry.from_directory(tmp_path)


# --- versions -------------------------------------------------------------------------------


def test_instances_keep_their_diagram_version(registry: DiagramRegistry, outgoing_xml: bytes) -> None:
    old_sha = registry.latest(PID)
    old = registry.start(PID)
    old_state = old.dump()

    new_sha = registry.add_xml(with_archive_task(outgoing_xml), "bpmn/outgoing_document_v2.bpmn")
    assert new_sha != old_sha
    assert registry.latest(PID) == new_sha
    assert registry.has(old_sha)

    old = registry.load(old_state, old_sha)
    assert old.sha256 == old_sha
    done = run_to_end(registry, old, OLD_STEPS)
    assert "archive" not in done.completed_task_names()

    new = registry.start(PID)
    assert new.sha256 == new_sha
    done = run_to_end(registry, new, NEW_STEPS)
    assert "archive" in done.completed_task_names()

    # explicitly starting the old version still works
    assert registry.start(PID, sha256=old_sha).sha256 == old_sha


def test_state_bound_to_other_version_is_refused(registry: DiagramRegistry, outgoing_xml: bytes) -> None:
    new_sha = registry.add_xml(with_archive_task(outgoing_xml), "v2.bpmn")
    inst = registry.start(PID, sha256=new_sha)
    for name in NEW_STEPS[:5]:
        ready = inst.ready_tasks()[0]
        inst.complete(ready.id, {"decision": "approve"} if name in {"content_review", "format_check", "sign"} else {})
    assert [t.name for t in inst.ready_tasks()] == ["archive"]
    with pytest.raises(StateError):
        registry.load(inst.dump(), registry.add_xml(outgoing_xml, "v1.bpmn"))


# --- state loading --------------------------------------------------------------------------


def test_load_errors(registry: DiagramRegistry) -> None:
    inst = registry.start(PID)
    state = inst.dump()
    sha = inst.sha256
    with pytest.raises(StateError):
        registry.load(state, "0" * 64)
    envelope = json.loads(state)
    assert envelope["format"] == FORMAT_VERSION
    for key, value in [("format", FORMAT_VERSION + 1), ("format", None), ("engine", "0.1")]:
        broken = dict(envelope, **{key: value})
        with pytest.raises(StateError):
            registry.load(json.dumps(broken), sha)
    tampered = json.loads(state)
    tampered["state"]["spec"] = "other_process"
    with pytest.raises(StateError):
        registry.load(json.dumps(tampered), sha)
    tampered = json.loads(state)
    for task in tampered["state"]["tasks"].values():
        task["task_spec"] = "no_such_spec"
    with pytest.raises(StateError):
        registry.load(json.dumps(tampered), sha)
    tampered = json.loads(state)
    del tampered["state"]["tasks"]
    with pytest.raises(StateError):
        registry.load(json.dumps(tampered), sha)
    for junk in ["", "not json", "[]", "null", '{"format": 1}', "[" * 100_000]:
        with pytest.raises(StateError):
            registry.load(junk, sha)


def test_loaded_instances_use_the_safe_engine(registry: DiagramRegistry) -> None:
    from workflows.engine import SCRIPT_ENGINE

    inst = registry.load(registry.start(PID).dump(), registry.latest(PID))
    assert inst._workflow.script_engine is SCRIPT_ENGINE


def test_dangling_flow_is_rejected(outgoing_xml: bytes) -> None:
    bad = _variant(outgoing_xml, 'targetRef="dispatch"', 'targetRef="nowhere"')
    with pytest.raises(DiagramError, match="'flow_register_dispatch'.*nowhere"):
        DiagramRegistry().add_xml(bad, "d.bpmn")
