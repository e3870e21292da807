"""Timer events driven by an explicit clock.

SpiffWorkflow's timer event definitions read the wall clock themselves. Here every timer event
definition is replaced (after parsing) by a subclass that asks :data:`_NOW` instead: a context variable
that only :meth:`workflows.Instance.refresh_timers` sets. Outside that call no time passes for timers,
so a timer fires only when the caller says what time it is (tests control the clock; a scheduler fires
due timers and applies their effects in the same transaction).
"""

from __future__ import annotations

import contextlib
import datetime as _dt
from collections.abc import Iterator
from contextvars import ContextVar
from typing import Any

from SpiffWorkflow.bpmn.specs.event_definitions.timer import (
    CycleTimerEventDefinition,
    DurationTimerEventDefinition,
    TimeDateEventDefinition,
    TimerEventDefinition,
)

from .limits import check_duration

__all__ = ["clock_at", "patch_timer_specs", "parse_due"]

#: The time the engine may see (aware, UTC); None outside ``refresh_timers``.
_NOW: ContextVar[_dt.datetime | None] = ContextVar("workflows_timer_now", default=None)
#: Base time for duration timers that start waiting (aware, UTC); None = wall clock.
_BASE: ContextVar[_dt.datetime | None] = ContextVar("workflows_timer_base", default=None)


def _aware(value: _dt.datetime) -> _dt.datetime:
    """Naive datetimes are UTC (what the service stores)."""
    if value.tzinfo is None:
        return value.replace(tzinfo=_dt.UTC)
    return value.astimezone(_dt.UTC)


@contextlib.contextmanager
def clock_at(now: _dt.datetime | None, *, fire: bool) -> Iterator[None]:
    """Within the block, duration timers start from ``now`` and, if ``fire``, due timers fire."""
    base_token = _BASE.set(_aware(now) if now is not None else None)
    now_token = _NOW.set(_aware(now) if (now is not None and fire) else None)
    try:
        yield
    finally:
        _NOW.reset(now_token)
        _BASE.reset(base_token)


def parse_due(value: Any) -> _dt.datetime | None:
    """The due time of a timer's stored event value (aware, UTC), or None."""
    if not isinstance(value, str):
        return None
    try:
        return TimerEventDefinition.get_datetime(value)
    except ValueError:
        return None


def _check_fired(my_task: Any, due: _dt.datetime) -> bool:
    now = _NOW.get()
    if now is not None and due <= now:
        my_task._set_internal_data(event_fired=True)
    return bool(my_task._get_internal_data("event_fired", False))


class ClockedTimeDate(TimeDateEventDefinition):
    """A timeDate timer that fires only when told the time."""

    def has_fired(self, my_task: Any) -> bool:
        event_value = my_task._get_internal_data("event_value")
        if event_value is None:
            event_value = my_task.workflow.script_engine.evaluate(my_task, self.expression)
            if isinstance(event_value, _dt.datetime):
                event_value = event_value.isoformat()
            check_duration(str(event_value))  # a duration of centuries would keep the worker counting months
            TimerEventDefinition.parse_time_or_duration(event_value)  # refuse garbage early
            my_task._set_internal_data(event_value=event_value)
        return _check_fired(my_task, TimerEventDefinition.parse_time_or_duration(event_value))


class ClockedDuration(DurationTimerEventDefinition):
    """A timeDuration timer counted from when its task starts waiting (the time given, else the wall clock)."""

    def has_fired(self, my_task: Any) -> bool:
        event_value = my_task._get_internal_data("event_value")
        if event_value is None:
            expression = my_task.workflow.script_engine.evaluate(my_task, self.expression)
            check_duration(str(expression))
            parsed = TimerEventDefinition.parse_iso_duration(expression)
            base = _BASE.get() or _dt.datetime.now(_dt.UTC)
            event_value = (base + TimerEventDefinition.get_timedelta_from_start(parsed, base)).isoformat()
            my_task._set_internal_data(event_value=event_value)
        return _check_fired(my_task, TimerEventDefinition.get_datetime(event_value))


_REPLACEMENTS = {
    TimeDateEventDefinition: ClockedTimeDate,
    DurationTimerEventDefinition: ClockedDuration,
}


def patch_timer_specs(specs: dict[str, Any], subprocess_specs: dict[str, dict[str, Any]]) -> list[str]:
    """Swap the timer definitions of freshly parsed specs for the clocked ones.

    Returns an error message per cycle timer (not supported: they would read the wall clock).
    """
    problems: list[str] = []
    seen: set[int] = set()
    all_specs = list(specs.values())
    for subs in subprocess_specs.values():
        all_specs.extend(s for s in subs.values() if s is not None)
    for spec in all_specs:
        if id(spec) in seen:
            continue
        seen.add(id(spec))
        for task_spec in spec.task_specs.values():
            definition = getattr(task_spec, "event_definition", None)
            if definition is None:
                continue
            if isinstance(definition, CycleTimerEventDefinition):
                problems.append(f"element '{getattr(task_spec, 'bpmn_id', task_spec.name)}': cycle timers are not supported")
                continue
            replacement = _REPLACEMENTS.get(type(definition))
            if replacement is not None:
                definition.__class__ = replacement
    return problems
