"""Events (arrangementer), their dated sessions and the seat pool of each mode."""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import (
    BigInteger,
    Boolean,
    CheckConstraint,
    Column,
    ForeignKey,
    Integer,
    String,
    Table,
    Text,
    UniqueConstraint,
    false,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..accounts.models import User
from ..core.extensions import Model, db
from ..core.types import EnumColumn, UTCDateTime, enum_check, utcnow
from ..courses.models import CourseLevel
from ..networks.models import Audience, Network


class EventKind(enum.StrEnum):
    KONFERANSE = "konferanse"
    WEBINARSERIE = "webinarserie"
    KLINOBS_KURS = "klinobs_kurs"
    ABC_FAGSEMINAR = "abc_fagseminar"
    NETTVERKSSAMLING = "nettverkssamling"
    FAGDAG = "fagdag"  # fagdag or workshop
    INFORMASJONSMOTE = "informasjonsmote"
    ANNET = "annet"


class Participation(enum.StrEnum):
    """How an event can be attended: only in the room, only online, or both."""

    PHYSICAL = "physical"
    DIGITAL = "digital"
    HYBRID = "hybrid"


class Mode(enum.StrEnum):
    """How one participant attends."""

    PHYSICAL = "physical"
    DIGITAL = "digital"


class EventStatus(enum.StrEnum):
    DRAFT = "draft"
    PUBLISHED = "published"
    CANCELLED = "cancelled"


event_organiser = Table(
    "event_organiser",
    db.metadata,
    Column("event_id", ForeignKey("event.id", ondelete="CASCADE"), primary_key=True),
    Column("user_id", ForeignKey("user_account.id", ondelete="CASCADE"), primary_key=True),
)


event_host = Table(
    "event_host",
    db.metadata,
    Column("event_id", ForeignKey("event.id", ondelete="CASCADE"), primary_key=True),
    Column("user_id", ForeignKey("user_account.id", ondelete="CASCADE"), primary_key=True),
)


event_topic = Table(
    "event_topic",
    db.metadata,
    Column("event_id", ForeignKey("event.id", ondelete="CASCADE"), primary_key=True),
    Column("topic_id", ForeignKey("topic.id", ondelete="CASCADE"), primary_key=True,
           index=True),
)


class Topic(Model):
    """A national priority (satsingsområde) an event can belong to; admins keep the list.
    Valid from one year, and until a year or open-ended: the report for a year counts an
    event under each of its topics (reports/figures.py)."""

    __tablename__ = "topic"
    __table_args__ = (
        CheckConstraint("valid_to_year IS NULL OR valid_to_year >= valid_from_year",
                        name="valid_to_after_from"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(120), unique=True)
    valid_from_year: Mapped[int] = mapped_column(Integer)
    valid_to_year: Mapped[int | None] = mapped_column(Integer)

    def valid_in(self, year: int) -> bool:
        return self.valid_from_year <= year and (self.valid_to_year is None
                                                 or year <= self.valid_to_year)


class Event(Model):
    __tablename__ = "event"
    __table_args__ = (
        CheckConstraint(enum_check("kind", EventKind), name="kind_known"),
        CheckConstraint(enum_check("participation", Participation), name="participation_known"),
        CheckConstraint(enum_check("status", EventStatus), name="status_known"),
        CheckConstraint(enum_check("audience", Audience), name="audience_known"),
        CheckConstraint("session_choice IN ('all', 'any')", name="session_choice_known"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    kind: Mapped[EventKind] = mapped_column(EnumColumn(EventKind, 32), index=True)
    description: Mapped[str] = mapped_column(Text, default="", server_default="")
    participation: Mapped[Participation] = mapped_column(EnumColumn(Participation))
    status: Mapped[EventStatus] = mapped_column(EnumColumn(EventStatus), default=EventStatus.DRAFT,
                                                index=True)
    has_waitlist: Mapped[bool] = mapped_column(Boolean, default=True)
    serves_food: Mapped[bool] = mapped_column(Boolean, default=False)
    registration_opens_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    registration_closes_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    cancellation_deadline: Mapped[datetime | None] = mapped_column(UTCDateTime())
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    owner_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL"), index=True)
    # Raised on every change of time, place or join link, so calendars update in place.
    calendar_sequence: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    join_url: Mapped[str] = mapped_column(String(500), default="", server_default="")
    reminder_days: Mapped[int] = mapped_column(Integer, default=2, server_default="2")
    reminder_sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # Course tracks (courses/): the level this event teaches, whether registering needs the
    # level below completed, and who signs its kursbevis.
    level_id: Mapped[int | None] = mapped_column(
        ForeignKey("course_level.id", ondelete="RESTRICT"), index=True)
    requires_previous: Mapped[bool] = mapped_column(Boolean, default=False,
                                                    server_default=false())
    certificate_signer: Mapped[str] = mapped_column(String(200), default="", server_default="")
    # Who may register (networks/audience.py); members-only events name their network.
    audience: Mapped[Audience] = mapped_column(EnumColumn(Audience), default=Audience.OPEN,
                                               server_default=Audience.OPEN.value)
    network_id: Mapped[int | None] = mapped_column(
        ForeignKey("network.id", ondelete="SET NULL"), index=True)
    # Fair shares: at most this many confirmed seats per kommune (None: no limit). Held in
    # registrations/seats.py under the event's row lock, like capacity.
    kommune_quota: Mapped[int | None] = mapped_column(Integer)
    # The series the event belongs to (series/), if any.
    series_id: Mapped[int | None] = mapped_column(
        ForeignKey("event_series.id", ondelete="SET NULL"), index=True)
    # «Velg økter»: "all" (one registration covers every session, as always) or "any"
    # (people choose sessions; seats counted per session: SessionSeatPool).
    session_choice: Mapped[str] = mapped_column(String(3), default="all", server_default="all")

    network: Mapped[Network | None] = relationship()
    owner: Mapped[User | None] = relationship()
    level: Mapped[CourseLevel | None] = relationship()
    organisers: Mapped[list[User]] = relationship(secondary=event_organiser)
    hosts: Mapped[list[User]] = relationship(secondary=event_host)
    topics: Mapped[list[Topic]] = relationship(secondary=event_topic, order_by="Topic.name")
    sessions: Mapped[list[EventSession]] = relationship(
        back_populates="event",
        order_by="EventSession.starts_at",
        cascade="all, delete-orphan",
    )
    seat_pools: Mapped[list[SeatPool]] = relationship(
        back_populates="event", order_by="SeatPool.mode.desc()", cascade="all, delete-orphan"
    )

    @property
    def starts_at(self) -> datetime | None:
        return self.sessions[0].starts_at if self.sessions else None

    @property
    def ends_at(self) -> datetime | None:
        return max(s.ends_at for s in self.sessions) if self.sessions else None

    def pool(self, mode: str) -> SeatPool | None:
        return next((p for p in self.seat_pools if p.mode == mode), None)

    @property
    def modes(self) -> list[str]:
        return [p.mode for p in self.seat_pools]

    @property
    def chooses_sessions(self) -> bool:
        return self.session_choice == "any"


class EventSession(Model):
    """One dated part of an event (økt/dag): a conference day, a webinar in a series."""

    __tablename__ = "event_session"
    __table_args__ = (CheckConstraint("ends_at > starts_at", name="ends_after_start"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("event.id", ondelete="CASCADE"), index=True)
    title: Mapped[str] = mapped_column(String(200), default="", server_default="")
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime())
    ends_at: Mapped[datetime] = mapped_column(UTCDateTime())
    place: Mapped[str] = mapped_column(String(200), default="", server_default="")
    online: Mapped[bool] = mapped_column(Boolean, default=False)
    # Where people choose sessions: this session's own deadlines (None: its start, and the
    # event's cancellation deadline or else its start).
    registration_closes_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    cancellation_deadline: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # Where people choose sessions: when this session's reminder went to those with a seat
    # in it (each session is reminded of on its own; events/reminders.py).
    reminder_sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    event: Mapped[Event] = relationship(back_populates="sessions")
    seat_pools: Mapped[list[SessionSeatPool]] = relationship(
        back_populates="session", order_by="SessionSeatPool.mode.desc()",
        cascade="all, delete-orphan")

    def pool(self, mode: str) -> SessionSeatPool | None:
        return next((p for p in self.seat_pools if p.mode == mode), None)

    @property
    def closes_at(self) -> datetime:
        """Registration for this session is open until then (where sessions are chosen)."""
        return self.registration_closes_at or self.starts_at

    @property
    def cancel_until(self) -> datetime:
        """Cancelling this one session is possible until then (where sessions are chosen)."""
        return self.cancellation_deadline or self.starts_at


class SeatPool(Model):
    """The seats of one mode of one event.

    ``confirmed_count`` is the guard against overbooking: a seat is only ever taken by an
    atomic conditional UPDATE of this row, and the CHECK constraint makes the database
    refuse any state with more confirmed than capacity. ``waitlist_counter`` hands out
    strictly increasing queue numbers for the waiting list.
    """

    __tablename__ = "seat_pool"
    __table_args__ = (
        UniqueConstraint("event_id", "mode"),
        CheckConstraint(enum_check("mode", Mode), name="mode_known"),
        CheckConstraint("capacity IS NULL OR capacity >= 0", name="capacity_not_negative"),
        CheckConstraint("confirmed_count >= 0", name="confirmed_not_negative"),
        CheckConstraint(
            "capacity IS NULL OR confirmed_count <= capacity", name="confirmed_within_capacity"
        ),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("event.id", ondelete="CASCADE"))
    mode: Mapped[Mode] = mapped_column(EnumColumn(Mode))
    capacity: Mapped[int | None] = mapped_column(Integer)
    confirmed_count: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    waitlist_counter: Mapped[int] = mapped_column(BigInteger, default=0, server_default="0")

    event: Mapped[Event] = relationship(back_populates="seat_pools")

    @property
    def seats_left(self) -> int | None:
        if self.capacity is None:
            return None
        return max(self.capacity - self.confirmed_count, 0)

    @property
    def is_full(self) -> bool:
        return self.capacity is not None and self.confirmed_count >= self.capacity


class SessionSeatPool(Model):
    """The seats of one mode of one session, where people choose sessions: the same guard
    as SeatPool (an atomic conditional UPDATE, and a CHECK the database holds)."""

    __tablename__ = "session_seat_pool"
    __table_args__ = (
        UniqueConstraint("session_id", "mode"),
        CheckConstraint(enum_check("mode", Mode), name="mode_known"),
        CheckConstraint("capacity IS NULL OR capacity >= 0", name="capacity_not_negative"),
        CheckConstraint("confirmed_count >= 0", name="confirmed_not_negative"),
        CheckConstraint(
            "capacity IS NULL OR confirmed_count <= capacity", name="confirmed_within_capacity"
        ),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("event_session.id", ondelete="CASCADE"))
    mode: Mapped[Mode] = mapped_column(EnumColumn(Mode))
    capacity: Mapped[int | None] = mapped_column(Integer)
    confirmed_count: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    waitlist_counter: Mapped[int] = mapped_column(BigInteger, default=0, server_default="0")

    session: Mapped[EventSession] = relationship(back_populates="seat_pools")

    @property
    def seats_left(self) -> int | None:
        if self.capacity is None:
            return None
        return max(self.capacity - self.confirmed_count, 0)
