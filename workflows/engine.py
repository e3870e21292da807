"""Running instances: the only place that drives SpiffWorkflow objects."""

from __future__ import annotations

import copy
import datetime
import json
from collections import ChainMap
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from SpiffWorkflow.bpmn import BpmnWorkflow
from SpiffWorkflow.bpmn.script_engine import PythonScriptEngine
from SpiffWorkflow.bpmn.script_engine.python_environment import BasePythonScriptEngineEnvironment
from SpiffWorkflow.util.task import TaskState

from .diagrams import Diagram, FieldSpec
from .errors import FieldsRejected, StateError
from .expressions import ExpressionError, check, evaluate
from .serialization import dump_workflow, load_workflow
from .timers import clock_at, parse_due

__all__ = ["Instance", "TaskInfo", "TimerInfo", "MAX_STRING_LENGTH"]

#: Longest value accepted for a ``string`` field.
MAX_STRING_LENGTH = 10_000
#: Largest start-data document accepted (serialized JSON characters).
MAX_START_DATA = 100_000


class _SafeEnvironment(BasePythonScriptEngineEnvironment):
    """Evaluates expressions with the allow-listed evaluator; never executes scripts."""

    def evaluate(self, expression: str, context: Mapping[str, Any], external_context: Mapping[str, Any] | None = None) -> Any:
        names = ChainMap(dict(context), dict(external_context or {}))
        return evaluate(expression, names)

    def execute(self, script: str, context: Any, external_context: Any = None) -> Any:
        raise ExpressionError("scripts are not allowed")

    def call_service(self, context: Any, **kwargs: Any) -> Any:
        raise ExpressionError("service calls are not allowed")


class SafeScriptEngine(PythonScriptEngine):
    """Script engine whose conditions go through ``workflows.expressions`` and whose scripts raise."""

    def __init__(self) -> None:
        super().__init__(environment=_SafeEnvironment())

    def validate(self, expression: str) -> None:
        check(expression)

    def evaluate(self, task: Any, expression: str, external_context: Mapping[str, Any] | None = None) -> Any:
        return self.environment.evaluate(expression, task.data, external_context)

    def execute(self, task: Any, script: str, external_context: Any = None) -> Any:
        raise ExpressionError("scripts are not allowed")

    def call_service(self, task: Any, **kwargs: Any) -> Any:
        raise ExpressionError("service calls are not allowed")


#: Stateless, shared by all instances; re-attached after every load.
SCRIPT_ENGINE = SafeScriptEngine()


@dataclass(frozen=True)
class TaskInfo:
    """A user task as seen outside the engine."""

    id: str
    name: str
    title: str
    role: str
    fields: tuple[FieldSpec, ...]


@dataclass(frozen=True)
class TimerInfo:
    """A timer event the instance waits for: its BPMN id, label and due time (aware, UTC)."""

    name: str
    title: str
    due: datetime.datetime


#: Most rounds of firing within one ``refresh_timers`` call (a timer path may start another due timer).
MAX_TIMER_ROUNDS = 10


def _check_value(spec: FieldSpec, value: Any) -> str | None:
    """Return an English reason if ``value`` does not fit ``spec``, else None."""
    if value is None:
        return "is required" if spec.required else None
    if spec.type == "enum":
        if not isinstance(value, str) or value not in (spec.choices or ()):
            return "must be one of: " + ", ".join(spec.choices or ())
    elif spec.type == "string":
        if not isinstance(value, str):
            return "must be a string"
        if len(value) > MAX_STRING_LENGTH:
            return f"must be at most {MAX_STRING_LENGTH} characters"
    elif spec.type == "long":
        if isinstance(value, bool) or not isinstance(value, int):
            return "must be an integer"
        if abs(value) >= 2**63:
            return "is out of range"
    elif spec.type == "boolean":
        if not isinstance(value, bool):
            return "must be true or false"
    elif spec.type == "date":
        try:
            datetime.date.fromisoformat(value) if isinstance(value, str) else None
        except ValueError:
            return "must be a date (YYYY-MM-DD)"
        if not isinstance(value, str):
            return "must be a date (YYYY-MM-DD)"
    return None


def validate_fields(fields: tuple[FieldSpec, ...], data: Any) -> dict[str, Any]:
    """Check a submission against declared fields; return the values to store (all declared fields)."""
    if not isinstance(data, Mapping):
        raise FieldsRejected({"_": "submission must be an object"})
    declared = {f.name: f for f in fields}
    errors: dict[str, str] = {}
    for key in data:
        if not isinstance(key, str):
            errors[str(key)] = "unknown field"
        elif key not in declared:
            errors[key] = "unknown field"
    values: dict[str, Any] = {}
    for name, spec in declared.items():
        value = data.get(name)
        reason = _check_value(spec, value)
        if reason:
            errors[name] = reason
        values[name] = value
    if errors:
        raise FieldsRejected(errors)
    return values


def _check_start_data(data: Any) -> dict[str, Any]:
    """Start data must be a JSON object of plain JSON values (no 'typename' keys: the serializer owns those)."""
    if data is None:
        return {}
    if not isinstance(data, Mapping):
        raise ValueError("start data must be a mapping")
    try:
        text = json.dumps(dict(data), allow_nan=False)
    except (TypeError, ValueError, RecursionError) as exc:
        raise ValueError(f"start data must be plain JSON: {exc}") from None
    if len(text) > MAX_START_DATA:
        raise ValueError("start data is too large")
    clean: dict[str, Any] = json.loads(text)
    stack: list[Any] = [clean]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            if "typename" in item:
                raise ValueError("start data may not contain a 'typename' key")
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return clean


class Instance:
    """One running (or finished) process instance bound to one diagram version."""

    process_id: str
    sha256: str

    def __init__(self, diagram: Diagram, process_id: str, workflow: BpmnWorkflow) -> None:
        """Internal: use ``DiagramRegistry.start`` / ``DiagramRegistry.load``."""
        self._diagram = diagram
        self._workflow = workflow
        self.process_id = process_id
        self.sha256 = diagram.sha256
        #: process id -> sha256 of each other diagram this instance's call activities use.
        self.called: dict[str, str] = dict(diagram.called)
        workflow.script_engine = SCRIPT_ENGINE
        #: The state this instance was loaded from while nothing has changed it since (else None): what a failed
        #: step restores, without serializing the workflow once more before every step.
        self._unchanged_state: str | None = None

    @property
    def diagram_versions(self) -> list[str]:
        """sha256 of every diagram this instance uses: its own first, then the called ones."""
        return [self.sha256, *sorted(set(self.called.values()) - {self.sha256})]

    @classmethod
    def _start(cls, diagram: Diagram, process_id: str, data: Mapping[str, Any] | None,
               now: datetime.datetime | None = None) -> Instance:
        start_data = _check_start_data(data)
        workflow = BpmnWorkflow(
            diagram.specs[process_id], diagram.subprocess_specs.get(process_id, {}), script_engine=SCRIPT_ENGINE)
        workflow.task_tree.data.update(start_data)
        for task in workflow.task_tree.children:
            task.data.update(copy.deepcopy(start_data))
        instance = cls(diagram, process_id, workflow)
        with clock_at(now, fire=False):
            instance._run_engine()
        return instance

    @classmethod
    def _load(cls, diagram: Diagram, state: str) -> Instance:
        workflow = load_workflow(state, diagram.specs, diagram.subprocess_specs)
        instance = cls(diagram, workflow.spec.name, workflow)
        instance._unchanged_state = state
        return instance

    def _snapshot(self) -> str:
        """The current state as text, to restore if the engine fails half-way: the loaded text while unchanged."""
        snapshot = self._unchanged_state or dump_workflow(self._workflow)
        self._unchanged_state = None  # the caller is about to change the workflow
        return snapshot

    def _restore(self, snapshot: str) -> None:
        self._workflow = load_workflow(snapshot, self._diagram.specs, self._diagram.subprocess_specs)
        self._workflow.script_engine = SCRIPT_ENGINE
        self._unchanged_state = snapshot

    def _run_engine(self) -> None:
        try:
            self._workflow.do_engine_steps()
        except ExpressionError:
            raise
        except Exception as exc:
            raise StateError(f"engine error: {exc.__class__.__name__}: {exc}") from None

    def _info(self, task: Any) -> TaskInfo:
        spec = task.task_spec
        bpmn_id = getattr(spec, "bpmn_id", None) or spec.name
        meta = self._diagram.nodes.get(bpmn_id)
        return TaskInfo(
            id=str(task.id),
            name=bpmn_id,
            title=getattr(spec, "bpmn_name", None) or (meta.name if meta else ""),
            role=meta.role if meta else "",
            fields=meta.fields if meta else (),
        )

    def ready_tasks(self) -> list[TaskInfo]:
        """READY user tasks."""
        return [self._info(t) for t in self._workflow.get_tasks(state=TaskState.READY, manual=True)]

    def complete(self, task_id: str, data: dict, now: datetime.datetime | None = None) -> TaskInfo:
        """Validate ``data`` against the task's fields, store only those, run the task and the engine.

        Every declared field is written (missing optional ones as None, so no stale value from an
        earlier round survives). If a condition fails at run time (ExpressionError) or the engine
        fails (StateError), the instance is rolled back to its state before the call.
        """
        try:
            uuid = UUID(str(task_id))
        except ValueError:
            raise StateError(f"unknown task {task_id!r}") from None
        task = self._workflow.tasks.get(uuid)
        if task is None:
            for sub in self._workflow.subprocesses.values():
                task = sub.tasks.get(uuid)
                if task is not None:
                    break
        if task is None:
            raise StateError(f"unknown task {task_id!r}")
        if task.state != TaskState.READY or not task.task_spec.manual:
            raise StateError(f"task {task_id!r} is not ready")
        info = self._info(task)
        values = validate_fields(info.fields, data)
        snapshot = self._snapshot()  # restored if the engine fails half-way
        try:
            with clock_at(now, fire=False):  # timers never fire here, only in refresh_timers
                task.data.update(values)  # replaces values; never mutates nested ones
                task.run()
                self._workflow.do_engine_steps()
        except Exception as exc:
            self._restore(snapshot)
            if isinstance(exc, ExpressionError):
                raise ExpressionError(f"task {info.name!r}: {exc}") from None
            raise StateError(f"engine error: {exc.__class__.__name__}: {exc}") from None
        return info

    def _timer_tasks(self) -> list[Any]:
        from SpiffWorkflow.bpmn.specs.event_definitions.timer import TimerEventDefinition

        return [t for t in self._workflow.event_manager.tasks.values()
                if t.state == TaskState.WAITING
                and isinstance(getattr(t.task_spec, "event_definition", None), TimerEventDefinition)]

    def waiting_timers(self) -> list[TimerInfo]:
        """Timer events this instance waits for, soonest first."""
        out = []
        for task in self._timer_tasks():
            due = parse_due(task._get_internal_data("event_value"))
            if due is None:
                continue
            spec = task.task_spec
            bpmn_id = getattr(spec, "bpmn_id", None) or spec.name
            meta = self._diagram.nodes.get(bpmn_id)
            out.append(TimerInfo(name=bpmn_id, title=getattr(spec, "bpmn_name", None) or (meta.name if meta else ""),
                                 due=due))
        return sorted(out, key=lambda t: (t.due, t.name))

    def next_timer_due(self) -> datetime.datetime | None:
        """When the soonest timer is due (aware, UTC), or None when no timer waits."""
        timers = self.waiting_timers()
        return timers[0].due if timers else None

    def refresh_timers(self, now: datetime.datetime) -> list[TimerInfo]:
        """Fire every timer due at ``now`` (naive = UTC) and run the engine; return the fired ones in due order.

        This is the only place a timer fires. If the engine fails, the instance is left as it was.
        """
        if not isinstance(now, datetime.datetime):
            raise TypeError("now must be a datetime")
        fired: list[TimerInfo] = []
        snapshot = self._snapshot()
        try:
            for _round in range(MAX_TIMER_ROUNDS):
                waiting = {t.id: t for t in self._timer_tasks()}
                infos = {i.name: i for i in self.waiting_timers()}
                with clock_at(now, fire=True):
                    self._workflow.refresh_timers()
                    self._workflow.do_engine_steps()
                # A fired catch event runs (its 'event_fired' flag is reset then); a cancelled one did not fire.
                new = [t for t in waiting.values() if t.state in (TaskState.READY, TaskState.COMPLETED)]
                if not new:
                    break
                for task in new:
                    bpmn_id = getattr(task.task_spec, "bpmn_id", None) or task.task_spec.name
                    info = infos.get(bpmn_id)
                    due = parse_due(task._get_internal_data("event_value"))
                    fired.append(info if info is not None else TimerInfo(bpmn_id, "", due or now))
        except Exception as exc:
            self._restore(snapshot)
            if isinstance(exc, ExpressionError):
                raise
            raise StateError(f"engine error: {exc.__class__.__name__}: {exc}") from None
        return sorted(fired, key=lambda t: (t.due, t.name))

    def completed_task_names(self) -> list[str]:
        """BPMN ids of completed tasks and events (no gateways), in completion order."""
        tasks = [t for t in self._workflow.get_tasks(state=TaskState.COMPLETED)]
        tasks.sort(key=lambda t: t.last_state_change)
        names: list[str] = []
        for task in tasks:
            bpmn_id = getattr(task.task_spec, "bpmn_id", None)
            meta = self._diagram.nodes.get(bpmn_id) if bpmn_id else None
            if meta is None or meta.kind.endswith("Gateway"):
                continue
            names.append(bpmn_id)
        return names

    def cancel(self) -> None:
        """Cancel every open task: the instance is finished and offers no task any more (a recalled document)."""
        self._unchanged_state = None
        self._workflow.cancel()

    def reset_to(self, name: str) -> None:
        """Make the last completed task `name` (BPMN id) ready again, undoing what followed it (a voided number
        goes back to numbering). StateError when no such task was completed."""
        done = [t for t in self._workflow.get_tasks(state=TaskState.COMPLETED)
                if getattr(t.task_spec, "bpmn_id", None) == name]
        if not done:
            raise StateError(f"task {name!r} was never completed")
        self._unchanged_state = None
        self._workflow.reset_from_task_id(max(done, key=lambda t: t.last_state_change).id)

    @property
    def is_completed(self) -> bool:
        """Whether the workflow has finished."""
        return bool(self._workflow.is_completed())

    def data(self) -> dict:
        """A copy of the workflow's data: workflow-level data overlaid with the latest completed task's data."""
        result: dict[str, Any] = {}
        completed = self._workflow.get_tasks(state=TaskState.COMPLETED)
        if completed:
            latest = max(completed, key=lambda t: t.last_state_change)
            result.update(latest.data)
        result.update(self._workflow.data)
        if not result.get("data_objects"):
            result.pop("data_objects", None)
        return copy.deepcopy(result)

    def dump(self) -> str:
        """JSON state without the spec; store it next to ``self.sha256`` (called versions are inside)."""
        return dump_workflow(self._workflow, self.called)
