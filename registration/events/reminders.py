"""Reminders before events: queued once per event by the worker's round, or where people
choose sessions («velg økter»), once per session to those with a seat in it."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import exists, or_, select, update

from ..core.db import write_transaction
from ..core.extensions import db
from ..mail import outbox
from ..mail.models import MessageKind
from ..registrations.models import Registration, RegistrationSession, RegistrationStatus
from .models import Event, EventSession, EventStatus
from .operations import active


def queue_due_reminders(now: datetime) -> int:
    """Reminders ``reminder_days`` before the first session, once per event; where people
    choose sessions, before each session to those with a seat in it. The event (or session)
    is marked by a conditional UPDATE in the same transaction, so two workers never both
    send."""
    with write_transaction():
        queued = 0
        # Only events with a session still to come (and, where people choose sessions, one
        # not yet reminded of): past events never come back to this loop.
        to_come = exists().where(
            EventSession.event_id == Event.id, EventSession.starts_at > now,
            or_(Event.session_choice != "any", EventSession.reminder_sent_at.is_(None)))
        for event in db.session.scalars(select(Event).where(
                Event.status == EventStatus.PUBLISHED, Event.reminder_sent_at.is_(None),
                Event.reminder_days > 0, to_come)):
            window = timedelta(days=event.reminder_days)
            if event.chooses_sessions:
                queued += _remind_sessions(event, now, window)
                continue
            start = event.starts_at
            if start is None or not (now < start <= now + window):
                continue
            taken = db.session.execute(
                update(Event).where(Event.id == event.id, Event.reminder_sent_at.is_(None))
                .values(reminder_sent_at=now).execution_options(synchronize_session=False))
            if taken.rowcount != 1:  # type: ignore[attr-defined]  # an UPDATE's CursorResult
                continue
            for registration in active(event, (RegistrationStatus.CONFIRMED,)):
                outbox.queue(MessageKind.REMINDER, registration)
                queued += 1
        return queued


def _remind_sessions(event: Event, now: datetime, window: timedelta) -> int:
    """Each session starting within the window, not yet reminded of: its reminder to those
    with a seat in it, telling of that session."""
    queued = 0
    for session in event.sessions:
        if session.reminder_sent_at is not None or \
                not (now < session.starts_at <= now + window):
            continue
        taken = db.session.execute(
            update(EventSession)
            .where(EventSession.id == session.id, EventSession.reminder_sent_at.is_(None))
            .values(reminder_sent_at=now).execution_options(synchronize_session=False))
        if taken.rowcount != 1:  # type: ignore[attr-defined]  # an UPDATE's CursorResult
            continue
        seated = db.session.scalars(select(Registration).join(
            RegistrationSession, RegistrationSession.registration_id == Registration.id).where(
            RegistrationSession.session_id == session.id,
            RegistrationSession.status == RegistrationStatus.CONFIRMED,
            Registration.status == RegistrationStatus.CONFIRMED)
            .order_by(Registration.id))
        for registration in seated:
            outbox.queue(MessageKind.REMINDER, registration,
                         extra={"reminder_session": session.id})
            queued += 1
    return queued
