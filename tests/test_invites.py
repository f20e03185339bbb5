"""Invites read back by three independent parsers, as calendars apply them (iTIP).

A three-session registration gets three e-mails, one UID each. Every reader (icalendar,
the `ical` package, and ical.js, Thunderbird's parser, run with node) is fed the messages
in the order they arrived and keeps a calendar: REQUEST adds or moves the entry with that
UID (if its SEQUENCE is not older), CANCEL removes it.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from icalendar import Calendar

from registration.core.extensions import db
from registration.events import sessions as event_sessions
from registration.models import Event, EventSession, Registration, User
from registration.registrations import operations
from tests.conftest import make_event, person
from tests.test_mail import mail_app, parts

ICALJS = Path(__file__).parent / "assets" / "icaljs" / "read.mjs"
Entry = dict  # {"method", "uid", "sequence", "start", "end", "status"}


def read_icalendar(text: str, _tmp: Path) -> list[Entry]:
    cal = Calendar.from_ical(text)
    return [{"method": str(cal["METHOD"]), "uid": str(e["UID"]),
             "sequence": int(e.get("SEQUENCE", 0)),
             "start": e.decoded("DTSTART").astimezone(UTC),
             "end": e.decoded("DTEND").astimezone(UTC), "status": str(e.get("STATUS"))}
            for e in cal.walk("VEVENT")]


def read_ical(text: str, _tmp: Path) -> list[Entry]:
    from ical.calendar_stream import IcsCalendarStream

    cal = IcsCalendarStream.calendar_from_ics(text)
    return [{"method": cal.method, "uid": e.uid, "sequence": e.sequence or 0,
             "start": e.dtstart.astimezone(UTC), "end": e.dtend.astimezone(UTC),
             "status": str(e.status.value if e.status else "")} for e in cal.events]


def read_icaljs(text: str, tmp: Path) -> list[Entry]:
    node = shutil.which("node")
    if node is None:
        pytest.fail("node is needed to run ical.js (Thunderbird's parser)")
    file = tmp / f"invite-{len(list(tmp.glob('invite-*')))}.ics"
    file.write_text(text)
    done = subprocess.run([node, str(ICALJS), str(file)], capture_output=True, text=True,
                          check=True, timeout=60)
    return [{**e, "start": datetime.fromisoformat(e["start"].replace("Z", "+00:00")),
             "end": datetime.fromisoformat(e["end"].replace("Z", "+00:00"))}
            for e in json.loads(done.stdout)]


READERS: dict[str, Callable[[str, Path], list[Entry]]] = {
    "icalendar": read_icalendar, "ical": read_ical, "ical.js": read_icaljs}


def apply(calendar: dict[str, Entry], entries: list[Entry]) -> None:
    assert len(entries) == 1, "one UID per iTIP message"
    [entry] = entries
    known = calendar.get(entry["uid"])
    if known is not None and entry["sequence"] < known["sequence"]:
        return  # an older update: calendars ignore it
    if entry["method"] == "CANCEL":
        assert entry["status"] == "CANCELLED"
        calendar.pop(entry["uid"], None)
    else:
        assert entry["method"] == "REQUEST"
        calendar[entry["uid"]] = entry


def invites(inbox, address: str) -> list[str]:
    """The calendar parts sent to ``address``, in the order they arrived."""
    found = []
    for message in inbox.messages:
        if address in str(message["To"]):
            for part in parts(message).get("text/calendar", []):
                assert part.get_param("method") in part.get_content()
                found.append(part.get_content())
    return found


def starts(calendar: dict[str, Entry]) -> list[datetime]:
    return sorted(e["start"] for e in calendar.values())


@pytest.mark.parametrize("reader", sorted(READERS))
def test_three_sessions_update_drop_and_cancel_in_every_reader(reader, database_url, tmp_path,
                                                               smtp):
    from registration.accounts import operations as auth
    from registration.mail.delivery import deliver_due

    inbox, port = smtp
    app = mail_app(database_url, tmp_path, port)
    read = READERS[reader]
    with app.app_context():
        event = make_event(participation="physical", sessions=3, capacities={"physical": 5})
        owner_id = auth.create_user("eier@usht.no", "arrangor", "riktig-passord-123").id
        operations.register(event.id, person(0))  # Kari: will cancel
        operations.register(event.id, person(1))  # the other: keeps two of three
        deliver_due()
        sessions = sorted(db.session.scalars(db.select(EventSession).where(
            EventSession.event_id == event.id)), key=lambda s: s.starts_at)
        original = [s.starts_at for s in sessions]
        ev = db.session.get(Event, event.id)
    kari, other = "kari.0@", "kari.1@"
    calendars: dict[str, dict[str, Entry]] = {kari: {}, other: {}}
    applied = {kari: 0, other: 0}

    def catch_up() -> None:
        inbox.wait_for(len(inbox.messages))
        for who, calendar in calendars.items():
            texts = invites(inbox, who)
            for text in texts[applied[who]:]:
                apply(calendar, read(text, tmp_path))
            applied[who] = len(texts)

    inbox.wait_for(6)
    catch_up()
    for calendar in calendars.values():  # three sessions, three entries
        assert starts(calendar) == original and len(calendar) == 3

    # The organiser moves the second session by two hours: only it moves.
    with app.app_context():
        second = db.session.get(EventSession, sessions[1].id)
        moved = second.starts_at + timedelta(hours=2)
        event_sessions.save(db.session.get(Event, event.id), second, title=second.title,
                            starts_at=moved, ends_at=second.ends_at + timedelta(hours=2),
                            place=second.place, online=second.online,
                            actor=db.session.get(User, owner_id))
        deliver_due()
    inbox.wait_for(8)
    catch_up()
    for calendar in calendars.values():
        assert starts(calendar) == [original[0], moved, original[2]]

    # Kari cancels: all three entries go.
    with app.app_context():
        token = db.session.scalar(db.select(Registration.token).where(
            Registration.email == "kari.0@tromso.kommune.no"))
        operations.cancel(token)
        deliver_due()
    inbox.wait_for(11)
    catch_up()
    assert calendars[kari] == {}
    assert len(calendars[other]) == 3

    # The third session is dropped: only that entry goes from the other calendar.
    with app.app_context():
        event_sessions.remove(db.session.get(Event, event.id),
                              db.session.get(EventSession, sessions[2].id),
                              db.session.get(User, owner_id))
        deliver_due()
    inbox.wait_for(12)
    catch_up()
    assert starts(calendars[other]) == [original[0], moved]
    assert ev.id == event.id


def test_the_vtimezone_has_rrules_and_no_rdate_lists(app):
    from registration.mail import calendar

    tz = calendar.oslo_timezone().to_ical().decode()
    assert tz.count("RRULE:FREQ=YEARLY") == 2 and "RDATE" not in tz
    assert len(tz) < 600  # not 2.3 KB of RDATEs
    with app.test_request_context("/"):
        event = make_event(sessions=1, starts_in=timedelta(days=200))
        reg = operations.register(event.id, person(0, mode="physical")).registration
        text = calendar.invite(db.session.get(Registration, reg.id))
    # summer and winter times both read right by an independent parser
    from ical.calendar_stream import IcsCalendarStream
    [parsed] = IcsCalendarStream.calendar_from_ics(text).events
    assert parsed.dtstart.utcoffset() == Calendar.from_ical(text).walk("VEVENT")[0].decoded(
        "DTSTART").utcoffset()


@pytest.fixture
def smtp():
    from aiosmtpd.controller import Controller

    from tests.live import free_port
    from tests.test_mail import Inbox

    inbox = Inbox()
    port = free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    yield inbox, port
    controller.stop()
