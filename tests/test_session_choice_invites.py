"""«Velg økter» in the calendar: invites for a subset hold only the chosen sessions; adding
a session from the personal page sends the updated invite (same UIDs, higher SEQUENCE) and
dropping one sends its CANCEL. Real SMTP (aiosmtpd), read back with icalendar and the
independent `ical` package, applied as calendars apply iTIP."""

from __future__ import annotations

from datetime import timedelta

import pytest

from registration.core.extensions import db
from registration.mail.calendar import uid
from registration.mail.delivery import deliver_due
from registration.models import EventSession, Registration
from registration.registrations import operations, session_choice
from registration.registrations.rules import RegistrationRefused
from tests.test_invites import READERS, Entry, apply, invites, smtp  # noqa: F401 - fixture
from tests.test_mail import mail_app
from tests.test_session_choice import Participant, choice_event

PARSERS = ["icalendar", "ical"]


@pytest.mark.parametrize("reader", PARSERS)
def test_a_subset_is_invited_dropped_and_added_in_the_calendar(reader, database_url, tmp_path,
                                                               smtp):  # noqa: F811
    inbox, port = smtp
    app = mail_app(database_url, tmp_path, port)
    read = READERS[reader]
    with app.app_context():
        event_id, ids = choice_event(sessions=4)
        outcome = operations.register(event_id, Participant(0, [ids[0], ids[2]]))
        token, registration_id = outcome.token, outcome.registration.id
        deliver_due()
        registration = db.session.get(Registration, registration_id)
        uids = {session_id: uid(registration, session_id) for session_id in ids}
        starts = {s.id: s.starts_at for s in db.session.scalars(
            db.select(EventSession).where(EventSession.event_id == event_id))}
    calendar: dict[str, Entry] = {}
    applied = 0

    def catch_up(count: int) -> list[Entry]:
        nonlocal applied
        inbox.wait_for(count)
        texts = invites(inbox, "kari.0@")
        new = []
        for text in texts[applied:]:
            entries = read(text, tmp_path)
            new += entries
            apply(calendar, entries)
        applied = len(texts)
        return new

    first = catch_up(2)
    # One e-mail per chosen session: parts 1 and 3, nothing of parts 2 and 4.
    assert sorted(e["uid"] for e in first) == sorted([uids[ids[0]], uids[ids[2]]])
    assert {e["method"] for e in first} == {"REQUEST"}
    assert sorted(e["start"] for e in calendar.values()) == [starts[ids[0]], starts[ids[2]]]
    last = {e["uid"]: e["sequence"] for e in first}  # per UID: each update must be newer

    # Dropping part 1: its CANCEL, and part 3 updated (same UID, higher SEQUENCE).
    with app.app_context():
        session_choice.drop_session(token, ids[0])
        deliver_due()
    dropped = catch_up(4)
    assert {(e["uid"], e["method"]) for e in dropped} == {
        (uids[ids[0]], "CANCEL"), (uids[ids[2]], "REQUEST")}
    assert all(e["sequence"] > last[e["uid"]] for e in dropped)
    assert list(calendar) == [uids[ids[2]]]
    last.update({e["uid"]: e["sequence"] for e in dropped})

    # Adding part 4: the calendar holds parts 3 and 4, with the same UIDs as ever.
    with app.app_context():
        session_choice.add_session(token, ids[3])
        deliver_due()
    added = catch_up(6)
    assert sorted(e["uid"] for e in added) == sorted([uids[ids[2]], uids[ids[3]]])
    assert all(e["sequence"] > last.get(e["uid"], -1) for e in added)
    assert sorted(e["start"] for e in calendar.values()) == [starts[ids[2]], starts[ids[3]]]

    # Cancelling the whole registration cancels exactly what the calendar holds.
    with app.app_context():
        operations.cancel(token)
        deliver_due()
    cancelled = catch_up(8)
    assert sorted((e["uid"], e["method"]) for e in cancelled) == sorted([
        (uids[ids[2]], "CANCEL"), (uids[ids[3]], "CANCEL")])
    assert calendar == {}
    with app.app_context():
        # the mails tell only about the chosen sessions; no join link for others
        texts = [m.get_body(("plain",)).get_content() for m in inbox.messages]
        assert "Dag 2" not in texts[0] and "Dag 1" in texts[0] and "Dag 3" in texts[0]


def test_own_deadlines_for_dropping_and_adding(app, clock):
    with app.app_context():
        event_id, ids = choice_event(sessions=3)
        second = db.session.get(EventSession, ids[1])
        second.cancellation_deadline = second.starts_at - timedelta(days=3)
        db.session.commit()
        token = operations.register(event_id, Participant(0, [ids[0], ids[1], ids[2]])).token
        clock.advance(days=35)  # part 2 starts in ~2 days: past its own deadline
        with pytest.raises(RegistrationRefused) as refused:
            session_choice.drop_session(token, ids[1])
        assert refused.value.code == "cancellation_closed"
        session_choice.drop_session(token, ids[2])  # part 3: until its start, still open
        with pytest.raises(RegistrationRefused) as refused:
            session_choice.add_session(token, ids[0])  # part 1 is over
        assert refused.value.code in {"session_closed", "session_already_chosen"}
        session_choice.add_session(token, ids[2])  # chosen again
        with pytest.raises(RegistrationRefused) as again:
            session_choice.add_session(token, ids[2])
        assert again.value.code == "session_already_chosen"
        with pytest.raises(RegistrationRefused) as unknown:
            session_choice.add_session(token, 999999)
        assert unknown.value.code == "unknown_session"


def test_the_last_session_is_not_dropped_alone(app):
    with app.app_context():
        event_id, ids = choice_event(sessions=2)
        token = operations.register(event_id, Participant(0, [ids[0]])).token
        with pytest.raises(RegistrationRefused) as refused:
            session_choice.drop_session(token, ids[0])
        assert refused.value.code == "last_session"
        with pytest.raises(RegistrationRefused) as refused:
            session_choice.drop_session(token, ids[1])
        assert refused.value.code == "session_not_chosen"


def test_personal_page_adds_and_drops_a_session(app, client):
    with app.app_context():
        event_id, ids = choice_event(sessions=3, capacity=1)
        token = operations.register(event_id, Participant(0, [ids[0], ids[1]])).token
        other = operations.register(event_id, Participant(1, [ids[1], ids[2]]))
        assert other.status == "confirmed"
        other_token = other.token
    page = client.get(f"/pamelding/{token}")
    assert "Dine økter" in page.text and page.text.count("Meld av denne økten") == 2
    assert page.text.count("Legg til økten") == 1
    dropped = client.post(f"/pamelding/{token}/okter/{ids[1]}/avmeld")
    assert dropped.status_code == 303
    after = client.get(f"/pamelding/{token}")
    assert "Du er meldt av økten." in after.text
    # The seat in part 2 went to the other, first in its line.
    theirs = client.get(f"/pamelding/{other_token}").text
    assert theirs.count("Venteliste, nummer") == 0
    added = client.post(f"/pamelding/{token}/okter/{ids[2]}/legg-til", follow_redirects=True)
    # part 3's one seat is the other's: in its own line, first
    assert "Økten er lagt til." in added.text and "Venteliste, nummer 1" in added.text
    refused = client.post(f"/pamelding/{token}/okter/999999/legg-til", follow_redirects=True)
    assert "Arrangementet har ingen slik økt." in refused.text
    assert client.post(f"/pamelding/feil-token/okter/{ids[2]}/legg-til").status_code == 404
