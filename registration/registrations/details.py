"""Correcting a registration's details: the organiser's edit (details and mode in one
transaction) and the participant's own, from the personal page. Registering, cancelling and
switching mode are in operations.py."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy.exc import IntegrityError

from ..audit import log as audit
from ..audit.actions import AuditAction
from ..core.db import write_transaction
from ..core.extensions import db
from ..core.types import utcnow
from . import operations
from .models import Registration, RegistrationStatus, Role
from .rules import (
    Outcome,
    OwnDetails,
    Participant,
    RegistrationRefused,
    can_edit_own,
    normalize_email,
    person_key,
)


def update_details(registration_id: int, participant: Participant, actor: Any) -> None:
    """An organiser corrects a registration's personal details."""
    with write_transaction():
        registration = db.session.get(Registration, registration_id, with_for_update=True,
                                      populate_existing=True)
        if registration is None:
            raise RegistrationRefused("not_found")
        before = audit.snapshot(registration)
        try:
            # Changed inside the savepoint, so a clash with another active registration's
            # e-mail undoes only this and leaves the transaction usable.
            with db.session.begin_nested():
                registration.name = participant.name
                registration.email = participant.email.strip()
                registration.email_normalized = normalize_email(participant.email)
                registration.person_key = person_key(participant.email)
                registration.mobile = participant.mobile
                registration.kommunenummer = participant.kommunenummer
                registration.workplace = participant.workplace
                registration.role = Role(participant.role)
                registration.updated_at = utcnow()
        except IntegrityError:
            raise RegistrationRefused("duplicate") from None
        audit.record(AuditAction.EDITED, event_id=registration.event_id, actor=actor,
                     registration=registration, before=before,
                     after=audit.snapshot(registration))


def edit_participant(registration_id: int, participant: Participant, actor: Any,
                     now: datetime | None = None) -> Outcome | None:
    """An organiser's edit of a participant: the details and, when it changed, the mode,
    as one transaction. A refused mode switch leaves the details as they were."""
    with write_transaction():
        update_details(registration_id, participant, actor)
        registration = db.session.get(Registration, registration_id)
        assert registration is not None
        if participant.mode and participant.mode != registration.mode \
                and registration.status != RegistrationStatus.CANCELLED:
            return operations.change_mode(registration.token, participant.mode, now, actor=actor)
        return None


# The details a participant corrects on the personal page; diet is handled apart (health
# data: its value is never written to the audit log).
OWN_FIELDS = ("name", "mobile", "kommunenummer", "workplace", "role")


def _diet_marker(diet: str | None) -> str:
    return "given" if diet else "none"


def edit_own(token: str, details: OwnDetails, now: datetime | None = None) -> bool:
    """The participant corrects their own details from the personal link, until the
    cancellation deadline (or the start). Diet is stored only where food is served and only
    with consent; without consent, or left empty, it is deleted. Returns whether anything
    changed; the change is audited without the diet's value."""
    now = now or utcnow()
    with write_transaction():
        registration = operations.lock_registration(token)
        if registration.status == RegistrationStatus.CANCELLED:
            raise RegistrationRefused("already_cancelled")
        if not can_edit_own(registration, now):
            raise RegistrationRefused("edit_closed")
        before: dict[str, Any] = {f: getattr(registration, f) for f in OWN_FIELDS}
        before["diet"] = _diet_marker(registration.diet)
        registration.name = details.name
        registration.mobile = details.mobile
        registration.kommunenummer = details.kommunenummer
        registration.workplace = details.workplace
        registration.role = Role(details.role)
        diet_after = before["diet"]
        if registration.event.serves_food:
            wanted = details.diet if details.diet and details.diet_consent else None
            if wanted != registration.diet:
                diet_after = "changed" if wanted and registration.diet else _diet_marker(wanted)
                registration.diet = wanted
                registration.diet_consent_at = now if wanted else None
        after: dict[str, Any] = {f: getattr(registration, f) for f in OWN_FIELDS}
        after["diet"] = diet_after
        if after == before:
            return False
        registration.updated_at = now
        audit.record(AuditAction.SELF_EDITED, event_id=registration.event_id, actor=None,
                     registration=registration, before=before, after=after)
        return True
