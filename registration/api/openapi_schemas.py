"""The OpenAPI document's shared schemas (components), apart from the paths in openapi.py."""

from __future__ import annotations

from typing import Any

from . import openapi_groups as groups
from . import openapi_networks

# Only present while waiting for the kommune's share (Event.kommune_quota).
_REASON = {"type": "string", "enum": ["kommune_quota"],
           "description": "present only when waiting because the kommune has its share"}


def schemas() -> dict[str, Any]:
    """The shared schemas: events, registrations, check-in, tokens and errors."""
    mode = {"type": "string", "enum": ["physical", "digital"]}
    nullable_int = {"type": ["integer", "null"], "description": "null when unlimited"}
    return {
        "Error": {"type": "object", "required": ["error", "message"], "properties": {
            "error": {"type": "string"}, "message": {"type": "string"},
            "fields": {"type": "object", "additionalProperties": {"type": "string"}},
            "requires": {"$ref": "#/components/schemas/TrackLevel"}}},
        "Session": {"type": "object", "properties": {
            "id": {"type": "integer"}, "title": {"type": "string"},
            "starts_at": {"type": "string", "format": "date-time"},
            "ends_at": {"type": "string", "format": "date-time"},
            "place": {"type": "string"}, "online": {"type": "boolean"},
            "modes": {"type": "array", "items": {"$ref": "#/components/schemas/ModeSeats"},
                      "description": "this session's own seats where sessions are chosen "
                                     "(session_choice any); else the event's"},
            "registration_closes_at": {"type": ["string", "null"], "format": "date-time"},
            "cancellation_deadline": {"type": ["string", "null"], "format": "date-time"}}},
        "ModeSeats": {"type": "object", "required": ["mode", "capacity", "seats_left", "waitlist"],
                      "properties": {"mode": mode, "capacity": nullable_int,
                                     "seats_left": nullable_int, "waitlist": {"type": "boolean"}}},
        "Event": {"type": "object", "required": ["id", "title", "kind", "sessions", "modes"],
                  "properties": {
                      "id": {"type": "integer"}, "title": {"type": "string"},
                      "kind": {"type": "string", "enum": ["konferanse", "webinarserie",
                                                         "klinobs_kurs", "abc_fagseminar",
                                                         "nettverkssamling", "fagdag",
                                                         "informasjonsmote", "annet"]},
                      "topic": {"type": "string", "description": "the first of topics, or "
                                                                 "\"\" (kept for old clients)"},
                      "topics": {"type": "array", "items": {"type": "string"},
                                 "description": "satsingsområder, by name"},
                      "participation": {"type": "string",
                                        "enum": ["physical", "digital", "hybrid"]},
                      "sessions": {"type": "array",
                                   "items": {"$ref": "#/components/schemas/Session"}},
                      "session_choice": {"type": "string", "enum": ["all", "any"],
                                         "description": "all: a registration covers every "
                                         "session; any: choose sessions with session_ids"},
                      "modes": {"type": "array",
                                "items": {"$ref": "#/components/schemas/ModeSeats"}},
                      "track": {"oneOf": [{"$ref": "#/components/schemas/TrackLevel"},
                                          {"type": "null"}],
                                "description": "the course track and level this event "
                                               "teaches, or null"},
                      "requires": {"oneOf": [{"$ref": "#/components/schemas/TrackLevel"},
                                             {"type": "null"}],
                                   "description": "the level that must be completed "
                                                  "before registering, or null"},
                      "kommune_quota": {"type": ["integer", "null"], "description":
                                        "fair shares: at most this many confirmed seats per "
                                        "kommune (null: no limit)"},
                      "questions": {"type": "array", "description": "the event's own "
                                    "questions; answer them in answers",
                                    "items": {"$ref": "#/components/schemas/OwnQuestion"}},
                      **openapi_networks.EVENT_AUDIENCE}},
        "TrackLevel": {"type": "object", "required": ["track", "level"], "properties": {
            "track": {"type": "string", "examples": ["klinobs"]},
            "level": {"type": "integer", "minimum": 1}}},
        "Instructor": {"type": "object", "required": [
            "name", "email", "kommunenummer", "track", "level", "completed_on",
            "certificate_url"], "properties": {
            "name": {"type": "string"}, "email": {"type": "string"},
            "kommunenummer": {"type": "string", "pattern": "^[0-9]{4}$"},
            "track": {"type": "string"},
            "level": {"type": "integer", "minimum": 1,
                      "description": "the highest level completed in the track"},
            "completed_on": {"type": "string", "format": "date"},
            "certificate_url": {"type": "string", "format": "uri",
                                "description": "absolute /kursbevis/<code> address"}}},
        "NewRegistration": {
            "type": "object",
            "required": ["name", "email", "mobile", "kommune", "workplace", "role"],
            "properties": {
                "name": {"type": "string", "minLength": 1, "maxLength": 120,
                         "description": "first and last name: letters, spaces, hyphens, "
                                        "apostrophes (else 422 with fields.name)"},
                "email": {"type": "string", "format": "email", "maxLength": 254,
                          "description": "a–z, 0–9 and . - _ + before the @ (no æ, ø, å: "
                                         "refused with 422, as not every mail server "
                                         "takes them)"},
                "mobile": {"type": "string", "examples": ["+4791234567"]},
                "kommune": {"type": "string", "pattern": "^[0-9]{4}$",
                            "description": "kommunenummer (SSB); 0000: not working in a "
                                           "municipality"},
                "workplace": {"type": "string", "minLength": 1, "maxLength": 150},
                "role": {"type": "string", "enum": [
                    "sykepleier", "helsefagarbeider", "vernepleier", "ergoterapeut",
                    "fysioterapeut", "lege", "leder", "ufaglært", "annet"]},
                "mode": {**mode, "description": "required for hybrid events"},
                "diet": {"type": "string", "maxLength": 500,
                         "description": "only where food is served; needs diet_consent"},
                "diet_consent": {"type": "boolean"},
                "privacy_accepted": {"type": "boolean", "default": True},
                "session_ids": {"type": "array", "items": {"type": "integer"},
                                "description": "where session_choice is any: the chosen "
                                               "sessions (at least one; else 422 with "
                                               "fields.session_ids); ignored otherwise"},
                **groups.ANSWER_FIELDS,
            }},
        "Created": {"type": "object", "required": ["status", "token", "waitlist_position"],
                    "properties": {"status": {"type": "string",
                                              "enum": ["confirmed", "waitlisted"]},
                                   "token": {"type": "string"},
                                   "waitlist_position": {"type": ["integer", "null"]},
                                   "event_id": {"type": "integer"}, "mode": mode,
                                   "waitlist_reason": _REASON,
                                   "sessions": {"type": "array", "description": "where "
                                                "sessions are chosen: each one's status",
                                                "items": {"$ref": "#/components/schemas/"
                                                          "ChosenSession"}}}},
        "ChosenSession": {"type": "object", "required": ["id", "status", "waitlist_position"],
                          "properties": {"id": {"type": "integer"},
                                         "status": {"type": "string",
                                                    "enum": ["confirmed", "waitlisted"]},
                                         "waitlist_position": {"type": ["integer", "null"]}}},
        "Registration": {"type": "object", "properties": {
            "ticket_code": {"type": "string", "pattern": "^[A-Z0-9]{22}$",
                            "description": "only when confirmed"},
            "status": {"type": "string", "enum": ["confirmed", "waitlisted", "cancelled"]},
            "waitlist_position": {"type": ["integer", "null"]},
            "event_id": {"type": "integer"}, "mode": mode, "waitlist_reason": _REASON,
            "sessions": {"type": "array", "description": "where sessions are chosen: each "
                         "chosen session's status",
                         "items": {"$ref": "#/components/schemas/ChosenSession"}}}},
    }
