"""What an organiser may do past the seat rules, one person at a time: confirm someone over
capacity (the capacity grows by one, so the database guard still holds), let someone past the
kommune quota, and move someone in the line. Each is one transaction, audited; the seat
statements themselves are seats.py's."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import select, update

from ..audit import log as audit
from ..audit.actions import AuditAction
from ..core.db import write_transaction
from ..core.extensions import db
from ..core.types import utcnow
from ..events.models import SeatPool
from ..mail import outbox
from ..mail.models import MessageKind
from .models import Registration, RegistrationStatus
from .rules import RegistrationRefused
from .seats import lock_pools, seat_from_line, take_seat, waitlist_position


def confirm_over_capacity(registration_id: int, actor: Any,
                          now: datetime | None = None) -> tuple[int, int]:
    """Confirm someone from the waiting list although the mode is full: the capacity grows
    by one so that the database guard still holds. Returns (confirmed, capacity)."""
    now = now or utcnow()
    with write_transaction():
        registration = db.session.get(Registration, registration_id, with_for_update=True,
                                      populate_existing=True)
        if registration is None or registration.status != RegistrationStatus.WAITLISTED:
            raise RegistrationRefused("not_waitlisted")
        if registration.event.chooses_sessions:  # seats are the sessions': set them there
            raise RegistrationRefused("per_session")
        pool = db.session.scalars(select(SeatPool).where(
            SeatPool.event_id == registration.event_id, SeatPool.mode == registration.mode)
            .with_for_update().execution_options(populate_existing=True)).one()
        before = audit.snapshot(registration)
        if not take_seat(pool.id):
            old = pool.capacity
            db.session.execute(update(SeatPool).where(SeatPool.id == pool.id)
                               .values(capacity=SeatPool.confirmed_count + 1)
                               .execution_options(synchronize_session=False))
            db.session.refresh(pool)
            audit.record(AuditAction.CAPACITY_CHANGED, event_id=pool.event_id, actor=actor,
                         before={"mode": pool.mode, "capacity": old},
                         after={"mode": pool.mode, "capacity": pool.capacity})
            if not take_seat(pool.id):  # pragma: no cover - the row is locked
                raise RegistrationRefused("no_seat_for_switch")
        seat_from_line(registration, now)
        db.session.flush()
        outbox.queue(MessageKind.PROMOTED, registration, extra={"reason": "organiser"})
        audit.record(AuditAction.CONFIRMED_OVER_CAPACITY, event_id=registration.event_id,
                     actor=actor, registration=registration, before=before,
                     after=audit.snapshot(registration))
        db.session.refresh(pool)
        return pool.confirmed_count, pool.capacity or 0


def lift_quota(registration_id: int, actor: Any, now: datetime | None = None) -> bool:
    """The organiser lets this one person past the kommune quota: they no longer count
    towards it, and take a free seat at once if there is one (else they keep their place
    in line, now without the quota in the way). Returns whether they got a seat."""
    now = now or utcnow()
    with write_transaction():
        registration = db.session.get(Registration, registration_id, with_for_update=True,
                                      populate_existing=True)
        if registration is None or registration.status == RegistrationStatus.CANCELLED:
            raise RegistrationRefused("not_waitlisted")
        if registration.event.chooses_sessions:
            raise RegistrationRefused("per_session")
        before = {"quota_exempt": registration.quota_exempt, "status": registration.status}
        registration.quota_exempt = True
        registration.updated_at = now
        pool = db.session.scalars(select(SeatPool).where(
            SeatPool.event_id == registration.event_id, SeatPool.mode == registration.mode)
            .execution_options(populate_existing=True)).one()
        seated = registration.status == RegistrationStatus.WAITLISTED and take_seat(pool.id)
        if seated:
            registration.status = RegistrationStatus.CONFIRMED
            registration.confirmed_at = now
            registration.waitlist_rank = None
            registration.waitlist_reason = None
        db.session.flush()
        if seated:
            outbox.queue(MessageKind.PROMOTED, registration)
        audit.record(AuditAction.QUOTA_LIFTED, event_id=registration.event_id, actor=actor,
                     registration=registration, before=before,
                     after={"quota_exempt": True, "status": registration.status})
        return seated


def move_in_queue(registration_id: int, direction: int, actor: Any) -> None:
    """Swap a waiting registration with its neighbour in line (-1: earlier, +1: later)."""
    with write_transaction():
        registration = db.session.get(Registration, registration_id, with_for_update=True,
                                      populate_existing=True)
        if registration is None or registration.status != RegistrationStatus.WAITLISTED:
            raise RegistrationRefused("not_waitlisted")
        lock_pools(registration.event_id)
        rank = registration.waitlist_rank
        neighbour_query = select(Registration).where(
            Registration.event_id == registration.event_id,
            Registration.mode == registration.mode,
            Registration.status == RegistrationStatus.WAITLISTED,
        )
        if direction < 0:
            neighbour_query = neighbour_query.where(Registration.waitlist_rank < rank) \
                .order_by(Registration.waitlist_rank.desc())
        else:
            neighbour_query = neighbour_query.where(Registration.waitlist_rank > rank) \
                .order_by(Registration.waitlist_rank)
        neighbour = db.session.scalars(neighbour_query.limit(1)).first()
        if neighbour is None:
            return
        before = waitlist_position(registration)
        registration.waitlist_rank, neighbour.waitlist_rank = neighbour.waitlist_rank, rank
        db.session.flush()
        audit.record(AuditAction.QUEUE_MOVED, event_id=registration.event_id, actor=actor,
                     registration=registration, before={"position": before},
                     after={"position": waitlist_position(registration)})
