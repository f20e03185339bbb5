"""Who may register for an event: everyone, the members of its network, or those invited.

Checked inside ``registrations.operations.register``, in its transaction, so a refused
stranger leaves nothing behind (no registration, no seat, no mail, no audit row).
"""

from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import select

from ..core.extensions import db
from ..events.models import Event
from ..registrations.rules import RegistrationRefused, normalize_email
from .models import Audience, Invitation, NetworkMember

AUDIENCE_LABELS = {
    Audience.OPEN: _l("Åpen for alle"),
    Audience.MEMBERS: _l("Bare for medlemmer av et nettverk"),
    Audience.INVITED: _l("Bare for inviterte"),
}


class MembersOnly(RegistrationRefused):
    """A non-member tried a members-only event: the message names the network and whom to
    ask."""

    def __init__(self, event: Event) -> None:
        super().__init__("members_only")
        self.event = event

    @property
    def message(self) -> str:
        network = self.event.network
        name = network.name if network else ""
        text = _("Dette arrangementet er bare for medlemmer av %(network)s, og vi fant ikke "
                 "e-postadressen i medlemslisten. Er du medlem, bruk e-postadressen du er "
                 "registrert med.", network=name)
        if network is not None and network.contact_email:
            text += " " + _("Spørsmål om medlemskap: %(contact)s (%(email)s).",
                            contact=network.contact_name or network.name,
                            email=network.contact_email)
        return text


class InvitationRequired(RegistrationRefused):
    def __init__(self) -> None:
        super().__init__("invitation_required")

    @property
    def message(self) -> str:
        return _("Dette arrangementet er bare for inviterte. Bruk lenken i invitasjonen du "
                 "fikk på e-post.")


def is_member(network_id: int, email: str) -> bool:
    """Membership is matched on the e-mail, whatever its case or surrounding spaces."""
    return db.session.scalar(select(NetworkMember.id).where(
        NetworkMember.network_id == network_id,
        NetworkMember.email_normalized == normalize_email(email)).limit(1)) is not None


def _claimed_invitation(event_id: int, email: str) -> bool:
    """An invitation for this event and e-mail that the invitation link claimed in the
    current transaction (used, not yet tied to a registration: see invitations.accept)."""
    return db.session.scalar(select(Invitation.id).where(
        Invitation.event_id == event_id,
        Invitation.email_normalized == normalize_email(email),
        Invitation.used_at.is_not(None),
        Invitation.registration_id.is_(None)).limit(1)) is not None


def check_audience(event: Event, email: str) -> None:
    """Raise when this e-mail may not register for the event by itself."""
    if event.audience == Audience.MEMBERS:
        member = event.network_id is not None and is_member(event.network_id, email)
        if not member and not _claimed_invitation(event.id, email):  # or personally invited
            raise MembersOnly(event)
    elif event.audience == Audience.INVITED and not _claimed_invitation(event.id, email):
        raise InvitationRequired()


def audience_json(event: Event) -> dict[str, object]:
    """What the public event JSON says about who may register."""
    answer: dict[str, object] = {"audience": str(event.audience)}
    if event.audience == Audience.MEMBERS and event.network is not None:
        answer["network"] = event.network.name
    return answer


def hidden_from_anonymous(event: Event) -> bool:
    """Invitation-only events are not found in the API without a bearer token (or a
    signed-in session)."""
    return event.audience == Audience.INVITED and not getattr(
        current_user, "is_authenticated", False)
