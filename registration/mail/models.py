"""The outbox: every e-mail is a row, written with the change that causes it."""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import (
    JSON,
    CheckConstraint,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column

from ..core.extensions import Model
from ..core.types import EnumColumn, UTCDateTime, enum_check, utcnow


class MessageKind(enum.StrEnum):
    """What an e-mail is about; each kind has its templates in templates/mail/messages/."""

    CONFIRMATION = "confirmation"
    WAITLISTED = "waitlisted"
    PROMOTED = "promoted"
    CANCELLED = "cancelled"
    CHANGED = "changed"
    EVENT_CANCELLED = "event_cancelled"
    REMINDER = "reminder"
    ORGANISER = "organiser"
    EVALUATION = "evaluation"
    EVALUATION_REMINDER = "evaluation_reminder"
    LOOKUP = "lookup"  # «Finn påmeldingen min»: the personal links, to an address
    GROUP = "group"  # to a group's contact person: the link to the group page
    GROUP_REPLACED = "group_replaced"  # to someone whose place in a group went to another


class OutboxStatus(enum.StrEnum):
    PENDING = "pending"
    SENDING = "sending"
    SENT = "sent"
    FAILED = "failed"


class OutboxMessage(Model):
    """An e-mail, written in the same transaction as the change that causes it.

    The worker claims due rows (FOR UPDATE SKIP LOCKED on PostgreSQL), sends them, and
    records the outcome; nothing waits for SMTP and nothing is lost when SMTP is down.
    """

    __tablename__ = "outbox_message"
    __table_args__ = (
        CheckConstraint(enum_check("status", OutboxStatus), name="status_known"),
        Index("ix_outbox_due", "status", "next_attempt_at"),
        # The mail cap (outbox.queue): messages to one address in the last hour.
        Index("ix_outbox_recipient_recent", text("lower(to_address)"), "created_at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    event_id: Mapped[int | None] = mapped_column(ForeignKey("event.id", ondelete="SET NULL"),
                                                 index=True)
    registration_id: Mapped[int | None] = mapped_column(
        ForeignKey("registration.id", ondelete="SET NULL"))
    kind: Mapped[MessageKind] = mapped_column(EnumColumn(MessageKind, 40))
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
    status: Mapped[OutboxStatus] = mapped_column(EnumColumn(OutboxStatus),
                                                 default=OutboxStatus.PENDING)
    attempts: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    next_attempt_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    claimed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    last_error: Mapped[str | None] = mapped_column(String(1000))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # Body and address removed after OUTBOX_RETENTION_DAYS; the row stays for the counts.
    purged_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
