"""The organiser's side: add, change, move and remove an event's own questions. Each is one
transaction, audited. The same shape as the evaluation builder (evaluations/builder.py),
without its templates and scales: these questions belong to one event's form."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from ..audit import log as audit
from ..audit.actions import AuditAction
from ..core.db import write_transaction
from ..core.extensions import db
from ..events.models import Event
from .models import AnswerKind, EventQuestion

CHOICE_KINDS = (AnswerKind.SINGLE, AnswerKind.MULTIPLE)
MAX_QUESTIONS = 20
MAX_OPTIONS = 12
OPTION_MAX = 100
TEXT_MAX = 300

KIND_LABELS = {
    AnswerKind.SHORT_TEXT: _l("Kort tekst"),
    AnswerKind.LONG_TEXT: _l("Lang tekst"),
    AnswerKind.SINGLE: _l("Ett valg"),
    AnswerKind.MULTIPLE: _l("Flere valg"),
    AnswerKind.YES_NO: _l("Ja/nei"),
}


class QuestionError(Exception):
    """A rule of the builder was broken; the message is for the organiser."""


@dataclass
class QuestionSpec:
    kind: str
    text: str
    required: bool = False
    health: bool = False
    options: list[str] = field(default_factory=list)


def questions_of(event_id: int) -> list[EventQuestion]:
    return list(db.session.scalars(select(EventQuestion).where(
        EventQuestion.event_id == event_id).order_by(EventQuestion.position, EventQuestion.id)))


def check(spec: QuestionSpec) -> None:
    if spec.health and spec.required:
        raise QuestionError(str(_l("Et spørsmål om helseopplysninger kan ikke være "
                                   "obligatorisk: samtykket må være frivillig.")))
    if spec.kind in CHOICE_KINDS and len(spec.options) < 2:
        raise QuestionError(str(_l("Skriv minst to alternativer, ett per linje.")))


def _snapshot(question: EventQuestion) -> dict[str, Any]:
    return {"text": question.text, "kind": question.kind, "required": question.required,
            "health": question.health, "options": question.options}


def save_question(event: Event, existing: EventQuestion | None, spec: QuestionSpec,
                  actor: Any) -> EventQuestion:
    check(spec)
    with write_transaction():
        if existing is None:
            count = db.session.scalar(select(func.count(EventQuestion.id)).where(
                EventQuestion.event_id == event.id)) or 0
            if count >= MAX_QUESTIONS:
                raise QuestionError(str(_l("Høyst %(n)s spørsmål.", n=MAX_QUESTIONS)))
            last = db.session.scalar(select(func.max(EventQuestion.position)).where(
                EventQuestion.event_id == event.id))
            question = EventQuestion(event_id=event.id, position=(last or 0) + 1)
            before = None
        else:
            question = existing
            before = _snapshot(question)
        question.kind = AnswerKind(spec.kind)
        question.text = spec.text
        question.required = spec.required
        question.health = spec.health
        question.options = spec.options if spec.kind in CHOICE_KINDS else None
        db.session.add(question)
        db.session.flush()
        audit.record(AuditAction.FORM_QUESTION_ADDED if before is None
                     else AuditAction.FORM_QUESTION_CHANGED, event_id=event.id, actor=actor,
                     before=before, after={"question_id": question.id, **_snapshot(question)})
        return question


def move_question(event: Event, question: EventQuestion, step: int) -> None:
    with write_transaction():
        ordered = questions_of(event.id)
        index = ordered.index(question)
        other = index + step
        if not 0 <= other < len(ordered):
            return
        ordered[index], ordered[other] = ordered[other], ordered[index]
        for position, item in enumerate(ordered, start=1):
            item.position = position


def delete_question(event: Event, question: EventQuestion, actor: Any) -> None:
    """Removes the question and every answer to it."""
    with write_transaction():
        audit.record(AuditAction.FORM_QUESTION_REMOVED, event_id=event.id, actor=actor,
                     before={"question_id": question.id, **_snapshot(question)})
        db.session.delete(question)
