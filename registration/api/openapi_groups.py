"""The OpenAPI part for group registration («Meld på flere»): see api/groups.py."""

from __future__ import annotations

from typing import Any

_ERROR = {"$ref": "#/components/schemas/Error"}
MODE = {"type": "string", "enum": ["physical", "digital"]}


# The answers to the event's own questions, in a registration and in each group row.
ANSWER_FIELDS: dict[str, Any] = {
    "answers": {"type": "object", "description": "question id (as a string) → answer: "
                "a string (short_text, long_text, single: one of the options), an array of "
                "options (multiple) or a boolean (yesno). An unknown id, a choice not offered "
                "or a missing required answer is 422 with fields.answers.<id>.",
                "additionalProperties": {"type": ["string", "boolean", "array"],
                                         "items": {"type": "string"}, "maxItems": 12}},
    "health_consent": {"type": "boolean", "description": "consent to store answers to "
                       "questions marked health: true (else 422 fields.health_consent)"},
}


def _json(schema: dict[str, Any], description: str) -> dict[str, Any]:
    return {"description": description, "content": {"application/json": {"schema": schema}}}


def paths(event_id: dict[str, Any], rate_limited: dict[str, Any]) -> dict[str, Any]:
    return {
        "/api/v1/events/{event_id}/group-registrations": {
            "post": {
                "summary": "Register a group («Meld på flere»): a contact person registers "
                           "1–30 participants, each an ordinary registration with its own "
                           "token and e-mails. all_or_nothing: true gives the whole group "
                           "seats or puts the whole group on the waiting list together, "
                           "in order; false seats them in the order listed and waitlists "
                           "the rest (status full, token null, when there is no waiting "
                           "list). Kommune and workplace are the contact's for everyone.",
                "parameters": [event_id],
                "requestBody": {"required": True, "content": {"application/json": {
                    "schema": {"$ref": "#/components/schemas/NewGroup"}}}},
                "responses": {
                    "201": _json({"$ref": "#/components/schemas/Group"}, "Registered"),
                    "400": _json(_ERROR, "Body is not JSON"),
                    "404": _json(_ERROR, "Unknown or draft event"),
                    "409": _json(_ERROR, "Neither room nor a waiting list (full)"),
                    "422": _json(_ERROR, "Field errors keyed like participants.2.email "
                                         "or contact.email (fields), also for an e-mail "
                                         "already registered; or registration not open"),
                    "429": rate_limited,
                },
            }
        },
        "/api/v1/groups/{group_token}": {
            "get": {
                "summary": "A group by its secret token: everyone's status",
                "parameters": [{"name": "group_token", "in": "path", "required": True,
                                "schema": {"type": "string"},
                                "description": "The secret token of the group page."}],
                "responses": {"200": _json({"$ref": "#/components/schemas/Group"},
                                           "The group"),
                              "404": _json(_ERROR, "Unknown token")},
            }
        },
    }


def schemas() -> dict[str, Any]:
    mode = MODE
    return {
        "GroupContact": {
            "type": "object", "required": ["name", "email", "mobile", "kommune", "workplace"],
            "properties": {"name": {"type": "string", "minLength": 1, "maxLength": 120},
                           "email": {"type": "string", "format": "email", "maxLength": 254},
                           "mobile": {"type": "string", "examples": ["+4791234567"]},
                           "kommune": {"type": "string", "pattern": "^[0-9]{4}$"},
                           "workplace": {"type": "string", "minLength": 1,
                                         "maxLength": 150}}},
        "GroupParticipant": {
            "type": "object", "required": ["name", "email", "role"],
            "properties": {"name": {"type": "string", "minLength": 1, "maxLength": 120},
                           "email": {"type": "string", "format": "email", "maxLength": 254,
                                     "description": "each participant's own; the same "
                                                    "address twice is refused on the row"},
                           "role": {"type": "string", "enum": [
                               "sykepleier", "helsefagarbeider", "vernepleier",
                               "ergoterapeut", "fysioterapeut", "lege", "leder", "ufaglært",
                               "annet"]},
                           "mode": {**mode, "description": "required for hybrid events"},
                           "mobile": {"type": "string"},
                           "diet": {"type": "string", "maxLength": 500,
                                    "description": "only where food is served; needs "
                                                   "diet_consent"},
                           "diet_consent": {"type": "boolean"}, **ANSWER_FIELDS}},
        "OwnQuestion": {
            "type": "object",
            "required": ["id", "text", "kind", "required", "health", "options"],
            "properties": {
                "id": {"type": "integer"}, "text": {"type": "string"},
                "kind": {"type": "string", "enum": ["short_text", "long_text", "single",
                                                   "multiple", "yesno"]},
                "required": {"type": "boolean"},
                "health": {"type": "boolean", "description": "health data: stored only "
                           "with health_consent, deleted after the event"},
                "options": {"type": ["array", "null"], "items": {"type": "string"}}}},
        "NewGroup": {
            "type": "object", "required": ["contact", "participants", "all_or_nothing"],
            "properties": {
                "contact": {"$ref": "#/components/schemas/GroupContact"},
                "participants": {"type": "array", "minItems": 1, "maxItems": 30,
                                 "items": {"$ref": "#/components/schemas/GroupParticipant"}},
                "all_or_nothing": {"type": "boolean"},
                "group_name": {"type": ["string", "null"], "maxLength": 120}}},
        "Group": {
            "type": "object", "required": ["group_token", "registrations"],
            "properties": {
                "group_token": {"type": "string"},
                "event_id": {"type": "integer", "description": "GET only"},
                "group_name": {"type": ["string", "null"], "description": "GET only"},
                "all_or_nothing": {"type": "boolean", "description": "GET only"},
                "registrations": {"type": "array", "items": {
                    "type": "object",
                    "required": ["email", "status", "token", "waitlist_position"],
                    "properties": {
                        "email": {"type": "string"},
                        "status": {"type": "string", "enum": [
                            "confirmed", "waitlisted", "cancelled", "full"]},
                        "token": {"type": ["string", "null"],
                                  "description": "the personal token; null when full"},
                        "waitlist_position": {"type": ["integer", "null"]}}}}}},
    }
