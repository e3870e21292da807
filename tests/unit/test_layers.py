"""The folders are the layers (docs/architecture.md): imports run one way, no circle, small modules."""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
# Lower layers may import nothing of the layers listed against them.
FORBIDDEN = {
    "service.domain": ("service.", "workflows"),  # but itself
    "service.store": ("service.usecases", "service.http", "service.output", "service.cli", "service.app"),
    "service.output": ("service.usecases", "service.http", "service.cli", "service.app"),
    "service.usecases": ("service.http", "service.cli", "service.app"),
    "workflows": ("service",),
}
FLASK_HTTP_NAMES = {"Blueprint", "request", "session", "g", "redirect", "render_template", "jsonify"}


def _modules() -> dict[str, Path]:
    out = {}
    for base in ("service", "workflows"):
        for p in (REPO / base).rglob("*.py"):
            if "migrations" in p.parts:
                continue
            parts = list(p.relative_to(REPO).with_suffix("").parts)
            if parts[-1] == "__init__":
                parts = parts[:-1]
            out[".".join(parts)] = p
    return out


MODULES = _modules()


def _imports(name: str, path: Path) -> list[tuple[str, list[str]]]:
    """(module imported, names imported from it) for every import statement, relative ones resolved."""
    out = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            out += [(a.name, []) for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                pkg = name if path.name == "__init__.py" else name.rsplit(".", 1)[0]
                for _ in range(node.level - 1):
                    pkg = pkg.rsplit(".", 1)[0]
                base = f"{pkg}.{base}" if base else pkg
            names = [a.name for a in node.names]
            out.append((base, names))
            out += [(f"{base}.{n}", []) for n in names if f"{base}.{n}" in MODULES]
    return out


def _ours(target: str) -> str | None:
    while target and target not in MODULES:
        target = target.rsplit(".", 1)[0] if "." in target else ""
    return target or None


def test_each_layer_imports_only_the_layers_below_it():
    wrong = []
    for name, path in MODULES.items():
        for layer, banned in FORBIDDEN.items():
            if name != layer and not name.startswith(layer + "."):
                continue
            for target, _ in _imports(name, path):
                if target.startswith(layer):
                    continue
                if any(target == b or target.startswith(b if b.endswith(".") else b + ".") or target == b.rstrip(".")
                       for b in banned):
                    wrong.append(f"{name} imports {target}")
    assert wrong == []


def test_nothing_below_http_touches_the_request_or_blueprints():
    wrong = []
    for name, path in MODULES.items():
        if name.startswith(("service.http", "service.app", "service.cli")) or name == "service":
            continue
        for target, names in _imports(name, path):
            if target == "flask" and FLASK_HTTP_NAMES & set(names):
                wrong.append(f"{name} imports {sorted(FLASK_HTTP_NAMES & set(names))} from flask")
    assert wrong == []


def test_there_is_no_import_circle():
    graph = {m: {t for t in (_ours(x) for x, _ in _imports(m, p)) if t and t != m} for m, p in MODULES.items()}
    # A package re-exporting its own submodules is not a circle worth naming.
    for m in graph:
        graph[m] = {t for t in graph[m] if not t.startswith(m + ".") and not m.startswith(t + ".")}
    state: dict[str, int] = {}
    circles = []

    def visit(m: str, stack: list[str]) -> None:
        state[m] = 1
        for t in sorted(graph[m]):
            if state.get(t) == 1:
                circles.append(" -> ".join(stack[stack.index(t):] + [t]))
            elif t not in state:
                visit(t, stack + [t])
        state[m] = 2

    for m in sorted(graph):
        if m not in state:
            visit(m, [m])
    assert circles == []


def test_few_modules_at_the_top_and_none_over_400_lines():
    top = [p.name for p in (REPO / "service").glob("*.py") if p.name != "__init__.py"]
    assert len(top) <= 10, top
    big = {name: n for name, p in MODULES.items() if (n := len(p.read_text(encoding="utf-8").splitlines())) > 400}
    assert big == {}


@pytest.mark.parametrize("layer", ["service.domain", "service.store", "service.usecases", "service.output",
                                   "service.http", "workflows"])
def test_every_layer_exists_and_has_modules(layer):
    assert [m for m in MODULES if m.startswith(layer + ".")], f"{layer} is empty"
