"""The next step at the door: what a host can do about an answer that is not «Velkommen».

A digital registrant who turns up gets a seat in the room when one is free («Bytt til fysisk
og sjekk inn»); a cancelled one can be registered again on the spot («Meld på igjen»); a
waiting one is told their place in line. Each step is one transaction: the switch or the new
registration and the check-in commit together, or nothing does.
"""

from __future__ import annotations

from typing import Any

from ..core.db import write_transaction
from ..core.extensions import db
from ..events.models import Mode
from ..models import EventSession, Registration, RegistrationStatus
from ..registrations import operations as registrations
from ..registrations import seats
from ..registrations.rules import Participant, RegistrationRefused
from .models import CheckInMethod

SWITCH = "switch_to_physical"
REGISTER_AGAIN = "register_again"
WAITLIST = "waitlist"
ACTIONS = (SWITCH, REGISTER_AGAIN)


def offer(registration: Registration) -> dict[str, Any] | None:
    """The step the door offers for this registration, or None."""
    event = registration.event
    room = event.pool(Mode.PHYSICAL)
    if registration.status == RegistrationStatus.WAITLISTED:
        return {"action": WAITLIST, "position": seats.waitlist_position(registration)}
    # Both other steps need a free seat in the room: no button that can only fail.
    if room is None or room.is_full or registration.anonymised_at is not None:
        return None
    if registration.status == RegistrationStatus.CANCELLED:
        return {"action": REGISTER_AGAIN, "registration_id": registration.id}
    if registration.mode == Mode.DIGITAL:
        return {"action": SWITCH, "registration_id": registration.id}
    return None


def take(action: str, registration_id: int, session: EventSession, actor: Any) -> Any:
    """Do the step and check the person in; returns the door's Answer. Raises
    RegistrationRefused (no seat any more, the registration is not of this event, or the
    step no longer fits) with nothing saved."""
    from . import operations as door

    with write_transaction():
        registration = db.session.get(Registration, registration_id, populate_existing=True)
        if registration is None or registration.event_id != session.event_id \
                or action not in ACTIONS:
            raise RegistrationRefused("not_found")
        step = offer(registration)
        if step is None or step["action"] != action:
            raise RegistrationRefused("not_found")
        if action == SWITCH:
            registrations.change_mode(registration.token, Mode.PHYSICAL, actor=actor)
            db.session.refresh(registration)
            return door.check_in(session, registration.ticket_code, actor,
                                 method=CheckInMethod.SCAN)
        again = Participant(
            name=registration.name, email=registration.email, mobile=registration.mobile,
            kommunenummer=registration.kommunenummer, workplace=registration.workplace,
            role=registration.role, mode=Mode.PHYSICAL)
        return door.walk_in(session, again, actor)
