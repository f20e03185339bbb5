"""The API's blueprint, its error shape and the OpenAPI document. Thin JSON views over the
same operations and messages as the web pages."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, jsonify
from flask.typing import ResponseReturnValue

from ..accounts.permissions import api_error
from .openapi import document

bp = Blueprint("api", __name__)

__all__ = ["api_error", "bp", "iso"]


def iso(value: Any) -> str | None:
    return value.isoformat() if value is not None else None


@bp.get("/openapi.json")
def openapi() -> ResponseReturnValue:
    return jsonify(document())
