"""The audit log page of an event, and the log's story for every template."""

from __future__ import annotations

from flask import Blueprint, render_template
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from ..accounts.permissions import managed_event_or_abort, organiser_required
from ..core.extensions import db
from ..models import AuditEntry
from . import story

bp = Blueprint("audit", __name__)


@bp.app_template_global("audit_line")
def audit_line(entry: AuditEntry) -> story.Line:
    """A row as people read it: who, about whom, what (also the participant's history)."""
    return story.tell(entry)


@bp.get("/arrangor/arrangement/<int:event_id>/logg")
@organiser_required
def log(event_id: int) -> str:
    ev = managed_event_or_abort(event_id)
    entries = db.session.scalars(
        select(AuditEntry).where(AuditEntry.event_id == ev.id)
        .options(selectinload(AuditEntry.user), selectinload(AuditEntry.registration))
        .order_by(AuditEntry.id.desc()).limit(500)).all()
    return render_template("audit/log.html", event=ev, lines=[story.tell(e) for e in entries])
