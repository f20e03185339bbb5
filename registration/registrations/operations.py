"""How a seat is taken, freed and passed on.

Every rule about capacity, the waiting list and who is registered lives here, and both
the web forms and the JSON API call these functions. The rules that must hold under
concurrency are enforced by the database, not by Python checks:

* a seat is taken only by an atomic conditional UPDATE on ``seat_pool``
  (``confirmed_count < capacity``), and a CHECK constraint refuses overbooking outright;
* waiting-list numbers come from an atomic counter on the same row;
* one active registration per e-mail and event is a partial UNIQUE index;
* on SQLite, write transactions start with ``BEGIN IMMEDIATE`` so that writers queue
  instead of failing; on PostgreSQL, row locks order cancellations and promotions.

Freeing a seat (cancel, mode switch, raised capacity) promotes the first in line for that
mode in the same transaction.
"""

from __future__ import annotations

import secrets
import time
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, or_, select, update
from sqlalchemy.exc import IntegrityError

from ..audit import log as audit
from ..core.db import begin_write
from ..core.extensions import db
from ..mail import outbox as mail
from ..models import (
    Event,
    EventStatus,
    Mode,
    Registration,
    RegistrationStatus,
    SeatPool,
    utcnow,
)

REFUSAL_MESSAGES = {
    "not_found": _l("Fant ikke arrangementet."),
    "not_open": _l("Påmeldingen har ikke åpnet ennå."),
    "closed": _l("Påmeldingsfristen har gått ut."),
    "past": _l("Arrangementet har allerede startet eller er over."),
    "event_cancelled": _l("Arrangementet er avlyst."),
    "full": _l("Det er ingen ledige plasser, og arrangementet har ikke venteliste."),
    "duplicate": _l("Du er allerede påmeldt dette arrangementet med denne e-postadressen."),
    "mode_not_offered": _l("Denne deltakelsesformen tilbys ikke for arrangementet."),
    "already_cancelled": _l("Påmeldingen er allerede avmeldt."),
    "cancellation_closed": _l(
        "Fristen for å melde seg av har gått ut. Ta kontakt med arrangøren."
    ),
    "same_mode": _l("Du er allerede påmeldt med denne deltakelsesformen."),
    "no_seat_for_switch": _l("Det er ingen ledige plasser for den deltakelsesformen."),
    "not_waitlisted": _l("Påmeldingen står ikke på venteliste."),
}


class RegistrationRefused(Exception):
    """A rule says no. ``code`` is stable (used by the API); ``message`` is for people."""

    def __init__(self, code: str, **details: object) -> None:
        super().__init__(code)
        self.code = code
        self.details = details

    @property
    def message(self) -> str:
        return str(REFUSAL_MESSAGES[self.code])


class CapacityBelowConfirmed(Exception):
    def __init__(self, mode: str, confirmed: int, capacity: int) -> None:
        super().__init__(f"{mode}: {confirmed} confirmed > {capacity}")
        self.mode = mode
        self.confirmed = confirmed
        self.capacity = capacity


@dataclass(frozen=True)
class Participant:
    """Validated answers from the registration form or the API."""

    name: str
    email: str
    mobile: str
    kommunenummer: str
    workplace: str
    role: str
    mode: str | None = None
    diet: str | None = None
    diet_consent: bool = False


@dataclass
class Outcome:
    """What happened. token/status/mode are read before the commit, so using them
    costs no query afterwards."""

    registration: Registration
    waitlist_position: int | None
    promoted: list[Registration] = field(default_factory=list)
    token: str = ""
    status: str = ""
    mode: str = ""
    event_id: int = 0

    def __post_init__(self) -> None:
        self.token = self.token or self.registration.token
        self.status = self.status or self.registration.status
        self.mode = self.mode or self.registration.mode
        self.event_id = self.event_id or self.registration.event_id


TICKET_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"


def new_ticket_code() -> str:
    """22 characters of A–Z0–9: log2(36) × 22 ≈ 113 random bits, scanner-safe."""
    return "".join(secrets.choice(TICKET_ALPHABET) for _ in range(22))


def new_token() -> str:
    """The secret in the personal link: 192 random bits, URL-safe."""
    return secrets.token_urlsafe(24)


def normalize_email(email: str) -> str:
    return email.strip().lower()


def _is_postgres() -> bool:
    return db.session.get_bind().dialect.name == "postgresql"


def _begin_write() -> None:
    begin_write()


def _take_seat(pool_id: int) -> bool:
    """Atomically take one seat if one is free. The database decides, not Python."""
    result = db.session.execute(
        update(SeatPool)
        .where(
            SeatPool.id == pool_id,
            or_(SeatPool.capacity.is_(None), SeatPool.confirmed_count < SeatPool.capacity),
        )
        .values(confirmed_count=SeatPool.confirmed_count + 1)
        .execution_options(synchronize_session=False)
    )
    return result.rowcount == 1


def _release_seat(pool_id: int) -> None:
    db.session.execute(
        update(SeatPool)
        .where(SeatPool.id == pool_id)
        .values(confirmed_count=SeatPool.confirmed_count - 1)
        .execution_options(synchronize_session=False)
    )


def _next_queue_number(pool_id: int) -> int:
    return db.session.execute(
        update(SeatPool)
        .where(SeatPool.id == pool_id)
        .values(waitlist_counter=SeatPool.waitlist_counter + 1)
        .returning(SeatPool.waitlist_counter)
        .execution_options(synchronize_session=False)
    ).scalar_one()


def _unsafe_seat_free(event_id: int, mode: str | None) -> bool:
    """The naive check the database guard replaces: count in Python, then write.

    Only for the control test (UNSAFE_SEAT_CHECK). It runs before the write transaction
    begins, as a read-then-write app would, so concurrent requests see the same count.
    """
    event = db.session.get(Event, event_id)
    pool = event.pool(resolve_mode(event, mode)) if event else None
    if pool is None:
        return False
    confirmed = db.session.scalar(
        select(func.count(Registration.id)).where(
            Registration.event_id == event_id,
            Registration.mode == pool.mode,
            Registration.status == RegistrationStatus.CONFIRMED,
        )
    )
    time.sleep(0.002)  # the request's other work; widens the window a real app has
    return pool.capacity is None or (confirmed or 0) < pool.capacity


def _has_active_registration(event_id: int, email: str) -> bool:
    return db.session.scalar(
        select(Registration.id).where(
            Registration.event_id == event_id,
            Registration.email_normalized == normalize_email(email),
            Registration.status != RegistrationStatus.CANCELLED,
        ).limit(1)
    ) is not None


def waitlist_position(registration: Registration) -> int | None:
    """1 for the first in line for the registration's mode; None when not waiting."""
    if registration.status != RegistrationStatus.WAITLISTED:
        return None
    ahead = db.session.scalar(
        select(func.count(Registration.id)).where(
            Registration.event_id == registration.event_id,
            Registration.mode == registration.mode,
            Registration.status == RegistrationStatus.WAITLISTED,
            Registration.waitlist_rank < registration.waitlist_rank,
        )
    )
    return (ahead or 0) + 1


def waitlist_positions(event_id: int) -> dict[int, int]:
    """Place in line for every waiting registration of an event, in one query."""
    position = func.row_number().over(partition_by=Registration.mode,
                                      order_by=Registration.waitlist_rank)
    rows = db.session.execute(
        select(Registration.id, position).where(
            Registration.event_id == event_id,
            Registration.status == RegistrationStatus.WAITLISTED)).all()
    return {registration_id: int(place) for registration_id, place in rows}


def check_registration_open(event: Event, now: datetime) -> None:
    if event.status == EventStatus.CANCELLED:
        raise RegistrationRefused("event_cancelled")
    if event.status != EventStatus.PUBLISHED:
        raise RegistrationRefused("not_found")
    if event.registration_opens_at and now < event.registration_opens_at:
        raise RegistrationRefused("not_open")
    if event.ends_at and now >= event.ends_at:
        raise RegistrationRefused("past")
    if event.registration_closes_at:
        if now >= event.registration_closes_at:
            raise RegistrationRefused("closed")
    elif event.starts_at and now >= event.starts_at:
        raise RegistrationRefused("past")


def resolve_mode(event: Event, mode: str | None) -> str:
    """The mode a participant gets: the chosen one for hybrid events, else the only one."""
    offered = event.modes
    if mode is None and len(offered) == 1:
        return offered[0]
    if mode not in offered:
        raise RegistrationRefused("mode_not_offered")
    return mode


def _promote_waiting(pool_id: int, now: datetime) -> list[Registration]:
    """Fill free seats of a pool from its waiting list, first come, first served."""
    pool = db.session.get(SeatPool, pool_id)
    assert pool is not None
    promoted: list[Registration] = []
    while _take_seat(pool_id):
        query = (
            select(Registration)
            .where(
                Registration.event_id == pool.event_id,
                Registration.mode == pool.mode,
                Registration.status == RegistrationStatus.WAITLISTED,
            )
            .order_by(Registration.waitlist_rank)
            .limit(1)
        )
        if _is_postgres():
            query = query.with_for_update(skip_locked=True)
        first = db.session.scalars(query).first()
        if first is None:
            _release_seat(pool_id)
            break
        first.status = RegistrationStatus.CONFIRMED
        first.confirmed_at = now
        first.waitlist_rank = None
        db.session.flush()
        mail.queue("promoted", first)
        promoted.append(first)
    return promoted


def register(event_id: int, participant: Participant, now: datetime | None = None, *,
             actor: Any = None) -> Outcome:
    """Register someone: a seat if one is free, else the waiting list, else a refusal.

    With an organiser as ``actor`` (a registration taken by phone) the registration window
    does not apply, but capacity and the waiting list do, and the change is audited.
    """
    now = now or utcnow()
    unsafe = bool(current_app.config.get("UNSAFE_SEAT_CHECK"))
    naive_free = _unsafe_seat_free(event_id, participant.mode) if unsafe else False
    _begin_write()
    event = db.session.get(Event, event_id)
    if event is None:
        raise RegistrationRefused("not_found")
    if actor is None:
        check_registration_open(event, now)
    elif event.status == EventStatus.CANCELLED:
        db.session.rollback()
        raise RegistrationRefused("event_cancelled")
    mode = resolve_mode(event, participant.mode)
    pool = event.pool(mode)
    assert pool is not None
    seated = naive_free if unsafe else _take_seat(pool.id)
    rank = None
    if not seated:
        if not event.has_waitlist:
            already = _has_active_registration(event_id, participant.email)
            db.session.rollback()
            raise RegistrationRefused("duplicate" if already else "full")
        rank = _next_queue_number(pool.id)
    registration = Registration(
        event_id=event_id,
        token=new_token(),
        ticket_code=new_ticket_code(),
        status=RegistrationStatus.CONFIRMED if seated else RegistrationStatus.WAITLISTED,
        waitlist_rank=rank,
        confirmed_at=now if seated else None,
        waitlisted_at=None if seated else now,
        mode=mode,
        name=participant.name,
        email=participant.email.strip(),
        email_normalized=normalize_email(participant.email),
        mobile=participant.mobile,
        kommunenummer=participant.kommunenummer,
        workplace=participant.workplace,
        role=participant.role,
        privacy_accepted_at=now,
        created_at=now,
        updated_at=now,
    )
    if event.serves_food and participant.diet and participant.diet_consent:
        registration.diet = participant.diet
        registration.diet_consent_at = now
    db.session.add(registration)
    try:
        # The partial unique index decides "already registered", also for two requests
        # with the same e-mail in the same instant; the rollback gives the seat back.
        db.session.flush()
    except IntegrityError:
        db.session.rollback()
        raise RegistrationRefused("duplicate") from None
    position = waitlist_position(registration) if rank is not None else None
    mail.queue("confirmation" if seated else "waitlisted", registration, position=position)
    if actor is not None:
        audit.record("registration.added", event_id=event_id, actor=actor,
                     registration=registration, after=audit.snapshot(registration))
    outcome = Outcome(registration, position)
    db.session.commit()
    return outcome


def ensure_ticket_code(registration: Registration) -> str:
    """Registrations made before tickets existed get their code the first time it is shown."""
    if not registration.ticket_code:
        registration.ticket_code = new_ticket_code()
        db.session.commit()
    return registration.ticket_code


def get_by_token(token: str) -> Registration | None:
    if not token or len(token) > 64:
        return None
    return db.session.scalar(select(Registration).where(Registration.token == token))


def _lock_registration(token: str) -> Registration:
    query = select(Registration).where(Registration.token == token)
    if _is_postgres():
        query = query.with_for_update()
    registration = db.session.scalars(query).first()
    if registration is None:
        db.session.rollback()
        raise RegistrationRefused("not_found")
    return registration


def _lock_pools(event_id: int) -> None:
    """Lock an event's pools in a fixed order, so two mode switches cannot deadlock."""
    if _is_postgres():
        db.session.execute(
            select(SeatPool.id)
            .where(SeatPool.event_id == event_id)
            .order_by(SeatPool.id)
            .with_for_update()
        ).all()


def cancel(token: str, now: datetime | None = None, *, enforce_deadline: bool = True,
           actor: Any = None, notify: bool = True) -> Outcome:
    """Cancel a registration; a freed seat goes to the first in line at once."""
    now = now or utcnow()
    _begin_write()
    registration = _lock_registration(token)
    if registration.status == RegistrationStatus.CANCELLED:
        db.session.rollback()
        raise RegistrationRefused("already_cancelled")
    event = registration.event
    if enforce_deadline and event.cancellation_deadline and now > event.cancellation_deadline:
        db.session.rollback()
        raise RegistrationRefused("cancellation_closed", deadline=event.cancellation_deadline)
    was = registration.status
    result = db.session.execute(
        update(Registration)
        .where(Registration.id == registration.id, Registration.status == was)
        .values(status=RegistrationStatus.CANCELLED, cancelled_at=now, waitlist_rank=None,
                updated_at=now)
        .execution_options(synchronize_session="fetch")
    )
    if result.rowcount != 1:
        db.session.rollback()
        raise RegistrationRefused("already_cancelled")
    promoted: list[Registration] = []
    if was == RegistrationStatus.CONFIRMED:
        pool = event.pool(registration.mode)
        assert pool is not None
        _release_seat(pool.id)
        promoted = _promote_waiting(pool.id, now)
    _audit_promotions(event.id, promoted, actor)
    if notify:
        db.session.refresh(registration)
        mail.queue("cancelled", registration)
    if actor is not None:
        audit.record("registration.cancelled", event_id=event.id, actor=actor,
                     registration=registration, before={"status": was},
                     after={"status": RegistrationStatus.CANCELLED.value})
    db.session.commit()
    return Outcome(registration, None, promoted)


def change_mode(token: str, new_mode: str, now: datetime | None = None, *,
                actor: Any = None) -> Outcome:
    """Switch a confirmed participant between physical and digital, if the new mode has room."""
    now = now or utcnow()
    _begin_write()
    registration = _lock_registration(token)
    event = registration.event
    if registration.status == RegistrationStatus.CANCELLED:
        db.session.rollback()
        raise RegistrationRefused("already_cancelled")
    if new_mode not in event.modes:
        db.session.rollback()
        raise RegistrationRefused("mode_not_offered")
    if new_mode == registration.mode:
        db.session.rollback()
        raise RegistrationRefused("same_mode")
    _lock_pools(event.id)
    old_pool = event.pool(registration.mode)
    new_pool = event.pool(new_mode)
    assert old_pool is not None and new_pool is not None
    promoted: list[Registration] = []
    if registration.status == RegistrationStatus.CONFIRMED:
        if not _take_seat(new_pool.id):
            db.session.rollback()
            raise RegistrationRefused("no_seat_for_switch")
        _release_seat(old_pool.id)
        registration.mode = new_mode
        registration.updated_at = now
        db.session.flush()
        promoted = _promote_waiting(old_pool.id, now)
    else:
        # Waiting for the other mode: take a free seat there, else queue at its end.
        registration.mode = new_mode
        registration.updated_at = now
        if _take_seat(new_pool.id):
            registration.status = RegistrationStatus.CONFIRMED
            registration.confirmed_at = now
            registration.waitlist_rank = None
        else:
            registration.waitlist_rank = _next_queue_number(new_pool.id)
        db.session.flush()
    position = waitlist_position(registration)
    _audit_promotions(event.id, promoted, actor)
    if actor is not None:
        audit.record("registration.mode_changed", event_id=event.id, actor=actor,
                     registration=registration, before={"mode": old_pool.mode},
                     after={"mode": new_mode, "status": registration.status})
    db.session.commit()
    return Outcome(registration, position, promoted)


def set_capacity(event_id: int, mode: str, capacity: int | None,
                 now: datetime | None = None, *, actor: Any = None) -> list[Registration]:
    """Change a pool's capacity. Raising it promotes from the waiting list at once;
    lowering it below the number already confirmed is refused."""
    now = now or utcnow()
    _begin_write()
    query = select(SeatPool).where(SeatPool.event_id == event_id, SeatPool.mode == mode)
    if _is_postgres():
        query = query.with_for_update()
    pool = db.session.scalars(query).first()
    if pool is None:
        db.session.rollback()
        raise RegistrationRefused("mode_not_offered")
    if capacity is not None and capacity < pool.confirmed_count:
        confirmed = pool.confirmed_count
        db.session.rollback()
        raise CapacityBelowConfirmed(mode, confirmed, capacity)
    before = pool.capacity
    pool.capacity = capacity
    db.session.flush()
    promoted = _promote_waiting(pool.id, now)
    if actor is not None and before != capacity:
        audit.record("capacity.changed", event_id=event_id, actor=actor,
                     before={mode: before}, after={mode: capacity})
    _audit_promotions(event_id, promoted, actor)
    db.session.commit()
    return promoted


def _audit_promotions(event_id: int, promoted: list[Registration], actor: Any) -> None:
    for registration in promoted:
        audit.record("registration.promoted", event_id=event_id, actor=actor,
                     registration=registration, before={"status": "waitlisted"},
                     after={"status": "confirmed"})


def confirm_over_capacity(registration_id: int, actor: Any,
                          now: datetime | None = None) -> tuple[int, int]:
    """Confirm someone from the waiting list although the mode is full: the capacity grows
    by one so that the database guard still holds. Returns (confirmed, capacity)."""
    now = now or utcnow()
    _begin_write()
    registration = db.session.get(Registration, registration_id, with_for_update=True)
    if registration is None or registration.status != RegistrationStatus.WAITLISTED:
        db.session.rollback()
        raise RegistrationRefused("not_waitlisted")
    pool = db.session.scalars(select(SeatPool).where(
        SeatPool.event_id == registration.event_id, SeatPool.mode == registration.mode)
        .with_for_update()).one()
    before = audit.snapshot(registration)
    if not _take_seat(pool.id):
        old = pool.capacity
        db.session.execute(update(SeatPool).where(SeatPool.id == pool.id)
                           .values(capacity=SeatPool.confirmed_count + 1)
                           .execution_options(synchronize_session=False))
        audit.record("capacity.changed", event_id=pool.event_id, actor=actor,
                     before={pool.mode: old}, after={pool.mode: "+1"})
        if not _take_seat(pool.id):  # pragma: no cover - the row is locked
            db.session.rollback()
            raise RegistrationRefused("no_seat_for_switch")
    registration.status = RegistrationStatus.CONFIRMED
    registration.confirmed_at = now
    registration.waitlist_rank = None
    registration.updated_at = now
    db.session.flush()
    mail.queue("promoted", registration)
    audit.record("registration.confirmed_over_capacity", event_id=registration.event_id,
                 actor=actor, registration=registration, before=before,
                 after=audit.snapshot(registration))
    db.session.refresh(pool)
    totals = (pool.confirmed_count, pool.capacity or 0)
    db.session.commit()
    return totals


def move_in_queue(registration_id: int, direction: int, actor: Any) -> None:
    """Swap a waiting registration with its neighbour in line (-1: earlier, +1: later)."""
    _begin_write()
    registration = db.session.get(Registration, registration_id, with_for_update=True)
    if registration is None or registration.status != RegistrationStatus.WAITLISTED:
        db.session.rollback()
        raise RegistrationRefused("not_waitlisted")
    _lock_pools(registration.event_id)
    rank = registration.waitlist_rank
    neighbour_query = select(Registration).where(
        Registration.event_id == registration.event_id,
        Registration.mode == registration.mode,
        Registration.status == RegistrationStatus.WAITLISTED,
    )
    if direction < 0:
        neighbour_query = neighbour_query.where(Registration.waitlist_rank < rank).order_by(
            Registration.waitlist_rank.desc())
    else:
        neighbour_query = neighbour_query.where(Registration.waitlist_rank > rank).order_by(
            Registration.waitlist_rank)
    neighbour = db.session.scalars(neighbour_query.limit(1)).first()
    if neighbour is None:
        db.session.rollback()
        return
    before = waitlist_position(registration)
    registration.waitlist_rank, neighbour.waitlist_rank = neighbour.waitlist_rank, rank
    db.session.flush()
    audit.record("registration.queue_moved", event_id=registration.event_id, actor=actor,
                 registration=registration, before={"position": before},
                 after={"position": waitlist_position(registration)})
    db.session.commit()


def update_details(registration_id: int, participant: Participant, actor: Any) -> None:
    """An organiser corrects a registration's personal details."""
    _begin_write()
    registration = db.session.get(Registration, registration_id, with_for_update=True)
    if registration is None:
        db.session.rollback()
        raise RegistrationRefused("not_found")
    before = audit.snapshot(registration)
    registration.name = participant.name
    registration.email = participant.email.strip()
    registration.email_normalized = normalize_email(participant.email)
    registration.mobile = participant.mobile
    registration.kommunenummer = participant.kommunenummer
    registration.workplace = participant.workplace
    registration.role = participant.role
    registration.updated_at = utcnow()
    try:
        db.session.flush()
    except IntegrityError:
        db.session.rollback()
        raise RegistrationRefused("duplicate") from None
    audit.record("registration.edited", event_id=registration.event_id, actor=actor,
                 registration=registration, before=before, after=audit.snapshot(registration))
    db.session.commit()


def seat_summary(event: Event) -> list[dict[str, object]]:
    """Per mode: capacity, seats left and waiting-list length, as shown to the public."""
    waiting = dict(
        db.session.execute(
            select(Registration.mode, func.count(Registration.id))
            .where(
                Registration.event_id == event.id,
                Registration.status == RegistrationStatus.WAITLISTED,
            )
            .group_by(Registration.mode)
        ).all()
    )
    return [
        {
            "mode": pool.mode,
            "capacity": pool.capacity,
            "seats_left": pool.seats_left,
            "confirmed": pool.confirmed_count,
            "waitlist": event.has_waitlist,
            "waiting": waiting.get(pool.mode, 0),
            "full": pool.is_full,
        }
        for pool in event.seat_pools
    ]


__all__ = [
    "CapacityBelowConfirmed",
    "Mode",
    "Outcome",
    "Participant",
    "RegistrationRefused",
    "cancel",
    "change_mode",
    "register",
    "set_capacity",
    "waitlist_position",
]
