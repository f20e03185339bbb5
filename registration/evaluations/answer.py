"""The participant's answer page: no sign-in, the one-time link is the key."""

from __future__ import annotations

from typing import Any

from flask import (
    redirect,
    render_template,
    request,
    url_for,
)

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
    if request.method == "POST":
        given, errors, typed = answers.read_answers(form, request.form)
        if not errors:
            if not answers.submit(invitation.id, given):
                return render_template("evaluations/answer_state.html", state="answered",
                                       event=event), 409
            return redirect(url_for("evaluations.thanks"), 303)
    return render_template("evaluations/answer.html", form=form, event=event, errors=errors,
                           typed=typed, closes_at=invitations.closes_at(form),
                           limits=builder.TEXT_LIMITS), 422 if errors else 200


@bp.get("/evaluering/takk")
def thanks() -> str:
    return render_template("evaluations/answer_state.html", state="thanks", event=None)
