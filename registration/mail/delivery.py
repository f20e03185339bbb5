"""The mail worker: claims due outbox rows, sends them with Flask-Mail, records the outcome.

Several workers may run against PostgreSQL: a row is claimed with FOR UPDATE SKIP LOCKED
and marked ``sending`` in the claiming transaction, so no two workers take the same row.
On SQLite the claim runs under BEGIN IMMEDIATE; one worker is enough there. A row left
``sending`` by a worker that died is taken again after ``MAIL_RECLAIM_SECONDS`` (default ten
minutes; delivery is at least once: the one message a dying worker had handed to the SMTP
server but not yet marked sent goes out again).
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from flask import current_app
from flask_mail import Message
from sqlalchemy import and_, or_, select

from ..checkin import tickets
from ..core.db import begin_write
from ..core.extensions import db, mailer
from ..models import (
    OutboxMessage,
    OutboxStatus,
    Registration,
    utcnow,
)
from ..registrations.rules import has_ticket
from . import calendar
from . import outbox as mail
from .models import MessageKind

MAX_ATTEMPTS = 6


def reclaim_after() -> timedelta:
    """How long a claim may stay unfinished before another worker takes the rows again: long
    enough that a live worker always finishes its batch first (20 messages, MAIL_TIMEOUT each
    at worst), short enough that mail claimed by a worker that died is not late for long."""
    return timedelta(seconds=int(current_app.config.get("MAIL_RECLAIM_SECONDS", 600)))


def backoff(attempts: int) -> timedelta:
    """30 s, 1 min, 2 min, 4 min, 8 min …"""
    return timedelta(seconds=30 * 2 ** max(attempts - 1, 0))


HEADER_NAME_MAX = 40


def header_name(name: str) -> str:
    """The display name in To: Flask-Mail folds long non-ASCII names into pieces that
    clients decode with stray spaces, so the header gets at most 40 characters, cut at a
    word; the full name is in the message itself."""
    if len(name) <= HEADER_NAME_MAX:
        return name
    cut = name[:HEADER_NAME_MAX].rsplit(" ", 1)[0]
    return cut or name[:HEADER_NAME_MAX]


def smtp_configured() -> bool:
    return bool(current_app.config.get("MAIL_SERVER"))


def _write() -> None:
    """A write transaction; on SQLite taken IMMEDIATE so two workers queue, not fail."""
    db.session.rollback()  # also on PostgreSQL: each row is claimed in a fresh transaction
    begin_write()


def claim(limit: int, now: datetime) -> list[int]:
    _write()
    query = (
        select(OutboxMessage.id)
        .where(OutboxMessage.purged_at.is_(None), or_(
            and_(OutboxMessage.status == OutboxStatus.PENDING,
                 OutboxMessage.next_attempt_at <= now),
            and_(OutboxMessage.status == OutboxStatus.SENDING,
                 OutboxMessage.claimed_at < now - reclaim_after())))
        .order_by(OutboxMessage.id)
        .limit(limit)
    )
    if db.session.get_bind().dialect.name == "postgresql":
        query = query.with_for_update(skip_locked=True)
    ids = list(db.session.scalars(query))
    for message in db.session.scalars(select(OutboxMessage).where(OutboxMessage.id.in_(ids))):
        message.status = OutboxStatus.SENDING
        message.claimed_at = now
    db.session.commit()
    return ids


def build(message: OutboxMessage) -> Message:
    """The e-mail as sent: text and HTML, the invite, and the QR ticket for physical seats."""
    registration = (db.session.get(Registration, message.registration_id)
                    if message.registration_id else None)
    if registration is not None and not message.text_body:
        mail.render(message, registration)
    elif message.kind in mail.TO_ADDRESS and not message.text_body:
        mail.render_to_address(message)  # to an address, not about one registration
    if registration is not None and message.ics_method:
        message.ics = calendar.invite(registration, cancel=message.ics_method == "CANCEL")
        if message.kind in (MessageKind.CONFIRMATION, MessageKind.PROMOTED) \
                and has_ticket(registration) and registration.ticket_code:
            message.qr_png = tickets.ticket_png(registration.ticket_code)
    email = Message(
        subject=message.subject,
        recipients=[(header_name(message.to_name), message.to_address)
                    if message.to_name else message.to_address],
        body=message.text_body or "",
        html=message.html_body or None,
        sender=(current_app.config["CENTRE_NAME"], current_app.config["MAIL_DEFAULT_SENDER"]),
    )
    if message.ics:
        email.attach("invitasjon.ics",
                     f"text/calendar; method={message.ics_method}; charset=UTF-8",
                     message.ics.encode(), "attachment")
    if message.qr_png:
        email.attach("billett.png", "image/png", message.qr_png, "inline",
                     headers={"Content-ID": "<ticket>"})
    email.extra_headers = {"Auto-Submitted": "auto-generated"}
    return email


def _failed(message_id: int, error: Exception, now: datetime) -> None:
    """Count the attempt; try again later with a growing delay, or give up after MAX."""
    _write()
    message = db.session.get(OutboxMessage, message_id)
    if message is None:
        return
    message.attempts += 1
    message.last_error = f"{type(error).__name__}: {error}"[:1000]
    message.claimed_at = None
    if message.attempts >= MAX_ATTEMPTS:
        message.status = OutboxStatus.FAILED
    else:
        message.status = OutboxStatus.PENDING
        message.next_attempt_at = now + backoff(message.attempts)
    db.session.commit()


def deliver_due(limit: int = 20, now: datetime | None = None) -> int:
    """Send what is due; returns how many were sent."""
    if not smtp_configured():
        return 0  # kept in the outbox and shown to admins
    now = now or utcnow()
    ids = claim(limit, now)
    if not ids:
        return 0
    try:
        session = mailer.connect()
        connection = session.__enter__()
    except Exception as error:  # noqa: BLE001  (SMTP down: every claimed row waits)
        for message_id in ids:
            _failed(message_id, error, now)
        return 0
    sent = 0
    try:
        for message_id in ids:
            _write()
            message = db.session.get(OutboxMessage, message_id)
            if message is None:
                continue
            try:
                connection.send(build(message))
            except Exception as error:  # noqa: BLE001  (this one is retried)
                _failed(message_id, error, now)
                continue
            message.attempts += 1
            message.status = OutboxStatus.SENT
            message.sent_at = utcnow()
            message.last_error = None
            db.session.commit()
            sent += 1
    finally:
        try:
            session.__exit__(None, None, None)  # type: ignore[arg-type]  # stub lacks None
        except Exception:  # noqa: BLE001, S110  (the server may already be gone)
            pass
    return sent


__all__: list[Any] = ["deliver_due"]
