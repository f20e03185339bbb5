"""How a seat is taken, freed and passed on: the rules the database holds.

* a seat is taken only by an atomic conditional UPDATE on ``seat_pool``
  (``confirmed_count < capacity``), and a CHECK constraint refuses overbooking outright;
* waiting-list numbers come from an atomic counter on the same row;
* one active registration per e-mail and event is a partial UNIQUE index;
* fair shares per kommune (``Event.kommune_quota``): the confirmed of a kommune are
  counted under the event's row lock (PostgreSQL; SQLite's writers queue anyway), taken
  after the pool's, so two registrations from one kommune cannot both see the last share;
* on SQLite, write transactions start with ``BEGIN IMMEDIATE`` so that writers queue
  instead of failing; on PostgreSQL, row locks order cancellations and promotions.

Freeing a seat (cancel, mode switch, raised capacity) promotes the first in line for that
mode in the same transaction. Every function here runs inside the caller's
``write_transaction()``; those that are user actions of their own open one, which joins the
caller's when there is one.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, cast

from sqlalchemy import Table, bindparam, func, or_, select, update

from ..audit import log as audit
from ..audit.actions import AuditAction
from ..core.db import write_transaction
from ..core.driver import Runner
from ..core.extensions import db
from ..core.municipalities import NOT_A_MUNICIPALITY
from ..core.types import utcnow
from ..events.models import Event, EventStatus, Mode, SeatPool
from ..mail import outbox
from ..mail.models import MessageKind
from .models import Registration, RegistrationStatus
from .rules import CapacityBelowConfirmed, RegistrationRefused


def is_postgres() -> bool:
    return db.session.get_bind().dialect.name == "postgresql"


_pool = cast(Table, SeatPool.__table__)
# The seat statements, built once: the registration rush runs them on its connection
# (express.py), the other actions through the session's.
TAKE_SEAT = update(_pool).where(
    _pool.c.id == bindparam("pool_id"),
    or_(_pool.c.capacity.is_(None), _pool.c.confirmed_count < _pool.c.capacity),
).values(confirmed_count=_pool.c.confirmed_count + 1)
NEXT_QUEUE_NUMBER = update(_pool).where(_pool.c.id == bindparam("pool_id")).values(
    waitlist_counter=_pool.c.waitlist_counter + 1).returning(_pool.c.waitlist_counter)
_queue = cast(Table, Registration.__table__)
WAITING_AHEAD = select(func.count(_queue.c.id)).where(
    _queue.c.event_id == bindparam("event_id"), _queue.c.mode == bindparam("mode"),
    _queue.c.status == RegistrationStatus.WAITLISTED,
    _queue.c.waitlist_rank < bindparam("rank"))


def take_seat(pool_id: int, connection: Runner | None = None) -> bool:
    """Atomically take one seat if one is free. The database decides, not Python."""
    run = connection.execute if connection is not None else db.session.execute
    return run(TAKE_SEAT, {"pool_id": pool_id}).rowcount == 1  # type: ignore[union-attr]


def seat_from_line(registration: Registration, now: datetime) -> None:
    """A waiting registration gets the seat just taken for it: confirmed, out of the line."""
    registration.status = RegistrationStatus.CONFIRMED
    registration.confirmed_at = now
    registration.waitlist_rank = None
    registration.waitlist_reason = None
    registration.updated_at = now


def take_seats(pool_id: int, count: int) -> bool:
    """Atomically take ``count`` seats at once, or none: «alle eller ingen» for a group.
    One conditional UPDATE, so two groups cannot both see the same free seats."""
    result = db.session.execute(
        update(SeatPool)
        .where(
            SeatPool.id == pool_id,
            or_(SeatPool.capacity.is_(None),
                SeatPool.confirmed_count + count <= SeatPool.capacity),
        )
        .values(confirmed_count=SeatPool.confirmed_count + count)
        .execution_options(synchronize_session=False)
    )
    return result.rowcount == 1  # type: ignore[attr-defined]


def release_seats(pool_id: int, count: int) -> None:
    db.session.execute(
        update(SeatPool)
        .where(SeatPool.id == pool_id)
        .values(confirmed_count=SeatPool.confirmed_count - count)
        .execution_options(synchronize_session=False)
    )


def next_queue_numbers(pool_id: int, count: int) -> list[int]:
    """``count`` consecutive places in line, taken in one step: a group waits together,
    nobody else's number falls between theirs."""
    last = db.session.execute(
        update(SeatPool)
        .where(SeatPool.id == pool_id)
        .values(waitlist_counter=SeatPool.waitlist_counter + count)
        .returning(SeatPool.waitlist_counter)
        .execution_options(synchronize_session=False)
    ).scalar_one()
    return list(range(last - count + 1, last + 1))


def release_seat(pool_id: int) -> None:
    db.session.execute(
        update(SeatPool)
        .where(SeatPool.id == pool_id)
        .values(confirmed_count=SeatPool.confirmed_count - 1)
        .execution_options(synchronize_session=False)
    )


def next_queue_number(pool_id: int, connection: Runner | None = None) -> int:
    run = connection.execute if connection is not None else db.session.execute
    return int(run(NEXT_QUEUE_NUMBER, {"pool_id": pool_id}).scalar_one())


def lock_pools(event_id: int) -> None:
    """Lock an event's pools in a fixed order, so two mode switches cannot deadlock; an
    organiser's edit takes them before the event's row (lock_event)."""
    if is_postgres():
        db.session.execute(
            select(SeatPool.id)
            .where(SeatPool.event_id == event_id)
            .order_by(SeatPool.id)
            .with_for_update()
        ).all()


def lock_event(event_id: int) -> None:
    """The event's row, locked (NO KEY UPDATE: new registrations' foreign keys still pass)
    while a kommune's share is counted. With the event's own pools, always taken after a
    pool's lock, never before (an organiser's edit locks the pools first); where people
    choose sessions, always before any session's seat row and any registration's row
    (registration counts the share first; an organiser's edit, a session's new seats, and
    a participant's cancelling, adding or dropping a session or correcting details all lock
    the event first: lock_event_of_chooser), so two actions never wait in a ring."""
    if is_postgres():
        db.session.execute(select(Event.id).where(Event.id == event_id)
                           .with_for_update(key_share=True)).all()


def lock_event_of_chooser(token: str) -> None:
    """Where people choose sessions, the event's row before the registration's (see
    lock_event): called before a participant's registration row is locked. An organiser's
    edit holds the event and writes the rows of those it gives a seat."""
    if not is_postgres():
        return
    event_id = db.session.scalar(select(Registration.event_id).join(
        Event, Event.id == Registration.event_id).where(Registration.token == token,
                                                         Event.session_choice == "any"))
    if event_id is not None:
        lock_event(event_id)


def kommune_confirmed(event_id: int) -> dict[str, int]:
    """Confirmed seats per kommune that count towards the quota (exceptions do not)."""
    return dict(db.session.execute(
        select(Registration.kommunenummer, func.count(Registration.id)).where(
            Registration.event_id == event_id,
            Registration.status == RegistrationStatus.CONFIRMED,
            Registration.quota_exempt.is_(False))
        .group_by(Registration.kommunenummer)).tuples().all())


def kommune_room(event: Event, kommunenummer: str) -> int | None:
    """Seats the kommune may still take at this event; None without a quota. Call it
    after taking the pool seat(s): it locks the event for the rest of the transaction."""
    # People who do not work in a kommune are no kommune's share: no quota applies.
    if event.kommune_quota is None or kommunenummer == NOT_A_MUNICIPALITY:
        return None
    lock_event(event.id)
    taken = kommune_confirmed(event.id).get(kommunenummer, 0)
    return max(0, event.kommune_quota - taken)


def _first_in_line(pool: SeatPool) -> Registration | None:
    """The first waiting for the pool's mode who may have a seat: with a kommune quota, the
    first whose kommune is under it (or who has the organiser's exception)."""
    query = (
        select(Registration)
        .where(
            Registration.event_id == pool.event_id,
            Registration.mode == pool.mode,
            Registration.status == RegistrationStatus.WAITLISTED,
        )
        .order_by(Registration.waitlist_rank)
    )
    if is_postgres():
        # NO KEY UPDATE: a row being written (a cancellation) is passed over; one only
        # referred to by a new row (an e-mail to the waiting list, an audit entry) is not
        query = query.with_for_update(skip_locked=True, key_share=True)
    quota = pool.event.kommune_quota
    if quota is None:
        return db.session.scalars(query.limit(1)).first()
    lock_event(pool.event_id)
    taken = kommune_confirmed(pool.event_id)
    for waiting in db.session.scalars(query):
        if within_kommune_share(waiting, taken, quota):
            return waiting
    return None


def within_kommune_share(waiting: Registration, taken: dict[str, int], quota: int) -> bool:
    """Whether a seat may go to this waiting registration under the event's kommune quota
    (``taken``: kommune_confirmed()): the organiser's exception, no kommune, or a kommune
    under its share."""
    return waiting.quota_exempt or waiting.kommunenummer == NOT_A_MUNICIPALITY \
        or taken.get(waiting.kommunenummer, 0) < quota


def promote_waiting(pool_id: int, now: datetime, actor: Any = None, *,
                    reason: str = "freed") -> list[Registration]:
    """Fill free seats of a pool from its waiting list, first come, first served (skipping
    those whose kommune has its share, where the event has a kommune quota).
    ``reason`` is what the promotion mail tells: ``cancelled`` (someone cancelled),
    ``capacity`` (the organiser made room), ``freed`` (a seat became free otherwise)."""
    pool = db.session.get(SeatPool, pool_id)
    assert pool is not None
    promoted: list[Registration] = []
    if pool.event.chooses_sessions:  # seats are the sessions' (session_seats.py)
        return promoted
    if pool.event.status == EventStatus.CANCELLED:  # no «you have a seat» after «cancelled»
        return promoted
    while take_seat(pool_id):
        first = _first_in_line(pool)
        if first is None:
            release_seat(pool_id)
            break
        seat_from_line(first, now)
        db.session.flush()
        outbox.queue(MessageKind.PROMOTED, first, extra={"reason": reason})
        audit.record(AuditAction.PROMOTED, event_id=pool.event_id, actor=actor,
                     registration=first, before={"status": RegistrationStatus.WAITLISTED},
                     after={"status": RegistrationStatus.CONFIRMED})
        promoted.append(first)
    return promoted


def waitlist_position(registration: Registration) -> int | None:
    """1 for the first in line for the registration's mode; None when not waiting."""
    if registration.status != RegistrationStatus.WAITLISTED:
        return None
    return place_in_line(registration.event_id, registration.mode,
                         registration.waitlist_rank)


def place_in_line(event_id: int, mode: str, rank: int | None,
                  connection: Runner | None = None) -> int:
    run = connection.execute if connection is not None else db.session.execute
    ahead = run(WAITING_AHEAD, {"event_id": event_id, "mode": mode,
                                               "rank": rank}).scalar()
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


def seat_summary(event: Event) -> list[dict[str, Any]]:
    """Per mode: capacity, seats left and waiting-list length, as shown to the public.
    Where people choose sessions: summed over the sessions still open (session_seats)."""
    if event.chooses_sessions:
        from .session_seats import summary_over_sessions

        return summary_over_sessions(event)
    waiting = dict(
        db.session.execute(
            select(Registration.mode, func.count(Registration.id))
            .where(
                Registration.event_id == event.id,
                Registration.status == RegistrationStatus.WAITLISTED,
            )
            .group_by(Registration.mode)
        ).tuples().all()
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


def set_capacity(event_id: int, mode: Mode | str, capacity: int | None,
                 now: datetime | None = None, *, actor: Any = None) -> list[Registration]:
    """Change a pool's capacity. Raising it promotes from the waiting list at once;
    lowering it below the number already confirmed is refused."""
    now = now or utcnow()
    with write_transaction():
        # populate_existing: the pool may already be in the session (an event edit loads
        # it to check the form), and the count it holds may be stale by now.
        query = select(SeatPool).where(SeatPool.event_id == event_id, SeatPool.mode == mode) \
            .execution_options(populate_existing=True)
        if is_postgres():
            query = query.with_for_update()
        pool = db.session.scalars(query).first()
        if pool is None:
            raise RegistrationRefused("mode_not_offered")
        if capacity is not None and capacity < pool.confirmed_count:
            raise CapacityBelowConfirmed(mode, pool.confirmed_count, capacity)
        before = pool.capacity
        pool.capacity = capacity
        db.session.flush()
        if actor is not None and before != capacity:
            audit.record(AuditAction.CAPACITY_CHANGED, event_id=event_id, actor=actor,
                         before={"mode": mode, "capacity": before},
                         after={"mode": mode, "capacity": capacity})
        return promote_waiting(pool.id, now, actor, reason="capacity")
