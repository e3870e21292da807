"""The engine floor: SpiffWorkflow alone, used naively but reasonably.

bpmn/outgoing_document.bpmn parsed once; each lifecycle starts a workflow, and around every user step
(draft, content review, format check, sign, register, dispatch) the whole workflow is serialized to JSON,
stored in an SQLite row (WAL, synchronous=NORMAL), committed, and reloaded for the next step — as a
service without our own state tables would. Dispatch writes one row per Nơi nhận line (8).
"""
from __future__ import annotations

import json
import logging
import sqlite3
import tempfile
import time
from pathlib import Path

from SpiffWorkflow.bpmn import BpmnWorkflow
from SpiffWorkflow.bpmn.parser import BpmnParser
from SpiffWorkflow.bpmn.serializer import BpmnWorkflowSerializer
from SpiffWorkflow.util.task import TaskState

BPMN = Path(__file__).resolve().parent.parent / "bpmn" / "outgoing_document.bpmn"
STEPS = [("draft", {}), ("content_review", {"decision": "approve"}), ("format_check", {"decision": "approve"}),
         ("sign", {"decision": "approve"}), ("register", {"issue_date": "2026-01-15"}), ("dispatch", {})]


def _spec():
    parser = BpmnParser()
    parser.add_bpmn_file(str(BPMN))
    return parser.get_spec("outgoing_document")


def run(lifecycles: int, recipients: int = 8) -> dict:
    """Lifecycles per second, wall and CPU ms per lifecycle over `lifecycles` runs (after 5 warm-up runs)."""
    logging.getLogger("spiff").setLevel(logging.WARNING)
    spec = _spec()
    serializer = BpmnWorkflowSerializer()
    with tempfile.TemporaryDirectory() as tmp:
        conn = sqlite3.connect(Path(tmp) / "floor.sqlite", isolation_level=None)
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("PRAGMA synchronous=NORMAL")
        conn.execute("create table workflows (id integer primary key, state text not null)")
        conn.execute("create table deliveries (id integer primary key, workflow_id integer, position integer, "
                     "recipient text)")
        lines = [f"Nơi nhận số {i}" for i in range(1, recipients + 1)]

        def lifecycle() -> None:
            wf = BpmnWorkflow(spec)
            wf.data["recipients"] = lines
            wf.do_engine_steps()
            conn.execute("begin")
            wid = conn.execute("insert into workflows (state) values (?)",
                               (json.dumps(serializer.to_dict(wf)),)).lastrowid
            conn.execute("commit")
            for name, data in STEPS:
                state = conn.execute("select state from workflows where id = ?", (wid,)).fetchone()[0]
                wf = serializer.from_dict(json.loads(state))
                (task,) = [t for t in wf.get_tasks(state=TaskState.READY, manual=True)]
                assert task.task_spec.bpmn_id == name, (task.task_spec.bpmn_id, name)
                task.data.update(data)
                task.run()
                wf.do_engine_steps()
                conn.execute("begin")
                conn.execute("update workflows set state = ? where id = ?", (json.dumps(serializer.to_dict(wf)), wid))
                if name == "dispatch":
                    conn.executemany("insert into deliveries (workflow_id, position, recipient) values (?, ?, ?)",
                                     [(wid, i, r) for i, r in enumerate(lines, 1)])
                conn.execute("commit")
            assert wf.is_completed()

        for _ in range(5):
            lifecycle()
        started, cpu_started = time.perf_counter(), time.process_time()
        for _ in range(lifecycles):
            lifecycle()
        elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu_started
        conn.close()
    return {"lifecycles": lifecycles, "seconds": elapsed, "per_s": lifecycles / elapsed,
            "ms_per_lifecycle": elapsed / lifecycles * 1000, "cpu_ms_per_lifecycle": cpu / lifecycles * 1000}
