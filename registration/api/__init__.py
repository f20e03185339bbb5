"""JSON API under /api/v1, described by /api/v1/openapi.json: one module per resource."""

from . import (  # noqa: E402,F401  (routes)
    checkin,
    courses,
    events,
    groups,
    networks,
    registrations,
    reports,
)
from .common import bp

__all__ = ["bp"]
