"""The organiser's side of registrations: participants, adding, editing, the waiting list,
exports."""

from __future__ import annotations

from typing import Any

from babel.lists import format_list
from flask import Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import get_locale, ngettext
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from ..accounts.permissions import managed_event_or_abort, organiser_required
from ..checkin import operations as checkin
from ..core.extensions import db
from ..events.forms import (
    CancelRegistrationForm,
    ConfirmForm,
)
from ..models import (
    AuditEntry,
    Registration,
    RegistrationStatus,
)
from ..registrations import exports
from ..registrations.forms import RegistrationForm
from . import details, operations, overrides, rules, seats
from .views import bp


def _participant(form: RegistrationForm) -> rules.Participant:
    return rules.Participant(
        name=form.name.clean, email=form.email.clean, mobile=form.mobile.clean,
        kommunenummer=form.kommune.clean, workplace=form.workplace.clean, role=form.role.clean,
        mode=form.mode.clean if "mode" in form else None,
        diet=form.diet.clean if "diet" in form else None,
        diet_consent=bool(form.diet_consent.data) if "diet_consent" in form else False)


@bp.route("/arrangor/arrangement/<int:event_id>/ny-deltaker", methods=["GET", "POST"])
@organiser_required
def add_participant(event_id: int):  # noqa: ANN201
    ev = managed_event_or_abort(event_id)
    form = RegistrationForm(ev)
    if form.validate_on_submit():
        try:
            outcome = operations.register(
                ev.id, _participant(form), actor=current_user,
                waive_prerequisite=request.form.get("waive_prerequisite") == "y")
        except rules.RegistrationRefused as refused:
            form.email.errors = [*form.email.errors, refused.message]
        else:
            flash(_("%(name)s er lagt til (%(status)s).", name=outcome.registration.name,
                    status=_("bekreftet") if outcome.status == RegistrationStatus.CONFIRMED
                    else _("venteliste nr. %(n)s", n=outcome.waitlist_position)), "success")
            return redirect(url_for("events.event", event_id=ev.id), 303)
    return render_template("registrations/participant_form.html", event=ev, form=form,
                           registration=None), (422 if request.method == "POST" else 200)


def registration_of_event(ev: Any, registration_id: int) -> Registration:
    registration = db.session.get(Registration, registration_id)
    if registration is None or registration.event_id != ev.id:
        abort(404)
    return registration


@bp.route("/arrangor/arrangement/<int:event_id>/deltaker/<int:registration_id>",
          methods=["GET", "POST"])
@organiser_required
def participant(event_id: int, registration_id: int):  # noqa: ANN201
    ev = managed_event_or_abort(event_id)
    registration = registration_of_event(ev, registration_id)
    form = RegistrationForm(ev, data=None if request.method == "POST" else {
        "name": registration.name, "email": registration.email,
        "mobile": registration.mobile, "kommune": registration.kommunenummer,
        "workplace": registration.workplace, "role": registration.role,
        "mode": registration.mode, "privacy": True})
    if request.method == "POST" and form.validate():
        try:
            # Details and mode in one transaction: a refused switch saves nothing.
            details.edit_participant(registration.id, _participant(form), current_user)
        except rules.RegistrationRefused as refused:
            field = form.email if refused.code == "duplicate" or "mode" not in form \
                else form.mode
            field.errors = [*field.errors, refused.message]
            registration = registration_of_event(ev, registration_id)
        else:
            flash(_("Endringene er lagret."), "success")
            return redirect(url_for("registrations.participant", event_id=ev.id,
                                    registration_id=registration.id), 303)
    history = db.session.scalars(select(AuditEntry).where(
        AuditEntry.registration_id == registration.id).order_by(AuditEntry.id.desc())).all()
    return render_template("registrations/participant_form.html", event=ev, form=form,
                           registration=registration, history=history,
                           attended=checkin.attendance(ev.id).get(registration.id, set()),
                           position=seats.waitlist_position(registration),
                           cancel_form=CancelRegistrationForm(), move_form=ConfirmForm()), (
        422 if request.method == "POST" else 200)


@bp.post("/arrangor/arrangement/<int:event_id>/deltaker/<int:registration_id>/avmeld")
@organiser_required
def cancel_participant(event_id: int, registration_id: int):  # noqa: ANN201
    ev = managed_event_or_abort(event_id)
    registration = registration_of_event(ev, registration_id)
    form = CancelRegistrationForm()
    if form.validate():
        try:
            outcome = operations.cancel(registration.token, enforce_deadline=False,
                                   actor=current_user, notify=bool(form.notify.data))
        except rules.RegistrationRefused as refused:
            flash(refused.message, "danger")
        else:
            if form.notify.data:
                flash(_("Avmeldt. Deltakeren får beskjed på e-post."), "success")
            else:
                flash(_("Avmeldt uten beskjed til deltakeren."), "success")
            if outcome.promoted:
                # Where people choose sessions, one cancellation can free a seat in each of
                # several sessions, for different people (or one person more than once).
                names = list({r.id: r.name for r in outcome.promoted}.values())
                flash(ngettext("%(names)s fikk plassen fra ventelisten.",
                               "%(names)s fikk plass fra ventelisten.", len(names),
                               names=format_list(names, locale=get_locale())), "info")
    return redirect(url_for("events.event", event_id=ev.id), 303)


@bp.route("/arrangor/arrangement/<int:event_id>/deltaker/<int:registration_id>/bekreft",
          methods=["GET", "POST"])
@organiser_required
def confirm_over_capacity(event_id: int, registration_id: int):  # noqa: ANN201
    ev = managed_event_or_abort(event_id)
    registration = registration_of_event(ev, registration_id)
    if registration.status != RegistrationStatus.WAITLISTED:
        flash(_("Påmeldingen står ikke på venteliste."), "danger")
        return redirect(url_for("events.event", event_id=ev.id), 303)
    pool = ev.pool(registration.mode)
    assert pool is not None  # a waitlisted registration's mode has a pool
    form = ConfirmForm()
    if request.method == "POST" and form.validate():
        confirmed, capacity = overrides.confirm_over_capacity(registration.id, current_user)
        flash(_("%(name)s er bekreftet. Nå %(c)s av %(cap)s plasser.", name=registration.name,
                c=confirmed, cap=capacity), "success")
        return redirect(url_for("events.event", event_id=ev.id), 303)
    over = pool.capacity is not None and pool.confirmed_count >= pool.capacity
    return render_template("registrations/confirm_over.html", event=ev, registration=registration,
                           pool=pool, over=over, form=form,
                           new_total=pool.confirmed_count + 1)


@bp.post("/arrangor/arrangement/<int:event_id>/deltaker/<int:registration_id>/flytt")
@organiser_required
def move_in_queue(event_id: int, registration_id: int):  # noqa: ANN201
    ev = managed_event_or_abort(event_id)
    registration = registration_of_event(ev, registration_id)
    direction = request.form.get("direction")
    if ConfirmForm().validate() and direction in ("up", "down"):
        try:
            overrides.move_in_queue(registration.id, -1 if direction == "up" else 1, current_user)
        except rules.RegistrationRefused as refused:
            flash(refused.message, "danger")
        else:
            # Say where the person is now: the list reloads, and the row may have moved.
            position = seats.waitlist_positions(ev.id).get(registration.id)
            flash(_("%(name)s er nå nr. %(n)s på ventelisten.", name=registration.name,
                    n=position), "success")
    return redirect(url_for("events.event", event_id=ev.id, status="waitlisted",
                            mode=registration.mode, flyttet=registration.id), 303)


@bp.post("/arrangor/arrangement/<int:event_id>/deltaker/<int:registration_id>/kvote")
@organiser_required
def lift_quota(event_id: int, registration_id: int):  # noqa: ANN201
    """Let this one person past the kommune quota (fair shares are the rule, not a wall)."""
    ev = managed_event_or_abort(event_id)
    registration = registration_of_event(ev, registration_id)
    if not ConfirmForm().validate():
        abort(400)
    try:
        seated = overrides.lift_quota(registration.id, current_user)
    except rules.RegistrationRefused as refused:
        flash(refused.message, "danger")
    else:
        flash(_("%(name)s har fått plass utenom kommunekvoten.", name=registration.name)
              if seated else _("Kommunekvoten gjelder ikke lenger for %(name)s, som får "
                                "plass når en plass blir ledig.", name=registration.name),
              "success")
    return redirect(url_for("events.event", event_id=ev.id), 303)


@bp.get("/arrangor/arrangement/<int:event_id>/eksport")
@organiser_required
def export_choice(event_id: int) -> str:
    ev = managed_event_or_abort(event_id)
    return render_template("registrations/export.html", event=ev)


@bp.get("/arrangor/arrangement/<int:event_id>/eksport.<fmt>")
@organiser_required
def export(event_id: int, fmt: str) -> Response:
    ev = managed_event_or_abort(event_id)
    if fmt not in exports.FORMATS:
        abort(404)
    try:
        f, session = exports.filter_from_args(ev, request.args)
    except ValueError:
        abort(400)
    return exports.download(ev, f, session, fmt, current_user,
                            show_checked_in=request.args.get("checked_in") == "1")


@bp.get("/arrangor/arrangement/<int:event_id>/navneskilt.pdf")
@organiser_required
def name_badges(event_id: int) -> Response:
    """Name badges for the confirmed participants in the room (?mode= for others)."""
    ev = managed_event_or_abort(event_id)
    try:
        f, _session = exports.filter_from_args(ev, request.args)
    except ValueError:
        abort(400)
    return exports.badges_download(ev, f, current_user)


@bp.get("/arrangor/arrangement/<int:event_id>/kjokkenliste.<fmt>")
@organiser_required
def kitchen_list(event_id: int, fmt: str) -> Response:
    ev = managed_event_or_abort(event_id)
    if not ev.serves_food or fmt not in ("xlsx", "csv"):
        abort(404)
    return exports.kitchen_download(ev, fmt, current_user)
