"""Påmelding: registration for USHT events and courses."""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from flask import Flask, request
from flask.globals import request_ctx

from .core import db as database  # noqa: F401  (registers engine listeners)
from .core import i18n
from .core.config import check_production, load_config, normalize_database_url
from .core.extensions import (
    babel,
    csrf,
    db,
    limiter,
    login_manager,
    mailer,
    migrate,
)
from .core.hostile import AnyPathConverter, CleanRequest, SafeJSONProvider, TextConverter
from .core.ids import IdConverter
from .core.resources import default_instance_path, folder
from .core.sessions import CookieSessionInterface


class App(Flask):
    """Flask, with its question «is this hook or view a coroutine?» answered once per
    function: it asks for every hook and the view on every request (a tenth of an empty
    request's work here), and the answer never changes (none here is async). Only the
    app's own hooks and views are remembered: a function made for one request (an
    after_this_request closure, a class-based view's method) is asked as Flask asks."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._synchronous: dict[Callable[..., Any], Callable[..., Any]] = {}

    def ensure_sync(self, func: Callable[..., Any]) -> Callable[..., Any]:
        known = self._synchronous.get(func)
        if known is not None:
            return known
        answer = super().ensure_sync(func)
        if self._registered(func):
            self._synchronous[func] = answer
        return answer

    def _registered(self, func: Callable[..., Any]) -> bool:
        hooks: list[list[Any]] = [*self.before_request_funcs.values(),
                                  *self.after_request_funcs.values(),
                                  *self.teardown_request_funcs.values(),
                                  self.teardown_appcontext_funcs]
        return func in self.view_functions.values() or any(func in h for h in hooks)


def _trust_proxies(app: Flask) -> None:
    """Behind TRUSTED_PROXIES proxies, the client address and scheme come from their
    X-Forwarded-For and X-Forwarded-Proto (so limits and logs see the real client). The
    Host header is taken as the proxy passes it; X-Forwarded-Host is never trusted."""
    hops = int(app.config.get("TRUSTED_PROXIES") or 0)
    if hops > 0:
        from werkzeug.middleware.proxy_fix import ProxyFix

        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops,  # type: ignore[method-assign]
                                x_host=0, x_port=0, x_prefix=0)
    storage = str(app.config.get("RATELIMIT_STORAGE_URI") or "memory://")
    if app.config["APP_ENV"] == "production":
        app.logger.warning(
            "Påmelding i produksjon: PUBLIC_URL=%s, %s prosess(er), grenser i %s, "
            "%s proxy-ledd stoles på", app.config.get("PUBLIC_URL"), app.config["WORKERS"],
            storage.split("://")[0], hops)
        if storage.startswith("memory://") and int(app.config["WORKERS"]) > 1:
            app.logger.warning(
                "RATELIMIT_SINGLE_PROCESS=1: grensene telles i hver av %s prosesser for seg, "
                "så hver grense gjelder %s ganger. Bruk Redis for delte grenser.",
                app.config["WORKERS"], app.config["WORKERS"])


def _limiter_hooks_only_when_limited(app: Flask) -> None:
    """Flask-Limiter's after-request hook (rate-limit headers, conditional deductions) and
    teardown (its per-request state) work on the state a limited view's check leaves on the
    request; a request that met no limit (most: every limit is on a view or in
    core/ratelimit.py) has none, and the hooks would make an empty one to find nothing."""
    def limited() -> bool:
        # on the context itself: through the proxy, a miss would raise and catch an error
        return hasattr(request_ctx._get_current_object(),  # type: ignore[attr-defined]
                       "_limiter_request_context")

    def guard_after(hook: Any) -> Any:
        def after(response: Any) -> Any:
            return hook(response) if limited() else response
        return after

    def guard_teardown(hook: Any) -> Any:
        def teardown(error: BaseException | None = None) -> None:
            if limited():
                hook(error)
        return teardown

    after_funcs = app.after_request_funcs[None]
    inject = [f for f in after_funcs if getattr(f, "args", None) == (limiter,)]
    release = [f for f in app.teardown_request_funcs[None]
               if getattr(f, "__self__", None) is limiter]
    assert len(inject) == 1 and len(release) == 1, "Flask-Limiter's hooks changed"
    after_funcs[after_funcs.index(inject[0])] = guard_after(inject[0])
    teardowns = app.teardown_request_funcs[None]
    teardowns[teardowns.index(release[0])] = guard_teardown(release[0])


def _csrf_check_only_where_it_applies(app: Flask, exempt_blueprint: str) -> None:
    """Flask-WTF's check looks up the view's exemptions before the method, on every request;
    asked first whether the method is one it checks and whether the request is for the
    exempt blueprint (the API: bearer tokens, no cookies to forge), a page read or an API
    call skips it. Every other request is checked by Flask-WTF as before."""
    funcs = app.before_request_funcs[None]
    [check] = [f for f in funcs if getattr(f, "__name__", "") == "csrf_protect"]

    def csrf_protect() -> Any:
        if request.method not in app.config["WTF_CSRF_METHODS"] \
                or request.blueprint == exempt_blueprint:
            return None
        return check()

    funcs[funcs.index(check)] = csrf_protect


def create_app(config: Mapping[str, Any] | None = None) -> Flask:
    """The app factory. ``config`` overrides what the environment gives (tests use it)."""
    overrides = dict(config or {})
    instance_path = overrides.pop("INSTANCE_PATH", None) or os.environ.get("INSTANCE_PATH")
    app = App(
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
    if app.config["APP_ENV"] == "production":
        check_production(app.config)
    _trust_proxies(app)

    # Every <int:...> in a route: out-of-range ids are 404, never a database error.
    app.url_map.converters["int"] = IdConverter
    app.url_map.converters["default"] = app.url_map.converters["string"] = TextConverter
    app.url_map.converters["path"] = AnyPathConverter
    # NUL, lone surrogates and deeply nested JSON never reach a view (core/hostile.py).
    app.request_class = CleanRequest
    app.session_interface = CookieSessionInterface()
    app.json = SafeJSONProvider(app)
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
    # No "remember me" here (login_user is never asked to remember): Flask-Login's hook that
    # keeps a remember cookie up to date has nothing to do on any answer.
    app.after_request_funcs[None].remove(login_manager._update_remember_cookie)
    # Flask-Limiter keeps the first app's key prefix on its (module-wide) instance; each app
    # reads its own RATELIMIT_KEY_PREFIX, so two apps in one process (tests) never share keys.
    limiter._key_prefix = ""
    limiter.init_app(app)
    # Every limit is on a view (decorated: checked when the view is called) or in code
    # (core/ratelimit.py); none is app-wide. Flask-Limiter's own before_request check would
    # resolve each request's limits once more: a tenth of a registration's CPU, for nothing.
    app.before_request_funcs[None].remove(limiter._check_request_limit)
    _limiter_hooks_only_when_limited(app)
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
    from .courses import registry_views  # noqa: F401  (routes on the courses blueprint)
    from .courses.views import bp as courses_bp
    from .evaluations.views import bp as evaluations_bp
    from .events.embed import bp as embed_bp
    from .events.views import bp as events_bp
    from .groups.views import bp as groups_bp
    from .mail.views import bp as mail_bp
    from .networks.views import bp as networks_bp
    from .privacy import redact
    from .privacy.views import bp as privacy_bp
    from .questions.views import bp as questions_bp
    from .registrations.views import bp as registrations_bp
    from .reports.views import bp as reports_bp
    from .series.views import bp as series_bp

    # Each feature's blueprint carries its full paths: public pages at the top, the
    # organiser's under /arrangor/.
    for blueprint in (core_bp, events_bp, registrations_bp, checkin_bp, evaluations_bp,
                      mail_bp, audit_bp, accounts_bp, privacy_bp, reports_bp, courses_bp,
                      networks_bp, groups_bp, questions_bp, series_bp, embed_bp):
        app.register_blueprint(blueprint)
    app.register_blueprint(api_bp, url_prefix="/api/v1")
    csrf.exempt(api_bp)
    _csrf_check_only_where_it_applies(app, api_bp.name)
    register_commands(app)
    from .mail import layout as mail_layout

    mail_layout.init_app(app)
    http.init_app(app)
    redact.install(app)  # no personal links or searches in the logs
    if os.environ.get("MAIL_IN_PROCESS") == "1" and not app.config.get("TESTING"):
        from .worker import start_in_process

        start_in_process(app)
    return app
