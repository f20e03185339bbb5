"""Group registration over the API: see openapi.py for the shapes."""

from __future__ import annotations

from typing import Any

from flask import jsonify, request
from flask.typing import ResponseReturnValue

from ..core import ratelimit
from ..events import catalogue
from ..groups import operations as groups
from ..groups import parse
from ..registrations import rules
from .common import api_error as _error
from .common import bp


def _rows(rows: list[groups.Row]) -> list[dict[str, Any]]:
    return [{"email": row.email, "status": row.status, "token": row.token,
             "waitlist_position": row.waitlist_position} for row in rows]


@bp.post("/events/<int:event_id>/group-registrations")
def create_group_registration(event_id: int) -> ResponseReturnValue:
    event = catalogue.published(event_id)
    if event is None:
        return _error(404, "not_found", rules.REFUSAL_MESSAGES["not_found"])
    body = request.get_json(silent=True)
    contact = body.get("contact") if isinstance(body, dict) else None
    email = contact.get("email") if isinstance(contact, dict) else None
    wait = ratelimit.over_limit({
        "REGISTRATION_LIMIT": ratelimit.client_address(),
        "REGISTRATION_EMAIL_LIMIT": rules.normalize_email(email) if isinstance(email, str)
        else None,
    })
    if wait:
        ratelimit.log_refusal("group registration API")
        response, status = _error(429, "rate_limited", ratelimit.message(wait))
        response.headers["Retry-After"] = str(wait)
        return response, status
    if body is None:
        return _error(400, "invalid_json", "Forespørselen må være gyldig JSON.")
    if not isinstance(body, dict):
        return _error(422, "invalid_body", "Forespørselen må være et JSON-objekt.")
    found, errors = parse.group(body, event)
    if found is None:
        return _error(422, "validation_failed", "Noen felt er ikke riktig utfylt.", fields=errors)
    try:
        outcome = groups.register_group(event_id, found)
    except groups.GroupRowErrors as refused:
        return _error(422, "validation_failed", "Noen deltakere er allerede påmeldt.",
                      fields=refused.errors)
    except rules.RegistrationRefused as refused:
        status = 409 if refused.code in {"full", "kommune_quota"} else 422
        if refused.code == "not_found":
            status = 404
        return _error(status, refused.code, refused.message)
    return jsonify(group_token=outcome.group_token, registrations=_rows(outcome.rows)), 201


@bp.get("/groups/<group_token>")
def get_group(group_token: str) -> ResponseReturnValue:
    group = groups.get_by_token(group_token)
    if group is None or group.anonymised_at is not None:
        return _error(404, "not_found", "Fant ikke gruppen.")
    return jsonify(group_token=group.token, event_id=group.event_id, group_name=group.name,
                   all_or_nothing=group.all_or_nothing, registrations=_rows(groups.rows_of(group)))
