"""Public pages of the networks: the personal invitation link and «meld meg på alle
samlingene». The organiser's pages are in manage.py."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, redirect, render_template, request, session, url_for
from flask_babel import gettext as _

from ..core import honeypot, ratelimit
from ..core.extensions import csrf
from ..events.catalogue import published
from ..registrations import rules, seats
from ..registrations.forms import RegistrationForm
from . import invitations
from .access import get_network
from .models import Audience, Invitation
from .operations import register_for_all, upcoming_gatherings

bp = Blueprint("networks", __name__)


def participant_from(form: RegistrationForm) -> rules.Participant:
    return rules.Participant(
        name=form.name.clean, email=form.email.clean, mobile=form.mobile.clean,
        kommunenummer=form.kommune.clean, workplace=form.workplace.clean,
        role=form.role.clean, mode=form.mode.clean if "mode" in form else None,
        diet=form.diet.clean if "diet" in form else None,
        diet_consent=bool(form.diet_consent.data) if "diet_consent" in form else False)


def _prefill(invitation: Invitation) -> dict[str, Any]:
    member = invitation.member
    data: dict[str, Any] = {"name": invitation.name, "email": invitation.email}
    if member is not None:
        data.update(name=member.name, mobile=member.mobile, kommune=member.kommunenummer,
                    workplace=member.workplace, role=member.role)
    return data


def _limited(email: object) -> int | None:
    return ratelimit.over_limit({
        "REGISTRATION_LIMIT": ratelimit.client_address(),
        "REGISTRATION_EMAIL_LIMIT": rules.normalize_email(str(email or "")),
    })


def _refusal_of(form: RegistrationForm) -> tuple[str | None, int]:
    """Rate limit, honeypot, then the fields: the refusal to show and its status."""
    wait = _limited(request.form.get("email"))
    if wait:
        ratelimit.log_refusal("network form")
        return ratelimit.message(wait), 429
    if honeypot.filled(request.form):
        honeypot.log("network form")
        return _("Vi kunne ikke ta imot påmeldingen. Se over skjemaet og send det en gang "
                 "til."), 422
    if not form.validate():
        if "csrf_token" in form.errors:
            return _("Skjemaet ble ikke sendt fordi økten var utløpt. Send det en gang til."), 400
        return None, 422
    return None, 200


@bp.route("/invitasjon/<token>", methods=["GET", "POST"])
@csrf.exempt  # the form checks its own token and keeps what was typed if it fails
def invitation(token: str):  # noqa: ANN201
    """The short form behind a personal invitation link, filled in with what is known."""
    found = invitations.get(token)
    if found is None:
        abort(404)
    event = published(found.event_id)
    if event is None:
        abort(404)
    headers = {"Referrer-Policy": "no-referrer", "Cache-Control": "no-store",
               "X-Robots-Tag": "noindex"}
    if request.method == "GET":
        form = RegistrationForm(event, data=_prefill(found))
        return render_template("networks/invitation.html", event=event, form=form,
                               invitation=found, summary=seats.seat_summary(event),
                               refusal=None), 200, headers
    form = RegistrationForm(event)
    refusal, status = _refusal_of(form)
    if status == 200:
        try:
            outcome = invitations.accept(token, participant_from(form))
        except rules.RegistrationRefused as refused:
            refusal, status = refused.message, 409
            if refused.code == "invitation_other_email":
                form.email.errors = [*form.email.errors, refused.message]
        else:
            session["just_registered"] = outcome.token
            return redirect(url_for("registrations.personal_page", token=outcome.token), 303)
    found = invitations.get(token)
    return render_template("networks/invitation.html", event=event, form=form,
                           invitation=found, summary=seats.seat_summary(event),
                           refusal=refusal), status, headers


@bp.route("/nettverk/<int:network_id>/pamelding", methods=["GET", "POST"])
@csrf.exempt  # the form checks its own token and keeps what was typed if it fails
def register_all(network_id: int):  # noqa: ANN201
    """«Meld meg på alle samlingene»: every upcoming gathering of the network at once."""
    network = get_network(network_id)
    if network is None:
        abort(404)
    events = [e for e in upcoming_gatherings(network) if e.audience != Audience.INVITED]
    if not events:
        abort(404)
    # The form of the event with the most modes: a hybrid network asks physical/digital.
    form_event = max(events, key=lambda e: len(e.modes))
    form = RegistrationForm(form_event) if request.method == "POST" else RegistrationForm(
        form_event, formdata=None)
    outcome = None
    refusal, status = None, 200
    if request.method == "POST":
        refusal, status = _refusal_of(form)
        if status == 200:
            try:
                outcome = register_for_all(network, participant_from(form))
            except rules.RegistrationRefused as refused:
                refusal, status = refused.message, 409
            else:
                if not outcome.done:  # every gathering refused: say why, keep the form
                    refusal, status = outcome.refused[0][1].message, 409
                    if outcome.refused[0][1].code in {"members_only"}:
                        status = 403
    return render_template("networks/register_all.html", network=network, events=events,
                           form=form, outcome=outcome if outcome and outcome.done else None,
                           refusal=refusal), status


from . import manage  # noqa: E402,F401  (the organiser's pages)
