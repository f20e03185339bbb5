"""Admins' view of outgoing mail: filter, open a message as sent, resend a failed one."""

from flask import Blueprint, abort
from flask_login import current_user

bp = Blueprint("mailbox", __name__)


@bp.before_request
def _admins_only() -> None:
    if not current_user.is_authenticated:
        abort(401)
    if not current_user.is_admin:
        abort(403)


from . import views  # noqa: E402,F401
