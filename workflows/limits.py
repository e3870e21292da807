"""What a diagram may ask of the engine: a size and an element count the parser gets through quickly, and
nothing that would fail or hang at run time (a condition comparing a field with a value of another type, a
timer of centuries, a multi-instance of a billion). Checked before SpiffWorkflow sees the diagram."""

from __future__ import annotations

import ast
import re
from typing import Any

from lxml import etree

from .errors import DiagramError

__all__ = ["MAX_DIAGRAM_BYTES", "MAX_ELEMENTS", "MAX_INSTANCES", "MAX_TIMER_DAYS", "check_size", "check_elements",
           "check_runtime_limits", "duration_days", "check_duration"]

BPMN_NS = "http://www.omg.org/spec/BPMN/20100524/MODEL"
MAX_DIAGRAM_BYTES = 1024 * 1024  # the largest of ours is ~20 KB
MAX_ELEMENTS = 5000  # XML elements of every kind (ours: a few hundred); parse time grows faster than size
MAX_INSTANCES = 1000  # multi-instance cardinality and loop maximum
MAX_TIMER_DAYS = 5 * 366  # a timer of at most five years

_DURATION = re.compile(r"^P(?!$)(?:(\d+(?:[.,]\d+)?)Y)?(?:(\d+(?:[.,]\d+)?)M)?(?:(\d+(?:[.,]\d+)?)W)?"
                       r"(?:(\d+(?:[.,]\d+)?)D)?(?:T(?=\d)(?:(\d+(?:[.,]\d+)?)H)?(?:(\d+(?:[.,]\d+)?)M)?"
                       r"(?:(\d+(?:[.,]\d+)?)S)?)?$", re.IGNORECASE)
_DAYS_PER = (366, 31, 7, 1, 1 / 24, 1 / 1440, 1 / 86400)


def duration_days(text: str) -> float | None:
    """The length of an ISO 8601 duration ("P3D", "PT12H") in days (months and years counted long), or None
    when `text` is not a duration."""
    if len(text) > 64:
        return None
    m = _DURATION.match(text.strip())
    if m is None:
        return None
    return sum(float(v.replace(",", ".")) * k for v, k in zip(m.groups(), _DAYS_PER, strict=True) if v)


def check_duration(text: str) -> None:
    """ValueError when `text` is a duration longer than MAX_TIMER_DAYS (the engine would spend minutes, or
    forever, counting its months)."""
    days = duration_days(text)
    if days is not None and days > MAX_TIMER_DAYS:
        raise ValueError(f"timer duration {text[:40]!r} is longer than {MAX_TIMER_DAYS // 366} years")


def check_size(xml: bytes, filename: str) -> None:
    if len(xml) > MAX_DIAGRAM_BYTES:
        raise DiagramError(f"{filename}: diagram is {len(xml)} bytes, more than {MAX_DIAGRAM_BYTES} allowed")


def check_elements(root: etree._Element, filename: str) -> None:
    """At most MAX_ELEMENTS XML elements (counted before the schema check and the engine's parser)."""
    count = 0
    for _ in root.iter():
        count += 1
        if count > MAX_ELEMENTS:
            raise DiagramError(f"{filename}: more than {MAX_ELEMENTS} XML elements")


def _q(tag: str) -> str:
    return f"{{{BPMN_NS}}}{tag}"


def _literal(text: str) -> Any:
    """The Python literal an expression is (a string, a number), or a sentinel when it is not one."""
    try:
        return ast.literal_eval(text.strip())
    except (ValueError, SyntaxError, TypeError, MemoryError, RecursionError):
        return _NOT_LITERAL


_NOT_LITERAL = object()


def _owner(elem: etree._Element) -> str:
    node = elem
    while node is not None and not node.get("id"):
        node = node.getparent()
    return str(node.get("id")) if node is not None else "?"


def check_runtime_limits(root: etree._Element, fields: dict[str, list], filename: str) -> None:
    """Timers, multi-instance and loops, and conditions against the declared fields (`fields`: name -> the
    FieldSpecs declaring it)."""
    for tag in ("timeDuration", "timeDate"):
        for elem in root.iter(_q(tag)):
            value = _literal(elem.text or "")
            if isinstance(value, str):
                try:
                    check_duration(value)
                except ValueError as exc:
                    raise DiagramError(f"{filename}: element '{_owner(elem)}': {exc}") from None
    for mi in root.iter(_q("multiInstanceLoopCharacteristics")):
        card = mi.find(_q("loopCardinality"))
        value = _literal(card.text or "") if card is not None else _NOT_LITERAL
        if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= MAX_INSTANCES:
            raise DiagramError(f"{filename}: element '{_owner(mi)}': a multi-instance needs a loopCardinality that "
                               f"is a whole number from 1 to {MAX_INSTANCES}")
    for loop in root.iter(_q("standardLoopCharacteristics")):
        raw = (loop.get("loopMaximum") or "").strip()
        if not raw.isdigit() or not 1 <= int(raw) <= MAX_INSTANCES:
            raise DiagramError(f"{filename}: element '{_owner(loop)}': a loop needs a loopMaximum from 1 to "
                               f"{MAX_INSTANCES}")
    for tag in ("conditionExpression", "completionCondition", "loopCondition"):
        for elem in root.iter(_q(tag)):
            text = (elem.text or "").strip()
            if text:
                problem = condition_problem(text, fields)
                if problem:
                    raise DiagramError(f"{filename}: element '{_owner(elem)}': condition {text[:80]!r}: {problem}")


# The Python types a value of each camunda field type has in task data (dates are ISO strings).
_TYPES: dict[str, tuple[type, ...]] = {"string": (str,), "enum": (str,), "date": (str,), "long": (int, float),
                                       "boolean": (bool,)}
_ORDERING = (ast.Lt, ast.LtE, ast.Gt, ast.GtE)
_STRING_FUNCTIONS = ("lower", "upper")


def condition_problem(text: str, fields: dict[str, list]) -> str | None:
    """Why `text` would fail at run time against the declared fields (a reason in English), or None."""
    try:
        tree = ast.parse(text, mode="eval")
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return None  # the expression checker reports it
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.args:
            arg = node.args[0]
            if isinstance(arg, ast.Name) and arg.id in fields:
                types = _field_types(fields[arg.id])
                if node.func.id in _STRING_FUNCTIONS + ("len",) and str not in types:
                    return f"{node.func.id}() of field {arg.id!r}, which is not text"
                if not _always_present(fields[arg.id]):
                    return f"{node.func.id}() of field {arg.id!r}, which may be missing (not required)"
        if isinstance(node, ast.Compare):
            operands = [node.left, *node.comparators]
            for op, left, right in zip(node.ops, operands, operands[1:], strict=False):
                problem = _pair_problem(op, left, right, fields) or _pair_problem(op, right, left, fields,
                                                                                   swapped=True)
                if problem:
                    return problem
    return None


def _field_types(specs: list) -> tuple[type, ...]:
    return tuple({t for s in specs for t in _TYPES.get(s.type, (str,))})


def _always_present(specs: list) -> bool:
    return all(s.required for s in specs)


def _pair_problem(op: ast.cmpop, name: ast.AST, other: ast.AST, fields: dict[str, list],
                  swapped: bool = False) -> str | None:
    if not isinstance(name, ast.Name) or name.id not in fields:
        return None
    try:
        value = ast.literal_eval(other)
    except (ValueError, TypeError, SyntaxError, MemoryError, RecursionError):
        return None  # another name: not known before run time
    specs = fields[name.id]
    types = _field_types(specs)
    kinds = "/".join(sorted({s.type for s in specs}))
    if isinstance(op, (ast.In, ast.NotIn)) and not swapped:
        values = list(value) if isinstance(value, (tuple, list)) else None
        if values is None:
            if isinstance(value, str) and str in types:
                return None
            return f"field {name.id!r} ({kinds}) tested for membership in {value!r}"
    elif isinstance(op, (ast.In, ast.NotIn)):
        return None  # literal in field: a substring test on a text field
    else:
        values = [value]
    for v in values:
        if v is None:
            if isinstance(op, _ORDERING):
                return f"field {name.id!r} compared with None by an ordering operator"
            continue
        if (isinstance(v, bool) and bool not in types) or not isinstance(v, types):
            return f"field {name.id!r} is {kinds} but is compared with {type(v).__name__} {v!r}"
        choices = {c for s in specs if s.choices for c in s.choices}
        if choices and all(s.type == "enum" for s in specs) and v not in choices:
            return f"{v!r} is not one of the values of field {name.id!r} ({', '.join(sorted(choices))})"
    if isinstance(op, _ORDERING):
        if bool in types:
            return f"field {name.id!r} (boolean) compared by an ordering operator"
        if not _always_present(specs):
            return f"field {name.id!r} is compared by an ordering operator but may be missing (not required)"
    return None
