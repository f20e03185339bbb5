"""The words of the audit log: labels for statuses, fields and formats, and how one stored
value (a status, a mode, a kommunenummer, a session id) is said to a reader."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import datetime
from typing import Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from ..core import municipalities
from ..core.extensions import db
from ..core.i18n import format_dt
from ..models import AuditEntry, EventSession, Mode, Role
from ..registrations.validation import MODE_LABELS, ROLE_LABELS

STATUS_WORDS = {"confirmed": _l("bekreftet"), "waitlisted": _l("venteliste"),
                "cancelled": _l("avmeldt")}
# … and after «Avmeldt»: what the registration was before
WAS_WORDS = {"confirmed": _l("var bekreftet"), "waitlisted": _l("sto på venteliste")}
EVENT_STATUS_WORDS = {"draft": _l("utkast"), "published": _l("publisert"),
                      "cancelled": _l("avlyst")}
# The registration fields an organiser can correct, as people call them
FIELD_LABELS = {"name": _l("Navn"), "email": _l("E-post"), "mobile": _l("Mobilnummer"),
                "kommunenummer": _l("Kommune"), "workplace": _l("Arbeidssted"),
                "role": _l("Stilling")}
CAPACITY_LABELS = {
    "physical": _l("Kapasitet for fysisk oppmøte endret fra %(old)s til %(new)s"),
    "digital": _l("Kapasitet for digital deltakelse endret fra %(old)s til %(new)s"),
}
CHECKIN_WORDS = {
    "scan": _l("Sjekket inn (økt: %(session)s)"),
    "walkin": _l("Meldt på og sjekket inn i døra (økt: %(session)s)"),
    "digital": _l("Åpnet lenken til det digitale møtet (økt: %(session)s)"),
    "manual": _l("Registrert som møtt (økt: %(session)s)"),
}
MESSAGE_GROUPS = {"confirmed": _l("bekreftede"), "waitlisted": _l("venteliste"),
                  "all": _l("bekreftede og venteliste")}
FORMATS = {"xlsx": "Excel", "csv": "CSV", "pdf": "PDF"}



# --- values ------------------------------------------------------------------------------

def _none() -> str:
    return _("ingen")


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


def _status(value: Any) -> str:
    return str(STATUS_WORDS[value]) if value in STATUS_WORDS else _none()


def _mode(value: Any) -> str:
    return _lower_first(str(MODE_LABELS[Mode(value)])) if value in set(Mode) else _none()


def _role(value: Any) -> str:
    return _lower_first(str(ROLE_LABELS[Role(value)])) if value in set(Role) else _none()


def _text(value: Any) -> str:
    return _none() if value is None or value == "" else str(value)


def _municipality(value: Any) -> str:
    return municipalities.name_of(value) if value else _none()


FIELD_VALUES: Mapping[str, Callable[[Any], str]] = {
    "name": _text, "email": _text, "mobile": _text, "kommunenummer": _municipality,
    "workplace": _text, "role": _role,
}


def _when(iso: Any) -> str | None:
    if not isinstance(iso, str):
        return None
    try:
        value = datetime.fromisoformat(iso)
    except ValueError:
        return None
    return format_dt(value)


def _session(entry: AuditEntry, session_id: Any, starts_at: Any = None) -> str:
    """«Dag 1, tirsdag 3. februar 2026 kl. 09.00», from the session while it exists."""
    session = db.session.get(EventSession, session_id) if isinstance(session_id, int) else None
    if session is not None and session.event_id == entry.event_id:
        when = format_dt(session.starts_at)
        return f"{session.title}, {when}" if session.title else when
    return _when(starts_at) or _("en økt som er fjernet")


def _count(after: Mapping[str, Any], key: str) -> int:
    value = after.get(key)
    return value if isinstance(value, int) else 0
