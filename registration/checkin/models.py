"""Attendance: one row per registration and session."""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import (
    ForeignKey,
    Integer,
    String,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..accounts.models import User
from ..core.extensions import Model
from ..core.types import EnumColumn, UTCDateTime, utcnow


class CheckInMethod(enum.StrEnum):
    """How attendance was recorded."""

    SCAN = "scan"  # a ticket scanned or typed at the door, or a tap in the search
    WALKIN = "walkin"  # registered and checked in at the door
    DIGITAL = "digital"  # opened the personal join link
    MANUAL = "manual"  # marked present by an organiser


class CheckIn(Model):
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
    method: Mapped[CheckInMethod] = mapped_column(EnumColumn(CheckInMethod),
                                                   default=CheckInMethod.SCAN)
    client_nonce: Mapped[str | None] = mapped_column(String(64), unique=True)

    by_user: Mapped[User | None] = relationship()


class JoinLink(Model):
    """A digital participant's join link for one session: its own random token, not the
    personal one, so a forwarded invite opens the meeting and nothing else (no name, no
    e-mail, no cancelling). Made at registration and when a session is added."""

    __tablename__ = "join_link"

    registration_id: Mapped[int] = mapped_column(
        ForeignKey("registration.id", ondelete="CASCADE"), primary_key=True)
    session_id: Mapped[int] = mapped_column(
        ForeignKey("event_session.id", ondelete="CASCADE"), primary_key=True, index=True)
    token: Mapped[str] = mapped_column(String(64), unique=True)
