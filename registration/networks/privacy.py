"""Members' and invitees' personal data: erased with the address, and invitations deleted
when the event's registrations are (RETENTION_MONTHS after it ended)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, func, select

from ..core.db import write_transaction
from ..core.extensions import db
from ..events.models import EventSession
from ..registrations.rules import normalize_email
from .models import Invitation, NetworkMember


def forget_address(email: str) -> dict[str, int]:
    """Delete every membership and invitation of this address (inside the caller's
    transaction: an admin's erasure of the address)."""
    key = normalize_email(email)
    members = db.session.execute(delete(NetworkMember).where(
        NetworkMember.email_normalized == key).execution_options(synchronize_session=False))
    invited = db.session.execute(delete(Invitation).where(
        Invitation.email_normalized == key).execution_options(synchronize_session=False))
    return {"memberships": int(members.rowcount),  # type: ignore[attr-defined]
            "invitations": int(invited.rowcount)}  # type: ignore[attr-defined]


def delete_old_invitations(cutoff: datetime) -> int:
    """Invitations to events whose last session ended before ``cutoff`` (the retention
    step's cut-off): the link is of no use any more and holds a name and an address."""
    ended = (select(EventSession.event_id).group_by(EventSession.event_id)
             .having(func.max(EventSession.ends_at) <= cutoff))
    if db.session.scalar(select(Invitation.id).where(
            Invitation.event_id.in_(ended)).limit(1)) is None:
        return 0
    with write_transaction():
        result = db.session.execute(delete(Invitation).where(Invitation.event_id.in_(ended))
                                    .execution_options(synchronize_session=False))
        return int(result.rowcount)  # type: ignore[attr-defined]
