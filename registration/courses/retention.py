"""How long a completion (registry entry and kursbevis) is kept, and erasing it.

A completion outlives its registration on purpose: the registration is anonymised
RETENTION_MONTHS after the course, but the prerequisite rule and the instructor registry
need to know who completed which level for as long as the person works as an instructor.
It is deleted COMPLETION_RETENTION_YEARS (default 5) after the course was completed (a
withdrawn one too), or at once when the person asks to be erased."""

from __future__ import annotations

from datetime import datetime

from flask import current_app
from sqlalchemy import delete

from ..core.db import write_transaction
from ..core.extensions import db
from ..registrations.rules import normalize_email
from .models import CourseCompletion


def delete_expired(now: datetime) -> int:
    from ..privacy.retention import months_before

    cutoff = months_before(now, 12 * int(current_app.config["COMPLETION_RETENTION_YEARS"]))
    with write_transaction():
        result = db.session.execute(delete(CourseCompletion).where(
            CourseCompletion.completed_on <= cutoff).execution_options(
            synchronize_session=False))
        return int(result.rowcount)  # type: ignore[attr-defined]


def forget_registration(registration_id: int) -> int:
    """«Slett meg» on a registration: its completion goes with it (in the caller's
    transaction)."""
    result = db.session.execute(delete(CourseCompletion).where(
        CourseCompletion.registration_id == registration_id).execution_options(
        synchronize_session=False))
    return int(result.rowcount)  # type: ignore[attr-defined]


def forget_email(email: str) -> int:
    """An admin erases an address: every completion of it goes (caller's transaction)."""
    result = db.session.execute(delete(CourseCompletion).where(
        CourseCompletion.email_normalized == normalize_email(email)).execution_options(
        synchronize_session=False))
    return int(result.rowcount)  # type: ignore[attr-defined]
