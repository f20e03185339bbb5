"""Thin views: parse the request, call catalogue/seats, render."""

from __future__ import annotations

from flask import (
    Blueprint,
    Response,
    abort,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import gettext as _
from markupsafe import Markup

from ..checkin import joinlinks, tickets
from ..core import ratelimit
from ..core.extensions import csrf, limiter
from ..events import catalogue
from ..mail import addtocalendar, calendar
from ..models import (
    Event,
    RegistrationStatus,
    utcnow,
)
from . import details as own_details
from . import (
    express,
    operations,
    page_cache,
    rules,
    seats,
    session_choice,
    session_seats,
    submit,
)
from . import lookup as finder
from .forms import CancelForm, LookupForm, OwnDetailsForm, RegistrationForm, SwitchModeForm
from .validation import MODE_LABELS

bp = Blueprint("registrations", __name__)

MONTH_RE_LEN = 7


@bp.app_context_processor
def registration_helpers() -> dict[str, object]:
    return {"quota_reason": rules.quota_reason}


def _event_or_404(event_id: int):  # noqa: ANN202
    event = catalogue.published(event_id)
    if event is None:
        abort(404)
    return event


def _render_event(event, form: RegistrationForm, refusal: str | None = None, status: int = 200,
                  duplicate: bool = False, answer_errors: dict[str, str] | None = None):
    now = utcnow()
    closed_reason = None
    try:
        if event.chooses_sessions:  # open while one session is
            session_choice.check_open(event, session_choice.open_sessions(event, now), now)
            if not session_choice.open_sessions(event, now):
                raise rules.RegistrationRefused("past")
        else:
            rules.check_registration_open(event, now)
    except rules.RegistrationRefused as refused:
        closed_reason = refused.message
    return render_template(
        "registrations/event.html",
        event=event,
        form=form,
        summary=seats.seat_summary(event),
        session_rows=session_seats.session_rows(event, now),
        closed_reason=closed_reason,
        refusal=refusal,
        duplicate=duplicate,
        answer_errors=answer_errors or {},
    ), status


@bp.get("/arrangement/<int:event_id>")
def event_page(event_id: int):  # noqa: ANN201
    page = page_cache.kept(("event", event_id))  # a new visitor's, kept a moment
    if page is not None:
        return page
    event = _event_or_404(event_id)
    html, status = _render_event(event, RegistrationForm(event))
    if status == 200:
        page_cache.keep(("event", event_id), html)
    return html, status


@bp.post("/arrangement/<int:event_id>")
@csrf.exempt  # the form checks its own token and keeps what was typed if it fails
def register(event_id: int):  # noqa: ANN201
    result: rules.Outcome | submit.Refusal | None = None
    if express.enabled():  # a plain event (most are): express.py
        with express.lane(event_id) as lane:
            if lane is not None:
                form = RegistrationForm(lane.event)
                result = submit.submit(lane.event, form, "registration form", lane=lane)
    if result is None:  # the whole way
        event = _event_or_404(event_id)
        form = RegistrationForm(event)
        result = submit.submit(event, form, "registration form")
    if isinstance(result, submit.Refusal):
        event = _event_or_404(event_id)  # the page shows the whole event, as it is now
        page, status = _render_event(event, form, result.message, result.status,
                                     duplicate=result.duplicate,
                                     answer_errors=result.answer_errors)
        if result.retry_after:
            return page, status, {"Retry-After": str(result.retry_after)}
        return page, status
    session["just_registered"] = result.token
    return redirect(url_for("registrations.personal_page", token=result.token), 303)


def registration_or_404(token: str):  # noqa: ANN202
    registration = operations.get_by_token(token)
    if registration is None:
        abort(404)
    return registration


def _change_limited(registration, what: str):  # noqa: ANN001,ANN202
    """Cancel and switch on the personal page: per client address and per the
    registration's e-mail. A 429 page with the wait, or None when within the limits."""
    wait = ratelimit.over_limit({"CHANGE_LIMIT": ratelimit.client_address(),
                                 "CHANGE_EMAIL_LIMIT": registration.email_normalized})
    if not wait:
        return None
    ratelimit.log_refusal(what)
    return render_template(
        "core/too_many.html", message=ratelimit.message(wait),
        back_url=url_for("registrations.personal_page", token=registration.token),
    ), 429, {"Retry-After": str(wait)}


@bp.get("/pamelding/<token>")
def personal_page(token: str):  # noqa: ANN201
    registration = registration_or_404(token)
    just_registered = session.pop("just_registered", None) == token
    event = registration.event
    switch_form = SwitchModeForm()
    other_modes = [m for m in event.modes if m != registration.mode]
    switch_form.mode.choices = [(m, MODE_LABELS[m]) for m in other_modes]
    deadline_passed = bool(
        event.cancellation_deadline and utcnow() > event.cancellation_deadline
    )
    qr_svg = None
    if rules.has_ticket(registration):
        qr_svg = Markup(tickets.ticket_svg(tickets.ensure_ticket_code(registration)))
    return render_template(
        "registrations/personal.html",
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
        can_edit=rules.can_edit_own(registration, utcnow()),
        edit_deadline=rules.edit_deadline(event),
        Status=RegistrationStatus,
        join_tokens=joinlinks.tokens_for(registration),
        calendar_links=addtocalendar.links(registration)
        if registration.status == RegistrationStatus.CONFIRMED else [],
        can_register_again=registration.status == RegistrationStatus.CANCELLED
        and _registration_open(event),
        session_rows=session_choice.personal_rows(registration, utcnow())
        if event.chooses_sessions else [],
        session_form=CancelForm(),
    )


def _registration_open(event: Event) -> bool:
    try:
        rules.check_registration_open(event, utcnow())
    except rules.RegistrationRefused:
        return False
    return True


@bp.route("/pamelding/<token>/avmeld", methods=["GET", "POST"])
def cancel(token: str):  # noqa: ANN201
    registration = registration_or_404(token)
    form = CancelForm()
    if request.method == "POST" and (limited := _change_limited(registration, "cancel")):
        return limited
    if request.method == "POST" and form.validate():
        try:
            operations.cancel(token)
        except rules.RegistrationRefused as refused:
            flash(refused.message, "danger")
        else:
            flash(_("Du er meldt av. Takk for at du sa fra!"), "success")
        return redirect(url_for("registrations.personal_page", token=token), 303)
    return render_template("registrations/cancel.html", registration=registration,
                           event=registration.event, form=form)


@bp.post("/pamelding/<token>/bytt")
def switch_mode(token: str):  # noqa: ANN201
    registration = registration_or_404(token)
    if limited := _change_limited(registration, "switch"):
        return limited
    form = SwitchModeForm()
    if not form.validate():
        flash(_("Skjemaet ble ikke sendt fordi økten var utløpt. Prøv igjen."), "danger")
        return redirect(url_for("registrations.personal_page", token=token), 303)
    wanted = (form.mode.data or "").strip()
    try:
        outcome = operations.change_mode(token, wanted)
    except rules.RegistrationRefused as refused:
        flash(refused.message, "danger")
    else:
        if outcome.registration.status == RegistrationStatus.CONFIRMED:
            flash(_("Deltakelsesformen er endret til %(mode)s.",
                    mode=MODE_LABELS[outcome.registration.mode]), "success")
        else:
            flash(_("Du står nå på venteliste for %(mode)s som nummer %(pos)s.",
                    mode=MODE_LABELS[outcome.registration.mode],
                    pos=outcome.waitlist_position), "info")
    return redirect(url_for("registrations.personal_page", token=token), 303)


@bp.get("/pamelding/<token>/kalender.ics")
def invite_download(token: str) -> Response:
    """«Legg til i kalender»: the e-mail's events as METHOD:PUBLISH (an entry to add, not a
    meeting invitation to answer)."""
    registration = registration_or_404(token)
    if registration.status != RegistrationStatus.CONFIRMED:
        abort(404)
    return calendar.ics_response(addtocalendar.publish(registration), "kalender.ics")


def _render_edit(registration, form: OwnDetailsForm | None, refusal: str | None = None,  # noqa: ANN001
                 status: int = 200):  # noqa: ANN202
    return render_template("registrations/edit.html", registration=registration,
                           event=registration.event, form=form, refusal=refusal,
                           edit_deadline=rules.edit_deadline(registration.event)), status


@bp.get("/pamelding/<token>/endre")
def edit_own(token: str):  # noqa: ANN201
    """The participant corrects their details (not the e-mail) until the deadline."""
    registration = registration_or_404(token)
    if not rules.can_edit_own(registration, utcnow()):
        return _render_edit(registration, None)
    return _render_edit(registration, OwnDetailsForm(registration, prefill=True))


@bp.post("/pamelding/<token>/endre")
@csrf.exempt  # the form checks its own token and keeps what was typed if it fails
def save_own(token: str):  # noqa: ANN201
    registration = registration_or_404(token)
    if not rules.can_edit_own(registration, utcnow()):
        return _render_edit(registration, None, None, 409)
    form = OwnDetailsForm(registration, formdata=request.form)  # an empty post is empty
    if not form.validate():
        if "csrf_token" in form.errors:
            refusal = _("Skjemaet ble ikke sendt fordi økten var utløpt. Send det en gang til.")
            return _render_edit(registration, form, refusal, 400)
        return _render_edit(registration, form, None, 422)
    details = rules.OwnDetails(
        name=form.name.clean,
        mobile=form.mobile.clean,
        kommunenummer=form.kommune.clean,
        workplace=form.workplace.clean,
        role=form.role.clean,
        diet=form.diet.clean if "diet" in form else None,
        diet_consent=bool(form.diet_consent.data) if "diet_consent" in form else False,
    )
    try:
        changed = own_details.edit_own(token, details)
    except rules.RegistrationRefused as refused:
        registration = registration_or_404(token)
        return _render_edit(registration, None, refused.message, 409)
    if changed:
        flash(_("Opplysningene dine er lagret."), "success")
    else:
        flash(_("Du endret ingenting, så ingenting er lagret."), "info")
    return redirect(url_for("registrations.personal_page", token=token), 303)


def lookup_email_key() -> str:
    """The rate limit's key for «Finn påmeldingen min»: the address asked for, normalised,
    from the form or the API's JSON body; the web page and the API share the count."""
    raw: object = request.form.get("email") if request.form else None
    if raw is None:
        body = request.get_json(silent=True)
        raw = body.get("email") if isinstance(body, dict) else None
    text = raw.strip().lower()[:254] if isinstance(raw, str) else ""
    return f"lookup-address:{text}"


# Per client (one office behind one address may have several people asking) and per
# e-mail address asked for; the database adds: at most one e-mail per address per 10 min.
LOOKUP_PER_CLIENT = "10 per minute;30 per hour"
LOOKUP_PER_ADDRESS = "3 per 10 minutes;10 per day"
limit_lookup_per_client = limiter.shared_limit(LOOKUP_PER_CLIENT, scope="lookup-client")
limit_lookup_per_address = limiter.shared_limit(
    LOOKUP_PER_ADDRESS, scope="lookup-address", key_func=lookup_email_key,
    # No address at all (nothing is sent then): only the per-client limit counts.
    exempt_when=lambda: lookup_email_key() == "lookup-address:")


@bp.get("/finn-pamelding")
def lookup() -> str:
    return render_template("registrations/lookup.html", form=LookupForm(), refusal=None)


@bp.post("/finn-pamelding")
@csrf.exempt  # the form checks its own token and keeps what was typed if it fails
@limit_lookup_per_client
@limit_lookup_per_address
def send_lookup():  # noqa: ANN201
    form = LookupForm()
    if not form.validate():
        if "csrf_token" in form.errors:
            refusal = _("Skjemaet ble ikke sendt fordi økten var utløpt. Send det en gang til.")
            return render_template("registrations/lookup.html", form=form, refusal=refusal), 400
        return render_template("registrations/lookup.html", form=form, refusal=None), 422
    finder.send_links(form.email.clean)
    # The same answer whether or not the address has registrations.
    return redirect(url_for("registrations.lookup_sent"), 303)


@bp.get("/finn-pamelding/sendt")
def lookup_sent() -> str:
    return render_template("registrations/lookup_sent.html")


from . import cleanup  # noqa: E402,F401,I001  (cancel many at once, the flood view)
from . import session_views  # noqa: E402,F401  (add or drop one session)
from . import manage  # noqa: E402,F401  (participant lists, exports)
