"""App-wide pages and hooks: privacy notice, language, labels for templates, security headers."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

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
    }


@bp.get("/personvern")
def privacy() -> str:
    # The real numbers from configuration: what the worker does is what the notice says.
    return render_template("core/privacy.html",
                           retention_months=int(current_app.config["RETENTION_MONTHS"]),
                           outbox_days=int(current_app.config["OUTBOX_RETENTION_DAYS"]))


@bp.get("/sprak/<lang>")
def set_language(lang: str):  # noqa: ANN201
    if lang in LANGUAGES:
        session["lang"] = lang
    target = request.args.get("next") or url_for("events.index")
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        target = url_for("events.index")
    return redirect(target, 303)


@bp.after_app_request
def private_pages(response):  # noqa: ANN001,ANN201
    """The personal link is a secret: keep it out of referrers and shared caches."""
    if request.path.startswith(("/pamelding/", "/evaluering/")):
        response.headers["Referrer-Policy"] = "no-referrer"
        response.headers["Cache-Control"] = "no-store"
        response.headers["X-Robots-Tag"] = "noindex"
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("X-Frame-Options", "DENY")
    return response
