"""Who is asked to evaluate, and when: invitations to those who attended, by hand or by the
worker after the event, and reminders."""

from __future__ import annotations

import secrets
from datetime import datetime, timedelta

from flask_babel import gettext as _
from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError

from ..audit import log as audit
from ..audit.actions import AuditAction
from ..core.db import write_transaction
from ..core.extensions import db
from ..core.links import external_url
from ..mail import outbox
from ..mail.models import MessageKind
from ..models import (
    CheckIn,
    EvaluationForm,
    EvaluationInvitation,
    Event,
    EventSession,
    EventStatus,
    Registration,
    RegistrationStatus,
    User,
    utcnow,
)
from .builder import DEFAULT_OPEN_DAYS, EvaluationError, form_of


def closes_at(form: EvaluationForm) -> datetime | None:
    if form.closes_at is not None:
        return form.closes_at
    end = form.event.ends_at if form.event else None
    return end + timedelta(days=DEFAULT_OPEN_DAYS) if end else None


def send_time(form: EvaluationForm) -> datetime | None:
    end = form.event.ends_at if form.event else None
    return end + timedelta(hours=form.send_delay_hours) if end else None


def is_open(form: EvaluationForm, now: datetime) -> bool:
    closing = closes_at(form)
    return closing is None or now < closing


def attendee_ids(event_id: int) -> set[int]:
    """Everyone recorded as present at some session: checked in at the door, by their
    digital join link, or marked by hand."""
    return set(db.session.scalars(
        select(CheckIn.registration_id).join(EventSession, EventSession.id == CheckIn.session_id)
        .join(Registration, Registration.id == CheckIn.registration_id)
        .where(EventSession.event_id == event_id,
               Registration.status != RegistrationStatus.CANCELLED)))


def _queue_invitations(form: EvaluationForm, registrations: list[Registration],
                       attended: set[int], now: datetime) -> int:
    already = set(db.session.scalars(select(EvaluationInvitation.registration_id).where(
        EvaluationInvitation.form_id == form.id)))
    queued = 0
    for registration in registrations:
        if registration.id in already:
            continue
        invitation = EvaluationInvitation(
            form_id=form.id, registration_id=registration.id,
            token=secrets.token_urlsafe(24), attended=registration.id in attended,
            invited_at=now)
        db.session.add(invitation)
        _mail(invitation, registration, MessageKind.EVALUATION, form)
        queued += 1
    return queued


def _mail(invitation: EvaluationInvitation, registration: Registration, kind: MessageKind,
          form: EvaluationForm) -> None:
    # The deadline is read from the form when the mail is rendered (outbox.render), not
    # frozen here: an organiser may move it before the worker sends.
    outbox.queue(kind, registration, extra={
        "evaluation_url": external_url("evaluations.answer", token=invitation.token),
        "form_id": form.id, "anonymous": form.anonymous})


class NotEndedYet(EvaluationError):
    """Invitations before the event has ended need the organiser's explicit yes: they lock
    the questionnaire, and people are asked about something not over yet."""


def invite(event: Event, group: str, actor: User, now: datetime | None = None, *,
           before_end: bool = False) -> int:
    """By hand: invite those of ``group`` ('attended' or 'confirmed') not yet invited.
    Before the event has ended only with ``before_end`` (the confirmation step)."""
    now = now or utcnow()
    if not before_end and event.ends_at is not None and now < event.ends_at:
        raise NotEndedYet(_("Arrangementet er ikke ferdig ennå."))
    form = form_of(event.id)
    if form is None:
        raise EvaluationError(_("Arrangementet har ikke noe evalueringsskjema."))
    if not form.questions:
        raise EvaluationError(_("Skjemaet har ingen spørsmål."))
    if not is_open(form, now):
        raise EvaluationError(_("Svarfristen er ute. Sett en ny frist før du sender."))
    try:
        with write_transaction():
            attended = attendee_ids(event.id)
            query = select(Registration).where(Registration.event_id == event.id)
            if group == "attended":
                query = query.where(Registration.id.in_(list(attended)))
            else:
                query = query.where(Registration.status == RegistrationStatus.CONFIRMED)
            queued = _queue_invitations(form, list(db.session.scalars(query)), attended, now)
            audit.record(AuditAction.EVALUATION_INVITED, event_id=event.id, actor=actor,
                         after={"group": group, "count": queued})
    except IntegrityError:  # the worker or another organiser invited someone just now
        raise EvaluationError(_("Invitasjoner ble sendt samtidig fra et annet sted. "
                                "Prøv igjen.")) from None
    return queued


def remind(event: Event, actor: User, now: datetime | None = None) -> int:
    """A reminder to everyone invited who has not answered."""
    now = now or utcnow()
    form = form_of(event.id)
    if form is None or not is_open(form, now):
        raise EvaluationError(_("Svarfristen er ute. Sett en ny frist før du sender."))
    with write_transaction():
        waiting = db.session.execute(
            select(EvaluationInvitation, Registration)
            .join(Registration, Registration.id == EvaluationInvitation.registration_id)
            .where(EvaluationInvitation.form_id == form.id,
                   EvaluationInvitation.answered.is_(False))).tuples().all()
        for invitation, registration in waiting:
            invitation.reminders += 1
            _mail(invitation, registration, MessageKind.EVALUATION_REMINDER, form)
        audit.record(AuditAction.EVALUATION_REMINDED, event_id=event.id, actor=actor,
                     after={"count": len(waiting)})
        return len(waiting)


def queue_due_invitations(now: datetime) -> int:
    """The worker's round: ``send_delay_hours`` after the last session, once per event, an
    invitation to everyone who attended. A conditional UPDATE marks the form in the same
    transaction, so two workers never both send. This runs every few seconds: the write
    transaction is only taken when some form is due."""
    last_end = select(func.max(EventSession.ends_at)).where(
        EventSession.event_id == Event.id).scalar_subquery()
    candidates = db.session.scalars(
        select(EvaluationForm).join(Event, Event.id == EvaluationForm.event_id).where(
            EvaluationForm.auto_send.is_(True), EvaluationForm.auto_sent_at.is_(None),
            Event.status == EventStatus.PUBLISHED, last_end <= now)).all()
    due_ids = [f.id for f in candidates
               if (send_time(f) or now) <= now and is_open(f, now) and f.questions]
    db.session.rollback()  # end the read: nothing was written, and a write transaction follows
    if not due_ids:
        return 0
    queued = 0
    with write_transaction():
        for form in db.session.scalars(select(EvaluationForm).where(
                EvaluationForm.id.in_(due_ids))).all():
            taken = db.session.execute(
                update(EvaluationForm).where(EvaluationForm.id == form.id,
                                             EvaluationForm.auto_sent_at.is_(None))
                .values(auto_sent_at=now).execution_options(synchronize_session=False))
            if taken.rowcount != 1:  # type: ignore[attr-defined]
                continue
            assert form.event_id is not None  # only forms of events are sent
            attended = attendee_ids(form.event_id)
            people = list(db.session.scalars(select(Registration).where(
                Registration.id.in_(list(attended)))))
            count = _queue_invitations(form, people, attended, now)
            queued += count
            audit.record(AuditAction.EVALUATION_INVITED, event_id=form.event_id,
                         after={"group": "attended", "count": count, "automatic": True})
    return queued
