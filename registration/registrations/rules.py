"""What a registration must satisfy, and the words for when it does not.

The refusal codes are stable (the API returns them); the messages are for people. The
rules that must hold under concurrency are not here but in the database: see seats.py.
"""

from __future__ import annotations

import hmac
import secrets
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any, Protocol

from flask import current_app
from flask_babel import lazy_gettext as _l

from ..events.models import Event, EventStatus, Mode
from .models import Registration, RegistrationStatus, Role

if TYPE_CHECKING:
    from .express import PlainEvent

REFUSAL_MESSAGES = {
    "not_found": _l("Fant ikke arrangementet."),
    "not_open": _l("Påmeldingen har ikke åpnet ennå."),
    "closed": _l("Påmeldingsfristen har gått ut."),
    "past": _l("Arrangementet har allerede startet eller er over."),
    "event_cancelled": _l("Arrangementet er avlyst."),
    "full": _l("Det er ingen ledige plasser, og arrangementet har ikke venteliste."),
    "kommune_quota": _l("Kommunen din har fått sine plasser, og arrangementet har ikke "
                        "venteliste."),
    "duplicate": _l("Du er allerede påmeldt dette arrangementet med denne e-postadressen."),
    "mode_not_offered": _l("Denne deltakelsesformen tilbys ikke for arrangementet."),
    "already_cancelled": _l("Påmeldingen er allerede avmeldt."),
    "cancellation_closed": _l(
        "Fristen for å melde seg av har gått ut. Ta kontakt med arrangøren."
    ),
    "same_mode": _l("Du er allerede påmeldt med denne deltakelsesformen."),
    "no_seat_for_switch": _l("Det er ingen ledige plasser for den deltakelsesformen."),
    "not_waitlisted": _l("Påmeldingen står ikke på venteliste."),
    # The full message (which course comes first, its next date) is
    # courses.prerequisites.PrerequisiteMissing.message.
    "prerequisite_missing": _l("Dette kurset krever et fullført kurs på trinnet under."),
    "members_only": _l("Dette arrangementet er bare for medlemmer av nettverket."),
    "invitation_required": _l("Dette arrangementet er bare for inviterte."),
    "no_sessions": _l("Velg minst én økt."),
    "group_with_sessions": _l("Her velger hver deltaker sine egne økter, så gruppepåmelding "
                              "er ikke mulig. Meld på én og én fra arrangementssiden."),
    "unknown_session": _l("Arrangementet har ingen slik økt."),
    "session_closed": _l("Påmeldingsfristen for økten har gått ut."),
    "session_already_chosen": _l("Du er allerede påmeldt denne økten."),
    "session_not_chosen": _l("Du er ikke påmeldt denne økten."),
    "last_session": _l("Dette er den siste økten din. Meld deg av hele påmeldingen i "
                       "stedet."),
    "sessions_mode_fixed": _l("Deltakelsesformen kan ikke endres når du har valgt økter. "
                              "Ta kontakt med arrangøren."),
    "per_session": _l("Deltakerne velger økter her: endre plassene for økten på «Økter» i "
                      "stedet."),
    "edit_closed": _l(
        "Fristen for å endre påmeldingen har gått ut. Ta kontakt med arrangøren."
    ),
}


# Why someone waits although the mode has a free seat: their kommune has its share.
KOMMUNE_QUOTA = "kommune_quota"


def quota_reason(event: Event) -> str:
    """The reason shown to someone waiting for their kommune's share."""
    return str(_l("Kommunen din har fått sine %(n)s plasser. Du står på ventelisten og får "
                  "plass hvis en fra kommunen din melder seg av, eller hvis arrangøren gir "
                  "deg plass.", n=event.kommune_quota or 0))


class RegistrationRefused(Exception):
    """A rule says no. ``code`` is stable (used by the API); ``message`` is for people."""

    def __init__(self, code: str, **details: object) -> None:
        super().__init__(code)
        self.code = code
        self.details = details

    @property
    def message(self) -> str:
        return str(REFUSAL_MESSAGES[self.code])


class CapacityBelowConfirmed(Exception):
    def __init__(self, mode: str, confirmed: int, capacity: int) -> None:
        super().__init__(f"{mode}: {confirmed} confirmed > {capacity}")
        self.mode = mode
        self.confirmed = confirmed
        self.capacity = capacity


@dataclass(frozen=True)
class Participant:
    """Validated answers from the registration form or the API."""

    name: str
    email: str
    mobile: str
    kommunenummer: str
    workplace: str
    role: Role | str
    mode: Mode | str | None = None
    diet: str | None = None
    diet_consent: bool = False
    # Checked answers to the event's own questions (questions/answers.py): question id →
    # value; health answers only when consent was given.
    answers: dict[int, Any] = field(default_factory=dict)
    # Where the event lets people choose sessions: the chosen ones (session ids).
    session_ids: tuple[int, ...] = ()


@dataclass(frozen=True)
class OwnDetails:
    """What a participant may correct on the personal page (not the e-mail: it is the key
    that finds the registration again)."""

    name: str
    mobile: str
    kommunenummer: str
    workplace: str
    role: Role | str
    diet: str | None = None
    diet_consent: bool = False


@dataclass
class Outcome:
    """What happened. token/status/mode are read before the commit, so using them
    costs no query afterwards."""

    registration: Registration
    waitlist_position: int | None
    promoted: list[Registration] = field(default_factory=list)
    token: str = ""
    status: str = ""
    mode: str = ""
    event_id: int = 0
    waitlist_reason: str | None = None

    def __post_init__(self) -> None:
        self.token = self.token or self.registration.token
        self.status = self.status or self.registration.status
        self.mode = self.mode or self.registration.mode
        self.event_id = self.event_id or self.registration.event_id
        self.waitlist_reason = self.waitlist_reason or self.registration.waitlist_reason


def new_token() -> str:
    """The secret in the personal link: 192 random bits, URL-safe."""
    return secrets.token_urlsafe(24)


def normalize_email(email: str) -> str:
    return email.strip().lower()


def person_key(email: str) -> str:
    """A keyed hash of the e-mail: the same person across registrations and years, for
    counting distinct persons, without the address. Kept when a registration is anonymised;
    the key is the app's SECRET_KEY, so the hash cannot be reversed by guessing addresses
    without it."""
    secret = str(current_app.config["SECRET_KEY"]).encode()
    return hmac.digest(secret, normalize_email(email).encode(), "sha256").hex()


class TicketHolder(Protocol):
    """A registration, or a row of one (checkin/operations.py's Ticket)."""

    @property
    def status(self) -> str: ...

    @property
    def mode(self) -> str: ...


def has_ticket(registration: TicketHolder) -> bool:
    """Whether the registration carries a ticket to scan at the door: a confirmed seat in
    the room. Digital participants attend through their join link instead; the API, the web
    pages, the e-mails and the door all ask this one question."""
    return (registration.status == RegistrationStatus.CONFIRMED
            and registration.mode == Mode.PHYSICAL)


def edit_deadline(event: Event) -> datetime | None:
    """Until when a participant may change their own details: the cancellation deadline,
    or else the start of the event."""
    return event.cancellation_deadline or event.starts_at


def can_edit_own(registration: Registration, now: datetime) -> bool:
    """Whether the personal page offers to correct the details now."""
    deadline = edit_deadline(registration.event)
    return (registration.status != RegistrationStatus.CANCELLED
            and registration.anonymised_at is None
            and registration.event.status == EventStatus.PUBLISHED
            and deadline is not None and now <= deadline)


def check_registration_open(event: Event | PlainEvent, now: datetime) -> None:
    if event.status == EventStatus.CANCELLED:
        raise RegistrationRefused("event_cancelled")
    if event.status != EventStatus.PUBLISHED:
        raise RegistrationRefused("not_found")
    if event.registration_opens_at and now < event.registration_opens_at:
        raise RegistrationRefused("not_open")
    if event.ends_at and now >= event.ends_at:
        raise RegistrationRefused("past")
    if event.registration_closes_at:
        if now >= event.registration_closes_at:
            raise RegistrationRefused("closed")
    elif event.starts_at and now >= event.starts_at:
        raise RegistrationRefused("past")


def resolve_mode(event: Event | PlainEvent, mode: str | None) -> Mode:
    """The mode a participant gets: the chosen one for hybrid events, else the only one."""
    offered = event.modes
    if mode is None and len(offered) == 1:
        return Mode(offered[0])
    if mode not in offered:
        raise RegistrationRefused("mode_not_offered")
    return Mode(mode)
