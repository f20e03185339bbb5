"""Answering: the one-time link, reading what was typed, and storing it once.

How anonymity holds: an invitation records *that* its person answered (a flag, no time),
a response records *what* was answered under a random key, with no registration and no
time. The flag is set and committed in its own transaction before the response is written,
so not even PostgreSQL's transaction ids tie the two rows together.
"""

from __future__ import annotations

import secrets
from datetime import datetime
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import select, update

from ..core.db import write_transaction
from ..core.extensions import db
from ..models import (
    EvaluationAnswer,
    EvaluationForm,
    EvaluationInvitation,
    EvaluationResponse,
    EventStatus,
    QuestionKind,
    utcnow,
)
from .builder import TEXT_LIMITS
from .invitations import is_open


class InvitationState:
    OPEN = "open"
    ANSWERED = "answered"
    CLOSED = "closed"


def invitation_by_token(token: str) -> EvaluationInvitation | None:
    if not token or len(token) > 64:
        return None
    return db.session.scalar(select(EvaluationInvitation).where(
        EvaluationInvitation.token == token))


def state(invitation: EvaluationInvitation, form: EvaluationForm, now: datetime) -> str:
    if invitation.answered:
        return InvitationState.ANSWERED
    if not is_open(form, now) or (form.event and form.event.status == EventStatus.CANCELLED):
        return InvitationState.CLOSED
    return InvitationState.OPEN


Answer = int | str | list[str] | None


def read_answers(form: EvaluationForm, data: Any) -> tuple[dict[int, Answer], dict[int, str],
                                                         dict[int, Any]]:
    """Check what was posted (a MultiDict, fields ``q<id>``). Returns the clean answers, an
    error message per question, and what was typed (to show again)."""
    answers: dict[int, Answer] = {}
    errors: dict[int, str] = {}
    typed: dict[int, Any] = {}
    for q in form.questions:
        name = f"q{q.id}"
        if q.kind == QuestionKind.MULTIPLE:
            raw_list = [v.strip() for v in data.getlist(name) if v.strip()]
            typed[q.id] = raw_list
            offered = q.options or []
            if any(v not in offered for v in raw_list):
                errors[q.id] = _("Velg blant alternativene som vises.")
            elif q.required and not raw_list:
                errors[q.id] = _("Velg minst ett alternativ.")
            else:
                answers[q.id] = [v for v in offered if v in raw_list] or None
            continue
        raw = (data.get(name) or "").strip()
        typed[q.id] = raw
        if not raw:
            if q.required:
                errors[q.id] = (_("Skriv et svar.") if q.kind in TEXT_LIMITS
                                else _("Velg et svar."))
            answers[q.id] = None
            continue
        if q.kind == QuestionKind.SCALE:
            if raw not in {"1", "2", "3", "4", "5"}:
                errors[q.id] = _("Velg en verdi fra 1 til 5.")
            else:
                answers[q.id] = int(raw)
        elif q.kind == QuestionKind.YES_NO:
            if raw not in {"ja", "nei"}:
                errors[q.id] = _("Svar ja eller nei.")
            else:
                answers[q.id] = 1 if raw == "ja" else 0
        elif q.kind == QuestionKind.SINGLE:
            if raw not in (q.options or []):
                errors[q.id] = _("Velg blant alternativene som vises.")
            else:
                answers[q.id] = raw
        else:
            limit = TEXT_LIMITS[QuestionKind(q.kind)]
            if len(raw) > limit:
                errors[q.id] = _("Svaret kan være høyst %(limit)s tegn (du skrev %(n)s).",
                                 limit=limit, n=len(raw))
            else:
                answers[q.id] = raw
    return answers, errors, typed


def claim_link(invitation_id: int) -> bool:
    """Mark a link used, if it was not: an atomic conditional UPDATE, so of two submissions
    at the same moment exactly one gets through."""
    result = db.session.execute(
        update(EvaluationInvitation)
        .where(EvaluationInvitation.id == invitation_id,
               EvaluationInvitation.answered.is_(False))
        .values(answered=True).execution_options(synchronize_session=False))
    return result.rowcount == 1  # type: ignore[attr-defined]


def submit(invitation_id: int, answers: dict[int, Answer], now: datetime | None = None) -> bool:
    """Store one person's answers once. Returns False if the link was already used.

    Two transactions by design: the link is claimed and committed on its own, and on
    anonymous forms the response is written in a transaction that has nothing to do with
    the person. If storing the answers fails, the link is given back.
    """
    now = now or utcnow()
    with write_transaction():
        invitation = db.session.get(EvaluationInvitation, invitation_id)
        if invitation is None:
            return False
        form_id, registration_id = invitation.form_id, invitation.registration_id
        claimed = claim_link(invitation_id)
    if not claimed:
        return False
    try:
        with write_transaction():
            form = db.session.get(EvaluationForm, form_id)
            assert form is not None
            response = EvaluationResponse(id=secrets.token_hex(16), form_id=form_id)
            if not form.anonymous:
                response.registration_id, response.submitted_at = registration_id, now
            for question_id, value in answers.items():
                values = value if isinstance(value, list) else [value]
                for v in values:
                    if v is None:
                        continue
                    response.answers.append(EvaluationAnswer(
                        question_id=question_id, number=v if isinstance(v, int) else None,
                        text=v if isinstance(v, str) else None))
            db.session.add(response)
    except Exception:
        # Give the link back, so the person can try again instead of losing their say.
        with write_transaction():
            db.session.execute(update(EvaluationInvitation).where(
                EvaluationInvitation.id == invitation_id).values(answered=False))
        raise
    return True
