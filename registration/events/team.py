"""An event's team: co-organisers (arrangører who may manage it) and hosts (verter who
check people in at the door). Users are made by an administrator; here they are only added
to or removed from one event."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from ..accounts.operations import normalize
from ..audit import log as audit
from ..audit.actions import AuditAction
from ..core.db import write_transaction
from ..core.extensions import db
from ..models import Event, User, UserRole
from .operations import EventRuleError


def add_member(event: Event, email: str, as_host: bool, actor: User) -> User:
    with write_transaction():
        user = db.session.scalar(select(User).where(User.email == normalize(email)))
        if user is None:
            raise EventRuleError(_l("Fant ingen bruker med e-post %(email)s. En administrator "
                                    "må opprette brukeren først.", email=email))
        if as_host:
            if user not in event.hosts:
                event.hosts.append(user)
        else:
            if user.role == UserRole.VERT:
                raise EventRuleError(_l("%(email)s er vert og kan ikke være medarrangør.",
                                        email=user.email))
            if user not in event.organisers:
                event.organisers.append(user)
        audit.record(AuditAction.TEAM_ADDED, event_id=event.id, actor=actor,
                     after={"user": user.email, "as": "host" if as_host else "organiser"})
        return user


def remove_member(event: Event, user_id: int, actor: User) -> None:
    with write_transaction():
        event.organisers = [u for u in event.organisers if u.id != user_id]
        event.hosts = [u for u in event.hosts if u.id != user_id]
        audit.record(AuditAction.TEAM_REMOVED, event_id=event.id, actor=actor,
                     before={"user": user_id})
