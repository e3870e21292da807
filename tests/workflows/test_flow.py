"""The outgoing document flow end to end, with a dump/load round trip around every step."""

from __future__ import annotations

import json

import pytest

from workflows import DiagramError, DiagramRegistry, FieldSpec, FieldsRejected, Instance, StateError, TaskInfo

PID = "outgoing_document"
ROLES = {
    "draft": "drafter", "content_review": "unit_head", "format_check": "office",
    "sign": "signer", "register": "clerk", "dispatch": "clerk",
}
TITLES = {
    "draft": "Soạn thảo / chỉnh sửa dự thảo", "content_review": "Thẩm định nội dung",
    "format_check": "Kiểm tra thể thức", "sign": "Ký ban hành",
    "register": "Cấp số, đăng ký văn bản đi", "dispatch": "Phát hành văn bản",
}


def roundtrip(registry: DiagramRegistry, inst: Instance) -> Instance:
    state = inst.dump()
    envelope = json.loads(state)
    assert set(envelope) == {"format", "engine", "state"}
    assert "task_specs" not in state  # the spec is not stored in the state
    return registry.load(state, inst.sha256)


def step(registry: DiagramRegistry, inst: Instance, expected: str, data: dict) -> Instance:
    """Round-trip, check the single ready task, complete it, round-trip again."""
    inst = roundtrip(registry, inst)
    ready = inst.ready_tasks()
    assert [t.name for t in ready] == [expected]
    task = ready[0]
    assert task.role == ROLES[expected]
    assert task.title == TITLES[expected]
    done = inst.complete(task.id, data)
    assert done == task
    return roundtrip(registry, inst)


def test_full_flow_with_return_from_content_review(registry: DiagramRegistry) -> None:
    inst = registry.start(PID, {"document_id": 42})
    assert inst.process_id == PID
    assert inst.sha256 == registry.latest(PID)
    assert not inst.is_completed
    inst = step(registry, inst, "draft", {})
    inst = step(registry, inst, "content_review", {"decision": "return", "comment": "Sửa trích yếu"})
    assert inst.data()["comment"] == "Sửa trích yếu"
    inst = step(registry, inst, "draft", {})
    inst = step(registry, inst, "content_review", {"decision": "approve"})
    assert inst.data()["comment"] is None  # no stale comment from the previous round
    inst = step(registry, inst, "format_check", {"decision": "approve", "comment": ""})
    inst = step(registry, inst, "sign", {"decision": "approve"})
    inst = step(registry, inst, "register", {})
    assert not inst.is_completed
    inst = step(registry, inst, "dispatch", {})
    assert inst.is_completed
    assert inst.ready_tasks() == []
    assert inst.completed_task_names() == [
        "start", "draft", "content_review", "draft", "content_review",
        "format_check", "sign", "register", "dispatch", "end",
    ]
    data = inst.data()
    assert data["document_id"] == 42 and data["decision"] == "approve"
    json.dumps(data)  # plain data only


@pytest.mark.parametrize("returner", ["format_check", "sign"])
def test_return_goes_back_to_draft_then_content_review(registry: DiagramRegistry, returner: str) -> None:
    inst = registry.start(PID)
    inst = step(registry, inst, "draft", {})
    inst = step(registry, inst, "content_review", {"decision": "approve"})
    inst = step(registry, inst, "format_check", {"decision": "approve" if returner == "sign" else "return"})
    if returner == "sign":
        inst = step(registry, inst, "sign", {"decision": "return", "comment": "Chưa đồng ý"})
    inst = step(registry, inst, "draft", {})
    inst = step(registry, inst, "content_review", {"decision": "approve"})
    inst = step(registry, inst, "format_check", {"decision": "approve"})
    inst = step(registry, inst, "sign", {"decision": "approve"})
    inst = step(registry, inst, "register", {})
    inst = step(registry, inst, "dispatch", {})
    assert inst.is_completed
    names = inst.completed_task_names()
    assert names.count("draft") == 2 and names.count("content_review") == 2
    assert names[-1] == "end"


def test_declared_fields(registry: DiagramRegistry) -> None:
    inst = registry.start(PID)
    assert inst.ready_tasks()[0].fields == ()
    inst.complete(inst.ready_tasks()[0].id, {})
    review = inst.ready_tasks()[0]
    assert review.fields == (
        FieldSpec("decision", "enum", True, ("approve", "return")),
        FieldSpec("comment", "string", False, None),
    )


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"decision": "approve", "extra": 1}, "extra"),
        ({"comment": "ok"}, "decision"),
        ({}, "decision"),
        ({"decision": "yes"}, "decision"),
        ({"decision": None}, "decision"),
        ({"decision": 1}, "decision"),
        ({"decision": "approve", "comment": 5}, "comment"),
        ({"decision": "approve", "comment": "x" * 10_001}, "comment"),
        ({"decision": "approve", "approved": True}, "approved"),
    ],
)
def test_review_submission_rejected(registry: DiagramRegistry, data: dict, field: str) -> None:
    inst = registry.start(PID)
    inst.complete(inst.ready_tasks()[0].id, {})
    task = inst.ready_tasks()[0]
    before = inst.dump()
    with pytest.raises(FieldsRejected) as info:
        inst.complete(task.id, data)
    assert field in info.value.errors
    assert isinstance(info.value, ValueError)
    assert inst.dump() == before  # nothing changed
    assert [t.name for t in inst.ready_tasks()] == ["content_review"]


@pytest.mark.parametrize("data", [{"decision": "approve"}, {"approved": True}, {"comment": "x"}])
def test_draft_accepts_no_fields(registry: DiagramRegistry, data: dict) -> None:
    inst = registry.start(PID)
    task = inst.ready_tasks()[0]
    with pytest.raises(FieldsRejected) as info:
        inst.complete(task.id, data)
    assert set(info.value.errors) == set(data)
    assert "decision" not in inst.data() and "approved" not in inst.data()


def test_non_mapping_submission_rejected(registry: DiagramRegistry) -> None:
    inst = registry.start(PID)
    with pytest.raises(FieldsRejected):
        inst.complete(inst.ready_tasks()[0].id, ["decision"])  # type: ignore[arg-type]


def test_unknown_and_not_ready_tasks(registry: DiagramRegistry) -> None:
    inst = registry.start(PID)
    draft = inst.ready_tasks()[0]
    with pytest.raises(StateError):
        inst.complete("not-a-uuid", {})
    with pytest.raises(StateError):
        inst.complete("00000000-0000-0000-0000-000000000000", {})
    inst.complete(draft.id, {})
    with pytest.raises(StateError):
        inst.complete(draft.id, {})  # already completed


def test_task_ids_stable_across_dump_load(registry: DiagramRegistry) -> None:
    inst = registry.start(PID)
    ids = [t.id for t in inst.ready_tasks()]
    again = registry.load(inst.dump(), inst.sha256)
    assert [t.id for t in again.ready_tasks()] == ids


def test_public_objects_are_plain(registry: DiagramRegistry) -> None:
    inst = registry.start(PID)
    task = inst.ready_tasks()[0]
    assert isinstance(task, TaskInfo)
    for value in (task.id, task.name, task.title, task.role):
        assert type(value) is str
    assert type(inst.dump()) is str
    assert all(type(n) is str for n in inst.completed_task_names())


def test_start_data_must_be_plain(registry: DiagramRegistry) -> None:
    with pytest.raises(ValueError):
        registry.start(PID, {"x": object()})
    with pytest.raises(ValueError):
        registry.start(PID, {"x": {"typename": "BpmnWorkflow"}})
    with pytest.raises(KeyError):
        registry.start("no_such_process")


def test_a_condition_comparing_a_declared_field_with_another_type_is_refused_at_parse(outgoing_xml: bytes) -> None:
    bad = outgoing_xml.replace(
        b'decision == "approve"</bpmn:conditionExpression>', b"decision &lt; 1</bpmn:conditionExpression>", 1)
    with pytest.raises(DiagramError, match="decision"):
        DiagramRegistry().add_xml(bad, "bad_condition.bpmn")


def test_runtime_condition_error_rolls_back(outgoing_xml: bytes) -> None:
    from workflows import ExpressionError

    # A name no task declares is None at run time: not checkable when the diagram is parsed.
    bad = outgoing_xml.replace(
        b'decision == "approve"</bpmn:conditionExpression>', b"undeclared &lt; 1</bpmn:conditionExpression>", 1)
    registry = DiagramRegistry()
    sha = registry.add_xml(bad, "bad_condition.bpmn")
    inst = registry.start(PID, sha256=sha)
    inst.complete(inst.ready_tasks()[0].id, {})
    before = inst.dump()
    review = inst.ready_tasks()[0]
    with pytest.raises(ExpressionError, match="content_review"):
        inst.complete(review.id, {"decision": "approve"})
    assert inst.dump() == before
    assert inst.ready_tasks() == [review]
    assert "decision" not in inst.data()


def test_runtime_condition_error_rolls_a_loaded_instance_back_to_the_state_it_was_loaded_from(
        outgoing_xml: bytes) -> None:
    """A loaded instance restores the text it was loaded from (no snapshot dumped before the step); once a step has
    changed it, a later failure restores the state after that step, not the loaded one."""
    from workflows import ExpressionError

    bad = outgoing_xml.replace(
        b'decision == "approve"</bpmn:conditionExpression>', b"undeclared &lt; 1</bpmn:conditionExpression>", 1)
    registry = DiagramRegistry()
    sha = registry.add_xml(bad, "bad_condition.bpmn")
    started = registry.start(PID, sha256=sha)
    at_draft = started.dump()
    started.complete(started.ready_tasks()[0].id, {})
    loaded = registry.load(started.dump(), sha)
    before = loaded.dump()
    review = loaded.ready_tasks()[0]
    for _ in range(2):  # the restored instance fails and restores again the same way
        with pytest.raises(ExpressionError, match="content_review"):
            loaded.complete(review.id, {"decision": "approve"})
        assert loaded.dump() == before
        assert loaded.ready_tasks() == [review]
    changed = registry.load(at_draft, sha)
    changed.complete(changed.ready_tasks()[0].id, {})  # the draft step changes the loaded instance
    after_draft = changed.dump()
    with pytest.raises(ExpressionError):
        changed.complete(changed.ready_tasks()[0].id, {"decision": "approve"})
    assert changed.dump() == after_draft != at_draft, "restored to the state after the draft, not the loaded one"
    assert [t.name for t in changed.ready_tasks()] == ["content_review"]


def test_process_id_survives_load(registry: DiagramRegistry) -> None:
    inst = registry.start(PID)
    again = registry.load(inst.dump(), inst.sha256)
    assert again.process_id == PID and again.sha256 == inst.sha256
