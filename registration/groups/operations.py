"""What a contact person does for a group: register it, add people, replace one, cancel.

Each function is one user action and one transaction. The seats are taken by the rules in
registrations/seats.py: «alle eller ingen» takes all the seats a group needs in one
conditional UPDATE per mode (``take_seats``), so a group gets them all or none, decided by
the database also when many groups register in the same second.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError

from ..audit import log as audit
from ..audit.actions import AuditAction
from ..checkin import joinlinks
from ..checkin.tickets import new_ticket_code
from ..core.db import write_transaction
from ..core.extensions import db
from ..core.i18n import interface_language
from ..core.links import external_url
from ..core.types import utcnow
from ..courses.prerequisites import check_prerequisite
from ..events.models import Event, Mode
from ..mail import outbox
from ..mail.models import MessageKind
from ..networks.audience import check_audience
from ..questions import answers as own_answers
from ..questions.models import RegistrationAnswer
from ..registrations import operations, seats
from ..registrations.models import Registration, RegistrationStatus, Role
from ..registrations.rules import (
    KOMMUNE_QUOTA,
    Participant,
    RegistrationRefused,
    check_registration_open,
    new_token,
    normalize_email,
    person_key,
    resolve_mode,
)
from .models import RegistrationGroup
from .parse import MAX_PARTICIPANTS, Contact, GroupRequest

ALREADY_REGISTERED = _l("Denne e-postadressen er allerede påmeldt arrangementet.")
# A row of the answer: what the contact sees, and the API returns, for each person.
FULL = "full"  # «de som får plass» without a waiting list: this person got no place


class GroupRowErrors(Exception):
    """Rows the database refused (an e-mail already registered); keyed like parse errors."""

    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__(", ".join(errors))
        self.errors = errors


@dataclass(frozen=True)
class Row:
    email: str
    status: str
    token: str | None
    waitlist_position: int | None
    registration_id: int | None = None


@dataclass(frozen=True)
class GroupOutcome:
    group_id: int
    group_token: str
    rows: list[Row]


def get_by_token(token: str) -> RegistrationGroup | None:
    if not token or len(token) > 64 or "\x00" in token:
        return None
    return db.session.scalar(select(RegistrationGroup).where(RegistrationGroup.token == token))


def members(group: RegistrationGroup) -> list[Registration]:
    return list(db.session.scalars(select(Registration).where(
        Registration.group_id == group.id).order_by(Registration.id)))


def rows_of(group: RegistrationGroup) -> list[Row]:
    positions = seats.waitlist_positions(group.event_id)
    return [Row(r.email, r.status, r.token, positions.get(r.id), r.id) for r in members(group)]


def _refuse_already_registered(event_id: int, people: list[Participant],
                               first_index: int = 0) -> None:
    """Every row whose e-mail already has an active registration, at once (the unique
    index still decides under concurrency: see _seat_and_add)."""
    wanted = {normalize_email(p.email): i for i, p in enumerate(people)}
    taken = set(db.session.scalars(select(Registration.email_normalized).where(
        Registration.event_id == event_id, Registration.email_normalized.in_(wanted),
        Registration.status != RegistrationStatus.CANCELLED)))
    if taken:
        raise GroupRowErrors({f"participants.{wanted[e] + first_index}.email":
                              str(ALREADY_REGISTERED) for e in sorted(taken)})


def _refuse_who_may_not(event: Event, people: list[Participant], now: datetime,
                        first_index: int = 0, key: str = "participants.{i}.email") -> None:
    """Every row whose person may not register for this event by themselves: not a member
    of a members-only event's network, not invited, or without the course level below. The
    same rules as one registration (registrations.operations.register), in this
    transaction and before any seat is taken; the message goes on that row's e-mail."""
    errors: dict[str, str] = {}
    for i, person in enumerate(people):
        try:
            check_audience(event, person.email)
            check_prerequisite(event, person.email, now)
        except RegistrationRefused as refused:
            errors[key.format(i=i + first_index)] = str(refused.message)
    if errors:
        raise GroupRowErrors(errors)


Place = tuple[bool, int | None, str | None]  # (seated, rank, why waiting)


def _places(event: Event, modes: list[Mode], all_or_nothing: bool, kommune: str
            ) -> list[Place]:
    """(seated, rank, reason) per person, in the order listed; (False, None, None): no
    place at all. Everyone in a group counts towards the contact's kommune's share."""
    pools = {mode: event.pool(mode) for mode in set(modes)}
    ids = {mode: pool.id for mode, pool in pools.items() if pool is not None}
    if all_or_nothing:
        needed = Counter(modes)
        # A fixed order (pool id) so two groups of two modes cannot deadlock.
        order = sorted(needed, key=lambda m: ids[m])
        taken: list[Mode] = []
        for mode in order:
            if not seats.take_seats(ids[mode], needed[mode]):
                break
            taken.append(mode)
        reason = None
        if len(taken) == len(order):
            group_room = seats.kommune_room(event, kommune)
            if group_room is None or group_room >= len(modes):
                return [(True, None, None)] * len(modes)
            reason = KOMMUNE_QUOTA
        for mode in taken:  # seats that were free before: nobody to promote
            seats.release_seats(ids[mode], needed[mode])
        if not event.has_waitlist:
            raise RegistrationRefused(reason or "full", quota=event.kommune_quota)
        ranks = {mode: iter(seats.next_queue_numbers(ids[mode], needed[mode]))
                 for mode in order}
        return [(False, next(ranks[mode]), reason) for mode in modes]
    places: list[Place] = []
    room: int | None = -1  # not asked yet
    for mode in modes:
        seated, reason = seats.take_seat(ids[mode]), None
        if seated:
            if room == -1:
                room = seats.kommune_room(event, kommune)
            if room is not None:
                if room == 0:
                    seats.release_seat(ids[mode])
                    seated, reason = False, KOMMUNE_QUOTA
                else:
                    room -= 1
        if seated:
            places.append((True, None, None))
        elif event.has_waitlist:
            places.append((False, seats.next_queue_number(ids[mode]), reason))
        else:
            places.append((False, None, reason))
    if not any(seated or rank for seated, rank, _reason in places):
        raise RegistrationRefused(places[0][2] or "full", quota=event.kommune_quota)
    return places


def _seat_and_add(event: Event, group: RegistrationGroup, people: list[Participant],
                  now: datetime, first_index: int = 0) -> list[Row]:
    modes = [resolve_mode(event, p.mode) for p in people]
    places = _places(event, modes, group.all_or_nothing, group.contact_kommunenummer)
    rows: list[Row] = []
    added: list[Registration] = []
    for index, (person, mode, (seated, rank, reason)) in enumerate(zip(people, modes, places,
                                                                       strict=True)):
        if not seated and rank is None:
            rows.append(Row(person.email, FULL, None, None))
            continue
        registration = operations.new_registration(event, person, mode, seated=seated,
                                                   rank=rank, now=now, group_id=group.id,
                                                   waitlist_reason=reason)
        try:
            operations.add_registration(registration, person.answers)
        except RegistrationRefused:
            raise GroupRowErrors({f"participants.{index + first_index}.email":
                                  str(ALREADY_REGISTERED)}) from None
        joinlinks.ensure_for_registration(registration)
        added.append(registration)
        rows.append(Row(person.email, registration.status, registration.token, None,
                        registration.id))
    positions = seats.waitlist_positions(event.id)
    for registration in added:
        position = positions.get(registration.id)
        outbox.queue(MessageKind.CONFIRMATION if position is None else MessageKind.WAITLISTED,
                     registration, position=position)
        audit.record(AuditAction.REGISTERED, event_id=event.id, registration=registration,
                     after={**audit.snapshot(registration), "group_id": group.id})
    return [Row(r.email, r.status, r.token, positions.get(r.registration_id or 0),
                r.registration_id) for r in rows]


def _tell_contact(group: RegistrationGroup, event: Event) -> None:
    outbox.queue_to_address(MessageKind.GROUP, group.contact_email, group.contact_name,
                            extra={"subject": event.title, "event_title": event.title,
                                   "group_name": group.name,
                                   "group_url": external_url("groups.group_page",
                                                             token=group.token),
                                   # the contact's: the language of the page they used
                                   "language": interface_language()})


def register_group(event_id: int, request: GroupRequest,
                   now: datetime | None = None) -> GroupOutcome:
    """Register a group: every participant an ordinary registration, all in one transaction.
    Refused rows (GroupRowErrors) or no place at all (RegistrationRefused "full") roll
    everything back: nothing half-registered."""
    now = now or utcnow()
    with write_transaction():
        event = db.session.get(Event, event_id)
        if event is None:
            raise RegistrationRefused("not_found")
        check_registration_open(event, now)
        if event.chooses_sessions:  # each person chooses their own sessions («velg økter»)
            raise RegistrationRefused("group_with_sessions")
        _refuse_already_registered(event_id, request.participants)
        _refuse_who_may_not(event, request.participants, now)
        contact: Contact = request.contact
        group = RegistrationGroup(
            event_id=event_id, token=new_token(), name=request.group_name,
            all_or_nothing=request.all_or_nothing, contact_name=contact.name,
            contact_email=contact.email, contact_mobile=contact.mobile,
            contact_kommunenummer=contact.kommunenummer, contact_workplace=contact.workplace,
            created_at=now)
        db.session.add(group)
        db.session.flush()
        rows = _seat_and_add(event, group, request.participants, now)
        audit.record(AuditAction.GROUP_REGISTERED, event_id=event_id,
                     after={"group_id": group.id, "count": len(request.participants),
                            "all_or_nothing": group.all_or_nothing})
        _tell_contact(group, event)
        return GroupOutcome(group.id, group.token, rows)


def _lock_group(token: str) -> RegistrationGroup:
    query = select(RegistrationGroup).where(RegistrationGroup.token == token)
    if seats.is_postgres():
        query = query.with_for_update()
    group = db.session.scalars(query).first()
    if group is None or group.anonymised_at is not None:
        raise RegistrationRefused("not_found")
    return group


def _check_changes_open(event: Event, now: datetime) -> None:
    deadline = event.cancellation_deadline or event.starts_at
    if deadline is not None and now > deadline:
        raise RegistrationRefused("cancellation_closed", deadline=deadline)


def add_people(token: str, people: list[Participant], now: datetime | None = None
               ) -> list[Row]:
    """More people in the group, seated by the group's own rule. While registration is open."""
    now = now or utcnow()
    with write_transaction():
        group = _lock_group(token)
        event = group.event
        check_registration_open(event, now)
        if event.chooses_sessions:
            raise RegistrationRefused("group_with_sessions")
        current = [r for r in members(group) if r.status != RegistrationStatus.CANCELLED]
        if len(current) + len(people) > MAX_PARTICIPANTS:
            raise GroupRowErrors({"participants": str(_l(
                "En gruppe kan ha høyst %(n)s deltakere.", n=MAX_PARTICIPANTS))})
        _refuse_already_registered(event.id, people)
        _refuse_who_may_not(event, people, now)
        rows = _seat_and_add(event, group, people, now)
        audit.record(AuditAction.GROUP_ADDED, event_id=event.id,
                     after={"group_id": group.id, "count": len(people)})
        return rows


def _member(group: RegistrationGroup, registration_id: int) -> Registration:
    registration = db.session.get(Registration, registration_id, with_for_update=True,
                                  populate_existing=True)
    if registration is None or registration.group_id != group.id:
        raise RegistrationRefused("not_found")
    if registration.status == RegistrationStatus.CANCELLED:
        raise RegistrationRefused("already_cancelled")
    return registration


def replace(token: str, registration_id: int, person: Participant,
            now: datetime | None = None) -> Registration:
    """Someone else takes a member's place: the seat (or place in line) stays, the person
    changes. The new person gets a new personal link and ticket; the old link stops
    working, the old person is told, and the diet answer (the old person's) is deleted."""
    now = now or utcnow()
    with write_transaction():
        group = _lock_group(token)
        event = group.event
        _check_changes_open(event, now)
        registration = _member(group, registration_id)
        _refuse_who_may_not(event, [person], now, key="email")
        old_email, old_name = registration.email, registration.name
        old_language = registration.language or "nb"  # the mail goes in the old person's
        before = audit.snapshot(registration)
        try:
            with db.session.begin_nested():
                registration.name = person.name
                registration.email = person.email.strip()
                registration.email_normalized = normalize_email(person.email)
                registration.person_key = person_key(person.email)
                registration.mobile = person.mobile
                registration.role = Role(person.role)
                registration.token = new_token()
                registration.ticket_code = new_ticket_code()
                registration.diet = None
                registration.diet_consent_at = None
                if event.serves_food and person.diet and person.diet_consent:
                    registration.diet = person.diet
                    registration.diet_consent_at = now
                registration.updated_at = now
        except IntegrityError:  # the unique index: the new e-mail is already registered
            raise GroupRowErrors({"email": str(ALREADY_REGISTERED)}) from None
        # The answers were the old person's; the new person's own take their place.
        db.session.execute(delete(RegistrationAnswer).where(
            RegistrationAnswer.registration_id == registration.id))
        own_answers.store(registration.id, person.answers)
        outbox.queue_to_address(MessageKind.GROUP_REPLACED, old_email, old_name,
                                extra={"subject": event.title, "event_title": event.title,
                                       "contact_name": group.contact_name,
                                       "language": old_language})
        position = seats.waitlist_position(registration)
        outbox.queue(MessageKind.CONFIRMATION if position is None else MessageKind.WAITLISTED,
                     registration, position=position)
        audit.record(AuditAction.GROUP_REPLACED, event_id=event.id, registration=registration,
                     before=before, after=audit.snapshot(registration))
        return registration


def cancel_members(token: str, registration_ids: list[int], now: datetime | None = None
                   ) -> int:
    """Cancel some or all of the group until the cancellation deadline; each freed seat
    goes to the first in line, as any cancellation does. Returns how many were cancelled."""
    now = now or utcnow()
    with write_transaction():
        group = _lock_group(token)
        _check_changes_open(group.event, now)
        chosen = [r for r in members(group) if r.id in set(registration_ids)
                  and r.status != RegistrationStatus.CANCELLED]
        # Waiting ones first, so a freed seat does not go to someone cancelled next.
        chosen.sort(key=lambda r: r.status != RegistrationStatus.WAITLISTED)
        for registration in chosen:
            operations.cancel(registration.token, now)
        audit.record(AuditAction.GROUP_CANCELLED, event_id=group.event_id,
                     after={"group_id": group.id, "count": len(chosen)})
        return len(chosen)
