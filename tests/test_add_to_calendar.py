"""Issue 17 (15, calendar): the personal page's download is METHOD:PUBLISH (the e-mails keep
REQUEST), with Google Calendar and Outlook on the web beside it."""

from __future__ import annotations

from urllib.parse import parse_qs, urlparse

from icalendar import Calendar
from sqlalchemy import select

from registration.core.extensions import db
from registration.mail import calendar, outbox
from registration.models import OutboxMessage, Registration
from registration.registrations import operations
from tests.conftest import make_event, person


def test_download_is_publish_and_mail_stays_request(app, client):
    with app.app_context():
        event = make_event(sessions=2, capacities={"physical": 5, "digital": None})
        token = operations.register(event.id, person(0, mode="physical")).token
        registration = db.session.scalar(select(Registration))
        # one e-mail per session, each a REQUEST with its session's UID
        mailed = [Calendar.from_ical(outbox.preview(m).ics)
                  for m in db.session.scalars(select(OutboxMessage))]
        assert len(mailed) == 2 and all(m["METHOD"] == "REQUEST" for m in mailed)
        mailed_uids = {str(v["UID"]) for m in mailed for v in m.walk("VEVENT")}
        assert calendar.invite(registration).count("ATTENDEE") == 2
    download = client.get(f"/pamelding/{token}/kalender.ics")
    assert download.status_code == 200 and download.mimetype == "text/calendar"
    cal = Calendar.from_ical(download.data)
    assert cal["METHOD"] == "PUBLISH"
    events = cal.walk("VEVENT")
    assert len(events) == 2 and all("ATTENDEE" not in v for v in events)
    assert all("ORGANIZER" in v for v in events)
    # Same UIDs as the e-mailed invite: the two merge instead of doubling.
    assert {str(v["UID"]) for v in events} == mailed_uids


def test_google_and_outlook_buttons_beside_the_download(app, client):
    with app.app_context():
        event = make_event(title="Vinterlys", capacities={"physical": 5, "digital": None})
        token = operations.register(event.id, person(0, mode="physical")).token
        session = db.session.scalar(select(Registration)).event.sessions[0]
        start = session.starts_at
    page = client.get(f"/pamelding/{token}").get_data(as_text=True)
    assert "Legg til i kalender (.ics)" in page
    google = next(h for h in _hrefs(page) if h.startswith("https://calendar.google.com/"))
    outlook = next(h for h in _hrefs(page) if h.startswith("https://outlook.office.com/"))
    g = parse_qs(urlparse(google).query)
    assert g["action"] == ["TEMPLATE"] and g["text"] == ["Vinterlys"]
    assert g["dates"][0].startswith(start.strftime("%Y%m%dT"))
    assert g["location"] == ["Tromsø rådhus"]
    o = parse_qs(urlparse(outlook).query)
    assert o["subject"] == ["Vinterlys"] and o["location"] == ["Tromsø rådhus"]
    assert token not in google and token not in outlook  # no personal link leaves the page


def test_digital_registrant_gets_the_join_link_as_location(app, client):
    with app.app_context():
        event = make_event(participation="digital")
        token = operations.register(event.id, person(0)).token
    page = client.get(f"/pamelding/{token}").get_data(as_text=True)
    google = next(h for h in _hrefs(page) if h.startswith("https://calendar.google.com/"))
    assert "/bli-med/" in parse_qs(urlparse(google).query)["location"][0]


def _hrefs(page: str) -> list[str]:
    import html
    import re
    return [html.unescape(h) for h in re.findall(r'href="([^"]+)"', page)]
