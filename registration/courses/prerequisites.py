"""The prerequisite rule: a level that requires the one below needs it completed first.

``check_prerequisite`` is called by ``registrations.operations.register`` inside its
transaction, before the seat is taken, so the check and the seat are decided together:
either both hold at commit or neither happened. The completion it finds is locked FOR SHARE
on PostgreSQL, so an organiser withdrawing that completion at the same moment waits for the
registration to commit (and the registration, if it comes second, waits for the withdrawal
and then sees it). On SQLite every writer holds the database (BEGIN IMMEDIATE).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import select

from ..audit import log as audit
from ..audit.actions import AuditAction
from ..core.extensions import db
from ..core.i18n import format_dt
from ..events.models import Event, EventStatus
from ..registrations.models import Registration
from ..registrations.rules import RegistrationRefused, normalize_email
from ..registrations.seats import is_postgres
from .models import CourseCompletion, CourseLevel


class PrerequisiteMissing(RegistrationRefused):
    """Refused: the level below is not completed. ``requires`` is the API's shape;
    ``next_event`` the next date of the course that comes first (or None)."""

    def __init__(self, required: CourseLevel, next_event: Event | None) -> None:
        super().__init__("prerequisite_missing",
                         requires={"track": required.track.slug, "level": required.number})
        self.required = required
        self.next_event = next_event

    @property
    def requires(self) -> dict[str, Any]:
        return dict(self.details["requires"])  # type: ignore[call-overload]

    @property
    def message(self) -> str:
        text = _("Dette kurset krever fullført %(course)s. Vi finner ikke at e-postadressen "
                 "har fullført det, så du må ta det kurset først.",
                 course=self.required.label)
        if self.next_event is not None and self.next_event.starts_at is not None:
            text += " " + _("Neste kurs: %(title)s, %(when)s.", title=self.next_event.title,
                            when=format_dt(self.next_event.starts_at))
        return text


def required_level(event: Event) -> CourseLevel | None:
    """The level that must be completed before registering for ``event``, or None."""
    level = event.level
    if level is None or not event.requires_previous or level.number <= 1:
        return None
    return db.session.scalar(select(CourseLevel).where(
        CourseLevel.track_id == level.track_id, CourseLevel.number == level.number - 1))


def next_event_of(level: CourseLevel, now: datetime) -> Event | None:
    """The next published event of ``level`` that has not started yet."""
    events = db.session.scalars(select(Event).where(
        Event.level_id == level.id, Event.status == EventStatus.PUBLISHED)).all()
    upcoming = [e for e in events if e.starts_at is not None and e.starts_at > now]
    return min(upcoming, key=lambda e: e.starts_at or now, default=None)


def completion_for(level: CourseLevel, email: str, *, lock: bool = False
                   ) -> CourseCompletion | None:
    """A valid completion of ``level`` (or a higher level of its track) by this address.
    With ``lock``: held FOR SHARE until the transaction ends (PostgreSQL)."""
    higher = select(CourseLevel.id).where(CourseLevel.track_id == level.track_id,
                                          CourseLevel.number >= level.number)
    query = select(CourseCompletion).where(
        CourseCompletion.level_id.in_(higher),
        CourseCompletion.email_normalized == normalize_email(email),
        CourseCompletion.withdrawn_at.is_(None)).order_by(CourseCompletion.id).limit(1)
    if lock and is_postgres():
        query = query.with_for_update(read=True)
    return db.session.scalars(query).first()


def check_prerequisite(event: Event, email: str, now: datetime, *, waive: bool = False
                       ) -> bool:
    """Refuse with PrerequisiteMissing unless ``email`` completed the level below.

    Returns True when the rule applied and was waived by an organiser (``waive``: someone
    certified elsewhere), so the caller audits it with the registration. Must run inside the
    registration's write transaction, before the seat is taken."""
    required = required_level(event)
    if required is None or completion_for(required, email, lock=True) is not None:
        return False
    if waive:
        return True
    raise PrerequisiteMissing(required, next_event_of(required, now))


def record_waiver(registration: Registration, actor: Any) -> None:
    """The organiser let someone in without the level below: in the event's log."""
    required = required_level(registration.event)
    audit.record(AuditAction.PREREQUISITE_WAIVED, event_id=registration.event_id, actor=actor,
                 registration=registration,
                 after={"requires": required.label if required else ""})
