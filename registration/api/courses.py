"""The instructor registry for scripts: GET /api/v1/instructors (see openapi.py)."""

from __future__ import annotations

from flask import jsonify, request
from flask.typing import ResponseReturnValue
from flask_login import current_user

from ..accounts.models import TokenScope, UserRole
from ..accounts.permissions import api_forbidden, api_signed_in_required, token_scopes
from ..courses import registry
from ..courses.registry_views import parse_filter
from .common import api_error as _error
from .common import bp


@bp.get("/instructors")
@api_signed_in_required
@token_scopes(TokenScope.EXPORT)
def list_instructors() -> ResponseReturnValue:
    """Everyone with a completed level, at their highest level; names and addresses, so only
    for admins and organisers (a bearer token with the export scope)."""
    if current_user.role not in (UserRole.ADMIN, UserRole.ARRANGOR):
        return api_forbidden("Instruktørregisteret er for arrangører og administratorer.")
    f, errors = parse_filter(request.args)
    if errors:
        return _error(422, "validation_failed", "Noen filtre er ikke gyldige.", fields=errors)
    return jsonify(instructors=[i.as_json() for i in registry.instructors(f)])
