"""«Finn påmeldingen min»: the personal links again, by e-mail, to the address itself.

Whoever asks gets the same answer on screen whether or not the address has registrations
(no enumeration); only the owner of the address learns anything, from the e-mail. At most
one such e-mail per address per LOOKUP_INTERVAL: decided in the database, under a lock on
that address's registrations, so two requests at once send one message. The web page and
the API are also rate-limited per client and per address (views.py, api/registrations.py).
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import func, select

from ..core.db import write_transaction
from ..core.extensions import db
from ..core.i18n import interface_language
from ..core.types import utcnow
from ..events.models import Event, EventStatus
from ..mail import outbox
from ..mail.models import MessageKind, OutboxMessage
from . import seats
from .models import Registration, RegistrationStatus
from .rules import normalize_email

LOOKUP_INTERVAL = timedelta(minutes=10)


def upcoming_registrations(email: str, now: datetime) -> list[Registration]:
    """The address's active registrations for published events that have not ended,
    soonest first. On PostgreSQL the rows are locked until the transaction ends."""
    query = (
        select(Registration).join(Event)
        .where(Registration.email_normalized == normalize_email(email),
               Registration.status != RegistrationStatus.CANCELLED,
               Registration.anonymised_at.is_(None),
               Event.status == EventStatus.PUBLISHED)
        .order_by(Registration.id)
    )
    if seats.is_postgres():
        query = query.with_for_update(of=Registration)
    found = db.session.scalars(query).all()
    upcoming = [r for r in found if r.event.ends_at is None or r.event.ends_at > now]
    return sorted(upcoming, key=lambda r: (r.event.starts_at or now, r.id))


def _sent_recently(email: str, now: datetime) -> bool:
    return db.session.scalar(
        select(OutboxMessage.id).where(
            OutboxMessage.kind == MessageKind.LOOKUP,
            func.lower(OutboxMessage.to_address) == normalize_email(email),
            OutboxMessage.created_at > now - LOOKUP_INTERVAL,
        ).limit(1)
    ) is not None


def send_links(email: str, now: datetime | None = None) -> bool:
    """Queue one e-mail with every upcoming personal link of ``email``, if there is any
    and none was queued in the last LOOKUP_INTERVAL. Returns whether one was queued: for
    tests and logs only, never for the person who asked."""
    now = now or utcnow()
    with write_transaction():
        registrations = upcoming_registrations(email, now)
        if not registrations or _sent_recently(email, now):
            return False
        latest = max(registrations, key=lambda r: (r.created_at, r.id))
        outbox.queue_to_address(
            MessageKind.LOOKUP, latest.email, latest.name,
            extra={"registration_ids": [r.id for r in registrations],
                   # in the language of the page the person asked from
                   "language": interface_language()})
        return True
