"""Organiser operations on events: create, edit, duplicate, publish, cancel (an event's
sessions: events/sessions.py; its team: events/team.py).

Capacity changes go through seats.set_capacity, so raising one promotes from the waiting
list at once and lowering one below the confirmed count is refused.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select
from sqlalchemy import update as sql_update
from sqlalchemy.orm.attributes import set_committed_value

from ..audit import log as audit
from ..audit.actions import AuditAction
from ..core.db import write_transaction
from ..core.extensions import db
from ..core.types import utcnow
from ..evaluations import builder
from ..mail import outbox
from ..mail.calendar import SessionFacts
from ..mail.models import MessageKind
from ..models import (
    Event,
    EventKind,
    EventSession,
    EventStatus,
    Participation,
    Registration,
    RegistrationStatus,
    SeatPool,
    User,
)
from ..registrations import rules, seats, session_choice, session_seats
from . import topics

MODES_FOR = {
    Participation.PHYSICAL: ["physical"],
    Participation.DIGITAL: ["digital"],
    Participation.HYBRID: ["physical", "digital"],
}


class EventRuleError(ValueError):
    """A change an organiser asked for breaks a rule; the message says which."""


@dataclass
class EventFields:
    title: str
    kind: str
    description: str
    participation: str
    capacities: dict[str, int | None]
    has_waitlist: bool
    serves_food: bool
    registration_opens_at: datetime | None
    registration_closes_at: datetime | None
    cancellation_deadline: datetime | None
    join_url: str = ""
    reminder_days: int = 2
    topic_ids: list[int] = field(default_factory=list)
    kommune_quota: int | None = None  # fair shares: confirmed seats per kommune
    session_choice: str = "all"  # «velg økter»: "any" lets people choose sessions


def _apply(event: Event, fields: EventFields) -> None:
    event.join_url = fields.join_url
    event.reminder_days = fields.reminder_days
    event.title = fields.title
    event.kind = EventKind(fields.kind)
    event.topics = topics.by_ids(fields.topic_ids)
    event.description = fields.description
    event.participation = Participation(fields.participation)
    event.has_waitlist = fields.has_waitlist
    event.serves_food = fields.serves_food
    event.registration_opens_at = fields.registration_opens_at
    event.registration_closes_at = fields.registration_closes_at
    event.cancellation_deadline = fields.cancellation_deadline
    event.kommune_quota = fields.kommune_quota


def create(fields: EventFields, first_session: EventSession, owner: User) -> Event:
    with write_transaction():
        event = Event(status=EventStatus.DRAFT, owner_id=owner.id)
        _apply(event, fields)
        event.sessions.append(first_session)
        for mode in MODES_FOR[Participation(fields.participation)]:
            event.seat_pools.append(SeatPool(mode=mode, capacity=fields.capacities.get(mode)))
        db.session.add(event)
        builder.attach_standard(event)
        db.session.flush()
        if fields.session_choice == "any":
            session_seats.let_choose_sessions(event)
            db.session.flush()
        audit.record(AuditAction.EVENT_CREATED, event_id=event.id, actor=owner,
                     after={"title": event.title})
        return event


def active_count(event_id: int, mode: str) -> int:
    return db.session.scalar(select(func.count(Registration.id)).where(
        Registration.event_id == event_id, Registration.mode == mode,
        Registration.status != RegistrationStatus.CANCELLED)) or 0


def update(event: Event, fields: EventFields, actor: User) -> list[Registration]:
    """Save the event's fields; capacities last, through the seat rules."""
    with write_transaction():
        if not event.chooses_sessions:  # the seat pools before the event's row, as
            seats.lock_pools(event.id)  # registering takes them (seats.lock_event)
        wanted = MODES_FOR[Participation(fields.participation)]
        # «Velg økter»: a changed capacity of the event becomes every session's; one left as
        # it was keeps the sessions' own (set on the sessions page).
        old_capacities: dict[str, int | None] = {p.mode: p.capacity for p in event.seat_pools}
        for existing in list(event.seat_pools):
            count = active_count(event.id, existing.mode) if existing.mode not in wanted else 0
            if count:
                raise EventRuleError(
                    _l("Kan ikke fjerne fysisk deltakelse: %(n)s er påmeldt eller venter.",
                       n=count) if existing.mode == "physical" else
                    _l("Kan ikke fjerne digital deltakelse: %(n)s er påmeldt eller venter.",
                       n=count))
        for mode in wanted:
            pool = event.pool(mode)
            capacity = fields.capacities.get(mode)
            if pool is not None and capacity is not None and capacity < pool.confirmed_count:
                raise EventRuleError(
                    _l("Fysisk kapasitet kan ikke settes til %(capacity)s: %(n)s har allerede "
                       "bekreftet plass.", capacity=capacity, n=pool.confirmed_count)
                    if mode == "physical" else
                    _l("Digital kapasitet kan ikke settes til %(capacity)s: %(n)s har allerede "
                       "bekreftet plass.", capacity=capacity, n=pool.confirmed_count))
        if fields.session_choice != event.session_choice:
            _switch_session_choice(event, fields.session_choice)
        before = {"title": event.title, "status": event.status}
        quota_loosened = event.kommune_quota is not None and (
            fields.kommune_quota is None or fields.kommune_quota > event.kommune_quota)
        join_url_changed = event.join_url != fields.join_url
        _apply(event, fields)
        if join_url_changed:
            notify_change(event)
        for pool in list(event.seat_pools):
            if pool.mode not in wanted:
                event.seat_pools.remove(pool)
        for mode in wanted:
            if event.pool(mode) is None:
                event.seat_pools.append(SeatPool(mode=mode, capacity=fields.capacities.get(mode)))
        audit.record(AuditAction.EVENT_EDITED, event_id=event.id, actor=actor, before=before,
                     after={"title": event.title, "status": event.status})
        promoted: list[Registration] = []
        if event.chooses_sessions:  # the event's capacities are each session's
            db.session.flush()  # the fields first: a refresh would drop what is not flushed
            db.session.refresh(event)
            seats.lock_event(event.id)  # before any session's seat row (seats.lock_event)
            session_seats.ensure_session_pools(event)
            db.session.flush()
            for session in event.sessions:
                for session_pool in list(session.seat_pools):
                    if session_pool.mode not in wanted:
                        session.seat_pools.remove(session_pool)
                for mode in wanted:
                    if mode in old_capacities \
                            and old_capacities[mode] == fields.capacities.get(mode):
                        continue
                    try:
                        promoted += session_seats.set_session_capacity(
                            session.id, mode, fields.capacities.get(mode), utcnow(), actor)
                    except ValueError:
                        raise EventRuleError(_l(
                            "Kapasiteten kan ikke settes til %(capacity)s: flere har allerede "
                            "bekreftet plass i en av øktene.",
                            capacity=fields.capacities.get(mode))) from None
            if quota_loosened:  # seats held back for the quota go to those waiting
                promoted += session_seats.offer_free_seats(event, utcnow(), actor, "organiser")
        for mode in wanted:
            try:
                promoted += seats.set_capacity(event.id, mode, fields.capacities.get(mode),
                                               actor=actor)
            except rules.CapacityBelowConfirmed as error:
                raise EventRuleError(_l(
                    "Kapasiteten kan ikke settes til %(capacity)s: %(n)s har allerede "
                    "bekreftet plass.", capacity=error.capacity, n=error.confirmed)) from None
        return promoted


def _switch_session_choice(event: Event, choice: str) -> None:
    """«Velg økter» on or off: only while nobody is registered (a registration's seats are
    counted either for the event or per session, never both)."""
    if db.session.scalar(select(Registration.id).where(
            Registration.event_id == event.id).limit(1)) is not None:
        raise EventRuleError(_l("Om deltakerne velger økter kan ikke endres når noen er "
                                "påmeldt."))
    if choice == "any":
        session_seats.let_choose_sessions(event)
    else:
        event.session_choice = "all"
        for session in event.sessions:
            session.seat_pools.clear()
    db.session.flush()


def active(event: Event, statuses: tuple[str, ...]) -> list[Registration]:
    return list(db.session.scalars(select(Registration).where(
        Registration.event_id == event.id, Registration.status.in_(statuses))))


def _chosen_change(registration: Registration, sessions: list[int] | None,
                   removed: list[SessionFacts], holders: dict[int, set[int]]) -> dict | None:
    """Where people choose sessions, a change reaches a registration only for the sessions
    it has a seat in (and a removed session's CANCEL only those who held it); None: the
    change is none of theirs."""
    seated = session_choice.invite_ids(registration)
    invite = [s for s in (seated if sessions is None else sessions) if s in seated]
    gone = [f for f in removed if registration.id in holders.get(f.id, set())]
    if not invite and not gone:
        return None
    return {"invite_sessions": invite, "removed_sessions": gone}


def notify_change(event: Event, *, sessions: list[int] | None = None,
                  removed: list[SessionFacts] | None = None,
                  holders: dict[int, set[int]] | None = None) -> int:
    """Time, place or join link changed: everyone confirmed gets the invite again, same
    UIDs and a higher SEQUENCE, so their calendar entry moves instead of doubling. Only
    the ``sessions`` that changed get a new invite (default: all), and a ``removed``
    session a CANCEL of its own (one UID per e-mail, mail/outbox.py)."""
    if event.status != EventStatus.PUBLISHED:
        return 0
    event.calendar_sequence += 1
    confirmed = active(event, (RegistrationStatus.CONFIRMED,))
    extra: dict = {}
    if sessions is not None:
        extra["invite_sessions"] = sessions
    if removed:
        extra["removed_sessions"] = removed
    told = 0
    for registration in confirmed:
        own = extra
        if event.chooses_sessions:
            chosen = _chosen_change(registration, sessions, removed or [], holders or {})
            if chosen is None:
                continue
            own = chosen
        outbox.queue(MessageKind.CHANGED, registration, extra=own)
        told += 1
    return told


def set_status(event: Event, status: EventStatus, actor: User) -> None:
    with write_transaction():
        if event.chooses_sessions:
            # the event's row before any registration's, as everyone locks there
            # (seats.lock_event); elsewhere the compare-and-set below takes it last
            seats.lock_event(event.id)
        before = event.status
        if before == EventStatus.CANCELLED and status != EventStatus.CANCELLED:
            # Everyone was told it is off and their calendars got a CANCEL; opening it again
            # would leave them registered for an event they believe is gone.
            raise EventRuleError(_l("Et avlyst arrangement kan ikke åpnes igjen: deltakerne "
                                    "har fått beskjed om avlysningen. Lag en kopi og publiser "
                                    "den i stedet."))
        if status == EventStatus.PUBLISHED and not event.sessions:
            raise EventRuleError(_l("Legg til minst én økt før arrangementet publiseres."))
        if status == EventStatus.CANCELLED and before != EventStatus.CANCELLED:
            # Everyone still on the list is told; confirmed calendars get a CANCEL.
            for registration in active(event, (RegistrationStatus.CONFIRMED,
                                                RegistrationStatus.WAITLISTED)):
                outbox.queue(MessageKind.EVENT_CANCELLED, registration, extra={
                    "invite_sessions": session_choice.invite_ids(registration)}
                    if event.chooses_sessions else None)
        # Compare and set: another organiser's change of status since this one was read
        # (two pressing «Avlys», or «Gjør om til utkast» against «Avlys») makes this one a
        # refusal, rolled back whole (no second «Avlyst» e-mail, no cancelled event reopened).
        changed = db.session.execute(
            sql_update(Event).where(Event.id == event.id, Event.status == before)
            .values(status=status).execution_options(synchronize_session=False))
        if changed.rowcount != 1:  # type: ignore[attr-defined]
            raise EventRuleError(_l("Noen andre endret statusen til arrangementet samtidig. "
                                    "Se hva den er nå, og prøv igjen om det trengs."))
        set_committed_value(event, "status", status)
        audit.record(AuditAction.EVENT_STATUS, event_id=event.id, actor=actor,
                     before={"status": before},
                     after={"status": status.value})


def duplicate(event: Event, weeks: int, title: str, actor: User) -> Event:
    """A copy as a draft, every date moved by ``weeks``; no participants are copied."""
    with write_transaction():
        shift = timedelta(weeks=weeks)

        def moved(value: datetime | None) -> datetime | None:
            return value + shift if value is not None else None

        copy = Event(
            title=title, kind=event.kind, topics=list(event.topics),
            description=event.description,
            participation=event.participation, status=EventStatus.DRAFT,
            has_waitlist=event.has_waitlist, serves_food=event.serves_food,
            registration_opens_at=moved(event.registration_opens_at),
            registration_closes_at=moved(event.registration_closes_at),
            cancellation_deadline=moved(event.cancellation_deadline),
            kommune_quota=event.kommune_quota,
            owner_id=actor.id,
            # The next gathering of a network is for the same people (not the invitations).
            audience=event.audience, network_id=event.network_id,
        )
        for s in event.sessions:
            copy.sessions.append(EventSession(title=s.title, starts_at=s.starts_at + shift,
                                              ends_at=s.ends_at + shift, place=s.place,
                                              online=s.online))
        for pool in event.seat_pools:
            copy.seat_pools.append(SeatPool(mode=pool.mode, capacity=pool.capacity))
        copy.organisers = list(event.organisers)
        copy.hosts = list(event.hosts)
        # The next round of a course stays on its level (courses/), with its rule and signer.
        copy.level_id, copy.requires_previous = event.level_id, event.requires_previous
        copy.certificate_signer = event.certificate_signer
        db.session.add(copy)
        source_form = builder.form_of(event.id)
        if source_form is not None:
            builder.copy_to(source_form, copy)
        db.session.flush()
        audit.record(AuditAction.EVENT_DUPLICATED, event_id=copy.id, actor=actor,
                     before={"from_event": event.id}, after={"weeks": weeks})
        return copy


def participant_totals(event: Event) -> list[dict[str, Any]]:
    """Per mode: confirmed / capacity, waitlisted, cancelled."""
    rows = db.session.execute(
        select(Registration.mode, Registration.status, func.count(Registration.id))
        .where(Registration.event_id == event.id)
        .group_by(Registration.mode, Registration.status)).all()
    counts = {(m, s): n for m, s, n in rows}
    return [{"mode": p.mode, "capacity": p.capacity,
             "confirmed": counts.get((p.mode, "confirmed"), 0),
             "waitlisted": counts.get((p.mode, "waitlisted"), 0),
             "cancelled": counts.get((p.mode, "cancelled"), 0)} for p in event.seat_pools]
