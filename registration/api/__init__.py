"""JSON API under /api/v1, described by /api/v1/openapi.json: one module per resource."""

from . import checkin, events, groups, registrations  # noqa: E402,F401  (routes)
from .common import bp

__all__ = ["bp"]
