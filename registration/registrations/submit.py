"""Sending the public registration form: the rate limits, the honeypot, the form's rules, the
event's own questions, then operations.register. Shared by the event page's form and the
embedded one (events/embed.py), so a registration made inside a frame on the centre's website
meets exactly the same checks as one made here."""

from __future__ import annotations

from dataclasses import dataclass, field

from flask import request
from flask_babel import gettext as _

from ..core import honeypot, ratelimit
from ..events.models import Event
from ..questions import answers as own_answers
from ..questions.builder import questions_of as own_questions
from . import express, operations, rules
from .forms import RegistrationForm


@dataclass
class Refusal:
    """Why the form comes back: a message over the form (or None: the field errors say it),
    the HTTP status, and what the page needs to show it."""

    message: str | None
    status: int
    duplicate: bool = False
    answer_errors: dict[str, str] = field(default_factory=dict)
    retry_after: int | None = None
    # A refusal from operations.register rolled its transaction back: reload the event.
    reload_event: bool = False


def submit(event: Event | express.PlainEvent, form: RegistrationForm, what: str, *,
           lane: express.Lane | None = None) -> rules.Outcome | Refusal:
    """One attempt at registering with what was posted; ``what`` names the form in logs. On
    a plain event ``lane`` is its express lane (express.py): no own questions there."""
    wait = ratelimit.over_limit({
        "REGISTRATION_LIMIT": ratelimit.client_address(),
        "REGISTRATION_EMAIL_LIMIT": rules.normalize_email(str(request.form.get("email", ""))),
    })
    if wait:
        ratelimit.log_refusal(what)
        return Refusal(ratelimit.message(wait), 429, retry_after=wait)
    if honeypot.filled(request.form):
        honeypot.log(what)
        return Refusal(_("Vi kunne ikke ta imot påmeldingen. Se over skjemaet og send det en "
                         "gang til."), 422)
    questions = [] if isinstance(event, express.PlainEvent) else own_questions(event.id)
    given, answer_errors = own_answers.parse(
        questions, own_answers.from_form(questions, request.form),
        health_consent=bool(request.form.get("q-health_consent")))
    if not form.validate() or answer_errors:
        if "csrf_token" in form.errors:
            return Refusal(_("Skjemaet ble ikke sendt fordi økten var utløpt. Send det en gang "
                             "til."), 400)
        return Refusal(None, 422, answer_errors=answer_errors)
    participant = rules.Participant(
        name=form.name.clean,
        email=form.email.clean,
        mobile=form.mobile.clean,
        kommunenummer=form.kommune.clean,
        workplace=form.workplace.clean,
        role=form.role.clean,
        mode=form.mode.clean if "mode" in form else None,
        diet=form.diet.clean if "diet" in form else None,
        diet_consent=bool(form.diet_consent.data) if "diet_consent" in form else False,
        answers=given,
        session_ids=form.sessions.clean if "sessions" in form else (),
    )
    try:
        if lane is not None:
            return lane.register(participant)
        return operations.register(event.id, participant)
    except rules.RegistrationRefused as refused:
        if refused.code in {"session_closed", "no_sessions", "unknown_session"} \
                and "sessions" in form:  # said at the choice of sessions
            form.sessions.errors = [*form.sessions.errors, refused.message]
            return Refusal(None, 422, reload_event=True)
        if refused.code in {"duplicate", "prerequisite_missing"}:
            # said at the e-mail: it is the key
            form.email.errors = [*form.email.errors, refused.message]
        status = 422 if refused.code == "prerequisite_missing" else 409
        return Refusal(refused.message, status, duplicate=refused.code == "duplicate",
                       reload_event=True)
