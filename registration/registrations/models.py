"""A registration (påmelding): one person's place, or place in line, at one event."""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import (
    BigInteger,
    Boolean,
    CheckConstraint,
    ForeignKey,
    Index,
    Integer,
    String,
    UniqueConstraint,
    false,
    text,
)
from sqlalchemy import event as orm_events
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..core.extensions import Model
from ..core.folding import fold
from ..core.types import EnumColumn, UTCDateTime, enum_check, utcnow
from ..events.models import Event, EventSession, Mode


class RegistrationStatus(enum.StrEnum):
    CONFIRMED = "confirmed"
    WAITLISTED = "waitlisted"
    CANCELLED = "cancelled"


class Role(enum.StrEnum):
    SYKEPLEIER = "sykepleier"
    HELSEFAGARBEIDER = "helsefagarbeider"
    VERNEPLEIER = "vernepleier"
    ERGOTERAPEUT = "ergoterapeut"
    FYSIOTERAPEUT = "fysioterapeut"
    LEGE = "lege"
    LEDER = "leder"
    UFAGLAERT = "ufaglært"
    ANNET = "annet"


class Registration(Model):
    __tablename__ = "registration"
    __table_args__ = (
        CheckConstraint(enum_check("status", RegistrationStatus), name="status_known"),
        CheckConstraint(enum_check("mode", Mode), name="mode_known"),
        CheckConstraint(enum_check("role", Role), name="role_known"),
        CheckConstraint(
            "status <> 'waitlisted' OR waitlist_rank IS NOT NULL", name="waitlisted_has_rank"
        ),
        # One active registration per e-mail and event; e-mail is stored lower-cased.
        Index(
            "uq_registration_active_email",
            "event_id",
            "email_normalized",
            unique=True,
            sqlite_where=text("status <> 'cancelled'"),
            postgresql_where=text("status <> 'cancelled'"),
        ),
        Index("ix_registration_queue", "event_id", "mode", "status", "waitlist_rank"),
        CheckConstraint("language IN ('nb', 'en')", name="language_known"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("event.id", ondelete="CASCADE"))
    token: Mapped[str] = mapped_column(String(64), unique=True)
    # The check-in code: digits and capitals only (scanners on a Norwegian keyboard layout
    # garble other characters); new codes in Crockford's base32, 22 characters = 110 random
    # bits (checkin/tickets.py). Shown as a QR code.
    ticket_code: Mapped[str | None] = mapped_column(String(32), unique=True)
    status: Mapped[RegistrationStatus] = mapped_column(EnumColumn(RegistrationStatus))
    mode: Mapped[Mode] = mapped_column(EnumColumn(Mode))
    waitlist_rank: Mapped[int | None] = mapped_column(BigInteger)

    name: Mapped[str] = mapped_column(String(120))
    email: Mapped[str] = mapped_column(String(254))
    email_normalized: Mapped[str] = mapped_column(String(254))
    mobile: Mapped[str] = mapped_column(String(32))
    kommunenummer: Mapped[str] = mapped_column(String(4), index=True)
    workplace: Mapped[str] = mapped_column(String(150))
    role: Mapped[Role] = mapped_column(EnumColumn(Role, 32))
    # Health data: only asked where food is served, only stored with explicit consent.
    diet: Mapped[str | None] = mapped_column(String(500))
    diet_consent_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    privacy_accepted_at: Mapped[datetime] = mapped_column(UTCDateTime())

    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)
    confirmed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    waitlisted_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    cancelled_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # Privacy: once anonymised, the personal fields are cleared and only what statistics
    # need stays (kommune, role, mode, status, attendance). ``person_key`` is a keyed hash of
    # the e-mail, so "distinct persons" can still be counted without knowing who.
    anonymised_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    person_key: Mapped[str | None] = mapped_column(String(64), index=True)
    # Abuse: a keyed hash of the client address the registration came from (never the
    # address), so organisers can spot a flood from one place (registrations/abuse.py).
    # Only set for registrations from the public form and API.
    client_key: Mapped[str | None] = mapped_column(String(16))
    # The interface language at registration ('nb' or 'en'): its e-mails are written in it.
    language: Mapped[str] = mapped_column(String(5), default="nb", server_default="nb")
    # Fair shares per kommune: why someone waits ("kommune_quota" while their kommune has
    # its seats), and an organiser's exception for this one person (overrides.lift_quota).
    waitlist_reason: Mapped[str | None] = mapped_column(String(20))
    quota_exempt: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    # Registered together with others by a contact person («Meld på flere»): groups/.
    group_id: Mapped[int | None] = mapped_column(
        ForeignKey("registration_group.id", ondelete="SET NULL"), index=True)
    # Search: name and workplace in one spelling for comparing (core/folding.py: no case, no
    # accents, æ ø å kept), kept in step by _fold_for_search below. SQLite's lower() folds
    # only A–Z, so without these «øyvind» would never find «Øyvind».
    name_folded: Mapped[str] = mapped_column(String(120), default="", server_default="")
    workplace_folded: Mapped[str] = mapped_column(String(150), default="", server_default="")

    event: Mapped[Event] = relationship()


@orm_events.listens_for(Registration, "before_insert")
@orm_events.listens_for(Registration, "before_update")
def _fold_for_search(mapper: object, connection: object, target: Registration) -> None:
    """Every write through the ORM (registering, editing, anonymising) refolds; nothing
    writes a name or workplace with a bulk UPDATE."""
    target.name_folded = fold(target.name)[:120]
    target.workplace_folded = fold(target.workplace)[:150]


class RegistrationSession(Model):
    """One chosen session of a registration, where the event lets people choose: a seat
    (confirmed), a place in that session's own line (waitlisted) or dropped (cancelled)."""

    __tablename__ = "registration_session"
    __table_args__ = (
        UniqueConstraint("registration_id", "session_id"),
        CheckConstraint(enum_check("status", RegistrationStatus), name="status_known"),
        CheckConstraint(
            "status <> 'waitlisted' OR waitlist_rank IS NOT NULL", name="waitlisted_has_rank"
        ),
        Index("ix_registration_session_queue", "session_id", "status", "waitlist_rank"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    registration_id: Mapped[int] = mapped_column(
        ForeignKey("registration.id", ondelete="CASCADE"), index=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("event_session.id", ondelete="CASCADE"))
    status: Mapped[RegistrationStatus] = mapped_column(EnumColumn(RegistrationStatus))
    waitlist_rank: Mapped[int | None] = mapped_column(BigInteger)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    registration: Mapped[Registration] = relationship()
    session: Mapped[EventSession] = relationship()
