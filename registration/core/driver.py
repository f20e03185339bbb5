"""Core statements run on the driver's own cursor: for the registration rush's few statements.

SQLAlchemy's ``Connection.execute`` spends about a tenth of a millisecond of Python on each
statement (cache key, execution context, result set-up), and a registration runs eight: on a
busy server that is a third of its CPU. ``Runner`` compiles each statement once per dialect and
the columns given, then on PostgreSQL runs it on the psycopg cursor of the same connection, so
it stays in the session's transaction; bind and result values go through the same type
processors SQLAlchemy would use (aware UTC datetimes, enums, JSON). Elsewhere (SQLite) it is
``Connection.execute``. The statements are SQLAlchemy Core, written once, for both.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, Dialect, Engine
from sqlalchemy.sql.base import Executable
from sqlalchemy.sql.dml import UpdateBase
from sqlalchemy.sql.selectable import SelectBase


@dataclass
class Result:
    rows: Sequence[Sequence[Any]]
    rowcount: int

    def first(self) -> Sequence[Any] | None:
        return self.rows[0] if self.rows else None

    def scalar(self) -> Any:
        return self.rows[0][0] if self.rows else None

    def scalar_one(self) -> Any:
        if len(self.rows) != 1:
            raise LookupError(f"expected one row, got {len(self.rows)}")
        return self.rows[0][0]

    def all(self) -> list[Sequence[Any]]:
        return list(self.rows)


@dataclass(frozen=True)
class _Compiled:
    sql: str
    given: tuple[tuple[str, Callable[[Any], Any] | None], ...]  # (parameter, conversion)
    fixed: dict[str, Any]  # the statement's own literals (status = 'waitlisted', + 1), as sent
    results: tuple[Callable[[Any], Any] | None, ...]
    returns_rows: bool  # a SELECT or RETURNING: fetch (known here, not asked of the cursor)
    plain: bool  # every parameter is given and goes as it is: the caller's dict is sent


# Keyed by the statement object itself (held here, so its identity is never reused by
# another), the dialect and the columns given, in the order given (a hot path's dict is
# built the same way each time; another order is one more entry, not a wrong one).
# Statements are meant to be built once.
_COMPILED: dict[tuple[Executable, str, tuple[str, ...]], _Compiled] = {}


def _as_sent(value: Any) -> Any:
    """A str enum (RegistrationStatus.WAITLISTED) as the plain str it is: the driver then
    adapts it as it adapts any str, without looking the enum class up."""
    return str(value) if isinstance(value, str) and type(value) is not str else value


def _compile(statement: Any, dialect: Dialect, keys: tuple[str, ...]) -> _Compiled:
    compiled = statement.compile(dialect=dialect, column_keys=list(keys)
                                if getattr(statement, "is_insert", False) else None)
    processors = compiled._bind_processors  # the types' own conversions, by parameter
    names = tuple(compiled.binds)
    if any(compiled.binds[n].expanding for n in names):
        raise ValueError(f"an IN list is expanded per execution: not for Runner: {statement}")
    fixed = {n: compiled.binds[n].effective_value for n in names if n not in keys}
    unknown = [n for n, v in fixed.items() if v is None]
    if unknown:  # a column default SQLAlchemy would have filled in: the caller must give it
        raise ValueError(f"values missing for {unknown} in {statement}")
    fixed = {n: _as_sent(processors[n](v) if n in processors else v) for n, v in fixed.items()}
    columns = getattr(statement, "exported_columns", ())
    results = tuple(c.type._cached_result_processor(dialect, None) for c in columns)
    given = tuple((n, processors.get(n)) for n in names if n in keys)
    if isinstance(statement, SelectBase):
        returns_rows = True
    elif isinstance(statement, UpdateBase):  # INSERT, UPDATE, DELETE: rows if RETURNING
        returns_rows = bool(compiled.returning)
    else:  # text() and the like: whether rows come back is not known here
        raise ValueError(f"not a Core SELECT, INSERT, UPDATE or DELETE: {statement}")
    return _Compiled(str(compiled), given, fixed, results, returns_rows=returns_rows,
                     plain=not fixed and not any(p for _, p in given))


class Runner:
    """``execute(statement, params)`` on one connection: a dict, or a list of dicts for one
    statement with many rows (sent in one round trip). On a SQLAlchemy ``Connection`` (in
    its transaction), or (``pooled``) on a connection taken straight from the engine's pool,
    for an action that is its own transaction: then ``commit``, ``rollback`` and ``close``."""

    def __init__(self, connection: Connection | None = None, *, pooled: Any = None,
                 dialect: Dialect | None = None) -> None:
        self.connection = connection
        self._pooled = pooled  # SQLAlchemy's pool proxy of the driver's connection
        self.dialect: Dialect = connection.dialect if connection is not None else dialect  # type: ignore[assignment]
        self.raw = self.dialect.name == "postgresql"
        self._cursor: Any = None

    @classmethod
    def on_pool(cls, engine: Engine) -> Runner:
        """PostgreSQL only: the driver's connection from the pool, its transaction begun by
        the first statement (psycopg), no SQLAlchemy Connection around it."""
        assert engine.dialect.name == "postgresql"
        return cls(pooled=engine.raw_connection(), dialect=engine.dialect)

    def _driver(self) -> Any:
        if self._pooled is not None:
            return self._pooled.driver_connection
        assert self.connection is not None
        return self.connection.connection.driver_connection

    def commit(self) -> None:
        if self._pooled is not None:
            self._pooled.commit()
        else:
            assert self.connection is not None
            self.connection.commit()

    def rollback(self) -> None:
        if self._pooled is not None:
            self._pooled.rollback()
        else:
            assert self.connection is not None
            self.connection.rollback()

    def execute(self, statement: Executable, params: dict[str, Any] | list[dict[str, Any]]
                ) -> Result:
        if not self.raw:
            assert self.connection is not None
            result = self.connection.execute(statement, params)
            found = list(result.all()) if result.returns_rows else []
            return Result(found, result.rowcount)
        rows_in = params if isinstance(params, list) else [params]
        many = len(rows_in) > 1  # psycopg's executemany (a pipeline) costs more for one
        keys = tuple(rows_in[0])
        key = (statement, self.dialect.name, keys)
        compiled = _COMPILED.get(key)
        if compiled is None:
            compiled = _COMPILED[key] = _compile(statement, self.dialect, keys)
        if self._cursor is None:
            self._cursor = self._driver().cursor()  # one for the whole action (close())
        cursor = self._cursor
        if many:
            cursor.executemany(compiled.sql, [self._bind(compiled, row) for row in rows_in])
            return Result([], cursor.rowcount)
        cursor.execute(compiled.sql, rows_in[0] if compiled.plain
                       else self._bind(compiled, rows_in[0]))
        rows: Sequence[Sequence[Any]] = cursor.fetchall() if compiled.returns_rows else []
        if rows and any(compiled.results):
            rows = [tuple(p(v) if p else v for p, v in zip(compiled.results, row, strict=False))
                    for row in rows]
        return Result(rows, cursor.rowcount)

    def close(self) -> None:
        if self._cursor is not None:
            self._cursor.close()
            self._cursor = None
        if self._pooled is not None:
            self._pooled.close()  # back to the pool (rolled back there if still open)
            self._pooled = None

    @staticmethod
    def _bind(compiled: _Compiled, row: dict[str, Any]) -> dict[str, Any]:
        out = dict(compiled.fixed)
        for name, processor in compiled.given:
            value = row[name]
            out[name] = processor(value) if processor is not None else value
        return out
