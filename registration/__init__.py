"""Påmelding: registration for USHT events and courses."""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from flask import Flask, jsonify, redirect, render_template, request, url_for
from sqlalchemy import text
from werkzeug.exceptions import HTTPException

from . import (
    database,  # noqa: F401  (registers engine listeners)
    i18n,
)
from .config import load_config, normalize_database_url
from .extensions import babel, csrf, db, limiter, login_manager, mailer, migrate
from .resources import default_instance_path, folder


def create_app(config: Mapping[str, Any] | None = None) -> Flask:
    """The app factory. ``config`` overrides what the environment gives (tests use it)."""
    overrides = dict(config or {})
    instance_path = overrides.pop("INSTANCE_PATH", None) or os.environ.get("INSTANCE_PATH")
    app = Flask(
        __name__,
        instance_path=str(instance_path or default_instance_path()),
        template_folder=str(folder("templates")),
        static_folder=str(folder("static")),
    )
    app.config.from_mapping(load_config(Path(app.instance_path), overrides))
    app.config.update(overrides)
    app.config["SQLALCHEMY_DATABASE_URI"] = normalize_database_url(
        app.config["SQLALCHEMY_DATABASE_URI"]
    )

    db.init_app(app)
    migrate.init_app(app, db, directory=str(folder("migrations")))
    csrf.init_app(app)
    babel.init_app(
        app,
        locale_selector=i18n.select_locale,
        default_translation_directories=str(Path(__file__).parent / "translations"),
    )
    i18n.init_app(app)
    login_manager.init_app(app)
    limiter.init_app(app)
    mailer.init_app(app)

    from . import auth, models  # noqa: F401  (tables for migrations; login loaders)
    from .accounts import bp as accounts_bp
    from .api import bp as api_bp
    from .cli import register_commands
    from .door import bp as door_bp
    from .evaluation import bp as evaluation_bp
    from .mailbox import bp as mailbox_bp
    from .organiser import bp as organiser_bp
    from .public import bp as public_bp

    app.register_blueprint(public_bp)
    app.register_blueprint(api_bp, url_prefix="/api/v1")
    app.register_blueprint(accounts_bp, url_prefix="/arrangor")
    app.register_blueprint(organiser_bp, url_prefix="/arrangor")
    app.register_blueprint(mailbox_bp, url_prefix="/arrangor/utboks")
    app.register_blueprint(door_bp, url_prefix="/arrangor/innsjekking")
    app.register_blueprint(evaluation_bp, url_prefix="/arrangor")
    csrf.exempt(api_bp)
    register_commands(app)
    _register_health(app)
    _register_errors(app)
    if os.environ.get("MAIL_IN_PROCESS") == "1" and not app.config.get("TESTING"):
        from .delivery import start_in_process

        start_in_process(app)
    return app


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
        if wants_json():
            return jsonify(error=error.name, message=error.description), error.code
        return render_template("error.html", error=error), error.code

    @app.errorhandler(Exception)
    def unexpected(error: Exception) -> Any:
        app.logger.exception("Unhandled error")
        db.session.rollback()
        if wants_json():
            return jsonify(error="Internal Server Error"), 500
        return render_template("error.html", error=None), 500
