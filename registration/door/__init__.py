"""The check-in screen at the door: for the event's hosts (vert) and organisers."""

from flask import Blueprint, abort
from flask_login import current_user

bp = Blueprint("door", __name__)


@bp.before_request
def _signed_in() -> None:
    if not current_user.is_authenticated:
        abort(401)


from . import views  # noqa: E402,F401
