"""The audit log page of an event."""

from __future__ import annotations

from flask import Blueprint, render_template
from sqlalchemy import select

from ..accounts.permissions import managed_event_or_abort, organiser_required
from ..core.extensions import db
from ..models import (
    AuditEntry,
)

bp = Blueprint("audit", __name__)


@bp.get("/arrangor/arrangement/<int:event_id>/logg")
@organiser_required
def log(event_id: int) -> str:
    ev = managed_event_or_abort(event_id)
    entries = db.session.scalars(select(AuditEntry).where(AuditEntry.event_id == ev.id)
                                 .order_by(AuditEntry.id.desc()).limit(500)).all()
    return render_template("audit/log.html", event=ev, entries=entries)


AUDIT_LABELS = {
    "registration.added": "Lagt til av arrangør", "registration.cancelled": "Avmeldt",
    "registration.promoted": "Fikk plass fra ventelisten",
    "registration.confirmed_over_capacity": "Bekreftet utover kapasiteten",
    "registration.queue_moved": "Flyttet i ventelisten", "registration.edited": "Endret",
    "registration.mode_changed": "Endret deltakelsesform", "capacity.changed": "Kapasitet",
    "event.created": "Opprettet", "event.edited": "Endret", "event.status": "Status",
    "event.duplicated": "Kopiert", "session.added": "Økt lagt til",
    "session.edited": "Økt endret", "session.removed": "Økt fjernet",
    "team.added": "Lagt til i teamet", "team.removed": "Fjernet fra teamet",
    "event.message": "Melding sendt", "checkin.added": "Sjekket inn",
    "checkin.undone": "Innsjekking angret", "checkin.manual": "Oppmøte registrert for hånd",
    "export.participants": "Eksport av deltakerliste", "export.kitchen": "Eksport av kjøkkenliste",
}
