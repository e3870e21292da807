"""Engine adapter: diagrams in, plain Python objects out (no SpiffWorkflow type leaves this package)."""

from .engine import Instance, TaskInfo, TimerInfo
from .errors import DiagramError, ExpressionError, FieldsRejected, StateError
from .expressions import evaluate
from .serialization import FORMAT_VERSION
from .specs import DiagramRegistry, FieldSpec

__all__ = [
    "DiagramRegistry", "DiagramError", "Instance", "TaskInfo", "TimerInfo", "FieldSpec",
    "FieldsRejected", "ExpressionError", "StateError", "evaluate", "FORMAT_VERSION",
]
