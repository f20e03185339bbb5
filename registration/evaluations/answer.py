"""The participant's answer page: no sign-in, the one-time link is the key."""

from __future__ import annotations

from typing import Any

from flask import (
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _

from ..core import honeypot, ratelimit
from ..core.extensions import csrf, db
from ..models import (
    EvaluationForm,
    utcnow,
)
from . import answers, builder, invitations
from .views import bp


@bp.route("/evaluering/<token>", methods=["GET", "POST"])
@csrf.exempt  # the secret one-time link in the address is the token no other site can know;
# mail apps' built-in browsers that drop cookies between page and post cannot lose answers
def answer(token: str):  # noqa: ANN201
    """The answer page: no sign-in, the one-time link is the key."""
    invitation = answers.invitation_by_token(token)
    if invitation is None:
        return render_template("evaluations/answer_state.html", state="unknown", event=None), 404
    form = db.session.get_one(EvaluationForm, invitation.form_id)
    event = form.event
    state = answers.state(invitation, form, utcnow())
    if state != answers.InvitationState.OPEN:
        code = 200 if request.method == "GET" else (
            409 if state == answers.InvitationState.ANSWERED else 410)
        return render_template("evaluations/answer_state.html", state=state, event=event), code
    given: dict[int, answers.Answer] = {}
    errors: dict[int, str] = {}
    typed: dict[int, Any] = {}
    refusal: str | None = None
    status = 200
    headers: dict[str, str] = {}
    if request.method == "POST":
        given, errors, typed = answers.read_answers(form, request.form)
        wait = ratelimit.over_limit({"EVALUATION_LIMIT": ratelimit.client_address()})
        if wait:
            ratelimit.log_refusal("evaluation answer")
            refusal, status = ratelimit.message(wait), 429
            headers["Retry-After"] = str(wait)
        elif honeypot.filled(request.form):
            honeypot.log("evaluation answer")
            refusal, status = _("Vi kunne ikke ta imot svarene. Se over skjemaet og send det "
                                "en gang til."), 422
        elif not errors:
            if not answers.submit(invitation.id, given):
                return render_template("evaluations/answer_state.html", state="answered",
                                       event=event), 409
            return redirect(url_for("evaluations.thanks"), 303)
    return render_template("evaluations/answer.html", form=form, event=event, errors=errors,
                           typed=typed, closes_at=invitations.closes_at(form),
                           limits=builder.TEXT_LIMITS, refusal=refusal), (
        status if refusal else 422 if errors else 200), headers


@bp.get("/evaluering/takk")
def thanks() -> str:
    return render_template("evaluations/answer_state.html", state="thanks", event=None)
