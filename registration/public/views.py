"""Thin views: parse the request, call catalogue/seats, render."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from flask import (
    Response,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import gettext as _
from markupsafe import Markup

from .. import calendar, catalogue, evaluations, mail, municipalities, seats
from ..extensions import csrf, db
from ..i18n import LANGUAGES
from ..markdown_text import render as render_markdown
from ..models import EvaluationForm, EventKind, Mode, RegistrationStatus, utcnow
from ..validation import MODE_LABELS, ROLE_LABELS
from . import bp
from .forms import CancelForm, RegistrationForm, SwitchModeForm

MONTH_RE_LEN = 7


def _clean_arg(name: str, allowed: set[str] | None = None, max_len: int = 100) -> str | None:
    value = (request.args.get(name) or "").strip()
    if not value or len(value) > max_len:
        return None
    if allowed is not None and value not in allowed:
        return None
    return value


@bp.app_context_processor
def labels() -> dict[str, Any]:
    return {
        "KIND_LABELS": catalogue.KIND_LABELS,
        "MODE_LABELS": MODE_LABELS,
        "ROLE_LABELS": ROLE_LABELS,
        "kommune_name": municipalities.name_of,
        "markdown": render_markdown,
    }


@bp.get("/")
def index() -> str:
    months = catalogue.months_ahead()
    filters = catalogue.CatalogueFilter(
        kind=_clean_arg("kind", {k.value for k in EventKind}),
        topic=_clean_arg("topic", set(catalogue.TOPICS)),
        month=_clean_arg("month", set(months)),
        mode=_clean_arg("mode", {m.value for m in Mode}),
        q=_clean_arg("q", max_len=100),
    )
    events = catalogue.upcoming(filters)
    return render_template(
        "public/index.html",
        events=events,
        filters=filters,
        months=months,
        topics=catalogue.TOPICS,
        summaries={e.id: seats.seat_summary(e) for e in events},
    )


def _event_or_404(event_id: int):  # noqa: ANN202
    event = catalogue.published(event_id)
    if event is None:
        abort(404)
    return event


def _render_event(event, form: RegistrationForm, refusal: str | None = None, status: int = 200):
    now = utcnow()
    closed_reason = None
    try:
        seats.check_registration_open(event, now)
    except seats.RegistrationRefused as refused:
        closed_reason = refused.message
    return render_template(
        "public/event.html",
        event=event,
        form=form,
        summary=seats.seat_summary(event),
        closed_reason=closed_reason,
        refusal=refusal,
    ), status


@bp.get("/arrangement/<int:event_id>")
def event_page(event_id: int):  # noqa: ANN201
    event = _event_or_404(event_id)
    return _render_event(event, RegistrationForm(event))


@bp.post("/arrangement/<int:event_id>")
@csrf.exempt  # the form checks its own token and keeps what was typed if it fails
def register(event_id: int):  # noqa: ANN201
    event = _event_or_404(event_id)
    form = RegistrationForm(event)
    if not form.validate():
        if "csrf_token" in form.errors:
            refusal = _("Skjemaet ble ikke sendt fordi økten var utløpt. Send det en gang til.")
            return _render_event(event, form, refusal, 400)
        return _render_event(event, form, None, 422)
    participant = seats.Participant(
        name=form.name.clean,
        email=form.email.clean,
        mobile=form.mobile.clean,
        kommunenummer=form.kommune.clean,
        workplace=form.workplace.clean,
        role=form.role.clean,
        mode=form.mode.clean if "mode" in form else None,
        diet=form.diet.clean if "diet" in form else None,
        diet_consent=bool(form.diet_consent.data) if "diet_consent" in form else False,
    )
    try:
        outcome = seats.register(event.id, participant)
    except seats.RegistrationRefused as refused:
        event = _event_or_404(event_id)
        if refused.code == "duplicate":
            form.email.errors = [*form.email.errors, refused.message]
            return _render_event(event, form, refused.message, 409)
        return _render_event(event, form, refused.message, 409)
    session["just_registered"] = outcome.token
    return redirect(url_for("public.personal_page", token=outcome.token), 303)


def _registration_or_404(token: str):  # noqa: ANN202
    registration = seats.get_by_token(token)
    if registration is None:
        abort(404)
    return registration


@bp.get("/pamelding/<token>")
def personal_page(token: str):  # noqa: ANN201
    registration = _registration_or_404(token)
    just_registered = session.pop("just_registered", None) == token
    event = registration.event
    switch_form = SwitchModeForm()
    other_modes = [m for m in event.modes if m != registration.mode]
    switch_form.mode.choices = [(m, MODE_LABELS[m]) for m in other_modes]
    deadline_passed = bool(
        event.cancellation_deadline and utcnow() > event.cancellation_deadline
    )
    qr_svg = None
    if registration.status == RegistrationStatus.CONFIRMED and registration.mode == "physical":
        qr_svg = Markup(mail.ticket_svg(seats.ensure_ticket_code(registration)))
    return render_template(
        "public/personal.html",
        qr_svg=qr_svg,
        registration=registration,
        event=event,
        position=seats.waitlist_position(registration),
        just_registered=just_registered,
        summary={s["mode"]: s for s in seats.seat_summary(event)},
        switch_form=switch_form,
        other_modes=other_modes,
        cancel_form=CancelForm(),
        deadline_passed=deadline_passed,
        Status=RegistrationStatus,
    )


@bp.route("/pamelding/<token>/avmeld", methods=["GET", "POST"])
def cancel(token: str):  # noqa: ANN201
    registration = _registration_or_404(token)
    form = CancelForm()
    if request.method == "POST" and form.validate():
        try:
            seats.cancel(token)
        except seats.RegistrationRefused as refused:
            flash(refused.message, "danger")
        else:
            flash(_("Du er meldt av. Takk for at du sa fra!"), "success")
        return redirect(url_for("public.personal_page", token=token), 303)
    return render_template("public/cancel.html", registration=registration,
                           event=registration.event, form=form)


@bp.post("/pamelding/<token>/bytt")
def switch_mode(token: str):  # noqa: ANN201
    _registration_or_404(token)
    form = SwitchModeForm()
    if not form.validate():
        flash(_("Skjemaet ble ikke sendt fordi økten var utløpt. Prøv igjen."), "danger")
        return redirect(url_for("public.personal_page", token=token), 303)
    wanted = (form.mode.data or "").strip()
    try:
        outcome = seats.change_mode(token, wanted)
    except seats.RegistrationRefused as refused:
        flash(refused.message, "danger")
    else:
        if outcome.registration.status == RegistrationStatus.CONFIRMED:
            flash(_("Deltakelsesformen er endret til %(mode)s.",
                    mode=MODE_LABELS[outcome.registration.mode]), "success")
        else:
            flash(_("Du står nå på venteliste for %(mode)s som nummer %(pos)s.",
                    mode=MODE_LABELS[outcome.registration.mode],
                    pos=outcome.waitlist_position), "info")
    return redirect(url_for("public.personal_page", token=token), 303)


def _ics(body: str, filename: str) -> Response:
    response = Response(body, mimetype="text/calendar")
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@bp.get("/pamelding/<token>/kalender.ics")
def invite_download(token: str) -> Response:
    """«Legg til i kalender»: the same invite as in the e-mail."""
    registration = _registration_or_404(token)
    if registration.status != RegistrationStatus.CONFIRMED:
        abort(404)
    return _ics(calendar.invite(registration), "invitasjon.ics")


def _ticket_or_404(token: str):  # noqa: ANN202
    registration = _registration_or_404(token)
    if registration.status != RegistrationStatus.CONFIRMED or registration.mode != "physical":
        abort(404)
    seats.ensure_ticket_code(registration)
    return registration


@bp.get("/pamelding/<token>/billett")
def ticket(token: str) -> str:
    """A printable ticket: name, event, the QR code and the code in letters."""
    registration = _ticket_or_404(token)
    return render_template("public/ticket.html", registration=registration,
                           event=registration.event,
                           qr_svg=Markup(mail.ticket_svg(registration.ticket_code)))


@bp.get("/delta/<token>/<int:session_id>")
def join(token: str, session_id: int):  # noqa: ANN201
    """A digital participant's personal join link: records attendance, then forwards."""
    from .. import checkin

    registration = _registration_or_404(token)
    event = registration.event
    session = next((s for s in event.sessions if s.id == session_id), None)
    if session is None or registration.status != RegistrationStatus.CONFIRMED \
            or registration.mode != "digital":
        abort(404)
    if not event.join_url:
        return render_template("public/join_pending.html", event=event), 200
    checkin.record_digital(registration, session)
    return redirect(event.join_url, 303)


@bp.get("/calendar.ics")
def feed_all() -> Response:
    events = catalogue.upcoming(catalogue.CatalogueFilter())
    return _ics(calendar.feed(events, current_app.config["CENTRE_NAME"]), "kalender.ics")


@bp.get("/calendar/<kind>.ics")
def feed_kind(kind: str) -> Response:
    if kind not in {k.value for k in EventKind}:
        abort(404)
    events = catalogue.upcoming(catalogue.CatalogueFilter(kind=kind))
    name = f"{current_app.config['CENTRE_NAME']}: {catalogue.KIND_LABELS[kind]}"
    return _ics(calendar.feed(events, name), f"{kind}.ics")


@bp.get("/calendar/arrangement/<int:event_id>.ics")
def feed_series(event_id: int) -> Response:
    """One event's sessions, e.g. every webinar of a series, to subscribe to."""
    event = catalogue.published(event_id)
    if event is None:
        abort(404)
    return _ics(calendar.feed([event], event.title), f"arrangement-{event.id}.ics")


@bp.get("/personvern")
def privacy() -> str:
    return render_template("public/privacy.html")


@bp.get("/sprak/<lang>")
def set_language(lang: str):  # noqa: ANN201
    if lang in LANGUAGES:
        session["lang"] = lang
    target = request.args.get("next") or url_for("public.index")
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        target = url_for("public.index")
    return redirect(target, 303)


@bp.route("/evaluering/<token>", methods=["GET", "POST"])
@csrf.exempt  # the secret one-time link in the address is the token no other site can know;
# mail apps' built-in browsers that drop cookies between page and post cannot lose answers
def evaluation(token: str):  # noqa: ANN201
    """The answer page: no sign-in, the one-time link is the key."""
    invitation = evaluations.invitation_by_token(token)
    if invitation is None:
        return render_template("public/evaluation_state.html", state="unknown", event=None), 404
    form = db.session.get(EvaluationForm, invitation.form_id)
    event = form.event
    state = evaluations.state(invitation, form, utcnow())
    if state != evaluations.InvitationState.OPEN:
        code = 200 if request.method == "GET" else (
            409 if state == evaluations.InvitationState.ANSWERED else 410)
        return render_template("public/evaluation_state.html", state=state, event=event), code
    answers, errors, typed = {}, {}, {}
    if request.method == "POST":
        answers, errors, typed = evaluations.read_answers(form, request.form)
        if not errors:
            if not evaluations.submit(invitation.id, answers):
                return render_template("public/evaluation_state.html", state="answered",
                                       event=event), 409
            return redirect(url_for("public.evaluation_thanks"), 303)
    return render_template("public/evaluation.html", form=form, event=event, errors=errors,
                           typed=typed, closes_at=evaluations.closes_at(form),
                           limits=evaluations.TEXT_LIMITS), 422 if errors else 200


@bp.get("/evaluering/takk")
def evaluation_thanks() -> str:
    return render_template("public/evaluation_state.html", state="thanks", event=None)


@bp.after_app_request
def private_pages(response):  # noqa: ANN001,ANN201
    """The personal link is a secret: keep it out of referrers and shared caches."""
    if request.path.startswith(("/pamelding/", "/evaluering/")):
        response.headers["Referrer-Policy"] = "no-referrer"
        response.headers["Cache-Control"] = "no-store"
        response.headers["X-Robots-Tag"] = "noindex"
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("X-Frame-Options", "DENY")
    return response
