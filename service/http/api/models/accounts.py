"""Response models of accounts, substitutions and the time-in-step report."""
from __future__ import annotations

from typing import Literal

from pydantic import Field

from service.http.api.models.base import DateTime, Out, Page


class Token(Out):
    token: str
    username: str
    full_name: str
    token_id: int
    expires_at: DateTime | None


class PasswordChanged(Out):
    changed: bool
    ended_sessions: int


class Substitution(Out):
    id: int
    absent: str
    absent_name: str
    substitute: str
    substitute_name: str
    starts_at: DateTime
    ends_at: DateTime
    kinds: list[str] | None
    reason: str | None
    created_by: str


class ListedSubstitution(Substitution):
    relations: list[Literal["absent", "substitute", "organization"]] = Field(
        description="Why it is listed: I am the absent person, the substitute, or an administrator of the "
                    "organization")


class SubstitutionList(Page):
    items: list[ListedSubstitution]


class StepRow(Out):
    """The steps that ended in one month (Vietnam time), for one group."""
    month: str = Field(description="YYYY-MM")
    step: str
    step_label: str
    by: str
    group_id: int | None = Field(description="Unit id or person id; null when by=step")
    group: str
    count: int
    median_seconds: int
    p90_seconds: int
    median_hours: float
    p90_hours: float


class WaitingRow(Out):
    """Documents waiting now in the step."""
    step: str
    step_label: str
    by: str
    group_id: int | None
    group: str
    waiting: int
    overdue: int


class UnitChoice(Out):
    code: str
    name: str


class StepReport(Out):
    org_name: str
    start: str
    end: str
    step: str | None
    unit: str | None
    by: str
    months: list[str]
    rows: list[StepRow]
    now: list[WaitingRow]
    units: list[UnitChoice]
