"""One transaction per use case: everything a user action changes commits together or not at all."""
from __future__ import annotations

import fcntl
import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager

from flask import current_app
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from service.errors import Conflict
from service.extensions import db


class FaultInjected(RuntimeError):
    """Raised by the test-only fault switch between the engine step and the commit."""


@contextmanager
def unit_of_work() -> Iterator[Session]:
    """Yield the session; commit if the block ends normally, roll back on any exception.

    Lost updates surface as Conflict (409): the document row's version column did not match.
    A unit of work opened inside another one joins it: the outer one commits or rolls back everything (an import
    calls the administration's own actions, each a unit of work, inside one transaction).
    """
    session = db.session
    if session.info.get(_ACTIVE):
        yield session
        return
    session.info[_ACTIVE] = True
    try:
        with _outermost(session):
            yield session
    finally:
        session.info.pop(_ACTIVE, None)


_ACTIVE = "unit_of_work_active"


@contextmanager
def _outermost(session) -> Iterator[None]:
    bind = session.get_bind()
    if bind.dialect.name != "sqlite":
        with _transaction(session):
            yield
        return
    # End the read-only transaction the request may have begun (e.g. reading the caller), then take the write
    # lock first: a write after a stale read snapshot would fail instead of waiting its turn.
    if session().in_transaction():
        session.commit()
    with _sqlite_writer_turn(bind.url.database):
        session.connection(execution_options={"sqlite_begin_immediate": True})
        with _transaction(session):
            yield


_turns = threading.local()


@contextmanager
def _sqlite_writer_turn(path: str | None) -> Iterator[None]:
    """Writers of one SQLite file take turns through an OS file lock (all workers, all threads): the next writer
    wakes the moment the previous one commits, instead of polling in SQLite's busy handler, whose sleeps
    (up to 100 ms) dominated the latency of concurrent requests. The kernel releases the lock if the process dies."""
    depth = getattr(_turns, "depth", 0)
    if not path or path == ":memory:" or depth:
        _turns.depth = depth + 1
        try:
            yield
        finally:
            _turns.depth = depth
        return
    fd = os.open(path + ".writelock", os.O_RDWR | os.O_CREAT, 0o600)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        _turns.depth = 1
        yield
    finally:
        _turns.depth = 0
        os.close(fd)  # closing the descriptor releases the lock


@contextmanager
def _transaction(session) -> Iterator[None]:
    try:
        yield
        _maybe_fault("before_commit")
        session.commit()
    except StaleDataError as exc:
        session.rollback()
        raise Conflict("Văn bản vừa được người khác cập nhật; hãy tải lại và thử lại.",
                       code="conflict") from exc
    except IntegrityError as exc:
        session.rollback()
        raise Conflict("Dữ liệu trùng lặp hoặc xung đột với bản ghi đã có.", code="conflict") from exc
    except OperationalError as exc:
        session.rollback()
        if "locked" in str(exc).lower() or "could not serialize" in str(exc).lower():
            raise Conflict("Cơ sở dữ liệu đang bận với thao tác khác; hãy thử lại.", code="busy") from exc
        raise
    except BaseException:
        session.rollback()
        raise


def _maybe_fault(point: str) -> None:
    app = current_app
    if app.config.get("TESTING") and app.config.get("FAULT_INJECTION") == point:
        import os
        import signal

        trigger = app.config.get("FAULT_TRIGGER_FILE")
        if trigger:
            try:
                os.unlink(trigger)  # one shot: the first request to consume the file takes the fault
            except FileNotFoundError:
                return
        if app.config.get("FAULT_MODE") == "kill":
            os.kill(os.getpid(), signal.SIGKILL)
        raise FaultInjected(point)
