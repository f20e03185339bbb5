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


def _csp_for(blueprint: str | None) -> str:
    return _CSP_CHECKIN if blueprint == "checkin" else _CSP


_CSP = CONTENT_SECURITY_POLICY.format(wasm="")
_CSP_CHECKIN = CONTENT_SECURITY_POLICY.format(wasm=" 'wasm-unsafe-eval'")
# Set on every answer unless the view set its own (an embeddable page its CSP, say).
_DEFAULTS = (("Referrer-Policy", "same-origin"), ("X-Content-Type-Options", "nosniff"),
             ("X-Frame-Options", "DENY"))


@bp.after_app_request
def private_pages(response):  # noqa: ANN001,ANN201
    """The personal link is a secret: keep it out of referrers and shared caches. Organiser
    pages and the API's answers hold personal data: never stored by a browser or a proxy."""
    # The request looked up once (each proxy lookup costs): this runs on every answer.
    asked = request._get_current_object()  # type: ignore[attr-defined]
    path = asked.path
    headers = response.headers
    if path.startswith(("/pamelding/", "/evaluering/")):
        headers["Referrer-Policy"] = "no-referrer"
        headers["Cache-Control"] = "no-store"
        headers["X-Robots-Tag"] = "noindex"
    elif path.startswith(("/arrangor/", "/api/")) and \
            not path.startswith("/api/v1/openapi.json"):
        headers["Cache-Control"] = "no-store"
    # The header list itself, read and added to directly: one look at what is set (a
    # missing key costs Headers an exception per lookup), and our own constant values
    # (no line breaks in them) appended without Headers.add()'s newline check, which scans
    # the long policy character by character on every answer.
    added = headers._list
    present = {key.lower() for key, _ in added}
    if "content-security-policy" not in present:
        added.append(("Content-Security-Policy", _csp_for(asked.blueprint)))
    for name, value in _DEFAULTS:
        if name.lower() not in present:
            added.append((name, value))
    config = current_app.config
    if config.get("APP_ENV") == "production" and "strict-transport-security" not in present:
        max_age = int(config.get("HSTS_MAX_AGE") or 0)
        if max_age > 0:
            headers.add("Strict-Transport-Security", f"max-age={max_age}")
    return response
