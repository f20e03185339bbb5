"""Thin JSON views over catalogue and seats; same rules and messages as the web form."""

from __future__ import annotations

from typing import Any

from flask import Response, jsonify, request
from flask.typing import ResponseReturnValue
from flask_login import current_user
from sqlalchemy import select

from .. import auth, calendar, catalogue, exports, seats, validation
from ..extensions import db
from ..models import Event, EventSession, Registration
from . import bp
from .openapi import document

FIELDS = ("name", "email", "mobile", "kommune", "workplace", "role", "mode")


def _event_json(event: Event) -> dict[str, Any]:
    return {
        "id": event.id,
        "title": event.title,
        "kind": event.kind,
        "topic": event.topic,
        "status": event.status,
        "participation": event.participation,
        "sessions": [
            {
                "id": s.id,
                "title": s.title,
                "starts_at": s.starts_at.isoformat(),
                "ends_at": s.ends_at.isoformat(),
                "place": s.place,
                "online": s.online,
            }
            for s in event.sessions
        ],
        "modes": [
            {
                "mode": s["mode"],
                "capacity": s["capacity"],
                "seats_left": s["seats_left"],
                "waitlist": s["waitlist"],
            }
            for s in seats.seat_summary(event)
        ],
        "registration_opens_at": _iso(event.registration_opens_at),
        "registration_closes_at": _iso(event.registration_closes_at),
        "cancellation_deadline": _iso(event.cancellation_deadline),
    }


def _iso(value: Any) -> str | None:
    return value.isoformat() if value is not None else None


def _error(status: int, code: str, message: str, **extra: Any) -> ResponseReturnValue:
    return jsonify(error=code, message=message, **extra), status


@bp.get("/openapi.json")
def openapi() -> ResponseReturnValue:
    return jsonify(document())


@bp.get("/events")
def list_events() -> ResponseReturnValue:
    events = catalogue.upcoming(catalogue.CatalogueFilter())
    return jsonify(events=[_event_json(e) for e in events])


@bp.get("/events/<int:event_id>")
def get_event(event_id: int) -> ResponseReturnValue:
    event = catalogue.published(event_id)
    if event is None:
        return _error(404, "not_found", seats.REFUSAL_MESSAGES["not_found"])
    return jsonify(_event_json(event))


def _parse_participant(body: dict[str, Any], event: Event) -> tuple[seats.Participant | None,
                                                                      dict[str, str]]:
    errors: dict[str, str] = {}
    clean: dict[str, Any] = {}
    rules = {
        "name": validation.name,
        "email": validation.email,
        "mobile": validation.mobile,
        "kommune": validation.kommune,
        "workplace": validation.workplace,
        "role": validation.role,
        "mode": lambda v: validation.mode(v, event.modes),
    }
    for key, check in rules.items():
        try:
            clean[key] = check(body.get(key))
        except validation.FieldError as error:
            errors[key] = str(error)
    if event.serves_food:
        try:
            clean["diet"] = validation.diet(body.get("diet"))
        except validation.FieldError as error:
            errors["diet"] = str(error)
        if clean.get("diet") and body.get("diet_consent") is not True:
            errors["diet_consent"] = "Samtykke (diet_consent: true) kreves for å lagre kostbehov."
    if body.get("privacy_accepted", True) is not True:
        errors["privacy_accepted"] = "Personvernerklæringen må godtas."
    if errors:
        return None, errors
    return seats.Participant(
        name=clean["name"],
        email=clean["email"],
        mobile=clean["mobile"],
        kommunenummer=clean["kommune"],
        workplace=clean["workplace"],
        role=clean["role"],
        mode=clean["mode"],
        diet=clean.get("diet"),
        diet_consent=body.get("diet_consent") is True,
    ), {}


@bp.post("/events/<int:event_id>/registrations")
def create_registration(event_id: int) -> ResponseReturnValue:
    event = catalogue.published(event_id)
    if event is None:
        return _error(404, "not_found", seats.REFUSAL_MESSAGES["not_found"])
    body = request.get_json(silent=True)
    if body is None:
        return _error(400, "invalid_json", "Forespørselen må være gyldig JSON.")
    if not isinstance(body, dict):
        return _error(422, "invalid_body", "Forespørselen må være et JSON-objekt.")
    participant, errors = _parse_participant(body, event)
    if participant is None:
        return _error(422, "validation_failed", "Noen felt er ikke riktig utfylt.", fields=errors)
    try:
        outcome = seats.register(event_id, participant)
    except seats.RegistrationRefused as refused:
        status = 409 if refused.code in {"duplicate", "full"} else 422
        if refused.code == "not_found":
            status = 404
        return _error(status, refused.code, refused.message)
    return jsonify(
        status=outcome.status,
        token=outcome.token,
        waitlist_position=outcome.waitlist_position,
        event_id=outcome.event_id,
        mode=outcome.mode,
    ), 201


def _registration_json(registration: Registration) -> dict[str, Any]:
    data = {
        "status": registration.status,
        "waitlist_position": seats.waitlist_position(registration),
        "event_id": registration.event_id,
        "mode": registration.mode,
    }
    if registration.status == "confirmed":
        data["ticket_code"] = seats.ensure_ticket_code(registration)
    return data


@bp.get("/events/<int:event_id>/export.<fmt>")
def export_event(event_id: int, fmt: str) -> ResponseReturnValue:
    """Participant lists for scripts: a bearer token of an account allowed to see the event."""
    if not current_user.is_authenticated:
        return _error(401, "unauthorized", "Krever innlogging eller en API-nøkkel (Bearer).")
    event = db.session.get(Event, event_id)
    if event is None or fmt not in exports.FORMATS:
        return _error(404, "not_found", seats.REFUSAL_MESSAGES["not_found"])
    if not auth.can_manage(current_user, event):
        return _error(403, "forbidden", "Du har ikke tilgang til dette arrangementet.")
    try:
        f, session = exports.filter_from_args(event, request.args)
    except ValueError as error:
        return _error(400, "invalid_parameter", f"Ugyldig verdi for {error}.")
    return exports.download(event, f, session, fmt, current_user)


@bp.get("/registrations/<token>")
def get_registration(token: str) -> ResponseReturnValue:
    registration = seats.get_by_token(token)
    if registration is None:
        return _error(404, "not_found", "Fant ikke påmeldingen.")
    return jsonify(_registration_json(registration))


@bp.get("/registrations/<token>/invite.ics")
def registration_invite(token: str) -> ResponseReturnValue:
    registration = seats.get_by_token(token)
    if registration is None or registration.status != "confirmed":
        return _error(404, "not_found", "Fant ingen bekreftet påmelding.")
    response = Response(calendar.invite(registration), mimetype="text/calendar")
    response.headers["Content-Disposition"] = 'attachment; filename="invitasjon.ics"'
    return response


@bp.get("/registrations/<token>/qr.png")
def registration_qr(token: str) -> ResponseReturnValue:
    from .. import mail

    registration = seats.get_by_token(token)
    if registration is None or registration.status != "confirmed":
        return _error(404, "not_found", "Fant ingen bekreftet påmelding.")
    return Response(mail.ticket_png(seats.ensure_ticket_code(registration)),
                    mimetype="image/png")


@bp.delete("/registrations/<token>")
def cancel_registration(token: str) -> ResponseReturnValue:
    if seats.get_by_token(token) is None:
        return _error(404, "not_found", "Fant ikke påmeldingen.")
    try:
        outcome = seats.cancel(token)
    except seats.RegistrationRefused as refused:
        status = 404 if refused.code == "not_found" else 409
        return _error(status, refused.code, refused.message)
    return jsonify(_registration_json(outcome.registration))


def _checkin_session(body: dict[str, Any]) -> tuple[EventSession | None, str | None]:
    """The session to check in for: given, or the one running now for the given event, or
    (code only) for the ticket's own event."""
    from ..checkin import normalize_code, session_now

    raw_session, raw_event = body.get("session_id"), body.get("event_id")
    if raw_session is not None:
        if not isinstance(raw_session, int) or isinstance(raw_session, bool):
            return None, "session_id må være et heltall."
        return db.session.get(EventSession, raw_session), None
    if raw_event is not None:
        if not isinstance(raw_event, int) or isinstance(raw_event, bool):
            return None, "event_id må være et heltall."
        event = db.session.get(Event, raw_event)
        return (session_now(event) if event else None), None
    code = normalize_code(body.get("code"))
    registration = db.session.scalar(select(Registration).where(
        Registration.ticket_code == code)) if code else None
    return (session_now(registration.event) if registration else None), None


@bp.post("/checkin")
def checkin() -> ResponseReturnValue:
    """Check a ticket in: one of checked_in, already_checked_in, not_registered, cancelled,
    waitlisted, digital_only. Idempotent with a client nonce."""
    from .. import checkin as door

    if not current_user.is_authenticated:
        return _error(401, "unauthorized", "Krever innlogging eller en API-nøkkel (Bearer).")
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        return _error(400, "invalid_json", "Forespørselen må være et JSON-objekt.")
    nonce = body.get("nonce")
    if nonce is not None and (not isinstance(nonce, str) or not 0 < len(nonce) <= 64):
        return _error(422, "validation_failed", "nonce må være tekst på 1–64 tegn.",
                      fields={"nonce": "nonce må være tekst på 1–64 tegn."})
    session, problem = _checkin_session(body)
    if problem:
        return _error(422, "validation_failed", problem, fields={"session_id": problem})
    if session is None:
        if body.get("session_id") is None and body.get("event_id") is None:
            return jsonify(door.Answer("not_registered").as_json())
        return _error(404, "not_found", "Fant ikke økten.")
    event = db.session.get(Event, session.event_id)
    if not door.can_check_in(current_user, event):
        return _error(403, "forbidden", "Du har ikke tilgang til innsjekking her.")
    answer = door.check_in(session, body.get("code"), current_user, nonce=nonce)
    return jsonify({**answer.as_json(), "session_id": session.id,
                    "counts": door.counts(session)})


@bp.get("/checkin/lookup")
def checkin_lookup() -> ResponseReturnValue:
    """Look a code up for a session without checking in: the same answers as a scan, or
    not_checked_in."""
    from .. import checkin as door

    if not current_user.is_authenticated:
        return _error(401, "unauthorized", "Krever innlogging eller en API-nøkkel (Bearer).")
    raw = request.args.get("session_id", "")
    if not raw.isdigit() or len(raw) > 9:
        return _error(422, "validation_failed", "session_id må være et heltall.",
                      fields={"session_id": "session_id må være et heltall."})
    session = db.session.get(EventSession, int(raw))
    if session is None:
        return _error(404, "not_found", "Fant ikke økten.")
    if not door.can_check_in(current_user, db.session.get(Event, session.event_id)):
        return _error(403, "forbidden", "Du har ikke tilgang til innsjekking her.")
    return jsonify(door.look_up(session, request.args.get("code", "")).as_json())


@bp.delete("/checkin/<int:check_in_id>")
def undo_checkin(check_in_id: int) -> ResponseReturnValue:
    from .. import checkin as door
    from ..models import CheckIn

    if not current_user.is_authenticated:
        return _error(401, "unauthorized", "Krever innlogging eller en API-nøkkel (Bearer).")
    row = db.session.get(CheckIn, check_in_id)
    session = db.session.get(EventSession, row.session_id) if row else None
    if session is None:
        return _error(404, "not_found", "Fant ikke innsjekkingen.")
    event = db.session.get(Event, session.event_id)
    if not door.can_check_in(current_user, event):
        return _error(403, "forbidden", "Du har ikke tilgang til innsjekking her.")
    door.undo(check_in_id, event, current_user)
    return jsonify(result="undone", counts=door.counts(session))


@bp.get("/sessions/<int:session_id>/counts")
def session_counts(session_id: int) -> ResponseReturnValue:
    from .. import checkin as door

    if not current_user.is_authenticated:
        return _error(401, "unauthorized", "Krever innlogging eller en API-nøkkel (Bearer).")
    session = db.session.get(EventSession, session_id)
    if session is None:
        return _error(404, "not_found", "Fant ikke økten.")
    if not door.can_check_in(current_user, db.session.get(Event, session.event_id)):
        return _error(403, "forbidden", "Du har ikke tilgang til innsjekking her.")
    return jsonify(session_id=session.id, **door.counts(session))
