"""Erasure (GDPR art. 17): «Slett meg» on the personal page, and an admin for an address.

A registration that still holds a seat or a place in line is cancelled first, exactly as on
«Meld meg av» (``registrations.operations.cancel``: the freed seat goes to the first in
line, who is told by e-mail), and then anonymised at once (``anonymise_registration``: the
person is gone, kommune, role, mode, status and attendance stay for the statistics). Both in
one transaction: either the person is gone and the seat passed on, or nothing happened.

An event that is over is not cancelled (nobody can take the seat any more, and the figures
of who attended stay true); it is only anonymised. No «you are cancelled» e-mail is queued:
it would store the address that was just erased.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import func, select, update

from ..audit import log as audit
from ..audit.actions import AuditAction
from ..core.db import write_transaction
from ..core.extensions import db
from ..core.types import utcnow
from ..courses import retention as completion_retention
from ..groups.models import RegistrationGroup
from ..networks.privacy import forget_address
from ..registrations import operations, seats
from ..registrations.models import Registration, RegistrationStatus
from ..registrations.rules import RegistrationRefused, normalize_email, person_key
from .anonymise import anonymise_registration

SELF_REASON = "erasure"  # «Slett meg»: the participant's own request
REASON_MAX = 500


def _locked(token: str) -> Registration | None:
    if not token or len(token) > 64 or "\x00" in token:
        return None
    query = select(Registration).where(Registration.token == token,
                                       Registration.anonymised_at.is_(None)) \
        .execution_options(populate_existing=True)
    if seats.is_postgres():
        query = query.with_for_update()
    return db.session.scalars(query).first()


def _erase(registration: Registration, now: datetime, actor: Any, reason: str) -> bool:
    """Cancel if active and the event is not over, then anonymise (inside the caller's
    transaction). Returns False when the registration was already anonymised."""
    if registration.anonymised_at is not None:
        return False
    ends = registration.event.ends_at
    if registration.status != RegistrationStatus.CANCELLED and (ends is None or ends > now):
        try:
            operations.cancel(registration.token, now, enforce_deadline=False, actor=actor,
                              notify=False)
        except RegistrationRefused as refused:
            if refused.code != "already_cancelled":
                raise
        db.session.refresh(registration)
    return anonymise_registration(registration, now, actor=actor, reason=reason)


def erase(token: str, now: datetime | None = None, *, actor: Any = None) -> Registration:
    """«Slett meg»: the participant erases the registration behind the personal link.

    Raises ``RegistrationRefused("not_found")`` for a token that is unknown (or already
    erased: the link died with the erasure).
    """
    now = now or utcnow()
    with write_transaction():
        registration = _locked(token)
        if registration is None:
            raise RegistrationRefused("not_found")
        _erase(registration, now, actor, SELF_REASON)
        completion_retention.forget_registration(registration.id)
        audit.record(AuditAction.ERASED, event_id=registration.event_id, actor=actor,
                     registration=registration, after={"reason": SELF_REASON})
        return registration


def registrations_of(email: str) -> list[Registration]:
    """Every registration still holding this address (anonymised ones hold none)."""
    return list(db.session.scalars(
        select(Registration)
        .where(Registration.email_normalized == normalize_email(email),
               Registration.anonymised_at.is_(None))
        .order_by(Registration.created_at, Registration.id)))


def erase_email(email: str, reason: str, actor: Any, now: datetime | None = None) -> int:
    """An admin erases everything stored about an address: every registration of it, each
    cancelled (the seat passing on) and anonymised. Audited with the admin's reason and the
    address's keyed hash (``person_key``), never the address itself. Returns how many
    registrations were erased. Network memberships and invitations of the address are
    deleted too."""
    now = now or utcnow()
    reason = reason.strip()[:REASON_MAX]
    with write_transaction():
        erased = 0
        for registration in registrations_of(email):
            locked = db.session.get(Registration, registration.id, populate_existing=True,
                                    with_for_update=seats.is_postgres())
            if locked is not None and _erase(locked, now, actor, reason):
                erased += 1
        completion_retention.forget_email(email)
        networks = forget_address(email)  # memberships and invitations of the address
        # Groups this address registered as contact person: the contact's details go, the
        # members' own registrations stay (they are other people's).
        groups = db.session.execute(
            update(RegistrationGroup)
            .where(func.lower(RegistrationGroup.contact_email) == normalize_email(email),
                   RegistrationGroup.anonymised_at.is_(None))
            .values(name=None, contact_name="", contact_email="", contact_mobile="",
                    contact_workplace="", anonymised_at=now)
            .execution_options(synchronize_session=False)).rowcount  # type: ignore[attr-defined]
        audit.record(AuditAction.ERASED, event_id=None, actor=actor, after={
            "reason": reason, "registrations": erased, "groups": int(groups),
            "person_key": person_key(email), **networks})
        return erased
