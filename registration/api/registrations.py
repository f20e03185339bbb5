"""The API's resource: see openapi.py for the shapes."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import Response, jsonify, request
from flask.typing import ResponseReturnValue
from flask_login import current_user

from ..accounts.models import TokenScope
from ..accounts.permissions import (
    api_forbidden,
    api_signed_in_required,
    can_manage,
    token_scopes,
)
from ..checkin import tickets
from ..core import ratelimit
from ..core.extensions import db
from ..courses.prerequisites import PrerequisiteMissing
from ..events import catalogue
from ..mail import calendar
from ..models import Event, Registration
from ..networks.audience import hidden_from_anonymous
from ..questions import answers as own_answers
from ..questions.builder import questions_of
from ..registrations import exports, express, lookup, rules, seats, session_choice, validation
from ..registrations import operations as registrations
from ..registrations.models import RegistrationStatus
from ..registrations.views import limit_lookup_per_address, limit_lookup_per_client
from .common import api_error as _error
from .common import bp

FIELDS = ("name", "email", "mobile", "kommune", "workplace", "role", "mode")


def _parse_participant(body: dict[str, Any], event: Event | express.PlainEvent
                       ) -> tuple[rules.Participant | None, dict[str, str]]:
    errors: dict[str, str] = {}
    clean: dict[str, Any] = {}
    checks = {
        "name": validation.name,
        "email": validation.email,
        "mobile": validation.mobile,
        "kommune": validation.kommune,
        "workplace": validation.workplace,
        "role": validation.role,
        "mode": lambda v: validation.mode(v, event.modes),
    }
    for key, check in checks.items():
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
    questions = [] if isinstance(event, express.PlainEvent) else questions_of(event.id)
    given, answer_errors = own_answers.parse(questions, body.get("answers"),
                                             health_consent=body.get("health_consent") is True)
    errors.update(answer_errors)
    session_ids: tuple[int, ...] = ()
    if isinstance(event, Event) and event.chooses_sessions:  # elsewhere ignored, as always
        try:
            session_ids = session_choice.parse_session_ids(event, body.get("session_ids"))
        except validation.FieldError as error:
            errors["session_ids"] = str(error)
    if errors:
        return None, errors
    return rules.Participant(
        name=clean["name"],
        email=clean["email"],
        mobile=clean["mobile"],
        kommunenummer=clean["kommune"],
        workplace=clean["workplace"],
        role=clean["role"],
        mode=clean["mode"],
        diet=clean.get("diet"),
        diet_consent=body.get("diet_consent") is True,
        answers=given,
        session_ids=session_ids,
    ), {}


@bp.post("/events/<int:event_id>/registrations")
def create_registration(event_id: int) -> ResponseReturnValue:
    if express.enabled():  # a plain event (most are): registrations/express.py
        with express.lane(event_id) as lane:
            if lane is not None:
                return _create(lane.event, lane.register)
    event = catalogue.published(event_id)
    if event is None or hidden_from_anonymous(event):  # invitation-only: not found here
        return _error(404, "not_found", rules.REFUSAL_MESSAGES["not_found"])
    return _create(event, lambda participant: registrations.register(event_id, participant))


def _create(event: Event | express.PlainEvent,
            register: Callable[[rules.Participant], rules.Outcome]) -> ResponseReturnValue:
    body = request.get_json(silent=True)
    email = body.get("email") if isinstance(body, dict) else None
    wait = ratelimit.over_limit({
        "REGISTRATION_LIMIT": ratelimit.client_address(),
        "REGISTRATION_EMAIL_LIMIT": rules.normalize_email(email) if isinstance(email, str)
        else None,
    })
    if wait:
        return _rate_limited(wait, "registration API")
    if body is None:
        return _error(400, "invalid_json", "Forespørselen må være gyldig JSON.")
    if not isinstance(body, dict):
        return _error(422, "invalid_body", "Forespørselen må være et JSON-objekt.")
    participant, errors = _parse_participant(body, event)
    if participant is None:
        return _error(422, "validation_failed", "Noen felt er ikke riktig utfylt.", fields=errors)
    try:
        outcome = register(participant)
    except rules.RegistrationRefused as refused:
        status = 409 if refused.code in {"duplicate", "full", "kommune_quota"} else 422
        if refused.code == "not_found":
            status = 404
        if isinstance(refused, PrerequisiteMissing):
            return _error(422, refused.code, refused.message, requires=refused.requires)
        if refused.code in {"members_only", "invitation_required"}:
            status = 403
        return _error(status, refused.code, refused.message)
    created: dict[str, Any] = {
        "status": outcome.status, "token": outcome.token,
        "waitlist_position": outcome.waitlist_position, "event_id": outcome.event_id,
        "mode": outcome.mode}
    if outcome.waitlist_reason:  # only when waiting for the kommune's share
        created["waitlist_reason"] = outcome.waitlist_reason
    if isinstance(event, Event) and event.chooses_sessions:
        created["sessions"] = session_choice.sessions_json(outcome.registration)
    return jsonify(created), 201


def _rate_limited(wait: int, what: str) -> ResponseReturnValue:
    ratelimit.log_refusal(what)
    response, status = _error(429, "rate_limited", ratelimit.message(wait))
    response.headers["Retry-After"] = str(wait)
    return response, status


def _registration_json(registration: Registration) -> dict[str, Any]:
    data: dict[str, Any] = {
        "status": registration.status,
        "waitlist_position": seats.waitlist_position(registration),
        "event_id": registration.event_id,
        "mode": registration.mode,
    }
    if registration.waitlist_reason and registration.status == RegistrationStatus.WAITLISTED:
        data["waitlist_reason"] = registration.waitlist_reason
    if rules.has_ticket(registration):
        data["ticket_code"] = tickets.ensure_ticket_code(registration)
    if registration.event.chooses_sessions:  # each session has its own line
        data["sessions"] = session_choice.sessions_json(registration)
        places = [s["waitlist_position"] for s in data["sessions"] if s["waitlist_position"]]
        data["waitlist_position"] = min(places) if places and \
            registration.status == RegistrationStatus.WAITLISTED else None
    return data


@bp.get("/events/<int:event_id>/export.<fmt>")
@api_signed_in_required
@token_scopes(TokenScope.EXPORT)
def export_event(event_id: int, fmt: str) -> ResponseReturnValue:
    """Participant lists for scripts: a bearer token of an account allowed to see the event."""
    event = db.session.get(Event, event_id)
    if event is None or fmt not in exports.FORMATS:
        return _error(404, "not_found", rules.REFUSAL_MESSAGES["not_found"])
    if not can_manage(current_user, event):
        return api_forbidden()
    try:
        f, session = exports.filter_from_args(event, request.args)
    except ValueError as error:
        return _error(400, "invalid_parameter", f"Ugyldig verdi for {error}.")
    return exports.download(event, f, session, fmt, current_user)


@bp.get("/registrations/<token>")
def get_registration(token: str) -> ResponseReturnValue:
    registration = registrations.get_by_token(token)
    if registration is None:
        return _error(404, "not_found", "Fant ikke påmeldingen.")
    return jsonify(_registration_json(registration))


@bp.get("/registrations/<token>/invite.ics")
def registration_invite(token: str) -> ResponseReturnValue:
    registration = registrations.get_by_token(token)
    if registration is None or registration.status != RegistrationStatus.CONFIRMED:
        return _error(404, "not_found", "Fant ingen bekreftet påmelding.")
    response = Response(calendar.invite(registration), mimetype="text/calendar")
    response.headers["Content-Disposition"] = 'attachment; filename="invitasjon.ics"'
    return response


@bp.get("/registrations/<token>/qr.png")
def registration_qr(token: str) -> ResponseReturnValue:

    registration = registrations.get_by_token(token)
    if registration is None or not rules.has_ticket(registration):
        return _error(404, "not_found", "Fant ingen billett: den er for bekreftet fysisk oppmøte.")
    return Response(tickets.ticket_png(tickets.ensure_ticket_code(registration)),
                    mimetype="image/png")


@bp.delete("/registrations/<token>")
def cancel_registration(token: str) -> ResponseReturnValue:
    registration = registrations.get_by_token(token)
    if registration is None:
        return _error(404, "not_found", "Fant ikke påmeldingen.")
    wait = ratelimit.over_limit({"CHANGE_LIMIT": ratelimit.client_address(),
                                 "CHANGE_EMAIL_LIMIT": registration.email_normalized})
    if wait:
        return _rate_limited(wait, "cancel API")
    try:
        outcome = registrations.cancel(token)
    except rules.RegistrationRefused as refused:
        status = 404 if refused.code == "not_found" else 409
        return _error(status, refused.code, refused.message)
    return jsonify(_registration_json(outcome.registration))


LOOKUP_ANSWER = {
    "status": "accepted",
    "message": "Hvis adressen har påmeldinger som ikke er over ennå, sender vi lenkene dit.",
}


@bp.route("/registrations/lookup", methods=["POST", "OPTIONS"])
@limit_lookup_per_client
@limit_lookup_per_address
def lookup_registrations() -> ResponseReturnValue:
    """«Finn påmeldingen min»: always 202 with the same body for any JSON object, whether
    or not the address has registrations, and also when the address is not a valid one
    (then nothing is sent): the answer tells nobody anything about an address."""
    if request.method == "OPTIONS":
        # Answered here: Flask's own answer would list the methods of /registrations/<token>
        # too, which the address also matches.
        return "", 200, {"Allow": "OPTIONS, POST"}
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        return _error(400, "invalid_json", "Forespørselen må være et JSON-objekt, "
                                            'for eksempel {"email": "navn@kommune.no"}.')
    try:
        email = validation.email(body.get("email"))
    except validation.FieldError:
        email = None
    if email is not None:
        lookup.send_links(email)
    return jsonify(LOOKUP_ANSWER), 202


@bp.post("/registrations/<token>/erase")
def erase_registration(token: str) -> ResponseReturnValue:
    """«Slett meg»: cancel (the seat passes on) and anonymise at once. The token dies with it."""
    from ..privacy import erasure

    try:
        erasure.erase(token)
    except rules.RegistrationRefused:
        return _error(404, "not_found", "Fant ikke påmeldingen.")
    return jsonify(erased=True, message="Påmeldingen er avmeldt og personopplysningene slettet.")
