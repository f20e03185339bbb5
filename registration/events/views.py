"""Public event pages: the catalogue and the calendar feeds. The organiser's side: manage.py."""

from __future__ import annotations

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    render_template,
    request,
)

from ..events import catalogue, topics
from ..mail import calendar
from ..models import (
    EventKind,
    Mode,
)
from ..registrations import page_cache, seats

bp = Blueprint("events", __name__)
CATALOGUE = ("catalogue",)  # the kept front page's key (registrations/page_cache.py)


def _clean_arg(name: str, allowed: set[str] | None = None, max_len: int = 100) -> str | None:
    value = (request.args.get(name) or "").strip()
    if not value or len(value) > max_len:
        return None
    if allowed is not None and value not in allowed:
        return None
    return value


@bp.get("/")
def index() -> str:
    page = page_cache.kept(CATALOGUE)  # the front page of a new visitor, kept a moment
    if page is not None:
        return page
    months = catalogue.months_ahead()
    topic_names = topics.current_names()
    filters = catalogue.CatalogueFilter(
        kind=_clean_arg("kind", {k.value for k in EventKind}),
        topic=_clean_arg("topic", set(topic_names)),
        month=_clean_arg("month", set(months)),
        mode=_clean_arg("mode", {m.value for m in Mode}),
        q=_clean_arg("q", max_len=100),
    )
    events = catalogue.upcoming(filters)
    html = render_template(
        "events/catalogue.html",
        events=events,
        filters=filters,
        months=months,
        topics=topic_names,
        summaries={e.id: seats.seat_summary(e) for e in events},
    )
    page_cache.keep(CATALOGUE, html, has_form=False)  # (not with a filter: a query string)
    return html


@bp.get("/calendar.ics")
def feed_all() -> Response:
    events = catalogue.upcoming(catalogue.CatalogueFilter())
    return calendar.ics_response(calendar.feed(events, current_app.config["CENTRE_NAME"]),
                                 "kalender.ics")


@bp.get("/calendar/<kind>.ics")
def feed_kind(kind: str) -> Response:
    if kind not in {k.value for k in EventKind}:
        abort(404)
    events = catalogue.upcoming(catalogue.CatalogueFilter(kind=kind))
    name = f"{current_app.config['CENTRE_NAME']}: {catalogue.KIND_LABELS[EventKind(kind)]}"
    return calendar.ics_response(calendar.feed(events, name), f"{kind}.ics")


@bp.get("/calendar/arrangement/<int:event_id>.ics")
def feed_series(event_id: int) -> Response:
    """One event's sessions, e.g. every webinar of a series, to subscribe to."""
    event = catalogue.published(event_id)
    if event is None or event.audience == "invited":  # no feed of an invitation-only event
        abort(404)
    return calendar.ics_response(calendar.feed([event], event.title), f"arrangement-{event.id}.ics")


# The organiser's workspace and the admins' list of satsingsområder.
from . import manage, session_settings, topic_views  # noqa: E402,F401
