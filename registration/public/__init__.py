"""Public pages: the catalogue, the event page with its form, and the personal page."""

from flask import Blueprint

bp = Blueprint("public", __name__)

from . import views  # noqa: E402,F401
