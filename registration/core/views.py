"""App-wide pages and hooks: privacy notice, language, labels for templates, security headers."""

from __future__ import annotations

from typing import Any

from flask import (
    Blueprint,
    current_app,
    redirect,
    render_template,
    request,
    session,
    url_for,
)

from ..core import municipalities
from ..core.i18n import LANGUAGES
from ..core.links import safe_next
from ..core.markdown_text import render as render_markdown
from ..events import catalogue
from ..registrations.validation import MODE_LABELS, ROLE_LABELS

bp = Blueprint("core", __name__)


@bp.app_context_processor
def labels() -> dict[str, Any]:
    return {
        "KIND_LABELS": catalogue.KIND_LABELS,
        "MODE_LABELS": MODE_LABELS,
        "ROLE_LABELS": ROLE_LABELS,
        "kommune_name": municipalities.name_of,
        "markdown": render_markdown,
        "topic_label": catalogue.topic_label,
    }


@bp.get("/personvern")
def privacy() -> str:
    # The real numbers from configuration: what the worker does is what the notice says.
    return render_template("core/privacy.html",
                           retention_months=int(current_app.config["RETENTION_MONTHS"]),
                           outbox_days=int(current_app.config["OUTBOX_RETENTION_DAYS"]),
                           completion_years=int(
                               current_app.config["COMPLETION_RETENTION_YEARS"]))


@bp.get("/sprak/<lang>")
def set_language(lang: str):  # noqa: ANN201
    if lang in LANGUAGES:
        session["lang"] = lang
    return redirect(safe_next(request.args.get("next"), url_for("events.index")), 303)


# No inline script or style anywhere: every script is a file under static/js/ (or vendored),
# every style is in a stylesheet. Images: our own and the design system's data: SVG icons.
# 'wasm-unsafe-eval' (WebAssembly only, not JavaScript eval) is added on the check-in pages,
# where the vendored barcode reader compiles its .wasm. form-action allows https: because a
# join button may post and then be sent on to the meeting's own (https) address.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'{wasm}; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; frame-src 'self'; object-src 'none'; "
    "base-uri 'none'; form-action 'self' https:; frame-ancestors 'none'"
)


def content_security_policy() -> str:
    wasm = " 'wasm-unsafe-eval'" if request.blueprint == "checkin" else ""
    return CONTENT_SECURITY_POLICY.format(wasm=wasm)


@bp.after_app_request
def private_pages(response):  # noqa: ANN001,ANN201
    """The personal link is a secret: keep it out of referrers and shared caches. Organiser
    pages and the API's answers hold personal data: never stored by a browser or a proxy."""
    if request.path.startswith(("/pamelding/", "/evaluering/")):
        response.headers["Referrer-Policy"] = "no-referrer"
        response.headers["Cache-Control"] = "no-store"
        response.headers["X-Robots-Tag"] = "noindex"
    elif request.path.startswith(("/arrangor/", "/api/")) and \
            not request.path.startswith("/api/v1/openapi.json"):
        response.headers["Cache-Control"] = "no-store"
    response.headers.setdefault("Content-Security-Policy", content_security_policy())
    response.headers.setdefault("Referrer-Policy", "same-origin")
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("X-Frame-Options", "DENY")
    max_age = int(current_app.config.get("HSTS_MAX_AGE") or 0)
    if current_app.config.get("APP_ENV") == "production" and max_age > 0:
        response.headers.setdefault("Strict-Transport-Security", f"max-age={max_age}")
    return response
