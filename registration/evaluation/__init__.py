"""The organiser's side of evaluations: the form builder, sending, results, exports and
the comparison across events. The participant's answer page is in ``public``."""

from flask import Blueprint

from ..auth import require_organiser

bp = Blueprint("evaluation", __name__)


@bp.before_request
def _organisers_only() -> None:
    require_organiser()


from . import views  # noqa: E402,F401
