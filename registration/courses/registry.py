"""The instructor registry: every person with a valid completed level, one row per person
and track, at the highest level they completed. Read by /arrangor/instruktorer, its Excel
export, the message to instructors and GET /api/v1/instructors."""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select

from ..core import municipalities
from ..core.extensions import db
from ..core.i18n import format_dt, interface_language
from ..core.links import external_url
from ..mail import outbox
from ..mail.models import MessageKind
from .models import CourseCompletion, CourseLevel, CourseTrack


@dataclass(frozen=True)
class RegistryFilter:
    kommune: str | None = None
    track: str | None = None
    # At least this level completed (a Trinn 3 instructor is also a Trinn 1 instructor).
    level: int | None = None


@dataclass(frozen=True)
class Instructor:
    name: str
    email: str
    kommunenummer: str
    track: str
    track_name: str
    level: int
    level_title: str
    completed_on: datetime
    certificate_code: str

    @property
    def kommune_name(self) -> str:
        return municipalities.name_of(self.kommunenummer)

    @property
    def certificate_url(self) -> str:
        return external_url("courses.verify", code=self.certificate_code)

    def as_json(self) -> dict[str, Any]:
        return {"name": self.name, "email": self.email, "kommunenummer": self.kommunenummer,
                "track": self.track, "level": self.level,
                "completed_on": self.completed_on.date().isoformat(),
                "certificate_url": self.certificate_url}


def instructors(f: RegistryFilter) -> list[Instructor]:
    rows = db.session.execute(
        select(CourseCompletion, CourseLevel, CourseTrack)
        .join(CourseLevel, CourseLevel.id == CourseCompletion.level_id)
        .join(CourseTrack, CourseTrack.id == CourseLevel.track_id)
        .where(CourseCompletion.withdrawn_at.is_(None))
        .order_by(CourseLevel.number, CourseCompletion.completed_on, CourseCompletion.id)
    ).all()
    best: dict[tuple[str, int], tuple[CourseCompletion, CourseLevel, CourseTrack]] = {}
    for completion, level, track in rows:  # ordered: the last one per person is the highest
        best[(completion.person_key, track.id)] = (completion, level, track)
    found = [Instructor(
        name=c.name, email=c.email_normalized, kommunenummer=c.kommunenummer,
        track=t.slug, track_name=t.name, level=lv.number, level_title=lv.title,
        completed_on=c.completed_on, certificate_code=c.certificate_code)
        for c, lv, t in best.values()]
    found = [i for i in found
             if (not f.kommune or i.kommunenummer == f.kommune)
             and (not f.track or i.track == f.track)
             and (f.level is None or i.level >= f.level)]
    return sorted(found, key=lambda i: (i.kommune_name, i.name.lower(), i.track))


def to_xlsx(rows: list[Instructor]) -> bytes:
    from openpyxl import Workbook  # only exports need it

    from ..registrations.exports import defuse

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Instruktører"
    sheet.append(["Navn", "E-post", "Kommunenummer", "Kommune", "Kursløp", "Høyeste trinn",
                  "Trinn", "Fullført", "Kursbevis"])
    for i in rows:
        sheet.append([defuse(i.name), i.email, i.kommunenummer, i.kommune_name, i.track_name,
                      i.level, i.level_title, format_dt(i.completed_on, "short"),
                      i.certificate_url])
    for column, width in zip("ABCDEFGHI", (28, 34, 14, 18, 12, 12, 26, 14, 50), strict=True):
        sheet.column_dimensions[column].width = width
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def message(rows: list[Instructor], subject: str, body: str) -> int:
    """Queue one e-mail per address (in the caller's transaction); returns how many."""
    seen: set[str] = set()
    for i in rows:
        if i.email in seen:
            continue
        seen.add(i.email)
        outbox.queue_to_address(MessageKind.INSTRUCTORS, i.email, i.name,
                                extra={"subject": subject, "body": body,
                                       # the body is in the organiser's language
                                       "language": interface_language()})
    return len(seen)
