"""«Legg til i kalender» on the personal page: a file to import, and links that open Google
Calendar and Outlook on the web with the event filled in.

The e-mails carry an iTIP REQUEST (calendar.invite): an invitation the calendar tracks, with
Accept/Decline in Outlook. A download is the person adding an entry themselves, so it is
METHOD:PUBLISH (RFC 5546 3.2.1): the same UIDs, so it merges with the e-mailed entry, and no
ATTENDEE, which PUBLISH must not carry.
"""

from __future__ import annotations

from datetime import UTC, datetime
from urllib.parse import urlencode

from icalendar import Calendar

from ..checkin import joinlinks
from ..core.links import external_url
from ..models import EventSession, Registration
from . import calendar


def publish(registration: Registration) -> str:
    """The registration's sessions as METHOD:PUBLISH, built from the e-mailed invite."""
    cal = Calendar.from_ical(calendar.invite(registration))
    cal["method"] = "PUBLISH"
    for vevent in cal.walk("VEVENT"):
        vevent.pop("ATTENDEE", None)
    return cal.to_ical().decode()


def _where(registration: Registration, session: EventSession) -> str:
    if registration.mode == "digital":
        token = joinlinks.tokens_for(registration).get(session.id)
        return external_url("checkin.join", token=token) if token else "Digitalt"
    return session.place or ""


def _title(registration: Registration, session: EventSession) -> str:
    title = registration.event.title
    return f"{title} – {session.title}" if session.title else title


def _details(registration: Registration) -> str:
    return ("Påmeldingen din: se lenken i e-posten fra oss. "
            + external_url("registrations.event_page", event_id=registration.event_id))


def _utc(value: datetime) -> str:
    return value.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def google_url(registration: Registration, session: EventSession) -> str:
    return "https://calendar.google.com/calendar/render?" + urlencode({
        "action": "TEMPLATE", "text": _title(registration, session),
        "dates": f"{_utc(session.starts_at)}/{_utc(session.ends_at)}",
        "details": _details(registration), "location": _where(registration, session)})


def outlook_url(registration: Registration, session: EventSession) -> str:
    return "https://outlook.office.com/calendar/0/deeplink/compose?" + urlencode({
        "path": "/calendar/action/compose", "rru": "addevent",
        "subject": _title(registration, session),
        "startdt": session.starts_at.astimezone(UTC).isoformat(),
        "enddt": session.ends_at.astimezone(UTC).isoformat(),
        "body": _details(registration), "location": _where(registration, session)})


def links(registration: Registration) -> list[dict[str, str]]:
    """Per session: its label, and the Google and Outlook links."""
    return [{"label": session.title or "", "google": google_url(registration, session),
             "outlook": outlook_url(registration, session)}
            for session in calendar.seated_sessions(registration)]
