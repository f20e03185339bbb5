"""The audit log's rows."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import (
    JSON,
    ForeignKey,
    Integer,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..accounts.models import User
from ..core.extensions import Model
from ..core.types import EnumColumn, UTCDateTime, utcnow
from .actions import AuditAction

if TYPE_CHECKING:
    from ..registrations.models import Registration


class AuditEntry(Model):
    """Who changed or exported what, when: before → after. Written in the same transaction."""

    __tablename__ = "audit_entry"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    event_id: Mapped[int | None] = mapped_column(ForeignKey("event.id", ondelete="CASCADE"),
                                                 index=True)
    user_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL"))
    registration_id: Mapped[int | None] = mapped_column(
        ForeignKey("registration.id", ondelete="SET NULL"))
    action: Mapped[AuditAction] = mapped_column(EnumColumn(AuditAction, 40))
    before: Mapped[dict | None] = mapped_column(JSON)
    after: Mapped[dict | None] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    user: Mapped[User | None] = relationship()
    # The participant the row is about (gone when the registration is deleted).
    registration: Mapped[Registration | None] = relationship("Registration")
