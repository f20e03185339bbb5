"""Issue 17 (13): the demo and the e-mails as a participant and an admin meet them."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from registration.core.extensions import db
from registration.core.i18n import format_dt
from registration.evaluations import builder, invitations
from registration.mail import outbox
from registration.models import (
    EvaluationForm,
    OutboxMessage,
    Registration,
    User,
    utcnow,
)
from registration.registrations import operations, overrides, seats
from tests.conftest import make_event, person
from tests.test_evaluations import PASSWORD, ended_event, sign_in


def _messages(kind: str) -> list[OutboxMessage]:
    return list(db.session.scalars(select(OutboxMessage).where(OutboxMessage.kind == kind)
                                   .order_by(OutboxMessage.id)))


def _text(message: OutboxMessage) -> str:
    return outbox.preview(message).text_body or ""


def _reserved(address: str) -> bool:
    """example.no and its subdomains (the issue's reserved demo domain), or .test."""
    domain = address.rsplit("@", 1)[-1]
    return domain == "example.no" or domain.endswith((".example.no", ".test"))


def test_demo_writes_only_to_reserved_addresses_and_has_an_admin(app, runner):
    result = runner.invoke(args=["seed-demo"])
    for login in ("admin@usht.no / demo-admin-2026", "arrangor@usht.no / demo-arrangor-2026",
                  "vert@usht.no / demo-vert-2026"):
        assert login in result.output, result.output
    with app.app_context():
        addresses = set(db.session.scalars(select(Registration.email)))
        assert len(addresses) > 100
        assert all(_reserved(a) for a in addresses), \
            sorted(a for a in addresses if not _reserved(a))[:5]
        queued = set(db.session.scalars(select(OutboxMessage.to_address)))
        assert queued and all(_reserved(a) for a in queued)
        admin = db.session.scalar(select(User).where(User.email == "admin@usht.no"))
        assert admin is not None and admin.role == "admin"
    # The printed admin login works and reaches the outbox.
    client = app.test_client()
    assert client.post("/arrangor/logg-inn", data={
        "email": "admin@usht.no", "password": "demo-admin-2026"}).status_code == 303
    assert client.get("/arrangor/utboks/").status_code == 200
    logins = runner.invoke(args=["demo-logins"]).output
    assert "admin@usht.no" in logins and "vert@usht.no" in logins


def test_makefile_run_prints_every_demo_login():
    from pathlib import Path

    run = Path(__file__).parent.parent.joinpath("Makefile").read_text().split("\nrun:")[1]
    assert "demo-logins" in run.split("\n\n")[0]


def test_outbox_shows_an_unsent_mail_as_it_would_be_sent(app, client):
    from registration.accounts import operations as auth

    with app.app_context():
        event = make_event(participation="physical", capacities={"physical": 5})
        operations.register(event.id, person(0))
        auth.create_user("sjef@usht.no", "admin", PASSWORD, "Sjef")
        message = db.session.scalar(select(OutboxMessage))
        message_id = message.id
        assert message.text_body is None  # not rendered until sent
    sign_in(client, "sjef@usht.no")
    page = client.get(f"/arrangor/utboks/{message_id}").get_data(as_text=True)
    assert "Ikke sendt ennå" in page
    assert "Hei Kari Nordmann" in page and "Billetten din" in page
    assert "METHOD:REQUEST" in page and "BEGIN:VEVENT" in page
    html = client.get(f"/arrangor/utboks/{message_id}/innhold.html").get_data(as_text=True)
    assert "Kari Nordmann" in html
    with app.app_context():  # looking did not render or change the row
        assert db.session.get(OutboxMessage, message_id).text_body is None


def test_evaluation_deadline_is_read_when_the_mail_is_rendered(app, clock):
    with app.app_context():
        ended = ended_event()
        owner = db.session.scalar(select(User).where(User.email == "arrangor@usht.no"))
        from registration.models import Event
        invitations.invite(db.session.get(Event, ended.event_id), "attended", owner)
        mail = _messages("evaluation")[0]
        form = builder.form_of(ended.event_id)
        first = invitations.closes_at(form)
        assert f"Du kan svare til og med {format_dt(first)}." in _text(mail)
        # The organiser moves the deadline after the mail was queued: the mail follows.
        form.closes_at = utcnow().replace(microsecond=0) + timedelta(days=30)
        db.session.commit()
        text = _text(mail)
        assert f"Du kan svare til og med {format_dt(form.closes_at)}." in text
        assert format_dt(first) not in text
        # The worker sends it late, after the deadline: no past deadline is stated.
        clock.advance(days=31)
        assert "Du kan svare til og med" not in _text(mail)
        assert db.session.get(EvaluationForm, form.id) is not None


def test_promotion_mail_tells_why_the_seat_came(app):
    with app.app_context():
        event = make_event(participation="physical", capacities={"physical": 1})
        first = operations.register(event.id, person(0)).registration
        operations.register(event.id, person(1))
        waiting = operations.register(event.id, person(2)).registration
        operations.cancel(first.token)
        by_cancel = _messages("promoted")[0]
        assert "noen meldte seg av" in _text(by_cancel)
        overrides.confirm_over_capacity(waiting.id, actor=None)
        by_organiser = _messages("promoted")[1]
        assert by_organiser.registration_id == waiting.id
        text = _text(by_organiser)
        assert "noen meldte seg av" not in text and "arrangøren har gjort plass" in text


def test_promotion_after_raised_capacity_does_not_claim_a_cancellation(app):
    with app.app_context():
        event = make_event(participation="physical", capacities={"physical": 1})
        operations.register(event.id, person(0))
        operations.register(event.id, person(1))
        seats.set_capacity(event.id, "physical", 2)
        text = _text(_messages("promoted")[0])
        assert "noen meldte seg av" not in text and "arrangøren har gjort plass" in text


def test_cancellation_mail_leads_to_a_page_with_the_register_again_button(app, client):
    with app.app_context():
        event = make_event(participation="physical", capacities={"physical": 5})
        registration = operations.register(event.id, person(0)).registration
        token = registration.token
        operations.cancel(token)
        text = _text(_messages("cancelled")[0])
    assert "Meld deg på igjen" in text and f"/pamelding/{token}" in text
    page = client.get(f"/pamelding/{token}").get_data(as_text=True)
    assert "Meld deg på igjen" in page and f"/arrangement/{event.id}#register-heading" in page
    # Registered again from the event page: the button led to a form that works.
    assert "Meld deg på" in client.get(f"/arrangement/{event.id}").get_data(as_text=True)


def test_no_register_again_button_when_registration_has_closed(app, client):
    with app.app_context():
        event = make_event(participation="physical", capacities={"physical": 5},
                           closes_at=utcnow() + timedelta(hours=1))
        token = operations.register(event.id, person(0)).token
        operations.cancel(token)
        ev = db.session.get(Registration, db.session.scalar(
            select(Registration.id).where(Registration.token == token))).event
        ev.registration_closes_at = utcnow() - timedelta(minutes=1)
        db.session.commit()
    assert "Meld deg på igjen" not in client.get(f"/pamelding/{token}").get_data(as_text=True)
