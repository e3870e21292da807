"""Timers fire only when told the time; call activities bind the called diagram's version."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from workflows import DiagramError, DiagramRegistry, StateError

DUE = {"reminder_at": "2025-08-22T00:00:00+07:00", "due_at": "2025-08-26T00:00:00+07:00"}
REVIEW = {"content_review", "format_check", "sign"}


def _utc(*args) -> datetime:
    return datetime(*args, tzinfo=UTC)


def test_a_report_instance_waits_in_the_called_outgoing_steps_with_two_timers(registry: DiagramRegistry) -> None:
    inst = registry.start("report", DUE)
    assert [(t.name, t.role) for t in inst.ready_tasks()] == [("draft", "drafter")]
    assert [(t.name, t.due) for t in inst.waiting_timers()] == [
        ("timer_reminder", _utc(2025, 8, 21, 17)), ("timer_overdue", _utc(2025, 8, 25, 17))]
    assert inst.next_timer_due() == _utc(2025, 8, 21, 17)
    assert inst.called == {"outgoing_document": registry.latest("outgoing_document")}
    assert inst.diagram_versions == [registry.latest("report"), registry.latest("outgoing_document")]


def test_timers_fire_only_in_refresh_timers_and_only_once(registry: DiagramRegistry) -> None:
    inst = registry.start("report", DUE)
    # The wall clock is long past 2025: completing a task must not fire anything.
    draft = inst.ready_tasks()[0]
    inst.complete(draft.id, {})
    assert [t.name for t in inst.waiting_timers()] == ["timer_reminder", "timer_overdue"]
    assert inst.refresh_timers(datetime(2025, 8, 21, 16, 59)) == []
    inst = registry.load(inst.dump(), inst.sha256)
    fired = inst.refresh_timers(datetime(2025, 8, 21, 17, 0))  # naive = UTC
    assert [t.name for t in fired] == ["timer_reminder"]
    assert inst.refresh_timers(datetime(2025, 8, 22)) == []
    inst = registry.load(inst.dump(), inst.sha256)
    assert [t.name for t in inst.refresh_timers(datetime(2025, 9, 1))] == ["timer_overdue"]
    assert inst.waiting_timers() == [] and inst.next_timer_due() is None
    assert [t.name for t in inst.ready_tasks()] == ["content_review"]


def test_both_timers_fire_in_due_order_when_the_clock_jumps(registry: DiagramRegistry) -> None:
    inst = registry.start("report", DUE)
    assert [t.name for t in inst.refresh_timers(datetime(2025, 12, 1))] == ["timer_reminder", "timer_overdue"]


def test_finishing_the_called_process_cancels_the_timers(registry: DiagramRegistry) -> None:
    inst = registry.start("report", DUE)
    for name in ["draft", "content_review", "format_check", "sign", "register", "dispatch"]:
        inst = registry.load(inst.dump(), inst.sha256)
        (task,) = inst.ready_tasks()
        assert task.name == name
        inst.complete(task.id, {"decision": "approve"} if name in REVIEW else {})
    assert inst.is_completed and inst.waiting_timers() == []
    assert inst.refresh_timers(datetime(2026, 1, 1)) == []
    assert "report_dispatched" in inst.completed_task_names()


def test_an_instance_keeps_the_called_version_after_the_called_diagram_changes(
        registry: DiagramRegistry, outgoing_xml: bytes) -> None:
    from .test_registry import with_archive_task

    old = registry.start("report", DUE)
    new_outgoing = registry.add_xml(with_archive_task(outgoing_xml), "outgoing_v2.bpmn")
    new = registry.start("report", DUE)
    assert new.called == {"outgoing_document": new_outgoing} != old.called

    def steps(inst):
        names = []
        while inst.ready_tasks():
            inst = registry.load(inst.dump(), inst.sha256)
            (task,) = inst.ready_tasks()
            names.append(task.name)
            inst.complete(task.id, {"decision": "approve"} if task.name in REVIEW else {})
        return names

    assert "archive" not in steps(old)
    assert "archive" in steps(new)


def test_a_state_naming_an_unknown_called_version_is_refused(registry: DiagramRegistry) -> None:
    inst = registry.start("report", DUE)
    state = inst.dump().replace(inst.called["outgoing_document"], "0" * 64)
    assert registry.required_versions(state) == ["0" * 64]
    with pytest.raises(StateError):
        registry.load(state, inst.sha256)


def test_a_call_to_a_process_no_diagram_defines_cannot_start(registry: DiagramRegistry) -> None:
    xml = (registry.xml(registry.latest("report")).decode()
           .replace('calledElement="outgoing_document"', 'calledElement="nowhere"')
           .replace('id="report"', 'id="report_x"').replace('processRef="report"', 'processRef="report_x"'))
    sha = registry.add_xml(xml.encode(), "report_x.bpmn")
    with pytest.raises(StateError):
        registry.start("report_x", DUE, sha256=sha)


def test_duration_timers_count_from_the_given_start_time(registry: DiagramRegistry) -> None:
    xml = (registry.xml(registry.latest("report")).decode()
           .replace('<bpmn:timeDate xsi:type="bpmn:tFormalExpression">reminder_at</bpmn:timeDate>',
                    '<bpmn:timeDuration xsi:type="bpmn:tFormalExpression">"P3D"</bpmn:timeDuration>'))
    sha = registry.add_xml(xml.encode(), "report_duration.bpmn")
    start = datetime(2025, 8, 1, 2, 0)
    inst = registry.start("report", DUE, sha256=sha, now=start)
    assert inst.next_timer_due() == (start + timedelta(days=3)).replace(tzinfo=UTC)
    assert inst.refresh_timers(start + timedelta(days=2)) == []
    assert [t.name for t in inst.refresh_timers(start + timedelta(days=3))] == ["timer_reminder"]


def test_cycle_timers_are_refused_at_load_time(registry: DiagramRegistry) -> None:
    xml = (registry.xml(registry.latest("report")).decode()
           .replace('<bpmn:timeDate xsi:type="bpmn:tFormalExpression">reminder_at</bpmn:timeDate>',
                    '<bpmn:timeCycle xsi:type="bpmn:tFormalExpression">"R3/PT1H"</bpmn:timeCycle>'))
    with pytest.raises(DiagramError, match="cycle timers"):
        registry.add_xml(xml.encode(), "report_cycle.bpmn")


def test_a_timer_value_of_centuries_from_task_data_is_refused_when_the_timer_starts(registry: DiagramRegistry) -> None:
    """The diagram's `reminder_at` is a name, so deploy cannot see its value; the timer checks it when it starts
    instead of counting a billion years of months (the worker hung on every new document)."""
    with pytest.raises(StateError, match="longer than 5 years"):
        registry.start("report", {**DUE, "reminder_at": "P999999999Y"})
    assert registry.start("report", {**DUE, "reminder_at": "P30D"}).waiting_timers()
