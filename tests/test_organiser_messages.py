"""Issue 17 (11): an organiser's message: one greeting and one sign-off, a preview with the
recipient count, a test to oneself, targeting, and nothing sent on the first click."""

from __future__ import annotations

from sqlalchemy import func, select

from registration.accounts import operations as auth
from registration.checkin import operations as checkin
from registration.core.extensions import db
from registration.events import messaging
from registration.mail import outbox
from registration.models import Event, OutboxMessage, Registration, User
from registration.registrations import operations
from tests.conftest import make_event, person

PASSWORD = "riktig-passord-123"


def _setup(app) -> tuple[int, list[int]]:
    """A two-day hybrid event: 0 physical and came on day 1, 1 physical and did not come,
    2 digital, 3 waiting for the room."""
    with app.app_context():
        owner = auth.create_user("eier@usht.no", "arrangor", PASSWORD, "Eva Eier")
        ref = make_event(capacities={"physical": 2, "digital": None}, sessions=2)
        event = db.session.get(Event, ref.id)
        event.owner_id = owner.id
        db.session.commit()
        people = [operations.register(ref.id, person(i, mode=m)).registration
                  for i, m in enumerate(["physical", "physical", "digital", "physical"])]
        checkin.set_attendance(people[0], event.sessions[0], True, owner)
        return ref.id, [p.id for p in people]


def _sign_in(client, email: str = "eier@usht.no") -> None:
    assert client.post("/arrangor/logg-inn", data={
        "email": email, "password": PASSWORD}).status_code == 303


def _organiser_mails() -> list[OutboxMessage]:
    return list(db.session.scalars(select(OutboxMessage).where(
        OutboxMessage.kind == "organiser").order_by(OutboxMessage.id)))


def test_first_click_previews_with_the_count_and_sends_nothing(app, client):
    event_id, ids = _setup(app)
    _sign_in(client)
    url = f"/arrangor/arrangement/{event_id}/melding"
    page = client.post(url, data={"group": "confirmed", "mode": "all", "attendance": "all",
                                  "subject": "Parkering", "body": "Bruk P-huset."})
    text = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "Meldingen går til 3 personer." in text and "Send til 3 personer" in text
    assert "Hei Kari Nordmann," in text and "Bruk P-huset." in text
    assert 'name="expected" type="hidden" value="3"' in text
    with app.app_context():
        assert _organiser_mails() == []
    sent = client.post(url, data={"group": "confirmed", "mode": "all", "attendance": "all",
                                  "subject": "Parkering", "body": "Bruk P-huset.",
                                  "action": "send", "expected": "3"})
    assert sent.status_code == 303
    with app.app_context():
        assert sorted(m.registration_id for m in _organiser_mails()) == sorted(ids[:3])


def test_count_changed_since_the_preview_asks_again(app, client):
    event_id, ids = _setup(app)
    _sign_in(client)
    answer = client.post(f"/arrangor/arrangement/{event_id}/melding", data={
        "group": "confirmed", "mode": "all", "attendance": "all", "subject": "S", "body": "B",
        "action": "send", "expected": "7"})
    assert "Antallet mottakere har endret seg" in answer.get_data(as_text=True)
    with app.app_context():
        assert _organiser_mails() == []


def test_targeting_by_status_mode_session_and_attendance(app):
    event_id, ids = _setup(app)
    with app.app_context():
        event = db.session.get(Event, event_id)
        day1, day2 = (s.id for s in event.sessions)

        def who(**target) -> list[int]:
            return [r.id for r in messaging.recipients(event, messaging.Target(**target))]
        assert sorted(who()) == sorted(ids[:3])
        assert who(status="waitlisted") == [ids[3]]
        assert sorted(who(status="all")) == sorted(ids)
        assert sorted(who(mode="physical")) == sorted(ids[:2])
        assert who(mode="digital") == [ids[2]]
        assert who(attendance="attended") == [ids[0]]
        assert who(attendance="attended", session_id=day1) == [ids[0]]
        assert who(attendance="attended", session_id=day2) == []
        assert sorted(who(attendance="not_attended", mode="physical")) == [ids[1]]


def test_one_greeting_and_one_sign_off(app):
    event_id, _ids = _setup(app)
    with app.app_context():
        event = db.session.get(Event, event_id)
        plain, _html = messaging.preview(event, "S", "Husk matpakke.", "Kari")
        assert plain.count("Hei Kari,") == 1 and plain.count("Hilsen") == 1
        own, html = messaging.preview(event, "S", "Hei alle sammen!\n\nHusk matpakke.\n\n"
                                      "Vennlig hilsen\nAnne i USHT", "Kari")
        assert "Hei Kari" not in own and own.count("Hei") == 1
        assert own.lower().count("hilsen") == 1 and "Anne i USHT" in own
        assert "Hei Kari" not in html and html.lower().count("hilsen") == 1
        # What is queued reads the same as the preview.
        messaging.send(event, "S", "Hei alle!\n\nMvh Anne", messaging.Target(),
                       db.session.scalar(select(User)))
        queued = outbox.preview(_organiser_mails()[0]).text_body
        assert queued.count("Hei") == 1 and "Hilsen" not in queued and "Mvh Anne" in queued


def test_test_mail_goes_only_to_the_organiser(app, client):
    event_id, _ids = _setup(app)
    _sign_in(client)
    page = client.post(f"/arrangor/arrangement/{event_id}/melding", data={
        "group": "confirmed", "mode": "all", "attendance": "all", "subject": "Parkering",
        "body": "Bruk P-huset.", "action": "test"})
    assert "En testmelding er sendt til eier@usht.no" in page.get_data(as_text=True)
    with app.app_context():
        [mail] = _organiser_mails()
        assert mail.to_address == "eier@usht.no" and mail.registration_id is None
        assert mail.subject == "[Test] Parkering"
        assert "Hei Eva Eier," in mail.text_body and "Bruk P-huset." in mail.text_body
        assert db.session.scalar(select(func.count(Registration.id))) == 4


def test_bad_input_and_strangers(app, client):
    event_id, _ids = _setup(app)
    url = f"/arrangor/arrangement/{event_id}/melding"
    data = {"group": "confirmed", "mode": "all", "attendance": "all", "subject": "S",
            "body": "B", "action": "send", "expected": "3"}
    assert client.post(url, data=data).status_code in (302, 401)
    with app.app_context():
        auth.create_user("annen@usht.no", "arrangor", PASSWORD)
        auth.create_user("vert@usht.no", "vert", PASSWORD)
    for stranger in ("annen@usht.no", "vert@usht.no"):
        _sign_in(client, stranger)
        assert client.post(url, data=data).status_code == 403
        client.post("/arrangor/logg-ut")
    _sign_in(client)
    for field, value in (("mode", "alle"), ("attendance", "kanskje"), ("group", "x")):
        bad = client.post(url, data={**data, field: value})
        assert bad.status_code == 422, field
        assert 'value="S"' in bad.get_data(as_text=True)  # what was typed is kept
    empty = client.post(url, data={**data, "body": ""})
    assert empty.status_code == 422 and "Skriv inn meldingen" in empty.get_data(as_text=True)
    with app.app_context():
        assert _organiser_mails() == []
