from __future__ import annotations

import base64
import re

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from sqlalchemy import select

from ..accounts.permissions import admin_required
from ..core.extensions import db
from ..core.ids import parse_id
from ..models import (
    Event,
    OutboxMessage,
    OutboxStatus,
    Registration,
    utcnow,
)

bp = Blueprint("mail", __name__, cli_group=None)


@bp.get("/arrangor/utboks/")
@admin_required
def index() -> str:
    query = select(OutboxMessage).order_by(OutboxMessage.id.desc())
    status = request.args.get("status")
    if status in {s.value for s in OutboxStatus}:
        query = query.where(OutboxMessage.status == status)
    event_arg = request.args.get("event", "")
    if parse_id(event_arg) is not None:
        query = query.where(OutboxMessage.event_id == parse_id(event_arg))
    messages = db.session.scalars(query.limit(200)).all()
    events = db.session.scalars(select(Event).order_by(Event.title)).all()
    from .delivery import smtp_configured
    return render_template("mail/index.html", messages=messages, events=events,
                           status=status, event_arg=event_arg, smtp=smtp_configured())


def _message(message_id: int) -> OutboxMessage:
    message = db.session.get(OutboxMessage, message_id)
    if message is None:
        abort(404)
    return message


@bp.get("/arrangor/utboks/<int:message_id>")
@admin_required
def show(message_id: int) -> str:
    message = _message(message_id)
    shown, preview = _as_sent(message)
    return render_template("mail/show.html", message=message, shown=shown, preview=preview)


def _as_sent(message: OutboxMessage) -> tuple[OutboxMessage, bool]:
    """The message as sent, or (not yet rendered) as it would be sent now."""
    if message.text_body or message.purged_at is not None:
        return message, False
    from .outbox import preview
    return preview(message), True


@bp.get("/arrangor/utboks/<int:message_id>/innhold.html")
@admin_required
def html_body(message_id: int) -> Response:
    # Shown in a sandboxed iframe: the HTML part exactly as it was sent.
    shown, _preview = _as_sent(_message(message_id))
    html = shown.html_body or ""
    # The inline ticket (cid:<its Content-ID> in the mail), shown as the mail shows it; a
    # ticket no longer kept is left empty rather than asked for (the CSP allows data: only).
    inline = ("data:image/png;base64," + base64.b64encode(shown.qr_png).decode()
              if shown.qr_png else "data:,")
    html = re.sub(r"cid:[^\"'\s>]+", lambda _match: inline, html)
    response = Response(html, mimetype="text/html")
    # Inline styles are how e-mail is styled; nothing else loads (but the ticket, inline),
    # and only our own page (the message view) may frame it.
    response.headers["Content-Security-Policy"] = (
        "default-src 'none'; style-src 'unsafe-inline'; img-src data:; "
        "frame-ancestors 'self'")
    response.headers["X-Frame-Options"] = "SAMEORIGIN"
    return response


@bp.post("/arrangor/utboks/<int:message_id>/send-igjen")
@admin_required
def resend(message_id: int) -> ResponseReturnValue:
    message = _message(message_id)
    if message.purged_at is not None:  # its content is deleted: nothing left to send
        flash(_("Innholdet i meldingen er slettet, så den kan ikke sendes på nytt."), "danger")
    elif message.status in (OutboxStatus.FAILED, OutboxStatus.SENT):
        registration = (db.session.get(Registration, message.registration_id)
                        if message.registration_id else None)
        if registration is not None and registration.anonymised_at is None:
            # The address may have been corrected since it bounced: send to the current one.
            message.to_address = registration.email
        message.status = OutboxStatus.PENDING
        message.attempts = 0
        message.next_attempt_at = utcnow()
        message.last_error = None
        db.session.commit()
        flash(_("Meldingen sendes på nytt."), "success")
    return redirect(url_for("mail.show", message_id=message.id), 303)


@bp.cli.command("dkim-record")
def dkim_record() -> None:
    """Print the DNS TXT record for DKIM_PRIVATE_KEY and DKIM_SELECTOR."""
    import click

    from . import dkim_signing

    try:
        name, value = dkim_signing.dns_record()
    except (ValueError, OSError) as error:
        raise click.ClickException(str(error)) from None
    click.echo(f"{name}. IN TXT")
    # TXT strings are at most 255 characters each; a 2048-bit key needs two.
    chunks = [value[i:i + 250] for i in range(0, len(value), 250)]
    click.echo("  ( " + "\n    ".join(f'"{c}"' for c in chunks) + " )")


from . import unsubscribe  # noqa: E402, F401  (its routes are on this blueprint)
