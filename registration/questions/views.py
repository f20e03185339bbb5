"""The organiser's builder for the event's own questions, and the restricted list of health
answers. Thin: the rules are in builder.py and answers.py."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from ..accounts.permissions import managed_event_or_abort, organiser_required
from ..audit import log as audit
from ..audit.actions import AuditAction
from ..core.db import write_transaction
from ..core.extensions import db
from ..events.forms import ConfirmForm
from ..events.models import Event
from ..registrations import exports
from ..registrations.models import Registration, RegistrationStatus
from . import answers, builder
from .forms import OwnQuestionForm
from .models import EventQuestion

bp = Blueprint("questions", __name__)


@bp.app_context_processor
def own_question_helpers() -> dict[str, Any]:
    def table(event: Event, rows: list[Registration]) -> tuple[list[EventQuestion],
                                                                 dict[int, dict[int, Any]]]:
        """The questions shown in the organiser's table (never health data) and answers."""
        shown = [q for q in builder.questions_of(event.id) if not q.health]
        return shown, answers.of(r.id for r in rows) if shown else {}

    return {"own_questions": builder.questions_of, "own_questions_table": table,
            "answer_text": answers.shown, "own_answers_listed": answers.listed,
            "ANSWER_KIND_LABELS": builder.KIND_LABELS}


def _question_or_404(event: Event, question_id: int) -> EventQuestion:
    question = db.session.get(EventQuestion, question_id)
    if question is None or question.event_id != event.id:
        abort(404)
    return question


def _overview(event: Event, qform: OwnQuestionForm, editing: EventQuestion | None = None,
              status: int = 200) -> tuple[str, int]:
    return render_template("questions/builder.html", event=event, qform=qform,
                           editing=editing, questions=builder.questions_of(event.id),
                           confirm=ConfirmForm()), status


@bp.route("/arrangor/arrangement/<int:event_id>/skjema", methods=["GET", "POST"])
@bp.route("/arrangor/arrangement/<int:event_id>/skjema/<int:question_id>",
          methods=["GET", "POST"])
@organiser_required
def overview(event_id: int, question_id: int | None = None) -> ResponseReturnValue:
    event = managed_event_or_abort(event_id)
    existing = _question_or_404(event, question_id) if question_id is not None else None
    if existing is not None and request.method == "GET":
        qform = OwnQuestionForm(formdata=None, data={
            "text": existing.text, "kind": existing.kind, "required": existing.required,
            "health": existing.health, "options": "\n".join(existing.options or [])})
    else:
        qform = OwnQuestionForm()
    if request.method == "GET":
        return _overview(event, qform, existing)
    if not qform.validate():
        return _overview(event, qform, existing, 422)
    assert qform.text.data is not None  # validated
    spec = builder.QuestionSpec(kind=qform.kind.data, text=qform.text.data.strip(),
                                required=qform.required.data, health=qform.health.data,
                                options=qform.option_list())
    try:
        saved = builder.save_question(event, existing, spec, current_user)
    except builder.QuestionError as error:
        qform.text.errors = [*qform.text.errors, str(error)]
        return _overview(event, qform, existing, 422)
    flash(_("Spørsmålet er lagret."), "success")
    return redirect(url_for("questions.overview", event_id=event.id,
                            _anchor=f"question-{saved.id}"), 303)


@bp.post("/arrangor/arrangement/<int:event_id>/skjema/<int:question_id>/flytt")
@organiser_required
def move(event_id: int, question_id: int) -> ResponseReturnValue:
    event = managed_event_or_abort(event_id)
    question = _question_or_404(event, question_id)
    step = {"opp": -1, "ned": 1}.get(request.args.get("retning", ""))
    if step is None or not ConfirmForm().validate_on_submit():
        abort(400)
    builder.move_question(event, question, step)
    return redirect(url_for("questions.overview", event_id=event.id,
                            _anchor=f"question-{question.id}"), 303)


@bp.post("/arrangor/arrangement/<int:event_id>/skjema/<int:question_id>/slett")
@organiser_required
def remove(event_id: int, question_id: int) -> ResponseReturnValue:
    event = managed_event_or_abort(event_id)
    question = _question_or_404(event, question_id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    builder.delete_question(event, question, current_user)
    flash(_("Spørsmålet og svarene på det er fjernet."), "success")
    return redirect(url_for("questions.overview", event_id=event.id), 303)


@bp.get("/arrangor/arrangement/<int:event_id>/helsesvar.<fmt>")
@organiser_required
def health_answers(event_id: int, fmt: str) -> Response:
    """Like the kitchen list: the health answers of active participants, and nothing else
    but their names; every download audited."""
    event = managed_event_or_abort(event_id)
    questions = [q for q in builder.questions_of(event.id) if q.health]
    if not questions or fmt not in ("xlsx", "csv"):
        abort(404)
    rows = list(db.session.scalars(select(Registration).where(
        Registration.event_id == event.id,
        Registration.status != RegistrationStatus.CANCELLED).order_by(Registration.name)))
    given = answers.of(r.id for r in rows)
    values = [[r.name, *[answers.shown(given.get(r.id, {}).get(q.id)) for q in questions]]
              for r in rows if given.get(r.id)]
    headers = ["Navn", *[q.text for q in questions]]
    widths = [28, *[40] * len(questions)]
    body = (exports.to_xlsx(headers, values, widths, "Helsesvar") if fmt == "xlsx"
            else exports.to_csv(headers, values))
    with write_transaction():
        audit.record(AuditAction.EXPORT_HEALTH_ANSWERS, event_id=event.id, actor=current_user,
                     after={"format": fmt, "rows": len(values)})
    return exports.attachment(body, fmt, exports.filename(event, "helsesvar", fmt))
