"""Tracks, their levels, and completion of a level by a person (with its kursbevis)."""

from __future__ import annotations

import enum
from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import (
    CheckConstraint,
    ForeignKey,
    Integer,
    String,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..core.extensions import Model
from ..core.types import EnumColumn, UTCDateTime, enum_check, utcnow

if TYPE_CHECKING:
    from ..events.models import Event


class CourseTrack(Model):
    """A programme of levels that build on each other (KlinObsKommune, an ABC programme).
    ``slug`` is the stable name the API uses (``"klinobs"``)."""

    __tablename__ = "course_track"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    slug: Mapped[str] = mapped_column(String(40), unique=True)
    name: Mapped[str] = mapped_column(String(120))

    levels: Mapped[list[CourseLevel]] = relationship(
        back_populates="track", order_by="CourseLevel.number", cascade="all, delete-orphan")


class CourseLevel(Model):
    """One level of a track: KlinObs Trinn 2 «K-HLR» is (klinobs, 2)."""

    __tablename__ = "course_level"
    __table_args__ = (
        UniqueConstraint("track_id", "number"),
        CheckConstraint("number >= 1", name="number_positive"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    track_id: Mapped[int] = mapped_column(ForeignKey("course_track.id", ondelete="CASCADE"))
    number: Mapped[int] = mapped_column(Integer)
    title: Mapped[str] = mapped_column(String(120))

    track: Mapped[CourseTrack] = relationship(back_populates="levels")

    @property
    def label(self) -> str:
        return f"{self.track.name} Trinn {self.number}: {self.title}"


class CompletionMethod(enum.StrEnum):
    ATTENDANCE = "attendance"  # attended every session (checked in, joined, or marked)
    MANUAL = "manual"  # marked completed by an organiser, with a reason


class CourseCompletion(Model):
    """A person completed a level: the fact the prerequisite rule and the registry read, and
    the kursbevis (``certificate_code``).

    It holds its own copy of name, address and kommune, because it must outlive the
    registration it came from: the registration is anonymised ``RETENTION_MONTHS`` after the
    course, while the completion stays as long as the person is in the instructor registry
    (``COMPLETION_RETENTION_YEARS``, see privacy/retention.py). One completion per
    registration (UNIQUE), so recording it twice at once records it once."""

    __tablename__ = "course_completion"
    __table_args__ = (
        CheckConstraint(enum_check("method", CompletionMethod), name="method_known"),
        UniqueConstraint("registration_id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    level_id: Mapped[int] = mapped_column(ForeignKey("course_level.id", ondelete="RESTRICT"),
                                          index=True)
    event_id: Mapped[int | None] = mapped_column(ForeignKey("event.id", ondelete="SET NULL"),
                                                 index=True)
    registration_id: Mapped[int | None] = mapped_column(
        ForeignKey("registration.id", ondelete="SET NULL"))
    name: Mapped[str] = mapped_column(String(120))
    email_normalized: Mapped[str] = mapped_column(String(254), index=True)
    person_key: Mapped[str] = mapped_column(String(64), index=True)
    kommunenummer: Mapped[str] = mapped_column(String(4), index=True)
    completed_on: Mapped[datetime] = mapped_column(UTCDateTime())
    method: Mapped[CompletionMethod] = mapped_column(EnumColumn(CompletionMethod))
    reason: Mapped[str] = mapped_column(String(500), default="", server_default="")
    # The kursbevis: A–Z and 0–9, 16 characters ≈ 80 random bits; public at /kursbevis/<code>.
    certificate_code: Mapped[str] = mapped_column(String(32), unique=True)
    withdrawn_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    withdrawn_reason: Mapped[str] = mapped_column(String(500), default="", server_default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    by_user_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL"))

    level: Mapped[CourseLevel] = relationship()
    event: Mapped[Event | None] = relationship("Event")

    @property
    def valid(self) -> bool:
        return self.withdrawn_at is None
