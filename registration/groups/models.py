"""A group of registrations made in one go by a contact person (a leader or ressursperson).

Each member is an ordinary registration (own personal link, e-mails, ticket); the group only
ties them together and holds who the contact is and the secret link of the group page.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..core.extensions import Model
from ..core.types import UTCDateTime, utcnow
from ..events.models import Event


class RegistrationGroup(Model):
    __tablename__ = "registration_group"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("event.id", ondelete="CASCADE"),
                                          index=True)
    # The secret in the group page's link: 192 random bits, as a personal link.
    token: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str | None] = mapped_column(String(120))  # «ABC-gruppe Senja»
    # «alle eller ingen» (True) or «de som får plass» (False); also used for people added.
    all_or_nothing: Mapped[bool] = mapped_column(Boolean, default=False)
    contact_name: Mapped[str] = mapped_column(String(120))
    contact_email: Mapped[str] = mapped_column(String(254))
    contact_mobile: Mapped[str] = mapped_column(String(32))
    contact_kommunenummer: Mapped[str] = mapped_column(String(4))
    contact_workplace: Mapped[str] = mapped_column(String(150))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    # Privacy: the contact's details are cleared with the members' (privacy/retention.py).
    anonymised_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    event: Mapped[Event] = relationship()
