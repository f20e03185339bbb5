"""The organiser workspace: dashboard, events, sessions, participants, exports, audit log."""

from flask import Blueprint

from ..auth import require_organiser

bp = Blueprint("organiser", __name__)


@bp.before_request
def _organisers_only() -> None:
    require_organiser()


from . import views  # noqa: E402,F401
