"""Evaluation forms, their questions, invitations and (anonymous) answers."""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..core.extensions import Model
from ..core.types import EnumColumn, UTCDateTime, enum_check, utcnow
from ..events.models import Event
from ..registrations.models import Registration


class QuestionKind(enum.StrEnum):
    SCALE = "scale"  # 1–5 with labelled ends
    SINGLE = "single"
    MULTIPLE = "multiple"
    YES_NO = "yesno"
    SHORT_TEXT = "short_text"
    LONG_TEXT = "long_text"


class EvaluationForm(Model):
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


class EvaluationQuestion(Model):
    __tablename__ = "evaluation_question"
    __table_args__ = (CheckConstraint(enum_check("kind", QuestionKind), name="kind_known"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    form_id: Mapped[int] = mapped_column(ForeignKey("evaluation_form.id", ondelete="CASCADE"),
                                         index=True)
    position: Mapped[int] = mapped_column(Integer)
    kind: Mapped[QuestionKind] = mapped_column(EnumColumn(QuestionKind))
    text: Mapped[str] = mapped_column(String(300))
    required: Mapped[bool] = mapped_column(Boolean, default=False)
    options: Mapped[list | None] = mapped_column(JSON)  # single and multiple choice
    low_label: Mapped[str] = mapped_column(String(60), default="", server_default="")
    high_label: Mapped[str] = mapped_column(String(60), default="", server_default="")
    # The standard USHT questions keep their key through copies: results compare on it.
    standard_key: Mapped[str | None] = mapped_column(String(40), index=True)

    form: Mapped[EvaluationForm] = relationship(back_populates="questions")


class EvaluationInvitation(Model):
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


class EvaluationResponse(Model):
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


class EvaluationAnswer(Model):
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
