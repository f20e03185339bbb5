"""Members' and invitees' personal data: erased with the address, and invitations deleted
when the event's registrations are (RETENTION_MONTHS after it ended)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

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


def personal_data(email: str) -> list[tuple[str, list[str], list[int], list[list[Any]]]]:
    """For innsyn (privacy/access.py): the memberships and invitations of the address, as
    (sheet title, headings, column widths, rows)."""
    from ..core import municipalities
    from ..events.models import Event
    from ..registrations.exports import local_time
    from .models import Network

    key = normalize_email(email)
    memberships = [[network.name, member.name, member.email, member.mobile,
                    municipalities.name_of(member.kommunenummer), member.workplace,
                    member.role, local_time(member.created_at)]
                   for member, network in db.session.execute(
                       select(NetworkMember, Network).join(
                           Network, Network.id == NetworkMember.network_id)
                       .where(NetworkMember.email_normalized == key)
                       .order_by(NetworkMember.id)).tuples()]
    invited = [[event.title, invitation.name, invitation.email,
                local_time(invitation.created_at),
                local_time(invitation.used_at) if invitation.used_at else None]
               for invitation, event in db.session.execute(
                   select(Invitation, Event).join(Event, Event.id == Invitation.event_id)
                   .where(Invitation.email_normalized == key)
                   .order_by(Invitation.id)).tuples()]
    return [("Nettverk", ["Nettverk", "Navn", "E-post", "Mobil", "Kommune", "Arbeidssted",
                          "Stilling", "Medlem fra"], [30, 26, 32, 15, 18, 28, 16, 18],
             memberships),
            ("Invitasjoner", ["Arrangement", "Navn", "E-post", "Invitert", "Brukt"],
             [34, 26, 32, 18, 18], invited)]
