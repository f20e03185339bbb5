"""Results of a form as counts, means and texts; the answers as a table; comparison of the
standard questions across events."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import func, select

from ..core.extensions import db
from ..models import (
    EvaluationAnswer,
    EvaluationForm,
    EvaluationInvitation,
    EvaluationQuestion,
    EvaluationResponse,
    Event,
    QuestionKind,
    Registration,
)
from .answers import Answer  # noqa: F401
from .builder import COMPARED

# --- results -------------------------------------------------------------------------------

@dataclass
class QuestionResult:
    question: EvaluationQuestion
    answered: int = 0
    counts: list[tuple[str, int]] = field(default_factory=list)  # label → how many
    mean: float | None = None
    texts: list[str] = field(default_factory=list)


@dataclass
class Results:
    form: EvaluationForm
    invited: int
    attended_invited: int
    responses: int
    questions: list[QuestionResult]

    @property
    def rate(self) -> float | None:
        return self.responses / self.invited if self.invited else None


def totals(form: EvaluationForm) -> Results:
    """Invited and answered only (the overview page): no answers are read."""
    invited = db.session.execute(
        select(func.count(EvaluationInvitation.id),
               func.count(EvaluationInvitation.id).filter(EvaluationInvitation.attended))
        .where(EvaluationInvitation.form_id == form.id)).one()
    responses = db.session.scalar(select(func.count(EvaluationResponse.id)).where(
        EvaluationResponse.form_id == form.id)) or 0
    return Results(form, invited[0], invited[1], responses, [])


def results(form: EvaluationForm) -> Results:
    summary = totals(form)
    rows = db.session.execute(
        select(EvaluationAnswer.question_id, EvaluationAnswer.response_id,
               EvaluationAnswer.number, EvaluationAnswer.text)
        .join(EvaluationResponse, EvaluationResponse.id == EvaluationAnswer.response_id)
        .where(EvaluationResponse.form_id == form.id)
        .order_by(EvaluationAnswer.response_id, EvaluationAnswer.id)).all()
    by_question: dict[int, list[tuple[str, int | None, str | None]]] = {}
    for question_id, response_id, number, text in rows:
        by_question.setdefault(question_id, []).append((response_id, number, text))
    out = []
    for q in form.questions:
        found = by_question.get(q.id, [])
        result = QuestionResult(q, answered=len({r for r, _, _ in found}))
        if q.kind == QuestionKind.SCALE:
            tally = Counter(n for _, n, _ in found)
            result.counts = [(str(v), tally.get(v, 0)) for v in range(1, 6)]
            numbers = [n for _, n, _ in found if n is not None]
            result.mean = sum(numbers) / len(numbers) if numbers else None
        elif q.kind == QuestionKind.YES_NO:
            tally = Counter(n for _, n, _ in found)
            result.counts = [("Ja", tally.get(1, 0)), ("Nei", tally.get(0, 0))]
        elif q.kind in (QuestionKind.SINGLE, QuestionKind.MULTIPLE):
            picked = Counter(t for _, _, t in found)
            result.counts = [(option, picked.get(option, 0)) for option in q.options or []]
        else:
            result.texts = [t for _, _, t in found if t]
        out.append(result)
    summary.questions = out
    return summary


def response_table(form: EvaluationForm) -> tuple[list[str], list[list[Any]]]:
    """All responses, one row each, in random-key order (which says nothing about time).
    Anonymous forms have no identity columns: there is nothing to fill them with."""
    headers = [] if form.anonymous else ["Navn", "E-post", "Kommunenr.", "Arbeidssted",
                                         "Svart"]
    headers += [f"{i + 1}. {q.text}" for i, q in enumerate(form.questions)]
    responses = db.session.scalars(select(EvaluationResponse).where(
        EvaluationResponse.form_id == form.id).order_by(EvaluationResponse.id)).all()
    people = {} if form.anonymous else {r.id: r for r in db.session.scalars(
        select(Registration).where(Registration.id.in_(
            [x.registration_id for x in responses if x.registration_id])))}
    rows = []
    for response in responses:
        by_question: dict[int, list[EvaluationAnswer]] = {}
        for answer in response.answers:
            by_question.setdefault(answer.question_id, []).append(answer)
        row: list[Any] = []
        if not form.anonymous:
            person = people.get(response.registration_id or 0)
            row += ([person.name, person.email, person.kommunenummer, person.workplace]
                    if person else ["", "", "", ""]) + [response.submitted_at]
        for q in form.questions:
            given = by_question.get(q.id, [])
            if q.kind == QuestionKind.SCALE:
                row.append(given[0].number if given else None)
            elif q.kind == QuestionKind.YES_NO:
                row.append(("ja" if given[0].number else "nei") if given else "")
            else:
                row.append("; ".join(a.text or "" for a in given))
        rows.append(row)
    return headers, rows


# --- comparison across events --------------------------------------------------------------

@dataclass
class ComparedEvent:
    event: Event
    invited: int
    responses: int
    values: dict[str, float | None]  # standard key → mean (scales) or share of «ja»


def compare(event_ids: list[int]) -> list[ComparedEvent]:
    """The standard questions, event by event (only events with a form)."""
    if not event_ids:
        return []
    forms = {f.event_id: f for f in db.session.scalars(select(EvaluationForm).where(
        EvaluationForm.event_id.in_(event_ids)))}
    keys = [k for k, _, _ in COMPARED if k is not None]
    figures = db.session.execute(
        select(EvaluationResponse.form_id, EvaluationQuestion.standard_key,
               func.avg(EvaluationAnswer.number), func.count(EvaluationAnswer.id))
        .join(EvaluationAnswer, EvaluationAnswer.response_id == EvaluationResponse.id)
        .join(EvaluationQuestion, EvaluationQuestion.id == EvaluationAnswer.question_id)
        .where(EvaluationResponse.form_id.in_([f.id for f in forms.values()]),
               EvaluationQuestion.standard_key.in_(keys))
        .group_by(EvaluationResponse.form_id, EvaluationQuestion.standard_key)).all()
    means = {(form_id, key): float(avg) for form_id, key, avg, n in figures if n}
    invited = {form_id: n for form_id, n in db.session.execute(
        select(EvaluationInvitation.form_id, func.count(EvaluationInvitation.id))
        .where(EvaluationInvitation.form_id.in_([f.id for f in forms.values()]))
        .group_by(EvaluationInvitation.form_id)).all()}
    answered = {form_id: n for form_id, n in db.session.execute(
        select(EvaluationResponse.form_id, func.count(EvaluationResponse.id))
        .where(EvaluationResponse.form_id.in_([f.id for f in forms.values()]))
        .group_by(EvaluationResponse.form_id)).all()}
    out = []
    for event_id in event_ids:
        form = forms.get(event_id)
        if form is None:
            continue
        assert form.event is not None  # found by its event
        out.append(ComparedEvent(form.event, invited.get(form.id, 0), answered.get(form.id, 0),
                                 {k: means.get((form.id, k)) for k in keys}))
    return out
