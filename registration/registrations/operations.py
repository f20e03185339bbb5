"""What people do with a registration: register, cancel, switch mode, correct details.

Each function is one user action and one transaction (``write_transaction()``): it
commits once at the end, or rolls everything back when a rule refuses. Called inside
another action's transaction (a walk-in at the door, an organiser's edit), it becomes part
of that one. The seat rules themselves are in seats.py.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from flask import has_request_context
from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError

from ..audit import log as audit
from ..audit.actions import AuditAction
from ..checkin import joinlinks
from ..checkin.tickets import new_ticket_code
from ..core import ratelimit
from ..core.db import write_transaction
from ..core.extensions import db
from ..core.folding import fold
from ..core.i18n import interface_language
from ..core.types import utcnow
from ..courses import prerequisites
from ..events.models import Event, EventStatus, Mode
from ..mail import outbox
from ..mail.models import MessageKind
from ..networks.audience import check_audience
from ..questions import answers as own_answers
from . import seats, session_choice, session_seats
from .models import Registration, RegistrationStatus
from .rules import (
    KOMMUNE_QUOTA,
    Outcome,
    Participant,
    RegistrationRefused,
    check_registration_open,
    new_token,
    normalize_email,
    person_key,
    resolve_mode,
)

if TYPE_CHECKING:
    from .express import PlainEvent


def get_by_token(token: str) -> Registration | None:
    if not token or len(token) > 64 or "\x00" in token:  # PostgreSQL refuses NUL in text
        return None
    return db.session.scalar(select(Registration).where(Registration.token == token))


def _has_active_registration(event_id: int, email: str) -> bool:
    return db.session.scalar(
        select(Registration.id).where(
            Registration.event_id == event_id,
            Registration.email_normalized == normalize_email(email),
            Registration.status != RegistrationStatus.CANCELLED,
        ).limit(1)
    ) is not None


def registration_values(event: PlainEvent | Event, participant: Participant, mode: Mode, *,
                        seated: bool, rank: int | None, now: datetime, actor: Any = None,
                        group_id: int | None = None,
                        waitlist_reason: str | None = None) -> dict[str, Any]:
    """The registration row of someone who has a seat (``seated``) or a place in line
    (``rank``): every value, the random ones and the keyed hashes included, made here,
    before any seat is taken."""
    values: dict[str, Any] = {
        "event_id": event.id,
        "token": new_token(),
        "ticket_code": new_ticket_code(),
        "mode": mode,
        "name": participant.name,
        "email": participant.email.strip(),
        "email_normalized": normalize_email(participant.email),
        "person_key": person_key(participant.email),
        "client_key": ratelimit.client_key() if actor is None and has_request_context()
        else None,
        "mobile": participant.mobile,
        "kommunenummer": participant.kommunenummer,
        "workplace": participant.workplace,
        "role": participant.role,
        "privacy_accepted_at": now,
        "language": interface_language(),
        "created_at": now,
        "updated_at": now,
        "group_id": group_id,
        "diet": None,
        "diet_consent_at": None,
        "quota_exempt": False,
        "name_folded": fold(participant.name)[:120],
        "workplace_folded": fold(participant.workplace)[:150],
    }
    if event.serves_food and participant.diet and participant.diet_consent:
        values.update(diet=participant.diet, diet_consent_at=now)
    return place(values, seated=seated, rank=rank, now=now, waitlist_reason=waitlist_reason)


def place(values: dict[str, Any], *, seated: bool, rank: int | None, now: datetime,
          waitlist_reason: str | None = None) -> dict[str, Any]:
    """The row's status: confirmed, or waiting with its number (and maybe the reason)."""
    values.update(
        status=RegistrationStatus.CONFIRMED if seated else RegistrationStatus.WAITLISTED,
        waitlist_rank=None if seated else rank,
        confirmed_at=now if seated else None,
        waitlisted_at=None if seated else now,
        waitlist_reason=None if seated else waitlist_reason)
    return values


def new_registration(event: Event, participant: Participant, mode: Mode, *, seated: bool,
                     rank: int | None, now: datetime, actor: Any = None,
                     group_id: int | None = None,
                     waitlist_reason: str | None = None) -> Registration:
    """A registration row for someone who has a seat (``seated``) or a place in line
    (``rank``); not yet added to the session (see add_registration)."""
    return Registration(**registration_values(
        event, participant, mode, seated=seated, rank=rank, now=now, actor=actor,
        group_id=group_id, waitlist_reason=waitlist_reason))


def add_registration(registration: Registration, answers: dict[int, Any] | None = None
                     ) -> None:
    """Insert it, with its answers to the event's own questions; RegistrationRefused
    ("duplicate") when the e-mail already has an active registration for the event.

    The partial unique index decides "already registered", also for two requests with the
    same e-mail in the same instant; the savepoint keeps the transaction usable so the
    refusal rolls back cleanly (the seat too)."""
    try:
        with db.session.begin_nested():
            db.session.add(registration)
    except IntegrityError:
        raise RegistrationRefused("duplicate") from None
    if answers:
        own_answers.store(registration.id, answers)


def register(event_id: int, participant: Participant, now: datetime | None = None, *,
             actor: Any = None, waive_prerequisite: bool = False) -> Outcome:
    """Register someone: a seat if one is free, else the waiting list, else a refusal.

    With an organiser as ``actor`` (a registration taken by phone or at the door) the
    registration window does not apply, but capacity and the waiting list do. A course
    level that requires the one below (courses/prerequisites.py) is checked in this
    transaction before the seat is taken; an organiser may waive it (audited).
    """
    now = now or utcnow()
    with write_transaction():
        event = db.session.get(Event, event_id)
        if event is None:
            raise RegistrationRefused("not_found")
        if event.chooses_sessions:
            return _register_sessions(event, participant, now, actor=actor,
                                      waive_prerequisite=waive_prerequisite)
        if actor is None:
            check_registration_open(event, now)
            check_audience(event, participant.email)  # open, members only, invited
        elif event.status == EventStatus.CANCELLED:
            raise RegistrationRefused("event_cancelled")
        mode = resolve_mode(event, participant.mode)
        waived = prerequisites.check_prerequisite(
            event, participant.email, now, waive=waive_prerequisite and actor is not None)
        pool = event.pool(mode)
        assert pool is not None
        seated = seats.take_seat(pool.id)
        reason = None
        if seated and seats.kommune_room(event, participant.kommunenummer) == 0:
            seats.release_seat(pool.id)  # the kommune has its share: in line instead
            seated, reason = False, KOMMUNE_QUOTA
        rank = None
        if not seated:
            if not event.has_waitlist:
                already = _has_active_registration(event_id, participant.email)
                raise RegistrationRefused("duplicate" if already else reason or "full",
                                          quota=event.kommune_quota)
            rank = seats.next_queue_number(pool.id)
        registration = new_registration(event, participant, mode, seated=seated, rank=rank,
                                        now=now, actor=actor, waitlist_reason=reason)
        add_registration(registration, participant.answers)
        joinlinks.ensure_for_registration(registration)
        position = seats.waitlist_position(registration) if rank is not None else None
        outbox.queue(MessageKind.CONFIRMATION if seated else MessageKind.WAITLISTED,
                     registration, position=position)
        audit.record(AuditAction.REGISTERED if actor is None else AuditAction.ADDED,
                     event_id=event_id, actor=actor, registration=registration,
                     after=audit.snapshot(registration))
        if waived:
            prerequisites.record_waiver(registration, actor)
        return Outcome(registration, position)


def _register_sessions(event: Event, participant: Participant, now: datetime, *,
                       actor: Any, waive_prerequisite: bool) -> Outcome:
    """register() where people choose sessions: the same rules (window, audience,
    prerequisite, kommune quota), then a seat or place in line in each chosen session."""
    chosen = [s for s in event.sessions if s.id in participant.session_ids]
    if not chosen:
        raise RegistrationRefused("no_sessions")
    if actor is None:
        session_choice.check_open(event, chosen, now)
        check_audience(event, participant.email)
    elif event.status == EventStatus.CANCELLED:
        raise RegistrationRefused("event_cancelled")
    mode = resolve_mode(event, participant.mode)
    waived = prerequisites.check_prerequisite(
        event, participant.email, now, waive=waive_prerequisite and actor is not None)
    # The kommune quota counts registrations with a seat; at its share, the chosen
    # sessions are waited for (under the event's lock, as seats.kommune_room says).
    quota_full = seats.kommune_room(event, participant.kommunenummer) == 0
    if quota_full and not event.has_waitlist:
        raise RegistrationRefused(KOMMUNE_QUOTA, quota=event.kommune_quota)
    registration = new_registration(event, participant, mode, seated=False, rank=0,
                                    now=now, actor=actor,
                                    waitlist_reason=KOMMUNE_QUOTA if quota_full else None)
    add_registration(registration, participant.answers)
    session_choice.take_sessions(registration, participant.session_ids, now,
                                 quota_full=quota_full)
    joinlinks.ensure_for_registration(registration)
    seated = registration.status == RegistrationStatus.CONFIRMED
    position = None if seated else min(session_seats.positions(registration).values())
    outbox.queue(MessageKind.CONFIRMATION if seated else MessageKind.WAITLISTED, registration,
                 position=position,
                 extra={"invite_sessions": session_choice.invite_ids(registration)})
    audit.record(AuditAction.REGISTERED if actor is None else AuditAction.ADDED,
                 event_id=event.id, actor=actor, registration=registration,
                 after={**audit.snapshot(registration), "sessions": list(participant.session_ids)})
    if waived:
        prerequisites.record_waiver(registration, actor)
    return Outcome(registration, position)


def lock_registration(token: str) -> Registration:
    seats.lock_event_of_chooser(token)  # the event first where sessions are chosen
    query = select(Registration).where(Registration.token == token) \
        .execution_options(populate_existing=True)
    if seats.is_postgres():
        query = query.with_for_update()
    registration = db.session.scalars(query).first()
    if registration is None:
        raise RegistrationRefused("not_found")
    return registration


def cancel(token: str, now: datetime | None = None, *, enforce_deadline: bool = True,
           actor: Any = None, notify: bool = True) -> Outcome:
    """Cancel a registration; a freed seat goes to the first in line at once."""
    now = now or utcnow()
    with write_transaction():
        registration = lock_registration(token)
        if registration.status == RegistrationStatus.CANCELLED:
            raise RegistrationRefused("already_cancelled")
        event = registration.event  # (where sessions are chosen, locked first: above)
        if enforce_deadline and event.cancellation_deadline \
                and now > event.cancellation_deadline:
            raise RegistrationRefused("cancellation_closed",
                                      deadline=event.cancellation_deadline)
        was = registration.status
        had_diet = registration.diet is not None
        result = db.session.execute(
            update(Registration)
            .where(Registration.id == registration.id, Registration.status == was)
            # The diet answer (health data) is not needed any more: deleted at once.
            .values(status=RegistrationStatus.CANCELLED, cancelled_at=now, waitlist_rank=None,
                    updated_at=now, diet=None, diet_consent_at=None)
            .execution_options(synchronize_session="fetch")
        )
        if result.rowcount != 1:  # type: ignore[attr-defined]
            raise RegistrationRefused("already_cancelled")
        own_answers.delete_health([registration.id])  # like the diet answer
        promoted: list[Registration] = []
        chosen_ids = session_choice.invite_ids(registration) if event.chooses_sessions \
            else None
        if event.chooses_sessions:
            promoted = session_choice.cancel_all(registration, now, actor)
            if was == RegistrationStatus.CONFIRMED:  # its kommune's share may be free now
                promoted += session_seats.pass_on_free_seats(event, registration, now, actor,
                                                             "cancelled")
        elif was == RegistrationStatus.CONFIRMED:
            pool = event.pool(registration.mode)
            assert pool is not None
            seats.release_seat(pool.id)
            promoted = seats.promote_waiting(pool.id, now, actor, reason="cancelled")
        db.session.refresh(registration)
        if notify:
            outbox.queue(MessageKind.CANCELLED, registration,
                         extra=None if chosen_ids is None else {"invite_sessions": chosen_ids})
        audit.record(AuditAction.CANCELLED, event_id=event.id, actor=actor,
                     registration=registration, before={"status": was},
                     after={"status": RegistrationStatus.CANCELLED})
        if had_diet:  # audited without the value
            audit.record(AuditAction.DIET_DELETED, event_id=event.id, actor=actor,
                         registration=registration, after={"count": 1})
        return Outcome(registration, None, promoted)


def cancel_many(event_id: int, registration_ids: list[int], actor: Any, *, notify: bool,
                now: datetime | None = None) -> list[Outcome]:
    """An organiser's clean-up: cancel many registrations of one event as one action (one
    transaction; each cancellation audited and its seat passed on, as cancel() does).

    Waiting-list registrations go first, so a freed seat does not go to someone further
    down the same selection. Ids of other events and registrations already cancelled are
    left alone."""
    now = now or utcnow()
    outcomes: list[Outcome] = []
    with write_transaction():
        rows = list(db.session.execute(
            select(Registration.token, Registration.status).where(
                Registration.event_id == event_id, Registration.id.in_(registration_ids),
                Registration.status != RegistrationStatus.CANCELLED)
            .order_by(Registration.id)).all())
        rows.sort(key=lambda row: row.status != RegistrationStatus.WAITLISTED)
        for token, _status in rows:
            try:
                outcomes.append(cancel(token, now, enforce_deadline=False, actor=actor,
                                       notify=notify))
            except RegistrationRefused:
                continue  # cancelled meanwhile: its savepoint is rolled back, the rest go on
    return outcomes


def change_mode(token: str, new_mode: str, now: datetime | None = None, *,
                actor: Any = None) -> Outcome:
    """Switch between physical and digital, if the new mode has room (confirmed), or move
    to the other mode's seat or line (waiting)."""
    now = now or utcnow()
    with write_transaction():
        registration = lock_registration(token)
        event = registration.event
        if registration.status == RegistrationStatus.CANCELLED:
            raise RegistrationRefused("already_cancelled")
        if new_mode not in event.modes:
            raise RegistrationRefused("mode_not_offered")
        if new_mode == registration.mode:
            raise RegistrationRefused("same_mode")
        if event.chooses_sessions:
            raise RegistrationRefused("sessions_mode_fixed")
        # The updated invite needs a higher SEQUENCE: the event's counter, which only ever
        # rises, so every calendar holding this event stays in order. Raised first, before
        # the pools are locked: the same order as an event edit (event row, then pools), so
        # the two cannot deadlock. A switch that ends waiting just skips a number.
        db.session.execute(update(Event).where(Event.id == event.id).values(
            calendar_sequence=Event.calendar_sequence + 1)
            .execution_options(synchronize_session=False))
        db.session.refresh(event, ["calendar_sequence"])
        seats.lock_pools(event.id)
        old_pool = event.pool(registration.mode)
        new_pool = event.pool(new_mode)
        assert old_pool is not None and new_pool is not None
        before = {"mode": registration.mode, "status": registration.status}
        promoted: list[Registration] = []
        if registration.status == RegistrationStatus.CONFIRMED:
            if not seats.take_seat(new_pool.id):
                raise RegistrationRefused("no_seat_for_switch")
            seats.release_seat(old_pool.id)
            registration.mode = Mode(new_mode)
            registration.updated_at = now
            db.session.flush()
            promoted = seats.promote_waiting(old_pool.id, now, actor)
        else:
            # Waiting for the other mode: take a free seat there, else queue at its end.
            registration.mode = Mode(new_mode)
            registration.updated_at = now
            if seats.take_seat(new_pool.id):
                registration.status = RegistrationStatus.CONFIRMED
                registration.confirmed_at = now
                registration.waitlist_rank = None
            else:
                registration.waitlist_rank = seats.next_queue_number(new_pool.id)
            db.session.flush()
        position = seats.waitlist_position(registration)
        if registration.status == RegistrationStatus.CONFIRMED:
            # The updated invite: same UIDs, the higher SEQUENCE, the join link for digital,
            # the ticket for physical.
            outbox.queue(MessageKind.MODE_CHANGED, registration)
        else:
            outbox.queue(MessageKind.WAITLISTED, registration, position=position)
        audit.record(AuditAction.MODE_CHANGED, event_id=event.id, actor=actor,
                     registration=registration, before=before,
                     after={"mode": registration.mode, "status": registration.status})
        return Outcome(registration, position, promoted)
