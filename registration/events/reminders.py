"""Reminders before events: queued once per event by the worker's round."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select, update

from ..core.db import write_transaction
from ..core.extensions import db
from ..mail import outbox
from ..mail.models import MessageKind
from ..registrations.models import RegistrationStatus
from .models import Event, EventStatus
from .operations import active


def queue_due_reminders(now: datetime) -> int:
    """Reminders ``reminder_days`` before the first session, once per event. The event is
    marked by a conditional UPDATE in the same transaction, so two workers never both send."""
    with write_transaction():
        queued = 0
        for event in db.session.scalars(select(Event).where(
                Event.status == EventStatus.PUBLISHED, Event.reminder_sent_at.is_(None),
                Event.reminder_days > 0)):
            start = event.starts_at
            if start is None or not (now < start <= now + timedelta(days=event.reminder_days)):
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
