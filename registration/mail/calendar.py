"""Calendar invites (iTIP REQUEST/CANCEL) and public feeds, built with icalendar.

One UID per iTIP message: every session of a registration is its own calendar entry with its
own UID, sent in its own e-mail (docs/mail-and-calendar.md says why not RDATEs: Outlook
refuses RDATE without RRULE). A UID stays the same for life and carries the event's
SEQUENCE, which rises with every change of time, place or join link, so Outlook, Google and
phone calendars move the entry instead of adding a second one.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime, timedelta

from flask import Response, current_app
from icalendar import Calendar, Timezone, TimezoneDaylight, TimezoneStandard, vCalAddress, vText
from icalendar import Event as VEvent
from sqlalchemy import select

from ..checkin import joinlinks
from ..core.extensions import db
from ..core.i18n import OSLO
from ..core.links import external_url
from ..models import (
    Event,
    EventSession,
    Registration,
    RegistrationSession,
    RegistrationStatus,
    utcnow,
)

PRODID = "-//USHT//Påmelding//NO"


@dataclass(frozen=True)
class SessionFacts:
    """What an invite needs of a session; kept in the outbox row for a session that has
    been removed (its CANCEL is sent after the row is gone)."""

    id: int
    title: str
    starts_at: datetime
    ends_at: datetime
    place: str
    online: bool

    @classmethod
    def of(cls, session: EventSession) -> SessionFacts:
        return cls(session.id, session.title or "", session.starts_at, session.ends_at,
                   session.place or "", bool(session.online))

    def to_json(self) -> dict:
        return {"id": self.id, "title": self.title, "starts_at": self.starts_at.isoformat(),
                "ends_at": self.ends_at.isoformat(), "place": self.place, "online": self.online}

    @classmethod
    def from_json(cls, data: dict) -> SessionFacts:
        return cls(int(data["id"]), data.get("title", ""),
                   datetime.fromisoformat(data["starts_at"]),
                   datetime.fromisoformat(data["ends_at"]), data.get("place", ""),
                   bool(data.get("online")))


def oslo_timezone() -> Timezone:
    """Europe/Oslo as Outlook writes it: two RRULEs (CET/CEST, last Sunday of March and
    October), not decades of RDATEs, which Outlook may misread around the DST change."""
    tz = Timezone()
    tz.add("tzid", "Europe/Oslo")
    tz.add("x-lic-location", "Europe/Oslo")
    summer = TimezoneDaylight()
    summer.add("tzname", "CEST")
    summer.add("tzoffsetfrom", _offset(1))
    summer.add("tzoffsetto", _offset(2))
    summer.add("dtstart", datetime(1970, 3, 29, 2, 0, 0))
    summer.add("rrule", {"freq": "yearly", "bymonth": 3, "byday": "-1SU"})
    winter = TimezoneStandard()
    winter.add("tzname", "CET")
    winter.add("tzoffsetfrom", _offset(2))
    winter.add("tzoffsetto", _offset(1))
    winter.add("dtstart", datetime(1970, 10, 25, 3, 0, 0))
    winter.add("rrule", {"freq": "yearly", "bymonth": 10, "byday": "-1SU"})
    tz.add_component(summer)
    tz.add_component(winter)
    return tz


def _offset(hours: int) -> timedelta:
    return timedelta(hours=hours)


def _calendar(method: str | None = None) -> Calendar:
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    if method:
        cal.add("method", method)
    cal.add_component(oslo_timezone())
    return cal


def uid(registration: Registration, session_id: int) -> str:
    # From the token's hash: stable, unique, and it does not reveal the personal link.
    digest = hashlib.sha256(registration.token.encode()).hexdigest()[:24]
    return f"reg-{digest}-s{session_id}@pamelding"


def _organizer() -> vCalAddress:
    address = vCalAddress(f"mailto:{current_app.config['CENTRE_EMAIL']}")
    address.params["cn"] = vText(current_app.config["CENTRE_NAME"])
    return address


def _location(session: SessionFacts, join_url: str | None) -> str:
    if join_url:
        # Only registered digital participants get a link: the session's join link, which
        # opens the meeting and nothing personal (a forwarded invite shows no name, e-mail
        # or way to cancel).
        return join_url
    return session.place or ("Digitalt" if session.online else "")


def _join_url(registration: Registration | None, session_id: int,
              tokens: dict[int, str]) -> str | None:
    if registration is None or registration.mode != "digital" or session_id not in tokens:
        return None
    return external_url("checkin.join", token=tokens[session_id])


def _local(moment: datetime) -> datetime:
    # TZID=Europe/Oslo, matching the VTIMEZONE above (icalendar writes the zone's key).
    return moment.astimezone(OSLO)


def _vevent(event: Event, session: SessionFacts, uid_: str, stamp: datetime,
            registration: Registration | None, cancelled: bool,
            join_url: str | None = None) -> VEvent:
    vevent = VEvent()
    vevent.add("uid", uid_)
    vevent.add("dtstamp", stamp)
    vevent.add("dtstart", _local(session.starts_at))
    vevent.add("dtend", _local(session.ends_at))
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
        attendee.params["partstat"] = vText("ACCEPTED")
        vevent.add("attendee", attendee)
    else:
        vevent.add("url", external_url("registrations.event_page", event_id=event.id))
    vevent.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    vevent.add("transp", "OPAQUE")
    return vevent


def session_invite(registration: Registration, session: SessionFacts, *,
                   cancel: bool = False) -> str:
    """The iTIP message for one session of a registration: one VEVENT, one UID."""
    cal = _calendar("CANCEL" if cancel else "REQUEST")
    tokens = joinlinks.tokens_for(registration)
    cal.add_component(_vevent(registration.event, session, uid(registration, session.id),
                              utcnow(), registration, cancel,
                              None if cancel else _join_url(registration, session.id, tokens)))
    return cal.to_ical().decode()


def seated_sessions(registration: Registration) -> list[EventSession]:
    """The sessions a registration's calendar holds: every one, or where people choose
    sessions, those with a seat (not those waited for, not those dropped)."""
    event = registration.event
    if not event.chooses_sessions:
        return sorted(event.sessions, key=lambda s: s.starts_at)
    seated = set(db.session.scalars(select(RegistrationSession.session_id).where(
        RegistrationSession.registration_id == registration.id,
        RegistrationSession.status == RegistrationStatus.CONFIRMED)))
    return sorted((s for s in event.sessions if s.id in seated), key=lambda s: s.starts_at)


def invite(registration: Registration, *, cancel: bool = False) -> str:
    """Every session of a registration in one file (METHOD:PUBLISH), for «Legg til i
    kalender» and the API: a file to import, not an iTIP message, so several UIDs are
    fine. Importing it over the e-mailed invites updates the same entries (same UIDs)."""
    event = registration.event
    cal = _calendar("PUBLISH")
    stamp = utcnow()
    tokens = joinlinks.tokens_for(registration)
    for session in seated_sessions(registration):
        cal.add_component(_vevent(event, SessionFacts.of(session), uid(registration, session.id),
                                  stamp, registration, cancel,
                                  _join_url(registration, session.id, tokens)))
    return cal.to_ical().decode()


def feed(events: list[Event], name: str) -> str:
    """A subscribable feed of published events: no personal data, no join links."""
    cal = _calendar()
    cal.add("x-wr-calname", name)
    cal.add("x-wr-timezone", "Europe/Oslo")
    stamp = utcnow()
    for event in events:
        for session in event.sessions:
            cal.add_component(_vevent(event, SessionFacts.of(session),
                                      f"event-{event.id}-s{session.id}@pamelding",
                                      stamp, None, False))
    return cal.to_ical().decode()


def wants_invite(registration: Registration) -> bool:
    return registration.status == RegistrationStatus.CONFIRMED


def ics_response(body: str, filename: str) -> Response:
    """A calendar file to download or subscribe to."""
    response = Response(body, mimetype="text/calendar")
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
