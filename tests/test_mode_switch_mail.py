"""Issue 17 (4): switching physical ⇄ digital sends the updated invite, read back from a real
SMTP conversation: same UIDs, a higher SEQUENCE, the join link or the ticket."""

from __future__ import annotations

from icalendar import Calendar
from sqlalchemy import select

from registration.core.extensions import db
from registration.mail import delivery
from registration.models import Event, OutboxMessage, Registration
from registration.registrations import operations
from tests.conftest import make_event, person
from tests.test_mail import mail_app, parts, smtp  # noqa: F401  (the fixture)


def _invite(message) -> dict[str, tuple[int, str]]:
    """UID → (SEQUENCE, LOCATION) of the calendar attachment."""
    [ics] = parts(message)["text/calendar"]
    assert ics.get_param("method") == "REQUEST"
    return {str(v["UID"]): (int(v["SEQUENCE"]), str(v.get("LOCATION", "")))
            for v in Calendar.from_ical(ics.get_content()).walk("VEVENT")}


def test_switching_mode_sends_the_updated_invite(database_url, tmp_path, smtp):  # noqa: F811
    inbox, port = smtp
    app = mail_app(database_url, tmp_path, port)
    with app.app_context():
        event = make_event(title="Vinterlys-konferansen", sessions=2,
                           capacities={"physical": 5, "digital": None})
        db.session.get(Event, event.id).join_url = "https://teams.example/vinterlys"
        db.session.commit()
        token = operations.register(event.id, person(0, mode="digital")).token
        # one e-mail per session (one UID per iTIP message): two for each step
        assert delivery.deliver_due() == 2
        operations.change_mode(token, "physical")
        assert delivery.deliver_due() == 2
        operations.change_mode(token, "digital")
        assert delivery.deliver_due() == 2
        code = db.session.scalar(select(Registration.ticket_code))
    received = inbox.wait_for(6)
    to_room, back = received[2], received[4]
    assert to_room["Subject"] == "Endret deltakelse: Vinterlys-konferansen"
    assert received[3]["Subject"].startswith("Endret deltakelse: Vinterlys-konferansen – ")

    def both(i: int) -> dict[str, tuple[int, str]]:
        return {**_invite(received[i]), **_invite(received[i + 1])}
    before, room, online = both(0), both(2), both(4)
    assert set(before) == set(room) == set(online) and len(before) == 2  # same UIDs
    for uid in before:
        assert before[uid][0] < room[uid][0] < online[uid][0]  # SEQUENCE rises each time
        assert "/bli-med/" in before[uid][1]
        assert room[uid][1] == "Tromsø rådhus"  # the calendar no longer holds the link
        assert "/bli-med/" in online[uid][1]  # and gets it back
    room_parts = parts(to_room)
    text = room_parts["text/plain"][0].get_content()
    assert "du deltar nå fysisk" in text and code in text
    [png] = room_parts["image/png"]  # the ticket to show at the door
    assert png.get_content().startswith(b"\x89PNG")
    online_text = parts(back)["text/plain"][0].get_content()
    assert "du deltar nå digitalt" in online_text and "/bli-med/" in online_text
    assert "image/png" not in parts(back)


def test_switching_into_a_full_mode_while_waiting_sends_the_place_not_an_invite(app):
    with app.app_context():
        event = make_event(capacities={"physical": 1, "digital": 1})
        operations.register(event.id, person(0, mode="physical"))
        operations.register(event.id, person(1, mode="digital"))
        waiting = operations.register(event.id, person(2, mode="digital"))
        operations.change_mode(waiting.token, "physical")
        last = db.session.scalars(select(OutboxMessage).order_by(
            OutboxMessage.id.desc())).first()
        assert last.kind == "waitlisted" and last.ics_method is None
