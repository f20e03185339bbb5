"""«Velg økter» on the organiser's sessions page: one session's own seats per mode and its
own deadlines (thin: the seat rules are registrations/session_seats.py)."""

from __future__ import annotations

from flask import flash, redirect, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user

from ..accounts.permissions import managed_event_or_abort, organiser_required
from ..audit import log as audit
from ..audit.actions import AuditAction
from ..core.db import write_transaction
from ..core.types import utcnow
from ..models import Event, EventSession
from ..registrations import session_seats
from .forms import SessionSeatsForm, local_value, oslo
from .manage import _session_of
from .views import bp


def seats_form(session: EventSession) -> SessionSeatsForm:
    physical, digital = session.pool("physical"), session.pool("digital")
    return SessionSeatsForm(formdata=None, prefix=f"p{session.id}", data={
        "physical_capacity": physical.capacity if physical else None,
        "digital_capacity": digital.capacity if digital else None,
        "registration_closes_at": local_value(session.registration_closes_at),
        "cancellation_deadline": local_value(session.cancellation_deadline)})


def save(event: Event, session: EventSession, form: SessionSeatsForm) -> int:
    """The session's deadlines and seats, as one action; raising a capacity promotes from
    the session's line. ValueError when a capacity is below the confirmed."""
    with write_transaction():
        before = {"registration_closes_at": str(session.registration_closes_at),
                  "cancellation_deadline": str(session.cancellation_deadline)}
        session.registration_closes_at = oslo(form.registration_closes_at.data)
        session.cancellation_deadline = oslo(form.cancellation_deadline.data)
        promoted = 0
        for mode, field in (("physical", form.physical_capacity),
                            ("digital", form.digital_capacity)):
            if session.pool(mode) is not None:
                promoted += len(session_seats.set_session_capacity(
                    session.id, mode, field.data, utcnow(), current_user))
        audit.record(AuditAction.SESSION_EDITED, event_id=event.id, actor=current_user,
                     before={"session": session.id, **before},
                     after={"session": session.id,
                            "registration_closes_at": str(session.registration_closes_at),
                            "cancellation_deadline": str(session.cancellation_deadline),
                            "physical": form.physical_capacity.data,
                            "digital": form.digital_capacity.data})
        return promoted


@bp.post("/arrangor/arrangement/<int:event_id>/okter/<int:session_id>/plasser")
@organiser_required
def session_seats_settings(event_id: int, session_id: int) -> ResponseReturnValue:
    ev = managed_event_or_abort(event_id)
    session = _session_of(ev, session_id)
    form = SessionSeatsForm(prefix=f"p{session.id}")
    back = redirect(url_for("events.sessions", event_id=ev.id), 303)
    if not ev.chooses_sessions:
        flash(_("Arrangementet lar ikke deltakerne velge økter."), "danger")
        return back
    if not form.validate_on_submit():
        flash(" ".join(str(e[0]) for e in form.errors.values()), "danger")
        return back
    try:
        promoted = save(ev, session, form)
    except ValueError:
        flash(_("Kapasiteten kan ikke settes lavere enn antallet som allerede har plass i "
                "økten."), "danger")
        return back
    flash(_("Plassene og fristene for økten er lagret.") + (
        " " + _("%(n)s fikk plass fra ventelisten.", n=promoted) if promoted else ""),
        "success")
    return back
