"""Answers to an event's own questions: checked (form and API alike), stored with the
registration, shown, and deleted where they are health data.

Errors are keyed like the API reports them: ``answers.<question id>`` (and
``health_consent`` when a health answer is given without consent)."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Mapping
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import delete, select

from ..core.extensions import db
from ..registrations import validation
from .builder import questions_of
from .models import AnswerKind, EventQuestion, RegistrationAnswer

Answers = dict[int, Any]
SHORT_MAX = 300
LONG_MAX = 2000
YES = {"ja", "yes", "true"}
NO = {"nei", "no", "false"}


def _text(value: object, limit: int, multiline: bool) -> str | None:
    text = validation.clean_text(value)
    if not text:
        return None
    if len(text) > limit:
        raise validation.FieldError(_l("Svaret kan ha høyst %(n)s tegn.", n=limit))
    allowed = "\n\r\t" if multiline else ""
    if any(unicodedata.category(c) in {"Cc", "Cf"} and c not in allowed for c in text):
        raise validation.FieldError(_l("Svaret kan ikke inneholde kontrolltegn."))
    return text


def clean(question: EventQuestion, value: object) -> Any:
    """The stored form of an answer, or None when not answered. FieldError when refused."""
    if value is None or value == "" or value == []:
        return None
    kind = question.kind
    if kind == AnswerKind.SHORT_TEXT:
        return _text(value, SHORT_MAX, multiline=False)
    if kind == AnswerKind.LONG_TEXT:
        return _text(value, LONG_MAX, multiline=True)
    options = question.options or []
    if kind == AnswerKind.SINGLE:
        if not isinstance(value, str) or value.strip() not in options:
            raise validation.FieldError(_l("Velg et av alternativene."))
        return value.strip()
    if kind == AnswerKind.MULTIPLE:
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise validation.FieldError(_l("Velg blant alternativene."))
        chosen = [v.strip() for v in value]
        if any(v not in options for v in chosen):
            raise validation.FieldError(_l("Velg blant alternativene."))
        return [o for o in options if o in chosen]  # in the order offered, once each
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().lower() in YES | NO:
        return value.strip().lower() in YES
    raise validation.FieldError(_l("Svar ja eller nei."))


def parse(questions: list[EventQuestion], raw: object, health_consent: bool,
          prefix: str = "") -> tuple[Answers, dict[str, str]]:
    """Check every answer against the event's questions. ``raw`` maps question ids (as
    strings, as in JSON) to values; an unknown id is an error, not silently dropped."""
    errors: dict[str, str] = {}
    answers: Answers = {}
    if raw is None:
        raw = {}
    if not isinstance(raw, dict):
        errors[f"{prefix}answers"] = str(_l("Svarene må være et objekt med spørsmålets id "
                                            "som nøkkel."))
        return {}, errors
    by_id = {str(q.id): q for q in questions}
    for key in raw:
        if str(key) not in by_id:
            errors[f"{prefix}answers.{str(key)[:40]}"] = str(_l("Ukjent spørsmål."))
    for question in questions:
        key = f"{prefix}answers.{question.id}"
        try:
            value = clean(question, raw.get(str(question.id)))
        except validation.FieldError as error:
            errors[key] = str(error)
            continue
        if value is None:
            if question.required:
                errors[key] = str(_l("Svar på dette spørsmålet."))
            continue
        if question.health and not health_consent:
            errors[f"{prefix}health_consent"] = str(_l(
                "Svar om helse lagres bare med samtykke: kryss av, eller la svaret stå tomt."))
            continue
        answers[question.id] = value
    return answers, errors


def from_form(questions: list[EventQuestion], form: Any, prefix: str = "q") -> dict[str, Any]:
    """The form's fields (``q-<id>``) as the API's ``answers`` object."""
    raw: dict[str, Any] = {}
    for question in questions:
        name = f"{prefix}-{question.id}"
        if question.kind == AnswerKind.MULTIPLE:
            raw[str(question.id)] = form.getlist(name)
        else:
            raw[str(question.id)] = form.get(name, "")
    return raw


def store(registration_id: int, answers: Mapping[int, Any]) -> None:
    for question_id, value in answers.items():
        db.session.add(RegistrationAnswer(registration_id=registration_id,
                                          question_id=question_id, value=value))


def of(registration_ids: Iterable[int]) -> dict[int, dict[int, Any]]:
    """registration id → {question id: value}."""
    ids = list(registration_ids)
    out: dict[int, dict[int, Any]] = {}
    if not ids:
        return out
    for row in db.session.scalars(select(RegistrationAnswer).where(
            RegistrationAnswer.registration_id.in_(ids))):
        out.setdefault(row.registration_id, {})[row.question_id] = row.value
    return out


def shown(value: Any) -> str:
    if isinstance(value, bool):
        return str(_l("Ja")) if value else str(_l("Nei"))
    if isinstance(value, list):
        return ", ".join(value)
    return "" if value is None else str(value)


def listed(event_id: int, registration_id: int, *, health: bool) -> list[tuple[str, str]]:
    """(question, answer) for one registration, in the form's order."""
    given = of([registration_id]).get(registration_id, {})
    return [(q.text, shown(given[q.id])) for q in questions_of(event_id)
            if q.id in given and (health or not q.health)]


def delete_health(registration_ids: list[int]) -> int:
    """Health answers of these registrations (cancelled, or the event is over)."""
    if not registration_ids:
        return 0
    health = select(EventQuestion.id).where(EventQuestion.health.is_(True))
    result = db.session.execute(delete(RegistrationAnswer).where(
        RegistrationAnswer.registration_id.in_(registration_ids),
        RegistrationAnswer.question_id.in_(health)).execution_options(
        synchronize_session=False))
    return int(result.rowcount)  # type: ignore[attr-defined]
