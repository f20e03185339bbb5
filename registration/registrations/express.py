"""The express lane of registering: operations.register() for a plain event, without the ORM.

Most events are plain: open to everyone, every session for everyone, no kommune quota, no
course level below to have completed, no own questions. A registration rush meets one, so
registering for it is a few Core statements built once at import, run on the driver's cursor
(core/driver.py) of a connection of its own, in one transaction that reads the event and
writes the registration (``lane``), with every value made before the seat is taken (token,
ticket code, join tokens, keyed hashes, folded names): the seat row's lock is then held for
database work only.

The rules and rows are operations.register()'s, from the same places: the window and the mode
(rules.py), the conditional seat UPDATE and the waiting-list counter (seats.py), the partial
unique index for «already registered», the join links, the mail cap and the outbox rows
(mail/outbox.py), the audit entry (audit/log.py); tests/test_express.py compares the rows.
An event with any further rule, or not published, is not plain (``lane`` yields None) and
goes the whole way, through operations.register().
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, cast

import psycopg.errors
from flask import current_app
from sqlalchemy import Table, bindparam, exists, insert, select
from sqlalchemy.exc import IntegrityError

from ..audit import log as audit
from ..audit.actions import AuditAction
from ..checkin.joinlinks import new_join_token
from ..checkin.models import JoinLink
from ..core.driver import Runner
from ..core.extensions import db
from ..core.types import utcnow
from ..events.models import Event, EventSession, EventStatus, Mode, SeatPool
from ..mail import churn, outbox
from ..mail.models import MessageKind, OutboxMessage
from ..networks.models import Audience
from ..questions.models import EventQuestion
from . import operations, seats
from .models import Registration, RegistrationStatus
from .rules import (
    Outcome,
    Participant,
    RegistrationRefused,
    check_registration_open,
    normalize_email,
    resolve_mode,
)


def _table(model: Any) -> Table:
    return cast(Table, model.__table__)


_event, _session, _pool = _table(Event), _table(EventSession), _table(SeatPool)
_registration = _table(Registration)

# One round trip: the event, its sessions × its pools (one or two), and whether anything
# makes it not plain.
EVENT_FACTS = (
    select(_event.c.id, _event.c.title, _event.c.status, _event.c.has_waitlist,
           _event.c.serves_food, _event.c.registration_opens_at,
           _event.c.registration_closes_at, _event.c.audience, _event.c.kommune_quota,
           _event.c.requires_previous, _event.c.level_id, _event.c.session_choice,
           exists().where(EventQuestion.event_id == _event.c.id).label("has_questions"),
           _session.c.id.label("session_id"), _session.c.starts_at, _session.c.ends_at,
           _pool.c.id.label("pool_id"), _pool.c.mode)
    .select_from(_event.outerjoin(_session, _session.c.event_id == _event.c.id)
                 .outerjoin(_pool, _pool.c.event_id == _event.c.id))
    .where(_event.c.id == bindparam("event_id"))
)
INSERT_REGISTRATION = insert(_registration).returning(_registration.c.id)
INSERT_JOIN_LINK = insert(_table(JoinLink)).inline()  # no RETURNING of ids not needed
INSERT_OUTBOX = insert(_table(OutboxMessage)).inline()
ACTIVE_REGISTRATION = select(_registration.c.id).where(
    _registration.c.event_id == bindparam("event_id"),
    _registration.c.email_normalized == bindparam("email"),
    _registration.c.status != RegistrationStatus.CANCELLED).limit(1)


@dataclass(frozen=True)
class PlainEvent:
    """What registering for a plain event needs to know of it (the attributes the rules in
    rules.py and the forms read of an Event)."""

    id: int
    title: str
    status: EventStatus
    has_waitlist: bool
    serves_food: bool
    registration_opens_at: datetime | None
    registration_closes_at: datetime | None
    sessions: tuple[tuple[int, datetime, datetime], ...]  # (id, starts, ends), by start
    pools: dict[str, int] = field(default_factory=dict)  # mode → seat pool id
    audience: str = Audience.OPEN
    chooses_sessions: bool = False

    @property
    def modes(self) -> list[str]:
        return list(self.pools)

    @property
    def starts_at(self) -> datetime | None:
        return self.sessions[0][1] if self.sessions else None

    @property
    def ends_at(self) -> datetime | None:
        return max(s[2] for s in self.sessions) if self.sessions else None


def _facts(connection: Runner, event_id: int) -> PlainEvent | None:
    rows = connection.execute(EVENT_FACTS, {"event_id": event_id}).all()
    if not rows:
        return None
    (id_, title, status, has_waitlist, serves_food, opens, closes, audience, quota,
     requires_previous, level_id, session_choice, has_questions) = rows[0][:13]
    if (status != EventStatus.PUBLISHED or audience != Audience.OPEN or quota is not None
            or session_choice != "all" or (requires_previous and level_id is not None)
            or has_questions):
        return None
    sessions = sorted({(r[13], r[14], r[15]) for r in rows if r[13] is not None},
                      key=lambda s: (s[1], s[0]))
    # the order of Event.seat_pools (mode descending: physical before digital)
    modes = sorted({(r[17], r[16]) for r in rows if r[16] is not None}, reverse=True)
    return PlainEvent(id=id_, title=title, status=status, has_waitlist=has_waitlist,
                      serves_food=serves_food, registration_opens_at=opens,
                      registration_closes_at=closes, sessions=tuple(sessions),
                      pools=dict(modes))


class PlainOutcome(Outcome):
    """The Outcome of the express lane: what the answer needs is in hand; the Registration
    object (an ORM instance, not cheap to make) is made only if someone asks for it."""

    def __init__(self, make: Callable[[], Registration], position: int | None,
                 values: dict[str, Any]) -> None:  # not Outcome's __init__: no Registration
        self._make = make
        self._made: Registration | None = None
        self.waitlist_position, self.promoted = position, []
        self.token, self.status, self.mode = values["token"], values["status"], values["mode"]
        self.event_id, self.waitlist_reason = values["event_id"], values["waitlist_reason"]

    @property
    def registration(self) -> Registration:  # type: ignore[override]
        if self._made is None:
            self._made = self._make()
        return self._made


class Lane:
    """One registration's connection and transaction, opened on a plain event (see lane())."""

    def __init__(self, runner: Runner, event: PlainEvent) -> None:
        self.runner, self.event = runner, event

    def register(self, participant: Participant, now: datetime | None = None) -> Outcome:
        """operations.register() for this plain event: a seat if one is free, else the
        waiting list, else a refusal (RegistrationRefused); committed here, or rolled back
        whole on any refusal or error."""
        event = self.event
        try:
            now = now or utcnow()
            check_registration_open(event, now)
            mode = resolve_mode(event, participant.mode)
            values = operations.registration_values(event, participant, mode, seated=True,
                                                    rank=None, now=now)
            join_tokens = [new_join_token() for _ in event.sessions]
            registration_id, position = _register(self.runner, event, participant, mode,
                                                  event.pools[mode], values, join_tokens,
                                                  now)
            self.runner.commit()
        except BaseException:
            self.runner.rollback()
            raise
        return PlainOutcome(lambda: Registration(id=registration_id, **values), position,
                            values)


@contextmanager
def lane(event_id: int) -> Iterator[Lane | None]:
    """The express lane for this event, or None when it is not plain (published, open to
    all, no further rule): then leave the block and register the whole way.

    One connection of its own, not the ORM session's (its unit of work is what this lane
    leaves out), with its transaction begun before the event is read: on SQLite IMMEDIATE,
    as write_transaction() begins, so the event read and the registration are one
    transaction there too. Leaving the block without registering rolls back."""
    if db.engine.dialect.name == "postgresql":
        runner = Runner.on_pool(db.engine)  # no SQLAlchemy Connection: core/driver.py
        try:
            event = _facts(runner, event_id)
            yield None if event is None else Lane(runner, event)
        finally:
            runner.close()
        return
    with db.engine.connect() as connection:
        connection.execution_options(sqlite_immediate=True)
        connection.begin()
        runner = Runner(connection)
        event = _facts(runner, event_id)
        yield None if event is None else Lane(runner, event)


def plain_event(event_id: int) -> PlainEvent | None:
    """The event if it is plain, else None (a read for tests and the catalogue)."""
    with lane(event_id) as found:
        return found.event if found is not None else None


def _register(connection: Runner, event: PlainEvent, participant: Participant,
              mode: Mode, pool_id: int, values: dict[str, Any], join_tokens: list[str],
              now: datetime) -> tuple[int, int | None]:
    """The statements, in the order the whole way runs them: (registration id, place in
    line or None)."""
    # The mail cap first: it does not depend on the seat, and the seat's lock is then held
    # for the writes only.
    capped = churn.over_churn_cap(values["email"], connection)
    seated = seats.take_seat(pool_id, connection)
    if not seated:
        if not event.has_waitlist:
            already = connection.execute(ACTIVE_REGISTRATION, {
                "event_id": event.id, "email": normalize_email(participant.email)}).first()
            raise RegistrationRefused("duplicate" if already else "full")
        operations.place(values, seated=False, now=now,
                         rank=seats.next_queue_number(pool_id, connection))
    try:
        registration_id = connection.execute(INSERT_REGISTRATION, values).scalar_one()
    except (IntegrityError, psycopg.errors.UniqueViolation) as error:
        if _already_registered(error):  # the partial unique index said so
            raise RegistrationRefused("duplicate") from None
        raise
    if event.sessions:
        connection.execute(INSERT_JOIN_LINK, [
            {"registration_id": registration_id, "session_id": s[0], "token": token}
            for s, token in zip(event.sessions, join_tokens, strict=True)])
    position = None if seated else seats.place_in_line(
        event.id, mode, values["waitlist_rank"], connection)
    kind = MessageKind.CONFIRMATION if seated else MessageKind.WAITLISTED
    if capped:
        churn.log_capped(kind, registration_id)
    else:
        connection.execute(INSERT_OUTBOX, outbox.message_rows(kind, outbox.Addressee(
            id=registration_id, event_id=event.id, email=values["email"], name=values["name"],
            confirmed=seated, language=values["language"], title=event.title,
            session_ids=tuple(s[0] for s in event.sessions)), position=position))
    audit.write(connection, AuditAction.REGISTERED, event_id=event.id,
                registration_id=registration_id,
                after={key: values[key] for key in audit.TRACKED})
    return registration_id, position


def _already_registered(error: Exception) -> bool:
    text = str(getattr(error, "orig", None) or error)
    return "uq_registration_active_email" in text or "registration.email_normalized" in text


def enabled() -> bool:
    return bool(current_app.config.get("EXPRESS_REGISTRATION", True))
