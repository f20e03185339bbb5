"""The database transaction of one user action.

``write_transaction()`` is how every change is made: the outermost block begins the write
transaction and commits once at its end; an exception anywhere rolls everything back and
propagates. Blocks nest: an operation that calls other operations runs them inside its own
transaction (the inner blocks are savepoints, so an inner refusal that the caller catches
undoes only the inner work). Nothing is ever rolled back silently: opening a write
transaction while the session holds unsaved writes from outside one is an error.

Per backend: SQLite runs in WAL mode with a busy timeout, and a write transaction begins
IMMEDIATE, taking the write lock up front so that concurrent writers queue instead of
failing on a lock upgrade. PostgreSQL needs nothing extra: under READ COMMITTED each
statement sees the latest committed data, and row locks and conditional UPDATEs order the
writers.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from sqlalchemy import event
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.orm import ORMExecuteState, Session, scoped_session

if TYPE_CHECKING:
    from flask_sqlalchemy.session import Session as FSASession

_DEPTH = "write_depth"
_WROTE = "wrote_outside_write_transaction"


class UnsavedChangesError(RuntimeError):
    """A write transaction was asked for while changes made outside one were pending."""


@event.listens_for(Engine, "connect")
def _configure_sqlite(dbapi_connection: Any, _record: Any) -> None:
    if not isinstance(dbapi_connection, sqlite3.Connection):
        return
    # We emit BEGIN ourselves (below); the driver's implicit BEGIN would be DEFERRED.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


@event.listens_for(Engine, "begin")
def _begin_sqlite(connection: Connection) -> None:
    if connection.dialect.name != "sqlite":
        return
    if connection.get_execution_options().get("sqlite_immediate"):
        connection.exec_driver_sql("BEGIN IMMEDIATE")
    else:
        connection.exec_driver_sql("BEGIN")


# Writes made outside write_transaction() are remembered until their transaction ends, so
# that opening a write transaction never discards them.
@event.listens_for(Session, "after_flush")
def _flushed(session: Session, _context: Any) -> None:
    if not session.info.get(_DEPTH):
        session.info[_WROTE] = True


@event.listens_for(Session, "do_orm_execute")
def _executed(state: ORMExecuteState) -> None:
    if (state.is_update or state.is_delete or state.is_insert) \
            and not state.session.info.get(_DEPTH):
        state.session.info[_WROTE] = True


@event.listens_for(Session, "after_commit")
@event.listens_for(Session, "after_rollback")
def _ended(session: Session) -> None:
    if session.in_nested_transaction():
        return
    session.info.pop(_WROTE, None)


def _session() -> scoped_session[FSASession]:
    from .extensions import db

    return db.session


def in_write_transaction() -> bool:
    return bool(_session().info.get(_DEPTH))


@contextmanager
def write_transaction() -> Iterator[Session]:
    """One user action's transaction: commit once at the end of the outermost block."""
    session = _session()
    depth = session.info.get(_DEPTH, 0)
    if depth:
        session.info[_DEPTH] = depth + 1
        try:
            with session.begin_nested():
                yield session()
        finally:
            session.info[_DEPTH] = depth
        return
    if session.new or session.dirty or session.deleted or session.info.get(_WROTE):
        raise UnsavedChangesError(
            "write_transaction() opened while changes made outside one are pending: "
            "commit them or make them inside the write transaction")
    if session.get_bind().dialect.name == "sqlite":
        # End the read transaction (it holds nothing unsaved: checked above) and begin
        # IMMEDIATE, so that this writer queues for the lock instead of failing later.
        session.rollback()
        session.connection(execution_options={"sqlite_immediate": True})
    session.info[_DEPTH] = 1
    try:
        yield session()
        session.info[_DEPTH] = 0
        session.commit()
    except BaseException:
        session.info[_DEPTH] = 0
        session.rollback()
        raise
    finally:
        session.info.pop(_DEPTH, None)


def begin_write() -> None:
    """Deprecated shape kept for a few read-mostly paths: see write_transaction()."""
    session = _session()
    if session.get_bind().dialect.name == "postgresql":
        return
    if session.new or session.dirty or session.deleted or session.info.get(_WROTE):
        raise UnsavedChangesError("begin_write() would discard unsaved changes")
    session.rollback()
    session.connection(execution_options={"sqlite_immediate": True})
