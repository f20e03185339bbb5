"""«Tidligere arrangementer» on the dashboard: events that have ended, by year, with how
many were registered and came, and how many answered the evaluation."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select

from ..checkin.models import CheckIn
from ..core.extensions import db
from ..core.i18n import local
from ..evaluations.models import EvaluationForm, EvaluationResponse
from ..models import Event, Registration, RegistrationStatus


@dataclass
class PastEvent:
    event: Event
    confirmed: int
    attended: int
    answers: int


def past_events(mine: list[Event], now: datetime, year: int | None) -> list[PastEvent]:
    """Events that ended before ``now``, newest first; only ``year``'s when given (the year
    the first session starts, as the report counts it)."""
    ended = [e for e in mine if e.ends_at is not None and e.ends_at <= now and (
        year is None or (e.starts_at is not None and local(e.starts_at).year == year))]
    ended.sort(key=lambda e: e.starts_at or now, reverse=True)
    ids = [e.id for e in ended]
    if not ids:
        return []
    confirmed = dict(db.session.execute(
        select(Registration.event_id, func.count(Registration.id))
        .where(Registration.event_id.in_(ids),
               Registration.status == RegistrationStatus.CONFIRMED)
        .group_by(Registration.event_id)).tuples().all())
    attended = dict(db.session.execute(
        select(Registration.event_id, func.count(func.distinct(Registration.id)))
        .join(CheckIn, CheckIn.registration_id == Registration.id)
        .where(Registration.event_id.in_(ids),
               Registration.status == RegistrationStatus.CONFIRMED)
        .group_by(Registration.event_id)).tuples().all())
    answers = dict(db.session.execute(
        select(EvaluationForm.event_id, func.count(EvaluationResponse.id))
        .join(EvaluationResponse, EvaluationResponse.form_id == EvaluationForm.id)
        .where(EvaluationForm.event_id.in_(ids))
        .group_by(EvaluationForm.event_id)).tuples().all())
    return [PastEvent(e, confirmed.get(e.id, 0), attended.get(e.id, 0), answers.get(e.id, 0))
            for e in ended]


def past_years(mine: list[Event], now: datetime) -> list[int]:
    return sorted({local(e.starts_at).year for e in mine
                   if e.starts_at is not None and e.ends_at is not None and e.ends_at <= now},
                  reverse=True)
