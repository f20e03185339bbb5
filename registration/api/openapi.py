"""The OpenAPI 3.1 document for /api/v1. A test checks it against the real routes."""

from __future__ import annotations

from typing import Any

from . import openapi_groups as groups
from . import openapi_networks
from .openapi_reports import report_paths, report_schemas
from .openapi_schemas import schemas as _schemas

_ERROR = {"$ref": "#/components/schemas/Error"}


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
