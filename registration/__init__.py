"""Påmelding: registration for USHT events and courses."""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from flask import Flask

from .core import db as database  # noqa: F401  (registers engine listeners)
from .core import i18n
from .core.config import load_config, normalize_database_url
from .core.extensions import (
    babel,
    csrf,
    db,
    limiter,
    login_manager,
    mailer,
    migrate,
)
from .core.resources import default_instance_path, folder


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

    from . import models  # noqa: F401  (tables for migrations)
    from .accounts import operations as accounts  # noqa: F401  (login loaders)
    from .accounts.views import bp as accounts_bp
    from .api import bp as api_bp
    from .audit.views import bp as audit_bp
    from .checkin.views import bp as checkin_bp
    from .cli import register_commands
    from .core import http
    from .core.views import bp as core_bp
    from .evaluations.views import bp as evaluations_bp
    from .events.views import bp as events_bp
    from .mail.views import bp as mail_bp
    from .privacy import redact
    from .privacy.views import bp as privacy_bp
    from .registrations.views import bp as registrations_bp

    # Each feature's blueprint carries its full paths: public pages at the top, the
    # organiser's under /arrangor/.
    for blueprint in (core_bp, events_bp, registrations_bp, checkin_bp, evaluations_bp,
                      mail_bp, audit_bp, accounts_bp, privacy_bp):
        app.register_blueprint(blueprint)
    app.register_blueprint(api_bp, url_prefix="/api/v1")
    csrf.exempt(api_bp)
    register_commands(app)
    http.init_app(app)
    redact.install(app)  # no personal links or searches in the logs
    if os.environ.get("MAIL_IN_PROCESS") == "1" and not app.config.get("TESTING"):
        from .worker import start_in_process

        start_in_process(app)
    return app
