"""Who may do what: one place for the rules and for the decorators that apply them.

Web views use ``organiser_required`` / ``admin_required`` / ``signed_in_required`` (anonymous
→ 401, which the error handler turns into the sign-in page; wrong role → 403) and load
their event with ``managed_event_or_abort`` / ``check_in_event_or_abort``. API views use
``api_signed_in_required`` (401 as JSON with the API's error shape) and
``api_forbidden()``.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar, cast

from flask import abort, g, jsonify, request, session
from flask_login import current_user
from sqlalchemy import Select, or_, select

from ..core.extensions import db
from ..events.models import Event, event_host, event_organiser
from .models import TokenScope, User, UserRole

F = TypeVar("F", bound=Callable[..., Any])

ORGANISER_ROLES = (UserRole.ADMIN, UserRole.ARRANGOR)


# --- the rules ---------------------------------------------------------------------------

def is_signed_in(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False))


def nobody_signed_in() -> bool:
    """True when no one can be signed in on this request, known without loading anyone:
    no bearer token and no account in the session (where Flask-Login keeps it; there is no
    "remember me" cookie here). Asking current_user instead loads the user, and for a
    visitor hashes their address and browser for the session protection."""
    return "HTTP_AUTHORIZATION" not in request.environ and "_user_id" not in session


def can_manage(user: Any, event: Event) -> bool:
    """Lists, exports and changes: admins, the owner and co-organisers. Never hosts."""
    if not is_signed_in(user):
        return False
    if user.role == UserRole.ADMIN:
        return True
    if user.role != UserRole.ARRANGOR:
        return False
    return event.owner_id == user.id or any(o.id == user.id for o in event.organisers)


def can_check_in(user: Any, event: Event) -> bool:
    """Organisers of the event, admins, and the hosts assigned to it."""
    if can_manage(user, event):
        return True
    return is_signed_in(user) and any(h.id == user.id for h in event.hosts)


def may_check_in(user: Any, event_id: int, owner_id: int | None) -> bool:
    """can_check_in() by the event's id and owner: an admin or the owner is answered without
    loading the event (a door scans hundreds a minute); anyone else by can_check_in()."""
    if is_signed_in(user) and (user.role == UserRole.ADMIN or (
            user.role == UserRole.ARRANGOR and owner_id == user.id)):
        return True
    return can_check_in(user, db.session.get_one(Event, event_id))


def managed_events_query(user: User) -> Select[tuple[Event]]:
    query = select(Event)
    if user.role == UserRole.ADMIN:
        return query
    organised = select(event_organiser.c.event_id).where(event_organiser.c.user_id == user.id)
    return query.where(or_(Event.owner_id == user.id, Event.id.in_(organised)))


def hosted_event_ids(user: User) -> set[int]:
    return set(db.session.scalars(
        select(event_host.c.event_id).where(event_host.c.user_id == user.id)))


# --- web ---------------------------------------------------------------------------------

def _gate(allowed: Callable[[Any], bool]) -> Callable[[F], F]:
    def decorator(view: F) -> F:
        @wraps(view)
        def wrapped(*args: Any, **kwargs: Any) -> Any:
            if not is_signed_in(current_user):
                abort(401)
            if not allowed(current_user):
                abort(403)
            return view(*args, **kwargs)
        return cast(F, wrapped)
    return decorator


signed_in_required = _gate(lambda user: True)
organiser_required = _gate(lambda user: user.role in ORGANISER_ROLES)
admin_required = _gate(lambda user: user.role == UserRole.ADMIN)


def managed_event_or_abort(event_id: int) -> Event:
    """The event if the signed-in user may manage it; 404 if unknown, 403 if not theirs."""
    event = db.session.get(Event, event_id)
    if event is None:
        abort(404)
    if not can_manage(current_user, event):
        abort(403)
    return event


def check_in_event_or_abort(event_id: int) -> Event:
    """The event if the signed-in user may check people in for it (hosts too)."""
    event = db.session.get(Event, event_id)
    if event is None:
        abort(404)
    if not can_check_in(current_user, event):
        abort(403)
    return event


# --- API ---------------------------------------------------------------------------------

def api_error(status: int, code: str, message: str, **extra: Any) -> tuple[Any, int]:
    """The API's error shape: ``{"error": code, "message": text, ...}``."""
    return jsonify(error=code, message=message, **extra), status


SCOPE_NAMES = {TokenScope.CHECKIN: "innsjekking", TokenScope.EXPORT: "eksport",
               TokenScope.READ: "lese"}


def token_scopes(*scopes: TokenScope) -> Callable[[F], F]:
    """The token scopes an API route accepts (put it below ``api_signed_in_required``). A
    route without it accepts no token at all, only a signed-in browser session."""
    def decorator(view: F) -> F:
        view._token_scopes = frozenset(scopes)  # type: ignore[attr-defined]
        return view
    return decorator


def api_signed_in_required(view: F) -> F:
    """A session cookie or ``Authorization: Bearer <token>`` whose scope the route accepts
    (``token_scopes``); else 401 / 403 in the API's shape."""
    @wraps(view)
    def wrapped(*args: Any, **kwargs: Any) -> Any:
        if not is_signed_in(current_user):
            return api_error(401, "unauthorized",
                             "Krever innlogging eller en API-nøkkel (Bearer).")
        token = g.get("api_token")
        accepted: frozenset[TokenScope] = getattr(view, "_token_scopes", frozenset())
        if token is not None and token.scope not in accepted:
            needed = " eller ".join(sorted(SCOPE_NAMES[s] for s in accepted)) or "innlogging"
            return api_error(403, "insufficient_scope",
                             f"API-nøkkelen gjelder «{SCOPE_NAMES[token.scope]}»; dette "
                             f"krever {needed}.")
        return view(*args, **kwargs)
    return cast(F, wrapped)


def api_forbidden(message: str = "Du har ikke tilgang til dette arrangementet.") -> Any:
    return api_error(403, "forbidden", message)
