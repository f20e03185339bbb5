"""Finding an event's registrations: the organiser table and the exports use the same query."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select, UnaryExpression, func, or_, select

from ..core.extensions import db
from ..core.folding import fold
from ..models import Registration, RegistrationSession, RegistrationStatus

SORTS = {
    "name": Registration.name,
    "created": Registration.created_at,
    "kommune": Registration.kommunenummer,
    "status": Registration.status,
    "workplace": Registration.workplace,
}
PAGE_SIZE = 50


def escape_like(text: str) -> str:
    """LIKE wildcards typed by the user match themselves (used with escape="\\")."""
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


@dataclass(frozen=True)
class Filter:
    q: str | None = None
    status: str | None = None
    mode: str | None = None
    kommune: str | None = None
    role: str | None = None
    sort: str = "created"
    descending: bool = False
    # Where people choose sessions: those who chose this one (``status`` then is theirs in
    # the session: a seat in it, or waiting for it).
    session_id: int | None = None


def query(event_id: int, f: Filter) -> Select:
    # Anonymised registrations (erased, or past the retention time) name nobody: they count
    # in the statistics, not in lists.
    stmt = select(Registration).where(Registration.event_id == event_id,
                                      Registration.anonymised_at.is_(None))
    if f.q:
        # Folded on both sides (core/folding.py): «øyvind» finds «Øyvind», «aile» «Áile».
        like = f"%{escape_like(fold(f.q).strip())}%"
        stmt = stmt.where(or_(Registration.name_folded.like(like, escape="\\"),
                              Registration.email_normalized.like(like, escape="\\"),
                              Registration.workplace_folded.like(like, escape="\\")))
    if f.session_id is not None:
        statuses = [f.status] if f.status else [RegistrationStatus.CONFIRMED,
                                                 RegistrationStatus.WAITLISTED]
        stmt = stmt.where(Registration.id.in_(select(RegistrationSession.registration_id).where(
            RegistrationSession.session_id == f.session_id,
            RegistrationSession.status.in_(statuses))))
    elif f.status:
        stmt = stmt.where(Registration.status == f.status)
    if f.mode:
        stmt = stmt.where(Registration.mode == f.mode)
    if f.kommune:
        stmt = stmt.where(Registration.kommunenummer == f.kommune)
    if f.role:
        stmt = stmt.where(Registration.role == f.role)
    column = SORTS.get(f.sort, Registration.created_at)
    order: UnaryExpression[Any] = column.desc() if f.descending else column.asc()
    if f.status == RegistrationStatus.WAITLISTED and f.sort == "created":
        order = Registration.waitlist_rank.asc()  # the waiting list in line order
    return stmt.order_by(order, Registration.id)


def page(event_id: int, f: Filter, number: int) -> tuple[list[Registration], int, int]:
    """One page (1-based, clamped to what exists); returns (rows, total, pages)."""
    total = db.session.scalar(select(func.count()).select_from(
        query(event_id, f).order_by(None).subquery())) or 0
    pages = max(1, -(-total // PAGE_SIZE))
    number = min(max(number, 1), pages)
    rows = db.session.scalars(query(event_id, f).limit(PAGE_SIZE)
                              .offset((number - 1) * PAGE_SIZE)).all()
    return list(rows), total, pages
