"""The audit log: who changed or exported what. Entries join the caller's transaction."""

from __future__ import annotations

from typing import Any, cast

from sqlalchemy import Table, insert

from ..core.driver import Runner
from ..core.extensions import db
from ..core.types import utcnow
from ..models import AuditEntry, Registration
from .actions import AuditAction

# The fields of a registration worth recording; diet is health data and never logged.
TRACKED = ("status", "mode", "name", "email", "mobile", "kommunenummer", "workplace", "role",
           "waitlist_rank")

# Unchanged keys that still say what a row is about (a capacity is always some mode's).
CONTEXT: dict[str, tuple[str, ...]] = {AuditAction.CAPACITY_CHANGED: ("mode",)}


def snapshot(registration: Registration) -> dict[str, Any]:
    return {field: getattr(registration, field) for field in TRACKED}


def entry_values(action: str, *, event_id: int | None, actor: Any = None,
                 registration_id: int | None = None, before: dict | None = None,
                 after: dict | None = None) -> dict[str, Any]:
    """The audit_entry row: with both sides given, only what changed (and its context)."""
    changed_before, changed_after = before, after
    if before is not None and after is not None:
        context = CONTEXT.get(action, ())
        keys = [k for k in after if before.get(k) != after.get(k) or k in context]
        changed_before = {k: before.get(k) for k in keys}
        changed_after = {k: after.get(k) for k in keys}
    return {"event_id": event_id, "user_id": getattr(actor, "id", None),
            "registration_id": registration_id, "action": action,
            "before": changed_before, "after": changed_after, "created_at": utcnow()}


# Built once, for the actions written without the ORM (core/driver.py).
INSERT_ENTRY = insert(cast(Table, AuditEntry.__table__)).inline()


def write(run: Runner, action: str, *, event_id: int | None, actor: Any = None,
          registration_id: int | None = None, before: dict | None = None,
          after: dict | None = None) -> None:
    """record() on a driver Runner, in its transaction."""
    run.execute(INSERT_ENTRY, entry_values(action, event_id=event_id, actor=actor,
                                           registration_id=registration_id, before=before,
                                           after=after))


def record(action: str, *, event_id: int | None, actor: Any = None,
           registration: Registration | None = None, before: dict | None = None,
           after: dict | None = None) -> None:
    """Add an entry; it is committed (or rolled back) with the change it describes."""
    db.session.add(AuditEntry(**entry_values(
        action, event_id=event_id, actor=actor,
        registration_id=registration.id if registration is not None else None,
        before=before, after=after)))
