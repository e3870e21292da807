"""Domain errors and rule violations.

A ``DomainError`` is raised when an input cannot be interpreted at all
(e.g. a symbol that fits no grammar).  A ``Violation`` is a finding of a
check function: checks never raise, they return a list of violations.
Codes follow the rule numbers of shared/domain.md §8 ("V1" … "V22");
warnings carry a trailing "W" (e.g. "V5W").
"""
from __future__ import annotations

from dataclasses import dataclass

__all__ = ["DomainError", "Violation", "is_warning"]


class DomainError(ValueError):
    """An input that violates a domain rule so badly it cannot be used.

    ``code`` is the rule code (e.g. "V7"), ``message`` a Vietnamese
    explanation for the user, ``field`` the offending field if known.
    """

    def __init__(self, code: str, message: str, field: str | None = None) -> None:
        super().__init__(f"{code}: {message}")
        self.code = code
        self.message = message
        self.field = field

    def to_violation(self) -> Violation:
        """The same finding as a ``Violation`` (field "" when unknown)."""
        return Violation(self.code, self.field or "", self.message)


@dataclass(frozen=True)
class Violation:
    """One broken rule: rule code, field name, Vietnamese message."""

    code: str
    field: str
    message: str

    @property
    def is_warning(self) -> bool:
        """True for warning codes (ending in "W"), which do not block."""
        return self.code.endswith("W")


def is_warning(v: Violation) -> bool:
    """True if the violation is only a warning (code ends with "W")."""
    return v.is_warning
