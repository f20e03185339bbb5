"""Registering for chosen sessions («velg økter»): where ``event.session_choice == "any"``,
a registration holds a subset of the sessions, each with its own seat or place in line
(session_seats.py), its own registration deadline and its own cancellation deadline.

Every function runs inside the caller's ``write_transaction()`` (operations.register and
cancel call in here), or opens one that joins it.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from ..audit import log as audit
from ..audit.actions import AuditAction
from ..checkin import joinlinks
from ..core.db import write_transaction
from ..core.extensions import db
from ..core.types import utcnow
from ..events.models import Event, EventSession, EventStatus, Mode
from ..mail import outbox
from ..mail.calendar import SessionFacts
from ..mail.models import MessageKind
from . import seats, session_seats
from .models import Registration, RegistrationSession, RegistrationStatus
from .rules import Outcome, RegistrationRefused
from .validation import FieldError

NO_SESSIONS = _l("Velg minst én økt.")
UNKNOWN_SESSION = _l("Velg bare blant øktene til arrangementet.")


def parse_session_ids(event: Event, value: Any) -> tuple[int, ...]:
    """The chosen sessions, from the form (strings) or the API (integers); FieldError for
    none, or for one the event does not have."""
    if value is None or value == [] or value == "":
        raise FieldError(str(NO_SESSIONS))
    if not isinstance(value, list) or not value:
        raise FieldError(str(UNKNOWN_SESSION))
    offered = {s.id for s in event.sessions}
    chosen: list[int] = []
    for item in value:
        if isinstance(item, bool):
            raise FieldError(str(UNKNOWN_SESSION))
        try:
            session_id = int(item)
        except (TypeError, ValueError):
            raise FieldError(str(UNKNOWN_SESSION)) from None
        if session_id not in offered:
            raise FieldError(str(UNKNOWN_SESSION))
        if session_id not in chosen:
            chosen.append(session_id)
    return tuple(chosen)


def open_sessions(event: Event, now: datetime) -> list[EventSession]:
    """The sessions one can still choose: before each one's own deadline."""
    return [s for s in event.sessions if now < s.closes_at]


def all_open_ids(event: Event, now: datetime) -> tuple[int, ...]:
    """«Meld meg på alle» (a series, a network's gatherings) on an event where people choose
    sessions: every session still open; () where the event has no choice to make."""
    if not event.chooses_sessions:
        return ()
    return tuple(s.id for s in open_sessions(event, now))


def check_open(event: Event, sessions: Iterable[EventSession], now: datetime) -> None:
    """The window for a choose-your-sessions event: the event's opening, then each chosen
    session's own deadline (not the first session's start)."""
    if event.status == EventStatus.CANCELLED:
        raise RegistrationRefused("event_cancelled")
    if event.status != EventStatus.PUBLISHED:
        raise RegistrationRefused("not_found")
    if event.registration_opens_at and now < event.registration_opens_at:
        raise RegistrationRefused("not_open")
    for session in sessions:
        if now >= session.closes_at:
            raise RegistrationRefused("session_closed")


def _sessions(event: Event, session_ids: Iterable[int]) -> list[EventSession]:
    by_id = {s.id: s for s in event.sessions}
    found = [by_id[i] for i in session_ids if i in by_id]
    if not found:
        raise RegistrationRefused("no_sessions")
    return sorted(found, key=lambda s: s.starts_at)


def _join(registration: Registration, session: EventSession, mode: Mode, now: datetime,
          quota_full: bool) -> RegistrationSession:
    """A seat in the session for the registration, or a place in that session's line."""
    pool = session.pool(mode)
    if pool is None:
        raise RegistrationRefused("mode_not_offered")
    seated = not quota_full and session_seats.take_session_seat(pool.id)
    if not seated and not registration.event.has_waitlist:
        raise RegistrationRefused("full")
    row = RegistrationSession(
        registration_id=registration.id, session_id=session.id,
        status=RegistrationStatus.CONFIRMED if seated else RegistrationStatus.WAITLISTED,
        waitlist_rank=None if seated else session_seats.next_session_queue_number(pool.id),
        updated_at=now)
    db.session.add(row)
    return row


def take_sessions(registration: Registration, session_ids: Iterable[int], now: datetime, *,
                  quota_full: bool = False) -> list[RegistrationSession]:
    """The chosen sessions' seats (or lines) for a new registration, already added."""
    event = registration.event
    rows = [_join(registration, s, registration.mode, now, quota_full)
            for s in _sessions(event, session_ids)]
    db.session.flush()
    session_seats.refresh_registration_status(registration, now)
    db.session.flush()
    return rows


def invite_ids(registration: Registration) -> list[int]:
    """The sessions the calendar holds for this registration: those with a seat."""
    return [r.session_id for r in session_seats.chosen(registration)
            if r.status == RegistrationStatus.CONFIRMED]


def cancel_all(registration: Registration, now: datetime, actor: Any) -> list[Registration]:
    """The whole registration is cancelled: every chosen session's seat goes on."""
    promoted: list[Registration] = []
    for row in session_seats.chosen(registration):
        was = row.status
        row.status = RegistrationStatus.CANCELLED
        row.waitlist_rank = None
        row.updated_at = now
        db.session.flush()
        if was == RegistrationStatus.CONFIRMED:
            pool = session_seats.session_pool(row.session_id, registration.mode)
            assert pool is not None
            session_seats.release_session_seat(pool.id)
            promoted += session_seats.promote_session(pool.id, now, actor, "cancelled")
    return promoted


def _lock(token: str) -> Registration:
    seats.lock_event_of_chooser(token)  # the event first (seats.lock_event)
    query = select(Registration).where(Registration.token == token) \
        .execution_options(populate_existing=True)
    if session_seats.is_postgres():
        query = query.with_for_update()
    registration = db.session.scalars(query).first()
    if registration is None:
        raise RegistrationRefused("not_found")
    if registration.status == RegistrationStatus.CANCELLED:
        raise RegistrationRefused("already_cancelled")
    if not registration.event.chooses_sessions:
        raise RegistrationRefused("no_sessions")
    return registration


def _raise_sequence(event: Event) -> None:
    """The updated invite needs a higher SEQUENCE: the event's counter, which only rises."""
    from sqlalchemy import update
    db.session.execute(update(Event).where(Event.id == event.id).values(
        calendar_sequence=Event.calendar_sequence + 1)
        .execution_options(synchronize_session=False))
    db.session.refresh(event, ["calendar_sequence"])


def add_session(token: str, session_id: int, now: datetime | None = None) -> Outcome:
    """The participant adds a session from the personal page, until its own deadline: a
    seat in it (the updated invite: same UIDs, higher SEQUENCE) or its waiting list."""
    now = now or utcnow()
    with write_transaction():
        registration = _lock(token)
        event = registration.event
        session = next((s for s in event.sessions if s.id == session_id), None)
        if session is None:
            raise RegistrationRefused("unknown_session")
        check_open(event, [session], now)
        existing = db.session.scalars(select(RegistrationSession).where(
            RegistrationSession.registration_id == registration.id,
            RegistrationSession.session_id == session_id)).first()
        if existing is not None and existing.status != RegistrationStatus.CANCELLED:
            raise RegistrationRefused("session_already_chosen")
        if existing is not None:  # chosen before and dropped: chosen again, same row
            db.session.delete(existing)
            db.session.flush()
        _raise_sequence(event)
        row = _join(registration, session, registration.mode, now, quota_full=False)
        db.session.flush()
        session_seats.refresh_registration_status(registration, now)
        db.session.flush()
        joinlinks.ensure_for_registration(registration)
        if row.status == RegistrationStatus.CONFIRMED:
            outbox.queue(MessageKind.CHANGED, registration,
                         extra={"invite_sessions": invite_ids(registration),
                                "subject": str(_l("Ny økt lagt til"))})
        audit.record(AuditAction.SESSION_CHOSEN, event_id=event.id, actor=None,
                     registration=registration,
                     after={"session": session_id, "status": row.status})
        return Outcome(registration, None)


def drop_session(token: str, session_id: int, now: datetime | None = None, *,
                 enforce_deadline: bool = True) -> Outcome:
    """The participant drops one session until its own cancellation deadline: its seat
    goes to the first in that session's line, and the calendar gets its CANCEL (and the
    others an update). Dropping the last session cancels the registration."""
    now = now or utcnow()
    with write_transaction():
        registration = _lock(token)
        event = registration.event
        rows = session_seats.chosen(registration)
        row = next((r for r in rows if r.session_id == session_id), None)
        if row is None:
            raise RegistrationRefused("session_not_chosen")
        if len(rows) == 1:
            raise RegistrationRefused("last_session")
        session = row.session
        if enforce_deadline and now > session.cancel_until:
            raise RegistrationRefused("cancellation_closed", deadline=session.cancel_until)
        _raise_sequence(event)
        was = row.status
        row.status = RegistrationStatus.CANCELLED
        row.waitlist_rank = None
        row.updated_at = now
        db.session.flush()
        promoted: list[Registration] = []
        if was == RegistrationStatus.CONFIRMED:
            pool = session_seats.session_pool(session_id, registration.mode)
            assert pool is not None
            session_seats.release_session_seat(pool.id)
            promoted = session_seats.promote_session(pool.id, now, None, "cancelled")
        session_seats.refresh_registration_status(registration, now)
        db.session.flush()
        if was == RegistrationStatus.CONFIRMED and \
                registration.status != RegistrationStatus.CONFIRMED:  # its last seat
            promoted += session_seats.pass_on_free_seats(event, registration, now, None,
                                                         "cancelled")
        if was == RegistrationStatus.CONFIRMED:
            outbox.queue(MessageKind.CHANGED, registration,
                         extra={"invite_sessions": invite_ids(registration),
                                "removed_sessions": [SessionFacts.of(session)],
                                "subject": str(_l("Økt avmeldt"))})
        audit.record(AuditAction.SESSION_DROPPED, event_id=event.id, actor=None,
                     registration=registration, before={"session": session_id, "status": was},
                     after={"session": session_id, "status": RegistrationStatus.CANCELLED})
        return Outcome(registration, None, promoted)


def sessions_json(registration: Registration) -> list[dict[str, Any]]:
    """The chosen sessions as the API gives them: id, status, place in line."""
    places = session_seats.positions(registration)
    return [{"id": r.session_id, "status": r.status,
             "waitlist_position": places.get(r.session_id)}
            for r in session_seats.chosen(registration)]


def personal_rows(registration: Registration, now: datetime) -> list[dict[str, Any]]:
    """The personal page's list where sessions are chosen: every session of the event with
    the registration's status in it, its place in line, and what may be done now."""
    rows = {r.session_id: r for r in session_seats.chosen(registration)}
    places = session_seats.positions(registration)
    active = registration.status != RegistrationStatus.CANCELLED
    listed = []
    for session in sorted(registration.event.sessions, key=lambda s: s.starts_at):
        row = rows.get(session.id)
        listed.append({
            "session": session, "status": row.status if row else None,
            "position": places.get(session.id),
            "can_drop": active and row is not None and len(rows) > 1
            and now <= session.cancel_until,
            "can_add": active and row is None and now < session.closes_at,
            "drop_closed": active and row is not None and now > session.cancel_until,
        })
    return listed
