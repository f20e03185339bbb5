"""The participant's ticket page and digital join link, and attendance marked by hand."""

from __future__ import annotations

from flask import (
    abort,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user
from markupsafe import Markup

from ..accounts.permissions import managed_event_or_abort, organiser_required
from ..events.forms import ConfirmForm
from ..events.models import Mode
from ..models import (
    RegistrationStatus,
)
from ..registrations.manage import registration_of_event
from ..registrations.rules import has_ticket
from ..registrations.views import registration_or_404
from . import operations as checkin
from . import tickets
from .views import bp


def _ticket_or_404(token: str):  # noqa: ANN202
    registration = registration_or_404(token)
    if not has_ticket(registration):
        abort(404)
    tickets.ensure_ticket_code(registration)
    return registration


@bp.get("/pamelding/<token>/billett")
def ticket(token: str) -> str:
    """A printable ticket: name, event, the QR code and the code in letters."""
    registration = _ticket_or_404(token)
    return render_template("checkin/ticket.html", registration=registration,
                           event=registration.event,
                           qr_svg=Markup(tickets.ticket_svg(registration.ticket_code)))


@bp.get("/delta/<token>/<int:session_id>")
def join(token: str, session_id: int):  # noqa: ANN201
    """A digital participant's personal join link: records attendance, then forwards."""
    from ..checkin import operations as checkin

    registration = registration_or_404(token)
    event = registration.event
    session = next((s for s in event.sessions if s.id == session_id), None)
    if session is None or registration.status != RegistrationStatus.CONFIRMED \
            or registration.mode != Mode.DIGITAL:
        abort(404)
    if not event.join_url:
        return render_template("checkin/join_pending.html", event=event), 200
    checkin.record_digital(registration, session)
    return redirect(event.join_url, 303)


@bp.post("/arrangor/arrangement/<int:event_id>/deltaker/<int:registration_id>/oppmote")
@organiser_required
def mark_attendance(event_id: int, registration_id: int):  # noqa: ANN201
    ev = managed_event_or_abort(event_id)
    registration = registration_of_event(ev, registration_id)
    raw = request.form.get("session_id", "")
    session = next((s for s in ev.sessions if raw.isdigit() and s.id == int(raw)), None)
    if session is None or not ConfirmForm().validate():
        abort(400)
    if registration.status != RegistrationStatus.CONFIRMED:
        flash(_("Bare bekreftede deltakere kan registreres som møtt."), "danger")
    else:
        checkin.set_attendance(registration, session, request.form.get("present") == "1",
                               current_user)
        flash(_("Oppmøtet er lagret."), "success")
    return redirect(url_for("registrations.participant", event_id=ev.id,
                            registration_id=registration.id), 303)
