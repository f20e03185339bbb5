"""The door's offline list: what a check-in screen keeps on the device for one session, so
a scan is answered when the network is gone.

Each entry is keyed by a hash of the ticket code (the list does not hold the codes, so it
cannot be used to make tickets), and says what a scan would answer then: the name, kommune,
mode and status, and the check-in time if already in. The screen fetches it when it opens
and every minute while online; it is removed when the session ends (the screen drops it)
and at sign-out (Clear-Site-Data). Scans made offline are queued with a nonce and sent when
the network returns; the server decides (the first check-in that reaches it wins) and both
devices then show that one (checkin.js).

Hosts get it only while the session is on (from HOST_SEARCH_BEFORE before the start), as
with the name search: a host's device holds the list only while it works the door.
"""

from __future__ import annotations

import hashlib
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select

from ..core import municipalities
from ..core.extensions import db
from ..models import CheckIn, EventSession, Registration, RegistrationStatus
from ..registrations.rules import has_ticket

# The screen drops the list this long after the session ends.
KEEP_AFTER_END = timedelta(hours=1)


def code_key(code: str) -> str:
    """What the list is keyed by: SHA-256 of the upper-case code, in hex (checkin.js makes
    the same from what was scanned)."""
    return hashlib.sha256(code.upper().encode()).hexdigest()


def _result(registration: Registration) -> str:
    if registration.status == RegistrationStatus.CANCELLED:
        return "cancelled"
    if registration.status == RegistrationStatus.WAITLISTED:
        return "waitlisted"
    return "checked_in" if has_ticket(registration) else "digital_only"


def session_list(session: EventSession, now: datetime) -> dict[str, Any]:
    """The list for one session, as JSON for the screen."""
    rows = db.session.scalars(select(Registration).where(
        Registration.event_id == session.event_id, Registration.ticket_code.is_not(None),
        Registration.anonymised_at.is_(None))).all()
    checked = dict(db.session.execute(select(CheckIn.registration_id, CheckIn.checked_in_at)
                                      .where(CheckIn.session_id == session.id)).tuples().all())
    entries = {}
    for registration in rows:
        assert registration.ticket_code is not None
        at = checked.get(registration.id)
        entries[code_key(registration.ticket_code)] = {
            "name": registration.name,
            "kommune": municipalities.name_of(registration.kommunenummer),
            "mode": registration.mode, "result": _result(registration),
            "checked_in_at": at.isoformat() if at else None}
    return {"session_id": session.id, "made_at": now.isoformat(),
            "expires_at": (session.ends_at + KEEP_AFTER_END).isoformat(), "entries": entries}
