"""A series' rules: build it (organisers), and «meld meg på alle» (participants).

«Meld meg på alle» is one transaction holding one ordinary registration per open event of
the series, each taken by the seat rules of registrations/seats.py in its own savepoint: an
event that refuses (full without a waiting list, closed, already registered) is reported
and the others stand. Each event's capacity stays exact, as for single registrations."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from ..audit import log as audit
from ..audit.actions import AuditAction
from ..core.db import write_transaction
from ..core.extensions import db
from ..core.types import utcnow
from ..events.models import Event, EventStatus
from ..questions.builder import questions_of
from ..registrations import operations, session_choice
from ..registrations.rules import (
    Outcome,
    Participant,
    RegistrationRefused,
    check_registration_open,
)
from .models import EventSeries


@dataclass(frozen=True)
class SeriesOutcome:
    event: Event
    outcome: Outcome | None
    refusal: str | None


def save(series: EventSeries | None, title: str, description: str, actor: Any
         ) -> EventSeries:
    with write_transaction():
        if series is None:
            series = EventSeries(owner_id=getattr(actor, "id", None), created_at=utcnow())
            db.session.add(series)
        before = {"title": series.title} if series.id else None
        series.title, series.description = title, description
        db.session.flush()
        audit.record(AuditAction.SERIES_SAVED, event_id=None, actor=actor, before=before,
                     after={"series_id": series.id, "title": title})
        return series


def set_series(event: Event, series: EventSeries | None, actor: Any) -> None:
    with write_transaction():
        before = event.series_id
        event.series_id = series.id if series else None
        audit.record(AuditAction.SERIES_EVENT, event_id=event.id, actor=actor,
                     before={"series_id": before}, after={"series_id": event.series_id})


def events_of(series: EventSeries, *, published_only: bool) -> list[Event]:
    query = select(Event).where(Event.series_id == series.id)
    if published_only:
        query = query.where(Event.status == EventStatus.PUBLISHED)
    events = [e for e in db.session.scalars(query) if e.sessions]
    return sorted(events, key=lambda e: e.sessions[0].starts_at)


def open_events(series: EventSeries, now: datetime) -> list[Event]:
    out = []
    for event in events_of(series, published_only=True):
        try:
            check_registration_open(event, now)
        except RegistrationRefused:
            continue
        out.append(event)
    return out


def register_all(series_id: int, participant: Participant, now: datetime | None = None
                 ) -> list[SeriesOutcome]:
    now = now or utcnow()
    results: list[SeriesOutcome] = []
    with write_transaction():
        series = db.session.get(EventSeries, series_id)
        if series is None:
            raise RegistrationRefused("not_found")
        for event in open_events(series, now):
            if any(q.required for q in questions_of(event.id)):
                results.append(SeriesOutcome(event, None, str(_l(
                    "Arrangementet har egne spørsmål: meld deg på fra arrangementets side."))))
                continue
            modes = event.modes
            mode = participant.mode if participant.mode in modes else (
                modes[0] if len(modes) == 1 else None)
            try:
                outcome = operations.register(event.id, replace(
                    participant, mode=mode,
                    session_ids=session_choice.all_open_ids(event, now)), now)
            except RegistrationRefused as refused:
                results.append(SeriesOutcome(event, None, refused.message))
            else:
                results.append(SeriesOutcome(event, outcome, None))
        if not results:  # nothing open to register for
            raise RegistrationRefused("closed")
        return results
