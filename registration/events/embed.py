"""Embedding: the centre's own website shows the catalogue (all, or one kind or topic) in an
iframe that sizes itself to its content, and an organiser copies the snippet from the event
page. Only these routes may be framed, by any site (frame-ancestors *): they show what the
public catalogue shows, or the registration form (embed_form.py, with its own signed token in
place of the session's CSRF token: a cross-site frame gets no cookies), and hold no session."""

from __future__ import annotations

from flask import Blueprint, Response, render_template, request
from flask.typing import ResponseReturnValue

from ..models import EventKind
from ..registrations import seats
from . import catalogue, topics

bp = Blueprint("embed", __name__)

EMBED_CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; "
    "form-action 'self'; frame-ancestors *"
)


def _framable(response: Response) -> Response:
    response.headers["Content-Security-Policy"] = EMBED_CSP
    # core/views.py adds X-Frame-Options: DENY to what has none; ALLOWALL is not a value
    # browsers honour, so they fall back to frame-ancestors above.
    response.headers["X-Frame-Options"] = "ALLOWALL"
    return response


@bp.get("/innebygd/")
def embedded_catalogue() -> ResponseReturnValue:
    """?kind=…&topic=… narrow the list, as in the catalogue; ?serie=<id> shows a series'
    events, ?id=<event> one event."""
    kind = request.args.get("kind") or None
    topic = request.args.get("topic") or None
    only = request.args.get("id", "")
    series = request.args.get("serie", "")
    filters = catalogue.CatalogueFilter(
        kind=kind if kind in {k.value for k in EventKind} else None,
        topic=topic if topic in topics.current_names() else None)
    events = catalogue.upcoming(filters)
    if only.isdigit() and len(only) < 10:
        events = [e for e in events if e.id == int(only)]
    if series.isdigit() and len(series) < 10:
        events = [e for e in events if e.series_id == int(series)]
    html = render_template("events/embed.html", events=events,
                           summaries={e.id: seats.seat_summary(e) for e in events})
    return _framable(Response(html))
from . import embed_form  # noqa: E402,F401  (the registration form in a frame)
