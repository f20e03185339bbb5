"""The public series page with «meld meg på alle», and the organiser's series pages."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from ..accounts.models import UserRole
from ..accounts.permissions import can_manage, managed_events_query, organiser_required
from ..core import honeypot, ratelimit
from ..core.extensions import db
from ..core.types import utcnow
from ..events.models import Event
from ..registrations import rules, seats, validation
from . import operations
from .models import EventSeries

bp = Blueprint("series", __name__)

PERSON_FIELDS = {"name": validation.name, "email": validation.email,
                 "mobile": validation.mobile, "kommune": validation.kommune,
                 "workplace": validation.workplace, "role": validation.role}


def _series_or_404(series_id: int) -> EventSeries:
    series = db.session.get(EventSeries, series_id)
    if series is None:
        abort(404)
    return series


def _render_public(series: EventSeries, form: Any, errors: dict[str, str],
                   refusal: str | None = None, status: int = 200) -> tuple[str, int]:
    events = operations.events_of(series, published_only=True)
    open_ids = {e.id for e in operations.open_events(series, utcnow())}
    return render_template("series/public.html", series=series, events=events,
                           open_ids=open_ids, summaries={e.id: seats.seat_summary(e)
                                                         for e in events},
                           hybrid=any(len(e.modes) > 1 for e in events if e.id in open_ids),
                           form=form, errors=errors, refusal=refusal), status


@bp.get("/serie/<int:series_id>")
def public(series_id: int) -> ResponseReturnValue:
    series = _series_or_404(series_id)
    if not operations.events_of(series, published_only=True):
        abort(404)  # a series is public once one of its events is
    return _render_public(series, {}, {})


@bp.post("/serie/<int:series_id>")
def register_all(series_id: int) -> ResponseReturnValue:
    series = _series_or_404(series_id)
    if not operations.events_of(series, published_only=True):
        abort(404)
    form = request.form
    wait = ratelimit.over_limit({
        "REGISTRATION_LIMIT": ratelimit.client_address(),
        "REGISTRATION_EMAIL_LIMIT": rules.normalize_email(form.get("email", "")),
    })
    if wait:
        ratelimit.log_refusal("series registration form")
        page, status = _render_public(series, form, {}, ratelimit.message(wait), 429)
        return page, status, {"Retry-After": str(wait)}
    if honeypot.filled(form):
        honeypot.log("series registration form")
        return _render_public(series, form, {}, _("Vi kunne ikke ta imot påmeldingen."), 422)
    errors: dict[str, str] = {}
    clean: dict[str, Any] = {}
    for key, check in PERSON_FIELDS.items():
        try:
            clean[key] = check(form.get(key))
        except validation.FieldError as error:
            errors[key] = str(error)
    mode = form.get("mode") or None
    if mode not in (None, "physical", "digital"):
        errors["mode"] = _("Velg fysisk eller digitalt.")
    if not form.get("privacy"):
        errors["privacy"] = _("Du må godta personvernerklæringen for å melde deg på.")
    if errors:
        return _render_public(series, form, errors, None, 422)
    participant = rules.Participant(
        name=clean["name"], email=clean["email"], mobile=clean["mobile"],
        kommunenummer=clean["kommune"], workplace=clean["workplace"], role=clean["role"],
        mode=mode)
    try:
        results = operations.register_all(series.id, participant)
    except rules.RegistrationRefused as refused:
        return _render_public(series, form, {}, refused.message, 409)
    return render_template("series/done.html", series=series, results=results,
                           positions={r.event.id: r.outcome.waitlist_position
                                      for r in results if r.outcome}), 200


# The organiser's side ------------------------------------------------------------------

def _editable_or_403(series: EventSeries) -> None:
    if current_user.role != UserRole.ADMIN and series.owner_id != current_user.id:
        abort(403)


@bp.route("/arrangor/serier", methods=["GET", "POST"])
@organiser_required
def index() -> ResponseReturnValue:
    errors: dict[str, str] = {}
    if request.method == "POST":
        title = validation.clean_text(request.form.get("title"))
        if not title or len(title) > 200:
            errors["title"] = _("Skriv inn et navn på serien (høyst 200 tegn).")
        else:
            series = operations.save(None, title, validation.clean_text(
                request.form.get("description"))[:5000], current_user)
            flash(_("Serien er opprettet."), "success")
            return redirect(url_for("series.manage", series_id=series.id), 303)
    all_series = list(db.session.scalars(select(EventSeries).order_by(EventSeries.title)))
    return render_template("series/index.html", all_series=all_series, errors=errors,
                           form=request.form), 422 if errors else 200


@bp.route("/arrangor/serier/<int:series_id>", methods=["GET", "POST"])
@organiser_required
def manage(series_id: int) -> ResponseReturnValue:
    series = _series_or_404(series_id)
    errors: dict[str, str] = {}
    if request.method == "POST":
        _editable_or_403(series)
        event_id = request.form.get("event_id", "")
        event = db.session.get(Event, int(event_id)) if event_id.isdigit() else None
        if event is None or not can_manage(current_user, event):
            errors["event_id"] = _("Velg et av arrangementene dine.")
        else:
            operations.set_series(event, series if request.form.get("action") != "remove"
                                  else None, current_user)
            flash(_("Serien er oppdatert."), "success")
            return redirect(url_for("series.manage", series_id=series.id), 303)
    mine = [e for e in db.session.scalars(managed_events_query(current_user)).unique()
            if e.series_id != series.id]
    return render_template("series/manage.html", series=series,
                           events=operations.events_of(series, published_only=False),
                           mine=mine, errors=errors,
                           editable=current_user.role == UserRole.ADMIN
                           or series.owner_id == current_user.id), 422 if errors else 200
