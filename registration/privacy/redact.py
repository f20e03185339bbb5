"""Only what is needed in logs: personal links are secrets, and searches carry names.

``redact(text)`` replaces the token in every personal path (``/pamelding/<token>…``,
``/delta/<token>/…``, ``/evaluering/<token>``, ``/api/v1/registrations/<token>…``) with
``<token>`` and the value of query parameters that carry personal data (a search for a name,
an e-mail, a code) with ``<redacted>``. It is used by

- ``RedactingFilter``: a logging filter for Werkzeug's development server log and the app's
  own logger (installed by ``install(app)`` in ``create_app``). For the app's error reports
  it also drops the exception *messages* from the traceback (a database error's message can
  quote the values of a form), keeping the types and the stack;
- ``GunicornLogger``: gunicorn's logger with the request line, path, query and referer
  redacted (``deploy/gunicorn.conf.py`` sets it as ``logger_class``).
"""

from __future__ import annotations

import logging
import re
import traceback
from typing import Any

from flask import Flask

PLACEHOLDER = "<token>"
HIDDEN = "<redacted>"
# The characters a token can have (URL-safe base64) and what may surround it in a log line:
# a path segment ends at "/", "?", "#", whitespace, a quote or an ANSI colour escape.
_PERSONAL_PATH = re.compile(
    r"(/(?:pamelding|delta|evaluering)/|/api/v1/registrations/)"
    r"(?!lookup(?:[/?#\s\"\x1b]|$))"  # «Finn påmeldingen min» carries no token
    r"[^/?#\s\"'\x1b]+"
)
# Query parameters whose values are personal: searches by name or e-mail, codes, links.
PERSONAL_PARAMS = ("q", "email", "epost", "e-post", "name", "navn", "code", "kode", "token",
                   "next", "mobile", "mobil")
_PERSONAL_QUERY = re.compile(
    r"([?&](?:" + "|".join(re.escape(p) for p in PERSONAL_PARAMS) + r")=)[^&#\s\"'\x1b]*",
    re.IGNORECASE,
)


def redact(text: str | None) -> str:
    """``text`` with tokens in personal paths and personal query values replaced."""
    if not text:
        return text or ""
    text = _PERSONAL_PATH.sub(lambda m: m.group(1) + PLACEHOLDER, text)
    return _PERSONAL_QUERY.sub(lambda m: m.group(1) + HIDDEN, text)


def safe_traceback(exc_info: Any) -> str:
    """A traceback with every exception's message removed: the types and the stack (file,
    line, function, source line) stay, which is what finding a bug needs."""
    _type, error, _tb = exc_info
    lines: list[str] = []
    seen: set[int] = set()
    chain: list[BaseException] = []
    while error is not None and id(error) not in seen:
        seen.add(id(error))
        chain.append(error)
        error = error.__cause__ or (None if error.__suppress_context__ else error.__context__)
    for position, current in enumerate(reversed(chain)):
        if position:
            lines.append(
                "\nThe above exception was the direct cause of the following exception:\n\n"
                if current.__cause__ is not None else
                "\nDuring handling of the above exception, another exception occurred:\n\n")
        lines.append("Traceback (most recent call last):\n")
        lines.extend(traceback.format_tb(current.__traceback__))
        name = type(current).__module__ + "." + type(current).__qualname__
        lines.append(f"{name}: (message left out: it may hold personal data)\n")
    return redact("".join(lines).rstrip("\n"))


class RedactingFilter(logging.Filter):
    """Rewrites a record's message (and traceback) without tokens or personal queries."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # noqa: BLE001  (a broken record is logged as it is)
            return True
        record.msg, record.args = redact(message), None
        if record.exc_info and record.exc_info[0] is not None:
            record.exc_text = safe_traceback(record.exc_info)
        return True


def _has_filter(target: logging.Logger) -> bool:
    return any(isinstance(f, RedactingFilter) for f in target.filters)


def install(app: Flask) -> None:
    """Werkzeug's request log and the app's logger pass through ``RedactingFilter``."""
    for target in (logging.getLogger("werkzeug"), app.logger):
        if not _has_filter(target):
            target.addFilter(RedactingFilter())


def redact_atoms(atoms: dict[str, Any]) -> dict[str, Any]:
    """gunicorn's access-log atoms with the request line, path, query and referer (and any
    header that may carry a URL) redacted."""
    out = dict(atoms)
    for key in ("r", "U", "f", "{referer}i", "{origin}i"):
        if isinstance(out.get(key), str):
            out[key] = redact(out[key])
    if isinstance(out.get("q"), str) and out["q"]:
        out["q"] = redact("?" + out["q"])[1:]
    return out


try:  # gunicorn is there in production and in the tests; the app itself does not need it
    from gunicorn.glogging import Logger as _GunicornLogger  # type: ignore[import-untyped]
except ImportError:  # pragma: no cover
    _GunicornLogger = object  # type: ignore[assignment,misc]


class GunicornLogger(_GunicornLogger):  # type: ignore[misc,valid-type]
    """gunicorn's logger, with personal links and searches redacted in the access log and
    in its error log."""

    def atoms(self, resp: Any, req: Any, environ: Any, request_time: Any) -> dict[str, Any]:
        return redact_atoms(super().atoms(resp, req, environ, request_time))

    def setup(self, cfg: Any) -> None:
        super().setup(cfg)
        for target in (self.error_log, self.access_log):
            if not _has_filter(target):
                target.addFilter(RedactingFilter())
