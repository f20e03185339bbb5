"""What organisers and members do with a network: one user action, one transaction each.

The membership key is the e-mail (lower-cased): the unique constraint on
(network, email_normalized) decides «already a member», also for two additions at once.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from ..audit import log as audit
from ..audit.actions import AuditAction
from ..audit.models import AuditEntry
from ..core.db import write_transaction
from ..core.extensions import db
from ..core.i18n import interface_language
from ..core.types import utcnow
from ..events.models import Event, EventStatus
from ..mail import outbox
from ..mail.models import MessageKind
from ..registrations import operations as registrations
from ..registrations import session_choice
from ..registrations.rules import Outcome, Participant, RegistrationRefused, normalize_email
from .models import Audience, Network, NetworkMember


class AlreadyMember(Exception):
    """The e-mail is already on the network's member list."""


@dataclass(frozen=True)
class NetworkFields:
    name: str
    description: str
    contact_name: str
    contact_email: str


@dataclass(frozen=True)
class MemberFields:
    """A member's validated details (validation.py's rules, as on the registration form)."""

    name: str
    email: str
    kommunenummer: str
    workplace: str
    role: str
    mobile: str = ""


def save_network(network: Network | None, fields: NetworkFields, actor: Any) -> Network:
    with write_transaction():
        if network is None:
            network = Network(owner_id=actor.id, created_at=utcnow())
            db.session.add(network)
        network.name = fields.name
        network.description = fields.description
        network.contact_name = fields.contact_name
        network.contact_email = fields.contact_email
        db.session.flush()
        audit.record(AuditAction.NETWORK_SAVED, event_id=None, actor=actor,
                     after={"network_id": network.id, "name": network.name})
        return network


def _apply(member: NetworkMember, fields: MemberFields) -> None:
    member.name = fields.name
    member.email = fields.email.strip()
    member.email_normalized = normalize_email(fields.email)
    member.mobile = fields.mobile
    member.kommunenummer = fields.kommunenummer
    member.workplace = fields.workplace
    member.role = fields.role


def add_member(network: Network, fields: MemberFields, actor: Any) -> NetworkMember:
    """Add one member by hand (or through the API); AlreadyMember if the e-mail is there."""
    with write_transaction():
        member = NetworkMember(network_id=network.id, created_at=utcnow())
        _apply(member, fields)
        try:
            with db.session.begin_nested():
                db.session.add(member)
        except IntegrityError:
            raise AlreadyMember(fields.email) from None
        audit.record(AuditAction.NETWORK_MEMBER_ADDED, event_id=None, actor=actor,
                     after={"network_id": network.id, "member_id": member.id})
        return member


def remove_member(network: Network, member_id: int, actor: Any) -> bool:
    """Delete the member and their details (audited without them); False if not found."""
    with write_transaction():
        member = db.session.scalar(select(NetworkMember).where(
            NetworkMember.id == member_id, NetworkMember.network_id == network.id))
        if member is None:
            return False
        db.session.delete(member)
        audit.record(AuditAction.NETWORK_MEMBER_REMOVED, event_id=None, actor=actor,
                     after={"network_id": network.id, "member_id": member_id})
        return True


@dataclass
class ImportResult:
    added: int = 0
    updated: int = 0


def import_members(network: Network, rows: list[MemberFields], actor: Any) -> ImportResult:
    """Save the rows the organiser confirmed: new e-mails become members, known ones are
    merged (their details updated from the file). One transaction: all or nothing."""
    result = ImportResult()
    with write_transaction():
        existing = {m.email_normalized: m for m in db.session.scalars(
            select(NetworkMember).where(NetworkMember.network_id == network.id)
            .with_for_update())}
        for fields in rows:
            key = normalize_email(fields.email)
            member = existing.get(key)
            if member is None:
                member = NetworkMember(network_id=network.id, created_at=utcnow())
                db.session.add(member)
                existing[key] = member
                result.added += 1
            else:
                result.updated += 1
            _apply(member, fields)
        db.session.flush()
        audit.record(AuditAction.NETWORK_IMPORTED, event_id=None, actor=actor,
                     after={"network_id": network.id, "added": result.added,
                            "updated": result.updated})
    return result


NETWORK_ACTIONS = (AuditAction.NETWORK_SAVED, AuditAction.NETWORK_MEMBER_ADDED,
                   AuditAction.NETWORK_MEMBER_REMOVED, AuditAction.NETWORK_IMPORTED,
                   AuditAction.NETWORK_MESSAGE)


def log(network: Network, limit: int = 100) -> list[AuditEntry]:
    """The network's audit rows, newest first (written without event, named by id)."""
    rows = db.session.scalars(select(AuditEntry).where(
        AuditEntry.event_id.is_(None), AuditEntry.action.in_(NETWORK_ACTIONS))
        .order_by(AuditEntry.id.desc()).limit(5000))
    return [r for r in rows if (r.after or {}).get("network_id") == network.id][:limit]


def gatherings(network: Network) -> list[Event]:
    """The network's events (linked to it), soonest first; drafts left out."""
    events = db.session.scalars(select(Event).where(
        Event.network_id == network.id,
        Event.status.in_([EventStatus.PUBLISHED, EventStatus.CANCELLED]))).all()
    return sorted((e for e in events if e.starts_at is not None),
                  key=lambda e: e.starts_at or utcnow())


def upcoming_gatherings(network: Network, now: datetime | None = None) -> list[Event]:
    now = now or utcnow()
    return [e for e in gatherings(network) if e.status == EventStatus.PUBLISHED
            and e.ends_at is not None and e.ends_at > now]


@dataclass
class AllOutcome:
    """What «meld meg på alle» did, event by event."""

    done: list[Outcome] = field(default_factory=list)
    refused: list[tuple[Event, RegistrationRefused]] = field(default_factory=list)


def register_for_all(network: Network, participant: Participant,
                     now: datetime | None = None) -> AllOutcome:
    """A member registers for every upcoming gathering of the network in one step.

    Each registration is the ordinary one (registrations.operations.register: the audience
    rule, the seat rules of seats.py, the waiting list), nested as a savepoint in this one
    transaction: an event that refuses (already registered, full without a waiting list,
    closed) is reported and the others go on; each event's capacity stays exact."""
    now = now or utcnow()
    result = AllOutcome()
    with write_transaction():
        events = upcoming_gatherings(network, now)
        if not events:
            raise RegistrationRefused("not_found")
        for event in events:
            # The chosen mode where the event offers it; an event with one mode gets that.
            mode = participant.mode if participant.mode in event.modes else None
            try:
                result.done.append(registrations.register(
                    event.id, replace(participant, mode=mode,
                                      session_ids=session_choice.all_open_ids(event, now)),
                    now))
            except RegistrationRefused as refused:
                result.refused.append((event, refused))
    return result


def members_only_for(network: Network) -> list[Event]:
    return [e for e in upcoming_gatherings(network) if e.audience == Audience.MEMBERS]


def send_message(network: Network, subject: str, body: str, actor: Any) -> int:
    """The organiser's message to every member, each by e-mail through the outbox."""
    with write_transaction():
        members = list(network.members)
        for member in members:
            outbox.queue_to_address(MessageKind.NETWORK_MESSAGE, member.email, member.name,
                                    extra={"subject": subject, "body": body,
                                           "network": network.name,
                                           # the body is in the organiser's language
                                           "language": interface_language()})
        audit.record(AuditAction.NETWORK_MESSAGE, event_id=None, actor=actor,
                     after={"network_id": network.id, "subject": subject,
                            "recipients": len(members)})
        return len(members)


def set_audience(event: Event, audience: Audience, network_id: int | None, actor: Any) -> None:
    """Who may register: open, members of a network, or by invitation. A network may be
    linked to any of them (its gatherings); members-only needs one."""
    with write_transaction():
        before = {"audience": str(event.audience), "network_id": event.network_id}
        event.audience = audience
        event.network_id = network_id
        audit.record(AuditAction.AUDIENCE_CHANGED, event_id=event.id, actor=actor,
                     before=before, after={"audience": str(audience), "network_id": network_id})
