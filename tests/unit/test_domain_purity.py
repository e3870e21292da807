"""The domain layer is pure: standard library only, NFC source text."""
from __future__ import annotations

import ast
import sys
import unicodedata
from pathlib import Path

DOMAIN = Path(__file__).resolve().parents[2] / "service" / "domain"


def test_domain_modules_import_only_the_standard_library_and_each_other() -> None:
    for path in DOMAIN.glob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom):
                if node.level:      # relative import inside service.domain
                    continue
                names = [node.module or ""]
            elif isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            else:
                continue
            for name in names:
                top = name.split(".")[0]
                assert top in sys.stdlib_module_names or top == "__future__", f"{path.name} imports {name}"


def test_domain_source_text_is_nfc_so_messages_are_nfc() -> None:
    for path in DOMAIN.glob("*.py"):
        text = path.read_text(encoding="utf-8")
        assert unicodedata.is_normalized("NFC", text), path.name


def test_every_public_function_has_a_docstring_and_return_annotation() -> None:
    for path in DOMAIN.glob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in tree.body:
            if isinstance(node, ast.FunctionDef) and not node.name.startswith("_"):
                assert ast.get_docstring(node), f"{path.name}:{node.name} has no docstring"
                assert node.returns is not None, f"{path.name}:{node.name} has no return type"
