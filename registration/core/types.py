"""Column types and helpers shared by every feature's models."""

from __future__ import annotations

import enum
from datetime import UTC, datetime
from typing import Any, TypeVar

from flask import Flask, current_app
from sqlalchemy import DateTime, String, TypeDecorator


def utcnow() -> datetime:
    """Now, in UTC. The app's clock (``app.config["CLOCK"]``, a callable) when one is set:
    tests move time forward with it instead of sleeping."""
    app = current_app_or_none()
    if app is not None:
        clock = app.config.get("CLOCK")
        if clock is not None:
            return clock()  # type: ignore[no-any-return]
    return datetime.now(UTC)


def current_app_or_none() -> Flask | None:
    """The app of the current context, or None: what ``has_app_context()`` and
    ``current_app`` tell, in one look instead of two proxy lookups (utcnow() runs several
    times in every registration)."""
    try:
        return current_app._get_current_object()  # type: ignore[attr-defined,no-any-return]
    except RuntimeError:  # outside an app context
        return None


class UTCDateTime(TypeDecorator[datetime]):
    """Aware datetimes in, aware UTC datetimes out; stored as naive UTC on every backend."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: object) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given; use an aware datetime")
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value: datetime | None, dialect: object) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC)


def enum_check(column: str, values: type[enum.StrEnum]) -> str:
    return f"{column} IN ({', '.join(repr(v.value) for v in values)})"


E = TypeVar("E", bound=enum.StrEnum)


class EnumColumn(TypeDecorator[E]):
    """A StrEnum stored as its value in a VARCHAR: rows read back as the enum, and a value
    outside the enum is refused before it reaches the database (where a CHECK also holds)."""

    impl = String
    cache_ok = True

    def __init__(self, enum_type: type[E], length: int = 16) -> None:
        super().__init__(length)
        self.enum_type = enum_type

    def coerce_compared_value(self, op: Any, value: Any) -> Any:
        # A pattern (LIKE 'export%') is text, not a member of the enum.
        if getattr(op, "__name__", "") in {"like_op", "not_like_op", "ilike_op",
                                           "not_ilike_op", "startswith_op", "endswith_op",
                                           "contains_op"}:
            return String()
        return self

    def process_bind_param(self, value: Any, dialect: object) -> str | None:
        if value is None:
            return None
        # a member or its value, looked up directly (the enum's call is the slow way there)
        member = self.enum_type._value2member_map_.get(value) \
            if isinstance(value, str) else None
        return (member if member is not None else self.enum_type(value))._value_  # type: ignore[no-any-return]

    def process_result_value(self, value: Any, dialect: object) -> E | None:
        if value is None:
            return None
        member = self.enum_type._value2member_map_.get(value)
        return member if member is not None else self.enum_type(value)  # type: ignore[return-value]
