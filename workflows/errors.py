"""Exceptions raised by the workflows package (no SpiffWorkflow types escape)."""

from __future__ import annotations

from .expressions import ExpressionError

__all__ = ["DiagramError", "ExpressionError", "FieldsRejected", "StateError"]


class DiagramError(Exception):
    """A diagram could not be parsed or failed validation; the message names file and element."""


class FieldsRejected(ValueError):
    """A task submission did not match the task's declared fields."""

    def __init__(self, errors: dict[str, str]) -> None:
        self.errors: dict[str, str] = dict(errors)
        detail = "; ".join(f"{name}: {reason}" for name, reason in sorted(self.errors.items()))
        super().__init__(f"fields rejected: {detail}")


class StateError(Exception):
    """Corrupt/unknown state, unknown or not-ready task, unknown diagram hash, wrong format version."""
