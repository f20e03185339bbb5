"""Demo data from the USHT action plans, dated in the coming months (for `make run`)."""

from __future__ import annotations

import random
import unicodedata
from datetime import datetime, time, timedelta

from sqlalchemy import func, select

from . import demo_networks
from .checkin import operations as checkin
from .core import municipalities
from .core.extensions import db
from .core.i18n import OSLO
from .courses import operations as courses
from .demo_last_year import seed_last_year
from .evaluations import answers, builder, invitations
from .evaluations.models import EvaluationInvitation
from .events import topics
from .models import (
    Event,
    EventKind,
    EventSession,
    EventStatus,
    Participation,
    Role,
    SeatPool,
    utcnow,
)
from .questions.models import AnswerKind, EventQuestion
from .registrations import operations as registrations
from .registrations import rules
from .series.models import EventSeries

FIRST_NAMES = ["Anne", "Kari", "Ingrid", "Marit", "Silje", "Hanne", "Ole", "Lars", "Jonas",
               "Sofie", "Ida", "Nora", "Emma", "Mathias", "Elin", "Trude", "Bjørn", "Åse",
               "Sigrid", "Ragnhild", "Inger", "Tor", "Kristin", "Mona", "Ellen", "Máret"]
LAST_NAMES = ["Hansen", "Johansen", "Olsen", "Nilsen", "Berg", "Pedersen", "Eriksen",
              "Karlsen", "Andreassen", "Jakobsen", "Mikkelsen", "Pettersen", "Solberg",
              "Isaksen", "Sara", "Lund", "Strand", "Ødegård", "Moe", "Halvorsen"]
WORKPLACES = ["sykehjem", "hjemmetjenesten", "helsesenter", "omsorgssenter",
              "korttidsavdeling", "demensavdeling"]


def _at(day: datetime, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day.date(), time(hour, minute), tzinfo=OSLO)


def _event(title: str, kind: EventKind, topic: str, description: str,
           participation: Participation, capacities: dict[str, int | None],
           sessions: list[tuple[datetime, datetime, str, bool, str]],
           *, serves_food: bool = False, has_waitlist: bool = True,
           status: EventStatus = EventStatus.PUBLISHED) -> Event:
    event = Event(
        title=title, kind=kind, topics=[topics.named(topic)] if topic else [],
        description=description,
        participation=participation, status=status, serves_food=serves_food,
        has_waitlist=has_waitlist,
        registration_opens_at=utcnow() - timedelta(days=30),
        registration_closes_at=sessions[0][0] - timedelta(days=2),
        cancellation_deadline=sessions[0][0] - timedelta(days=3),
    )
    for start, end, place, online, session_title in sessions:
        event.sessions.append(EventSession(starts_at=start, ends_at=end, place=place,
                                           online=online, title=session_title))
    for mode, capacity in capacities.items():
        event.seat_pools.append(SeatPool(mode=mode, capacity=capacity))
    db.session.add(event)
    builder.attach_standard(event)
    return event


def _ascii(address: str) -> str:
    """Demo addresses as real ones are: a–z only (Åse → aase, Tromsø → tromso, Kárášjohka →
    karasjohka); e-mail addresses with other letters are refused at registration."""
    text = address.lower().replace("å", "aa").replace("ø", "o").replace("æ", "ae")
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()


def _participants(rng: random.Random, count: int, troms: list[str]) -> list[rules.Participant]:
    people = []
    for i in range(count):
        first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
        kommune = rng.choice(troms)
        place = municipalities.name_of(kommune).split(" - ")[0]
        people.append(rules.Participant(
            name=f"{first} {last}",
            # Reserved example domains only (RFC 2606 style): with SMTP turned on, the demo
            # must never write to a real municipality.
            email=_ascii(f"{first}.{last}.{i}@{place.replace(' ', '')}.example.no"),
            mobile=f"+479{rng.randrange(1000000, 9999999):07d}",
            kommunenummer=kommune,
            workplace=f"{place} {rng.choice(WORKPLACES)}",
            role=rng.choice([r.value for r in Role]),
        ))
    return people


DEMO_ORGANISER = ("arrangor@usht.no", "demo-arrangor-2026")
DEMO_HOST = ("vert@usht.no", "demo-vert-2026")
DEMO_ADMIN = ("admin@usht.no", "demo-admin-2026")
# The three demo sign-ins as (role shown, e-mail, password), printed by seed-demo and make run.
DEMO_LOGINS = (("Administrator", *DEMO_ADMIN), ("Arrangør", *DEMO_ORGANISER),
               ("Vert", *DEMO_HOST))


def seed(now: datetime | None = None) -> int:
    """Create the demo events with participants. Returns the number of events made."""
    from .accounts import operations as auth

    now = now or utcnow()
    # The demo passwords are public and contain the e-mail's name, which the password rules
    # refuse: they skip the rules, and seed-demo is refused in production.
    organiser = auth.create_user(DEMO_ORGANISER[0], "arrangor", DEMO_ORGANISER[1],
                                 "Demo Arrangør", check_policy=False)
    host = auth.create_user(DEMO_HOST[0], "vert", DEMO_HOST[1], "Demo Vert",
                            check_policy=False)
    auth.create_user(DEMO_ADMIN[0], "admin", DEMO_ADMIN[1], "Demo Admin", check_policy=False)
    courses.ensure_klinobs()  # seeded by the migration; tests build the schema without it
    rng = random.Random(2026)
    troms = [m.number for m in municipalities.all_municipalities().values()
             if m.county == "Troms"]
    base = now.astimezone(OSLO) + timedelta(days=21)

    def day(weeks: int, weekday: int = 1) -> datetime:
        d = base + timedelta(weeks=weeks)
        d += timedelta(days=(weekday - d.weekday()) % 7)
        while (d.month == 12 and d.day >= 18) or (d.month == 1 and d.day <= 5):
            d += timedelta(weeks=3)  # nobody runs a course in the Christmas holidays
        return d

    P, D, H = Participation.PHYSICAL, Participation.DIGITAL, Participation.HYBRID
    v = day(2, 2)
    vinterlys = _event(
        "Vinterlys-konferansen 2027", EventKind.KONFERANSE, "Kompetanse og fagutvikling",
        "Årets konferanse for ansatte og ledere i helse- og omsorgstjenestene i Troms.\n\n"
        "* Bo trygt hjemme-reformen i praksis\n* Demensomsorg og pårørendesamarbeid\n"
        "* Lunsj serveres begge dager for fysiske deltakere.",
        H, {"physical": 120, "digital": 300},
        [(_at(v, 9), _at(v, 15, 30), "Clarion Hotel The Edge, Tromsø", True, "Dag 1"),
         (_at(v + timedelta(days=1), 9), _at(v + timedelta(days=1), 14),
          "Clarion Hotel The Edge, Tromsø", True, "Dag 2")],
        serves_food=True)
    p = day(5, 3)
    palliasjon = _event(
        "Nordnorsk palliasjonskonferanse", EventKind.KONFERANSE, "Lindrende behandling",
        "Lindrende behandling og omsorg ved livets slutt, i samarbeid med "
        "Kompetansesenter i lindrende behandling Helseregion Nord.",
        H, {"physical": 80, "digital": None},
        [(_at(p, 9), _at(p, 16), "Scandic Ishavshotel, Tromsø", True, "")], serves_food=True)
    first = day(1, 3)
    lille = _event(
        "Den lille forskjellen – webinarserie", EventKind.WEBINARSERIE, "Demens",
        "Fire korte webinarer om små grep som gjør en stor forskjell i hverdagen for personer "
        "med demens. Lenke til Teams sendes til påmeldte.",
        D, {"digital": None},
        [(_at(first + timedelta(weeks=2 * i), 14), _at(first + timedelta(weeks=2 * i), 15),
          "", True, f"Del {i + 1}") for i in range(4)])
    klinobs = []
    for level, week in ((1, 3), (2, 7), (3, 11)):
        k = day(week, 1)
        names = {1: "Grunnleggende ferdigheter", 2: "K-HLR", 3: "ProACT"}
        klinobs.append(_event(
            f"KlinObs instruktørkurs Trinn {level}: {names[level]}", EventKind.KLINOBS_KURS,
            "Pasientsikkerhet",
            "Instruktørkurs i KlinObsKommune. Kommunene sender instruktører som "
            "lærer opp egne ansatte." + (f" Krever fullført Trinn {level - 1}." if level > 1
                                         else ""),
            P, {"physical": 12},
            [(_at(k, 9), _at(k, 15), "USHT Troms, Tromsø", False, "Dag 1"),
             (_at(k + timedelta(days=1), 9), _at(k + timedelta(days=1), 15),
              "USHT Troms, Tromsø", False, "Dag 2")], serves_food=True))
    a = day(4, 4)
    abc = _event(
        "Demensomsorgens ABC perm 1 – fagseminar", EventKind.ABC_FAGSEMINAR, "Demens",
        "Fagseminar for ressurspersoner og deltakere i Demensomsorgens ABC.",
        H, {"physical": 40, "digital": 60},
        [(_at(a, 10), _at(a, 14), "Harstad kulturhus", True, "")])
    m = day(6, 2)
    mellom = _event(
        "Mellomledernettverket – samling 1", EventKind.NETTVERKSSAMLING, "Ledelse",
        "Samling for faste medlemmer av Mellomledernettverket.",
        H, {"physical": 25, "digital": 25},
        [(_at(m, 10), _at(m, 15), "Finnsnes, Senja", True, "")])
    _event("Legemiddelkonferansen (utkast)", EventKind.KONFERANSE, "Legemidler",
           "Ikke publisert ennå.", H, {"physical": 100, "digital": None},
           [(_at(day(12), 9), _at(day(12), 15), "Tromsø", True, "")],
           status=EventStatus.DRAFT)
    for event in db.session.scalars(select(Event)):
        event.owner_id = organiser.id
    vinterlys.hosts.append(host)
    for number, course in enumerate(klinobs, start=1):
        _on_track(course, number)
    for course in klinobs:
        course.kommune_quota = 3  # fair shares: each kommune sends a few instructors
    db.session.commit()
    db.session.add(EventQuestion(
        event_id=abc.id, position=1, kind=AnswerKind.SINGLE, required=False, health=False,
        text="Hvilken ABC-gruppe hører du til?",
        options=["Tromsø", "Harstad", "Senja", "Balsfjord", "Ingen gruppe ennå"]))
    db.session.commit()
    trinn1_done, trinn2_done = _past_klinobs(rng, troms, organiser, now)

    fill = [(vinterlys, 96, "physical"), (vinterlys, 140, "digital"), (palliasjon, 40, None),
            (lille, 55, None), (klinobs[0], 15, None), (klinobs[1], 10, None),
            (klinobs[2], 4, None), (abc, 38, "physical"), (abc, 20, "digital")]
    # (Mellomledernettverket's members register in demo_networks.seed: members only.)
    # The next levels are for those who completed the level below in the past rounds.
    course_people = {klinobs[1].id: [p for p in trinn1_done if p not in trinn2_done],
                     klinobs[2].id: trinn2_done}
    for event, count, mode in fill:
        for person in course_people.get(event.id) or _participants(rng, count, troms):
            chosen = mode or (event.modes[0] if len(event.modes) == 1
                              else rng.choice(event.modes))
            try:
                registrations.register(event.id, _with_mode(person, chosen), now=now)
            except rules.RegistrationRefused:
                pass
    demo_networks.seed(rng, troms, organiser, mellom, day, _event, _at,
                       (FIRST_NAMES, LAST_NAMES), _ascii, now)
    _past_with_evaluations(rng, troms, organiser, now)
    # Last year, for the yearly report: a pool of people from 17 of the region's kommuner.
    seed_last_year(rng, _participants(rng, 160, troms[4:]), organiser, now, _event)
    demo_networks.claim_earlier_gatherings(organiser)
    # The rounds of «Den lille forskjellen» as one series: its page, and the comparison.
    series = EventSeries(title="Den lille forskjellen", owner_id=organiser.id,
                         description="Webinarserien om små grep i demensomsorgen, vår og høst.")
    db.session.add(series)
    db.session.flush()
    for event in db.session.scalars(select(Event).where(
            Event.title.startswith("Den lille forskjellen"))):
        event.series_id = series.id
    db.session.commit()
    return db.session.scalar(select(func.count(Event.id))) or 0


def _past_with_evaluations(rng: random.Random, troms: list[str], organiser: object,
                           now: datetime) -> None:
    """Earlier rounds of «Den lille forskjellen» and an ABC seminar, with attendance and
    answers, so the results and the comparison have something to show."""
    from .models import EvaluationForm

    today = now.astimezone(OSLO)
    past: list[tuple[str, EventKind, Participation, dict[str, int | None], int, int,
                     tuple[int, int]]]
    past = [("Den lille forskjellen – våren 2026", EventKind.WEBINARSERIE,
             Participation.DIGITAL, {"digital": None}, 200, 40, (3, 5)),
            ("Den lille forskjellen – høsten 2026", EventKind.WEBINARSERIE,
             Participation.DIGITAL, {"digital": None}, 60, 35, (4, 5)),
            ("Demensomsorgens ABC – fagseminar høsten 2026", EventKind.ABC_FAGSEMINAR,
             Participation.PHYSICAL, {"physical": 40}, 3, 30, (3, 5))]
    for title, kind, participation, capacities, days_ago, count, _scores in past:
        day = today - timedelta(days=days_ago)
        online = participation == Participation.DIGITAL
        event = _event(title, kind, "Demens", "Gjennomført.", participation, capacities,
                       [(_at(day, 13), _at(day, 15), "" if online else "Harstad kulturhus",
                         online, "")])
        event.owner_id = organiser.id  # type: ignore[attr-defined]
        starts_at = event.starts_at
        assert starts_at is not None
        event.registration_opens_at = starts_at - timedelta(days=40)
        db.session.commit()
        mode = "digital" if online else "physical"
        made = []
        for person in _participants(rng, count, troms):
            try:
                made.append(registrations.register(
                    event.id, _with_mode(person, mode),
                    now=starts_at - timedelta(days=10)).registration)
            except rules.RegistrationRefused:
                pass
        session = event.sessions[0]
        for registration in made[: int(len(made) * 0.85)]:
            if online:
                checkin.record_digital(registration, session)
            else:
                checkin.set_attendance(registration, session, True, organiser)
        form = builder.form_of(event.id)
        assert form is not None
        form.closes_at = now + timedelta(minutes=1)  # open while the demo answers
        db.session.commit()
    invitations.queue_due_invitations(now)
    for form in db.session.scalars(select(EvaluationForm).where(
            EvaluationForm.auto_sent_at.is_not(None))).all():
        assert form.event is not None
        low, high = next((lo, hi) for t, *_rest, (lo, hi) in past if t == form.event.title)
        sent = list(db.session.scalars(select(EvaluationInvitation).where(
            EvaluationInvitation.form_id == form.id)))
        for invitation in sent[: int(len(sent) * 0.6)]:
            given: dict[int, answers.Answer] = {}
            for q in form.questions:
                if q.kind == "scale":
                    given[q.id] = rng.randint(low, high)
                elif q.kind == "yesno":
                    given[q.id] = 1 if rng.random() < 0.8 else 0
                elif q.kind == "multiple":
                    given[q.id] = rng.sample(q.options or [], 2)
                elif q.standard_key == "most_useful" and rng.random() < 0.5:
                    given[q.id] = rng.choice(["Eksemplene fra hverdagen", "Korte økter",
                                              "Tips jeg kan bruke i morgen",
                                              "Spørsmålene i chatten"])
            answers.submit(invitation.id, given, now=now)
        form = db.session.get_one(EvaluationForm, form.id)
        assert form.event is not None and form.event.ends_at is not None
        form.closes_at = form.event.ends_at + timedelta(days=builder.DEFAULT_OPEN_DAYS)
        db.session.commit()


def _on_track(event: Event, number: int) -> None:
    """A KlinObs course on its level; Trinn 2 and 3 require the level below."""
    event.level_id = courses.ensure_klinobs().levels[number - 1].id
    event.requires_previous = number > 1
    event.certificate_signer = "Anne Berg, fagleder USHT Troms"


def _past_klinobs(rng: random.Random, troms: list[str], organiser: object, now: datetime
                  ) -> tuple[list[rules.Participant], list[rules.Participant]]:
    """A past round of Trinn 1 (12 registered, 10 at both days, one at day 1 only) and of
    Trinn 2 (six of them, five at both days), completed: so some demo people are in the
    instructor registry, hold a kursbevis, and may register for the next level."""
    today = now.astimezone(OSLO)
    done: list[list[rules.Participant]] = []
    people = _participants(rng, 12, troms)
    for number, days_ago, group, present in ((1, 120, people, 10), (2, 40, [], 5)):
        group = group or done[0][:6]
        day = today - timedelta(days=days_ago)
        names = {1: "Grunnleggende ferdigheter", 2: "K-HLR"}
        event = _event(
            f"KlinObs instruktørkurs Trinn {number}: {names[number]} (gjennomført)",
            EventKind.KLINOBS_KURS, "Pasientsikkerhet", "Gjennomført.", Participation.PHYSICAL,
            {"physical": 12},
            [(_at(day, 9), _at(day, 15), "USHT Troms, Tromsø", False, "Dag 1"),
             (_at(day + timedelta(days=1), 9), _at(day + timedelta(days=1), 15),
              "USHT Troms, Tromsø", False, "Dag 2")])
        event.owner_id = organiser.id  # type: ignore[attr-defined]
        _on_track(event, number)
        starts_at = event.starts_at
        assert starts_at is not None
        event.registration_opens_at = starts_at - timedelta(days=40)
        db.session.commit()
        made = [registrations.register(event.id, _with_mode(p, "physical"),
                                       now=starts_at - timedelta(days=10)).registration
                for p in group]
        for i, registration in enumerate(made[:present + 1]):
            for session in event.sessions[: 1 if i == present else 2]:
                checkin.set_attendance(registration, session, True, organiser)
        courses.complete_from_attendance(event.id, now, organiser)
        done.append(group[:present])
    return done[0], done[1]


def _with_mode(person: rules.Participant, mode: str) -> rules.Participant:
    return rules.Participant(**{**person.__dict__, "mode": mode})
