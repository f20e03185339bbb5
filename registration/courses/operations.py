"""Completion of a course level and its kursbevis: record (from attendance or by hand),
withdraw, and the course settings of an event. One user action = one transaction, with its
audit rows and the e-mail in the outbox."""

from __future__ import annotations

import secrets
from datetime import datetime, timedelta
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError

from ..audit import log as audit
from ..audit.actions import AuditAction
from ..checkin.operations import attendance
from ..core.db import write_transaction
from ..core.extensions import db
from ..core.links import external_url
from ..events.models import Event, EventSession
from ..mail import outbox
from ..mail.models import MessageKind
from ..registrations.models import Registration, RegistrationStatus
from ..registrations.rules import person_key
from .models import CompletionMethod, CourseCompletion, CourseLevel, CourseTrack

CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O or 1/I: read aloud, typed by hand
# The worker records completions for courses that ended in this window (after it, an
# organiser records them by hand from the course page).
COMPLETION_WINDOW = timedelta(days=14)

KLINOBS_LEVELS = ((1, "Grunnleggende ferdigheter"), (2, "K-HLR"), (3, "ProACT"))


class CompletionError(Exception):
    """An organiser's completion action that cannot be done; the message is for people."""


def new_certificate_code() -> str:
    """16 characters from 32: 80 random bits. The public page shows only name, course and
    date, so guessing codes finds nothing worth the effort."""
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(16))


def ensure_klinobs() -> CourseTrack:
    """The first track (also seeded by migration 0011): KlinObs Trinn 1–3."""
    track = db.session.scalar(select(CourseTrack).where(CourseTrack.slug == "klinobs"))
    if track is None:
        with write_transaction():
            track = CourseTrack(slug="klinobs", name="KlinObs")
            track.levels = [CourseLevel(number=n, title=t) for n, t in KLINOBS_LEVELS]
            db.session.add(track)
    return track


def all_levels() -> list[CourseLevel]:
    return list(db.session.scalars(
        select(CourseLevel).join(CourseTrack).order_by(CourseTrack.name, CourseLevel.number)))


def find_level(track_slug: str, number: int) -> CourseLevel | None:
    return db.session.scalar(select(CourseLevel).join(CourseTrack).where(
        CourseTrack.slug == track_slug, CourseLevel.number == number))


def save_settings(event: Event, level_id: int | None, requires_previous: bool, signer: str,
                  actor: Any) -> None:
    """Place an event on a track level (or take it off), and who signs its kursbevis."""
    with write_transaction():
        before = {"level": event.level.label if event.level else "",
                  "requires_previous": event.requires_previous,
                  "certificate_signer": event.certificate_signer}
        event.level_id = level_id
        event.requires_previous = bool(level_id) and requires_previous
        event.certificate_signer = signer
        db.session.flush()
        db.session.refresh(event)
        audit.record(AuditAction.COURSE_SETTINGS, event_id=event.id, actor=actor, before=before,
                     after={"level": event.level.label if event.level else "",
                            "requires_previous": event.requires_previous,
                            "certificate_signer": event.certificate_signer})


def attended_every_session(registration: Registration, attended: set[int]) -> bool:
    sessions = {s.id for s in registration.event.sessions}
    return bool(sessions) and sessions <= attended


def completion_of(registration_id: int) -> CourseCompletion | None:
    return db.session.scalar(select(CourseCompletion).where(
        CourseCompletion.registration_id == registration_id))


def _record(registration: Registration, method: CompletionMethod, now: datetime, actor: Any,
            reason: str = "") -> CourseCompletion | None:
    """The completion row, the e-mail with the kursbevis and the audit row; None when the
    registration already has one (the UNIQUE constraint decides, also for two at once)."""
    event = registration.event
    assert event.level_id is not None
    completion = CourseCompletion(
        level_id=event.level_id, event_id=event.id, registration_id=registration.id,
        name=registration.name, email_normalized=registration.email_normalized,
        person_key=registration.person_key or person_key(registration.email),
        kommunenummer=registration.kommunenummer,
        completed_on=event.ends_at or now, method=method, reason=reason[:500],
        certificate_code=new_certificate_code(), created_at=now,
        by_user_id=getattr(actor, "id", None))
    try:
        with db.session.begin_nested():
            db.session.add(completion)
    except IntegrityError:
        return None
    outbox.queue(MessageKind.COURSE_COMPLETED, registration, extra={
        "certificate_code": completion.certificate_code,
        "certificate_url": external_url("courses.verify", code=completion.certificate_code),
        "certificate_pdf_url": external_url("courses.certificate_pdf",
                                            code=completion.certificate_code),
        "course_label": event.level.label if event.level else ""})
    audit.record(AuditAction.COMPLETION_MANUAL if method == CompletionMethod.MANUAL
                 else AuditAction.COMPLETION_RECORDED, event_id=event.id, actor=actor,
                 registration=registration,
                 after={"reason": reason[:200]} if reason else None)
    return completion


def complete_from_attendance(event_id: int, now: datetime, actor: Any = None) -> int:
    """Record completion for every confirmed participant who attended every session of a
    course that has ended; returns how many were recorded. Running it again records none
    twice; a withdrawn completion is not recorded again."""
    with write_transaction():
        event = db.session.get(Event, event_id)
        if event is None or event.level_id is None or event.ends_at is None \
                or event.ends_at > now:
            return 0
        attended = attendance(event_id)
        done = set(db.session.scalars(select(CourseCompletion.registration_id).where(
            CourseCompletion.event_id == event_id)))
        recorded = 0
        for registration in db.session.scalars(select(Registration).where(
                Registration.event_id == event_id,
                Registration.status == RegistrationStatus.CONFIRMED,
                Registration.anonymised_at.is_(None)).order_by(Registration.id)):
            if registration.id in done or not attended_every_session(
                    registration, attended.get(registration.id, set())):
                continue
            if _record(registration, CompletionMethod.ATTENDANCE, now, actor) is not None:
                recorded += 1
        return recorded


def complete_due(now: datetime) -> int:
    """The worker's step: courses on a track that ended within COMPLETION_WINDOW."""
    ends = (select(EventSession.event_id, func.max(EventSession.ends_at).label("ends_at"))
            .group_by(EventSession.event_id).subquery())
    event_ids = list(db.session.scalars(select(Event.id).join(ends, ends.c.event_id == Event.id)
                                        .where(Event.level_id.is_not(None),
                                               ends.c.ends_at <= now,
                                               ends.c.ends_at > now - COMPLETION_WINDOW)))
    db.session.rollback()  # nothing held between the reading and the writing
    return sum(complete_from_attendance(event_id, now) for event_id in event_ids)


def mark_completed(event: Event, registration_id: int, reason: str, actor: Any,
                   now: datetime) -> CourseCompletion:
    """An organiser marks one participant completed (e.g. attended, but the check-in was
    missed) and so issues the kursbevis by hand. Audited with the reason."""
    reason = reason.strip()
    if not reason:
        raise CompletionError(_("Skriv en begrunnelse."))
    with write_transaction():
        registration = db.session.get(Registration, registration_id)
        if registration is None or registration.event_id != event.id \
                or registration.anonymised_at is not None:
            raise CompletionError(_("Fant ikke deltakeren."))
        if event.level_id is None:
            raise CompletionError(_("Arrangementet er ikke et kurs i et kursløp."))
        if registration.status != RegistrationStatus.CONFIRMED:
            raise CompletionError(_("Bare bekreftede deltakere kan fullføre kurset."))
        completion = _record(registration, CompletionMethod.MANUAL, now, actor, reason)
        if completion is None:
            raise CompletionError(_("Deltakeren har allerede et kursbevis for dette kurset."))
        return completion


def withdraw(event: Event, completion_id: int, reason: str, actor: Any,
             now: datetime) -> CourseCompletion:
    """Withdraw a completion and its kursbevis (the public page then says «trukket
    tilbake»). The conditional UPDATE waits for a registration that holds the row FOR
    SHARE (prerequisites.py), so the two are decided one after the other."""
    reason = reason.strip()
    if not reason:
        raise CompletionError(_("Skriv en begrunnelse."))
    with write_transaction():
        completion = db.session.get(CourseCompletion, completion_id)
        if completion is None or completion.event_id != event.id:
            raise CompletionError(_("Fant ikke kursbeviset."))
        result = db.session.execute(
            update(CourseCompletion)
            .where(CourseCompletion.id == completion_id, CourseCompletion.withdrawn_at.is_(None))
            .values(withdrawn_at=now, withdrawn_reason=reason[:500])
            .execution_options(synchronize_session=False))
        if result.rowcount != 1:  # type: ignore[attr-defined]
            raise CompletionError(_("Kursbeviset er allerede trukket tilbake."))
        db.session.refresh(completion)
        registration = (db.session.get(Registration, completion.registration_id)
                        if completion.registration_id else None)
        audit.record(AuditAction.COMPLETION_WITHDRAWN, event_id=event.id, actor=actor,
                     registration=registration,
                     after={"certificate": completion.certificate_code,
                            "reason": reason[:200]})
        return completion


def certificate_by_code(code: str) -> CourseCompletion | None:
    if not code or len(code) > 32 or not code.isalnum():
        return None
    return db.session.scalar(select(CourseCompletion).where(
        CourseCompletion.certificate_code == code.upper()))


def completions_of_event(event_id: int) -> dict[int, CourseCompletion]:
    """registration id → its completion."""
    rows = db.session.scalars(select(CourseCompletion).where(
        CourseCompletion.event_id == event_id))
    return {c.registration_id: c for c in rows if c.registration_id is not None}
