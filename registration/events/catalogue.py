"""Finding published events: used by the public catalogue, the event page and the API."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import Select, select
from sqlalchemy.orm import joinedload, selectinload

from ..core.extensions import db
from ..core.folding import fold
from ..core.i18n import local
from ..models import (
    Audience,
    Event,
    EventKind,
    EventStatus,
    Mode,
    Topic,
    utcnow,
)

# The satsingsområder as shown: stored in Norwegian (topics are data, events/topics.py);
# the ones the migration seeds are said in the reader's language, others as written.
TOPIC_LABELS = {
    "Bo trygt hjemme": _l("Bo trygt hjemme"),
    "Demens": _l("Demens"),
    "Ernæring": _l("Ernæring"),
    "Helseteknologi": _l("Helseteknologi"),
    "Kompetanse og fagutvikling": _l("Kompetanse og fagutvikling"),
    "Ledelse": _l("Ledelse"),
    "Legemidler": _l("Legemidler"),
    "Lindrende behandling": _l("Lindrende behandling"),
    "Pasientsikkerhet": _l("Pasientsikkerhet"),
    "Psykisk helse": _l("Psykisk helse"),
    "Pårørende": _l("Pårørende"),
    "Rehabilitering og hverdagsmestring": _l("Rehabilitering og hverdagsmestring"),
    "TryggEst": _l("TryggEst"),
    "Utviklingshemming": _l("Utviklingshemming"),
}


def topic_label(topic: str | None) -> str:
    """A topic in the reader's language; a topic outside the list as the admin wrote it."""
    return str(TOPIC_LABELS.get(topic or "", topic or ""))


KIND_LABELS = {
    EventKind.KONFERANSE: _l("Konferanse"),
    EventKind.WEBINARSERIE: _l("Webinarserie"),
    EventKind.KLINOBS_KURS: _l("KlinObs-kurs"),
    EventKind.ABC_FAGSEMINAR: _l("ABC-fagseminar"),
    EventKind.NETTVERKSSAMLING: _l("Nettverkssamling"),
    EventKind.FAGDAG: _l("Fagdag/workshop"),
    EventKind.INFORMASJONSMOTE: _l("Informasjonsmøte"),
    EventKind.ANNET: _l("Annet"),
}


@dataclass(frozen=True)
class CatalogueFilter:
    kind: str | None = None
    topic: str | None = None
    month: str | None = None  # "YYYY-MM"
    mode: str | None = None
    q: str | None = None


def _visible() -> Select[tuple[Event]]:
    return (
        select(Event)
        .where(Event.status.in_([EventStatus.PUBLISHED, EventStatus.CANCELLED]))
        .options(selectinload(Event.sessions), selectinload(Event.seat_pools),
                 selectinload(Event.topics), selectinload(Event.network))
    )


def upcoming(filters: CatalogueFilter, now: datetime | None = None) -> list[Event]:
    """Published events that have not ended, soonest first, narrowed by the filters.
    Invitation-only events are never listed (not here, the API or the feeds)."""
    now = now or utcnow()
    query = _visible().where(Event.status == EventStatus.PUBLISHED,
                             Event.audience != Audience.INVITED)
    if filters.kind:
        query = query.where(Event.kind == filters.kind)
    if filters.topic:
        query = query.where(Event.topics.any(Topic.name == filters.topic))
    events = [e for e in db.session.scalars(query).all()
              if e.ends_at is not None and e.ends_at > now]
    if filters.q:
        words = fold(filters.q).split()
        events = [e for e in events if all(w in searchable_text(e) for w in words)]
    if filters.mode in (Mode.PHYSICAL, Mode.DIGITAL):
        events = [e for e in events if filters.mode in e.modes]
    if filters.month:
        events = [
            e for e in events if any(
                local(s.starts_at).strftime("%Y-%m") == filters.month for s in e.sessions
            )
        ]
    events.sort(key=lambda e: e.sessions[0].starts_at)
    return events


def searchable_text(event: Event) -> str:
    """What the catalogue search looks in, folded (core/folding.py): title, kind, topic,
    description, and each session's title and place, so «Harstad» or «tromsø ernæring»
    finds the event. In Python, not SQL: the upcoming events are few and already loaded,
    and SQLite's lower() would not fold Æ, Ø and Å."""
    parts = [event.title, str(KIND_LABELS.get(event.kind, "")), event.description or ""]
    for topic in event.topics:
        parts += [topic.name, topic_label(topic.name)]
    for session in event.sessions:
        parts += [session.title or "", session.place or ""]
        if session.online:
            parts.append(str(_l("digitalt")))
    return fold(" ".join(parts))


def months_ahead(now: datetime | None = None, count: int = 12) -> list[str]:
    start = local(now or utcnow())
    year, month = start.year, start.month
    result = []
    for _ in range(count):
        result.append(f"{year:04d}-{month:02d}")
        month += 1
        if month > 12:
            year, month = year + 1, 1
    return result


def published(event_id: int) -> Event | None:
    """A published (or cancelled, so people can see it was) event; drafts are not found."""
    query = (
        select(Event)
        .where(Event.id == event_id,
               Event.status.in_([EventStatus.PUBLISHED, EventStatus.CANCELLED]))
        .options(joinedload(Event.sessions), joinedload(Event.seat_pools),
                 joinedload(Event.topics), joinedload(Event.network))
    )  # one round trip: this is on the path of every registration
    return db.session.scalars(query).unique().first()
