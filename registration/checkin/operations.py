"""Check-in at the door: one answer per scan, idempotent, safe with several devices."""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any, cast

from sqlalchemy import Table, bindparam, func, or_, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import IntegrityError

from ..audit import log as audit
from ..audit.actions import AuditAction
from ..core import municipalities
from ..core.db import write_transaction
from ..core.driver import Runner
from ..core.extensions import db
from ..events.models import Mode, SeatPool
from ..models import (
    CheckIn,
    Event,
    EventSession,
    Registration,
    RegistrationSession,
    RegistrationStatus,
    utcnow,
)
from ..registrations import operations as registrations
from ..registrations.rules import Participant, has_ticket
from . import nextsteps
from .models import CheckInMethod
from .tickets import LOOK_ALIKES

CODE_RE = re.compile(r"^[A-Z0-9]{22}$")
RESULTS = ("checked_in", "already_checked_in", "not_registered", "cancelled", "waitlisted",
           "digital_only")


@dataclass
class Answer:
    result: str
    name: str | None = None
    kommune: str | None = None
    mode: str | None = None
    checked_in_at: datetime | None = None
    checked_in_by: str | None = None
    check_in_id: int | None = None
    details: dict[str, Any] = field(default_factory=dict)
    # What the host can do next (nextsteps.offer): switch to physical, register again, or
    # the place in line.
    next_step: dict[str, Any] | None = None

    def as_json(self) -> dict[str, Any]:
        return {"result": self.result, "name": self.name, "kommune": self.kommune,
                "mode": self.mode, "check_in_id": self.check_in_id,
                "next_step": self.next_step,
                "checked_in_at": self.checked_in_at.isoformat() if self.checked_in_at
                else None, "checked_in_by": self.checked_in_by}


def normalize_code(raw: object) -> str | None:
    """What a scanner or a person typed: spaces, dashes and case do not matter; anything
    else is not a ticket."""
    if not isinstance(raw, str) or len(raw) > 64:
        return None
    code = re.sub(r"[\s-]", "", raw).upper()
    return code if CODE_RE.match(code) else None


def code_candidates(raw: object) -> list[str]:
    """The codes a typed text may mean: as typed, and with look-alikes read the Crockford
    way (O→0, I/L→1), which is how every new code is written. Old codes (A–Z0–9) may hold
    O, I or L themselves, so the text as typed is tried too, and first."""
    code = normalize_code(raw)
    if code is None:
        return []
    read = code.translate(LOOK_ALIKES)
    return [code] if read == code else [code, read]


def registration_by_code(raw: object) -> Registration | None:
    candidates = code_candidates(raw)
    if not candidates:
        return None
    found = {r.ticket_code: r for r in db.session.scalars(select(Registration).where(
        Registration.ticket_code.in_(candidates)))}
    return next((found[c] for c in candidates if c in found), None)


def session_now(event: Event, now: datetime | None = None) -> EventSession | None:
    """The session running now, else the next one to start, else the last one."""
    now = now or utcnow()
    sessions = list(event.sessions)
    for session in sessions:
        if session.starts_at <= now < session.ends_at:
            return session
    upcoming = [s for s in sessions if s.starts_at > now]
    if upcoming:
        return upcoming[0]
    return sessions[-1] if sessions else None


def _existing(registration_id: int, session_id: int) -> CheckIn | None:
    return db.session.scalar(select(CheckIn).where(CheckIn.registration_id == registration_id,
                                                   CheckIn.session_id == session_id))


_tickets = cast(Table, Registration.__table__)
_sessions, _events = cast(Table, EventSession.__table__), cast(Table, Event.__table__)
# Built once: what the door reads of the ticket's registration (two candidates: code_candidates)
TICKET = select(_tickets.c.id, _tickets.c.event_id, _tickets.c.status, _tickets.c.mode,
                _tickets.c.name, _tickets.c.kommunenummer, _tickets.c.ticket_code).where(
    or_(_tickets.c.ticket_code == bindparam("code"),
        _tickets.c.ticket_code == bindparam("read")))
# ... and of the session scanned for: its event, the event's owner, «velg økter» or not
SESSION_FACTS = select(_sessions.c.id, _sessions.c.event_id, _events.c.owner_id,
                       _events.c.session_choice).join(
    _events, _events.c.id == _sessions.c.event_id).where(
    _sessions.c.id == bindparam("session_id"))


@dataclass(frozen=True)
class Ticket:
    """What a scan needs of the ticket's registration (a row, not the ORM object: a door
    scans hundreds a minute)."""

    id: int
    event_id: int
    status: str
    mode: str
    name: str
    kommunenummer: str | None

    def person(self) -> dict[str, Any]:
        return {"name": self.name, "kommune": municipalities.name_of(self.kommunenummer),
                "mode": self.mode}


@dataclass(frozen=True)
class DoorSession:
    """The session scanned for, by ids."""

    id: int
    event_id: int
    owner_id: int | None
    chooses_sessions: bool

    @classmethod
    def of(cls, session: EventSession) -> DoorSession:
        return cls(session.id, session.event_id, session.event.owner_id,
                   session.event.chooses_sessions)


def door_session(session_id: int) -> DoorSession | None:
    row = Runner(db.session.connection()).execute(SESSION_FACTS,
                                                  {"session_id": session_id}).first()
    return None if row is None else DoorSession(row[0], row[1], row[2], row[3] == "any")


def ticket_by_code(raw: object, run: Runner | None = None) -> Ticket | None:
    """registration_by_code() as a Ticket: the code as typed first, then read the Crockford
    way."""
    candidates = code_candidates(raw)
    if not candidates:
        return None
    run = run or Runner(db.session.connection())
    rows = run.execute(TICKET, {"code": candidates[0], "read": candidates[-1]}).all()
    found = {row[6]: Ticket(*row[:6]) for row in rows}
    return next((found[c] for c in candidates if c in found), None)


def _classify(session: DoorSession, raw_code: object,
              run: Runner | None = None) -> tuple[Ticket | None, Answer | None]:
    """The ticket, or the answer that stops here (wrong event, cancelled, waiting,
    digital)."""
    ticket = ticket_by_code(raw_code, run)
    if ticket is None or ticket.event_id != session.event_id:
        return None, Answer("not_registered")
    person = ticket.person()
    if ticket.status in (RegistrationStatus.CANCELLED, RegistrationStatus.WAITLISTED) \
            or not has_ticket(ticket):  # digital: attends through the join link
        # what the door can offer next reads the registration whole (a rare answer)
        step = nextsteps.offer(db.session.get_one(Registration, ticket.id))
        result = "digital_only" if ticket.status == RegistrationStatus.CONFIRMED \
            else str(ticket.status)
        return None, Answer(result, next_step=step, **person)
    if session.chooses_sessions:  # «velg økter»: a seat in this session?
        here = db.session.scalar(select(RegistrationSession.status).where(
            RegistrationSession.registration_id == ticket.id,
            RegistrationSession.session_id == session.id))
        if here == RegistrationStatus.WAITLISTED:
            return None, Answer("waitlisted", **person)
        if here != RegistrationStatus.CONFIRMED:
            return None, Answer("not_registered", **person)
    return ticket, None


def _already(existing: CheckIn, ticket: Ticket) -> Answer:
    by = existing.by_user.email if existing.by_user else None
    return Answer("already_checked_in", checked_in_at=existing.checked_in_at,
                  checked_in_by=by, check_in_id=existing.id, **ticket.person())


def look_up(session: EventSession, raw_code: object) -> Answer:
    """What a scan would answer, without checking anyone in."""
    ticket, stop = _classify(DoorSession.of(session), raw_code)
    if ticket is None:
        return stop or Answer("not_registered")
    existing = _existing(ticket.id, session.id)
    if existing is not None:
        return _already(existing, ticket)
    return Answer("not_checked_in", **ticket.person())


_check_ins = cast(Table, CheckIn.__table__)
# Built once: the one write of a scan. ON CONFLICT DO NOTHING (both backends): a ticket already
# in for this session is no error, so no savepoint is needed around it.
_INSERT_CHECK_IN = {
    name: insert_for(_check_ins).on_conflict_do_nothing().returning(
        _check_ins.c.id, _check_ins.c.checked_in_at)
    for name, insert_for in (("postgresql", postgresql.insert), ("sqlite", sqlite.insert))}


def check_in(session: EventSession | DoorSession, raw_code: object, actor: Any, *,
             nonce: str | None = None, method: CheckInMethod = CheckInMethod.SCAN,
             counts: dict[str, int] | None = None) -> Answer:
    """One scan at the door: one answer, and at most one check-in per ticket and session,
    whatever other devices do at the same moment. Given a dict as ``counts``, it is filled
    with the session's counts after this scan, read in the scan's own transaction."""
    door = session if isinstance(session, DoorSession) else DoorSession.of(session)
    with write_transaction():
        run = Runner(db.session.connection())  # the scan's statements: built once
        answer = _scan(run, door, raw_code, actor, nonce, method)
        if counts is not None:
            counts.update(session_counts(door.id, door.event_id, door.chooses_sessions))
        return answer


def _scan(run: Runner, session: DoorSession, raw_code: object, actor: Any,
          nonce: str | None, method: CheckInMethod) -> Answer:
    """check_in()'s work, inside its transaction."""
    ticket, stop = _classify(session, raw_code, run)
    if ticket is None:
        return stop or Answer("not_registered")
    person = ticket.person()
    if nonce:
        replay = db.session.scalar(select(CheckIn).where(CheckIn.client_nonce == nonce))
        if replay is not None and replay.registration_id == ticket.id:
            return Answer("checked_in", checked_in_at=replay.checked_in_at,
                          check_in_id=replay.id, **person)
    # Already in: the unique constraint answers, also for two devices at once (the
    # insert that meets it does nothing, and the transaction goes on).
    row = run.execute(_INSERT_CHECK_IN[run.dialect.name], {
        "registration_id": ticket.id, "session_id": session.id,
        "checked_in_at": utcnow(), "by_user_id": getattr(actor, "id", None),
        "method": method, "client_nonce": (nonce or None) and nonce[:64]}).first()
    if row is None:
        existing = _existing(ticket.id, session.id)
        if existing is None:  # pragma: no cover - the nonce was reused for another ticket
            return Answer("not_registered")
        return _already(existing, ticket)
    audit.write(run, AuditAction.CHECKIN_ADDED, event_id=session.event_id, actor=actor,
                registration_id=ticket.id, after={"session": session.id, "method": method})
    return Answer("checked_in", checked_in_at=row[1], check_in_id=row[0], **person)


class WalkInRefused(Exception):
    """No seat in the room for someone registering at the door: nothing was saved."""


def walk_in(session: EventSession, participant: Participant, actor: Any) -> Answer:
    """Register someone at the door and check them in, as one transaction. When the last
    seat went to someone else in the same instant, nothing is saved and nobody is told
    anything: no waiting-list e-mail, no half-made registration."""
    if session.event.chooses_sessions and not participant.session_ids:
        participant = replace(participant, session_ids=(session.id,))  # this session
    with write_transaction():
        outcome = registrations.register(session.event_id, participant, actor=actor)
        if outcome.status != RegistrationStatus.CONFIRMED:
            raise WalkInRefused()
        code = outcome.registration.ticket_code
        return check_in(session, code, actor, method=CheckInMethod.WALKIN)


def undo(check_in_id: int, event: Event, actor: Any) -> bool:
    event_id = event.id
    with write_transaction():
        row = db.session.get(CheckIn, check_in_id)
        if row is None:
            return False
        session = db.session.get(EventSession, row.session_id)
        if session is None or session.event_id != event_id:
            return False
        audit.record(AuditAction.CHECKIN_UNDONE, event_id=event_id, actor=actor,
                     registration=db.session.get(Registration, row.registration_id),
                     before={"session": row.session_id})
        db.session.delete(row)
        return True


def counts(session: EventSession) -> dict[str, int]:
    """Checked in for this session / expected (confirmed, physical)."""
    return session_counts(session.id, session.event_id, session.event.chooses_sessions)


# Built once, one round trip at every scan: checked in for the session, and the room's
# confirmed as its seat pool counts them (seats.py keeps the counter so, and a CHECK holds
# it): one row read, not a count over thousands.
SESSION_COUNTS = select(
    select(func.count(CheckIn.id)).where(
        CheckIn.session_id == bindparam("session_id")).scalar_subquery(),
    select(SeatPool.confirmed_count).where(
        SeatPool.event_id == bindparam("event_id"),
        SeatPool.mode == Mode.PHYSICAL).scalar_subquery())


def session_counts(session_id: int, event_id: int, chooses_sessions: bool) -> dict[str, int]:
    """counts() by ids: for an answer after the commit, without loading the session again."""
    run = Runner(db.session.connection())
    row = run.execute(SESSION_COUNTS, {"session_id": session_id, "event_id": event_id}).first()
    checked, expected = (row[0] or 0, row[1] or 0) if row is not None else (0, 0)
    if chooses_sessions:  # those with a seat in this session
        expected = db.session.scalar(select(func.count(RegistrationSession.id)).join(
            Registration).where(RegistrationSession.session_id == session_id,
                                RegistrationSession.status == RegistrationStatus.CONFIRMED,
                                Registration.mode == Mode.PHYSICAL)) or 0
    return {"checked_in": checked, "expected": expected}


def record_digital(registration: Registration, session: EventSession) -> None:
    """A digital participant opened their personal join link: attended, once per session."""
    registration_id, session_id = registration.id, session.id
    with write_transaction():
        if _existing(registration_id, session_id) is not None:
            return
        try:
            with db.session.begin_nested():
                db.session.add(CheckIn(registration_id=registration_id, session_id=session_id,
                                       method=CheckInMethod.DIGITAL))
        except IntegrityError:  # opened twice at once: one row is enough
            pass


def set_attendance(registration: Registration, session: EventSession, present: bool,
                   actor: Any) -> None:
    """An organiser marks attendance by hand."""
    registration_id, session_id, event_id = registration.id, session.id, session.event_id
    with write_transaction():
        existing = _existing(registration_id, session_id)
        if present and existing is None:
            db.session.add(CheckIn(registration_id=registration_id, session_id=session_id,
                                   by_user_id=getattr(actor, "id", None),
                                   method=CheckInMethod.MANUAL))
        elif not present and existing is not None:
            db.session.delete(existing)
        else:
            return
        audit.record(AuditAction.CHECKIN_MANUAL, event_id=event_id, actor=actor,
                     registration=db.session.get(Registration, registration_id),
                     after={"session": session_id, "present": present})


def attendance(event_id: int) -> dict[int, set[int]]:
    """registration id → the session ids attended."""
    rows = db.session.execute(select(CheckIn.registration_id, CheckIn.session_id).join(
        EventSession, EventSession.id == CheckIn.session_id).where(
        EventSession.event_id == event_id)).all()
    attended: dict[int, set[int]] = {}
    for registration_id, session_id in rows:
        attended.setdefault(registration_id, set()).add(session_id)
    return attended
