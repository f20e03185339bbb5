"""The API's resource: see openapi.py for the shapes."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from flask import jsonify, request
from flask.typing import ResponseReturnValue
from flask_login import current_user

from ..accounts.models import TokenScope
from ..accounts.permissions import (
    api_forbidden,
    api_signed_in_required,
    can_check_in,
    may_check_in,
    token_scopes,
)
from ..core.extensions import db
from ..core.ids import MAX_ID, parse_id
from ..models import Event, EventSession
from .common import api_error as _error
from .common import bp

if TYPE_CHECKING:
    from ..checkin.operations import DoorSession


def _checkin_session(body: dict[str, Any]) -> tuple[DoorSession | None, str | None]:
    """The session to check in for: given, or the one running now for the given event, or
    (code only) for the ticket's own event."""
    from ..checkin.operations import DoorSession, door_session, registration_by_code, session_now

    raw_session, raw_event = body.get("session_id"), body.get("event_id")
    for key, raw in (("session_id", raw_session), ("event_id", raw_event)):
        if raw is not None and (not isinstance(raw, int) or isinstance(raw, bool)):
            return None, f"{key} må være et heltall."
    if raw_session is not None:
        if not 0 < raw_session <= MAX_ID:  # beyond the database's integer: no such session
            return None, None
        return door_session(raw_session), None  # a row with its event's owner: every scan
    if raw_event is not None:
        event = db.session.get(Event, raw_event) if 0 < raw_event <= MAX_ID else None
        session = session_now(event) if event else None
    else:
        registration = registration_by_code(body.get("code"))
        session = session_now(registration.event) if registration else None
    return (DoorSession.of(session) if session else None), None


@bp.post("/checkin")
@api_signed_in_required
@token_scopes(TokenScope.CHECKIN)
def checkin() -> ResponseReturnValue:
    """Check a ticket in: one of checked_in, already_checked_in, not_registered, cancelled,
    waitlisted, digital_only. Idempotent with a client nonce."""
    from ..checkin import operations as door

    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        return _error(400, "invalid_json", "Forespørselen må være et JSON-objekt.")
    nonce = body.get("nonce")
    if nonce is not None and (not isinstance(nonce, str) or not 0 < len(nonce) <= 64):
        return _error(422, "validation_failed", "nonce må være tekst på 1–64 tegn.",
                      fields={"nonce": "nonce må være tekst på 1–64 tegn."})
    session, problem = _checkin_session(body)
    if problem:
        return _error(422, "validation_failed", problem, fields={problem.split()[0]: problem})
    if session is None:
        if body.get("session_id") is None and body.get("event_id") is None:
            return jsonify(door.Answer("not_registered").as_json())
        return _error(404, "not_found", "Fant ikke økten.")
    if not may_check_in(current_user, session.event_id, session.owner_id):
        return api_forbidden("Du har ikke tilgang til innsjekking her.")
    counts = dict[str, int]()  # filled in the scan's transaction
    answer = door.check_in(session, body.get("code"), current_user, nonce=nonce,
                           counts=counts)
    return jsonify({**answer.as_json(), "session_id": session.id, "counts": counts})


@bp.get("/checkin/lookup")
@api_signed_in_required
@token_scopes(TokenScope.CHECKIN)
def checkin_lookup() -> ResponseReturnValue:
    """Look a code up for a session without checking in: the same answers as a scan, or
    not_checked_in."""
    from ..checkin import operations as door

    raw = request.args.get("session_id", "")
    if parse_id(raw) is None:
        return _error(422, "validation_failed", "session_id må være et heltall.",
                      fields={"session_id": "session_id må være et heltall."})
    session = db.session.get(EventSession, int(raw))
    if session is None:
        return _error(404, "not_found", "Fant ikke økten.")
    if not can_check_in(current_user, db.session.get_one(Event, session.event_id)):
        return api_forbidden("Du har ikke tilgang til innsjekking her.")
    return jsonify(door.look_up(session, request.args.get("code", "")).as_json())


@bp.delete("/checkin/<int:check_in_id>")
@api_signed_in_required
@token_scopes(TokenScope.CHECKIN)
def undo_checkin(check_in_id: int) -> ResponseReturnValue:
    from ..checkin import operations as door
    from ..models import CheckIn

    row = db.session.get(CheckIn, check_in_id)
    session = db.session.get(EventSession, row.session_id) if row else None
    if session is None:
        return _error(404, "not_found", "Fant ikke innsjekkingen.")
    event = db.session.get_one(Event, session.event_id)
    if not can_check_in(current_user, event):
        return api_forbidden("Du har ikke tilgang til innsjekking her.")
    door.undo(check_in_id, event, current_user)
    return jsonify(result="undone", counts=door.counts(session))


@bp.get("/sessions/<int:session_id>/counts")
@api_signed_in_required
@token_scopes(TokenScope.CHECKIN, TokenScope.READ)
def session_counts(session_id: int) -> ResponseReturnValue:
    from ..checkin import operations as door

    session = db.session.get(EventSession, session_id)
    if session is None:
        return _error(404, "not_found", "Fant ikke økten.")
    if not can_check_in(current_user, db.session.get_one(Event, session.event_id)):
        return api_forbidden("Du har ikke tilgang til innsjekking her.")
    return jsonify(session_id=session.id, **door.counts(session))
