"""E-mail to participants, through the outbox.

``queue_*`` add a message to the session; it is committed with the change that caused it
(or rolled back with it). Nothing here talks to SMTP: the worker (delivery.py) does.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

from flask import current_app, render_template
from sqlalchemy import func, select

from ..checkin import joinlinks
from ..core.extensions import db
from ..core.links import external_url
from ..core.types import utcnow
from ..models import Event, EventSession, EventStatus, OutboxMessage, Registration
from ..registrations.models import RegistrationStatus
from ..registrations.rules import has_ticket
from .models import MessageKind

SUBJECTS = {
    "confirmation": "Påmeldt: {title}",
    "waitlisted": "Venteliste: {title}",
    "promoted": "Du har fått plass: {title}",
    "cancelled": "Avmeldt: {title}",
    "changed": "Endret: {title}",
    "event_cancelled": "Avlyst: {title}",
    "reminder": "Påminnelse: {title}",
    "organiser": "{subject}",
    "evaluation": "Hva syntes du? Evaluering av {title}",
    "evaluation_reminder": "Påminnelse: evaluering av {title}",
    "lookup": "Lenkene til påmeldingene dine",
    "group": "Gruppepåmelding: {subject}",
    "group_replaced": "Plassen din er gitt til en annen: {subject}",
}
# Kinds sent to an address, not about one registration (queue_to_address).
TO_ADDRESS = frozenset({MessageKind.LOOKUP, MessageKind.GROUP,
                        MessageKind.GROUP_REPLACED})
INVITE_METHOD = {"confirmation": "REQUEST", "promoted": "REQUEST", "changed": "REQUEST",
                 "reminder": "REQUEST", "cancelled": "CANCEL", "event_cancelled": "CANCEL"}


def _one_line(text: str, limit: int = 250) -> str:
    """Header values: no line breaks or control characters, ever (header injection)."""
    return re.sub(r"[\x00-\x1f\x7f]+", " ", text).strip()[:limit]


# Registration churn: what a register/cancel loop sends. Capped per recipient address and
# hour (MAIL_CHURN_LIMIT), so the app cannot be used to flood a mailbox. Other kinds (a seat
# from the waiting list, the organiser's messages, reminders, evaluations) are never capped.
CHURN_KINDS = (MessageKind.CONFIRMATION, MessageKind.WAITLISTED, MessageKind.CANCELLED)


def _over_churn_cap(address: str) -> bool:
    """Whether this address already got MAIL_CHURN_LIMIT churn messages in the last hour.
    A count in the caller's transaction: two registrations for the same address committing
    in the same instant can each see the other as not yet there, so the cap may be
    overshot by a message or two under concurrency. That is accepted: the cap is against
    floods, not a ledger."""
    cap = int(current_app.config.get("MAIL_CHURN_LIMIT") or 0)
    if cap <= 0:
        return False
    sent = db.session.scalar(select(func.count(OutboxMessage.id)).where(
        func.lower(OutboxMessage.to_address) == address.strip().lower(),
        OutboxMessage.created_at >= utcnow() - timedelta(hours=1),
        OutboxMessage.kind.in_(CHURN_KINDS)))
    return (sent or 0) >= cap


def queue(kind: MessageKind, registration: Registration, *, position: int | None = None,
          extra: dict[str, Any] | None = None) -> OutboxMessage | None:
    """Add the message to the session: committed with the change that caused it.

    Confirmations, waiting-list and cancellation messages beyond MAIL_CHURN_LIMIT to one
    address in an hour are dropped with a log line (None is returned): the participant's
    personal page always shows the current state, so nothing is lost but the e-mail."""
    if kind in CHURN_KINDS and _over_churn_cap(registration.email):
        current_app.logger.warning(
            "Mail cap: %s e-mail for registration %s dropped (more than %s to this address "
            "in the last hour)", kind, registration.id, current_app.config["MAIL_CHURN_LIMIT"])
        return None
    message = OutboxMessage(
        event_id=registration.event_id, registration_id=registration.id, kind=kind,
        to_address=registration.email, to_name=_one_line(registration.name, 120),
        subject=_one_line(SUBJECTS[kind].format(title=registration.event.title,
                                                subject=(extra or {}).get("subject", ""))),
        details={"position": position, **(extra or {})},
        ics_method=INVITE_METHOD.get(kind) if registration.status == RegistrationStatus.CONFIRMED
        or kind == MessageKind.CANCELLED else None,
        created_at=utcnow(),
    )
    db.session.add(message)
    return message


def _join_urls(registration: Registration) -> Callable[[EventSession], str]:
    """session → its join link (the join token, never the personal one)."""
    tokens = joinlinks.tokens_for(registration)

    def url(session: EventSession) -> str:
        token = tokens.get(session.id)
        return external_url("checkin.join", token=token) if token else ""
    return url


def render(message: OutboxMessage, registration: Registration) -> None:
    """Fill in the text and HTML bodies (the worker does this when it sends)."""
    details = message.details or {}
    context = {
        "registration": registration, "event": registration.event,
        "position": details.get("position"),
        "personal_url": external_url("registrations.personal_page", token=registration.token),
        "centre": current_app.config["CENTRE_NAME"],
        "centre_email": current_app.config["CENTRE_EMAIL"],
        "join_url": _join_urls(registration),
        "with_ticket": message.kind in (MessageKind.CONFIRMATION, MessageKind.PROMOTED)
        and has_ticket(registration) and bool(registration.ticket_code),
        **details,
    }
    if details.get("closes_at"):  # stored as text in the outbox row
        context["closes_at"] = datetime.fromisoformat(details["closes_at"])
    message.text_body = render_template(f"mail/messages/{message.kind}.txt", **context)
    message.html_body = render_template(f"mail/messages/{message.kind}.html", **context)


def queue_to_address(kind: MessageKind, email: str, name: str = "", *,
                     extra: dict[str, Any] | None = None) -> OutboxMessage:
    """A message to an address rather than about one registration (e.g. «Finn påmeldingen
    min»); ``extra`` goes to the templates. Committed with the caller's transaction."""
    message = OutboxMessage(
        event_id=None, registration_id=None, kind=kind,
        to_address=_one_line(email, 254), to_name=_one_line(name, 120),
        subject=_one_line(SUBJECTS[kind].format(title="", subject=(extra or {}).get(
            "subject", ""))),
        details=dict(extra or {}),
    )
    db.session.add(message)
    return message


def _still_upcoming(registration: Registration, now: datetime) -> bool:
    event = registration.event
    return (registration.status != RegistrationStatus.CANCELLED
            and registration.anonymised_at is None and bool(registration.token)
            and event.status == EventStatus.PUBLISHED
            and (event.ends_at is None or event.ends_at > now))


def render_to_address(message: OutboxMessage) -> None:
    """Fill in the bodies of a message to an address. For a lookup: the personal links of
    the registrations named in the row, as they are when it is sent (one cancelled since
    is left out), soonest first."""
    details = message.details or {}
    ids = [i for i in details.get("registration_ids", []) if isinstance(i, int)]
    now = utcnow()
    found = db.session.scalars(
        select(Registration).join(Event).where(Registration.id.in_(ids))).all() if ids else []
    upcoming = sorted((r for r in found if _still_upcoming(r, now)),
                      key=lambda r: (r.event.starts_at or now, r.id))
    items = [{
        "title": r.event.title,
        "starts_at": r.event.starts_at,
        "ends_at": r.event.ends_at,
        "status": r.status,
        "mode": r.mode,
        "url": external_url("registrations.personal_page", token=r.token),
    } for r in upcoming]
    context = {
        "name": message.to_name,
        "items": items,
        "lookup_url": external_url("registrations.lookup"),
        "centre": current_app.config["CENTRE_NAME"],
        "centre_email": current_app.config["CENTRE_EMAIL"],
        "title": message.subject,
        "details": details,  # what the queueing action put there (groups: the page's link)
    }
    message.text_body = render_template(f"mail/messages/{message.kind}.txt", **context)
    message.html_body = render_template(f"mail/messages/{message.kind}.html", **context)
