"""Calendar invites (iTIP REQUEST/CANCEL) and public feeds, built with icalendar.

One VEVENT per session. A registration's events keep the same UID for life and carry the
event's SEQUENCE, which rises with every change of time, place or join link, so Outlook,
Google and phone calendars move the entry instead of adding a second one.
"""

from __future__ import annotations

import hashlib
from datetime import datetime

from flask import Response, current_app
from icalendar import Calendar, vCalAddress, vText
from icalendar import Event as VEvent

from ..checkin import joinlinks
from ..core.i18n import OSLO
from ..core.links import external_url
from ..models import (
    Event,
    EventSession,
    Registration,
    RegistrationStatus,
    utcnow,
)

PRODID = "-//USHT//Påmelding//NO"


def _calendar(method: str | None = None) -> Calendar:
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    if method:
        cal.add("method", method)
    return cal


def _uid(registration: Registration, session: EventSession) -> str:
    # From the token's hash: stable, unique, and it does not reveal the personal link.
    digest = hashlib.sha256(registration.token.encode()).hexdigest()[:24]
    return f"reg-{digest}-s{session.id}@pamelding"


def _organizer() -> vCalAddress:
    address = vCalAddress(f"mailto:{current_app.config['CENTRE_EMAIL']}")
    address.params["cn"] = vText(current_app.config["CENTRE_NAME"])
    return address


def _location(session: EventSession, join_url: str | None) -> str:
    if join_url:
        # Only registered digital participants get a link: the session's join link, which
        # opens the meeting and nothing personal (a forwarded invite shows no name, e-mail
        # or way to cancel).
        return join_url
    return session.place or ("Digitalt" if session.online else "")


def _join_url(registration: Registration | None, session: EventSession,
              tokens: dict[int, str]) -> str | None:
    if registration is None or registration.mode != "digital" or session.id not in tokens:
        return None
    return external_url("checkin.join", token=tokens[session.id])


def _vevent(event: Event, session: EventSession, uid: str, stamp: datetime,
            registration: Registration | None, cancelled: bool,
            join_url: str | None = None) -> VEvent:
    vevent = VEvent()
    vevent.add("uid", uid)
    vevent.add("dtstamp", stamp)
    vevent.add("dtstart", session.starts_at.astimezone(OSLO))
    vevent.add("dtend", session.ends_at.astimezone(OSLO))
    vevent.add("summary", f"{event.title}" + (f" – {session.title}" if session.title else ""))
    vevent.add("sequence", event.calendar_sequence + (1 if cancelled else 0))
    location = _location(session, join_url)
    if location:
        vevent.add("location", location)
    vevent.add("organizer", _organizer())
    if registration is not None:
        # Invites get forwarded and shared: no personal link in them, only the join link.
        text = "Se, endre eller meld av påmeldingen med lenken i e-posten fra oss."
        if join_url:
            vevent.add("url", join_url)
            text = f"Bli med digitalt: {join_url}\n\n{text}"
        vevent.add("description", text)
        attendee = vCalAddress(f"mailto:{registration.email}")
        attendee.params["cn"] = vText(registration.name)
        attendee.params["role"] = vText("REQ-PARTICIPANT")
        vevent.add("attendee", attendee)
    else:
        vevent.add("url", external_url("registrations.event_page", event_id=event.id))
    vevent.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    return vevent


def invite(registration: Registration, *, cancel: bool = False) -> str:
    """The invite for one registration: REQUEST with every session, or CANCEL of them all."""
    event = registration.event
    cal = _calendar("CANCEL" if cancel else "REQUEST")
    stamp = utcnow()
    tokens = joinlinks.tokens_for(registration)
    for session in event.sessions:
        cal.add_component(_vevent(event, session, _uid(registration, session), stamp,
                                  registration, cancel, _join_url(registration, session, tokens)))
    cal.add_missing_timezones()
    return cal.to_ical().decode()


def feed(events: list[Event], name: str) -> str:
    """A subscribable feed of published events: no personal data, no join links."""
    cal = _calendar()
    cal.add("x-wr-calname", name)
    cal.add("x-wr-timezone", "Europe/Oslo")
    stamp = utcnow()
    for event in events:
        for session in event.sessions:
            cal.add_component(_vevent(event, session, f"event-{event.id}-s{session.id}@pamelding",
                                      stamp, None, False))
    cal.add_missing_timezones()
    return cal.to_ical().decode()


def wants_invite(registration: Registration) -> bool:
    return registration.status == RegistrationStatus.CONFIRMED


def ics_response(body: str, filename: str) -> Response:
    """A calendar file to download or subscribe to."""
    response = Response(body, mimetype="text/calendar")
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
