"""The condition evaluator refuses a corpus of attacks (expression_attacks.txt) without running or hanging."""
from __future__ import annotations

import threading
from pathlib import Path

import pytest

from workflows import ExpressionError, evaluate
from workflows.expressions import check

CORPUS = [line for line in (Path(__file__).parent / "expression_attacks.txt").read_text(encoding="utf-8").splitlines()
          if line.strip() and not line.startswith("#")]
# The deeply nested and very long variants are generated (they would not fit a readable file).
CORPUS += ["(" * 5000 + "1" + ")" * 5000, "not " * 5000 + "1", "-" * 100_000 + "1", "[" * 300 + "]" * 300,
           "decision == 'approve' and " * 200 + "True", "1" + " == 1" * 400]


def refuse(expr: str) -> list[str]:
    """Run check() and evaluate() in a thread; return what went wrong (empty when both refused)."""
    problems: list[str] = []

    def run() -> None:
        for fn in (lambda: check(expr), lambda: evaluate(expr, {"decision": "approve"})):
            try:
                value = fn()
            except ExpressionError:
                continue
            except BaseException as exc:  # noqa: BLE001 - anything but a clean refusal is a finding
                problems.append(f"raised {type(exc).__name__}: {exc}"[:200])
            else:
                problems.append(f"accepted, value {value!r}"[:200])

    t = threading.Thread(target=run, daemon=True)
    t.start()
    t.join(10)
    if t.is_alive():
        problems.append("did not finish (hang)")
    return problems


def test_the_corpus_is_not_empty_and_ordinary_conditions_still_work():
    assert len(CORPUS) >= 50
    assert evaluate('decision == "approve"', {"decision": "approve"}) is True


@pytest.mark.parametrize("expr", CORPUS, ids=[f"{i:02d}" for i in range(len(CORPUS))])
def test_attack_is_refused(expr):
    assert refuse(expr) == [], expr[:120]
