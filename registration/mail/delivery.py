"""The mail worker: claims due outbox rows, sends them over SMTP, records the outcome.

Several workers may run against PostgreSQL: a row is claimed with FOR UPDATE SKIP LOCKED
and marked ``sending`` in the claiming transaction, so no two workers take the same row.
On SQLite the claim runs under BEGIN IMMEDIATE; one worker is enough there. A row left
``sending`` by a worker that died is taken again after ``MAIL_RECLAIM_SECONDS`` (default ten
minutes; delivery is at least once: the one message a dying worker had handed to the SMTP
server but not yet marked sent goes out again, with the Message-ID stored at the first
attempt, so receivers can drop the duplicate).

Sending is paced: every claim is counted against MAIL_MAX_PER_MINUTE in a row of
``mail_send_window`` locked in the same transaction (budget.py), so all workers together
stay under what the mail service accepts (Microsoft 365: 30 a minute per mailbox).
"""

from __future__ import annotations

import smtplib
from datetime import datetime, timedelta
from email.message import EmailMessage

from flask import current_app
from sqlalchemy import and_, or_, select

from ..audit import log as audit
from ..audit.actions import AuditAction
from ..checkin import tickets
from ..core.db import begin_write
from ..core.extensions import db
from ..models import (
    EventStatus,
    MessageKind,
    OutboxMessage,
    OutboxStatus,
    Registration,
    RegistrationSession,
    RegistrationStatus,
    utcnow,
)
from ..registrations.rules import has_ticket
from . import budget, calendar, dkim_signing, mime, preferences
from . import outbox as mail

MAX_ATTEMPTS = 6


def reclaim_after() -> timedelta:
    """How long a claim may stay unfinished before another worker takes the rows again: long
    enough that a live worker always finishes its batch first (20 messages, MAIL_TIMEOUT each
    at worst), short enough that mail claimed by a worker that died is not late for long."""
    return timedelta(seconds=int(current_app.config.get("MAIL_RECLAIM_SECONDS", 600)))


def backoff(attempts: int) -> timedelta:
    """30 s, 1 min, 2 min, 4 min, 8 min …"""
    return timedelta(seconds=30 * 2 ** max(attempts - 1, 0))


def smtp_configured() -> bool:
    return bool(current_app.config.get("MAIL_SERVER"))


def _write() -> None:
    """A write transaction; on SQLite taken IMMEDIATE so two workers queue, not fail."""
    db.session.rollback()  # also on PostgreSQL: each row is claimed in a fresh transaction
    begin_write()


def claim(limit: int, now: datetime) -> list[int]:
    """Claim up to ``limit`` due rows, and no more than this minute's budget has left."""
    _write()
    take = budget.reserve_up_to(limit, now)
    if take <= 0:
        db.session.commit()
        return []
    query = (
        select(OutboxMessage.id)
        .where(OutboxMessage.purged_at.is_(None), or_(
            and_(OutboxMessage.status == OutboxStatus.PENDING,
                 OutboxMessage.next_attempt_at <= now),
            and_(OutboxMessage.status == OutboxStatus.SENDING,
                 OutboxMessage.claimed_at < now - reclaim_after())))
        .order_by(OutboxMessage.id)
        .limit(take)
    )
    if db.session.get_bind().dialect.name == "postgresql":
        query = query.with_for_update(skip_locked=True)
    ids = list(db.session.scalars(query))
    for message in db.session.scalars(select(OutboxMessage).where(OutboxMessage.id.in_(ids))):
        message.status = OutboxStatus.SENDING
        message.claimed_at = now
    budget.spend(len(ids), now)
    db.session.commit()
    return ids


def build(message: OutboxMessage) -> EmailMessage:
    """The e-mail as sent (mime.py): text and HTML, one session's invite, the QR ticket."""
    if not message.message_id:
        message.message_id = mime.new_message_id()
    registration = (db.session.get(Registration, message.registration_id)
                    if message.registration_id else None)
    if registration is not None and not message.text_body:
        mail.render(message, registration)
    elif message.kind in mail.TO_ADDRESS and not message.text_body:
        mail.render_to_address(message)  # to an address, not about one registration
    if registration is not None and message.ics_method:
        session = mail.invite_session(message)
        message.ics = (calendar.session_invite(registration, session,
                                               cancel=message.ics_method == "CANCEL")
                       if session is not None else None)
        if message.kind in mail.TICKET_KINDS \
                and (message.invite_part or 1) == 1 \
                and has_ticket(registration) and registration.ticket_code:
            message.qr_png = tickets.ticket_png(registration.ticket_code)
    return mime.build(
        subject=message.subject, to_name=message.to_name, to_address=message.to_address,
        text=message.text_body or "", html=message.html_body or None,
        message_id=message.message_id, ics=message.ics, ics_method=message.ics_method,
        qr_png=message.qr_png,
        unsubscribe_url=preferences.unsubscribe_url(registration, message.kind)
        if registration is not None else None)


NOT_DUE_CANCELLED = "Ikke sendt: påmeldingen ble avmeldt etter at påminnelsen ble lagt i kø."
NOT_DUE_EVENT_CANCELLED = "Ikke sendt: arrangementet ble avlyst etter at påminnelsen ble lagt i kø."
NOT_DUE_SESSION = ("Ikke sendt: økten ble valgt bort eller fjernet etter at påminnelsen ble "
                   "lagt i kø.")


def no_longer_due(message: OutboxMessage, registration: Registration | None) -> str | None:
    """Why a reminder queued earlier is not to be sent now, or None: the registration was
    cancelled since, the reminded session dropped or removed, or the event cancelled (each of
    those sent its own message). Checked by the worker just before sending."""
    if message.kind != MessageKind.REMINDER or registration is None:
        return None
    if registration.status != RegistrationStatus.CONFIRMED or registration.anonymised_at:
        return NOT_DUE_CANCELLED
    if registration.event.status == EventStatus.CANCELLED:
        return NOT_DUE_EVENT_CANCELLED
    session_id = (message.details or {}).get("reminder_session")
    if session_id is not None and db.session.scalar(select(RegistrationSession.status).where(
            RegistrationSession.registration_id == registration.id,
            RegistrationSession.session_id == session_id)) != RegistrationStatus.CONFIRMED:
        return NOT_DUE_SESSION
    return None


def _withdrawn(message: OutboxMessage) -> bool:
    """A reminder no longer due (no_longer_due) is not sent: kept as failed with the
    reason, for the admins' outbox view, and committed."""
    registration = (db.session.get(Registration, message.registration_id)
                    if message.registration_id else None)
    reason = no_longer_due(message, registration)
    if reason is None:
        return False
    message.status = OutboxStatus.FAILED
    message.last_error = reason
    db.session.commit()
    return True


def smtp_code(error: Exception) -> int | None:
    """The server's reply code, if the error carries one."""
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        codes = [code for code, _ in error.recipients.values()]
        return codes[0] if codes else None
    if isinstance(error, smtplib.SMTPResponseException):
        return int(error.smtp_code)
    return None


def _failed(message_id: int, error: Exception, now: datetime) -> None:
    """A permanent refusal (5xx) fails at once, and one at RCPT marks the address as
    bouncing; anything else is tried again later with a growing delay, up to MAX."""
    _write()
    message = db.session.get(OutboxMessage, message_id)
    if message is None:
        return
    code = smtp_code(error)
    message.attempts += 1
    message.last_error = f"{type(error).__name__}: {error}"[:1000]
    message.claimed_at = None
    if code is not None and 500 <= code < 600:
        message.status = OutboxStatus.FAILED
        if isinstance(error, smtplib.SMTPRecipientsRefused) and message.registration_id:
            preferences.mark_bounced(message.registration_id, message.to_address, code, now)
            registration = db.session.get(Registration, message.registration_id)
            if registration is not None:
                audit.record(AuditAction.MAIL_BOUNCED, event_id=registration.event_id,
                             registration=registration, after={"code": code})
    elif message.attempts >= MAX_ATTEMPTS:
        message.status = OutboxStatus.FAILED
    else:
        message.status = OutboxStatus.PENDING
        message.next_attempt_at = now + backoff(message.attempts)
    db.session.commit()


def _put_back(message_ids: list[int], now: datetime, delay: timedelta) -> None:
    """Claimed but not tried (the server said 421, closing): pending again, later; no
    attempt is counted for them."""
    _write()
    for message in db.session.scalars(select(OutboxMessage).where(
            OutboxMessage.id.in_(message_ids), OutboxMessage.status == OutboxStatus.SENDING)):
        message.status = OutboxStatus.PENDING
        message.claimed_at = None
        message.next_attempt_at = now + delay
    db.session.commit()


def connect() -> smtplib.SMTP:
    config = current_app.config
    timeout = float(config.get("MAIL_TIMEOUT") or 20)
    host: smtplib.SMTP
    if config.get("MAIL_USE_SSL"):
        host = smtplib.SMTP_SSL(config["MAIL_SERVER"], config["MAIL_PORT"], timeout=timeout)
    else:
        host = smtplib.SMTP(config["MAIL_SERVER"], config["MAIL_PORT"], timeout=timeout)
        if config.get("MAIL_USE_TLS"):
            host.starttls()
    if config.get("MAIL_USERNAME") and config.get("MAIL_PASSWORD"):
        host.login(config["MAIL_USERNAME"], config["MAIL_PASSWORD"])
    return host


def _send(host: smtplib.SMTP, email: EmailMessage, to_address: str) -> None:
    data = dkim_signing.sign(email.as_bytes())
    host.sendmail(mime.sender_address(), [to_address], data)


def deliver_due(limit: int = 20, now: datetime | None = None) -> int:
    """Send what is due; returns how many were sent."""
    if not smtp_configured():
        return 0  # kept in the outbox and shown to admins
    now = now or utcnow()
    ids = claim(limit, now)
    if not ids:
        return 0
    try:
        host = connect()
    except Exception as error:  # noqa: BLE001  (SMTP down: every claimed row waits)
        for message_id in ids:
            _failed(message_id, error, now)
        return 0
    sent = 0
    try:
        for index, message_id in enumerate(ids):
            _write()
            message = db.session.get(OutboxMessage, message_id)
            if message is None:
                continue
            if _withdrawn(message):
                continue
            try:
                email = build(message)
                db.session.flush()  # the Message-ID and bodies, kept even if SMTP fails
                to_address = message.to_address
                db.session.commit()
                _send(host, email, to_address)
            except Exception as error:  # noqa: BLE001  (this one is retried or failed)
                _failed(message_id, error, now)
                if smtp_code(error) == 421 or isinstance(error,
                                                         smtplib.SMTPServerDisconnected):
                    # «Service not available, closing»: no more on this connection now.
                    _put_back(ids[index + 1:], now, backoff(1))
                    break
                continue
            _write()
            message = db.session.get(OutboxMessage, message_id)
            if message is not None:
                message.attempts += 1
                message.status = OutboxStatus.SENT
                message.sent_at = utcnow()
                message.last_error = None
            db.session.commit()
            sent += 1
    finally:
        try:
            host.quit()
        except Exception:  # noqa: BLE001, S110  (the server may already be gone)
            pass
    return sent
