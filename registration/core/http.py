"""HTTP-level behaviour shared by every page: the health check and error pages."""

from __future__ import annotations

from typing import Any

from flask import Flask, jsonify, redirect, render_template, request, url_for
from sqlalchemy import text
from werkzeug.exceptions import HTTPException, MethodNotAllowed

from .extensions import db


def init_app(app: Flask) -> None:
    _register_health(app)
    _register_errors(app)


def _register_health(app: Flask) -> None:
    @app.get("/healthz")
    def healthz() -> Any:
        try:
            db.session.execute(text("SELECT 1"))
        except Exception as error:  # noqa: BLE001  (any failure means not healthy)
            db.session.rollback()
            return jsonify(status="error", database=type(error).__name__), 503
        return jsonify(status="ok", database="ok")


def _register_errors(app: Flask) -> None:
    def wants_json() -> bool:
        return request.path.startswith("/api/")

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException) -> Any:
        if error.code == 401 and not wants_json():
            # Not signed in: to the sign-in page, and back here afterwards.
            return redirect(url_for("accounts.sign_in", next=request.full_path.rstrip("?")))
        if error.code == 429:
            message = "For mange forsøk. Vent litt og prøv igjen."
            if wants_json():
                return jsonify(error="too_many_requests", message=message), 429
            return render_template("error.html", error=error, message=message), 429
        # A 405 names the methods that work (Allow, RFC 9110), as Werkzeug's own page does.
        allow = {"Allow": ", ".join(error.valid_methods)} \
            if isinstance(error, MethodNotAllowed) and error.valid_methods else {}
        if wants_json():
            return jsonify(error=error.name, message=error.description), error.code, allow
        return render_template("error.html", error=error), error.code, allow

    @app.errorhandler(Exception)
    def unexpected(error: Exception) -> Any:
        # The method and the path without its token; never the form, the query or the
        # exception's message (the filter from privacy.redact drops those from the traceback).
        from ..privacy.redact import redact

        app.logger.exception("Unhandled error: %s %s", request.method, redact(request.path))
        db.session.rollback()
        if wants_json():
            return jsonify(error="Internal Server Error"), 500
        return render_template("error.html", error=None), 500
