"""Networks, their members, and personal invitations to an event."""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..accounts.models import User
from ..core.extensions import Model
from ..core.types import UTCDateTime, utcnow


class Audience(enum.StrEnum):
    """Who may register for an event."""

    OPEN = "open"  # everyone (the catalogue, the API, the feeds)
    MEMBERS = "members"  # members of the event's network, matched on e-mail
    INVITED = "invited"  # only with a personal invitation link; hidden everywhere public


class Network(Model):
    __tablename__ = "network"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="", server_default="")
    contact_name: Mapped[str] = mapped_column(String(120), default="", server_default="")
    contact_email: Mapped[str] = mapped_column(String(254), default="", server_default="")
    # The arrangør who runs the network; admins manage every network.
    owner_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    owner: Mapped[User | None] = relationship()
    members: Mapped[list[NetworkMember]] = relationship(
        back_populates="network", order_by="NetworkMember.name",
        cascade="all, delete-orphan", passive_deletes=True)


class NetworkMember(Model):
    """A fixed member. The e-mail (lower-cased) is the key: one membership per address and
    network, held by the unique constraint, so an import or two organisers adding the same
    person at once cannot make a duplicate."""

    __tablename__ = "network_member"
    __table_args__ = (UniqueConstraint("network_id", "email_normalized"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    network_id: Mapped[int] = mapped_column(ForeignKey("network.id", ondelete="CASCADE"),
                                            index=True)
    name: Mapped[str] = mapped_column(String(120))
    email: Mapped[str] = mapped_column(String(254))
    email_normalized: Mapped[str] = mapped_column(String(254), index=True)
    mobile: Mapped[str] = mapped_column(String(32), default="", server_default="")
    kommunenummer: Mapped[str] = mapped_column(String(4))
    workplace: Mapped[str] = mapped_column(String(150))
    role: Mapped[str] = mapped_column(String(32))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    network: Mapped[Network] = relationship(back_populates="members")


class Invitation(Model):
    """A personal invitation to an invitation-only event: the link works for this e-mail
    only, once (``used_at`` is set by a conditional UPDATE, so two clicks in the same
    instant cannot both register)."""

    __tablename__ = "invitation"
    __table_args__ = (UniqueConstraint("event_id", "email_normalized"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("event.id", ondelete="CASCADE"), index=True)
    token: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(120), default="", server_default="")
    email: Mapped[str] = mapped_column(String(254))
    email_normalized: Mapped[str] = mapped_column(String(254), index=True)
    # What is known already, to fill in the form (from the network's member list).
    member_id: Mapped[int | None] = mapped_column(
        ForeignKey("network_member.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    registration_id: Mapped[int | None] = mapped_column(
        ForeignKey("registration.id", ondelete="SET NULL"))

    member: Mapped[NetworkMember | None] = relationship()
