"""The API's resource: see openapi.py for the shapes."""

from __future__ import annotations

from typing import Any

from flask import jsonify
from flask.typing import ResponseReturnValue

from ..courses import prerequisites
from ..events import catalogue
from ..models import Event
from ..networks.audience import audience_json, hidden_from_anonymous
from ..questions.builder import questions_of
from ..registrations import rules, seats, session_seats
from .common import api_error as _error
from .common import bp
from .common import iso as _iso


def _event_json(event: Event) -> dict[str, Any]:
    return {
        "id": event.id,
        "title": event.title,
        "kind": event.kind,
        # «topic» (the first) stays for clients written before an event had several.
        "topic": event.topics[0].name if event.topics else "",
        "topics": [t.name for t in event.topics],
        "status": event.status,
        "participation": event.participation,
        "sessions": [
            {
                "id": s.id,
                "title": s.title,
                "starts_at": s.starts_at.isoformat(),
                "ends_at": s.ends_at.isoformat(),
                "place": s.place,
                "online": s.online,
                # Where sessions are chosen each has its own seats and deadlines; else
                # every session shares the event's.
                "modes": _modes(session_seats.session_summary(s) if event.chooses_sessions
                                else seats.seat_summary(event)),
                "registration_closes_at": _iso(s.closes_at if event.chooses_sessions
                                               else event.registration_closes_at),
                "cancellation_deadline": _iso(s.cancel_until if event.chooses_sessions
                                              else event.cancellation_deadline),
            }
            for s in event.sessions
        ],
        "session_choice": event.session_choice,
        "modes": _modes(seats.seat_summary(event)),
        "kommune_quota": event.kommune_quota,
        "questions": [
            {"id": q.id, "text": q.text, "kind": q.kind, "required": q.required,
             "health": q.health, "options": q.options}
            for q in questions_of(event.id)
        ],
        "registration_opens_at": _iso(event.registration_opens_at),
        "registration_closes_at": _iso(event.registration_closes_at),
        "cancellation_deadline": _iso(event.cancellation_deadline),
        "track": ({"track": event.level.track.slug, "level": event.level.number}
                  if event.level is not None else None),
        "requires": _requires(event),
        **audience_json(event),
    }


def _modes(summary: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [{"mode": s["mode"], "capacity": s["capacity"], "seats_left": s["seats_left"],
             "waitlist": s["waitlist"]} for s in summary]


def _requires(event: Event) -> dict[str, Any] | None:
    level = prerequisites.required_level(event)
    return {"track": level.track.slug, "level": level.number} if level is not None else None


@bp.get("/events")
def list_events() -> ResponseReturnValue:
    events = catalogue.upcoming(catalogue.CatalogueFilter())
    return jsonify(events=[_event_json(e) for e in events])


@bp.get("/events/<int:event_id>")
def get_event(event_id: int) -> ResponseReturnValue:
    event = catalogue.published(event_id)
    if event is None or hidden_from_anonymous(event):
        return _error(404, "not_found", rules.REFUSAL_MESSAGES["not_found"])
    return jsonify(_event_json(event))
