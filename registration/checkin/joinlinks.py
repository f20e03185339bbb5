"""Digital join links: one random token per registration and session.

The token is not the personal token: a forwarded calendar invite or e-mail gives whoever
holds it the way into the meeting and nothing else. Attendance is recorded only by a real
click (a POST from the one-button page) inside the session's window, so a mail scanner that
prefetches links marks nobody present.
"""

from __future__ import annotations

import secrets
from datetime import datetime, timedelta

from sqlalchemy import select

from ..core.db import write_transaction
from ..core.extensions import db
from ..events.models import EventSession
from ..registrations.models import Registration, RegistrationSession, RegistrationStatus
from .models import JoinLink

OPENS_BEFORE = timedelta(minutes=30)


def new_join_token() -> str:
    """192 random bits, URL-safe: as strong as the personal token, and unrelated to it."""
    return secrets.token_urlsafe(24)


def ensure_for_registration(registration: Registration) -> None:
    """Links for every session of the registration's event (in the caller's transaction)."""
    with write_transaction():
        db.session.flush()
        have = set(db.session.scalars(select(JoinLink.session_id).where(
            JoinLink.registration_id == registration.id)))
        sessions = registration.event.sessions
        if registration.event.chooses_sessions:  # only the chosen sessions have a link
            chosen = set(db.session.scalars(select(RegistrationSession.session_id).where(
                RegistrationSession.registration_id == registration.id,
                RegistrationSession.status != RegistrationStatus.CANCELLED)))
            sessions = [s for s in sessions if s.id in chosen]
        for session in sessions:
            if session.id not in have:
                db.session.add(JoinLink(registration_id=registration.id, session_id=session.id,
                                        token=new_join_token()))


def ensure_for_session(session: EventSession) -> None:
    """Links for every registration of the session's event (a session was added)."""
    with write_transaction():
        db.session.flush()
        have = set(db.session.scalars(select(JoinLink.registration_id).where(
            JoinLink.session_id == session.id)))
        ids = db.session.scalars(select(Registration.id).where(
            Registration.event_id == session.event_id))
        for registration_id in ids:
            if registration_id not in have:
                db.session.add(JoinLink(registration_id=registration_id, session_id=session.id,
                                        token=new_join_token()))


def tokens_for(registration: Registration) -> dict[int, str]:
    """session id → join token, for the personal page, the e-mails and the invite (where
    sessions are chosen: only for the chosen ones with a seat, not those waited for or
    dropped)."""
    query = select(JoinLink.session_id, JoinLink.token).where(
        JoinLink.registration_id == registration.id)
    if registration.event.chooses_sessions:
        query = query.join(RegistrationSession, (
            RegistrationSession.registration_id == JoinLink.registration_id)
            & (RegistrationSession.session_id == JoinLink.session_id)).where(
            RegistrationSession.status == RegistrationStatus.CONFIRMED)
    rows = db.session.execute(query)
    return {session_id: token for session_id, token in rows}


def find(token: str) -> tuple[Registration, EventSession] | None:
    if not token or len(token) > 64:
        return None
    link = db.session.scalar(select(JoinLink).where(JoinLink.token == token))
    if link is None:
        return None
    registration = db.session.get(Registration, link.registration_id)
    session = db.session.get(EventSession, link.session_id)
    if registration is None or session is None:
        return None
    if registration.event.chooses_sessions and session.id not in tokens_for(registration):
        return None  # a session not chosen, waited for or dropped: its link leads nowhere
    return registration, session


def window(session: EventSession) -> tuple[datetime, datetime]:
    """When a click counts as attendance: from 30 minutes before start to the end."""
    return session.starts_at - OPENS_BEFORE, session.ends_at


def is_open(session: EventSession, now: datetime) -> bool:
    opens, closes = window(session)
    return opens <= now <= closes
