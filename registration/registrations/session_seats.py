"""How a seat in one session is taken, where people choose sessions («velg økter»).

The same rules as seats.py, one level down: a session seat is taken only by an atomic
conditional UPDATE on ``session_seat_pool`` (``confirmed_count < capacity``), a CHECK
constraint refuses overbooking outright, and each session's waiting list numbers come from
an atomic counter on the same row. Used only when ``event.session_choice == "any"``; for
events where one registration covers every session, seats.py alone decides.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import or_, select, update

from ..audit import log as audit
from ..audit.actions import AuditAction
from ..core.extensions import db
from ..core.municipalities import NOT_A_MUNICIPALITY
from ..events.models import Event, EventSession, EventStatus, SessionSeatPool
from ..mail import outbox
from ..mail.models import MessageKind
from .models import Registration, RegistrationSession, RegistrationStatus
from .seats import (
    is_postgres,
    kommune_confirmed,
    lock_event,
    within_kommune_share,
)


def take_session_seat(pool_id: int) -> bool:
    """Atomically take one seat of a session if one is free. The database decides."""
    result = db.session.execute(
        update(SessionSeatPool)
        .where(SessionSeatPool.id == pool_id,
               or_(SessionSeatPool.capacity.is_(None),
                   SessionSeatPool.confirmed_count < SessionSeatPool.capacity))
        .values(confirmed_count=SessionSeatPool.confirmed_count + 1)
        .execution_options(synchronize_session=False))
    return result.rowcount == 1  # type: ignore[attr-defined]


def release_session_seat(pool_id: int) -> None:
    db.session.execute(
        update(SessionSeatPool).where(SessionSeatPool.id == pool_id)
        .values(confirmed_count=SessionSeatPool.confirmed_count - 1)
        .execution_options(synchronize_session=False))


def next_session_queue_number(pool_id: int) -> int:
    return db.session.execute(
        update(SessionSeatPool).where(SessionSeatPool.id == pool_id)
        .values(waitlist_counter=SessionSeatPool.waitlist_counter + 1)
        .returning(SessionSeatPool.waitlist_counter)
        .execution_options(synchronize_session=False)).scalar_one()


def ensure_session_pools(event: Event) -> None:
    """Every session gets a pool per mode of the event, starting from the event's capacity
    (the organiser may change each one afterwards: set_session_capacity)."""
    for session in event.sessions:
        for event_pool in event.seat_pools:
            if session.pool(event_pool.mode) is None:
                session.seat_pools.append(SessionSeatPool(mode=event_pool.mode,
                                                          capacity=event_pool.capacity))


def session_pool(session_id: int, mode: str) -> SessionSeatPool | None:
    return db.session.scalars(select(SessionSeatPool).where(
        SessionSeatPool.session_id == session_id, SessionSeatPool.mode == mode)).first()


def refresh_registration_status(registration: Registration, now: datetime) -> None:
    """A registration at a choose-your-sessions event is confirmed while it has a seat in
    one chosen session, waiting while it only waits; its rank is its best place in line."""
    rows = db.session.scalars(select(RegistrationSession).where(
        RegistrationSession.registration_id == registration.id,
        RegistrationSession.status != RegistrationStatus.CANCELLED)).all()
    if any(r.status == RegistrationStatus.CONFIRMED for r in rows):
        if registration.status != RegistrationStatus.CONFIRMED:
            registration.status = RegistrationStatus.CONFIRMED
            registration.confirmed_at = now
        registration.waitlist_rank = None
        registration.waitlist_reason = None
    elif rows:
        registration.status = RegistrationStatus.WAITLISTED
        registration.waitlisted_at = registration.waitlisted_at or now
        registration.waitlist_rank = min(r.waitlist_rank or 0 for r in rows)
    registration.updated_at = now


def promote_session(pool_id: int, now: datetime, actor: Any = None,
                    reason: str = "freed") -> list[Registration]:
    """Fill free seats of a session's pool from that session's own waiting list, first
    come, first served. Each promoted person gets an invite for that session only."""
    pool = db.session.get(SessionSeatPool, pool_id)
    assert pool is not None
    promoted: list[Registration] = []
    if pool.session.event.status == EventStatus.CANCELLED or too_late(pool.session, now):
        return promoted  # a cancelled event, or too late for this session
    while take_session_seat(pool_id):
        first = _first_in_session_line(pool)
        if first is None:
            release_session_seat(pool_id)
            break
        first.status = RegistrationStatus.CONFIRMED
        first.waitlist_rank = None
        first.updated_at = now
        registration = first.registration
        refresh_registration_status(registration, now)
        db.session.flush()
        outbox.queue(MessageKind.PROMOTED, registration,
                     extra={"reason": reason, "invite_sessions": [pool.session_id]})
        audit.record(AuditAction.PROMOTED, event_id=registration.event_id, actor=actor,
                     registration=registration,
                     before={"session": pool.session_id, "status": RegistrationStatus.WAITLISTED},
                     after={"session": pool.session_id, "status": RegistrationStatus.CONFIRMED})
        promoted.append(registration)
    return promoted


def _first_in_session_line(pool: SessionSeatPool) -> RegistrationSession | None:
    """The first in the session's line for the pool's mode who may have its seat: with a
    kommune quota, skipping those without a seat anywhere yet whose kommune has its share
    (the quota counts registrations with a seat, as at registration)."""
    query = (select(RegistrationSession).join(Registration).where(
        RegistrationSession.session_id == pool.session_id,
        RegistrationSession.status == RegistrationStatus.WAITLISTED,
        Registration.mode == pool.mode)
        .order_by(RegistrationSession.waitlist_rank))
    if is_postgres():
        query = query.with_for_update(of=RegistrationSession, skip_locked=True)
    event = pool.session.event
    quota = event.kommune_quota
    if quota is None:
        return db.session.scalars(query.limit(1)).first()
    lock_event(event.id)
    taken = kommune_confirmed(event.id)
    for waiting in db.session.scalars(query):
        registration = waiting.registration
        if registration.status == RegistrationStatus.CONFIRMED \
                or within_kommune_share(registration, taken, quota):
            return waiting
    return None


def pass_on_free_seats(event: Event, freed_by: Registration, now: datetime,
                       actor: Any = None, reason: str = "freed") -> list[Registration]:
    """With a kommune quota, a share that comes free (``freed_by`` cancelled, or kept only
    places in line) may let someone waiting in another session's line have a seat that
    was left free for the quota: the free seats of every session still to come are offered
    again. (The caller holds the event's lock: seats.lock_event.)"""
    if event.kommune_quota is None or freed_by.quota_exempt \
            or freed_by.kommunenummer == NOT_A_MUNICIPALITY:
        return []  # no quota, or no kommune's share was held
    return offer_free_seats(event, now, actor, reason)


def too_late(session: EventSession, now: datetime) -> bool:
    """Nobody is given a seat from the session's line once it has begun and its
    registration has closed (a deadline after the start keeps the line moving, as it
    lets newcomers in)."""
    return now >= session.starts_at and now >= session.closes_at


def offer_free_seats(event: Event, now: datetime, actor: Any = None,
                     reason: str = "freed") -> list[Registration]:
    """The free seats of every session still to come, offered again to each session's line
    (with the quota as it now stands). The caller holds the event's lock (lock_event)."""
    promoted: list[Registration] = []
    for session in event.sessions:
        if too_late(session, now):
            continue
        for pool in session.seat_pools:
            promoted += promote_session(pool.id, now, actor, reason)
    return promoted


def session_summary(session: EventSession) -> list[dict[str, Any]]:
    """Per mode of one session: capacity, seats left, waiting (as the public sees it)."""
    waiting = dict(db.session.execute(
        select(Registration.mode, db.func.count(RegistrationSession.id)).join(Registration)
        .where(RegistrationSession.session_id == session.id,
               RegistrationSession.status == RegistrationStatus.WAITLISTED)
        .group_by(Registration.mode)).tuples().all())
    return [{"mode": pool.mode, "capacity": pool.capacity, "seats_left": pool.seats_left,
             "confirmed": pool.confirmed_count, "waitlist": session.event.has_waitlist,
             "waiting": waiting.get(pool.mode, 0),
             "full": pool.capacity is not None and pool.confirmed_count >= pool.capacity}
            for pool in session.seat_pools]


def chosen(registration: Registration) -> list[RegistrationSession]:
    """The registration's sessions that are not dropped, in the order they take place."""
    return list(db.session.scalars(
        select(RegistrationSession).join(EventSession).where(
            RegistrationSession.registration_id == registration.id,
            RegistrationSession.status != RegistrationStatus.CANCELLED)
        .order_by(EventSession.starts_at)))


def positions(registration: Registration) -> dict[int, int]:
    """session id → place in that session's line (1: first), for the sessions waited for."""
    places: dict[int, int] = {}
    for row in chosen(registration):
        if row.status != RegistrationStatus.WAITLISTED:
            continue
        ahead = db.session.scalar(
            select(db.func.count(RegistrationSession.id)).join(Registration).where(
                RegistrationSession.session_id == row.session_id,
                RegistrationSession.status == RegistrationStatus.WAITLISTED,
                Registration.mode == registration.mode,
                RegistrationSession.waitlist_rank < row.waitlist_rank))
        places[row.session_id] = (ahead or 0) + 1
    return places


def session_standing(session_id: int) -> dict[int, tuple[str, int | None]]:
    """Everyone who chose the session: registration id → (their status in it, their place
    in its line for their mode, or None with a seat). One query, for a session's lists."""
    rows = db.session.execute(
        select(RegistrationSession.registration_id, RegistrationSession.status,
               Registration.mode)
        .join(Registration, Registration.id == RegistrationSession.registration_id)
        .where(RegistrationSession.session_id == session_id,
               RegistrationSession.status != RegistrationStatus.CANCELLED)
        .order_by(RegistrationSession.waitlist_rank, RegistrationSession.id)).all()
    standing: dict[int, tuple[str, int | None]] = {}
    in_line: dict[str, int] = {}
    for registration_id, status, mode in rows:
        place = None
        if status == RegistrationStatus.WAITLISTED:
            place = in_line[mode] = in_line.get(mode, 0) + 1
        standing[registration_id] = (status, place)
    return standing


def let_choose_sessions(event: Event) -> None:
    """Switch an event to «velg økter» (in the caller's transaction): every session gets
    its own pools, starting from the event's capacities. Only before anyone registered:
    existing registrations hold every session, which the per-session counts do not know."""
    has_registrations = db.session.scalar(select(Registration.id).where(
        Registration.event_id == event.id).limit(1))
    if has_registrations is not None:
        raise ValueError("the event already has registrations")
    event.session_choice = "any"
    ensure_session_pools(event)


def set_session_capacity(session_id: int, mode: str, capacity: int | None, now: datetime,
                         actor: Any = None) -> list[Registration]:
    """Change one session's capacity for one mode; raising it promotes from that
    session's line at once, lowering it below the confirmed is refused (ValueError)."""
    session = db.session.get(EventSession, session_id)
    if session is not None and session.event.kommune_quota is not None:
        lock_event(session.event_id)  # before the session's seat row (seats.lock_event)
    query = select(SessionSeatPool).where(SessionSeatPool.session_id == session_id,
                                          SessionSeatPool.mode == mode) \
        .execution_options(populate_existing=True)
    if is_postgres():
        query = query.with_for_update()
    pool = db.session.scalars(query).first()
    if pool is None:
        raise ValueError("no such pool")
    if capacity is not None and capacity < pool.confirmed_count:
        raise ValueError("below confirmed")
    pool.capacity = capacity
    db.session.flush()
    return promote_session(pool.id, now, actor, "capacity")


def summary_over_sessions(event: Event) -> list[dict[str, Any]]:
    """The event's seats where people choose sessions, per mode, summed over the sessions
    still open for registration: what the catalogue and the event's «Plasser» show."""
    from ..core.types import utcnow

    now = utcnow()
    open_sessions = [s for s in event.sessions if now < s.closes_at]
    summary = []
    for event_pool in event.seat_pools:
        rows = [row for s in open_sessions for row in session_summary(s)
                if row["mode"] == event_pool.mode]
        unlimited = any(row["capacity"] is None for row in rows)
        capacity = None if unlimited else sum(row["capacity"] for row in rows)
        left = None if unlimited else sum(row["seats_left"] for row in rows)
        summary.append({
            "mode": event_pool.mode, "capacity": capacity, "seats_left": left,
            "confirmed": sum(row["confirmed"] for row in rows),
            "waitlist": event.has_waitlist, "waiting": sum(row["waiting"] for row in rows),
            "full": bool(rows) and all(row["full"] for row in rows)})
    return summary


def chosen_by_registration(event: Event) -> dict[int, list[tuple[EventSession, str]]]:
    """registration id → its chosen sessions (not dropped) with the status in each, for the
    organiser's participant list."""
    by_id = {s.id: s for s in event.sessions}
    rows = db.session.execute(
        select(RegistrationSession.registration_id, RegistrationSession.session_id,
               RegistrationSession.status).join(Registration).where(
            Registration.event_id == event.id,
            RegistrationSession.status != RegistrationStatus.CANCELLED)).all()
    chosen: dict[int, list[tuple[EventSession, str]]] = {}
    for registration_id, session_id, status in rows:
        chosen.setdefault(registration_id, []).append((by_id[session_id], status))
    for sessions in chosen.values():
        sessions.sort(key=lambda pair: pair[0].starts_at)
    return chosen


def session_rows(event: Event, now: datetime) -> list[tuple[Any, Any, bool]]:
    """(session, its seats per mode, open for registration) for the form's «velg økter»
    (the event page and the embedded form); empty unless the event lets people choose."""
    if not event.chooses_sessions:
        return []
    return [(s, session_summary(s), now < s.closes_at) for s in event.sessions]
