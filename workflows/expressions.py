"""Allow-listed evaluator for the condition expressions found in diagrams.

Conditions are plain expressions such as ``decision == "approve"``. They are parsed with
:mod:`ast` and walked by a tiny interpreter; nothing ever reaches ``eval``/``exec``.

Allowed:
  * literals: str, int, float, bool, None; tuples/lists whose items are literals;
  * names (looked up in the supplied mapping; an unknown name evaluates to ``None``,
    so a condition on a field that was never submitted is simply false and the
    gateway takes its default flow);
  * comparisons ``== != < <= > >= in not in`` (chains allowed);
  * ``and``, ``or``, ``not``, unary ``-`` / ``+``;
  * calls of the functions in :data:`FUNCTIONS` with positional arguments.

Everything else (attributes, subscripts, arithmetic incl. ``**``, lambdas,
comprehensions, f-strings, names starting with ``_``, ...) is refused with
:class:`ExpressionError`. Length, AST depth and node count are capped, so hostile
input is rejected quickly and can never raise ``RecursionError`` or hang.
"""

from __future__ import annotations

import ast
import functools
import operator
from collections.abc import Callable, Mapping
from typing import Any

__all__ = ["ExpressionError", "FUNCTIONS", "MAX_LENGTH", "check", "evaluate"]

MAX_LENGTH = 500
MAX_DEPTH = 32
MAX_NODES = 200


class ExpressionError(ValueError):
    """A condition expression was refused or could not be evaluated."""


def _lower(value: Any) -> str:
    if not isinstance(value, str):
        raise TypeError("lower() expects a string")
    return value.lower()


def _upper(value: Any) -> str:
    if not isinstance(value, str):
        raise TypeError("upper() expects a string")
    return value.upper()


def _len(value: Any) -> int:
    if not isinstance(value, (str, list, tuple, dict)):
        raise TypeError("len() expects a string, list or mapping")
    return len(value)


#: name -> (function, number of positional arguments)
FUNCTIONS: dict[str, tuple[Callable[..., Any], int]] = {
    "len": (_len, 1),
    "lower": (_lower, 1),
    "upper": (_upper, 1),
}

_COMPARE: dict[type[ast.cmpop], Callable[[Any, Any], Any]] = {
    ast.Eq: operator.eq,
    ast.NotEq: operator.ne,
    ast.Lt: operator.lt,
    ast.LtE: operator.le,
    ast.Gt: operator.gt,
    ast.GtE: operator.ge,
    ast.In: lambda a, b: a in b,
    ast.NotIn: lambda a, b: a not in b,
}

_LITERAL_TYPES = (str, int, float, bool, type(None))

# Structural nodes that are allowed to appear; each is checked further below.
_ALLOWED_NODES: tuple[type[ast.AST], ...] = (
    ast.Expression, ast.Constant, ast.Name, ast.Load, ast.Compare, ast.BoolOp, ast.And,
    ast.Or, ast.UnaryOp, ast.Not, ast.USub, ast.UAdd, ast.Call, ast.Tuple, ast.List,
    *_COMPARE.keys(),
)


def _is_literal(node: ast.AST) -> bool:
    """True for a constant, a signed numeric constant, or a tuple/list of literals."""
    if isinstance(node, ast.Constant):
        return isinstance(node.value, _LITERAL_TYPES)
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.USub, ast.UAdd)):
        return isinstance(node.operand, ast.Constant) and type(node.operand.value) in (int, float)
    if isinstance(node, (ast.Tuple, ast.List)):
        return all(_is_literal(item) for item in node.elts)
    return False


def _check_tree(tree: ast.AST) -> None:
    """Walk the tree iteratively and refuse anything outside the allow-list."""
    stack: list[tuple[ast.AST, int]] = [(tree, 0)]
    count = 0
    while stack:
        node, depth = stack.pop()
        count += 1
        if count > MAX_NODES:
            raise ExpressionError(f"expression has more than {MAX_NODES} nodes")
        if depth > MAX_DEPTH:
            raise ExpressionError(f"expression is nested deeper than {MAX_DEPTH} levels")
        if not isinstance(node, _ALLOWED_NODES):
            raise ExpressionError(f"{type(node).__name__} is not allowed in expressions")
        if isinstance(node, ast.Constant) and not isinstance(node.value, _LITERAL_TYPES):
            raise ExpressionError(f"literal of type {type(node.value).__name__} is not allowed")
        if isinstance(node, ast.Name):
            if node.id.startswith("_"):
                raise ExpressionError(f"name {node.id!r} is not allowed")
        if isinstance(node, (ast.Tuple, ast.List)) and not _is_literal(node):
            raise ExpressionError("tuples and lists may contain literals only")
        if isinstance(node, ast.Call):
            if not isinstance(node.func, ast.Name) or node.func.id not in FUNCTIONS:
                raise ExpressionError("only calls to " + ", ".join(sorted(FUNCTIONS)) + " are allowed")
            if node.keywords or any(isinstance(a, ast.Starred) for a in node.args):
                raise ExpressionError("keyword and star arguments are not allowed")
            arity = FUNCTIONS[node.func.id][1]
            if len(node.args) != arity:
                raise ExpressionError(f"{node.func.id}() takes {arity} argument(s)")
            children: list[ast.AST] = list(node.args)  # the function name is not a data lookup
        else:
            children = list(ast.iter_child_nodes(node))
        stack.extend((child, depth + 1) for child in children)


@functools.lru_cache(maxsize=512)
def _compile(expr: str) -> ast.Expression:
    if len(expr) > MAX_LENGTH:
        raise ExpressionError(f"expression longer than {MAX_LENGTH} characters")
    if not expr.strip():
        raise ExpressionError("empty expression")
    try:
        tree = ast.parse(expr.strip(), mode="eval")
    except (SyntaxError, ValueError, RecursionError, MemoryError) as exc:
        raise ExpressionError(f"invalid expression: {exc.__class__.__name__}") from None
    _check_tree(tree)
    return tree


def check(expr: str) -> None:
    """Raise ExpressionError unless ``expr`` is an acceptable expression."""
    if not isinstance(expr, str):
        raise ExpressionError("expression must be a string")
    _compile(expr)


# Over 40 lines on purpose: one branch per allowed AST node: the allow-list is easier to audit in one place.
def _eval(node: ast.AST, names: Mapping[str, Any]) -> Any:
    if isinstance(node, ast.Expression):
        return _eval(node.body, names)
    if isinstance(node, ast.Constant):
        return node.value
    if isinstance(node, ast.Name):
        return names.get(node.id)
    if isinstance(node, (ast.Tuple, ast.List)):
        items = [_eval(item, names) for item in node.elts]
        return tuple(items) if isinstance(node, ast.Tuple) else items
    if isinstance(node, ast.BoolOp):
        if isinstance(node.op, ast.And):
            result: Any = True
            for value in node.values:
                result = _eval(value, names)
                if not result:
                    return result
            return result
        result = False
        for value in node.values:
            result = _eval(value, names)
            if result:
                return result
        return result
    if isinstance(node, ast.UnaryOp):
        operand = _eval(node.operand, names)
        if isinstance(node.op, ast.Not):
            return not operand
        if isinstance(operand, bool) or not isinstance(operand, (int, float)):
            raise TypeError("unary sign expects a number")
        return -operand if isinstance(node.op, ast.USub) else operand
    if isinstance(node, ast.Compare):
        left = _eval(node.left, names)
        for op, comparator in zip(node.ops, node.comparators, strict=True):
            right = _eval(comparator, names)
            if not _COMPARE[type(op)](left, right):
                return False
            left = right
        return True
    if isinstance(node, ast.Call):
        assert isinstance(node.func, ast.Name)
        func = FUNCTIONS[node.func.id][0]
        return func(*(_eval(arg, names) for arg in node.args))
    raise ExpressionError(f"{type(node).__name__} is not allowed in expressions")  # pragma: no cover


def evaluate(expr: str, names: Mapping[str, Any]) -> Any:
    """Evaluate an allow-listed expression against ``names``; raise ExpressionError on refusal/failure."""
    if not isinstance(expr, str):
        raise ExpressionError("expression must be a string")
    tree = _compile(expr)
    try:
        return _eval(tree, names)
    except ExpressionError:
        raise
    except (TypeError, ValueError, OverflowError, RecursionError, MemoryError) as exc:
        raise ExpressionError(f"cannot evaluate {expr!r}: {exc}") from None
