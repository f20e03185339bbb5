"""The roster: each member × each of the network's gatherings, with attendance."""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from ..checkin.models import CheckIn, CheckInMethod
from ..core import municipalities
from ..core.extensions import db
from ..core.i18n import format_dt
from ..core.types import utcnow
from ..events.models import Event, Mode
from ..registrations.exports import to_xlsx
from ..registrations.models import Registration, RegistrationStatus
from .models import Network
from .operations import gatherings

# One cell: not registered, registered (to come), present in the room, present online,
# absent (registered, the gathering is over, no check-in), or on the waiting list.
CELL_WORDS = {"none": "–", "registered": _l("Påmeldt"), "physical": _l("Til stede (fysisk)"),
              "digital": _l("Til stede (digitalt)"), "absent": _l("Fravær"),
              "waitlisted": _l("Venteliste")}


@dataclass
class Roster:
    network: Network
    events: list[Event]
    rows: list[tuple[str, str, str, list[str]]]  # name, e-mail, kommune, cell per event


def _cell(registration: Registration | None, event: Event, attended: dict[int, str]) -> str:
    if registration is None:
        return "none"
    if registration.status == RegistrationStatus.WAITLISTED:
        return "waitlisted"
    if registration.id in attended:
        return attended[registration.id]
    ended = event.ends_at is not None and event.ends_at <= utcnow()
    return "absent" if ended else "registered"


def build(network: Network) -> Roster:
    events = gatherings(network)
    ids = [e.id for e in events]
    registrations = list(db.session.scalars(select(Registration).where(
        Registration.event_id.in_(ids),
        Registration.status != RegistrationStatus.CANCELLED))) if ids else []
    by_key = {(r.event_id, r.email_normalized): r for r in registrations}
    attended: dict[int, str] = {}
    if registrations:
        for registration_id, method, mode in db.session.execute(
                select(CheckIn.registration_id, CheckIn.method, Registration.mode)
                .join(Registration, Registration.id == CheckIn.registration_id)
                .where(Registration.id.in_([r.id for r in registrations]))):
            digital = method == CheckInMethod.DIGITAL or mode == Mode.DIGITAL
            attended[registration_id] = "digital" if digital else "physical"
    rows = []
    for member in network.members:
        cells = [_cell(by_key.get((e.id, member.email_normalized)), e, attended)
                 for e in events]
        rows.append((member.name, member.email, municipalities.name_of(member.kommunenummer),
                     cells))
    return Roster(network, events, rows)


def words() -> dict[str, str]:
    return {key: str(text) for key, text in CELL_WORDS.items()}


def to_excel(roster: Roster) -> bytes:
    said = words()
    headers = [_("Navn"), _("E-post"), _("Kommune")] + [
        f"{e.title} ({format_dt(e.starts_at, 'short')})" for e in roster.events]
    rows = [[name, email, kommune, *(said[c] for c in cells)]
            for name, email, kommune, cells in roster.rows]
    return to_xlsx(headers, rows, [28, 34, 18] + [22] * len(roster.events),
                   _("Oppmøte"))
