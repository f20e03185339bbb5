"""Demo data for networks: Mellomledernettverket with its members (Troms) and members-only
gatherings, and an invitation-only cooperation meeting. Addresses: example.no only."""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import datetime
from typing import Any

from sqlalchemy import select

from .core import municipalities
from .core.extensions import db
from .models import Event, EventKind, Participation
from .networks import invitations
from .networks import operations as networks
from .networks.models import Audience, Network
from .registrations import operations as registrations
from .registrations import rules

MEMBER_COUNT = 25


def seed(rng: random.Random, troms: list[str], organiser: Any, first_gathering: Event,
         day: Callable[..., datetime], make_event: Callable[..., Event],
         at: Callable[..., datetime], names: tuple[list[str], list[str]],
         ascii_of: Callable[[str], str], now: datetime) -> None:
    network = networks.save_network(None, networks.NetworkFields(
        "Mellomledernettverket",
        "3–4 samlinger i nettverket per år. Digitale og fysiske samlinger for faste "
        "deltakere: mellomledere i helse- og omsorgstjenestene i kommunene i Troms.",
        "Åse Nettverksleder", "nettverk@example.no"), organiser)
    members = []
    for i in range(MEMBER_COUNT):
        first, last = rng.choice(names[0]), rng.choice(names[1])
        kommune = troms[i % len(troms)]
        place = municipalities.name_of(kommune).split(" - ")[0]
        members.append(networks.MemberFields(
            name=f"{first} {last}", email=ascii_of(f"{first}.{last}.{i}@example.no"),
            kommunenummer=kommune, workplace=f"{place} kommune, pleie og omsorg",
            role="leder", mobile=f"+479{rng.randrange(1000000, 9999999):07d}"))
    networks.import_members(network, members, organiser)
    gatherings = [first_gathering]
    for number, weeks in ((2, 16), (3, 28)):
        g = day(weeks, 2)
        gatherings.append(make_event(
            f"Mellomledernettverket – samling {number}", EventKind.NETTVERKSSAMLING, "Ledelse",
            "Samling for faste medlemmer av Mellomledernettverket.", Participation.HYBRID,
            {"physical": 25, "digital": 25},
            [(at(g, 10), at(g, 15), "Finnsnes, Senja", True, "")]))
    m = day(9, 4)
    meeting = make_event(
        "Samarbeidsmøte med kommunene", EventKind.INFORMASJONSMOTE, "Kompetanse og fagutvikling",
        "Årlig samarbeids- og informasjonsmøte mellom USHT Troms og kommunene: "
        "handlingsplanen for neste år. Bare for inviterte.", Participation.HYBRID,
        {"physical": 30, "digital": 40}, [(at(m, 10), at(m, 14), "Tromsø rådhus", True, "")])
    for event in [*gatherings, meeting]:
        event.owner_id = organiser.id
    db.session.commit()
    for event in gatherings:
        networks.set_audience(event, Audience.MEMBERS, network.id, organiser)
    networks.set_audience(meeting, Audience.INVITED, None, organiser)
    for member in members[:18]:
        person = rules.Participant(
            name=member.name, email=member.email, mobile=member.mobile,
            kommunenummer=member.kommunenummer, workplace=member.workplace, role=member.role,
            mode=rng.choice(["physical", "digital"]))
        registrations.register(first_gathering.id, person, now=now)
    invitations.invite(meeting, [
        invitations.Invitee(f"postmottak.{ascii_of(municipalities.name_of(k).split(' - ')[0])}"
                            f"@example.no", f"Kommunalsjef, {municipalities.name_of(k)}")
        for k in troms[:8]], organiser)


def claim_earlier_gatherings(organiser: Any) -> None:
    """Last year's gatherings (demo_last_year.py) were the network's too: members only."""
    network = db.session.scalar(select(Network).where(Network.name == "Mellomledernettverket"))
    if network is None:
        return
    for event in db.session.scalars(select(Event).where(
            Event.title.like("Mellomledernettverket%"), Event.network_id.is_(None))).all():
        networks.set_audience(event, Audience.MEMBERS, network.id, organiser)
