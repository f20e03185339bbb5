"""E-mail to participants, through the outbox.

``queue_*`` add a message to the session; it is committed with the change that caused it
(or rolled back with it). Nothing here talks to SMTP: the worker (delivery.py) does.
"""

from __future__ import annotations

import io
import re
from typing import Any

import qrcode
from flask import current_app, render_template

from . import calendar
from .extensions import db
from .links import external_url
from .models import OutboxMessage, Registration, RegistrationStatus

SUBJECTS = {
    "confirmation": "Påmeldt: {title}",
    "waitlisted": "Venteliste: {title}",
    "promoted": "Du har fått plass: {title}",
    "cancelled": "Avmeldt: {title}",
}


def _one_line(text: str, limit: int = 250) -> str:
    """Header values: no line breaks or control characters, ever (header injection)."""
    return re.sub(r"[\x00-\x1f\x7f]+", " ", text).strip()[:limit]


def ticket_png(code: str) -> bytes:
    image = qrcode.make(code, box_size=8, border=2)
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


def queue(kind: str, registration: Registration, *, position: int | None = None,
          extra: dict[str, Any] | None = None) -> OutboxMessage:
    event = registration.event
    context = {
        "registration": registration, "event": event, "position": position,
        "personal_url": external_url("public.personal_page", token=registration.token),
        "centre": current_app.config["CENTRE_NAME"],
        "centre_email": current_app.config["CENTRE_EMAIL"],
        "with_ticket": kind in ("confirmation", "promoted")
        and registration.mode == "physical" and bool(registration.ticket_code),
        **(extra or {}),
    }
    message = OutboxMessage(
        event_id=event.id, registration_id=registration.id, kind=kind,
        to_address=registration.email, to_name=_one_line(registration.name, 120),
        subject=_one_line(SUBJECTS[kind].format(title=event.title)),
        text_body=render_template(f"email/{kind}.txt", **context),
        html_body=render_template(f"email/{kind}.html", **context),
    )
    if kind in ("confirmation", "promoted") and registration.status == \
            RegistrationStatus.CONFIRMED:
        message.ics, message.ics_method = calendar.invite(registration), "REQUEST"
        if context["with_ticket"]:
            message.qr_png = ticket_png(registration.ticket_code)
    elif kind == "cancelled":
        message.ics, message.ics_method = calendar.invite(registration, cancel=True), "CANCEL"
    db.session.add(message)
    return message
