"""The express lane of registering: operations.register() for a plain event, without the ORM.

Most events are plain: open to everyone, every session for everyone, no kommune quota, no
course level below to have completed, no own questions. A registration rush meets one, so
registering for it is written as a few Core statements built once at import, run on the
session's connection in one transaction (write_transaction), with every value made before the
seat is taken (token, ticket code, join tokens, keyed hashes, folded names): the seat row's
lock is then held for database work only.

The rules and rows are operations.register()'s, from the same places: the window and the mode
(rules.py), the conditional seat UPDATE and the waiting-list counter (seats.py), the partial
unique index for «already registered», the join links, the mail cap and the outbox rows
(mail/outbox.py), the audit entry (audit/log.py). An event with any further rule is not plain
(``plain_event`` says None) and goes through operations.register(), as do refusals that need
the whole event to explain themselves (cancelled, draft).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, cast

import psycopg.errors
from flask import current_app
from sqlalchemy import Table, bindparam, exists, insert, select
from sqlalchemy.exc import IntegrityError

from ..audit import log as audit
from ..audit.actions import AuditAction
from ..audit.models import AuditEntry
from ..checkin.joinlinks import new_join_token
from ..checkin.models import JoinLink
from ..core.db import write_transaction
from ..core.driver import Runner
from ..core.extensions import db
from ..core.types import utcnow
from ..events.models import Event, EventSession, EventStatus, Mode, SeatPool
from ..mail import outbox
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
INSERT_AUDIT = insert(_table(AuditEntry)).inline()
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


class NotPlain(Exception):  # noqa: N818 - a signal, not an error
    """The event changed under us (SQLite re-read): register the whole way instead."""


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


def plain_event(event_id: int) -> PlainEvent | None:
    """The event if it is plain (published, open to all, no extra rules), else None."""
    return _facts(Runner(db.session.connection()), event_id)


def register(event: PlainEvent, participant: Participant, now: datetime | None = None
             ) -> Outcome:
    """operations.register() for a plain event: a seat if one is free, else the waiting
    list, else a refusal (RegistrationRefused), in one transaction."""
    now = now or utcnow()
    check_registration_open(event, now)
    mode = resolve_mode(event, participant.mode)
    pool_id = event.pools[mode]
    values = operations.registration_values(event, participant, mode, seated=True,
                                            rank=None, now=now)
    join_tokens = [new_join_token() for _ in event.sessions]
    try:
        with write_transaction():
            connection = Runner(db.session.connection())
            if not connection.raw:
                # SQLite began IMMEDIATE after the read: read again under the write lock
                again = _facts(connection, event.id)
                if again is None or again.pools != event.pools:
                    raise NotPlain
                check_registration_open(again, now)
            registration_id, position = _register(connection, event, participant, mode,
                                                  pool_id, values, join_tokens, now)
    except NotPlain:
        return operations.register(event.id, participant, now)
    # made after the commit: the seat's lock is held for database work only
    return Outcome(Registration(id=registration_id, **values), position)


def _register(connection: Runner, event: PlainEvent, participant: Participant,
              mode: Mode, pool_id: int, values: dict[str, Any], join_tokens: list[str],
              now: datetime) -> tuple[int, int | None]:
    """The statements, in the order the whole way runs them: (registration id, place in
    line or None)."""
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
    if outbox.over_churn_cap(values["email"], connection):
        outbox.log_capped(kind, registration_id)
    else:
        connection.execute(INSERT_OUTBOX, outbox.message_rows(kind, outbox.Addressee(
            id=registration_id, event_id=event.id, email=values["email"], name=values["name"],
            confirmed=seated, language=values["language"], title=event.title,
            session_ids=tuple(s[0] for s in event.sessions)), position=position))
    connection.execute(INSERT_AUDIT, audit.entry_values(
        AuditAction.REGISTERED, event_id=event.id, registration_id=registration_id,
        after={key: values[key] for key in audit.TRACKED}))
    return registration_id, position


def _already_registered(error: Exception) -> bool:
    text = str(getattr(error, "orig", None) or error)
    return "uq_registration_active_email" in text or "registration.email_normalized" in text


def enabled() -> bool:
    return bool(current_app.config.get("EXPRESS_REGISTRATION", True))
