"""Demo data for the yearly report: last year's events of every kind, with registrations
from most of the region's kommuner, some cancelled, and attendance (so `make run` shows a
real report for last year, and a comparison for this one)."""

from __future__ import annotations

import random
from datetime import datetime, timedelta

from sqlalchemy import delete

from .checkin import operations as checkin
from .core.extensions import db
from .core.i18n import OSLO
from .evaluations import builder
from .events import topics
from .models import Event, EventKind, OutboxMessage, Participation, User
from .registrations import operations as registrations
from .registrations import rules

# title, kind, topics, participation, month, day, sessions, how many register
LAST_YEAR = [
    ("Vinterlys-konferansen", EventKind.KONFERANSE, ["Kompetanse og fagutvikling", "Demens"],
     Participation.HYBRID, 2, 4, 2, 90),
    ("En bedre hverdag – webinarserie", EventKind.WEBINARSERIE,
     ["Rehabilitering og hverdagsmestring"], Participation.DIGITAL, 3, 10, 3, 70),
    ("Ernæringskonferansen", EventKind.KONFERANSE, ["Ernæring"], Participation.HYBRID, 4, 22,
     1, 60),
    ("KlinObs instruktørkurs Trinn 1", EventKind.KLINOBS_KURS, ["Kompetanse og fagutvikling"],
     Participation.PHYSICAL, 5, 13, 2, 12),
    ("Pårørendesamarbeid i praksis", EventKind.ANNET, ["Pårørende"], Participation.PHYSICAL,
     6, 3, 1, 18),
    ("Fagdag: TryggEst", EventKind.FAGDAG, ["TryggEst", "Utviklingshemming"],
     Participation.PHYSICAL, 9, 16, 1, 35),
    ("Informasjonsmøte om velferdsteknologi", EventKind.INFORMASJONSMOTE, ["Helseteknologi"],
     Participation.DIGITAL, 10, 8, 1, 25),
    ("Demensomsorgens ABC – oppstart", EventKind.ABC_FAGSEMINAR, ["Demens"],
     Participation.HYBRID, 10, 28, 1, 30),
    ("Mellomledernettverket – samling 3", EventKind.NETTVERKSSAMLING, ["Ledelse"],
     Participation.HYBRID, 11, 18, 1, 20),
]


def seed_last_year(rng: random.Random, people: list[rules.Participant], organiser: User,
                   now: datetime, make_event: object) -> None:
    """``people`` is a pool drawn from: the same person comes to several events."""
    year = now.astimezone(OSLO).year - 1
    for title, kind, names, participation, month, day, sessions, count in LAST_YEAR:
        start = datetime(year, month, day, 9, tzinfo=OSLO)
        online = participation != Participation.PHYSICAL
        capacities: dict[str, int | None] = (
            {"physical": max(count, 12)} if participation == Participation.PHYSICAL
            else {"digital": None} if participation == Participation.DIGITAL
            else {"physical": count // 2 + 5, "digital": None})
        event: Event = make_event(  # type: ignore[operator]
            f"{title} {year}", kind, names[0], "Gjennomført.", participation, capacities,
            [(start + timedelta(weeks=i), start + timedelta(weeks=i, hours=5),
              "" if participation == Participation.DIGITAL else "Tromsø", online,
              f"Del {i + 1}" if sessions > 1 else "") for i in range(sessions)])
        event.topics = [topics.named(name) for name in names]
        event.owner_id = organiser.id
        event.registration_opens_at = start - timedelta(days=60)
        db.session.flush()
        form = builder.form_of(event.id)
        if form is not None:
            form.auto_send = False  # no invitations for last year's events
        db.session.commit()
        made = []
        for person in rng.sample(people, count):
            mode = (event.modes[0] if len(event.modes) == 1 else rng.choice(event.modes))
            try:
                outcome = registrations.register(
                    event.id, rules.Participant(**{**person.__dict__, "mode": mode}),
                    now=start - timedelta(days=20))
            except rules.RegistrationRefused:
                continue
            made.append(outcome)
        for outcome in made[: len(made) // 12]:  # some cancel
            registrations.cancel(outcome.token, now=start - timedelta(days=10))
        for outcome in made[len(made) // 12:]:
            registration = outcome.registration
            if registration.status != "confirmed" or rng.random() > 0.85:
                continue
            for session in event.sessions:
                if rng.random() > 0.8 and session is not event.sessions[0]:
                    continue
                if registration.mode == "digital":
                    checkin.record_digital(registration, session)
                else:
                    checkin.set_attendance(registration, session, True, organiser)
        # Last year's e-mails went out last year: none of them wait in today's outbox (they
        # would only fail there, their registrations being anonymised by the retention round).
        db.session.execute(delete(OutboxMessage).where(OutboxMessage.event_id == event.id))
        db.session.commit()
