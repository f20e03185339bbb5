"""Controls for the concurrency tests: the naive read-then-write checks that the database
guards replace, to show that the tests would catch the race.

They live here, not in the package: gunicorn serves them as
``tests.controls:naive_seat_app()`` or ``tests.controls:naive_link_app()``, so no
configuration of a production install can switch them on.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from typing import Any

from flask import Flask, request
from sqlalchemy import func, select, update

from registration import create_app
from registration.core.extensions import db
from registration.evaluations import answers
from registration.evaluations.models import EvaluationInvitation
from registration.events.models import Event
from registration.registrations import express, operations, rules, seats
from registration.registrations.models import Registration, RegistrationStatus

_answer = threading.local()


def _naive_seat_free(event_id: int, mode: str | None) -> bool:
    """Count the confirmed in Python before the write transaction begins, as a
    read-then-write app would: concurrent requests see the same count."""
    event = db.session.get(Event, event_id)
    pool = event.pool(rules.resolve_mode(event, mode)) if event else None
    if pool is None:
        return False
    confirmed = db.session.scalar(select(func.count(Registration.id)).where(
        Registration.event_id == event_id, Registration.mode == pool.mode,
        Registration.status == RegistrationStatus.CONFIRMED))
    time.sleep(0.02)  # the request's other work; widens the window a real app has
    return pool.capacity is None or (confirmed or 0) < pool.capacity


def naive_seat_app() -> Flask:
    """Registration decides "seat or not" from the Python count; the pool's guard is
    bypassed (its counter is not taken), so only the count of confirmed rows tells."""
    real_take_seat, real_register = seats.take_seat, operations.register
    real_lane = express.lane

    def take_seat(pool_id: int, connection: Any = None) -> bool:
        decided = getattr(_answer, "value", None)
        if decided is None:
            return real_take_seat(pool_id, connection)
        _answer.value = None
        return bool(decided)

    @contextmanager
    def naive_lane(event_id: int) -> Iterator[express.Lane | None]:
        # the express lane decides the same naive way: counted before its transaction
        body = request.get_json(silent=True) or request.form
        decided = _naive_seat_free(event_id, body.get("mode"))
        with real_lane(event_id) as lane:
            _answer.value = decided
            try:
                yield lane
            finally:
                _answer.value = None

    def register(event_id: int, participant: rules.Participant, now: datetime | None = None,
                 *, actor: Any = None) -> rules.Outcome:
        _answer.value = _naive_seat_free(event_id, participant.mode)
        try:
            return real_register(event_id, participant, now, actor=actor)
        finally:
            _answer.value = None

    seats.take_seat = take_seat  # type: ignore[assignment]
    operations.register = register  # type: ignore[assignment]
    express.lane = naive_lane  # type: ignore[assignment]
    return create_app()


def naive_link_app() -> Flask:
    """An evaluation link is checked in Python before the write, then marked used without a
    condition: two submissions at once both get through."""
    real_submit = answers.submit

    def claim_link(invitation_id: int) -> bool:
        db.session.execute(update(EvaluationInvitation)
                           .where(EvaluationInvitation.id == invitation_id)
                           .values(answered=True))
        return True

    def submit(invitation_id: int, answers: dict[int, Any],
               now: datetime | None = None) -> bool:
        seen = db.session.get(EvaluationInvitation, invitation_id)
        if seen is None or seen.answered:
            return False
        db.session.rollback()  # the check was a read of its own, as a read-then-write app has
        time.sleep(0.02)  # the request's other work: the window a real app has, made visible
        return real_submit(invitation_id, answers, now)

    answers.claim_link = claim_link  # type: ignore[assignment]
    answers.submit = submit  # type: ignore[assignment]
    return create_app()


def naive_group_app() -> Flask:
    """Group registration decides "seats or not" from the Python count of confirmed rows,
    taken before the write transaction; the pool's conditional UPDATE is bypassed."""
    from registration.groups import operations as groups

    real_take_seat, real_take_seats = seats.take_seat, seats.take_seats
    real_register_group = groups.register_group

    def decided_or(real: Any) -> Any:
        def take(pool_id: int, *count: int) -> bool:
            queue = getattr(_answer, "group", None)
            if not queue:
                return bool(real(pool_id, *count))
            return bool(queue.pop(0))
        return take

    def register_group(event_id: int, request: Any, now: datetime | None = None) -> Any:
        event = db.session.get(Event, event_id)
        pool = event.pool(rules.resolve_mode(event, request.participants[0].mode)) \
            if event else None
        confirmed = db.session.scalar(select(func.count(Registration.id)).where(
            Registration.event_id == event_id, Registration.status == RegistrationStatus.CONFIRMED))
        time.sleep(0.02)  # the window between the count and the write, made wide
        free = (pool.capacity or 0) - (confirmed or 0) if pool else 0
        count = len(request.participants)
        _answer.group = [count <= free] if request.all_or_nothing else \
            [i < free for i in range(count)]
        try:
            return real_register_group(event_id, request, now)
        finally:
            _answer.group = None

    seats.take_seat = decided_or(real_take_seat)  # type: ignore[assignment]
    seats.take_seats = decided_or(real_take_seats)  # type: ignore[assignment]
    groups.register_group = register_group  # type: ignore[assignment]
    return create_app()


def naive_quota_app() -> Flask:
    """The kommune's share counted in Python before the write transaction, without the
    event's row lock: concurrent requests from one kommune see the same count."""
    real_register, real_room = operations.register, seats.kommune_room

    def kommune_room(event: Event, kommunenummer: str) -> int | None:
        decided = getattr(_answer, "room", None)
        return real_room(event, kommunenummer) if decided is None else decided

    def register(event_id: int, participant: rules.Participant, now: datetime | None = None,
                 *, actor: Any = None) -> rules.Outcome:
        event = db.session.get(Event, event_id)
        taken = db.session.scalar(select(func.count(Registration.id)).where(
            Registration.event_id == event_id,
            Registration.kommunenummer == participant.kommunenummer,
            Registration.status == RegistrationStatus.CONFIRMED))
        time.sleep(0.02)  # the window between the count and the write, made wide
        _answer.room = max(0, (event.kommune_quota or 0) - (taken or 0)) if event else 0
        try:
            return real_register(event_id, participant, now, actor=actor)
        finally:
            _answer.room = None

    seats.kommune_room = kommune_room  # type: ignore[assignment]
    operations.register = register  # type: ignore[assignment]
    return create_app()


def naive_series_app() -> Flask:
    """«Meld meg på alle» decides each event's seat from a Python count made before the
    write transaction; the pools' conditional UPDATE is bypassed."""
    from registration.core.types import utcnow
    from registration.series import operations as series_operations
    from registration.series.models import EventSeries

    real_take_seat, real_register_all = seats.take_seat, series_operations.register_all

    def take_seat(pool_id: int) -> bool:
        queue = getattr(_answer, "series", None)
        return bool(queue.pop(0)) if queue else real_take_seat(pool_id)

    def register_all(series_id: int, participant: rules.Participant,
                     now: datetime | None = None) -> Any:
        series = db.session.get(EventSeries, series_id)
        decisions = []
        for event in series_operations.open_events(series, utcnow()) if series else []:
            decisions.append(_naive_seat_free(event.id, participant.mode))
        _answer.series = decisions
        try:
            return real_register_all(series_id, participant, now)
        finally:
            _answer.series = None

    seats.take_seat = take_seat  # type: ignore[assignment]
    series_operations.register_all = register_all  # type: ignore[assignment]
    return create_app()


def naive_session_app() -> Flask:
    """«Velg økter» decides each chosen session's seat from a Python count of the confirmed,
    made before the write transaction and kept for two seconds in each process (a seat count
    cached to spare the database: the bug this control stands for, made certain, where a
    count per request met its neighbours only by chance and once, on a busy CI run, did not);
    the session pools' conditional UPDATE is bypassed."""
    from registration.registrations import session_seats
    from registration.registrations.models import RegistrationSession

    real_take, real_register = session_seats.take_session_seat, operations.register
    counted: dict[int, tuple[float, int]] = {}  # session id → (when counted, confirmed)
    lock = threading.Lock()

    def confirmed_in(session_id: int) -> int:
        with lock:
            seen = counted.get(session_id)
            if seen is not None and time.monotonic() - seen[0] < 2:
                return seen[1]
        confirmed = db.session.scalar(select(func.count(RegistrationSession.id)).where(
            RegistrationSession.session_id == session_id,
            RegistrationSession.status == RegistrationStatus.CONFIRMED)) or 0
        with lock:
            seen = counted.get(session_id)
            if seen is None or time.monotonic() - seen[0] >= 2:  # the first, or a stale one
                counted[session_id] = seen = (time.monotonic(), confirmed)
            return seen[1]

    def take_session_seat(pool_id: int) -> bool:
        queue = getattr(_answer, "sessions", None)
        return bool(queue.pop(0)) if queue else real_take(pool_id)

    def register(event_id: int, participant: rules.Participant, now: datetime | None = None,
                 *, actor: Any = None) -> rules.Outcome:
        event = db.session.get(Event, event_id)
        decisions = []
        for session in sorted(event.sessions if event else [], key=lambda s: s.starts_at):
            if session.id not in participant.session_ids:
                continue
            pool = session.pool(rules.resolve_mode(event, participant.mode))
            confirmed = confirmed_in(session.id)
            decisions.append(pool is not None and (pool.capacity is None
                                                   or confirmed < pool.capacity))
        time.sleep(0.02)  # the window between the count and the write, made wide
        _answer.sessions = decisions
        try:
            return real_register(event_id, participant, now, actor=actor)
        finally:
            _answer.sessions = None

    session_seats.take_session_seat = take_session_seat  # type: ignore[assignment]
    operations.register = register  # type: ignore[assignment]
    return create_app()


def cancel_locks_late_app() -> Flask:
    """A cancellation where people choose sessions leaves the event's lock until it counts
    the kommune's share, after it has freed its own session seats: the other way round
    from a registration, which counts the share first."""
    real_lock, real_cancel = seats.lock_event, operations.cancel
    state = threading.local()

    def lock_event(event_id: int) -> None:
        if getattr(state, "in_cancel", False):
            state.in_cancel = False  # the cancellation's first lock: left out
            return
        real_lock(event_id)

    def cancel(*args: Any, **kwargs: Any) -> rules.Outcome:
        state.in_cancel = True
        try:
            return real_cancel(*args, **kwargs)
        finally:
            state.in_cancel = False

    seats.lock_event = lock_event  # type: ignore[assignment]
    operations.cancel = cancel  # type: ignore[assignment]
    return create_app()


def naive_set_status(event: Event, status: Any, actor: Any) -> None:
    """An event's status changed on the status as read (events.operations.set_status before
    its compare-and-set): a change racing a cancellation overwrites it once that commits."""
    from registration.audit import log as audit
    from registration.audit.actions import AuditAction
    from registration.core.db import write_transaction
    from registration.events import operations as events
    from registration.mail import outbox
    from registration.mail.models import MessageKind

    with write_transaction():
        before = event.status
        if before == "cancelled" and status != "cancelled":
            raise events.EventRuleError("Et avlyst arrangement kan ikke åpnes igjen.")
        if status == "cancelled" and before != "cancelled":
            for registration in events.active(event, (RegistrationStatus.CONFIRMED,
                                                      RegistrationStatus.WAITLISTED)):
                outbox.queue(MessageKind.EVENT_CANCELLED, registration)
        event.status = status
        audit.record(AuditAction.EVENT_STATUS, event_id=event.id, actor=actor,
                     before={"status": before}, after={"status": str(status)})
