"""The domain: events (arrangementer), their sessions and seat pools, and registrations."""

from __future__ import annotations

import enum
from datetime import UTC, datetime

from flask_login import UserMixin
from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    CheckConstraint,
    Column,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Table,
    Text,
    TypeDecorator,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .extensions import db


def utcnow() -> datetime:
    return datetime.now(UTC)


class UTCDateTime(TypeDecorator[datetime]):
    """Aware datetimes in, aware UTC datetimes out; stored as naive UTC on every backend."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: object) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given; use an aware datetime")
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value: datetime | None, dialect: object) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC)


class EventKind(enum.StrEnum):
    KONFERANSE = "konferanse"
    WEBINARSERIE = "webinarserie"
    KLINOBS_KURS = "klinobs_kurs"
    ABC_FAGSEMINAR = "abc_fagseminar"
    NETTVERKSSAMLING = "nettverkssamling"


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


def _in(column: str, values: type[enum.StrEnum]) -> str:
    return f"{column} IN ({', '.join(repr(v.value) for v in values)})"


class UserRole(enum.StrEnum):
    ADMIN = "admin"
    ARRANGOR = "arrangor"  # arrangør: creates and manages own and co-organised events
    VERT = "vert"  # check-in host: only the check-in screens of assigned events


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


class User(UserMixin, db.Model):
    """An organiser account (the centre's staff). Participants have no accounts."""

    __tablename__ = "user_account"
    __table_args__ = (CheckConstraint(_in("role", UserRole), name="role_known"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)  # stored lower-case
    name: Mapped[str] = mapped_column(String(120), default="", server_default="")
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[str] = mapped_column(String(16))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    @property
    def is_active(self) -> bool:  # Flask-Login: deactivated accounts cannot sign in
        return self.active

    @property
    def is_admin(self) -> bool:
        return self.role == UserRole.ADMIN


class ApiToken(db.Model):
    """A bearer token for devices and scripts. Only its SHA-256 is stored."""

    __tablename__ = "api_token"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"),
                                         index=True)
    name: Mapped[str] = mapped_column(String(100))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    prefix: Mapped[str] = mapped_column(String(12))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    last_used_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    user: Mapped[User] = relationship()


class Event(db.Model):
    __tablename__ = "event"
    __table_args__ = (
        CheckConstraint(_in("kind", EventKind), name="kind_known"),
        CheckConstraint(_in("participation", Participation), name="participation_known"),
        CheckConstraint(_in("status", EventStatus), name="status_known"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(32), index=True)
    topic: Mapped[str] = mapped_column(String(120), default="", server_default="")
    description: Mapped[str] = mapped_column(Text, default="", server_default="")
    participation: Mapped[str] = mapped_column(String(16))
    status: Mapped[str] = mapped_column(String(16), default=EventStatus.DRAFT, index=True)
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

    owner: Mapped[User | None] = relationship()
    organisers: Mapped[list[User]] = relationship(secondary=event_organiser)
    hosts: Mapped[list[User]] = relationship(secondary=event_host)
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


class EventSession(db.Model):
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

    event: Mapped[Event] = relationship(back_populates="sessions")


class SeatPool(db.Model):
    """The seats of one mode of one event.

    ``confirmed_count`` is the guard against overbooking: a seat is only ever taken by an
    atomic conditional UPDATE of this row, and the CHECK constraint makes the database
    refuse any state with more confirmed than capacity. ``waitlist_counter`` hands out
    strictly increasing queue numbers for the waiting list.
    """

    __tablename__ = "seat_pool"
    __table_args__ = (
        UniqueConstraint("event_id", "mode"),
        CheckConstraint(_in("mode", Mode), name="mode_known"),
        CheckConstraint("capacity IS NULL OR capacity >= 0", name="capacity_not_negative"),
        CheckConstraint("confirmed_count >= 0", name="confirmed_not_negative"),
        CheckConstraint(
            "capacity IS NULL OR confirmed_count <= capacity", name="confirmed_within_capacity"
        ),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("event.id", ondelete="CASCADE"))
    mode: Mapped[str] = mapped_column(String(16))
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


class Registration(db.Model):
    __tablename__ = "registration"
    __table_args__ = (
        CheckConstraint(_in("status", RegistrationStatus), name="status_known"),
        CheckConstraint(_in("mode", Mode), name="mode_known"),
        CheckConstraint(_in("role", Role), name="role_known"),
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
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("event.id", ondelete="CASCADE"))
    token: Mapped[str] = mapped_column(String(64), unique=True)
    # The check-in code: A–Z and 0–9 only (scanners on a Norwegian keyboard layout garble
    # other characters), 22 characters ≈ 113 random bits. Shown as a QR code.
    ticket_code: Mapped[str | None] = mapped_column(String(32), unique=True)
    status: Mapped[str] = mapped_column(String(16))
    mode: Mapped[str] = mapped_column(String(16))
    waitlist_rank: Mapped[int | None] = mapped_column(BigInteger)

    name: Mapped[str] = mapped_column(String(120))
    email: Mapped[str] = mapped_column(String(254))
    email_normalized: Mapped[str] = mapped_column(String(254))
    mobile: Mapped[str] = mapped_column(String(32))
    kommunenummer: Mapped[str] = mapped_column(String(4), index=True)
    workplace: Mapped[str] = mapped_column(String(150))
    role: Mapped[str] = mapped_column(String(32))
    # Health data: only asked where food is served, only stored with explicit consent.
    diet: Mapped[str | None] = mapped_column(String(500))
    diet_consent_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    privacy_accepted_at: Mapped[datetime] = mapped_column(UTCDateTime())

    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)
    confirmed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    waitlisted_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    cancelled_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    event: Mapped[Event] = relationship()


class AuditEntry(db.Model):
    """Who changed or exported what, when: before → after. Written in the same transaction."""

    __tablename__ = "audit_entry"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    event_id: Mapped[int | None] = mapped_column(ForeignKey("event.id", ondelete="CASCADE"),
                                                 index=True)
    user_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL"))
    registration_id: Mapped[int | None] = mapped_column(
        ForeignKey("registration.id", ondelete="SET NULL"))
    action: Mapped[str] = mapped_column(String(40))
    before: Mapped[dict | None] = mapped_column(JSON)
    after: Mapped[dict | None] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    user: Mapped[User | None] = relationship()


class OutboxStatus(enum.StrEnum):
    PENDING = "pending"
    SENDING = "sending"
    SENT = "sent"
    FAILED = "failed"


class OutboxMessage(db.Model):
    """An e-mail, written in the same transaction as the change that causes it.

    The worker claims due rows (FOR UPDATE SKIP LOCKED on PostgreSQL), sends them, and
    records the outcome; nothing waits for SMTP and nothing is lost when SMTP is down.
    """

    __tablename__ = "outbox_message"
    __table_args__ = (
        CheckConstraint(_in("status", OutboxStatus), name="status_known"),
        Index("ix_outbox_due", "status", "next_attempt_at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    event_id: Mapped[int | None] = mapped_column(ForeignKey("event.id", ondelete="SET NULL"),
                                                 index=True)
    registration_id: Mapped[int | None] = mapped_column(
        ForeignKey("registration.id", ondelete="SET NULL"))
    kind: Mapped[str] = mapped_column(String(40))
    to_address: Mapped[str] = mapped_column(String(254))
    to_name: Mapped[str] = mapped_column(String(120), default="", server_default="")
    subject: Mapped[str] = mapped_column(String(300))
    # What the message needs beyond the registration (e.g. the place in line then).
    details: Mapped[dict | None] = mapped_column(JSON)
    # Rendered by the worker when it sends: what was sent is what is stored.
    text_body: Mapped[str | None] = mapped_column(Text)
    html_body: Mapped[str | None] = mapped_column(Text)
    ics: Mapped[str | None] = mapped_column(Text)
    ics_method: Mapped[str | None] = mapped_column(String(16))
    qr_png: Mapped[bytes | None] = mapped_column(LargeBinary)
    status: Mapped[str] = mapped_column(String(16), default=OutboxStatus.PENDING)
    attempts: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    next_attempt_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    claimed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    last_error: Mapped[str | None] = mapped_column(String(1000))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class CheckIn(db.Model):
    """Attendance for one session. One row per registration and session: the UNIQUE
    constraint makes two devices scanning the same ticket at once record one check-in, and
    ``client_nonce`` makes a replayed request from a device's offline queue harmless."""

    __tablename__ = "check_in"
    __table_args__ = (UniqueConstraint("registration_id", "session_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    registration_id: Mapped[int] = mapped_column(
        ForeignKey("registration.id", ondelete="CASCADE"))
    session_id: Mapped[int] = mapped_column(ForeignKey("event_session.id", ondelete="CASCADE"),
                                            index=True)
    checked_in_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    by_user_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL"))
    method: Mapped[str] = mapped_column(String(16), default="scan")
    client_nonce: Mapped[str | None] = mapped_column(String(64), unique=True)

    by_user: Mapped[User | None] = relationship()


class QuestionKind(enum.StrEnum):
    SCALE = "scale"  # 1–5 with labelled ends
    SINGLE = "single"
    MULTIPLE = "multiple"
    YES_NO = "yesno"
    SHORT_TEXT = "short_text"
    LONG_TEXT = "long_text"


class EvaluationForm(db.Model):
    """An evaluation form: the one of an event (``event_id``), or a saved template.

    With ``anonymous`` (the default) no response row names a person: the invitation records
    only *that* someone answered, the response not *who*.
    """

    __tablename__ = "evaluation_form"
    __table_args__ = (
        CheckConstraint("send_delay_hours >= 0", name="delay_not_negative"),
        CheckConstraint("(event_id IS NULL) <> (template_name IS NULL)",
                        name="event_form_or_template"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    event_id: Mapped[int | None] = mapped_column(
        ForeignKey("event.id", ondelete="CASCADE"), unique=True)
    template_name: Mapped[str | None] = mapped_column(String(120))
    anonymous: Mapped[bool] = mapped_column(Boolean, default=True)
    auto_send: Mapped[bool] = mapped_column(Boolean, default=True)
    send_delay_hours: Mapped[int] = mapped_column(Integer, default=2, server_default="2")
    # None: 14 days after the last session (see evaluations.closes_at).
    closes_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # Set by the conditional UPDATE that queues the automatic invitations: once per event.
    auto_sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    created_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    event: Mapped[Event | None] = relationship()
    questions: Mapped[list[EvaluationQuestion]] = relationship(
        back_populates="form", order_by="EvaluationQuestion.position",
        cascade="all, delete-orphan")


class EvaluationQuestion(db.Model):
    __tablename__ = "evaluation_question"
    __table_args__ = (CheckConstraint(_in("kind", QuestionKind), name="kind_known"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    form_id: Mapped[int] = mapped_column(ForeignKey("evaluation_form.id", ondelete="CASCADE"),
                                         index=True)
    position: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(16))
    text: Mapped[str] = mapped_column(String(300))
    required: Mapped[bool] = mapped_column(Boolean, default=False)
    options: Mapped[list | None] = mapped_column(JSON)  # single and multiple choice
    low_label: Mapped[str] = mapped_column(String(60), default="", server_default="")
    high_label: Mapped[str] = mapped_column(String(60), default="", server_default="")
    # The standard USHT questions keep their key through copies: results compare on it.
    standard_key: Mapped[str | None] = mapped_column(String(40), index=True)

    form: Mapped[EvaluationForm] = relationship(back_populates="questions")


class EvaluationInvitation(db.Model):
    """One person's one-time link. ``answered`` is a flag, never a time and never a link to
    the response, so an anonymous answer cannot be traced back through it."""

    __tablename__ = "evaluation_invitation"
    __table_args__ = (UniqueConstraint("form_id", "registration_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    form_id: Mapped[int] = mapped_column(ForeignKey("evaluation_form.id", ondelete="CASCADE"))
    registration_id: Mapped[int] = mapped_column(
        ForeignKey("registration.id", ondelete="CASCADE"), index=True)
    token: Mapped[str] = mapped_column(String(64), unique=True)
    attended: Mapped[bool] = mapped_column(Boolean, default=True)
    answered: Mapped[bool] = mapped_column(Boolean, default=False)
    invited_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    reminders: Mapped[int] = mapped_column(Integer, default=0, server_default="0")

    registration: Mapped[Registration] = relationship()


class EvaluationResponse(db.Model):
    """A submitted form. The key is random, so row order says nothing about who answered
    when; ``registration_id`` and ``submitted_at`` are filled only for named forms."""

    __tablename__ = "evaluation_response"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    form_id: Mapped[int] = mapped_column(ForeignKey("evaluation_form.id", ondelete="CASCADE"),
                                         index=True)
    registration_id: Mapped[int | None] = mapped_column(
        ForeignKey("registration.id", ondelete="SET NULL"))
    submitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    answers: Mapped[list[EvaluationAnswer]] = relationship(cascade="all, delete-orphan")


class EvaluationAnswer(db.Model):
    """One answer: ``number`` for scales (1–5) and yes/no (1/0), ``text`` for text and
    choices; a multiple-choice answer is one row per chosen option."""

    __tablename__ = "evaluation_answer"
    __table_args__ = (CheckConstraint("number IS NULL OR number BETWEEN 0 AND 5",
                                      name="number_in_range"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    response_id: Mapped[str] = mapped_column(
        ForeignKey("evaluation_response.id", ondelete="CASCADE"), index=True)
    question_id: Mapped[int] = mapped_column(
        ForeignKey("evaluation_question.id", ondelete="CASCADE"), index=True)
    number: Mapped[int | None] = mapped_column(Integer)
    text: Mapped[str | None] = mapped_column(Text)
