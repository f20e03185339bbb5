"""The networks' part of the OpenAPI document (openapi.py merges it in)."""

from __future__ import annotations

from typing import Any

_ERROR = {"$ref": "#/components/schemas/Error"}
_ROLES = ["sykepleier", "helsefagarbeider", "vernepleier", "ergoterapeut", "fysioterapeut",
          "lege", "leder", "ufaglært", "annet"]


def _json(schema: dict[str, Any], description: str) -> dict[str, Any]:
    return {"description": description, "content": {"application/json": {"schema": schema}}}


def paths() -> dict[str, Any]:
    network_id = {"name": "network_id", "in": "path", "required": True,
                  "schema": {"type": "integer"}}
    member_id = {"name": "member_id", "in": "path", "required": True,
                 "schema": {"type": "integer"}}
    denied = {"401": _json(_ERROR, "No valid token"),
              "403": _json(_ERROR, "Not an admin or arrangør, not a network of yours, or "
                                   "a token scope that does not fit")}
    return {
        "/api/v1/networks": {"get": {
            "summary": "The networks you manage (an admin: all). Token scope read or export.",
            "security": [{"bearer": []}],
            "responses": {"200": _json({"type": "object", "required": ["networks"],
                                        "properties": {"networks": {
                                            "type": "array",
                                            "items": {"$ref": "#/components/schemas/Network"}}}},
                                       "Networks by name"), **denied}}},
        "/api/v1/networks/{network_id}/members": {
            "get": {
                "summary": "A network's members (personal data: token scope export)",
                "security": [{"bearer": []}], "parameters": [network_id],
                "responses": {"200": _json({"type": "object", "required": ["members"],
                                            "properties": {"members": {
                                                "type": "array", "items": {
                                                    "$ref": "#/components/schemas/Member"}}}},
                                           "Members by name"),
                              **denied, "404": _json(_ERROR, "Unknown network")}},
            "post": {
                "summary": "Add a member (token scope export); matched on e-mail, any case",
                "security": [{"bearer": []}], "parameters": [network_id],
                "requestBody": {"required": True, "content": {"application/json": {
                    "schema": {"$ref": "#/components/schemas/NewMember"}}}},
                "responses": {"201": _json({"$ref": "#/components/schemas/Member"}, "Added"),
                              "400": _json(_ERROR, "Body is not JSON"), **denied,
                              "404": _json(_ERROR, "Unknown network"),
                              "409": _json(_ERROR, "Already a member (already_member)"),
                              "422": _json(_ERROR, "Field errors (fields)")}}},
        "/api/v1/networks/{network_id}/members/{member_id}": {"delete": {
            "summary": "Remove a member: their details are deleted (audited without them)",
            "security": [{"bearer": []}], "parameters": [network_id, member_id],
            "responses": {"204": {"description": "Removed"}, **denied,
                          "404": _json(_ERROR, "Unknown network or member")}}},
    }


def schemas() -> dict[str, Any]:
    return {
        "Network": {"type": "object", "required": ["id", "name", "member_count"],
                    "properties": {"id": {"type": "integer"}, "name": {"type": "string"},
                                   "description": {"type": "string"},
                                   "contact_name": {"type": "string"},
                                   "contact_email": {"type": "string"},
                                   "member_count": {"type": "integer"}}},
        "Member": {"type": "object", "required": ["id", "name", "email", "kommune"],
                   "properties": {"id": {"type": "integer"}, "name": {"type": "string"},
                                  "email": {"type": "string"},
                                  "mobile": {"type": ["string", "null"]},
                                  "kommune": {"type": "string"},
                                  "kommune_name": {"type": "string"},
                                  "workplace": {"type": "string"},
                                  "role": {"type": "string", "enum": _ROLES}}},
        "NewMember": {"type": "object",
                      "required": ["name", "email", "kommune", "workplace", "role"],
                      "properties": {
                          "name": {"type": "string", "minLength": 1, "maxLength": 120},
                          "email": {"type": "string", "format": "email", "maxLength": 254},
                          "kommune": {"type": "string", "pattern": "^[0-9]{4}$",
                                      "description": "kommunenummer (SSB)"},
                          "workplace": {"type": "string", "minLength": 1, "maxLength": 150},
                          "role": {"type": "string", "enum": _ROLES},
                          "mobile": {"type": ["string", "null"],
                                     "examples": ["+4791234567"]}}},
    }


EVENT_AUDIENCE = {
    "audience": {"type": "string", "enum": ["open", "members", "invited"],
                 "description": "who may register: everyone, members of a network, or "
                                "by invitation (such events are listed nowhere)"},
    "network": {"type": "string", "description": "members-only: the network's name"},
}
