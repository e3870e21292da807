"""Engine adapter: diagrams in, plain Python objects out (no SpiffWorkflow type leaves this package)."""

from .diagrams import FieldSpec
from .engine import Instance, TaskInfo, TimerInfo
from .errors import DiagramError, ExpressionError, FieldsRejected, StateError
from .expressions import evaluate
from .registry import DiagramRegistry
from .serialization import FORMAT_VERSION

__all__ = [
    "DiagramRegistry", "DiagramError", "Instance", "TaskInfo", "TimerInfo", "FieldSpec",
    "FieldsRejected", "ExpressionError", "StateError", "evaluate", "FORMAT_VERSION",
]
