"""The participant's ticket page and digital join link, and attendance marked by hand."""

from __future__ import annotations

from flask import (
    abort,
    flash,
    make_response,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user
from markupsafe import Markup

from ..accounts.permissions import managed_event_or_abort, organiser_required
from ..core.extensions import csrf
from ..core.ids import parse_id
from ..core.types import utcnow
from ..events.forms import ConfirmForm
from ..models import (
    RegistrationStatus,
)
from ..registrations.manage import registration_of_event
from ..registrations.rules import has_ticket
from ..registrations.views import registration_or_404
from . import joinlinks, tickets
from . import operations as checkin
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


def _join_link_or_404(token: str):  # noqa: ANN202
    found = joinlinks.find(token)
    if found is None:
        abort(404)
    registration, session = found
    if registration.status != RegistrationStatus.CONFIRMED or registration.mode != "digital":
        abort(404)
    return registration, session


def _join_page(registration, session, status: int = 200):  # noqa: ANN001, ANN202
    """The one-button page: nothing personal on it (no name, no e-mail, no links back)."""
    event = registration.event
    if not event.join_url:
        return render_template("checkin/join_pending.html", event=event), status
    now = utcnow()
    opens, closes = joinlinks.window(session)
    state = "early" if now < opens else "over" if now > closes else "open"
    response = make_response(render_template("checkin/join.html", event=event, session=session,
                                             state=state, opens=opens), status)
    response.headers["Referrer-Policy"] = "no-referrer"  # the token stays out of logs
    response.headers["X-Robots-Tag"] = "noindex"
    return response


@bp.get("/bli-med/<token>")
def join(token: str):  # noqa: ANN201
    """A digital participant's join link. A GET records nothing (link scanners and
    previews open links too): it shows one button, and only the click counts."""
    registration, session = _join_link_or_404(token)
    return _join_page(registration, session)


@bp.post("/bli-med/<token>")
@csrf.exempt  # the token in the address is the secret; the form has nothing else to protect
def join_click(token: str):  # noqa: ANN201
    """The click: inside the session's window it records attendance once and forwards to
    the meeting; outside it, the page says when it opens and records nothing."""
    registration, session = _join_link_or_404(token)
    event = registration.event
    if not event.join_url or not joinlinks.is_open(session, utcnow()):
        return _join_page(registration, session)
    checkin.record_digital(registration, session)
    return redirect(event.join_url, 303)


@bp.post("/arrangor/arrangement/<int:event_id>/deltaker/<int:registration_id>/oppmote")
@organiser_required
def mark_attendance(event_id: int, registration_id: int):  # noqa: ANN201
    ev = managed_event_or_abort(event_id)
    registration = registration_of_event(ev, registration_id)
    raw = request.form.get("session_id", "")
    session = next((s for s in ev.sessions if s.id == parse_id(raw)), None)
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
