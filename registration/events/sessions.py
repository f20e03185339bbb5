"""An event's sessions (økter): added, moved or removed by an organiser; each change is
announced to those it concerns (operations.notify_change: updated invites, a CANCEL for a
removed session), and a new session gets its join links and, where people choose
sessions, its own seats."""

from __future__ import annotations

from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from ..audit import log as audit
from ..audit.actions import AuditAction
from ..core.db import write_transaction
from ..core.extensions import db
from ..mail.calendar import SessionFacts
from ..models import Event, EventSession, RegistrationSession, RegistrationStatus, User
from ..registrations import session_seats
from .operations import EventRuleError, notify_change


def save(event: Event, session: EventSession | None, *, title: str, starts_at: datetime,
                 ends_at: datetime, place: str, online: bool, actor: User) -> EventSession:
    with write_transaction():
        if ends_at <= starts_at:
            raise EventRuleError(_l("Økten må slutte etter at den starter."))
        action = AuditAction.SESSION_EDITED if session is not None else "session.added"
        changed = session is None or (session.starts_at, session.ends_at, session.place,
                                      session.online) != (starts_at, ends_at, place, online)
        added = session is None
        if session is None:
            session = EventSession(event_id=event.id)
            db.session.add(session)
        session.title, session.starts_at, session.ends_at = title, starts_at, ends_at
        session.place, session.online = place, online
        db.session.flush()
        if added:
            from ..checkin import joinlinks

            joinlinks.ensure_for_session(session)
            if event.chooses_sessions:  # its own seats, from the event's capacities
                db.session.refresh(event)
                session_seats.ensure_session_pools(event)
                db.session.flush()
        if changed:
            db.session.refresh(event)
            notify_change(event, sessions=[session.id])
        audit.record(action, event_id=event.id, actor=actor,
                     after={"session": session.id, "starts_at": starts_at.isoformat()})
        return session


def remove(event: Event, session: EventSession, actor: User) -> None:
    with write_transaction():
        if len(event.sessions) <= 1:
            raise EventRuleError(_l("Et arrangement må ha minst én økt."))
        audit.record(AuditAction.SESSION_REMOVED, event_id=event.id, actor=actor,
                     before={"session": session.id, "starts_at": session.starts_at.isoformat()})
        removed = SessionFacts.of(session)
        # Where sessions are chosen, its CANCEL goes only to those who had a seat in it.
        holders = {session.id: set(db.session.scalars(
            select(RegistrationSession.registration_id).where(
                RegistrationSession.session_id == session.id,
                RegistrationSession.status == RegistrationStatus.CONFIRMED)))}
        db.session.delete(session)
        db.session.flush()
        db.session.refresh(event)
        notify_change(event, removed=[removed], holders=holders)
