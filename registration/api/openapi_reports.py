"""The yearly report's part of the OpenAPI document (api/reports.py)."""

from __future__ import annotations

from typing import Any

_ERROR = {"$ref": "#/components/schemas/Error"}
# A count, or in the publishable version the string «<5» for a count under 5 (or one hidden
# so that a total cannot give a hidden count away).
COUNT: dict[str, Any] = {"oneOf": [{"type": "integer", "minimum": 0},
                                   {"type": "string", "const": "<5"}]}


def _json(schema: dict[str, Any], description: str) -> dict[str, Any]:
    return {"description": description, "content": {"application/json": {"schema": schema}}}


def _parameters() -> list[dict[str, Any]]:
    return [
        {"name": "year", "in": "query", "description": "default: this year (Europe/Oslo)",
         "schema": {"type": "integer", "minimum": 2000, "maximum": 2100}},
        {"name": "publishable", "in": "query",
         "description": "true: every count under 5 as \"<5\", with secondary suppression",
         "schema": {"type": "string", "enum": ["true", "false", "1", "0"]}}]


def report_paths() -> dict[str, Any]:
    refusals = {"401": _json(_ERROR, "Not signed in, no valid token"),
                "403": _json(_ERROR, "Not an admin or arrangør (a vert), or a checkin token"),
                "422": _json(_ERROR, "Bad year or publishable (fields)")}
    return {
        "/api/v1/reports/yearly": {"get": {
            "summary": "The yearly report to Helsedirektoratet: totals, and per kommune (every "
                       "kommune of the centre's fylker, then any others), kind, topic, role "
                       "and month",
            "security": [{"bearer": []}], "parameters": _parameters(),
            "responses": {"200": _json({"$ref": "#/components/schemas/YearlyReport"},
                                       "The report"), **refusals}}},
        "/api/v1/reports/yearly.{fmt}": {"get": {
            "summary": "The yearly report as one table (Excel or CSV; audited)",
            "security": [{"bearer": []}],
            "parameters": [{"name": "fmt", "in": "path", "required": True,
                            "schema": {"type": "string", "enum": ["xlsx", "csv"]}},
                           *_parameters()],
            "responses": {"200": {"description": "The file"},
                          "404": _json(_ERROR, "Unknown format"), **refusals}}},
    }


def report_schemas() -> dict[str, Any]:
    def table(key: dict[str, Any], *counts: str, **extra: Any) -> dict[str, Any]:
        properties = {**key, **extra, **{c: COUNT for c in counts}}
        return {"type": "array", "items": {"type": "object", "required": list(properties),
                                           "properties": properties}}

    totals = {c: COUNT for c in ("events", "registrations", "attended", "persons", "physical",
                                 "digital")}
    return {"YearlyReport": {
        "type": "object",
        "required": ["year", "totals", "by_kommune", "by_kind", "by_topic", "by_role",
                     "by_month", "region"],
        "properties": {
            "year": {"type": "integer"},
            "publishable": {"type": "boolean"},
            "totals": {"type": "object", "required": list(totals), "properties": totals},
            "region": {"type": "object", "properties": {
                "fylker": {"type": "array", "items": {"type": "string"}},
                "kommuner": {"type": "integer"}, "reached": {"type": "integer"}}},
            "by_kommune": table(
                {"kommunenummer": {"type": ["string", "null"],
                                   "description": "null: registered without a kommune"}},
                "registrations", "attended", "persons",
                name={"type": "string"}, fylke={"type": ["string", "null"]}),
            "by_kind": table({"kind": {"type": "string"}}, "events", "registrations",
                             "attended"),
            "by_topic": table({"topic": {"type": "string"}}, "events", "registrations",
                              "attended"),
            "by_role": table({"role": {"type": "string"}}, "registrations", "attended"),
            "by_month": table({"month": {"type": "integer", "minimum": 1, "maximum": 12}},
                              "events", "registrations", "attended"),
        }}}
