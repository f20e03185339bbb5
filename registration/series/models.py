"""A series of events: an object of its own, so events belong to it by id, not by title."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..core.extensions import Model
from ..core.types import UTCDateTime, utcnow
from ..events.models import Event


class EventSeries(Model):
    __tablename__ = "event_series"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="", server_default="")
    owner_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    events: Mapped[list[Event]] = relationship(
        primaryjoin="EventSeries.id == foreign(Event.series_id)", viewonly=True,
        order_by="Event.id")
