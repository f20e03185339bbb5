"""The registration form inside a frame on the centre's own website (/innebygd/arrangement/<id>).

In a cross-site frame the browser sends no SameSite=Lax cookie, so there is no session and the
session-bound CSRF token of the event page cannot work. This form carries a stateless token
instead: the event's id signed with SECRET_KEY (itsdangerous), valid for two hours. A public
registration carries no authority of the person whose browser sends it (anyone may register
anyone, and the confirmation goes to the address typed), so what CSRF protection adds here is
only that a post comes from a form this site served, for this event, recently; the signed token
says that, and the Origin/Referer check (when the browser sends them) refuses posts made from
another site's page. The rate limits, honeypot, field rules and the registration itself are the
event page's own (registrations/submit.py). See docs/security.md.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import Response, abort, current_app, render_template, request
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from itsdangerous import BadSignature, SignatureExpired, TimestampSigner, URLSafeTimedSerializer

from ..core.extensions import csrf
from ..core.i18n import interface_language
from ..core.types import utcnow
from ..registrations import rules, seats, session_seats, submit
from ..registrations.forms import RegistrationForm
from ..registrations.models import RegistrationStatus
from . import catalogue
from .embed import _framable, bp
from .models import Event

FORM_TOKEN_SECONDS = 2 * 60 * 60
_SALT = "pamelding-embedded-registration-form"


class _ClockSigner(TimestampSigner):
    """Ages follow the app's clock (utcnow), like every other deadline here."""

    def get_timestamp(self) -> int:
        return int(utcnow().timestamp())


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(str(current_app.config["SECRET_KEY"]), salt=_SALT,
                                  signer=_ClockSigner)


def form_token(event_id: int) -> str:
    return _serializer().dumps(event_id)


def token_is_valid(token: str, event_id: int) -> bool:
    """Signed by this site, for this event, at most FORM_TOKEN_SECONDS old."""
    if not token or len(token) > 200:
        return False
    try:
        signed_for = _serializer().loads(token, max_age=FORM_TOKEN_SECONDS)
    except (SignatureExpired, BadSignature):
        return False
    return signed_for == event_id


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}".lower()


def from_this_site() -> bool:
    """The form is posted from the frame's own page, so Origin (and Referer, which this site's
    Referrer-Policy: same-origin still sends to itself) name this site. A browser may leave
    either out; when present, another site's is refused, and so is «null» (a sandboxed or
    opaque page, not our form)."""
    ours = {_origin(request.host_url)}
    if current_app.config.get("PUBLIC_URL"):
        ours.add(_origin(str(current_app.config["PUBLIC_URL"])))
    origin = request.headers.get("Origin")
    if origin is not None and origin.lower() not in ours:
        return False
    referer = request.headers.get("Referer")
    return not referer or _origin(referer) in ours


def _event_or_404(event_id: int) -> Event:
    event = catalogue.published(event_id)
    if event is None:
        abort(404)
    return event


def _closed_reason(event: Event) -> str | None:
    try:
        rules.check_registration_open(event, utcnow())
    except rules.RegistrationRefused as refused:
        return refused.message
    return None


def _form(event: Event) -> RegistrationForm:
    # No session in a cross-site frame: the signed form token stands in for Flask-WTF's.
    return RegistrationForm(event, meta={"csrf": False})


def _render(event: Event, form: RegistrationForm, refusal: str | None = None,
            status: int = 200, answer_errors: dict[str, str] | None = None,
            duplicate: bool = False) -> Response:
    lang = interface_language()
    html = render_template(
        "events/embed_form.html", event=event, form=form, refusal=refusal,
        duplicate=duplicate, answer_errors=answer_errors or {},
        summary=seats.seat_summary(event), closed_reason=_closed_reason(event),
        session_rows=session_seats.session_rows(event, utcnow()),
        form_token=form_token(event.id), lang=lang if lang != "nb" else None, embedded=True)
    response = _framable(Response(html, status))
    # The page holds a token that ages: a shared cache must not hand out a stale one.
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.get("/innebygd/arrangement/<int:event_id>")
def embedded_form(event_id: int) -> ResponseReturnValue:
    event = _event_or_404(event_id)
    return _render(event, _form(event))


@bp.post("/innebygd/arrangement/<int:event_id>")
@csrf.exempt  # the signed form token below is this form's CSRF protection
def embedded_register(event_id: int) -> ResponseReturnValue:
    event = _event_or_404(event_id)
    form = _form(event)
    if not from_this_site():
        current_app.logger.warning("Embedded form posted from another site: %s",
                                   request.headers.get("Origin") or request.headers.get("Referer"))
        return _render(event, form, _("Skjemaet kan bare sendes fra påmeldingssiden selv."), 403)
    if not token_is_valid(str(request.form.get("form_token", "")), event.id):
        # An old page (or a forged post): what was typed comes back with a fresh token.
        form.validate()
        return _render(event, form, _("Skjemaet var for gammelt til å bli sendt. Se over det "
                                      "du har skrevet, og send det en gang til."), 400)
    result = submit.submit(event, form, "embedded registration form")
    if isinstance(result, submit.Refusal):
        if result.reload_event:
            event = _event_or_404(event_id)
        response = _render(event, form, result.message, result.status,
                           answer_errors=result.answer_errors, duplicate=result.duplicate)
        if result.retry_after:
            response.headers["Retry-After"] = str(result.retry_after)
        return response
    registration = result.registration
    html = render_template(
        "events/embed_done.html", event=event, registration=registration,
        confirmed=result.status == RegistrationStatus.CONFIRMED,
        position=result.waitlist_position,
        email=registration.email)
    response = _framable(Response(html))
    # The answer holds the personal link: not kept by a cache, not sent on as a referrer.
    response.headers["Cache-Control"] = "no-store"
    response.headers["Referrer-Policy"] = "no-referrer"
    return response
