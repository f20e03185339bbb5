"""The worker's privacy step: personal data goes when it is no longer needed.

1. **Diet answers** (health data) are deleted once the event's last session has ended, or
   when the event is cancelled (a cancelled registration loses its answer at once, in
   ``registrations.operations.cancel``). One audit row per event, with the count, never the
   values. Answers to the event's own questions marked as health data go the same way
   (``delete_health_answers``).
2. **Person keys** are filled in for registrations from before they existed, so that
   distinct persons are still counted once the e-mail is gone.
3. **Registrations** are anonymised (``anonymise.anonymise_registration``)
   ``RETENTION_MONTHS`` after the event's last session ended.
   A group's contact person («Meld på flere») is cleared at the same time
   (``anonymise_groups``); the group row stays, so the members still belong together.
4. **Completions** of course levels (the instructor registry and the kursbevis) are deleted
   ``COMPLETION_RETENTION_YEARS`` after the course was completed (courses/retention.py);
   until then they outlive the anonymised registration on purpose.
5. **Invitations** (networks/privacy.py) are deleted at the same time as the registrations
   of their event are anonymised.
6. **E-mails** in the outbox lose body, address, invite and QR code
   ``OUTBOX_RETENTION_DAYS`` after they were sent; failed ones (and ones never sent) after
   that time from when they were written.

Each step is its own transaction and is guarded in the database (conditional UPDATEs; rows
claimed with SKIP LOCKED on PostgreSQL; SQLite's writers queue), so running it again, or in
two workers at once, does nothing twice.
"""

from __future__ import annotations

import calendar
from datetime import datetime, timedelta
from typing import Any

from flask import current_app
from sqlalchemy import Select, Subquery, and_, case, delete, func, null, or_, select, update

from ..audit import log as audit
from ..audit.actions import AuditAction
from ..core.db import write_transaction
from ..core.extensions import db
from ..courses import retention as completion_retention
from ..events.models import Event, EventSession, EventStatus
from ..groups.models import RegistrationGroup
from ..mail.models import OutboxMessage, OutboxStatus
from ..networks.privacy import delete_old_invitations
from ..questions.models import EventQuestion, RegistrationAnswer
from ..registrations.models import Registration
from ..registrations.rules import person_key
from .anonymise import PURGED_FAILED, anonymise_registration

BATCH = 200
# The worker's rounds come every few seconds; these deadlines are counted in hours, months
# and days, so once a minute per process is plenty (and costs no database time in between).
INTERVAL = timedelta(minutes=1)
_LAST_RUN = "privacy_retention_last_run"


def months_before(moment: datetime, months: int) -> datetime:
    """The same day and time ``months`` earlier (31 March − 1 month = 28/29 February)."""
    index = moment.year * 12 + moment.month - 1 - months
    year, month = divmod(index, 12)
    day = min(moment.day, calendar.monthrange(year, month + 1)[1])
    return moment.replace(year=year, month=month + 1, day=day)


def _event_end() -> Subquery:
    """(event_id, end of its last session) for every event with sessions."""
    return (select(EventSession.event_id, func.max(EventSession.ends_at).label("ends_at"))
            .group_by(EventSession.event_id).subquery())


def _skip_locked(query: Select[Any]) -> Select[Any]:
    if db.session.get_bind().dialect.name == "postgresql":
        # NO KEY UPDATE: foreign-key checks of other transactions (KEY SHARE) pass.
        return query.with_for_update(skip_locked=True, of=Registration, key_share=True)
    return query


def delete_diet(now: datetime) -> int:
    """Diet answers of events that are over or cancelled; returns how many were deleted."""
    ends = _event_end()
    over = select(ends.c.event_id).where(ends.c.ends_at <= now)
    cancelled = select(Event.id).where(Event.status == EventStatus.CANCELLED)
    deleted = 0
    event_ids = db.session.scalars(
        select(Registration.event_id).distinct().where(
            or_(Registration.diet.is_not(None), Registration.diet_consent_at.is_not(None)),
            or_(Registration.event_id.in_(over), Registration.event_id.in_(cancelled)))
    ).all()
    if not event_ids:  # the usual answer: no write lock taken
        return 0
    with write_transaction():
        for event_id in event_ids:
            # The WHERE is the guard: a second worker finds nothing left and logs nothing.
            result = db.session.execute(
                update(Registration)
                .where(Registration.event_id == event_id,
                       or_(Registration.diet.is_not(None),
                           Registration.diet_consent_at.is_not(None)))
                .values(diet=None, diet_consent_at=None)
                .execution_options(synchronize_session=False))
            count = result.rowcount  # type: ignore[attr-defined]
            if count:
                audit.record(AuditAction.DIET_DELETED, event_id=event_id,
                             after={"count": count})
                deleted += count
    return deleted


def delete_health_answers(now: datetime) -> int:
    """Answers to questions marked as health data, for events that are over or cancelled:
    treated like the diet answer. One audit row per event, with the count."""
    ends = _event_end()
    over = select(ends.c.event_id).where(ends.c.ends_at <= now)
    cancelled = select(Event.id).where(Event.status == EventStatus.CANCELLED)
    due = (EventQuestion.health.is_(True),
           or_(EventQuestion.event_id.in_(over), EventQuestion.event_id.in_(cancelled)))
    rows = db.session.execute(
        select(EventQuestion.event_id, EventQuestion.id).join(
            RegistrationAnswer, RegistrationAnswer.question_id == EventQuestion.id)
        .where(*due).distinct()).all()
    if not rows:  # the usual answer: no write lock taken
        return 0
    deleted = 0
    with write_transaction():
        for event_id in sorted({event_id for event_id, _ in rows}):
            questions = [q for e, q in rows if e == event_id]
            result = db.session.execute(
                delete(RegistrationAnswer).where(RegistrationAnswer.question_id.in_(questions))
                .execution_options(synchronize_session=False))
            count = int(result.rowcount)  # type: ignore[attr-defined]
            if count:
                audit.record(AuditAction.HEALTH_ANSWERS_DELETED, event_id=event_id,
                             after={"count": count})
                deleted += count
    return deleted


def backfill_person_keys() -> int:
    """Registrations from before person keys existed get theirs (from the e-mail)."""
    missing = (Registration.person_key.is_(None), Registration.anonymised_at.is_(None))
    if db.session.scalar(select(Registration.id).where(*missing).limit(1)) is None:
        return 0
    with write_transaction():
        rows: list[Registration] = list(db.session.scalars(_skip_locked(
            select(Registration).where(*missing)
            .order_by(Registration.id).limit(BATCH))))
        for registration in rows:
            registration.person_key = person_key(registration.email)
        return len(rows)


def anonymise_due(now: datetime) -> int:
    """Anonymise the registrations of events that ended RETENTION_MONTHS ago or more."""
    cutoff = months_before(now, int(current_app.config["RETENTION_MONTHS"]))
    ends = _event_end()
    query = (select(Registration)
             .join(ends, ends.c.event_id == Registration.event_id)
             .where(Registration.anonymised_at.is_(None), ends.c.ends_at <= cutoff))
    if db.session.scalar(query.with_only_columns(Registration.id).limit(1)) is None:
        return 0
    with write_transaction():
        due: list[Registration] = list(db.session.scalars(_skip_locked(
            query.order_by(Registration.id).limit(BATCH))))
        # Each inside its own savepoint; the conditional UPDATE in it is the guard.
        return sum(anonymise_registration(registration, now) for registration in due)


def anonymise_groups(now: datetime) -> int:
    """Clear the contact person of groups whose event ended RETENTION_MONTHS ago or more.
    One conditional UPDATE: a second worker finds nothing left to do."""
    cutoff = months_before(now, int(current_app.config["RETENTION_MONTHS"]))
    ends = _event_end()
    due = select(ends.c.event_id).where(ends.c.ends_at <= cutoff)
    with write_transaction():
        result = db.session.execute(
            update(RegistrationGroup)
            .where(RegistrationGroup.anonymised_at.is_(None),
                   RegistrationGroup.event_id.in_(due))
            .values(name=None, contact_name="", contact_email="", contact_mobile="",
                    contact_workplace="", anonymised_at=now)
            .execution_options(synchronize_session=False))
        return int(result.rowcount)  # type: ignore[attr-defined]


def purge_outbox(now: datetime) -> int:
    """E-mails lose their content OUTBOX_RETENTION_DAYS after they were sent (failed or
    never sent: after they were written); the row stays, for the counts."""
    cutoff = now - timedelta(days=int(current_app.config["OUTBOX_RETENTION_DAYS"]))
    due = (OutboxMessage.purged_at.is_(None), or_(
        and_(OutboxMessage.status == OutboxStatus.SENT, OutboxMessage.sent_at <= cutoff),
        and_(OutboxMessage.status.in_((OutboxStatus.FAILED, OutboxStatus.PENDING)),
             OutboxMessage.created_at <= cutoff)))
    if db.session.scalar(select(OutboxMessage.id).where(*due).limit(1)) is None:
        return 0
    with write_transaction():
        # One statement: a second UPDATE of the same rows in this transaction would make
        # PostgreSQL check their foreign keys again, waiting on registrations another worker
        # is anonymising (a deadlock the concurrency test found).
        result = db.session.execute(
            update(OutboxMessage)
            .where(*due)
            .values(to_address="", to_name="", text_body=None, html_body=None, ics=None,
                    qr_png=None, details=null(), purged_at=now,
                    # Never sent in all that time: it will not be now.
                    status=case((OutboxMessage.status == OutboxStatus.PENDING,
                                 OutboxStatus.FAILED.value), else_=OutboxMessage.status),
                    # The SMTP server's error names the address too: it goes with the rest.
                    last_error=case((OutboxMessage.status != OutboxStatus.SENT,
                                     PURGED_FAILED), else_=None))
            .execution_options(synchronize_session=False))
        return int(result.rowcount)  # type: ignore[attr-defined]


def run(now: datetime) -> dict[str, int]:
    """The whole step, as the worker runs it before delivery; returns what it did."""
    return {
        "diet_deleted": delete_diet(now),
        "health_answers_deleted": delete_health_answers(now),
        "person_keys": backfill_person_keys(),
        "anonymised": anonymise_due(now),
        "groups_anonymised": anonymise_groups(now),
        "outbox_purged": purge_outbox(now),
        "completions_deleted": completion_retention.delete_expired(now),
        "invitations_deleted": delete_old_invitations(
            months_before(now, int(current_app.config["RETENTION_MONTHS"]))),
    }


def run_if_due(now: datetime) -> dict[str, int] | None:
    """``run`` at most once per INTERVAL in this process (by the app's clock)."""
    last = current_app.extensions.get(_LAST_RUN)
    if last is not None and last <= now < last + INTERVAL:
        return None
    done = run(now)
    current_app.extensions[_LAST_RUN] = now
    return done
