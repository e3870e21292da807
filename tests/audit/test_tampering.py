"""The audit chain shows tampering: a database administrator who edits, deletes or inserts audit rows directly
(the append-only triggers dropped or disabled, as a DBA could) is found, and the verifier names the first bad
event; on SQLite and on PostgreSQL."""
from __future__ import annotations

from datetime import datetime

import pytest
import sqlalchemy as sa

from service.domain.audit_chain import event_hash
from service.extensions import db
from service.store.documents import AuditEvent
from service.store.organizations import Organization, Person
from service.store.unit_of_work import unit_of_work
from service.usecases import audit

DUCP_IDS = (10, 20, 30, 40, 50, 60)
OTHER_IDS = (15, 35)  # events of another organization between them (Đảng ủy Bộ Nông nghiệp và Môi trường)


def _person(username: str) -> Person:
    return db.session.scalar(sa.select(Person).where(Person.username == username))


@pytest.fixture
def chain(app):
    """Six DUCP admin events and two of another organization, with ids left free between them (as rolled-back
    transactions leave on PostgreSQL), written through the ordinary path: the insert hook chains them."""
    with app.app_context():
        with unit_of_work():
            mai, linh = _person("mai.vt"), _person("linh.pt")
            for i in sorted(DUCP_IDS + OTHER_IDS):
                who = linh if i in OTHER_IDS else mai
                db.session.add(AuditEvent(
                    id=i, actor_id=who.id, action="admin.update", task="person", version_no=None,
                    comment="Ghi chú có dấu: Đảng ủy" if i != 50 else None, at=datetime(2025, 8, 1, 2, 0, i % 60, 123456),
                    details={"z": 1, "a": {"nested": [1, 2, "ư"]}, "none": None, "i": i}))
        db.session.remove()
    return app


def _tamper(app, *statements: tuple[str, dict]) -> None:
    """Run SQL as a DBA would: the append-only triggers out of the way, then back (PostgreSQL) or gone (SQLite)."""
    with app.app_context():
        with db.engine.begin() as conn:
            if conn.dialect.name == "postgresql":
                conn.execute(sa.text("ALTER TABLE audit_events DISABLE TRIGGER audit_events_no_change"))
            else:
                conn.execute(sa.text("DROP TRIGGER audit_events_no_update"))
                conn.execute(sa.text("DROP TRIGGER audit_events_no_delete"))
            for sql, params in statements:
                conn.execute(sa.text(sql), params)
            if conn.dialect.name == "postgresql":
                conn.execute(sa.text("ALTER TABLE audit_events ENABLE TRIGGER audit_events_no_change"))
        db.session.remove()


def _ducp(app):
    with app.app_context():
        [st] = audit.verify_chains("DUCP")
        db.session.remove()
    return st


def _row(app, event_id: int) -> dict:
    with app.app_context():
        r = db.session.execute(sa.select(AuditEvent.__table__).where(AuditEvent.id == event_id)).mappings().one()
        db.session.remove()
    return dict(r)


def _forged_after(app, event_id: int, new_id: int) -> dict:
    """A forged event of DUCP linked after event_id, its hash computed correctly (the algorithm is public)."""
    before = _row(app, event_id)
    content = {**{k: before[k] for k in ("org_id", "actor_id", "document_id", "task", "version_no", "details")},
               "action": "admin.update", "comment": "Sự kiện giả", "at": datetime(2025, 8, 1, 2, 0, 59)}
    return {**content, "id": new_id, "prev_hash": before["hash"], "hash": event_hash(content, before["hash"])}


INSERT = ("INSERT INTO audit_events (id, org_id, document_id, actor_id, action, task, comment, version_no, at, "
          "details, prev_hash, hash) VALUES (:id, :org_id, :document_id, :actor_id, :action, :task, :comment, "
          ":version_no, :at, :details, :prev_hash, :hash)")


def _insert_params(forged: dict) -> dict:
    import json
    return {**forged, "details": json.dumps(forged["details"])}


def test_an_untouched_chain_is_intact_and_its_head_is_the_last_event(chain):
    st = _ducp(chain)
    assert st.report.ok and st.report.length == len(DUCP_IDS), st.message
    assert st.head_hash == _row(chain, DUCP_IDS[-1])["hash"]
    assert _row(chain, 10)["prev_hash"] == "0" * 64
    assert _row(chain, 20)["prev_hash"] == _row(chain, 10)["hash"]
    # the other organization's events form their own chain, linked over DUCP's
    assert _row(chain, 35)["prev_hash"] == _row(chain, 15)["hash"]


def test_a_changed_comment_is_named(chain):
    _tamper(chain, ("UPDATE audit_events SET comment = 'Đã sửa' WHERE id = 30", {}))
    st = _ducp(chain)
    assert (st.report.broken.kind, st.report.broken.event_id, st.report.broken.after_id) == ("changed", 30, 20)
    assert "#30" in st.message and "DUCP" in st.message and "sửa" in st.message


def test_a_changed_time_is_named(chain):
    _tamper(chain, ("UPDATE audit_events SET at = :at WHERE id = 40", {"at": datetime(2025, 8, 2, 2, 0)}))
    assert (_ducp(chain).report.broken.kind, _ducp(chain).report.broken.event_id) == ("changed", 40)


def test_a_changed_first_event_is_named(chain):
    _tamper(chain, ("UPDATE audit_events SET actor_id = :p WHERE id = 10",
                    {"p": _row(chain, 15)["actor_id"]}))
    assert (_ducp(chain).report.broken.kind, _ducp(chain).report.broken.event_id) == ("changed", 10)


def test_a_deleted_event_is_named_by_the_one_found_in_its_place(chain):
    _tamper(chain, ("DELETE FROM audit_events WHERE id = 30", {}))
    st = _ducp(chain)
    assert (st.report.broken.kind, st.report.broken.event_id, st.report.broken.after_id) == ("removed", 40, 20)
    assert "#40" in st.message and "xóa" in st.message


def test_deleted_last_events_are_found_against_the_chain_head(chain):
    _tamper(chain, ("DELETE FROM audit_events WHERE id IN (50, 60)", {}))
    st = _ducp(chain)
    assert (st.report.broken.kind, st.report.broken.event_id, st.report.broken.after_id) == ("removed", None, 40)


def test_an_event_inserted_in_the_middle_with_a_correct_hash_is_named(chain):
    forged = _forged_after(chain, 30, 33)
    _tamper(chain, (INSERT, _insert_params(forged)))
    st = _ducp(chain)
    assert (st.report.broken.kind, st.report.broken.event_id, st.report.broken.after_id) == ("inserted", 33, 30)
    assert "#33" in st.message and "chèn" in st.message


def test_an_event_inserted_in_the_middle_with_a_made_up_hash_is_named(chain):
    forged = {**_forged_after(chain, 20, 25), "hash": "f" * 64}
    _tamper(chain, (INSERT, _insert_params(forged)))
    st = _ducp(chain)
    assert (st.report.broken.kind, st.report.broken.event_id) == ("inserted", 25)


def test_an_event_appended_after_the_head_is_named(chain):
    forged = _forged_after(chain, 60, 70)
    _tamper(chain, (INSERT, _insert_params(forged)))
    st = _ducp(chain)
    assert (st.report.broken.kind, st.report.broken.event_id, st.report.broken.after_id) == ("inserted", 70, 60)


def test_a_chain_rewritten_with_its_head_is_found_against_the_printed_digest(chain):
    printed = _ducp(chain).head_hash
    # the DBA changes event 60, recomputes its hash and moves the head row to match
    row = _row(chain, 60)
    content = {k: row[k] for k in ("org_id", "document_id", "actor_id", "action", "task", "version_no", "at",
                                   "details")} | {"comment": "Viết lại"}
    new_hash = event_hash(content, row["prev_hash"])
    _tamper(chain, ("UPDATE audit_events SET comment = 'Viết lại', hash = :h WHERE id = 60", {"h": new_hash}),
            ("UPDATE audit_chain_heads SET hash = :h WHERE org_id = :o", {"h": new_hash, "o": row["org_id"]}))
    assert _ducp(chain).report.ok, "the database alone cannot tell"
    with chain.app_context():
        [st] = audit.verify_chains("DUCP", digest=printed)
        db.session.remove()
    assert st.anchored is False and printed in st.message


def test_flask_audit_verify_exits_non_zero_and_names_the_event_and_the_organization(chain):
    runner = chain.test_cli_runner()
    ok = runner.invoke(args=["audit", "verify"])
    assert ok.exit_code == 0, ok.output
    assert "OK" in ok.output and "DUCP" in ok.output and "DUBNNMT" in ok.output
    _tamper(chain, ("DELETE FROM audit_events WHERE id = 20", {}))
    bad = runner.invoke(args=["audit", "verify", "--org", "DUCP"])
    assert bad.exit_code == 1
    assert "LỖI" in bad.output and "#30" in bad.output and "DUCP" in bad.output
    other = runner.invoke(args=["audit", "verify", "--org", "DUBNNMT"])
    assert other.exit_code == 0, "the other organization's chain is untouched"
    missing = runner.invoke(args=["audit", "verify", "--org", "KHONGCO"])
    assert missing.exit_code != 0 and "KHONGCO" in missing.output


def test_the_triggers_still_refuse_an_ordinary_update(chain):
    with chain.app_context():
        with pytest.raises(sa.exc.DatabaseError):
            with db.engine.begin() as conn:
                conn.execute(sa.text("UPDATE audit_events SET comment = 'x' WHERE id = 10"))
        db.session.remove()
    assert _ducp(chain).report.ok


def test_every_organization_has_a_head_row_after_its_first_event(chain):
    with chain.app_context():
        n = db.session.scalar(sa.text("select count(*) from audit_chain_heads"))
        orgs = db.session.scalar(sa.select(sa.func.count()).select_from(Organization))
        db.session.remove()
    assert n == 2 and orgs > 2
