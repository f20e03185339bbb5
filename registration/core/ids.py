"""Ids from addresses and forms: ASCII digits only, and never beyond what the database holds.

An id above 2^63 overflows SQLite's integer and one above 2^31 − 1 PostgreSQL's ``integer``
(a 500 on hostile input, also on anonymous pages). ``str.isdigit`` accepts ``²`` and other
digits that ``int()`` then refuses or reads unexpectedly. The ``int`` URL converter is
replaced app-wide by one that answers 404 to anything out of range.
"""

from __future__ import annotations

from typing import Any

from werkzeug.routing import IntegerConverter, Map

MAX_ID = 2**31 - 1  # PostgreSQL's integer; SQLite's is larger


def is_ascii_digits(raw: str) -> bool:
    return bool(raw) and raw.isascii() and raw.isdigit()


def parse_id(raw: object) -> int | None:
    """An id from a form or query string, or None (then the caller says 404 or ignores it)."""
    text = str(raw if raw is not None else "").strip()
    if not is_ascii_digits(text) or len(text) > 10:
        return None
    value = int(text)
    return value if 0 < value <= MAX_ID else None


class IdConverter(IntegerConverter):
    """``<int:...>`` in every route: ASCII digits, at most MAX_ID, otherwise no match (404)."""

    def __init__(self, map: Map, *args: Any, **kwargs: Any) -> None:  # noqa: A002
        kwargs.setdefault("max", MAX_ID)
        super().__init__(map, *args, **kwargs)
