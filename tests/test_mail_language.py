"""Issue 17 (14, e-mails): a registration remembers the interface language it was made in,
and its e-mails follow it (texts, subject and dates), through a real SMTP conversation."""

from __future__ import annotations

from sqlalchemy import select

from registration.core.extensions import db
from registration.mail import delivery, outbox
from registration.models import OutboxMessage, Registration
from registration.registrations import operations
from tests.conftest import form_data, make_event
from tests.test_mail import mail_app, parts, smtp  # noqa: F401  (the fixture)

ENGLISH_DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def test_english_registration_gets_english_mail(database_url, tmp_path, smtp):  # noqa: F811
    inbox, port = smtp
    app = mail_app(database_url, tmp_path, port)
    with app.app_context():
        event = make_event(title="Vinterlys", capacities={"physical": 5, "digital": None})
    english, norwegian = app.test_client(), app.test_client()
    english.get("/sprak/en")
    assert english.post(f"/arrangement/{event.id}", data=form_data(
        email="anna@example.no", name="Anna Smith")).status_code == 303
    assert norwegian.post(f"/arrangement/{event.id}", data=form_data(
        email="kari@example.no")).status_code == 303
    with app.app_context():
        languages = dict(db.session.execute(
            select(Registration.email, Registration.language)).tuples().all())
        assert languages == {"anna@example.no": "en", "kari@example.no": "nb"}
        assert delivery.deliver_due() == 2
        anna = db.session.scalar(select(Registration).where(Registration.language == "en"))
        operations.cancel(anna.token)
        assert delivery.deliver_due() == 1
    mails = {str(m["To"]).split("<")[-1].rstrip(">") + " " + m["Subject"]: m
             for m in inbox.wait_for(3)}
    assert set(mails) == {"anna@example.no Registered: Vinterlys",
                          "anna@example.no Cancelled: Vinterlys",
                          "kari@example.no Påmeldt: Vinterlys"}
    confirmation = parts(mails["anna@example.no Registered: Vinterlys"])
    text = confirmation["text/plain"][0].get_content()
    html = confirmation["text/html"][0].get_content()
    assert text.startswith("Hi Anna Smith,") and "Show it at the door" in text
    assert any(day in text for day in ENGLISH_DAYS) and " kl. " not in text
    assert "See, change or cancel" in html and '<html lang="en">' in html
    cancelled = parts(mails["anna@example.no Cancelled: Vinterlys"])["text/plain"][0]
    assert "Register again" in cancelled.get_content()
    norsk = parts(mails["kari@example.no Påmeldt: Vinterlys"])["text/plain"][0].get_content()
    assert norsk.startswith("Hei Kari Nordmann,") and " kl. " in norsk


def test_english_mode_switch_and_evaluation_mail(app):
    with app.app_context():
        event = make_event(title="Vinterlys", capacities={"physical": 5, "digital": None})
        with app.test_request_context("/?lang=en"):
            from tests.conftest import person
            token = operations.register(event.id, person(0, mode="digital")).token
        operations.change_mode(token, "physical")
        message = db.session.scalars(select(OutboxMessage).order_by(
            OutboxMessage.id.desc())).first()
        assert message.subject == "Changed participation: Vinterlys"
        text = outbox.preview(message).text_body
        assert "you now take part in Vinterlys in person" in text and "Regards" in text


def test_lookup_mail_follows_the_language_it_was_asked_in(app):
    from tests.conftest import person

    with app.app_context():
        event = make_event(title="Vinterlys", capacities={"physical": 5, "digital": None})
        operations.register(event.id, person(0, mode="physical", email="anna@example.no"))
    client = app.test_client()
    client.get("/sprak/en")
    assert client.post("/finn-pamelding", data={"email": "anna@example.no"}).status_code == 303
    with app.app_context():
        message = db.session.scalar(select(OutboxMessage).where(
            OutboxMessage.kind == "lookup"))
        assert message.subject == "The links to your registrations"
        text = outbox.preview(message).text_body
        assert "someone (hopefully you) asked" in text and "Vinterlys" in text
        assert "registered (in person)" in text


def test_course_certificate_and_group_mails_arrive_in_english(database_url, tmp_path,  # noqa: F811
                                                              smtp):  # noqa: F811
    """The newer kinds follow the language too: an English registration's kursbevis mail, and
    the group contact's mail when the group was registered from the English page."""
    from registration.courses import operations as courses
    from registration.models import Event
    from tests.test_courses import put_on_track
    from tests.test_groups import _form

    inbox, port = smtp
    app = mail_app(database_url, tmp_path, port)
    with app.app_context():
        course = make_event(title="KlinObs Trinn 1", participation="physical",
                            capacities={"physical": 10})
        put_on_track(course.id, 1)
        seminar = make_event(title="ABC-seminar", capacities={"physical": 10, "digital": None})
    english = app.test_client()
    english.get("/sprak/en")
    assert english.post(f"/arrangement/{course.id}", data=form_data(
        email="anna@example.no", name="Anna Smith")).status_code == 303
    assert english.post(f"/arrangement/{seminar.id}/gruppe",
                        data=_form(2, **{"contact-email": "lise@example.no"})).status_code == 303
    with app.app_context():
        anna = db.session.scalar(select(Registration).where(
            Registration.email == "anna@example.no"))
        courses.mark_completed(db.session.get(Event, course.id), anna.id, "Var der hele dagen",
                               None, anna.created_at)
        assert delivery.deliver_due() == 5  # confirmation, kursbevis, group, two participants
    mails = {str(m["To"]).split("<")[-1].rstrip(">") + " " + m["Subject"]: m
             for m in inbox.wait_for(5)}
    certificate = mails["anna@example.no Course certificate: KlinObs Trinn 1"]
    text = parts(certificate)["text/plain"][0].get_content()
    html = parts(certificate)["text/html"][0].get_content()
    assert text.startswith("Hi Anna Smith,") and "Congratulations!" in text
    assert "Kursbevis" not in text and "Download the course certificate (PDF)" in html
    assert '<html lang="en">' in html
    group = mails["lise@example.no Group registration: ABC-seminar"]
    text = parts(group)["text/plain"][0].get_content()
    assert text.startswith("Hi Lise Leder,") and "Open the group page" in parts(
        group)["text/html"][0].get_content()
    assert "du har meldt på" not in text


def test_to_address_kinds_render_in_the_language_they_were_queued_in(app):
    """Invitations, network messages and instructor messages: in the interface language of
    the organiser who sent them (the body is in that language); bokmål when none is given."""
    from registration.mail.models import MessageKind

    words = {MessageKind.INVITATION: ("you are invited to", "du er invitert til"),
             MessageKind.NETWORK_MESSAGE: ("because you are a member of", "fordi du er medlem"),
             MessageKind.INSTRUCTORS: ("instructor registry", "instruktørregisteret"),
             MessageKind.GROUP_REPLACED: ("has given your seat", "har gitt plassen din")}
    extra = {"title": "Samling", "event_title": "Samling", "subject": "Samling", "body": "Tekst",
             "network": "Mellomledernettverket", "invitation_url": "https://x.example/i",
             "contact_name": "Lise Leder"}
    with app.app_context():
        for kind, (en, nb) in words.items():
            for language, expected in (("en", en), (None, nb)):
                message = outbox.queue_to_address(kind, "ola@example.no", "Ola",
                                                  extra={**extra, "language": language})
                outbox.render_to_address(message)
                assert expected in message.text_body, (kind, language)
                assert expected in message.html_body, (kind, language)
                assert message.text_body.startswith("Hi Ola," if language else "Hei Ola,")
        db.session.rollback()
