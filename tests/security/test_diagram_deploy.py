"""`flask diagrams deploy FILE` validates before it registers: no DOCTYPE, no entities, no scripts."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import sqlalchemy as sa

from ..conftest import REPO, _config

BPMN = (REPO / "bpmn" / "outgoing_document.bpmn").read_text(encoding="utf-8")
DEFINITIONS_AT = BPMN.index("<bpmn:definitions")
BODY = BPMN[DEFINITIONS_AT:]

XXE = ('<?xml version="1.0" encoding="UTF-8"?>\n'
       '<!DOCTYPE bpmn:definitions [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n'
       + BODY.replace('name="Soạn thảo', 'name="&xxe; Soạn thảo', 1))
BILLION_LAUGHS = ('<?xml version="1.0"?>\n<!DOCTYPE lolz [\n<!ENTITY lol "lol">\n'
                  + "".join(f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">\n'
                            for i in range(1, 10))
                  + ']>\n' + BODY.replace('name="Soạn thảo', 'name="&lol9; Soạn thảo', 1))
EXTERNAL_DTD = ('<?xml version="1.0"?>\n<!DOCTYPE bpmn:definitions SYSTEM "http://127.0.0.1:9/evil.dtd">\n' + BODY)
PARAMETER_ENTITY = ('<?xml version="1.0"?>\n<!DOCTYPE d [<!ENTITY % remote SYSTEM "file:///etc/passwd"> %remote;]>\n'
                    + BODY)
SCRIPT_CONDITION = BPMN.replace('decision == "approve"', "__import__('os').system('id') == 0", 1)


@pytest.fixture
def deploy(database_url, tmp_path, clock):
    from service import create_app

    bpmn_dir = tmp_path / "bpmn"
    bpmn_dir.mkdir()
    for f in (REPO / "bpmn").glob("*.bpmn"):
        shutil.copy(f, bpmn_dir)
    app = create_app(_config(database_url, BPMN_DIR=str(bpmn_dir), CLOCK=clock))
    runner = app.test_cli_runner()

    def run(name: str, text: str):
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        result = runner.invoke(args=["diagrams", "deploy", str(path)])
        with app.app_context():
            from service.extensions import db
            stored = db.session.execute(sa.text("select filename from diagram_versions")).scalars().all()
            db.session.remove()
        return result, stored, bpmn_dir

    yield run
    with app.app_context():
        from service.extensions import db
        db.engine.dispose()


@pytest.mark.parametrize("name,text", [("xxe.bpmn", XXE), ("laughs.bpmn", BILLION_LAUGHS),
                                       ("external_dtd.bpmn", EXTERNAL_DTD), ("parameter.bpmn", PARAMETER_ENTITY),
                                       ("script.bpmn", SCRIPT_CONDITION)])
def test_hostile_diagrams_are_refused_and_nothing_is_registered(deploy, name, text):
    result, stored, bpmn_dir = deploy(name, text)
    assert result.exit_code != 0, result.output
    assert "root:x:0:0" not in result.output and "lollol" not in result.output
    assert name not in stored
    assert not (bpmn_dir / name).exists()


def test_a_valid_diagram_is_registered_by_hash_and_installed(deploy):
    text = BPMN.replace("Phát hành văn bản", "Phát hành văn bản (bản 2)", 1)
    result, stored, bpmn_dir = deploy("outgoing_document_v2.bpmn", text)
    assert result.exit_code == 0, result.output
    assert "outgoing_document_v2.bpmn" in stored
    assert (bpmn_dir / "outgoing_document_v2.bpmn").read_text(encoding="utf-8") == text
    again, stored_again, _ = deploy("outgoing_document_v2.bpmn", text)
    assert again.exit_code == 0 and stored_again.count("outgoing_document_v2.bpmn") == 1


def test_a_different_file_of_the_same_name_needs_replace(deploy):
    first, _, _ = deploy("outgoing_document_v3.bpmn", BPMN.replace("Kết thúc", "Kết thúc (3)", 1))
    assert first.exit_code == 0, first.output
    second, _, bpmn_dir = deploy("outgoing_document_v3.bpmn", BPMN.replace("Kết thúc", "Kết thúc (3b)", 1))
    assert second.exit_code != 0 and "--replace" in second.output
    assert "(3)" in (bpmn_dir / "outgoing_document_v3.bpmn").read_text(encoding="utf-8")


def test_deploy_refuses_a_path_like_name(deploy, tmp_path: Path):
    result, _, _ = deploy("bad name.bpmn", BPMN)
    assert result.exit_code != 0


# --- what would fail or hang at run time, refused at deploy (issue 14) ---------------------------------------

REPORT = (REPO / "bpmn" / "report.bpmn").read_text(encoding="utf-8")
DUE_AT = '<bpmn:timeDate xsi:type="bpmn:tFormalExpression">due_at</bpmn:timeDate>'
FIRST_USER_TASK_END = BPMN.index("</bpmn:userTask>")


def _timer(duration: str) -> str:
    assert DUE_AT in REPORT
    return REPORT.replace(DUE_AT, f'<bpmn:timeDuration xsi:type="bpmn:tFormalExpression">"{duration}"'
                                  "</bpmn:timeDuration>", 1)


def _multi_instance(cardinality: str) -> str:
    return (BPMN[:FIRST_USER_TASK_END] + '<bpmn:multiInstanceLoopCharacteristics isSequential="true">'
            f"<bpmn:loopCardinality>{cardinality}</bpmn:loopCardinality></bpmn:multiInstanceLoopCharacteristics>"
            + BPMN[FIRST_USER_TASK_END:])


HOSTILE_AT_RUN_TIME = {
    # decision is an enum (text): "decision > 0" raised TypeError on every review answer (500)
    "number_condition.bpmn": (BPMN.replace('decision == "approve"', "decision > 0", 1), "decision"),
    "unknown_choice.bpmn": (BPMN.replace('decision == "approve"', 'decision == "approved"', 1), "approved"),
    "text_function_on_number.bpmn": (BPMN.replace('id="comment" label="Ý kiến" type="string"',
                                                  'id="comment" label="Ý kiến" type="long"')
                                     .replace('decision == "approve"', "lower(comment) == 'x'", 1), "comment"),
    # a timer of a billion years kept the worker counting months for every new document
    "century_timer.bpmn": (_timer("P999999999Y"), "years"),
    "six_year_timer.bpmn": (_timer("P6Y"), "years"),
    # a multi-instance of 10^9 took 1.26 GB in 20 s
    "billion_instances.bpmn": (_multi_instance("1000000000"), "loopCardinality"),
    "data_instances.bpmn": (_multi_instance("recipients"), "loopCardinality"),
}


@pytest.mark.parametrize("name", sorted(HOSTILE_AT_RUN_TIME))
def test_a_diagram_that_would_fail_or_hang_at_run_time_is_refused(deploy, name):
    text, reason = HOSTILE_AT_RUN_TIME[name]
    assert text != BPMN and text != REPORT, "the crafted diagram differs from the original"
    result, stored, bpmn_dir = deploy(name, text)
    assert result.exit_code != 0, result.output
    assert reason in result.output, result.output
    assert name not in stored and not (bpmn_dir / name).exists()


@pytest.mark.parametrize("name,text", [("timer_30_days.bpmn", _timer("P30D")),
                                       ("ten_instances.bpmn", _multi_instance("10"))])
def test_bounded_timers_and_multi_instances_are_accepted(deploy, name, text):
    result, stored, _ = deploy(name, text)
    assert result.exit_code == 0, result.output
    assert name in stored


def test_an_oversized_diagram_is_refused_before_parsing(deploy):
    padding = "<!-- " + "x" * (1024 * 1024) + " -->"
    result, stored, _ = deploy("huge.bpmn", BPMN.replace("<bpmn:process ", padding + "<bpmn:process ", 1))
    assert result.exit_code != 0 and "bytes" in result.output, result.output
    assert "huge.bpmn" not in stored


def test_a_diagram_of_too_many_elements_is_refused_before_the_schema_check(deploy):
    many = "<bpmn:extensionElements>" + '<x:n xmlns:x="urn:x"/>' * 6000 + "</bpmn:extensionElements>"
    at = BPMN.index(">", BPMN.index("<bpmn:process ")) + 1
    result, stored, _ = deploy("many.bpmn", BPMN[:at] + many + BPMN[at:])
    assert result.exit_code != 0 and "elements" in result.output, result.output
    assert "many.bpmn" not in stored
