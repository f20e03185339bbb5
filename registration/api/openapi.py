"""The OpenAPI 3.1 document for /api/v1. A test checks it against the real routes."""

from __future__ import annotations

from typing import Any

from . import openapi_groups as groups
from . import openapi_networks
from .openapi_reports import report_paths, report_schemas

_ERROR = {"$ref": "#/components/schemas/Error"}
# Only present while waiting for the kommune's share (Event.kommune_quota).
_REASON = {"type": "string", "enum": ["kommune_quota"],
           "description": "present only when waiting because the kommune has its share"}


def _json(schema: dict[str, Any], description: str) -> dict[str, Any]:
    return {"description": description, "content": {"application/json": {"schema": schema}}}


def _rate_limited() -> dict[str, Any]:
    answer = _json(_ERROR, "Too many requests from this client address or for this e-mail "
                           "address (error: rate_limited); wait Retry-After seconds")
    answer["headers"] = {"Retry-After": {"description": "Seconds to wait",
                                         "schema": {"type": "integer", "minimum": 1}}}
    return answer


_RATE_LIMITED = _rate_limited()


def document() -> dict[str, Any]:
    token = {"name": "token", "in": "path", "required": True, "schema": {"type": "string"},
             "description": "The secret token from the personal link."}
    event_id = {"name": "event_id", "in": "path", "required": True,
                "schema": {"type": "integer"}}
    return {
        "openapi": "3.1.0",
        "info": {"title": "Påmelding API", "version": "1.0.0",
                 "description": "Events, seats and registrations. Times are ISO 8601 "
                                "with offset; messages are in Norwegian bokmål."},
        "paths": {
            **groups.paths(event_id, _RATE_LIMITED),
            "/api/v1/openapi.json": {"get": {"summary": "This document",
                                             "responses": {"200": {"description": "OK"}}}},
            "/api/v1/events": {
                "get": {
                    "summary": "Upcoming published events",
                    "responses": {"200": _json(
                        {"type": "object", "properties": {"events": {
                            "type": "array", "items": {"$ref": "#/components/schemas/Event"}}}},
                        "Events, soonest first")},
                }
            },
            "/api/v1/events/{event_id}": {
                "get": {
                    "summary": "One published event",
                    "parameters": [event_id],
                    "responses": {"200": _json({"$ref": "#/components/schemas/Event"}, "Event"),
                                  "404": _json(_ERROR, "Unknown or draft event, or an "
                                                       "invitation-only event asked for "
                                                       "without a bearer token")},
                }
            },
            "/api/v1/events/{event_id}/registrations": {
                "post": {
                    "summary": "Register for an event",
                    "parameters": [event_id],
                    "requestBody": {"required": True, "content": {"application/json": {
                        "schema": {"$ref": "#/components/schemas/NewRegistration"}}}},
                    "responses": {
                        "201": _json({"$ref": "#/components/schemas/Created"},
                                     "Confirmed or waitlisted"),
                        "400": _json(_ERROR, "Body is not JSON"),
                        "403": _json(_ERROR, "Members only and the e-mail is not a "
                                             "member (members_only), or by invitation "
                                             "only (invitation_required)"),
                        "404": _json(_ERROR, "Unknown or draft event"),
                        "409": _json(_ERROR, "Already registered (duplicate), or full "
                                             "without a waiting list (full), or the "
                                             "kommune has its share without a waiting "
                                             "list (kommune_quota)"),
                        "422": _json(_ERROR, "Field errors (fields), or registration "
                                             "not open/closed/past, or prerequisite_missing "
                                             "(with requires: the level to complete first)"),
                        "429": _RATE_LIMITED,
                    },
                }
            },
            "/api/v1/events/{event_id}/export.{fmt}": {
                "get": {
                    "summary": "Participant list as xlsx, csv (UTF-8 BOM, semicolons) or pdf "
                               "(sign-in sheet); needs a bearer token of an organiser of the "
                               "event. Logged in the audit log.",
                    "security": [{"bearer": []}],
                    "parameters": [
                        event_id,
                        {"name": "fmt", "in": "path", "required": True,
                         "schema": {"type": "string", "enum": ["xlsx", "csv", "pdf"]}},
                        {"name": "status", "in": "query",
                         "schema": {"type": "string", "enum": ["confirmed", "waitlisted", "all"],
                                    "default": "confirmed"}},
                        {"name": "mode", "in": "query",
                         "schema": {"type": "string", "enum": ["physical", "digital"]}},
                        {"name": "session", "in": "query", "schema": {"type": "integer"}},
                    ],
                    "responses": {"200": {"description": "The file"},
                                  "400": _json(_ERROR, "Bad filter"),
                                  "401": _json(_ERROR, "No valid token"),
                                  "403": _json(_ERROR, "Not an organiser of this event"),
                                  "404": _json(_ERROR, "Unknown event or format")},
                }
            },
            "/api/v1/instructors": {
                "get": {
                    "summary": "The instructor registry: everyone with a completed course "
                               "level, at their highest level per track. Bearer token "
                               "(export scope) of an admin or organiser.",
                    "security": [{"bearer": []}],
                    "parameters": [
                        {"name": "kommune", "in": "query",
                         "schema": {"type": "string", "pattern": "^[0-9]{4}$"}},
                        {"name": "track", "in": "query", "schema": {"type": "string"}},
                        {"name": "level", "in": "query",
                         "description": "at least this level completed",
                         "schema": {"type": "integer", "minimum": 1, "maximum": 20}},
                    ],
                    "responses": {
                        "200": _json({"type": "object", "required": ["instructors"],
                                      "properties": {"instructors": {
                                          "type": "array", "items": {
                                              "$ref": "#/components/schemas/Instructor"}}}},
                                     "Instructors"),
                        "401": _json(_ERROR, "No valid token"),
                        "403": _json(_ERROR, "Not an admin or organiser, or the token's "
                                             "scope is not export"),
                        "422": _json(_ERROR, "Unknown kommune or track, or a bad level "
                                             "(fields)"),
                    },
                }
            },
            "/api/v1/checkin": {
                "post": {
                    "summary": "Check a ticket in (bearer token of an organiser or a host of "
                               "the event). Idempotent with a client nonce.",
                    "security": [{"bearer": []}],
                    "requestBody": {"required": True, "content": {"application/json": {
                        "schema": {"type": "object", "properties": {
                            "code": {"description": "what the scanner read: a ticket code "
                                                    "(22 of A–Z0–9, any case; spaces and "
                                                    "dashes ignored; O read as 0 and I, L "
                                                    "as 1 for codes in Crockford's base32). "
                                                    "Anything else, of any type, answers "
                                                    "not_registered.",
                                     "examples": ["K7Q2M9X4T1B8N5R3V6C0D2"]},
                            "session_id": {"type": ["integer", "null"],
                                           "description": "default (absent or null): the "
                                                          "session running now"},
                            "event_id": {"type": ["integer", "null"]},
                            "nonce": {"type": ["string", "null"], "minLength": 1,
                                      "maxLength": 64}}}}}},
                    "responses": {
                        "200": _json({"type": "object", "properties": {
                            "result": {"type": "string", "enum": [
                                "checked_in", "already_checked_in", "not_registered",
                                "cancelled", "waitlisted", "digital_only"]},
                            "name": {"type": ["string", "null"]},
                            "kommune": {"type": ["string", "null"]},
                            "check_in_id": {"type": ["integer", "null"]},
                            "checked_in_at": {"type": ["string", "null"]},
                            "next_step": {
                                "type": ["object", "null"],
                                "description": "what the door can do next: "
                                               "switch_to_physical (a digital registrant, a "
                                               "seat is free) or register_again (cancelled), "
                                               "with registration_id; waitlist, with the "
                                               "position in line",
                                "properties": {
                                    "action": {"type": "string", "enum": [
                                        "switch_to_physical", "register_again",
                                        "waitlist"]},
                                    "registration_id": {"type": "integer"},
                                    "position": {"type": ["integer", "null"]}}},
                            "counts": {"type": "object"}}}, "The answer"),
                        "400": _json(_ERROR, "Not a JSON object"),
                        "401": _json(_ERROR, "No valid token"),
                        "403": _json(_ERROR, "Not a host or organiser of this event"),
                        "404": _json(_ERROR, "Unknown session"),
                        "422": _json(_ERROR, "Bad session_id or nonce")},
                }
            },
            "/api/v1/checkin/lookup": {
                "get": {
                    "summary": "What a scan would answer, without checking in "
                               "(not_checked_in when the ticket is valid and not yet in)",
                    "security": [{"bearer": []}],
                    "parameters": [
                        {"name": "code", "in": "query", "required": True,
                         "schema": {"type": "string"}},
                        {"name": "session_id", "in": "query", "required": True,
                         "schema": {"type": "integer"}}],
                    "responses": {"200": {"description": "The answer"},
                                  "401": _json(_ERROR, "No valid token"),
                                  "403": _json(_ERROR, "Not allowed"),
                                  "404": _json(_ERROR, "Unknown session"),
                                  "422": _json(_ERROR, "Bad session_id")},
                }
            },
            "/api/v1/checkin/{check_in_id}": {
                "delete": {
                    "summary": "Undo a check-in", "security": [{"bearer": []}],
                    "parameters": [{"name": "check_in_id", "in": "path", "required": True,
                                    "schema": {"type": "integer"}}],
                    "responses": {"200": {"description": "Undone, with the session's counts"},
                                  "401": _json(_ERROR, "No valid token"),
                                  "403": _json(_ERROR, "Not allowed"),
                                  "404": _json(_ERROR, "Unknown check-in")},
                }
            },
            "/api/v1/sessions/{session_id}/counts": {
                "get": {
                    "summary": "Checked in / expected for a session",
                    "security": [{"bearer": []}],
                    "parameters": [{"name": "session_id", "in": "path", "required": True,
                                    "schema": {"type": "integer"}}],
                    "responses": {"200": {"description": "Counts"},
                                  "401": _json(_ERROR, "No valid token"),
                                  "403": _json(_ERROR, "Not allowed"),
                                  "404": _json(_ERROR, "Unknown session")},
                }
            },
            "/api/v1/registrations/{token}/qr.png": {
                "get": {
                    "summary": "The QR image of a confirmed registration's ticket code",
                    "parameters": [token],
                    "responses": {"200": {"description": "PNG",
                                          "content": {"image/png": {}}},
                                  "404": _json(_ERROR, "Unknown or not confirmed")},
                }
            },
            "/api/v1/registrations/{token}/erase": {
                "post": {
                    "summary": "Erase («Slett meg»): cancel if active (the seat passes to the "
                               "first in line) and anonymise at once; the token stops working",
                    "parameters": [token],
                    "responses": {"200": {"description": "Erased"},
                                  "404": _json(_ERROR, "Unknown token")},
                }
            },
            "/api/v1/registrations/{token}/invite.ics": {
                "get": {
                    "summary": "The calendar file (text/calendar, METHOD:PUBLISH) of a "
                               "confirmed registration: one VEVENT per session",
                    "parameters": [token],
                    "responses": {"200": {"description": "iCalendar",
                                          "content": {"text/calendar": {}}},
                                  "404": _json(_ERROR, "Unknown or not confirmed")},
                }
            },
            "/api/v1/registrations/lookup": {
                "post": {
                    "summary": "«Finn påmeldingen min»: e-mail the personal links of every "
                               "upcoming registration to the address itself. The answer is "
                               "the same whether or not the address has registrations, and "
                               "also for an invalid address (then nothing is sent). At most "
                               "one such e-mail per address per 10 minutes; rate-limited per "
                               "client and per address.",
                    "requestBody": {"required": True, "content": {"application/json": {
                        "schema": {"type": "object", "properties": {
                            # Any value is answered 202 (an invalid address sends
                            # nothing), so the document sets no limit it would not keep.
                            "email": {"description": "The address to send the links to. "
                                      "Anything else is answered the same way and sends "
                                      "nothing."}}}}}},
                    "responses": {
                        "202": _json({"type": "object", "required": ["status", "message"],
                                      "properties": {"status": {"const": "accepted"},
                                                     "message": {"type": "string"}}},
                                     "Accepted (always the same body)"),
                        "400": _json(_ERROR, "Body is not a JSON object"),
                        "429": _json(_ERROR, "Too many lookups from this client or for this "
                                             "address; see Retry-After"),
                    },
                }
            },
            "/api/v1/registrations/{token}": {
                "get": {
                    "summary": "A registration by its secret token",
                    "parameters": [token],
                    "responses": {"200": _json({"$ref": "#/components/schemas/Registration"},
                                               "Registration"),
                                  "404": _json(_ERROR, "Unknown token")},
                },
                "delete": {
                    "summary": "Cancel; the first in line for the seat is confirmed at once",
                    "parameters": [token],
                    "responses": {"200": _json({"$ref": "#/components/schemas/Registration"},
                                               "Cancelled"),
                                  "404": _json(_ERROR, "Unknown token"),
                                  "409": _json(_ERROR, "Already cancelled, or past the "
                                                       "cancellation deadline"),
                                  "429": _RATE_LIMITED},
                },
            },
            **report_paths(),
            **openapi_networks.paths(),
        },
        "components": {"schemas": {**_schemas(), **report_schemas(),
                                   **openapi_networks.schemas(), **groups.schemas()},
                       "securitySchemes": {
            "bearer": {"type": "http", "scheme": "bearer",
                       "description": "A token from /arrangor/nokler or `flask --app wsgi "
                                      "create-token --email … --scope …`, with one scope "
                                      "(checkin: check-in routes and counts; export: "
                                      "participant exports and network members; read: "
                                      "counts and the list of networks) and an expiry. "
                                      "403 insufficient_scope when the scope does not fit; "
                                      "accepted only under /api/."}}},
    }


def _schemas() -> dict[str, Any]:
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
