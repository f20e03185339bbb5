"""Input no person types, made harmless before any view sees it.

* NUL (``\\x00``): PostgreSQL refuses it in any text, in a query as in an INSERT (a 500,
  also from a search box on a public page). It becomes U+FFFD in query strings and forms,
  and a path segment holding one matches no route (404).
* Lone surrogates (``"\\ud800"`` in JSON): no encoder can write them; they become U+FFFD.
* Deeply nested JSON: the parser's recursion limit becomes an ordinary "not valid JSON".

Validators then see ordinary text: a name with U+FFFD is refused by the same rule as other
odd characters, a free-text answer keeps the mark where something odd was.
"""

from __future__ import annotations

import re
from typing import Any

from flask import Request
from flask.json.provider import DefaultJSONProvider
from werkzeug.datastructures import ImmutableMultiDict, MultiDict
from werkzeug.routing import PathConverter, UnicodeConverter, ValidationError
from werkzeug.utils import cached_property

_BAD = re.compile("[\x00\ud800-\udfff]")
MAX_JSON_DEPTH = 32


def clean_text(value: str) -> str:
    if value.isascii():  # no surrogate can be in it: only NUL to look for (both in C)
        return value.replace("\x00", "\ufffd") if "\x00" in value else value
    return _BAD.sub("\ufffd", value) if _BAD.search(value) else value


def _clean_multidict(data: MultiDict[str, Any]) -> MultiDict[str, Any]:
    if not any(isinstance(v, str) and _BAD.search(v) or _BAD.search(k)
               for k, v in data.items(multi=True)):
        return data
    return ImmutableMultiDict([(clean_text(k), clean_text(v) if isinstance(v, str) else v)
                               for k, v in data.items(multi=True)])


def _clean_json(value: Any, depth: int = 0) -> Any:
    if depth > MAX_JSON_DEPTH:
        raise ValueError("JSON nested too deeply")
    if isinstance(value, str):
        return clean_text(value)
    if isinstance(value, list):
        return [_clean_json(v, depth + 1) for v in value]
    if isinstance(value, dict):
        return {clean_text(k): _clean_json(v, depth + 1) for k, v in value.items()}
    return value


class CleanRequest(Request):
    @cached_property
    def args(self) -> MultiDict[str, str]:  # type: ignore[override]
        return _clean_multidict(super().args)

    def _load_form_data(self) -> None:
        super()._load_form_data()
        self.__dict__["form"] = _clean_multidict(self.__dict__["form"])


class SafeJSONProvider(DefaultJSONProvider):
    def loads(self, s: str | bytes, **kwargs: Any) -> Any:
        try:
            return _clean_json(super().loads(s, **kwargs))
        except RecursionError:
            raise ValueError("JSON nested too deeply") from None


class _NoNul:
    def to_python(self, value: str) -> Any:
        if "\x00" in value:
            raise ValidationError
        return super().to_python(value)  # type: ignore[misc]


class TextConverter(_NoNul, UnicodeConverter):
    """``<name>`` and ``<string:name>``: no NUL."""


class AnyPathConverter(_NoNul, PathConverter):
    """``<path:name>``: no NUL."""
