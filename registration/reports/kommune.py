"""One kommune's participation over the years, and its past and upcoming events: what the
centre brings to a visit. Counted as in the yearly report (figures.py): confirmed
registrations, attendance, distinct persons, an event in the year its first session starts."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import exists, func, select

from ..checkin.models import CheckIn
from ..core.extensions import db
from ..core.i18n import local
from ..events.models import Event, EventSession, EventStatus
from ..registrations.models import Registration, RegistrationStatus
from ..registrations.rules import person_key
from .figures import Tally, _topics_of


@dataclass
class EventLine:
    event_id: int
    title: str
    kind: str
    starts_at: datetime
    registrations: int = 0
    attended: int = 0


@dataclass
class KommuneHistory:
    number: str
    by_year: dict[int, Tally] = field(default_factory=dict)
    by_kind: dict[str, Tally] = field(default_factory=dict)
    by_topic: dict[str, Tally] = field(default_factory=dict)
    past: list[EventLine] = field(default_factory=list)
    upcoming: list[EventLine] = field(default_factory=list)


def history(number: str, now: datetime) -> KommuneHistory:
    first = (select(EventSession.event_id, func.min(EventSession.starts_at).label("starts_at"),
                    func.max(EventSession.ends_at).label("ends_at"))
             .group_by(EventSession.event_id).subquery())
    events = {row[0]: row for row in db.session.execute(
        select(Event.id, Event.title, Event.kind, first.c.starts_at, first.c.ends_at)
        .join(first, first.c.event_id == Event.id)
        .where(Event.status == EventStatus.PUBLISHED)).tuples()}
    came = exists().where(CheckIn.registration_id == Registration.id)
    rows = db.session.execute(
        select(Registration.event_id, Registration.mode, Registration.person_key,
               Registration.email_normalized, came)
        .where(Registration.kommunenummer == number,
               Registration.status == RegistrationStatus.CONFIRMED,
               Registration.event_id.in_(list(events)))).tuples().all()
    topics = _topics_of({row[0] for row in rows})
    found = KommuneHistory(number)
    lines: dict[int, EventLine] = {}
    for event_id, mode, key, email, attended in rows:
        _id, title, kind, starts_at, ends_at = events[event_id]
        who = key or person_key(email)
        tallies = [found.by_year.setdefault(local(starts_at).year, Tally()),
                   found.by_kind.setdefault(str(kind), Tally())]
        tallies += [found.by_topic.setdefault(t, Tally()) for t in topics.get(event_id, [])]
        for tally in tallies:
            tally.add(event_id, who, bool(attended), str(mode))
        line = lines.setdefault(event_id, EventLine(event_id, title, str(kind), starts_at))
        line.registrations += 1
        line.attended += bool(attended)
    for event_id, title, kind, starts_at, ends_at in events.values():
        if ends_at > now:
            lines.setdefault(event_id, EventLine(event_id, title, str(kind), starts_at))
    found.past = sorted((line for line in lines.values() if events[line.event_id][4] <= now),
                        key=lambda line: line.starts_at, reverse=True)
    found.upcoming = sorted((line for line in lines.values() if events[line.event_id][4] > now),
                            key=lambda line: line.starts_at)
    found.by_year = dict(sorted(found.by_year.items(), reverse=True))
    found.by_kind = dict(sorted(found.by_kind.items(), key=lambda i: -i[1].registrations))
    found.by_topic = dict(sorted(found.by_topic.items(), key=lambda i: -i[1].registrations))
    return found
