"""Check-in at the door: one answer per scan, idempotent, safe with several devices."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from ..audit import log as audit
from ..core import municipalities
from ..core.db import begin_write
from ..core.extensions import db
from ..models import (
    CheckIn,
    Event,
    EventSession,
    Registration,
    RegistrationStatus,
    utcnow,
)

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

    def as_json(self) -> dict[str, Any]:
        return {"result": self.result, "name": self.name, "kommune": self.kommune,
                "mode": self.mode, "check_in_id": self.check_in_id,
                "checked_in_at": self.checked_in_at.isoformat() if self.checked_in_at
                else None, "checked_in_by": self.checked_in_by}


def normalize_code(raw: object) -> str | None:
    """What a scanner or a person typed: spaces and case do not matter; anything else is
    not a ticket."""
    if not isinstance(raw, str) or len(raw) > 64:
        return None
    code = re.sub(r"[\s-]", "", raw).upper()
    return code if CODE_RE.match(code) else None


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


def _person(registration: Registration) -> dict[str, Any]:
    return {"name": registration.name,
            "kommune": municipalities.name_of(registration.kommunenummer),
            "mode": registration.mode}


def _existing(registration_id: int, session_id: int) -> CheckIn | None:
    return db.session.scalar(select(CheckIn).where(CheckIn.registration_id == registration_id,
                                                   CheckIn.session_id == session_id))


def _classify(session: EventSession, raw_code: object) -> tuple[Registration | None,
                                                                 Answer | None]:
    """The ticket's registration, or the answer that stops here (wrong event, cancelled,
    waiting, digital)."""
    code = normalize_code(raw_code)
    registration = db.session.scalar(select(Registration).where(
        Registration.ticket_code == code)) if code else None
    if registration is None or registration.event_id != session.event_id:
        return None, Answer("not_registered")
    person = _person(registration)
    if registration.status == RegistrationStatus.CANCELLED:
        return None, Answer("cancelled", **person)
    if registration.status == RegistrationStatus.WAITLISTED:
        return None, Answer("waitlisted", **person)
    if registration.mode == "digital":
        return None, Answer("digital_only", **person)
    return registration, None


def _already(existing: CheckIn, registration: Registration) -> Answer:
    by = existing.by_user.email if existing.by_user else None
    return Answer("already_checked_in", checked_in_at=existing.checked_in_at,
                  checked_in_by=by, check_in_id=existing.id, **_person(registration))


def look_up(session: EventSession, raw_code: object) -> Answer:
    """What a scan would answer, without checking anyone in."""
    registration, stop = _classify(session, raw_code)
    if registration is None:
        return stop or Answer("not_registered")
    existing = _existing(registration.id, session.id)
    if existing is not None:
        return _already(existing, registration)
    return Answer("not_checked_in", **_person(registration))


def check_in(session: EventSession, raw_code: object, actor: Any, *,
             nonce: str | None = None, method: str = "scan") -> Answer:
    session_id, event_id = session.id, session.event_id
    begin_write()
    session = db.session.get(EventSession, session_id)
    assert session is not None and session.event_id == event_id
    registration, stop = _classify(session, raw_code)
    if registration is None:
        return stop or Answer("not_registered")
    person = _person(registration)
    if nonce:
        replay = db.session.scalar(select(CheckIn).where(CheckIn.client_nonce == nonce))
        if replay is not None and replay.registration_id == registration.id:
            return Answer("checked_in", checked_in_at=replay.checked_in_at,
                          check_in_id=replay.id, **person)
    row = CheckIn(registration_id=registration.id, session_id=session.id,
                  by_user_id=getattr(actor, "id", None), method=method,
                  client_nonce=(nonce or None) and nonce[:64])
    db.session.add(row)
    try:
        db.session.flush()
    except IntegrityError:
        # Already in: the unique constraint answered, also for two devices at once.
        db.session.rollback()
        existing = _existing(registration.id, session.id)
        if existing is None:  # pragma: no cover - the nonce was reused for another ticket
            return Answer("not_registered")
        return _already(existing, registration)
    audit.record("checkin.added", event_id=session.event_id, actor=actor,
                 registration=registration, after={"session": session.id, "method": method})
    answer = Answer("checked_in", checked_in_at=row.checked_in_at, check_in_id=row.id,
                    **person)
    db.session.commit()
    return answer


def undo(check_in_id: int, event: Event, actor: Any) -> bool:
    event_id = event.id
    begin_write()
    event = db.session.get(Event, event_id)
    row = db.session.get(CheckIn, check_in_id)
    if row is None:
        return False
    session = db.session.get(EventSession, row.session_id)
    if session is None or session.event_id != event.id:
        return False
    audit.record("checkin.undone", event_id=event.id, actor=actor,
                 registration=db.session.get(Registration, row.registration_id),
                 before={"session": row.session_id})
    db.session.delete(row)
    db.session.commit()
    return True


def counts(session: EventSession) -> dict[str, int]:
    """Checked in for this session / expected (confirmed, physical)."""
    checked = db.session.scalar(select(func.count(CheckIn.id)).where(
        CheckIn.session_id == session.id)) or 0
    expected = db.session.scalar(select(func.count(Registration.id)).where(
        Registration.event_id == session.event_id, Registration.mode == "physical",
        Registration.status == RegistrationStatus.CONFIRMED)) or 0
    return {"checked_in": checked, "expected": expected}


def record_digital(registration: Registration, session: EventSession) -> None:
    """A digital participant opened their personal join link: attended, once per session."""
    registration_id, session_id = registration.id, session.id
    begin_write()
    if _existing(registration_id, session_id) is None:
        db.session.add(CheckIn(registration_id=registration_id, session_id=session_id,
                               method="digital"))
        try:
            db.session.commit()
        except IntegrityError:  # opened twice at once
            db.session.rollback()


def set_attendance(registration: Registration, session: EventSession, present: bool,
                   actor: Any) -> None:
    """An organiser marks attendance by hand."""
    registration_id, session_id, event_id = registration.id, session.id, session.event_id
    begin_write()
    existing = _existing(registration_id, session_id)
    if present and existing is None:
        db.session.add(CheckIn(registration_id=registration_id, session_id=session_id,
                               by_user_id=getattr(actor, "id", None), method="manual"))
    elif not present and existing is not None:
        db.session.delete(existing)
    else:
        db.session.rollback()
        return
    audit.record("checkin.manual", event_id=event_id, actor=actor,
                 registration=db.session.get(Registration, registration_id),
                 after={"session": session_id, "present": present})
    db.session.commit()


def attendance(event_id: int) -> dict[int, set[int]]:
    """registration id → the session ids attended."""
    rows = db.session.execute(select(CheckIn.registration_id, CheckIn.session_id).join(
        EventSession, EventSession.id == CheckIn.session_id).where(
        EventSession.event_id == event_id)).all()
    attended: dict[int, set[int]] = {}
    for registration_id, session_id in rows:
        attended.setdefault(registration_id, set()).add(session_id)
    return attended
