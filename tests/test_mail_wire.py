"""Every kind of message as a strict receiving server sees it: lines, MIME, headers,
List-Unsubscribe, DKIM. A real aiosmtpd server that refuses lines over 998 octets."""

from __future__ import annotations

import email
import email.policy
import re
from collections.abc import Iterator
from datetime import timedelta

import dkim
import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP
from sqlalchemy import select

from registration.core.extensions import db
from registration.events import operations as events
from registration.mail import outbox
from registration.mail.delivery import deliver_due
from registration.mail.models import OPT_OUT_GROUPS, MessageKind
from registration.models import Event, EventSession, OutboxMessage, Registration
from registration.registrations import operations
from tests.conftest import make_event, person
from tests.live import free_port
from tests.test_mail import Inbox, mail_app, parts

BULK = {str(kind) for kind in OPT_OUT_GROUPS}
assert {"reminder", "organiser", "evaluation", "evaluation_reminder"} <= BULK


class StrictController(Controller):
    """An SMTP server as strict as RFC 5321 allows: a line of more than 998 octets (1000
    with CRLF) is refused with «500 Line too long», and no 8BITMIME is offered."""

    def factory(self) -> SMTP:
        server = SMTP(self.handler, hostname="127.0.0.1", enable_SMTPUTF8=False)
        server.line_length_limit = 1000
        return server


class RawInbox(Inbox):
    """Keeps the raw bytes beside the parsed message."""

    def __init__(self) -> None:
        super().__init__()
        self.raw: list[bytes] = []

    async def handle_DATA(self, server, session, envelope) -> str:
        self.raw.append(envelope.original_content or envelope.content)
        return await super().handle_DATA(server, session, envelope)


@pytest.fixture
def strict_smtp() -> Iterator[tuple[RawInbox, int]]:
    inbox = RawInbox()
    port = free_port()
    controller = StrictController(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    yield inbox, port
    controller.stop()


def test_the_strict_server_refuses_a_long_line(strict_smtp):
    """The control: the server really refuses what the old HTML session list sent."""
    import smtplib

    _inbox, port = strict_smtp
    with smtplib.SMTP("127.0.0.1", port) as host:
        with pytest.raises(smtplib.SMTPDataError) as refused:
            host.sendmail("a@usht.no", ["b@kommune.no"],
                          b"Subject: x\r\n\r\n" + b"<li>" * 300 + b"\r\n")
    assert refused.value.smtp_code == 500


def _every_kind(app) -> dict:
    """An eight-session hybrid event with long session details, and every kind queued."""
    with app.app_context():
        event = make_event(title="Åtte dager med Ernæringskonferansen – Sámi: Ŋuorra Máhtte",
                           sessions=8, capacities={"physical": 1, "digital": 2})
        db.session.get(Event, event.id).join_url = "https://teams.example/møte/" + "x" * 120
        for s in db.session.scalars(select(EventSession).where(
                EventSession.event_id == event.id)):
            s.title = f"{s.title}: " + "Ernæring og legemidler i sykehjem " * 3
            s.place = "Kulturhuset, store sal, Grønnegata 87, 9008 Tromsø " * 2
        db.session.commit()
        physical = operations.register(event.id, person(0, mode="physical"))  # confirmation
        digital = operations.register(event.id, person(1, mode="digital"))
        digital_id = digital.registration.id
        waiting = operations.register(event.id, person(2, mode="physical"))  # waitlisted
        operations.cancel(physical.token)  # cancelled + promoted (waiting gets the seat)
        ev = db.session.get(Event, event.id)
        reg = db.session.get(Registration, digital_id)
        with db.session.begin_nested():
            outbox.queue(MessageKind.REMINDER, reg)
            outbox.queue(MessageKind.ORGANISER, reg, extra={
                "subject": "Praktisk informasjon", "body": "Første avsnitt.\nNy linje.\n\n"
                + "Andre avsnitt, langt: " + "ord " * 400})
            for kind in (MessageKind.EVALUATION, MessageKind.EVALUATION_REMINDER):
                outbox.queue(kind, reg, extra={"evaluation_url": "https://pamelding.example.no/"
                                               "evaluering/abc", "closes_at": None,
                                               "anonymous": True})
            outbox.queue_to_address(MessageKind.LOOKUP, reg.email, reg.name,
                                    extra={"registration_ids": [reg.id]})
            outbox.queue(MessageKind.MODE_CHANGED, reg)
            outbox.queue_to_address(MessageKind.GROUP, reg.email, reg.name, extra={
                "subject": ev.title, "event_title": ev.title, "group_name": "ABC-gruppe Senja",
                "group_url": "https://pamelding.example.no/gruppe/" + "g" * 43})
            outbox.queue_to_address(MessageKind.GROUP_REPLACED, reg.email, reg.name, extra={
                "subject": ev.title, "event_title": ev.title, "contact_name": "Lise Leder"})
            # The kinds of the course tracks and the networks, with what their callers give.
            outbox.queue(MessageKind.COURSE_COMPLETED, reg, extra={
                "certificate_code": "ABCD1234EFGH5678",
                "certificate_url": "https://pamelding.example.no/kursbevis/ABCD1234EFGH5678",
                "certificate_pdf_url": "https://pamelding.example.no/kursbevis/"
                                       "ABCD1234EFGH5678.pdf",
                "course_label": "KlinObs – Trinn 1 Grunnleggende ferdigheter"})
            outbox.queue_to_address(MessageKind.INSTRUCTORS, reg.email, reg.name, extra={
                "subject": "Samling for instruktører", "body": "Hei!\n\n" + "ord " * 400})
            outbox.queue_to_address(MessageKind.INVITATION, reg.email, reg.name, extra={
                "title": ev.title, "event_title": ev.title, "when": "2027-03-01T09:00:00+01:00",
                "invitation_url": "https://pamelding.example.no/invitasjon/" + "t" * 43})
            outbox.queue_to_address(MessageKind.NETWORK_MESSAGE, reg.email, reg.name, extra={
                "subject": "Neste samling", "body": "Velkommen.\n\n" + "ord " * 400,
                "network": "Mellomledernettverket"})
        db.session.commit()
        events.notify_change(ev)  # changed, eight sessions
        db.session.commit()
        # Sent before the event is cancelled below: a reminder still waiting then would be
        # withheld (delivery.no_longer_due, tests/test_mail.py); the rows are checked all the same.
        while deliver_due(limit=50):
            pass
        from registration.accounts import operations as auth
        owner = auth.create_user("eier@usht.no", "arrangor", "riktig-passord-123")
        from registration.events.models import EventStatus
        events.set_status(db.session.get(Event, event.id), EventStatus.CANCELLED, owner)
        kinds = {m.kind for m in db.session.scalars(select(OutboxMessage))}
        return {"kinds": kinds, "digital": digital_id, "waiting": waiting.token}


def test_every_kind_for_eight_sessions_arrives_at_a_strict_server(database_url, tmp_path,
                                                                    strict_smtp):
    inbox, port = strict_smtp
    app = mail_app(database_url, tmp_path, port, MAIL_DEFAULT_SENDER="noreply@usht.example.no")
    found = _every_kind(app)
    missing = set(MessageKind) - found["kinds"]
    assert not missing, f"queue these new kinds in _every_kind too: {missing}"
    with app.app_context():
        while deliver_due(limit=50):
            pass
        rows = db.session.scalars(select(OutboxMessage)).all()
        errors = [(m.kind, m.last_error) for m in rows if m.status != "sent"]
        assert errors == [], errors
        total = len(rows)
        kind_by_id = {m.message_id: str(m.kind) for m in rows}
    messages = inbox.wait_for(total)
    assert len(messages) == total and len(inbox.raw) == total
    for raw in inbox.raw:
        assert max(len(line) for line in raw.split(b"\r\n")) <= 998
        assert all(b < 128 for b in raw), "8-bit content would need 8BITMIME"
    seen_kinds: set[str] = set()
    for message in messages:
        reparsed = email.message_from_bytes(message.as_bytes(), policy=email.policy.default)
        assert all(not part.defects for part in reparsed.walk()), message["Subject"]
        assert message["Message-ID"].strip("<>").endswith("@usht.example.no")
        # the centre, since the sender (a no-reply relay address) is not it
        assert message["Reply-To"] == "USHT Troms <usht@example.no>"
        assert message["From"] == "USHT Troms <noreply@usht.example.no>"
        assert "=?" not in str(message.get("From").defects or "") and \
            "=?" not in re.search(rb"^From: (.*)$", message.as_bytes(), re.M).group(1).decode()
        for part in message.walk():
            if part.get_content_maintype() != "multipart":
                assert part["Content-Transfer-Encoding"] in ("quoted-printable", "base64")
        kind = kind_by_id[message["Message-ID"]]
        seen_kinds.add(kind)
        assert (message["List-Unsubscribe"] is not None) == (kind in BULK), kind
        if kind in BULK:
            assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
        for calendar in parts(message).get("text/calendar", []):
            body = calendar.get_content()
            assert body.count("BEGIN:VEVENT") == 1  # one UID per iTIP message
            assert "RDATE" not in body and "RRULE:FREQ=YEARLY" in body  # the VTIMEZONE
            assert calendar.get_param("method") in ("REQUEST", "CANCEL")
    assert seen_kinds == {k.value for k in MessageKind}
    reminder = next(m for m in messages if kind_by_id[m["Message-ID"]] == "reminder")
    assert "text/calendar" not in parts(reminder)  # no new meeting request in Outlook
    organiser = next(m for m in messages if kind_by_id[m["Message-ID"]] == "organiser")
    html = parts(organiser)["text/html"][0].get_content()
    assert "pre-line" not in html and html.count('<p style="margin:0 0 16px">') == 2
    assert "Første avsnitt.<br>" in html
    assert 'width="560"' in html and "max-width:560px" in html


def test_message_id_is_kept_across_retries(database_url, tmp_path):
    port = free_port()  # nothing listens yet: the first attempt fails
    app = mail_app(database_url, tmp_path, port)
    with app.app_context():
        event = make_event()
        operations.register(event.id, person(0, mode="digital"))
        # the connection fails before any message is built: no Message-ID yet, then one
        # built and refused at DATA keeps it (simulated by building once here)
        from registration.mail import delivery
        message = db.session.scalar(select(OutboxMessage))
        delivery.build(message)
        db.session.commit()
        first_id = message.message_id
        assert deliver_due() == 0
        assert db.session.get(OutboxMessage, message.id).attempts == 1
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        with app.app_context():
            from registration.core.types import utcnow
            assert deliver_due(now=utcnow() + timedelta(minutes=5)) == 1
    finally:
        controller.stop()
    [arrived] = inbox.wait_for(1)
    assert arrived["Message-ID"] == first_id and first_id.endswith("@example.no>")


def test_display_names_are_encoded_only_when_needed(database_url, tmp_path, strict_smtp):
    inbox, port = strict_smtp
    app = mail_app(database_url, tmp_path, port, CENTRE_NAME="USHT Troms")
    with app.app_context():
        event = make_event()
        operations.register(event.id, person(0, mode="digital"))
        ascii_id = operations.register(event.id, person(1, mode="digital")).registration.id
        reg = db.session.get(Registration, ascii_id)
        reg.name = "Kari Berg"
        db.session.commit()
        other = db.session.get(Registration, operations.register(
            event.id, person(2, mode="digital")).registration.id)
        db.session.get(Registration, other.id).name = "Åse Øvergård"
        db.session.commit()
        db.session.execute(OutboxMessage.__table__.update().where(
            OutboxMessage.registration_id == reg.id).values(to_name="Kari Berg"))
        db.session.execute(OutboxMessage.__table__.update().where(
            OutboxMessage.registration_id == other.id).values(to_name="Åse Øvergård"))
        db.session.commit()
        deliver_due()
    inbox.wait_for(3)
    heads = {m["To"].addresses[0].display_name: raw.split(b"\r\n\r\n")[0]
             for m, raw in zip(inbox.messages, inbox.raw, strict=True)}
    assert b"To: Kari Berg <kari.1@tromso.kommune.no>" in heads["Kari Berg"]
    assert b"From: USHT Troms <usht@example.no>" in heads["Kari Berg"]
    assert b"=?utf-8?" in heads["Åse Øvergård"].split(b"To:")[1].split(b"\r\n")[0]
    # sender is the centre itself: no Reply-To needed
    assert all(m["Reply-To"] is None for m in inbox.messages)


def test_one_click_opt_out_stops_that_kind_and_never_cancels(database_url, tmp_path, smtp):
    from registration.events.reminders import queue_due_reminders

    inbox, port = smtp
    app = mail_app(database_url, tmp_path, port, WTF_CSRF_ENABLED=True,
                   UNSUBSCRIBE_LIMIT="3 per minute")
    with app.app_context():
        event = make_event(participation="digital", starts_in=timedelta(days=1, hours=3))
        outcome = operations.register(event.id, person(0))
        reg_id = outcome.registration.id
        reg = db.session.get(Registration, reg_id)
        outbox.queue(MessageKind.ORGANISER, reg, extra={"subject": "Velkommen", "body": "Hei"})
        db.session.commit()
        deliver_due()
    organiser = next(m for m in inbox.wait_for(2) if m["Subject"] == "Velkommen")
    confirmation = next(m for m in inbox.messages if m["Subject"].startswith("Påmeldt"))
    assert confirmation["List-Unsubscribe"] is None  # transactional mail: no opt-out
    url = organiser["List-Unsubscribe"].strip("<>")
    assert url.startswith("https://pamelding.example.no/epost/avslutt/")
    assert url in parts(organiser)["text/plain"][0].get_content()
    path = url.removeprefix("https://pamelding.example.no")
    client = app.test_client()
    page = client.get(path)  # a link scanner opening it changes nothing
    assert page.status_code == 200 and "Slutt å sende meg" in page.get_data(as_text=True)
    # RFC 8058: the mail client posts, without cookies or a CSRF token
    answer = client.post(path, data={"List-Unsubscribe": "One-Click"})
    assert answer.status_code == 200
    assert client.post(path + "x", data={"List-Unsubscribe": "One-Click"}).status_code == 404
    with app.app_context():
        reg = db.session.get(Registration, reg_id)
        assert reg.status == "confirmed"  # never a cancellation
        assert outbox.queue(MessageKind.ORGANISER, reg,
                            extra={"subject": "Igjen", "body": "x"}) is None
        db.session.rollback()
        # reminders are another group: they still come, with their own link
        assert queue_due_reminders(__import__("registration.core.types").core.types.utcnow()) == 1
        deliver_due()
        from registration.audit.models import AuditEntry
        assert db.session.scalar(select(AuditEntry.action).where(
            AuditEntry.action == "mail.opted_out")) == "mail.opted_out"
    reminder = next(m for m in inbox.wait_for(3) if m["Subject"].startswith("Påminnelse"))
    assert reminder["List-Unsubscribe"] and reminder["List-Unsubscribe"] != organiser[
        "List-Unsubscribe"]
    limited = [client.post(path, data={"List-Unsubscribe": "One-Click"}).status_code
               for _ in range(4)]
    assert limited[-1] == 429  # rate-limited per client address


@pytest.fixture
def smtp() -> Iterator[tuple[Inbox, int]]:
    inbox = Inbox()
    port = free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    yield inbox, port
    controller.stop()


def test_dkim_signs_and_the_cli_prints_the_record(database_url, tmp_path, strict_smtp):
    import subprocess

    key = tmp_path / "dkim.pem"
    subprocess.run(["openssl", "genrsa", "-out", str(key), "2048"], check=True,
                   capture_output=True)
    inbox, port = strict_smtp
    app = mail_app(database_url, tmp_path, port, DKIM_PRIVATE_KEY=str(key),
                   DKIM_SELECTOR="pamelding2026")
    output = app.test_cli_runner().invoke(args=["dkim-record"]).output
    assert output.startswith("pamelding2026._domainkey.example.no. IN TXT")
    record = "".join(re.findall(r'"([^"]+)"', output))
    assert record.startswith("v=DKIM1; k=rsa; p=")
    with app.app_context():
        event = make_event()
        operations.register(event.id, person(0, mode="physical"))
        deliver_due()
    [raw] = [r for r in inbox.raw if r] or [b""]
    assert raw.startswith(b"DKIM-Signature:")
    assert dkim.verify(raw, dnsfunc=lambda name, timeout=5: record.encode())
    unsigned = make_unsigned = mail_app(database_url, tmp_path / "x", port)
    assert "DKIM_PRIVATE_KEY" in unsigned.test_cli_runner().invoke(
        args=["dkim-record"]).output
    del make_unsigned


class ThrottlingInbox(Inbox):
    """Answers the first RCPT with «421 … closing», as Microsoft 365 does when throttling."""

    def __init__(self) -> None:
        super().__init__()
        self.throttled = 0

    async def handle_RCPT(self, server, session, envelope, address, options) -> str:
        if self.throttled == 0:
            self.throttled += 1
            return "421 4.7.0 Too many messages, closing connection"
        return await super().handle_RCPT(server, session, envelope, address, options)


def test_a_421_backs_off_and_puts_the_rest_back_without_an_attempt(database_url, tmp_path):
    from registration.core.types import utcnow

    inbox = ThrottlingInbox()
    port = free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        app = mail_app(database_url, tmp_path, port)
        with app.app_context():
            event = make_event()
            for i in range(3):
                operations.register(event.id, person(i, mode="digital"))
            now = utcnow()
            assert deliver_due(now=now) == 0
            rows = db.session.scalars(select(OutboxMessage).order_by(OutboxMessage.id)).all()
            assert [(m.status, m.attempts) for m in rows] == [("pending", 1), ("pending", 0),
                                                              ("pending", 0)]
            assert "421" in rows[0].last_error
            assert all(m.next_attempt_at > now for m in rows)  # all wait: the server said so
            assert deliver_due(now=now + timedelta(seconds=5)) == 0
            assert deliver_due(now=now + timedelta(minutes=2)) == 3
        assert len(inbox.wait_for(3)) == 3
    finally:
        controller.stop()


def test_paragraphs_are_made_on_the_server_and_escaped():
    from registration.mail.layout import paragraphs

    html = str(paragraphs("Hei <b>alle</b>,\r\nhusk matpakke.\r\n\r\n\r\nVi ses & takk!\n"))
    assert html == ('<p style="margin:0 0 16px">Hei &lt;b&gt;alle&lt;/b&gt;,<br>\n'
                    'husk matpakke.</p>\n<p style="margin:0 0 16px">Vi ses &amp; takk!</p>')
    assert str(paragraphs("")) == ""
