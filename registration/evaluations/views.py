"""Thin views: every route is behind require_organiser() and, for an event,
managed_event_or_abort(); the rules are in ``registration.evaluations``."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from ..accounts.permissions import managed_event_or_abort, managed_events_query, organiser_required
from ..audit import log as audit
from ..audit.actions import AuditAction
from ..core.db import write_transaction
from ..core.extensions import db
from ..core.i18n import OSLO
from ..events.catalogue import KIND_LABELS as EVENT_KIND_LABELS
from ..events.forms import ConfirmForm, local_value, oslo
from ..models import (
    EvaluationForm,
    EvaluationQuestion,
    Event,
    utcnow,
)
from ..registrations import exports
from ..series.models import EventSeries
from . import builder, invitations
from . import results as tallies
from .forms import (
    CHOICE_KINDS,
    KIND_LABELS,
    CompareForm,
    QuestionForm,
    SaveTemplateForm,
    SendForm,
    SettingsForm,
    UseTemplateForm,
)

bp = Blueprint("evaluations", __name__)

EXPORT_FORMATS = {"xlsx", "csv"}


def _template_choices() -> list[tuple[str, str]]:
    return [(builder.STANDARD_TEMPLATE, _("Standardskjemaet for USHT"))] + [
        (str(t.id), t.template_name or "") for t in builder.templates()]


def _form_or_404(event_id: int) -> tuple[Event, EvaluationForm]:
    event = managed_event_or_abort(event_id)
    form = builder.form_of(event.id)
    if form is None:
        abort(404)
    return event, form


def _overview(event: Event, form: EvaluationForm | None, status: int = 200, **forms: Any):
    template_form = forms.get("template_form") or UseTemplateForm()
    template_form.template.choices = _template_choices()
    settings = forms.get("settings_form")
    if settings is None and form is not None:
        settings = SettingsForm(formdata=None, data={
            "anonymous": form.anonymous, "auto_send": form.auto_send,
            "send_delay_hours": form.send_delay_hours, "closes_at": local_value(form.closes_at)})
    counts = tallies.totals(form) if form is not None else None
    return render_template(
        "evaluations/overview.html", event=event, form=form, settings_form=settings,
        template_form=template_form, save_form=forms.get("save_form") or SaveTemplateForm(),
        send_form=forms.get("send_form") or SendForm(), confirm=ConfirmForm(),
        locked=form is not None and builder.is_locked(form), counts=counts,
        kind_labels=KIND_LABELS, now=utcnow(),
        send_time=invitations.send_time(form) if form else None,
        closes_at=invitations.closes_at(form) if form else None,
        attendees=len(invitations.attendee_ids(event.id))), status


@bp.get("/arrangor/arrangement/<int:event_id>/evaluering")
@organiser_required
def overview(event_id: int):  # noqa: ANN201
    event = managed_event_or_abort(event_id)
    return _overview(event, builder.form_of(event.id))


def _done(event_id: int, message: str, category: str = "success"):  # noqa: ANN202
    flash(message, category)
    return redirect(url_for("evaluations.overview", event_id=event_id), 303)


@bp.post("/arrangor/arrangement/<int:event_id>/evaluering/mal")
@organiser_required
def use_template(event_id: int):  # noqa: ANN201
    event = managed_event_or_abort(event_id)
    form = builder.form_of(event.id)
    template_form = UseTemplateForm()
    template_form.template.choices = _template_choices()
    if not template_form.validate_on_submit():
        return _overview(event, form, 422, template_form=template_form)
    try:
        if form is None:
            builder.create_for(event, template_form.template.data, current_user)
        else:
            builder.use_template(form, template_form.template.data, current_user)
    except builder.EvaluationError as error:
        return _done(event.id, str(error), "danger")
    return _done(event.id, _("Spørsmålene fra malen er lagt inn."))


@bp.post("/arrangor/arrangement/<int:event_id>/evaluering/innstillinger")
@organiser_required
def settings(event_id: int):  # noqa: ANN201
    event, form = _form_or_404(event_id)
    settings_form = SettingsForm()
    if not settings_form.validate_on_submit():
        return _overview(event, form, 422, settings_form=settings_form)
    assert settings_form.send_delay_hours.data is not None  # validated
    try:
        builder.save_settings(
            form, anonymous=settings_form.anonymous.data, auto_send=settings_form.auto_send.data,
            send_delay_hours=settings_form.send_delay_hours.data,
            closes_at=oslo(settings_form.closes_at.data), actor=current_user)
    except builder.EvaluationError as error:
        settings_form.anonymous.errors = [str(error)]
        return _overview(event, form, 422, settings_form=settings_form)
    return _done(event.id, _("Innstillingene er lagret."))


@bp.post("/arrangor/arrangement/<int:event_id>/evaluering/lagre-mal")
@organiser_required
def save_template(event_id: int):  # noqa: ANN201
    event, form = _form_or_404(event_id)
    save_form = SaveTemplateForm()
    if not save_form.validate_on_submit():
        return _overview(event, form, 422, save_form=save_form)
    assert save_form.name.data is not None  # validated
    builder.save_as_template(form, save_form.name.data.strip(), current_user)
    return _done(event.id, _("Skjemaet er lagret som mal."))


def _question_or_404(form: EvaluationForm, question_id: int) -> EvaluationQuestion:
    question = db.session.get(EvaluationQuestion, question_id)
    if question is None or question.form_id != form.id:
        abort(404)
    return question


@bp.route("/arrangor/arrangement/<int:event_id>/evaluering/sporsmal/ny", methods=["GET", "POST"])
@bp.route("/arrangor/arrangement/<int:event_id>/evaluering/sporsmal/<int:question_id>",
          methods=["GET", "POST"])
@organiser_required
def question(event_id: int, question_id: int | None = None):  # noqa: ANN201
    event, form = _form_or_404(event_id)
    existing = _question_or_404(form, question_id) if question_id is not None else None
    if existing is not None and request.method == "GET":
        qform = QuestionForm(formdata=None, data={
            "text": existing.text, "kind": existing.kind, "required": existing.required,
            "options": "\n".join(existing.options or []), "low_label": existing.low_label,
            "high_label": existing.high_label})
    else:
        qform = QuestionForm()
    if qform.validate_on_submit():
        kind = qform.kind.data
        assert qform.text.data is not None  # validated
        spec = builder.QuestionSpec(
            kind=kind, text=qform.text.data.strip(), required=qform.required.data,
            options=qform.option_list() if kind in CHOICE_KINDS else [],
            low_label=(qform.low_label.data or "").strip(),
            high_label=(qform.high_label.data or "").strip())
        try:
            builder.save_question(form, existing, spec, current_user)
        except builder.EvaluationError as error:
            return _done(event.id, str(error), "danger")
        return _done(event.id, _("Spørsmålet er lagret."))
    return render_template("evaluations/question.html", event=event, qform=qform,
                           question=existing), 422 if qform.errors else 200


@bp.post("/arrangor/arrangement/<int:event_id>/evaluering/sporsmal/<int:question_id>/flytt")
@organiser_required
def move_question(event_id: int, question_id: int):  # noqa: ANN201
    event, form = _form_or_404(event_id)
    question = _question_or_404(form, question_id)
    step = {"opp": -1, "ned": 1}.get(request.args.get("retning", ""))
    if step is None or not ConfirmForm().validate_on_submit():
        abort(400)
    try:
        builder.move_question(form, question, step)
    except builder.EvaluationError as error:
        return _done(event.id, str(error), "danger")
    return redirect(url_for("evaluations.overview", event_id=event.id,
                            _anchor=f"question-{question.id}"), 303)


@bp.post("/arrangor/arrangement/<int:event_id>/evaluering/sporsmal/<int:question_id>/slett")
@organiser_required
def delete_question(event_id: int, question_id: int):  # noqa: ANN201
    event, form = _form_or_404(event_id)
    question = _question_or_404(form, question_id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    try:
        builder.delete_question(form, question, current_user)
    except builder.EvaluationError as error:
        return _done(event.id, str(error), "danger")
    return _done(event.id, _("Spørsmålet er fjernet."))


@bp.post("/arrangor/arrangement/<int:event_id>/evaluering/send")
@organiser_required
def send(event_id: int):  # noqa: ANN201
    event, form = _form_or_404(event_id)
    send_form = SendForm()
    if not send_form.validate_on_submit():
        return _overview(event, form, 422, send_form=send_form)
    try:
        count = invitations.invite(event, send_form.group.data, current_user,
                                   before_end=send_form.before_end.data == "yes")
    except invitations.NotEndedYet:
        # Not one click: a page that says what sending now does, and asks again.
        return render_template("evaluations/confirm_early.html", event=event,
                               send_form=send_form, ends_at=event.ends_at)
    except builder.EvaluationError as error:
        return _done(event.id, str(error), "danger")
    if not count:
        return _done(event.id, _("Alle i gruppen har allerede fått invitasjonen."), "info")
    return _done(event.id, _("Invitasjonen er sendt til %(n)s personer.", n=count))


@bp.post("/arrangor/arrangement/<int:event_id>/evaluering/paminnelse")
@organiser_required
def remind(event_id: int):  # noqa: ANN201
    event, form = _form_or_404(event_id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    try:
        count = invitations.remind(event, current_user)
    except builder.EvaluationError as error:
        return _done(event.id, str(error), "danger")
    if not count:
        return _done(event.id, _("Alle som er invitert, har svart."), "info")
    return _done(event.id, _("Påminnelsen er sendt til %(n)s personer.", n=count))


@bp.get("/arrangor/arrangement/<int:event_id>/evaluering/resultater")
@organiser_required
def results(event_id: int) -> str:
    event, form = _form_or_404(event_id)
    return render_template("evaluations/results.html", event=event,
                           results=tallies.results(form), kind_labels=KIND_LABELS)


@bp.get("/arrangor/arrangement/<int:event_id>/evaluering/svar.<fmt>")
@organiser_required
def export(event_id: int, fmt: str):  # noqa: ANN201
    event, form = _form_or_404(event_id)
    if fmt not in EXPORT_FORMATS:
        abort(404)
    headers, rows = tallies.response_table(form)
    rows = [[exports.local_time(v) if isinstance(v, datetime) else v for v in row]
            for row in rows]
    body = (exports.to_xlsx(headers, rows, [40] * len(headers), "Svar") if fmt == "xlsx"
            else exports.to_csv(headers, rows))
    anonymous = form.anonymous
    with write_transaction():
        audit.record(AuditAction.EXPORT_EVALUATION, event_id=event.id, actor=current_user,
                     after={"format": fmt, "rows": len(rows), "anonymous": anonymous})
    return exports.attachment(body, fmt, exports.filename(event, "evaluering", fmt))


def _year_choices() -> list[tuple[str, str]]:
    this_year = utcnow().astimezone(OSLO).year
    return [("", _("Alle år"))] + [(str(y), str(y)) for y in range(this_year + 1,
                                                                    this_year - 6, -1)]


@bp.get("/arrangor/evaluering/sammenligning")
@organiser_required
def compare() -> ResponseReturnValue:
    cform = CompareForm(request.args)
    cform.kind.choices = [("", _("Alle typer"))] + [(k, str(v))
                                                    for k, v in EVENT_KIND_LABELS.items()]
    cform.year.choices = _year_choices()
    cform.series.choices = [("", _("Alle serier"))] + [
        (str(s.id), s.title) for s in db.session.scalars(
            select(EventSeries).order_by(EventSeries.title))]
    searched = bool(request.args)
    rows: list[tallies.ComparedEvent] = []
    if searched and cform.validate():
        events = [e for e in db.session.scalars(managed_events_query(current_user)).unique()
                  if e.sessions]
        if cform.series.data:  # the series is an object: its events by id, not by title
            events = [e for e in events if str(e.series_id) == cform.series.data]
        if cform.q.data:
            needle = cform.q.data.strip().casefold()
            events = [e for e in events if needle in e.title.casefold()]
        if cform.kind.data:
            events = [e for e in events if e.kind == cform.kind.data]
        if cform.year.data:
            events = [e for e in events
                      if str(e.sessions[0].starts_at.astimezone(OSLO).year) == cform.year.data]
        events.sort(key=lambda e: e.sessions[0].starts_at)
        ids = [i for i in db.session.scalars(select(EvaluationForm.event_id).where(
            EvaluationForm.event_id.in_([e.id for e in events]))) if i is not None]
        rows = [r for r in tallies.compare(ids) if r.responses]
        # Grouped by series (events outside one last), then by date.
        titles = {s.id: s.title for s in db.session.scalars(select(EventSeries))}
        rows.sort(key=lambda r: (r.event.series_id is None,
                                 titles.get(r.event.series_id or 0, ""),
                                 r.event.sessions[0].starts_at))
    return render_template("evaluations/compare.html", cform=cform, rows=rows,
                           series_titles={s.id: s.title for s in db.session.scalars(
                               select(EventSeries))},
                           searched=searched, compared=builder.COMPARED), (
        422 if cform.errors else 200)


from . import answer  # noqa: E402,F401  (the participant's answer page)
