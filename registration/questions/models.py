"""Questions an organiser adds to an event's registration form, and the answers to them.

A question marked as health data is treated like the diet answer: stored only with the
participant's consent, shown only in a restricted list, deleted when the registration is
cancelled and after the event (privacy/retention.py).
"""

from __future__ import annotations

import enum

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    ForeignKey,
    Integer,
    String,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..core.extensions import Model
from ..core.types import EnumColumn, enum_check


class AnswerKind(enum.StrEnum):
    SHORT_TEXT = "short_text"
    LONG_TEXT = "long_text"
    SINGLE = "single"
    MULTIPLE = "multiple"
    YES_NO = "yesno"


class EventQuestion(Model):
    __tablename__ = "event_question"
    __table_args__ = (
        CheckConstraint(enum_check("kind", AnswerKind), name="kind_known"),
        # Consent to health data must be free: such a question can never be required.
        CheckConstraint("NOT (health AND required)", name="health_not_required"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("event.id", ondelete="CASCADE"),
                                          index=True)
    position: Mapped[int] = mapped_column(Integer)
    kind: Mapped[AnswerKind] = mapped_column(EnumColumn(AnswerKind, 20))
    text: Mapped[str] = mapped_column(String(300))
    required: Mapped[bool] = mapped_column(Boolean, default=False)
    health: Mapped[bool] = mapped_column(Boolean, default=False)
    options: Mapped[list | None] = mapped_column(JSON)  # single and multiple choice


class RegistrationAnswer(Model):
    __tablename__ = "registration_answer"
    __table_args__ = (UniqueConstraint("registration_id", "question_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    registration_id: Mapped[int] = mapped_column(
        ForeignKey("registration.id", ondelete="CASCADE"), index=True)
    question_id: Mapped[int] = mapped_column(
        ForeignKey("event_question.id", ondelete="CASCADE"), index=True)
    # A string (text, single choice), a list of strings (multiple choice) or a boolean.
    value: Mapped[object] = mapped_column(JSON)

    question: Mapped[EventQuestion] = relationship()
