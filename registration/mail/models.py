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
    COURSE_COMPLETED = "course_completed"  # completion recorded: the kursbevis
    INSTRUCTORS = "instructors"  # an organiser's message to instructors in the registry
    INVITATION = "invitation"  # a personal invitation link to an invitation-only event
    NETWORK_MESSAGE = "network_message"  # the organiser's message to a network's members
    MODE_CHANGED = "mode_changed"  # switched physical ⇄ digital: the updated invite
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
    # Set at the first attempt and kept across retries, so a receiver can drop a duplicate
    # of at-least-once delivery.
    message_id: Mapped[str | None] = mapped_column(String(250))
    # For an invite sent as one e-mail per session: which of how many (1 = the message with
    # the full text; the churn cap counts only that one).
    invite_part: Mapped[int | None] = mapped_column(Integer)


# Bulk kinds: a one-click List-Unsubscribe opts a registration out of its group, never out
# of the registration. Kinds added later belong here if they go to many at once.
OPT_OUT_GROUPS: dict[MessageKind, str] = {
    MessageKind.REMINDER: "reminder",
    MessageKind.EVALUATION: "evaluation",
    MessageKind.EVALUATION_REMINDER: "evaluation",
    MessageKind.ORGANISER: "organiser",
}


class MailPreference(Model):
    """Per registration: the bulk mail it opted out of, and whether its address bounced.

    The bounce is tied to a hash of the address that bounced, so a corrected address (by
    the organiser or the participant) clears it without anyone having to remember to, and
    the table holds no address."""

    __tablename__ = "mail_preference"

    registration_id: Mapped[int] = mapped_column(
        ForeignKey("registration.id", ondelete="CASCADE"), primary_key=True)
    opted_out: Mapped[str] = mapped_column(String(200), default="", server_default="")
    bounced_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    bounced_address_hash: Mapped[str | None] = mapped_column(String(64))
    bounce_code: Mapped[int | None] = mapped_column(Integer)


class MailSendWindow(Model):
    """The sending budget shared by every worker: messages claimed per clock minute.

    Claiming rows and counting them here happen in one transaction (the window row locked),
    so two worker processes together never exceed MAIL_MAX_PER_MINUTE."""

    __tablename__ = "mail_send_window"

    minute: Mapped[datetime] = mapped_column(UTCDateTime(), primary_key=True)
    claimed: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
