"""The public event page, kept for a moment in each process (EVENT_PAGE_CACHE_SECONDS).

In a registration rush hundreds of new visitors a second open the same event page, and
rendering it (the seat counts, the form with 357 kommuner, the translations) costs more than
the registration itself. For a visitor who is not signed in, has no message waiting and asks
with no query string, the page is the same for everyone but the CSRF token: the page rendered
for one is kept for a second or two, and each later visitor gets it with their own token put
in (the token of their own new session, as Flask-WTF would have rendered it).

What can be stale is only what the page shows: «N plasser igjen» and the waiting list's
length, at most EVENT_PAGE_CACHE_SECONDS old in each process (an organiser's edit shows as
late). The database still decides every seat when the form is sent. 0 turns it off.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from flask import current_app, request, session
from flask_login import current_user
from flask_wtf.csrf import generate_csrf

from ..core.i18n import interface_language
from ..core.types import utcnow


@dataclass(frozen=True)
class _Kept:
    html: str
    token: str  # the CSRF token in ``html``, replaced by each visitor's own
    until: datetime


def _store() -> dict[tuple[Any, ...], _Kept]:
    return current_app.extensions.setdefault("event_page_cache", {})  # type: ignore[no-any-return]


def _seconds() -> float:
    return float(current_app.config.get("EVENT_PAGE_CACHE_SECONDS") or 0)


def _key(event_id: int) -> tuple[Any, ...] | None:
    """None: this visitor's page is their own (signed in, a flashed message, a query)."""
    if _seconds() <= 0 or request.args or "_flashes" in session \
            or current_user.is_authenticated:
        return None
    return (event_id, interface_language(), request.host)


def kept(event_id: int) -> str | None:
    """The kept page with this visitor's own CSRF token in it, or None."""
    key = _key(event_id)
    if key is None:
        return None
    page = _store().get(key)
    if page is None or utcnow() >= page.until:
        return None
    return page.html.replace(page.token, generate_csrf())


def keep(event_id: int, html: str) -> None:
    """Keep a freshly rendered 200 page (its token is this request's)."""
    key = _key(event_id)
    if key is None:
        return
    store = _store()
    if len(store) > 1000:  # many events at once: start over rather than grow
        store.clear()
    store[key] = _Kept(html, generate_csrf(), utcnow() + timedelta(seconds=_seconds()))
