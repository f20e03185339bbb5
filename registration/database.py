"""Engine behaviour per backend. SQLite: WAL, a busy timeout, and BEGIN IMMEDIATE for writes."""

from __future__ import annotations

import sqlite3
from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import Connection, Engine


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
    # A write transaction takes the write lock at once, so concurrent writers wait their
    # turn (busy_timeout) instead of failing when a read lock cannot be upgraded.
    if connection.get_execution_options().get("sqlite_immediate"):
        connection.exec_driver_sql("BEGIN IMMEDIATE")
    else:
        connection.exec_driver_sql("BEGIN")


def begin_write() -> None:
    """Make the session's transaction a write transaction.

    SQLite: end any read transaction and begin IMMEDIATE, taking the write lock up front
    so that concurrent writers queue instead of failing on a lock upgrade. PostgreSQL:
    nothing to do; under READ COMMITTED each statement sees the latest committed data and
    row locks order the writers.
    """
    from .extensions import db

    if db.session.get_bind().dialect.name == "postgresql":
        return
    db.session.rollback()
    db.session.connection(execution_options={"sqlite_immediate": True})
