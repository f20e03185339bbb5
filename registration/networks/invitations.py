"""Personal invitations to an invitation-only event: sent through the outbox, each link for
its own e-mail only and only once."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError

from ..audit import log as audit
from ..audit.actions import AuditAction
from ..core.db import write_transaction
from ..core.extensions import db
from ..core.i18n import interface_language, local
from ..core.links import external_url
from ..core.types import utcnow
from ..events.models import Event
from ..mail import outbox
from ..mail.models import MessageKind
from ..registrations import operations as registrations
from ..registrations.rules import (
    Outcome,
    Participant,
    RegistrationRefused,
    new_token,
    normalize_email,
)
from .models import Invitation

INVITATION_REFUSALS = {
    "invitation_unknown": _l("Invitasjonslenken er ikke gyldig."),
    "invitation_used": _l("Denne invitasjonen er allerede brukt. Se e-posten med bekreftelsen, "
                          "eller bruk «Finn påmeldingen min»."),
    "invitation_other_email": _l("Invitasjonen gjelder en annen e-postadresse. Bruk "
                                 "e-postadressen invitasjonen ble sendt til."),
}


class InvitationRefused(RegistrationRefused):
    @property
    def message(self) -> str:
        return str(INVITATION_REFUSALS[self.code])


@dataclass(frozen=True)
class Invitee:
    email: str
    name: str = ""
    member_id: int | None = None


def get(token: str) -> Invitation | None:
    if not token or len(token) > 64 or "\x00" in token:
        return None
    return db.session.scalar(select(Invitation).where(Invitation.token == token))


def invite(event: Event, invitees: list[Invitee], actor: Any) -> tuple[int, int]:
    """Create an invitation per new address and queue its e-mail; addresses already invited
    to this event are left alone. Returns (sent, already invited)."""
    sent = skipped = 0
    with write_transaction():
        seen: set[str] = set()
        for invitee in invitees:
            key = normalize_email(invitee.email)
            if key in seen:
                continue
            seen.add(key)
            invitation = Invitation(event_id=event.id, token=new_token(), name=invitee.name,
                                    email=invitee.email.strip(), email_normalized=key,
                                    member_id=invitee.member_id, created_at=utcnow())
            try:
                with db.session.begin_nested():
                    db.session.add(invitation)
            except IntegrityError:
                skipped += 1
                continue
            outbox.queue_to_address(MessageKind.INVITATION, invitation.email, invitation.name,
                                    extra={"title": event.title, "event_title": event.title,
                                           "when": local(event.starts_at).isoformat()
                                           if event.starts_at else "",
                                           "invitation_url": external_url(
                                               "networks.invitation", token=invitation.token),
                                           # the invitee's is unknown: the organiser's
                                           "language": interface_language()})
            sent += 1
        audit.record(AuditAction.INVITATIONS_SENT, event_id=event.id, actor=actor,
                     after={"count": sent, "already": skipped})
    return sent, skipped


def accept(token: str, participant: Participant, now: datetime | None = None) -> Outcome:
    """Register through the invitation link: claimed by a conditional UPDATE (this e-mail,
    not used before), then the ordinary registration, whose audience rule finds the claim;
    a refusal anywhere rolls the claim back, so the link still works."""
    now = now or utcnow()
    with write_transaction():
        invitation = get(token)
        if invitation is None:
            raise InvitationRefused("invitation_unknown")
        if invitation.email_normalized != normalize_email(participant.email):
            raise InvitationRefused("invitation_other_email")
        claimed = db.session.execute(
            update(Invitation)
            .where(Invitation.id == invitation.id, Invitation.used_at.is_(None))
            .values(used_at=now)
            .execution_options(synchronize_session=False))
        if claimed.rowcount != 1:  # type: ignore[attr-defined]
            raise InvitationRefused("invitation_used")
        outcome = registrations.register(invitation.event_id, participant, now)
        db.session.execute(update(Invitation).where(Invitation.id == invitation.id)
                           .values(registration_id=outcome.registration.id)
                           .execution_options(synchronize_session=False))
        return outcome


def for_event(event_id: int) -> list[Invitation]:
    return list(db.session.scalars(select(Invitation).where(Invitation.event_id == event_id)
                                   .order_by(Invitation.created_at, Invitation.id)))
