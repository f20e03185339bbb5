"""Reading a group registration (API body or web form, both as one dict) into checked values.

Errors are keyed like the API reports them: ``contact.email``, ``participants.2.email``
(rows counted from 0), ``participants`` for the list itself. The field rules and messages
are the ones of the single registration (registrations/validation.py).
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from typing import Any

from flask_babel import lazy_gettext as _l

from ..events.models import Event
from ..questions import answers as own_answers
from ..questions.builder import questions_of
from ..questions.models import EventQuestion
from ..registrations import validation
from ..registrations.rules import Participant, normalize_email

MAX_PARTICIPANTS = 30
GROUP_NAME_MAX = 120


@dataclass(frozen=True)
class Contact:
    name: str
    email: str
    mobile: str
    kommunenummer: str
    workplace: str


@dataclass(frozen=True)
class GroupRequest:
    contact: Contact
    participants: list[Participant]
    all_or_nothing: bool
    group_name: str | None


def _check(errors: dict[str, str], key: str, check: Any, value: object) -> Any:
    try:
        return check(value)
    except validation.FieldError as error:
        errors[key] = str(error)
        return None


def group_name(value: object) -> str | None:
    text = validation.clean_text(value)
    if not text:
        return None
    if len(text) > GROUP_NAME_MAX:
        raise validation.FieldError(_l("Gruppenavnet kan ha høyst %(n)s tegn.", n=GROUP_NAME_MAX))
    if any(unicodedata.category(c) in {"Cc", "Cf"} for c in text) or "<" in text or ">" in text:
        raise validation.FieldError(_l("Gruppenavnet kan ikke inneholde kontrolltegn, < eller >."))
    return text


def optional_mobile(value: object) -> str:
    return validation.mobile(value) if validation.clean_text(value) else ""


def contact(body: Any, errors: dict[str, str]) -> Contact | None:
    if not isinstance(body, dict):
        errors["contact"] = str(_l("Fyll inn kontaktpersonen."))
        return None
    checks = {"name": validation.name, "email": validation.email, "mobile": validation.mobile,
              "kommune": validation.kommune, "workplace": validation.workplace}
    clean = {key: _check(errors, f"contact.{key}", check, body.get(key))
             for key, check in checks.items()}
    if any(f"contact.{key}" in errors for key in checks):
        return None
    return Contact(clean["name"], clean["email"], clean["mobile"], clean["kommune"],
                   clean["workplace"])


def participant(row: Any, index: int, event: Event, errors: dict[str, str],
                kommunenummer: str, workplace: str,
                questions: list[EventQuestion] | None = None) -> Participant | None:
    """One row. Kommune and workplace are the contact's: a leader registers their staff.
    The event's own questions are answered per row (``answers``, ``health_consent``)."""
    prefix = f"participants.{index}"
    if not isinstance(row, dict):
        errors[f"{prefix}.name"] = str(_l("Fyll inn navn, e-post og stilling for deltakeren."))
        return None
    before = len(errors)
    name = _check(errors, f"{prefix}.name", validation.name, row.get("name"))
    email = _check(errors, f"{prefix}.email", validation.email, row.get("email"))
    role = _check(errors, f"{prefix}.role", validation.role, row.get("role"))
    mode = _check(errors, f"{prefix}.mode", lambda v: validation.mode(v, event.modes),
                  row.get("mode"))
    mobile = _check(errors, f"{prefix}.mobile", optional_mobile, row.get("mobile"))
    diet = None
    consent = row.get("diet_consent") in (True, "y", "on", "true")
    if event.serves_food:
        diet = _check(errors, f"{prefix}.diet", validation.diet, row.get("diet"))
        if diet and not consent:
            errors[f"{prefix}.diet_consent"] = str(_l(
                "Kostbehov lagres bare med samtykke: kryss av for at deltakeren har samtykket."))
    given, answer_errors = own_answers.parse(
        questions if questions is not None else questions_of(event.id), row.get("answers"),
        health_consent=row.get("health_consent") in (True, "y", "on", "true"),
        prefix=f"{prefix}.")
    errors.update(answer_errors)
    if len(errors) > before:
        return None
    return Participant(name=name, email=email, mobile=mobile, kommunenummer=kommunenummer,
                       workplace=workplace, role=role, mode=mode, diet=diet,
                       diet_consent=consent, answers=given)


def participants(rows: Any, event: Event, errors: dict[str, str],
                 found: Contact | None) -> list[Participant]:
    if not isinstance(rows, list) or not rows:
        errors["participants"] = str(_l("Legg til minst én deltaker."))
        return []
    if len(rows) > MAX_PARTICIPANTS:
        errors["participants"] = str(_l("En gruppe kan ha høyst %(n)s deltakere. Del den i "
                                        "flere påmeldinger.", n=MAX_PARTICIPANTS))
        return []
    kommune = found.kommunenummer if found else ""
    workplace = found.workplace if found else ""
    questions = questions_of(event.id)
    parsed: list[Participant] = []
    first_row: dict[str, int] = {}
    for index, row in enumerate(rows):
        item = participant(row, index, event, errors, kommune, workplace, questions)
        if item is None:
            continue
        key = normalize_email(item.email)
        if key in first_row:
            errors[f"participants.{index}.email"] = str(_l(
                "Samme e-postadresse står allerede på rad %(n)s. Hver deltaker trenger sin "
                "egen adresse.", n=first_row[key] + 1))
            continue
        first_row[key] = index
        parsed.append(item)
    return parsed


def group(body: dict[str, Any], event: Event) -> tuple[GroupRequest | None, dict[str, str]]:
    errors: dict[str, str] = {}
    found = contact(body.get("contact"), errors)
    people = participants(body.get("participants"), event, errors, found)
    all_or_nothing = body.get("all_or_nothing")
    if not isinstance(all_or_nothing, bool):
        errors["all_or_nothing"] = str(_l("Velg «alle eller ingen» eller «de som får plass»."))
    name = _check(errors, "group_name", group_name, body.get("group_name"))
    if errors or found is None:
        return None, errors
    return GroupRequest(found, people, bool(all_or_nothing), name), {}
