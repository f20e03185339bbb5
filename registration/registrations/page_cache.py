"""The public event page and the catalogue, kept for a moment in each process
(EVENT_PAGE_CACHE_SECONDS).

In a registration rush hundreds of new visitors a second open the same event page, and
rendering it (the seat counts, the form with 357 kommuner, the translations) costs more than
the registration itself. For a visitor who is not signed in, has no message waiting and asks
with no query string, the page is the same for everyone but the CSRF token: the page rendered
for one is kept for a second or two, and each later visitor gets it with their own token put
in (the token of their own new session, as Flask-WTF would have rendered it). The catalogue
(the front page, no filter chosen) has no form to protect: it is kept as it is.

What can be stale is only what the pages show: «N plasser igjen» and the waiting list's
length, and on the catalogue an event published or changed within the moment, at most
EVENT_PAGE_CACHE_SECONDS old in each process (an organiser's edit shows as late). The
database still decides every seat when the form is sent. 0 turns it off.
"""

from __future__ import annotations

from collections.abc import Hashable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from flask import current_app, request, session
from flask_wtf.csrf import generate_csrf

from ..accounts.permissions import nobody_signed_in
from ..core.i18n import interface_language
from ..core.types import utcnow


@dataclass(frozen=True)
class _Kept:
    html: str
    token: str  # the CSRF token in ``html``, replaced by each visitor's own ("": none)
    until: datetime


def _store() -> dict[tuple[Any, ...], _Kept]:
    return current_app.extensions.setdefault("event_page_cache", {})  # type: ignore[no-any-return]


def _seconds() -> float:
    return float(current_app.config.get("EVENT_PAGE_CACHE_SECONDS") or 0)


def _key(page: Hashable) -> tuple[Any, ...] | None:
    """None: this visitor's page is their own (signed in, a flashed message, a query)."""
    if _seconds() <= 0 or request.args or "_flashes" in session or not nobody_signed_in():
        return None
    return (page, interface_language(), request.host)


def kept(page: Hashable) -> str | None:
    """The kept page (("event", id), ("catalogue",)) with this visitor's own CSRF token in
    it, or None."""
    key = _key(page)
    if key is None:
        return None
    found = _store().get(key)
    if found is None or utcnow() >= found.until:
        return None
    return found.html.replace(found.token, generate_csrf()) if found.token else found.html


def keep(page: Hashable, html: str, *, has_form: bool = True) -> None:
    """Keep a freshly rendered 200 page (its token, if it ``has_form``, is this
    request's)."""
    key = _key(page)
    if key is None:
        return
    store = _store()
    if len(store) > 1000:  # many events at once: start over rather than grow
        store.clear()
    store[key] = _Kept(html, generate_csrf() if has_form else "",
                       utcnow() + timedelta(seconds=_seconds()))
