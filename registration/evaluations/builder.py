"""Evaluation forms: the standard USHT form, templates, and the questions an organiser
builds. Once invitations are out, a form's questions and anonymity stay as they were sent."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from flask_babel import gettext as _
from sqlalchemy import select

from ..audit import log as audit
from ..audit.actions import AuditAction
from ..core.db import write_transaction
from ..core.extensions import db
from ..core.ids import parse_id
from ..models import (
    EvaluationForm,
    EvaluationInvitation,
    EvaluationQuestion,
    Event,
    QuestionKind,
    User,
)

TEXT_LIMITS = {QuestionKind.SHORT_TEXT: 300, QuestionKind.LONG_TEXT: 5000}
MAX_OPTIONS = 12
OPTION_MAX = 100
DEFAULT_OPEN_DAYS = 14
STANDARD_TEMPLATE = "standard"


class EvaluationError(Exception):
    """A rule of the evaluation was broken; the message is for the organiser."""


@dataclass
class QuestionSpec:
    kind: str
    text: str
    required: bool = False
    options: list[str] = field(default_factory=list)
    low_label: str = ""
    high_label: str = ""
    standard_key: str | None = None


TOPICS_NEXT = ["Demens", "Legemiddelhåndtering", "Kliniske observasjoner (KlinObs)",
               "Lindrende behandling", "Ernæring", "Rehabilitering og hverdagsmestring",
               "Psykisk helse og rus", "Velferdsteknologi", "Ledelse"]

# The standard USHT form; the keys let results be compared across events.
STANDARD: list[QuestionSpec] = [
    QuestionSpec(QuestionKind.SCALE, "Hvor fornøyd er du med arrangementet alt i alt?", True,
                 low_label="Svært misfornøyd", high_label="Svært fornøyd",
                 standard_key="overall"),
    QuestionSpec(QuestionKind.SCALE, "Hvor relevant var innholdet for arbeidet ditt?", True,
                 low_label="Ikke relevant", high_label="Svært relevant",
                 standard_key="relevance"),
    QuestionSpec(QuestionKind.SCALE,
                 "Formen fungerte godt for meg (fysisk oppmøte eller digitalt)", True,
                 low_label="Helt uenig", high_label="Helt enig", standard_key="format"),
    QuestionSpec(QuestionKind.YES_NO, "Vil du anbefale arrangementet til en kollega?",
                 standard_key="recommend"),
    QuestionSpec(QuestionKind.LONG_TEXT, "Hva var mest nyttig?", standard_key="most_useful"),
    QuestionSpec(QuestionKind.LONG_TEXT, "Hva bør forbedres?", standard_key="improve"),
    QuestionSpec(QuestionKind.MULTIPLE, "Hvilke tema vil du lære mer om?",
                 options=TOPICS_NEXT, standard_key="topics_next"),
    QuestionSpec(QuestionKind.SHORT_TEXT, "Andre tema du ønsker deg?",
                 standard_key="topics_other"),
]
# Scale and yes/no questions of the standard form: the columns of the comparison.
COMPARED = [(q.standard_key, q.text, q.kind) for q in STANDARD
            if q.kind in (QuestionKind.SCALE, QuestionKind.YES_NO)]


# --- forms and questions -------------------------------------------------------------------

def _question(spec: QuestionSpec, position: int) -> EvaluationQuestion:
    return EvaluationQuestion(
        position=position, kind=spec.kind, text=spec.text, required=spec.required,
        options=list(spec.options) if spec.kind in (QuestionKind.SINGLE,
                                                    QuestionKind.MULTIPLE) else None,
        low_label=spec.low_label if spec.kind == QuestionKind.SCALE else "",
        high_label=spec.high_label if spec.kind == QuestionKind.SCALE else "",
        standard_key=spec.standard_key)


def _spec(question: EvaluationQuestion) -> QuestionSpec:
    return QuestionSpec(question.kind, question.text, question.required,
                        list(question.options or []), question.low_label, question.high_label,
                        question.standard_key)


def attach_standard(event: Event) -> EvaluationForm:
    """New events get the standard USHT form (added to the caller's transaction)."""
    form = EvaluationForm(event=event, anonymous=True, auto_send=True)
    form.questions = [_question(spec, i) for i, spec in enumerate(STANDARD)]
    db.session.add(form)
    return form


def form_of(event_id: int) -> EvaluationForm | None:
    return db.session.scalar(select(EvaluationForm).where(EvaluationForm.event_id == event_id))


def is_locked(form: EvaluationForm) -> bool:
    """Once invitations are out, the questions and anonymity stay as they were sent."""
    return db.session.scalar(select(EvaluationInvitation.id).where(
        EvaluationInvitation.form_id == form.id).limit(1)) is not None


def _unlocked(form: EvaluationForm) -> None:
    if is_locked(form):
        raise EvaluationError(_("Skjemaet er sendt ut og kan ikke endres lenger."))


def create_for(event: Event, template: str, actor: User) -> EvaluationForm:
    """Give an event without a form one, from the standard or a saved template."""
    with write_transaction():
        form = form_of(event.id)
        if form is None:
            form = EvaluationForm(event=event, anonymous=True, auto_send=True)
            db.session.add(form)
        use_template(form, template, actor)
        return form


def use_template(form: EvaluationForm, template: str, actor: User) -> None:
    """Replace the questions with those of the standard form or a saved template."""
    with write_transaction():
        _unlocked(form)
        if template == STANDARD_TEMPLATE:
            specs, anonymous, name = STANDARD, True, "standard"
        else:
            template_id = parse_id(template)
            source = db.session.get(EvaluationForm, template_id) if template_id else None
            if source is None or source.template_name is None:
                raise EvaluationError(_("Fant ikke malen."))
            specs, anonymous, name = [_spec(q) for q in source.questions], source.anonymous, \
                source.template_name
        form.questions.clear()
        db.session.flush()
        form.questions.extend(_question(spec, i) for i, spec in enumerate(specs))
        form.anonymous = anonymous
        audit.record(AuditAction.EVALUATION_TEMPLATE_USED, event_id=form.event_id, actor=actor,
                     after={"template": name})


def templates() -> list[EvaluationForm]:
    return list(db.session.scalars(select(EvaluationForm).where(
        EvaluationForm.template_name.is_not(None)).order_by(EvaluationForm.template_name)))


def save_as_template(form: EvaluationForm, name: str, actor: User) -> EvaluationForm:
    with write_transaction():
        copy = EvaluationForm(template_name=name, anonymous=form.anonymous, auto_send=True,
                              created_by_id=actor.id)
        copy.questions = [_question(_spec(q), i) for i, q in enumerate(form.questions)]
        db.session.add(copy)
        audit.record(AuditAction.EVALUATION_TEMPLATE_SAVED, event_id=form.event_id, actor=actor,
                     after={"template": name})
        return copy


def copy_to(form: EvaluationForm, event: Event) -> EvaluationForm:
    """The form of a copied event: same questions and settings, nothing sent yet."""
    copy = EvaluationForm(event=event, anonymous=form.anonymous, auto_send=form.auto_send,
                          send_delay_hours=form.send_delay_hours)
    copy.questions = [_question(_spec(q), i) for i, q in enumerate(form.questions)]
    db.session.add(copy)
    return copy


def save_question(form: EvaluationForm, question: EvaluationQuestion | None,
                  spec: QuestionSpec, actor: User) -> EvaluationQuestion:
    with write_transaction():
        _unlocked(form)
        if question is None:
            question = _question(spec, len(form.questions))
            form.questions.append(question)
            action = AuditAction.EVALUATION_QUESTION_ADDED
        else:
            keep = question.standard_key if (question.kind == spec.kind
                                             and question.options == (spec.options or None)) \
                else None  # a changed standard question no longer compares with the others
            fresh = _question(QuestionSpec(**{**spec.__dict__, "standard_key": keep}),
                              question.position)
            for name in ("kind", "text", "required", "options", "low_label", "high_label",
                         "standard_key"):
                setattr(question, name, getattr(fresh, name))
            action = AuditAction.EVALUATION_QUESTION_CHANGED
        audit.record(action, event_id=form.event_id, actor=actor, after={"text": spec.text})
        return question


def delete_question(form: EvaluationForm, question: EvaluationQuestion, actor: User) -> None:
    with write_transaction():
        _unlocked(form)
        form.questions.remove(question)
        for i, q in enumerate(form.questions):
            q.position = i
        audit.record(AuditAction.EVALUATION_QUESTION_REMOVED, event_id=form.event_id, actor=actor,
                     before={"text": question.text})


def move_question(form: EvaluationForm, question: EvaluationQuestion, step: int) -> None:
    with write_transaction():
        _unlocked(form)
        order = list(form.questions)
        i = order.index(question)
        j = min(max(i + step, 0), len(order) - 1)
        order.insert(j, order.pop(i))
        for position, q in enumerate(order):
            q.position = position


def save_settings(form: EvaluationForm, *, anonymous: bool, auto_send: bool,
                  send_delay_hours: int, closes_at: datetime | None, actor: User) -> None:
    with write_transaction():
        if anonymous != form.anonymous:
            _unlocked(form)
        before = {"anonymous": form.anonymous, "auto_send": form.auto_send,
                  "delay": form.send_delay_hours,
                  "closes_at": form.closes_at.isoformat() if form.closes_at else None}
        form.anonymous, form.auto_send = anonymous, auto_send
        form.send_delay_hours, form.closes_at = send_delay_hours, closes_at
        audit.record(AuditAction.EVALUATION_SETTINGS, event_id=form.event_id, actor=actor,
                     before=before,
                     after={"anonymous": anonymous, "auto_send": auto_send,
                            "delay": send_delay_hours,
                            "closes_at": closes_at.isoformat() if closes_at else None})
