"""Organiser accounts: sign-in, sign-out, password, API tokens, and (admin) users."""

from flask import Blueprint

bp = Blueprint("accounts", __name__)

from . import views  # noqa: E402,F401
