"""«Velg økter» for the organiser: turned on in the event form (only while nobody is
registered), the event's capacities become each session's, a new session gets its own
seats, and a change or a removed session reaches only those with a seat in it."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from registration.core.extensions import db
from registration.events import sessions as event_sessions
from registration.models import (
    Event,
    EventSession,
    OutboxMessage,
    Registration,
    SessionSeatPool,
    User,
)
from registration.registrations import operations
from tests.test_organiser import _event_form, people, sign_in  # noqa: F401 - fixture
from tests.test_session_choice import Participant, choice_event


def test_organiser_lets_people_choose_sessions_while_nobody_is_registered(app, client,
                                                                          people):  # noqa: F811
    sign_in(client, "a")
    created = client.post("/arrangor/arrangement/ny",
                          data=_event_form(session_choice="y", physical_capacity="12"))
    assert created.status_code == 303
    event_id = int(created.headers["Location"].rstrip("/").split("/")[-1])
    form = client.get(f"/arrangor/arrangement/{event_id}/rediger").text
    assert 'id="session_choice"' in form and "La deltakerne velge økter" in form
    with app.app_context():
        event = db.session.get(Event, event_id)
        assert event.session_choice == "any"
        [session] = event.sessions
        assert {p.mode: p.capacity for p in session.seat_pools} == {"physical": 12,
                                                                     "digital": None}
        # a second session gets its own seats at once
        start = session.starts_at + timedelta(days=7)
        second = event_sessions.save(event, None, title="Del 2", starts_at=start,
                                     ends_at=start + timedelta(hours=2), place="Tromsø",
                                     online=True, actor=db.session.get(User, people["a"]))
        assert {p.mode for p in db.session.get(EventSession, second.id).seat_pools} == {
            "physical", "digital"}
        event.status = "published"
        db.session.commit()
        operations.register(event_id, Participant(0, [second.id], mode="physical"))
    edit = _event_form(session_choice="y", physical_capacity="5")
    del edit["starts_at"], edit["ends_at"], edit["place"]
    saved = client.post(f"/arrangor/arrangement/{event_id}/rediger", data=edit,
                        follow_redirects=True)
    assert saved.status_code == 200
    with app.app_context():
        capacities = {(p.session_id, p.mode): p.capacity for p in db.session.scalars(
            select(SessionSeatPool))}
        assert all(c == 5 for (_s, mode), c in capacities.items() if mode == "physical")
    del edit["session_choice"]  # off again: refused, someone is registered
    refused = client.post(f"/arrangor/arrangement/{event_id}/rediger", data=edit,
                          follow_redirects=True)
    assert "kan ikke endres når noen er påmeldt" in refused.text
    with app.app_context():
        assert db.session.get(Event, event_id).session_choice == "any"


def test_a_session_change_reaches_only_those_with_a_seat_in_it(app):
    with app.app_context():
        event_id, ids = choice_event(sessions=3)
        owner = User(email="eier@usht.no", role="arrangor", password_hash="x", name="Eier")
        db.session.add(owner)
        db.session.commit()
        first = operations.register(event_id, Participant(0, [ids[0], ids[1]])).registration.id
        second = operations.register(event_id, Participant(1, [ids[2]])).registration.id
        event = db.session.get(Event, event_id)
        session = db.session.get(EventSession, ids[1])
        event_sessions.save(event, session, title=session.title,
                            starts_at=session.starts_at + timedelta(hours=1),
                            ends_at=session.ends_at + timedelta(hours=1), place=session.place,
                            online=session.online, actor=owner)
        changed = db.session.scalars(select(OutboxMessage).where(
            OutboxMessage.kind == "changed")).all()
        assert [(m.registration_id, m.details["invite_session"]) for m in changed] == [
            (first, {"id": ids[1]})]
        event_sessions.remove(db.session.get(Event, event_id),
                              db.session.get(EventSession, ids[2]), owner)
        cancels = db.session.scalars(select(OutboxMessage).where(
            OutboxMessage.kind == "changed", OutboxMessage.ics_method == "CANCEL")).all()
        assert [m.registration_id for m in cancels] == [second]


def test_each_sessions_own_seats_and_deadlines_on_the_sessions_page(app, client,
                                                                   people):  # noqa: F811
    with app.app_context():
        event_id, ids = choice_event(sessions=2, capacity=1)
        db.session.get(Event, event_id).owner_id = people["a"]
        db.session.commit()
        operations.register(event_id, Participant(0, [ids[0]]))
        waiting = operations.register(event_id, Participant(1, [ids[0]])).registration.id
    url = f"/arrangor/arrangement/{event_id}/okter/{ids[0]}/plasser"
    body = {f"p{ids[0]}-digital_capacity": "3",
            f"p{ids[0]}-registration_closes_at": "2030-01-01T12:00",
            f"p{ids[0]}-cancellation_deadline": ""}
    # who may: not anonymous, not a vert, not another arrangør
    assert client.post(url, data=body).status_code in (302, 303)
    for who in ("vert", "b"):
        sign_in(client, who)
        assert client.post(url, data=body).status_code in (403, 404)
        client.post("/arrangor/logg-ut")
    with app.app_context():
        assert db.session.get(EventSession, ids[0]).registration_closes_at is None
    sign_in(client, "a")
    page = client.get(f"/arrangor/arrangement/{event_id}/okter")
    assert "Plasser og frister for økten" in page.text
    bad = client.post(url, data={**body, f"p{ids[0]}-digital_capacity": "tolv"},
                      follow_redirects=True)
    assert "Kapasiteten må være et tall fra 0 til 100 000." in bad.text
    saved = client.post(url, data=body, follow_redirects=True)
    assert "Plassene og fristene for økten er lagret. 1 fikk plass fra ventelisten." in saved.text
    with app.app_context():
        session = db.session.get(EventSession, ids[0])
        assert session.pool("digital").capacity == 3 and session.registration_closes_at
        assert db.session.get(EventSession, ids[1]).pool("digital").capacity == 1
        assert db.session.get(Registration, waiting).status == "confirmed"
    below = client.post(url, data={**body, f"p{ids[0]}-digital_capacity": "1"},
                        follow_redirects=True)
    assert "Kapasiteten kan ikke settes lavere" in below.text
    sign_in(client, "admin")
    assert client.post(url, data=body).status_code == 303
    listed = client.get(f"/arrangor/arrangement/{event_id}")
    assert listed.text.count('data-testid="chosen-sessions"') == 2
    assert "Økter: Dag 1</small>" in listed.text


def test_exports_list_each_session_with_those_who_chose_it(app, client,
                                                          people):  # noqa: F811
    """Where people choose sessions, a session's sign-in sheet and its export
    (?session=<id>) list those with a seat in that session; its waiting list those waiting
    for it, whatever their other sessions."""
    import csv
    import io
    import re

    from pypdf import PdfReader

    with app.app_context():
        event_id, ids = choice_event(sessions=3, capacity=1)
        db.session.get(Event, event_id).owner_id = people["a"]
        db.session.commit()
        names = {}
        for i, chosen in enumerate(([ids[0]], [ids[1]], [ids[0], ids[1]], [ids[2], ids[0]])):
            outcome = operations.register(event_id, Participant(i, chosen))
            names[i] = outcome.registration.name
    # 0: a seat in part 1; 1: a seat in part 2; 2: waits for parts 1 and 2 (no seat);
    # 3: a seat in part 3 (so confirmed) and second in part 1's line
    sign_in(client, "a")
    base = f"/arrangor/arrangement/{event_id}"

    def listed(query: str) -> dict[str, tuple[str, str]]:
        raw = client.get(f"{base}/eksport.csv{query}")
        assert raw.status_code == 200, raw.text
        rows = list(csv.reader(io.StringIO(raw.data.decode("utf-8-sig")), delimiter=";"))
        return {row[0]: (row[8], row[9]) for row in rows[1:]}  # name: (status, place)

    assert listed(f"?session={ids[0]}") == {names[0]: ("Påmeldt", "")}
    assert listed(f"?session={ids[1]}") == {names[1]: ("Påmeldt", "")}
    # the status and the place in line are the session's, whatever the others
    assert listed(f"?session={ids[0]}&status=waitlisted") == {
        names[2]: ("Venteliste", "1"), names[3]: ("Venteliste", "2")}
    assert listed(f"?session={ids[1]}&status=all") == {
        names[1]: ("Påmeldt", ""), names[2]: ("Venteliste", "1")}
    assert set(listed("?status=all")) == set(names.values())  # the event: as before
    assert listed("?status=all")[names[3]] == ("Påmeldt", "")
    sheets = PdfReader(io.BytesIO(client.get(f"{base}/eksport.pdf").data))
    assert len(sheets.pages) == 3
    on_sheet = [set(re.findall(r"^\d+ (.+?) Tromsø", page.extract_text(), re.MULTILINE))
                for page in sheets.pages]
    assert on_sheet == [{names[0]}, {names[1]}, {names[3]}]


def test_the_edit_form_saves_every_field_of_an_event_where_people_choose(app, client,
                                                                          people):  # noqa: F811
    """The organiser's edit of an event with chosen sessions is saved whole: title, the
    kommune quota and the reminder days, not only the capacities."""
    sign_in(client, "a")
    created = client.post("/arrangor/arrangement/ny",
                          data=_event_form(session_choice="y", physical_capacity="12",
                                           kommune_quota="3"))
    assert created.status_code == 303
    event_id = int(created.headers["Location"].rstrip("/").split("/")[-1])
    edit = _event_form(session_choice="y", physical_capacity="12", kommune_quota="",
                       title="Legemiddeldagen", reminder_days="5")
    del edit["starts_at"], edit["ends_at"], edit["place"]
    saved = client.post(f"/arrangor/arrangement/{event_id}/rediger", data=edit,
                        follow_redirects=True)
    assert saved.status_code == 200 and "Endringene er lagret" in saved.text
    with app.app_context():
        event = db.session.get(Event, event_id)
        assert (event.title, event.kommune_quota, event.reminder_days) == (
            "Legemiddeldagen", None, 5)
    edit["kommune_quota"] = "2"
    client.post(f"/arrangor/arrangement/{event_id}/rediger", data=edit)
    with app.app_context():
        assert db.session.get(Event, event_id).kommune_quota == 2


def test_cancelling_someone_names_everyone_who_got_a_seat_from_the_line(app, client,
                                                                       people):  # noqa: F811
    """One cancellation at «velg økter» frees a seat in each session the person held: the
    organiser is told every name that moved up (it named only the first)."""
    with app.app_context():
        event_id, ids = choice_event(sessions=2, capacity=1)
        db.session.get(Event, event_id).owner_id = people["a"]
        db.session.commit()
        holder = operations.register(event_id, Participant(0, ids)).registration.id
        operations.register(event_id, Participant(1, [ids[0]]))  # Kari Nordmann Bsen
        operations.register(event_id, Participant(2, [ids[1]]))  # Kari Nordmann Csen
    sign_in(client, "a")
    answer = client.post(f"/arrangor/arrangement/{event_id}/deltaker/{holder}/avmeld",
                         data={"notify": "y"}, follow_redirects=True)
    assert ("Kari Nordmann Bsen og Kari Nordmann Csen fikk plass fra ventelisten."
            in answer.text), answer.text
