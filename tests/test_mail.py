"""E-mail through a real SMTP server (aiosmtpd, started here) and calendar invites."""

from __future__ import annotations

import email
import email.policy
import threading
from collections.abc import Iterator
from datetime import timedelta

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import Envelope, Session
from icalendar import Calendar
from sqlalchemy import func, select

from registration.core.extensions import db
from registration.mail import calendar, delivery
from registration.models import Event, EventSession, OutboxMessage, Registration, utcnow
from registration.registrations import operations
from tests.conftest import empty_database, make_app, make_event, person
from tests.live import free_port


class Inbox:
    """An SMTP handler that keeps what arrives and refuses one address with 550."""

    def __init__(self, refuse: str = "", temporary: str = "") -> None:
        self.messages: list[email.message.EmailMessage] = []
        self.refuse = refuse
        self.temporary = temporary
        self.lock = threading.Lock()

    async def handle_RCPT(self, server, session: Session, envelope: Envelope, address: str,
                          options: list) -> str:
        if self.refuse and address == self.refuse:
            return "550 5.1.1 Mailbox unavailable"
        if self.temporary and address == self.temporary:
            return "450 4.2.1 Mailbox busy, try later"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    def wait_for(self, count: int, seconds: float = 10) -> list:
        """The server answers before the handler's list is read: wait for it."""
        import time
        deadline = time.monotonic() + seconds
        while len(self.messages) < count and time.monotonic() < deadline:
            time.sleep(0.05)
        return self.messages

    async def handle_DATA(self, server, session: Session, envelope: Envelope) -> str:
        parsed = email.message_from_bytes(envelope.original_content or envelope.content,
                                          policy=email.policy.default)
        with self.lock:
            self.messages.append(parsed)
        return "250 Message accepted"


@pytest.fixture
def smtp() -> Iterator[tuple[Inbox, int]]:
    inbox = Inbox(refuse="finnes.ikke@kommune.no")
    port = free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    yield inbox, port
    controller.stop()


def mail_app(database_url, tmp_path, port, **config):
    config.setdefault("MAIL_MAX_PER_MINUTE", 0)  # pacing has its own test
    app = make_app(database_url, tmp_path, MAIL_SERVER="127.0.0.1", MAIL_PORT=port,
                   MAIL_USE_TLS=False, PUBLIC_URL="https://pamelding.example.no", **config)
    empty_database(app)
    return app


def parts(message) -> dict[str, list]:
    found: dict[str, list] = {}
    for part in message.walk():
        found.setdefault(part.get_content_type(), []).append(part)
    return found


def test_confirmation_arrives_with_invite_and_qr_ticket(database_url, tmp_path, smtp):
    inbox, port = smtp
    app = mail_app(database_url, tmp_path, port)
    with app.app_context():
        event = make_event(title="Vinterlys-konferansen", sessions=2,
                           capacities={"physical": 5, "digital": None})
        outcome = operations.register(event.id, person(0, mode="physical"))
        # one e-mail per session: one UID per iTIP message
        assert db.session.scalar(select(func.count(OutboxMessage.id))) == 2
        assert inbox.messages == []  # nothing waits for SMTP in the registration
        assert delivery.deliver_due() == 2
        token = outcome.token
        code = db.session.scalar(select(Registration.ticket_code))
    message, second = sorted(inbox.wait_for(2), key=lambda m: len(m["Subject"]))
    assert second["Subject"] == "Påmeldt: Vinterlys-konferansen – kalender, økt 2 av 2"
    assert "image/png" not in parts(second)
    assert message["Subject"] == "Påmeldt: Vinterlys-konferansen"
    assert "kari.0@tromso.kommune.no" in message["To"]
    found = parts(message)
    assert "text/plain" in found and "text/html" in found
    text = found["text/plain"][0].get_content()
    assert f"https://pamelding.example.no/pamelding/{token}" in text
    assert code in text and len(code) == 22 and code.isalnum() and code.upper() == code
    [invite] = found["text/calendar"]
    assert invite.get_param("method") == "REQUEST"
    [png] = found["image/png"]
    cid = png["Content-ID"].strip("<>")
    assert png.get_content().startswith(b"\x89PNG") and cid.endswith("@example.no")
    assert f'src="cid:{cid}"' in found["text/html"][0].get_content()
    from ical.calendar_stream import IcsCalendarStream
    assert len(IcsCalendarStream.calendar_from_ics(invite.get_content()).events) == 1
    cal = Calendar.from_ical(invite.get_content())
    events = cal.walk("VEVENT")
    assert len(events) == 1 and len(cal.walk("VTIMEZONE")) == 1
    assert str(events[0]["DTSTART"].params["TZID"]) == "Europe/Oslo"
    assert events[0]["LOCATION"] == "Tromsø rådhus"
    assert int(events[0]["SEQUENCE"]) == 0


def test_waitlist_cancel_and_promotion_messages(database_url, tmp_path, smtp):
    inbox, port = smtp
    app = mail_app(database_url, tmp_path, port)
    with app.app_context():
        event = make_event(participation="digital", capacities={"digital": 1})
        db.session.get(Event, event.id).join_url = "https://teams.example/møte"
        db.session.commit()
        first = operations.register(event.id, person(0))
        second = operations.register(event.id, person(1))
        operations.cancel(first.token)
        delivery.deliver_due()
    by_kind = {m["Subject"].split(":")[0]: m for m in inbox.wait_for(4)}
    assert sorted(by_kind) == ["Avmeldt", "Du har fått plass", "Påmeldt", "Venteliste"]
    waiting = parts(by_kind["Venteliste"])
    assert "venteliste som nummer 1" in waiting["text/plain"][0].get_content()
    assert "text/calendar" not in waiting
    cancel = parts(by_kind["Avmeldt"])["text/calendar"][0]
    assert cancel.get_param("method") == "CANCEL"
    promoted = parts(by_kind["Du har fått plass"])
    invite = Calendar.from_ical(promoted["text/calendar"][0].get_content())
    location = str(invite.walk("VEVENT")[0]["LOCATION"])
    assert location.startswith("https://pamelding.example.no/bli-med/")  # the join link
    assert second.token not in promoted["text/calendar"][0].get_content()  # nothing personal
    assert "image/png" not in promoted  # no door ticket for digital participants
    assert location in promoted["text/plain"][0].get_content()
    assert "teams.example" not in promoted["text/plain"][0].get_content()


def test_smtp_down_loses_nothing_and_sends_each_message_once(database_url, tmp_path):
    port = free_port()  # nothing listens here yet
    app = mail_app(database_url, tmp_path, port)
    with app.app_context():
        event = make_event(capacities={"physical": 30, "digital": None})
        for i in range(50):
            operations.register(event.id, person(i, mode=("physical", "digital")[i % 2]))
        assert delivery.deliver_due(limit=100) == 0
        pending = db.session.scalars(select(OutboxMessage)).all()
        assert len(pending) == 50 and {m.status for m in pending} == {"pending"}
        assert all(m.attempts == 1 and "Connection" in (m.last_error or "") for m in pending)
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        later = utcnow() + timedelta(minutes=5)
        workers = [threading.Thread(target=_work, args=(app, later)) for _ in range(2)]
        for w in workers:
            w.start()
        for w in workers:
            w.join(60)
    finally:
        controller.stop()
    recipients = sorted(str(m["To"]) for m in inbox.wait_for(50))
    assert len(recipients) == 50 and len(set(recipients)) == 50
    with app.app_context():
        assert {m.status for m in db.session.scalars(select(OutboxMessage))} == {"sent"}


def _work(app, now) -> None:
    with app.app_context():
        while delivery.deliver_due(limit=5, now=now):
            pass
        db.session.remove()


def test_a_550_fails_at_once_marks_the_address_and_a_450_backs_off(
        database_url, tmp_path, smtp):
    inbox, port = smtp
    inbox.temporary = "opptatt@kommune.no"
    app = mail_app(database_url, tmp_path, port)
    with app.app_context():
        event = make_event()
        bad_reg = operations.register(event.id, person(0, mode="physical",
                                                       email="finnes.ikke@kommune.no"))
        operations.register(event.id, person(1, mode="physical"))
        operations.register(event.id, person(2, mode="physical", email="opptatt@kommune.no"))
        now = utcnow()
        assert delivery.deliver_due(now=now) == 1
        bad = db.session.scalar(select(OutboxMessage).where(
            OutboxMessage.to_address == "finnes.ikke@kommune.no"))
        # permanent: failed at the first attempt, never retried
        assert bad.status == "failed" and bad.attempts == 1 and "550" in bad.last_error
        busy = db.session.scalar(select(OutboxMessage).where(
            OutboxMessage.to_address == "opptatt@kommune.no"))
        assert busy.status == "pending" and "450" in busy.last_error
        assert busy.next_attempt_at > now  # backs off
        assert delivery.deliver_due(now=now + timedelta(seconds=5)) == 0  # not yet
        bad_id, bad_reg_id, bad_token = bad.id, bad.registration_id, bad_reg.token
        event_id = event.id
        from registration.accounts import operations as auth
        auth.create_user("admin@usht.no", "admin", "riktig-passord-123")
    client = app.test_client()
    # the participant is asked to check the address on the personal page
    personal = client.get(f"/pamelding/{bad_token}").get_data(as_text=True)
    assert "finnes.ikke@kommune.no kommer ikke fram" in personal
    client.post("/arrangor/logg-inn", data={"email": "admin@usht.no",
                                             "password": "riktig-passord-123"})
    listing = client.get("/arrangor/utboks/?status=failed").get_data(as_text=True)
    assert "finnes.ikke@kommune.no" in listing and "550" in listing
    participants = client.get(f"/arrangor/arrangement/{event_id}").get_data(as_text=True)
    assert participants.count('data-testid="bouncing"') == 1
    with app.app_context():  # the organiser corrects the address: the mark goes
        reg = db.session.get(Registration, bad_reg_id)
        reg.email = "finnes@kommune.no"
        db.session.commit()
    participants = client.get(f"/arrangor/arrangement/{event_id}").get_data(as_text=True)
    assert 'data-testid="bouncing"' not in participants
    client.post(f"/arrangor/utboks/{bad_id}/send-igjen")
    with app.app_context():
        again = db.session.get(OutboxMessage, bad_id)
        assert (again.status, again.attempts) == ("pending", 0)
        assert again.to_address == "finnes@kommune.no"  # the corrected address
        delivery.deliver_due(now=utcnow() + timedelta(hours=1))
    to = [str(m["To"]) for m in inbox.wait_for(2)]
    assert to[0].endswith("kari.1@tromso.kommune.no>")
    assert any(t.endswith("<finnes@kommune.no>") for t in to)
    with app.app_context():  # anonymised: the mark (a hash of the address) goes too
        from registration.mail.models import MailPreference
        from registration.privacy.anonymise import anonymise_registration
        assert db.session.get(MailPreference, bad_reg_id) is not None
        anonymise_registration(db.session.get(Registration, bad_reg_id), utcnow())
        assert db.session.get(MailPreference, bad_reg_id) is None


def test_hostile_names_never_break_headers(database_url, tmp_path, smtp):
    inbox, port = smtp
    app = mail_app(database_url, tmp_path, port)
    long_name = "Ærlige Åsmund Øvergård-Ŋuorra Máhtte " * 3
    with app.app_context():
        event = make_event(title="Fagdag\r\nBcc: evil@example.com")
        reg = operations.register(event.id, person(0, mode="physical")).registration
        reg.name = "Kari\r\nBcc: evil@example.com"  # as if it slipped past validation
        db.session.commit()
        from registration.mail import outbox as mail
        mail.queue("confirmation", reg)
        db.session.commit()
        other = operations.register(event.id, person(1, mode="physical")).registration
        other.name = long_name.strip()
        db.session.commit()
        mail.queue("confirmation", other)
        db.session.commit()
        delivery.deliver_due()
        outcome = [(m.status, m.last_error) for m in db.session.scalars(select(OutboxMessage))]
    assert len(inbox.wait_for(4)) == 4, outcome
    for message in inbox.messages:
        assert message["Bcc"] is None
        assert "\n" not in message["Subject"] and "\n" not in message["To"]
    assert any(str(m["To"]) == "Ærlige Åsmund Øvergård-Ŋuorra Máhtte "
               "<kari.1@tromso.kommune.no>" for m in inbox.messages)


def test_updated_invite_keeps_uid_and_raises_sequence_and_parses_twice(app):
    from ical.calendar_stream import IcsCalendarStream

    with app.test_request_context("/"):
        event = make_event(sessions=3)
        reg = operations.register(event.id, person(0, mode="physical")).registration
        first = calendar.invite(reg)
        db.session.get(Event, event.id).calendar_sequence += 1
        db.session.commit()
        second = calendar.invite(db.session.get(Registration, reg.id))
        feed = calendar.feed([db.session.get(Event, event.id)], "USHT")
    for text in (first, second, feed):
        parsed = IcsCalendarStream.calendar_from_ics(text)  # the second, independent parser
        assert len(parsed.events) == 3
    uids = [[str(e["UID"]) for e in Calendar.from_ical(t).walk("VEVENT")]
            for t in (first, second)]
    assert uids[0] == uids[1] and len(set(uids[0])) == 3
    seqs = [int(Calendar.from_ical(t).walk("VEVENT")[0]["SEQUENCE"]) for t in (first, second)]
    assert seqs[1] > seqs[0]
    assert "kari" not in feed.lower() and "ATTENDEE" not in feed


def test_ics_download_feeds_and_admin_mail_log(app, client):
    from registration.accounts import operations as auth

    with app.app_context():
        event = make_event(kind="webinarserie", participation="digital", sessions=2)
        token = operations.register(event.id, person(0)).token
        auth.create_user("admin@usht.no", "admin", "riktig-passord-123")
    ics = client.get(f"/pamelding/{token}/kalender.ics")
    assert ics.status_code == 200 and ics.mimetype == "text/calendar"
    assert len(Calendar.from_ical(ics.data).walk("VEVENT")) == 2
    assert client.get(f"/api/v1/registrations/{token}/invite.ics").status_code == 200
    assert client.get("/api/v1/registrations/nope/invite.ics").status_code == 404
    for url in ("/calendar.ics", "/calendar/webinarserie.ics",
                f"/calendar/arrangement/{event.id}.ics"):
        feed = client.get(url)
        assert feed.status_code == 200 and b"BEGIN:VEVENT" in feed.data
    assert b"BEGIN:VEVENT" not in client.get("/calendar/konferanse.ics").data
    assert client.get("/calendar/fest.ics").status_code == 404
    assert client.get("/arrangor/utboks/").status_code == 302
    client.post("/arrangor/logg-inn", data={"email": "admin@usht.no",
                                             "password": "riktig-passord-123"})
    page = client.get("/arrangor/utboks/?status=pending").get_data(as_text=True)
    assert "SMTP er ikke satt opp" in page and "Påmeldt:" in page
    with app.app_context():
        message_id = db.session.scalar(select(OutboxMessage.id))
    shown = client.get(f"/arrangor/utboks/{message_id}").get_data(as_text=True)
    assert "kari.0@tromso.kommune.no" in shown


def _sign_in_owner(app, client, event_id) -> None:
    from registration.accounts import operations as auth

    with app.app_context():
        user = auth.create_user("eier@usht.no", "arrangor", "riktig-passord-123")
        db.session.get(Event, event_id).owner_id = user.id
        db.session.commit()
    client.post("/arrangor/logg-inn", data={"email": "eier@usht.no",
                                             "password": "riktig-passord-123"})


def test_changed_time_sends_updated_invites_that_move_the_entry(database_url, tmp_path, smtp):
    inbox, port = smtp
    app = mail_app(database_url, tmp_path, port)
    client = app.test_client()
    with app.app_context():
        event = make_event(participation="physical", capacities={"physical": 1})
        operations.register(event.id, person(0))
        operations.register(event.id, person(1))  # waiting: no invite, no change notice
        session = db.session.scalar(select(EventSession).where(
            EventSession.event_id == event.id))
        sid = session.id
        delivery.deliver_due()
    _sign_in_owner(app, client, event.id)
    client.post(f"/arrangor/arrangement/{event.id}/okter/{sid}", data={
        f"s{sid}-title": "", f"s{sid}-starts_at": "2027-05-04T10:00",
        f"s{sid}-ends_at": "2027-05-04T16:00", f"s{sid}-place": "Kulturhuset, Tromsø"})
    with app.app_context():
        delivery.deliver_due()
    messages = inbox.wait_for(3)
    changed = [m for m in messages if m["Subject"].startswith("Endret")]
    assert len(changed) == 1 and "kari.0@" in str(changed[0]["To"])
    original = Calendar.from_ical(parts(messages[0])["text/calendar"][0].get_payload(
        decode=True)).walk("VEVENT")[0]
    update = Calendar.from_ical(parts(changed[0])["text/calendar"][0].get_payload(
        decode=True)).walk("VEVENT")[0]
    assert str(update["UID"]) == str(original["UID"])
    assert int(update["SEQUENCE"]) > int(original["SEQUENCE"])
    assert update["LOCATION"] == "Kulturhuset, Tromsø"
    assert update.decoded("DTSTART").hour == 10


def test_cancelled_event_tells_everyone_and_cancels_calendars(database_url, tmp_path, smtp):
    inbox, port = smtp
    app = mail_app(database_url, tmp_path, port)
    client = app.test_client()
    with app.app_context():
        event = make_event(participation="physical", capacities={"physical": 1})
        operations.register(event.id, person(0))
        operations.register(event.id, person(1))
    _sign_in_owner(app, client, event.id)
    client.post(f"/arrangor/arrangement/{event.id}/status", data={"to": "cancelled"})
    with app.app_context():
        delivery.deliver_due()
    cancelled = [m for m in inbox.wait_for(4) if m["Subject"].startswith("Avlyst")]
    assert len(cancelled) == 2
    methods = sorted(parts(m).get("text/calendar", [None])[0].get_param("method")
                     if "text/calendar" in parts(m) else "none" for m in cancelled)
    assert methods == ["CANCEL", "none"]  # the waiting person had no calendar entry


def test_reminders_go_once_to_confirmed_with_the_join_link(database_url, tmp_path, smtp):
    from registration.events.reminders import queue_due_reminders

    inbox, port = smtp
    app = mail_app(database_url, tmp_path, port)
    with app.app_context():
        soon = make_event(participation="digital", capacities={"digital": None},
                          starts_in=timedelta(days=1, hours=3))
        later = make_event(participation="digital", capacities={"digital": None},
                           starts_in=timedelta(days=9))
        db.session.get(Event, soon.id).join_url = "https://teams.example/lille-forskjellen"
        db.session.commit()
        operations.register(soon.id, person(0))
        operations.register(later.id, person(1))
        assert queue_due_reminders(utcnow()) == 1
        assert queue_due_reminders(utcnow()) == 0  # once per event
        delivery.deliver_due()
    reminders = [m for m in inbox.wait_for(3) if m["Subject"].startswith("Påminnelse")]
    assert len(reminders) == 1
    assert "https://pamelding.example.no/bli-med/" in parts(reminders[0])[
        "text/plain"][0].get_content()


def test_a_reminder_no_longer_due_when_it_would_go_is_not_sent(database_url, tmp_path, smtp):
    """Reminders are queued a few days ahead and sent as the pace allows: one for a
    registration cancelled since, or for a chosen session dropped since, is not sent (the
    cancellation went out instead); the others are. The row says why, for the admins."""
    from registration.events.reminders import queue_due_reminders
    from registration.registrations import session_choice
    from tests.test_session_choice import Participant, choice_event

    inbox, port = smtp
    app = mail_app(database_url, tmp_path, port)
    with app.app_context():
        soon = make_event(participation="digital", capacities={"digital": None},
                          starts_in=timedelta(days=1, hours=3))
        staying = operations.register(soon.id, person(0)).registration.id
        leaving = operations.register(soon.id, person(1))
        series, ids = choice_event(sessions=2)
        first = db.session.get(EventSession, ids[0]).starts_at
        chooser = operations.register(series, Participant(2, ids))
        sent = delivery.deliver_due(limit=50)  # the confirmations
        assert queue_due_reminders(utcnow()) == 2
        assert queue_due_reminders(first - timedelta(days=1)) == 1  # part 1 of the series
        operations.cancel(leaving.token)
        session_choice.drop_session(chooser.token, ids[0])
        sent += delivery.deliver_due(limit=50)
        reminders = {m.registration_id: m for m in db.session.scalars(
            select(OutboxMessage).where(OutboxMessage.kind == "reminder"))}
        assert reminders[staying].status == "sent"
        assert reminders[leaving.registration.id].status == "failed"
        assert "avmeldt" in reminders[leaving.registration.id].last_error
        assert reminders[chooser.registration.id].status == "failed"
        assert "økten ble valgt bort" in reminders[chooser.registration.id].last_error
    arrived = inbox.wait_for(sent)
    assert len(arrived) == sent
    reminded = [str(m["To"]) for m in arrived if m["Subject"].startswith("Påminnelse")]
    assert len(reminded) == 1 and "kari.0@" in reminded[0]
    assert any("kari.1@" in str(m["To"]) and "vmeld" in m["Subject"] for m in arrived)


def test_organiser_message_to_a_chosen_group(database_url, tmp_path, smtp):
    inbox, port = smtp
    app = mail_app(database_url, tmp_path, port)
    client = app.test_client()
    with app.app_context():
        event = make_event(participation="physical", capacities={"physical": 1})
        operations.register(event.id, person(0))
        operations.register(event.id, person(1))
        delivery.deliver_due()
    _sign_in_owner(app, client, event.id)
    url = f"/arrangor/arrangement/{event.id}/melding"
    empty = client.post(url, data={"group": "confirmed", "subject": "", "body": ""})
    assert empty.status_code == 422 and "Skriv inn et emne" in empty.get_data(as_text=True)
    bad_group = client.post(url, data={"group": "alle", "subject": "x", "body": "y"})
    assert bad_group.status_code == 422
    client.post(url, data={"group": "waitlisted", "subject": "Ny sal\nBcc: x@y.no",
                           "body": "Vi har fått større sal.", "action": "send",
                           "expected": "1"})
    with app.app_context():
        delivery.deliver_due()
    sent = [m for m in inbox.wait_for(3) if "Ny sal" in m["Subject"]]
    assert len(sent) == 1 and "kari.1@" in str(sent[0]["To"]) and sent[0]["Bcc"] is None
    assert "større sal" in parts(sent[0])["text/plain"][0].get_content()


def test_worker_command_sends_what_is_due(database_url, tmp_path, smtp):
    inbox, port = smtp
    app = mail_app(database_url, tmp_path, port)
    with app.app_context():
        event = make_event()
        operations.register(event.id, person(0, mode="digital"))
    result = app.test_cli_runner().invoke(args=["worker", "--once"])
    assert "Sendt: 1" in result.output
    assert len(inbox.wait_for(1)) == 1
    quiet = make_app(database_url, tmp_path / "nosmtp")
    assert "MAIL_SERVER er ikke satt" in quiet.test_cli_runner().invoke(
        args=["worker", "--once"]).output
