"""The API's networks: list them, their members, add and remove a member (admins and
arrangører, for the networks they run). See openapi.py for the shapes."""

from __future__ import annotations

from typing import Any

from flask import request
from flask.typing import ResponseReturnValue
from flask_login import current_user

from ..accounts.models import TokenScope
from ..accounts.permissions import (
    ORGANISER_ROLES,
    api_forbidden,
    api_signed_in_required,
    token_scopes,
)
from ..core import municipalities
from ..core.extensions import db
from ..networks import operations as networks
from ..networks.access import can_manage_network, get_network, managed_networks_query
from ..networks.models import Network, NetworkMember
from ..registrations import validation
from .common import api_error as _error
from .common import bp


def _network_json(network: Network) -> dict[str, Any]:
    return {"id": network.id, "name": network.name, "description": network.description,
            "contact_name": network.contact_name, "contact_email": network.contact_email,
            "member_count": len(network.members)}


def _member_json(member: NetworkMember) -> dict[str, Any]:
    return {"id": member.id, "name": member.name, "email": member.email,
            "mobile": member.mobile or None, "kommune": member.kommunenummer,
            "kommune_name": municipalities.name_of(member.kommunenummer),
            "workplace": member.workplace, "role": member.role}


def _network_or_error(network_id: int) -> tuple[Network | None, ResponseReturnValue | None]:
    if current_user.role not in ORGANISER_ROLES:
        return None, api_forbidden("Bare administratorer og arrangører har tilgang til nettverk.")
    network = get_network(network_id)
    if network is None:
        return None, _error(404, "not_found", "Fant ikke nettverket.")
    if not can_manage_network(current_user, network):
        return None, api_forbidden("Du har ikke tilgang til dette nettverket.")
    return network, None


@bp.get("/networks")
@api_signed_in_required
@token_scopes(TokenScope.READ, TokenScope.EXPORT)
def list_networks() -> ResponseReturnValue:
    if current_user.role not in ORGANISER_ROLES:
        return api_forbidden("Bare administratorer og arrangører har tilgang til nettverk.")
    found = db.session.scalars(managed_networks_query(current_user)).all()
    return {"networks": [_network_json(n) for n in found]}


# One rule for GET and POST: two rules on one path make Werkzeug answer 405 instead of 404
# for an id beyond the database's integer (found by schemathesis).
@bp.route("/networks/<int:network_id>/members", methods=["GET", "POST"])
@api_signed_in_required
@token_scopes(TokenScope.EXPORT)
def members(network_id: int) -> ResponseReturnValue:
    network, problem = _network_or_error(network_id)
    if network is None:
        return problem  # type: ignore[return-value]
    if request.method == "POST":
        return _add_member(network)
    return {"members": [_member_json(m) for m in network.members]}


MEMBER_FIELDS = {"name": validation.name, "email": validation.email,
                 "kommune": validation.kommune, "workplace": validation.workplace,
                 "role": validation.role}


def _parse_member(body: dict[str, Any]) -> tuple[networks.MemberFields | None, dict[str, str]]:
    clean: dict[str, str] = {}
    errors: dict[str, str] = {}
    for key, check in MEMBER_FIELDS.items():
        try:
            clean[key] = check(body.get(key))
        except validation.FieldError as error:
            errors[key] = str(error)
    mobile = body.get("mobile")
    clean["mobile"] = ""
    if mobile is not None and mobile != "":
        try:
            clean["mobile"] = validation.mobile(mobile)
        except validation.FieldError as error:
            errors["mobile"] = str(error)
    if errors:
        return None, errors
    return networks.MemberFields(name=clean["name"], email=clean["email"],
                                 kommunenummer=clean["kommune"], workplace=clean["workplace"],
                                 role=clean["role"], mobile=clean["mobile"]), {}


def _add_member(network: Network) -> ResponseReturnValue:
    body = request.get_json(silent=True)
    if body is None:
        return _error(400, "invalid_json", "Forespørselen må være gyldig JSON.")
    if not isinstance(body, dict):
        return _error(422, "invalid_body", "Forespørselen må være et JSON-objekt.")
    fields, errors = _parse_member(body)
    if fields is None:
        return _error(422, "validation_failed", "Noen felt er ikke riktig utfylt.", fields=errors)
    try:
        member = networks.add_member(network, fields, current_user)
    except networks.AlreadyMember:
        return _error(409, "already_member", "E-postadressen er allerede medlem av nettverket.")
    return _member_json(member), 201


@bp.delete("/networks/<int:network_id>/members/<int:member_id>")
@api_signed_in_required
@token_scopes(TokenScope.EXPORT)
def remove_member(network_id: int, member_id: int) -> ResponseReturnValue:
    network, problem = _network_or_error(network_id)
    if network is None:
        return problem  # type: ignore[return-value]
    if not networks.remove_member(network, member_id, current_user):
        return _error(404, "not_found", "Fant ikke medlemmet i nettverket.")
    return "", 204
