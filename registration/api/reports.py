"""The yearly report for scripts: JSON, Excel and CSV (see openapi_reports.py)."""

from __future__ import annotations

from flask import jsonify, request
from flask.typing import ResponseReturnValue
from flask_login import current_user

from ..accounts.models import TokenScope
from ..accounts.permissions import (
    ORGANISER_ROLES,
    api_forbidden,
    api_signed_in_required,
    token_scopes,
)
from ..reports import exports
from ..reports.views import parse_year, report_for
from .common import api_error, bp

_FLAGS = {"true": True, "1": True, "false": False, "0": False}


def _query() -> tuple[int, bool, ResponseReturnValue | None]:
    """(year, publishable, None), or the 422 answer as the third item."""
    year, problem = parse_year(request.args.get("year"))
    fields = {}
    if problem:
        fields["year"] = problem
    # As the API document says: absent, or exactly one of _FLAGS (an empty value is refused).
    flag = request.args.get("publishable", "false")
    if flag not in _FLAGS:
        fields["publishable"] = "publishable må være true eller false."
    if fields:
        return year, False, api_error(422, "validation_failed", next(iter(fields.values())),
                                      fields=fields)
    return year, _FLAGS[flag], None


@bp.get("/reports/yearly")
@api_signed_in_required
@token_scopes(TokenScope.READ, TokenScope.EXPORT)
def yearly_report() -> ResponseReturnValue:
    if current_user.role not in ORGANISER_ROLES:
        return api_forbidden("Rapporten er for administratorer og arrangører.")
    year, public, refused = _query()
    if refused is not None:
        return refused
    return jsonify(report_for(year, public))


@bp.get("/reports/yearly.<fmt>")
@api_signed_in_required
@token_scopes(TokenScope.READ, TokenScope.EXPORT)
def yearly_report_file(fmt: str) -> ResponseReturnValue:
    if fmt not in exports.FORMATS:
        return api_error(404, "not_found", "Rapporten finnes som .xlsx og .csv.")
    if current_user.role not in ORGANISER_ROLES:
        return api_forbidden("Rapporten er for administratorer og arrangører.")
    year, public, refused = _query()
    if refused is not None:
        return refused
    return exports.download(report_for(year, public), fmt, current_user)
