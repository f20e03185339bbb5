"""The yearly report: who took part in what, from which kommune.

Read only from what anonymisation keeps (privacy/anonymise.py): the event's kind, topics and
first session; a registration's status, mode, kommune, role and ``person_key``; and whether
it has a check-in. So a year's figures are the same before and after its registrations are
anonymised (tests/test_report.py proves it under the retention rules).

What counts:
- an **event** (activity held) is a published event whose first session starts in the year
  (Europe/Oslo); it belongs to that year and to that month, whatever its later sessions;
- a **registration** is a confirmed one (cancelled and waitlisted never count);
- **attended** is a confirmed registration present at one session or more: a check-in of
  any kind (scanned at the door, joined digitally, marked by hand, walk-in);
- **persons** are distinct ``person_key``s (one person at three events counts once);
- **physical** and **digital** split the registrations by how the person takes part.
An event with several topics counts under each, so the topic table does not add up to the
totals; every other table does.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from flask import current_app
from sqlalchemy import String, case, cast, func, literal, null, select, union_all

from ..checkin.models import CheckIn
from ..core import municipalities
from ..core.extensions import db
from ..core.i18n import OSLO, local
from ..events.models import Event, EventSession, EventStatus, Topic, event_topic
from ..registrations.models import Registration, RegistrationStatus
from ..registrations.rules import person_key

NO_KOMMUNE = "Ikke i en kommune"


@dataclass
class Tally:
    """The counts of one row; persons and events as sets until the end."""

    events: set[int] = field(default_factory=set)
    registrations: int = 0
    attended: int = 0
    physical: int = 0
    digital: int = 0
    persons: set[str] = field(default_factory=set)
    person_total: int | None = None  # counted by the database instead of ``persons``

    @property
    def person_count(self) -> int:
        return self.person_total if self.person_total is not None else len(self.persons)

    def add_counts(self, registered: int, came: int, mode: str | None = None) -> None:
        self.registrations += registered
        self.attended += came
        if mode == "physical":
            self.physical += registered
        elif mode == "digital":
            self.digital += registered

    def add(self, event_id: int, key: str, came: bool, mode: str) -> None:
        self.events.add(event_id)
        self.registrations += 1
        self.attended += came
        self.physical += mode == "physical"
        self.digital += mode == "digital"
        self.persons.add(key)


@dataclass
class YearReport:
    year: int
    totals: Tally
    by_kommune: dict[str | None, Tally]  # kommunenummer (None: not in a kommune) → counts
    by_kind: dict[str, Tally]
    by_topic: dict[str, Tally]
    by_role: dict[str, Tally]
    by_month: dict[int, Tally]
    region: list[str]  # the centre's kommuner (every one is listed, zeros included)

    @property
    def reached(self) -> int:
        return sum(1 for number in self.region if self.by_kommune[number].registrations)


def centre_fylker() -> list[str]:
    return [f.strip() for f in str(current_app.config["CENTRE_FYLKER"]).split(",") if f.strip()]


def region_kommuner() -> list[str]:
    """The kommuner of the centre's fylke(r), by name."""
    fylker = set(centre_fylker())
    return [m.number for m in municipalities.all_municipalities().values()
            if m.county_number in fylker]


def year_bounds(year: int) -> tuple[datetime, datetime]:
    return datetime(year, 1, 1, tzinfo=OSLO), datetime(year + 1, 1, 1, tzinfo=OSLO)


def events_of_year(year: int) -> dict[int, tuple[str, datetime]]:
    """Published events whose first session starts in the year: id → (kind, first start)."""
    start, end = year_bounds(year)
    first = (select(EventSession.event_id, func.min(EventSession.starts_at).label("starts_at"))
             .group_by(EventSession.event_id).subquery())
    rows = db.session.execute(
        select(Event.id, Event.kind, first.c.starts_at).join(first, first.c.event_id == Event.id)
        .where(first.c.starts_at >= start, first.c.starts_at < end,
               Event.status == EventStatus.PUBLISHED)).tuples().all()
    return {event_id: (str(kind), starts_at) for event_id, kind, starts_at in rows}


def _topics_of(event_ids: Iterable[int]) -> dict[int, list[str]]:
    found: dict[int, list[str]] = {}
    ids = list(event_ids)
    if not ids:
        return found
    for event_id, name in db.session.execute(
            select(event_topic.c.event_id, Topic.name)
            .join(Topic, Topic.id == event_topic.c.topic_id)
            .where(event_topic.c.event_id.in_(ids))).tuples():
        found.setdefault(event_id, []).append(name)
    return found


def _sorted(table: dict[str, Tally]) -> dict[str, Tally]:
    return dict(sorted(table.items(), key=lambda item: (-item[1].registrations, item[0])))


def _count_registrations(report: YearReport, events: dict[int, tuple[str, datetime]],
                         topics: dict[int, list[str]]) -> None:
    """Counted by the database in one statement: the year's confirmed registrations, each
    with whether it has a check-in, are gathered once (a CTE) and grouped four ways (per
    event and mode, per kommune, per role, all), so a year of 50,000 registrations is a
    single scan and a few hundred rows back, with no per-row work here."""
    table = Registration.__table__.c
    came = (select(CheckIn.registration_id)
            .join(EventSession, EventSession.id == CheckIn.session_id)
            .where(EventSession.event_id.in_(list(events))).distinct().subquery())
    # Raw strings, not the enum columns: nothing converted per row.
    rows = (select(table.event_id, table.mode, table.kommunenummer, table.role,
                   table.person_key, came.c.registration_id.label("came"))
            .select_from(Registration.__table__)
            .outerjoin(came, came.c.registration_id == table.id)
            .where(table.event_id.in_(list(events)),
                   table.status == RegistrationStatus.CONFIRMED).cte("counted"))
    unkeyed = func.count().filter(rows.c.person_key.is_(None))

    def part(name: str, key: Any, mode: Any, *group: Any, persons: bool = False) -> Any:
        # Distinct persons only where the report shows them: each one is a sort.
        return (select(literal(name).label("part"), cast(key, String).label("key"),
                       cast(mode, String).label("mode"), func.count(), func.count(rows.c.came),
                       func.count(func.distinct(rows.c.person_key)) if persons
                       else literal(0), unkeyed if persons else literal(0))
                .group_by(*group))

    union = union_all(part("event", rows.c.event_id, rows.c.mode, rows.c.event_id, rows.c.mode),
                      part("kommune", rows.c.kommunenummer, null(), rows.c.kommunenummer,
                           persons=True),
                      part("role", rows.c.role, null(), rows.c.role),
                      part("all", null(), null(), persons=True))
    missing_keys = 0
    for name, key, mode, registered, came_count, persons, no_key in db.session.execute(
            union).tuples():
        if name == "event":
            kind, starts_at = events[int(key)]
            for tally in (report.totals, report.by_kind[kind],
                          report.by_month[local(starts_at).month],
                          *(report.by_topic[t] for t in topics.get(int(key), []))):
                tally.add_counts(registered, came_count, mode)
        elif name == "kommune":
            # «Jobber ikke i en kommune» (NOT_A_MUNICIPALITY) is reported as not in one
            tally = report.by_kommune.setdefault(
                None if key in (None, "", municipalities.NOT_A_MUNICIPALITY) else key, Tally())
            tally.add_counts(registered, came_count)
            tally.person_total = persons
        elif name == "role":
            report.by_role.setdefault(key, Tally()).add_counts(registered, came_count)
        else:
            report.totals.person_total = persons
            missing_keys = no_key
    if missing_keys:
        _count_persons_here(report, events)


def _count_persons_here(report: YearReport, events: dict[int, tuple[str, datetime]]) -> None:
    """A row from before person keys existed (the worker fills them in) counts by the key
    its e-mail would have, which the database cannot make: then the distinct (kommune,
    person) pairs are gathered and counted here."""
    table = Registration.__table__.c
    report.totals.person_total = None
    for tally in report.by_kommune.values():
        tally.person_total = None
    for kommune, kept_key, email in db.session.execute(
            select(table.kommunenummer, table.person_key,
                   case((table.person_key.is_(None), table.email_normalized)))
            .where(table.event_id.in_(list(events)),
                   table.status == RegistrationStatus.CONFIRMED).distinct()).tuples():
        who = kept_key or person_key(email)
        report.totals.persons.add(who)
        report.by_kommune[None if kommune in (None, "", municipalities.NOT_A_MUNICIPALITY)
                          else kommune].persons.add(who)


def yearly_report(year: int) -> YearReport:
    events = events_of_year(year)
    topics = _topics_of(events)
    region = region_kommuner()
    report = YearReport(year=year, totals=Tally(), by_kommune={n: Tally() for n in region},
                        by_kind={}, by_topic={}, by_role={},
                        by_month={m: Tally() for m in range(1, 13)}, region=region)
    for event_id, (kind, starts_at) in events.items():
        # Events count even with no one registered.
        for table, key in ((report.by_kind, kind), *((report.by_topic, t)
                                                     for t in topics.get(event_id, []))):
            table.setdefault(key, Tally()).events.add(event_id)
        report.by_month[local(starts_at).month].events.add(event_id)
        report.totals.events.add(event_id)
    if events:
        _count_registrations(report, events, topics)
    region_set = set(region)
    others = sorted((k for k in report.by_kommune if k is not None and k not in region_set),
                    key=lambda k: municipalities.sort_key(municipalities.name_of(k)))
    report.by_kommune = {**{n: report.by_kommune[n] for n in region},
                         **{n: report.by_kommune[n] for n in others},
                         **({None: report.by_kommune[None]} if None in report.by_kommune
                            else {})}
    report.by_kind = _sorted(report.by_kind)
    report.by_topic = _sorted(report.by_topic)
    report.by_role = _sorted(report.by_role)
    return report


def as_dict(report: YearReport) -> dict:
    """The report in the API's shape; the page and the files are made from this too."""
    t = report.totals
    kommuner = []
    for number, tally in report.by_kommune.items():
        found = municipalities.get(number)
        kommuner.append({
            "kommunenummer": number,
            "name": found.name if found else (number or NO_KOMMUNE),
            "fylke": found.county_number if found else None,
            "registrations": tally.registrations, "attended": tally.attended,
            "persons": tally.person_count})
    return {
        "year": report.year,
        "totals": {"events": len(t.events), "registrations": t.registrations,
                   "attended": t.attended, "persons": t.person_count,
                   "physical": t.physical, "digital": t.digital},
        "region": {"fylker": centre_fylker(), "kommuner": len(report.region),
                   "reached": report.reached},
        "by_kommune": kommuner,
        "by_kind": [{"kind": k, "events": len(v.events), "registrations": v.registrations,
                     "attended": v.attended} for k, v in report.by_kind.items()],
        "by_topic": [{"topic": k, "events": len(v.events), "registrations": v.registrations,
                      "attended": v.attended} for k, v in report.by_topic.items()],
        "by_role": [{"role": k, "registrations": v.registrations, "attended": v.attended}
                    for k, v in report.by_role.items()],
        "by_month": [{"month": m, "events": len(v.events), "registrations": v.registrations,
                      "attended": v.attended} for m, v in report.by_month.items()],
    }
