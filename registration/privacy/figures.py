"""The yearly figures for the report to Helsedirektoratet: who took part in what, from
which kommune. Built only from what anonymisation keeps (kommune, role, mode, status,
attendance, ``person_key``), so the figures for a year are the same before and after its
registrations are anonymised; tests/test_privacy.py proves it on known data.

An event belongs to the year (Europe/Oslo) its first session starts in. Counted:
registrations that were not cancelled (confirmed, or still waiting), participants who
attended at least one session, check-ins, and distinct persons (by ``person_key``).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import func, select

from ..checkin.models import CheckIn
from ..core.extensions import db
from ..core.i18n import OSLO
from ..events.models import Event, EventSession, EventStatus
from ..registrations.models import Registration, RegistrationStatus
from ..registrations.rules import person_key


@dataclass
class YearlyFigures:
    year: int
    events: int = 0
    registered: int = 0  # not cancelled
    attended: int = 0  # at least one check-in
    check_ins: int = 0
    distinct_persons: int = 0  # among those registered
    distinct_attendees: int = 0  # among those who attended
    by_kommune: dict[str, dict[str, int]] = field(default_factory=dict)
    by_kind: dict[str, dict[str, int]] = field(default_factory=dict)
    by_role: dict[str, int] = field(default_factory=dict)
    by_mode: dict[str, int] = field(default_factory=dict)


def _year_bounds(year: int) -> tuple[datetime, datetime]:
    start = datetime(year, 1, 1, tzinfo=OSLO)
    return start, datetime(year + 1, 1, 1, tzinfo=OSLO) - timedelta(microseconds=1)


def yearly_figures(year: int) -> YearlyFigures:
    """Every figure for one year; reads only what anonymisation leaves in place."""
    start, end = _year_bounds(year)
    first = (select(EventSession.event_id, func.min(EventSession.starts_at).label("starts_at"))
             .group_by(EventSession.event_id).subquery())
    events = dict(db.session.execute(
        select(Event.id, Event.kind).join(first, first.c.event_id == Event.id)
        .where(first.c.starts_at >= start, first.c.starts_at <= end,
               Event.status != EventStatus.CANCELLED)).tuples().all())
    figures = YearlyFigures(year=year, events=len(events))
    if not events:
        return figures
    rows = db.session.execute(
        select(Registration.id, Registration.event_id, Registration.kommunenummer,
               Registration.role, Registration.mode, Registration.person_key,
               Registration.email_normalized)
        .where(Registration.event_id.in_(events),
               Registration.status != RegistrationStatus.CANCELLED)).tuples().all()
    check_ins = Counter(db.session.scalars(
        select(CheckIn.registration_id).where(
            CheckIn.registration_id.in_([row[0] for row in rows]))))
    persons: set[str] = set()
    attendees: set[str] = set()
    by_kommune: dict[str, Counter[str]] = {}
    by_kind: dict[str, Counter[str]] = {}
    roles: Counter[str] = Counter()
    modes: Counter[str] = Counter()
    for reg_id, event_id, kommune, role, mode, key, email in rows:
        # A row from before person keys existed (the worker fills them in) counts the same.
        key = key or person_key(email)
        came = check_ins[reg_id] > 0
        for table, name in ((by_kommune, kommune), (by_kind, str(events[event_id]))):
            counter = table.setdefault(name, Counter())
            counter["registered"] += 1
            counter["attended"] += came
            counter["check_ins"] += check_ins[reg_id]
        persons.add(key)
        if came:
            attendees.add(key)
        roles[str(role)] += 1
        modes[str(mode)] += 1
    figures.registered = len(rows)
    figures.attended = sum(1 for row in rows if check_ins[row[0]])
    figures.check_ins = sum(check_ins.values())
    figures.distinct_persons = len(persons)
    figures.distinct_attendees = len(attendees)
    figures.by_kommune = {k: dict(v) for k, v in sorted(by_kommune.items())}
    figures.by_kind = {k: dict(v) for k, v in sorted(by_kind.items())}
    figures.by_role = dict(sorted(roles.items()))
    figures.by_mode = dict(sorted(modes.items()))
    return figures
