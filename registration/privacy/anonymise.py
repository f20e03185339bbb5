"""Anonymise one registration: the person is gone, the statistics stay.

Cleared: name, e-mail (replaced by ``anonymisert-<id>``: the partial unique index on
(event_id, email_normalized) must still hold), mobile, workplace, the diet answer and its
consent, the text answers of named evaluations, the personal link (a fresh random token
nobody holds), the ticket code and with them the join links, the evaluation links. Audit
rows about the registration lose the personal values; its e-mails in the outbox lose body,
address, invite and QR code (unsent ones are never sent).

Kept: kommune, role, mode, status, the dates, attendance (check-in rows) and ``person_key``
(a keyed hash of the e-mail: distinct persons can still be counted, nobody can be named).

Used by the retention step of the worker and by erasure («Slett meg»). One transaction
(a savepoint when the caller already has one); guarded by a conditional UPDATE, so two
callers at once anonymise once.
"""

from __future__ import annotations

import secrets
from datetime import datetime
from typing import Any

from sqlalchemy import delete, select, update

from ..audit import log as audit
from ..audit.actions import AuditAction
from ..audit.models import AuditEntry
from ..core.db import write_transaction
from ..core.extensions import db
from ..evaluations.models import (
    EvaluationAnswer,
    EvaluationInvitation,
    EvaluationQuestion,
    EvaluationResponse,
    QuestionKind,
)
from ..mail.models import MailPreference, OutboxMessage, OutboxStatus
from ..questions.models import RegistrationAnswer
from ..registrations.models import Registration
from ..registrations.rules import new_token, person_key

# Keys in audit rows' before/after that name or reach a person. Diet is never logged, but
# is listed so that a row written by mistake is scrubbed too.
PERSONAL_AUDIT_KEYS = frozenset({
    "name", "email", "email_normalized", "mobile", "workplace", "diet", "token",
    "ticket_code",
})
TEXT_KINDS = (QuestionKind.SHORT_TEXT, QuestionKind.LONG_TEXT)
NOT_SENT = "Ikke sendt: påmeldingen er anonymisert."
PURGED_FAILED = "Ikke sendt. Innholdet og feilmeldingen er slettet etter lagringstiden."


def placeholder_email(registration_id: int) -> str:
    """Unique per registration and never a real address (no @), so no lookup finds it."""
    return f"anonymisert-{registration_id}"


def scrub(values: dict[str, Any] | None) -> dict[str, Any] | None:
    if values is None:
        return None
    return {k: v for k, v in values.items() if k not in PERSONAL_AUDIT_KEYS}


def purge_message(message: OutboxMessage, now: datetime) -> None:
    """An e-mail row without its content: body, address, invite and QR code are gone; the
    kind, status and dates stay. Purged before it was sent: it is never sent."""
    message.to_address = ""
    message.to_name = ""
    message.text_body = None
    message.html_body = None
    message.ics = None
    message.qr_png = None
    message.details = None
    message.purged_at = message.purged_at or now
    if message.status in (OutboxStatus.PENDING, OutboxStatus.SENDING):
        message.status = OutboxStatus.FAILED
        message.last_error = NOT_SENT
    elif message.status == OutboxStatus.FAILED:
        message.last_error = PURGED_FAILED  # the server's error names the address
    else:
        message.last_error = None


def anonymise_registration(registration: Registration, now: datetime, actor: Any = None,
                           reason: str = "retention") -> bool:
    """Clear the registration's personal data; returns False when it already was.

    ``reason`` goes into the audit row (``retention``, ``erasure``, or an admin's words).
    The caller cancels first when the seat should pass on: this changes no status.
    """
    with write_transaction():
        # Only one caller gets past this UPDATE: the rest see the row as anonymised.
        claimed = db.session.execute(
            update(Registration)
            .where(Registration.id == registration.id, Registration.anonymised_at.is_(None))
            .values(anonymised_at=now)
            .execution_options(synchronize_session=False)
        )
        if claimed.rowcount != 1:  # type: ignore[attr-defined]
            db.session.refresh(registration)
            return False
        db.session.refresh(registration)
        if registration.person_key is None:
            # Registered before person keys existed: counted as a person all the same.
            registration.person_key = person_key(registration.email)
        registration.name = ""
        registration.email = placeholder_email(registration.id)
        registration.email_normalized = placeholder_email(registration.id)
        registration.mobile = ""
        registration.workplace = ""
        registration.client_key = None  # the keyed hash of the client address (abuse view)
        registration.diet = None
        registration.diet_consent_at = None
        # Answers to the event's own questions may say who someone is: they go too.
        db.session.execute(delete(RegistrationAnswer).where(
            RegistrationAnswer.registration_id == registration.id))
        registration.token = new_token()  # a secret nobody holds: the old link is dead
        registration.ticket_code = None
        registration.updated_at = now

        for invitation in db.session.scalars(select(EvaluationInvitation).where(
                EvaluationInvitation.registration_id == registration.id)):
            invitation.token = secrets.token_urlsafe(24)
        # Named evaluations: the free-text answers go (choices and scales stay). Anonymous
        # answers are tied to nobody and are not touched.
        named = select(EvaluationResponse.id).where(
            EvaluationResponse.registration_id == registration.id)
        texts = select(EvaluationQuestion.id).where(EvaluationQuestion.kind.in_(TEXT_KINDS))
        db.session.execute(
            delete(EvaluationAnswer)
            .where(EvaluationAnswer.response_id.in_(named),
                   EvaluationAnswer.question_id.in_(texts))
            .execution_options(synchronize_session=False))

        for entry in db.session.scalars(select(AuditEntry).where(
                AuditEntry.registration_id == registration.id)):
            entry.before, entry.after = scrub(entry.before), scrub(entry.after)
        for message in db.session.scalars(select(OutboxMessage).where(
                OutboxMessage.registration_id == registration.id)):
            purge_message(message, now)
        # The bounce mark (a hash of the address) and the opt-outs go with the person.
        db.session.execute(delete(MailPreference).where(
            MailPreference.registration_id == registration.id)
            .execution_options(synchronize_session=False))

        audit.record(AuditAction.ANONYMISED, event_id=registration.event_id, actor=actor,
                     registration=registration, after={"reason": reason[:200]})
        db.session.flush()
        return True
