"""Language and time: Norwegian bokmål by default, English available; Europe/Oslo."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from babel.dates import format_datetime as babel_format_datetime
from flask import Flask, has_request_context, request, session
from flask_babel import get_locale

LANGUAGES = {"nb": "Norsk bokmål", "en": "English"}
OSLO = ZoneInfo("Europe/Oslo")

_PATTERNS = {
    # tirsdag 3. februar 2026 kl. 09.00
    "nb": {"datetime": "EEEE d. MMMM y 'kl.' HH.mm", "date": "EEEE d. MMMM y",
           "short": "d. MMM y", "time": "HH.mm", "month": "LLLL y"},
    "en": {"datetime": "EEEE d MMMM y 'at' HH:mm", "date": "EEEE d MMMM y",
           "short": "d MMM y", "time": "HH:mm", "month": "LLLL y"},
}


def select_locale() -> str:
    if not has_request_context():
        return "nb"
    chosen = session.get("lang")
    if chosen in LANGUAGES:
        return chosen
    if not request.query_string:  # (most requests: no query string to parse for ?lang=)
        return "nb"
    wanted = request.args.get("lang")
    if wanted in LANGUAGES:
        return wanted
    return "nb"


def _lang() -> str:
    locale = get_locale()
    return "en" if locale is not None and locale.language == "en" else "nb"


def interface_language() -> str:
    """The language the person sees now ('nb' outside a request): a registration keeps it,
    and its e-mails follow it."""
    return select_locale()


def local(value: datetime) -> datetime:
    return value.astimezone(OSLO)


def format_dt(value: datetime | None, kind: str = "datetime") -> str:
    if value is None:
        return ""
    lang = _lang()
    text = babel_format_datetime(local(value), _PATTERNS[lang][kind], locale=lang)
    return text


def format_span(start: datetime, end: datetime) -> str:
    """«tirsdag 3. februar 2026 kl. 09.00–15.30», or with both dates when days differ."""
    if local(start).date() == local(end).date():
        return f"{format_dt(start)}–{format_dt(end, 'time')}"
    return f"{format_dt(start)} – {format_dt(end)}"


def month_label(value: str) -> str:
    """"2026-02" → «februar 2026»."""
    year, month = (int(part) for part in value.split("-"))
    return format_dt(datetime(year, month, 15, 12, tzinfo=OSLO), "month")


def init_app(app: Flask) -> None:
    app.jinja_env.filters["month_label"] = month_label
    app.jinja_env.filters["dt"] = format_dt
    app.jinja_env.filters["span"] = format_span
    app.jinja_env.globals["LANGUAGES"] = LANGUAGES
    app.jinja_env.globals["current_lang"] = _lang
