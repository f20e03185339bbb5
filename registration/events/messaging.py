"""An organiser's message to participants: who gets it, how it reads, a test to oneself.

The flow (views: events.message): write → «Forhåndsvis» shows the mail as the first
recipient gets it and how many get it → «Send til N personer» sends, one transaction with
its audit row. A test goes only to the organiser's own address, marked as a test.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from types import SimpleNamespace
from typing import Any

from flask import current_app, render_template
from sqlalchemy import Select, exists, select

from ..audit import log as audit
from ..audit.actions import AuditAction
from ..core.db import write_transaction
from ..core.extensions import db
from ..mail import outbox
from ..mail.models import MessageKind
from ..models import (
    CheckIn,
    Event,
    EventSession,
    OutboxMessage,
    Registration,
    RegistrationStatus,
    User,
)

STATUSES = {"confirmed": (RegistrationStatus.CONFIRMED,),
            "waitlisted": (RegistrationStatus.WAITLISTED,),
            "all": (RegistrationStatus.CONFIRMED, RegistrationStatus.WAITLISTED)}
MODES = ("all", "physical", "digital")
ATTENDANCE = ("all", "attended", "not_attended")

# A greeting or sign-off the organiser wrote: the mail then adds none of its own, so the
# participant reads one «Hei» and one «Hilsen».
GREETING = re.compile(r"^\s*(hei|hallo|heisann|kjære|god\s+(morgen|dag|kveld)|hi|hello|dear)"
                      r"\b", re.IGNORECASE)
SIGN_OFF = re.compile(r"^\s*(hilsen|(med\s+)?(vennlig|beste)\s+hilsen|mvh|vh|"
                      r"best\s+regards|kind\s+regards|regards)\b", re.IGNORECASE | re.MULTILINE)


@dataclass(frozen=True)
class Target:
    """Who gets the message: status, mode, session and attendance."""

    status: str = "confirmed"
    mode: str = "all"
    session_id: int | None = None
    attendance: str = "all"


def _query(event: Event, target: Target) -> Select[tuple[Registration]]:
    query = select(Registration).where(
        Registration.event_id == event.id,
        Registration.status.in_(STATUSES[target.status]),
        Registration.anonymised_at.is_(None))
    if target.mode in ("physical", "digital"):
        query = query.where(Registration.mode == target.mode)
    if target.attendance in ("attended", "not_attended"):
        came = select(CheckIn.id).join(EventSession, EventSession.id == CheckIn.session_id) \
            .where(CheckIn.registration_id == Registration.id,
                   EventSession.event_id == event.id)
        if target.session_id is not None:
            came = came.where(CheckIn.session_id == target.session_id)
        query = query.where(exists(came) if target.attendance == "attended"
                            else ~exists(came))
    return query.order_by(Registration.name, Registration.id)


def recipients(event: Event, target: Target) -> list[Registration]:
    return list(db.session.scalars(_query(event, target)))


def writes_own_greeting(body: str) -> bool:
    first = next((line for line in body.splitlines() if line.strip()), "")
    return bool(GREETING.match(first))


def writes_own_sign_off(body: str) -> bool:
    return bool(SIGN_OFF.search(body))


def _context(event: Event, subject: str, body: str, name: str,
             personal_url: str) -> dict[str, Any]:
    return {"registration": SimpleNamespace(name=name), "event": event, "subject": subject,
            "body": body, "personal_url": personal_url,
            "own_greeting": writes_own_greeting(body), "own_sign_off": writes_own_sign_off(body),
            "centre": current_app.config["CENTRE_NAME"],
            "centre_email": current_app.config["CENTRE_EMAIL"]}


def preview(event: Event, subject: str, body: str, name: str) -> tuple[str, str]:
    """(text, html) as a recipient called ``name`` gets it; the personal link is shown as
    a placeholder (each recipient gets their own)."""
    context = _context(event, subject, body, name, "https://…/pamelding/…")
    return (render_template("mail/messages/organiser.txt", **context),
            render_template("mail/messages/organiser.html", **context))


def send_test(event: Event, subject: str, body: str, actor: User) -> OutboxMessage:
    """The message to the organiser's own address only, marked as a test, with the
    organiser's name where a participant's would be."""
    text, html = preview(event, subject, body, actor.name or actor.email)
    with write_transaction():
        message = outbox.queue_to_address(MessageKind.ORGANISER, actor.email, actor.name,
                                          extra={"subject": f"[Test] {subject}"})
        message.event_id = event.id
        # Rendered now: there is no registration to render it from when it is sent.
        message.text_body, message.html_body = text, html
    return message


def send(event: Event, subject: str, body: str, target: Target, actor: User) -> int:
    """The message to everyone in the target, as one action."""
    with write_transaction():
        people = recipients(event, target)
        for registration in people:
            outbox.queue(MessageKind.ORGANISER, registration,
                         extra={"subject": subject, "body": body,
                                "own_greeting": writes_own_greeting(body),
                                "own_sign_off": writes_own_sign_off(body)})
        audit.record(AuditAction.EVENT_MESSAGE, event_id=event.id, actor=actor,
                     after={"subject": subject, "group": target.status, "mode": target.mode,
                            "session": target.session_id, "attendance": target.attendance,
                            "recipients": len(people)})
        return len(people)
