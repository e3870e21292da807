"""JSON state of a running workflow, without its spec (specs are kept by sha256 in the registry)."""

from __future__ import annotations

import json
from typing import Any
from uuid import UUID

from SpiffWorkflow.bpmn import BpmnWorkflow
from SpiffWorkflow.bpmn.serializer import DEFAULT_CONFIG, BpmnWorkflowSerializer
from SpiffWorkflow.bpmn.serializer.default.workflow import BpmnWorkflowConverter, WorkflowConverter

from .errors import StateError

__all__ = ["FORMAT_VERSION", "ENGINE_VERSION", "dump_workflow", "load_workflow", "read_called"]

#: Version of our own envelope; bump on any incompatible change.
FORMAT_VERSION = 1


class _SpeclessWorkflowConverter(BpmnWorkflowConverter):
    """Writes the process id instead of the spec; restores with a spec supplied by the caller."""

    def to_dict(self, workflow: BpmnWorkflow) -> dict[str, Any]:
        dct = WorkflowConverter.to_dict(self, workflow)
        dct["spec"] = workflow.spec.name
        dct["subprocesses"] = self.mapping_to_dict(workflow.subprocesses)
        dct["bpmn_events"] = self.registry.convert(workflow.bpmn_events)
        return dct

    def from_dict(self, dct: dict[str, Any], spec: Any = None, subprocess_specs: Any = None) -> BpmnWorkflow:
        if spec is None:
            raise StateError("no spec supplied")
        dct.pop("spec", None)
        dct.pop("subprocess_specs", None)
        workflow = self.target_class(spec, subprocess_specs or {}, deserializing=True)
        workflow.tasks = self.mapping_from_dict(dct["tasks"], UUID, workflow=workflow)
        workflow.task_tree = workflow.tasks.get(UUID(dct["root"]))
        self.set_default_attributes(workflow, dct)
        self.subprocesses_from_dict(dct["subprocesses"], workflow)
        workflow.bpmn_events = self.registry.restore(dct.pop("bpmn_events", []))
        return workflow


def _make_serializer() -> BpmnWorkflowSerializer:
    config = dict(DEFAULT_CONFIG)  # a copy: never mutate the global config
    config[BpmnWorkflow] = _SpeclessWorkflowConverter
    return BpmnWorkflowSerializer(BpmnWorkflowSerializer.configure(config))


_SERIALIZER = _make_serializer()
#: SpiffWorkflow serializer version written into every state.
ENGINE_VERSION: str = _SERIALIZER.VERSION


def dump_workflow(workflow: BpmnWorkflow, called: dict[str, str] | None = None) -> str:
    """Serialize ``workflow`` to our JSON envelope.

    ``called`` (process id -> diagram sha256) records the versions of the diagrams its call activities
    use; flat workflows leave it out, so their envelope is unchanged.
    """
    state = _SERIALIZER.to_dict(workflow)
    envelope: dict[str, Any] = {"format": FORMAT_VERSION, "engine": ENGINE_VERSION}
    if called:
        envelope["called"] = dict(sorted(called.items()))
    envelope["state"] = state
    return json.dumps(envelope, ensure_ascii=False, separators=(",", ":"))


def read_called(text: str) -> dict[str, str]:
    """The called-diagram versions recorded in a state (empty for flat workflows or unreadable input)."""
    try:
        envelope = json.loads(text)
    except (TypeError, ValueError, RecursionError):
        return {}
    called = envelope.get("called") if isinstance(envelope, dict) else None
    if not isinstance(called, dict):
        return {}
    return {str(k): str(v) for k, v in called.items() if isinstance(k, str) and isinstance(v, str)}


def load_workflow(text: str, specs: dict[str, Any], subprocess_specs: dict[str, dict[str, Any]]) -> BpmnWorkflow:
    """Restore a workflow from ``dump_workflow`` output using specs from the registry."""
    try:
        envelope = json.loads(text)
    except (TypeError, ValueError, RecursionError) as exc:
        raise StateError(f"state is not valid JSON: {exc.__class__.__name__}") from None
    if not isinstance(envelope, dict):
        raise StateError("state is not a JSON object")
    if envelope.get("format") != FORMAT_VERSION:
        raise StateError(f"unsupported state format {envelope.get('format')!r} (expected {FORMAT_VERSION})")
    if envelope.get("engine") != ENGINE_VERSION:
        raise StateError(f"state written by engine serializer {envelope.get('engine')!r}, expected {ENGINE_VERSION}")
    state = envelope.get("state")
    if not isinstance(state, dict) or state.get("typename") != "BpmnWorkflow":
        raise StateError("state has no workflow")
    process_id = state.get("spec")
    if not isinstance(process_id, str) or process_id not in specs:
        raise StateError(f"state refers to process {process_id!r}, which is not in this diagram version")
    try:
        workflow = _SERIALIZER.from_dict(
            state, spec=specs[process_id], subprocess_specs=subprocess_specs.get(process_id, {}))
    except StateError:
        raise
    except Exception as exc:
        raise StateError(f"corrupt state: {exc.__class__.__name__}: {exc}") from None
    if workflow.task_tree is None or any(t.task_spec is None for t in workflow.tasks.values()):
        raise StateError("corrupt state: tasks do not match the diagram version")
    return workflow
