"""Fixtures: the app on SQLite and on PostgreSQL, a client, a CLI runner, and event factories.

PostgreSQL: each run creates its own database, pamelding_test_<pid>_<random hex>, on the
machine's server (TEST_DATABASE_URL names another server; the database in that URL is not
used) when a test first needs it, and drops it at the end, so runs side by side never share
rows. Under CI=true an unusable PostgreSQL fails the run; elsewhere its tests are skipped
with the reason.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import psycopg
import pytest
from flask import Flask
from sqlalchemy import text

from registration import create_app
from registration.core.config import RATE_LIMITS
from registration.core.extensions import db
from registration.events import topics
from registration.models import (
    Event,
    EventKind,
    EventSession,
    EventStatus,
    Participation,
    SeatPool,
    utcnow,
)
from registration.registrations.rules import Participant
from tests.live import (
    SERVER_URL,
    admin_url,
    create_database,
    database_url_on,
    drop_database,
    new_database_name,
)

PG_SERVER = os.environ.get("TEST_DATABASE_URL", SERVER_URL)
PG_PREFIX = "pamelding_test_"
PG_NAME = new_database_name(PG_PREFIX)
PG_URL = database_url_on(PG_SERVER, PG_NAME)  # this run's database, once require_postgres()
IN_CI = os.environ.get("CI", "").lower() == "true"
_pg_state: dict[str, Any] = {}


def _create_run_database() -> str | None:
    try:
        create_database(PG_SERVER, PG_NAME, PG_PREFIX)
    except Exception as error:  # noqa: BLE001
        return f"{type(error).__name__}: {error}".strip()
    _pg_state["created"] = True
    return None


def require_postgres() -> str:
    """This run's PostgreSQL database URL (created on first use), or skip (fail under CI)
    with a visible reason."""
    if "problem" not in _pg_state:
        _pg_state["problem"] = _create_run_database()
    problem = _pg_state["problem"]
    if problem:
        message = (f"PostgreSQL not usable at {admin_url(PG_SERVER)} (creating this run's "
                   f"database {PG_NAME}): {problem}")
        if IN_CI:
            pytest.fail("CI=true needs PostgreSQL. " + message)
        pytest.skip(message)
    return PG_URL


def pytest_report_header(config: pytest.Config) -> str:
    return (f"PostgreSQL: this run's database is {PG_NAME} on {admin_url(PG_SERVER)} "
            "(created when first needed, dropped at the end)")


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    if not _pg_state.pop("created", False):
        return
    try:
        drop_database(admin_url(PG_SERVER), PG_NAME)
    except Exception as error:  # noqa: BLE001
        print(f"\nCould not drop this run's database {PG_NAME}: {error} (the next run on "
              "this machine drops it)", file=sys.stderr)


def reset_postgres_schema(url: str) -> None:
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("DROP SCHEMA IF EXISTS public CASCADE")
        conn.execute("CREATE SCHEMA public")


# The public-write rate limits are off in tests (memory storage, one client address for
# every request); tests of the limits set them per test (tests/test_abuse.py).
NO_RATE_LIMITS = {name: "" for name in RATE_LIMITS}


def make_app(database_url: str, tmp_path: Path, **extra: Any) -> Flask:
    return create_app({
        "TESTING": True,
        "SECRET_KEY": "test-secret",
        "SQLALCHEMY_DATABASE_URI": database_url,
        "INSTANCE_PATH": tmp_path / "instance",
        "WTF_CSRF_ENABLED": False,
        "RATELIMIT_STORAGE_URI": "memory://",
        # pages show the counts of this instant (the kept page has its own tests)
        "EVENT_PAGE_CACHE_SECONDS": 0,
        **NO_RATE_LIMITS,
        **extra,
    })


def migrated_app(database_url: str, tmp_path: Path) -> Flask:
    """An app on a fresh schema built by the migrations (for tests against live servers)."""
    from flask_migrate import upgrade

    app = make_app(database_url, tmp_path)
    with app.app_context():
        if database_url.startswith("postgresql"):
            reset_postgres_schema(database_url)
            _pg_state.pop("schema_ready", None)
        upgrade()
    return app


def empty_database(app: Flask) -> None:
    """The schema, with no rows: created on SQLite, truncated on PostgreSQL."""
    with app.app_context():
        if db.engine.dialect.name == "postgresql":
            if not _pg_state.get("schema_ready"):
                reset_postgres_schema(PG_URL)
                db.create_all()
                _pg_state["schema_ready"] = True
            tables = ", ".join(t.name for t in db.metadata.sorted_tables)
            db.session.execute(text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))
            db.session.commit()
        else:
            db.create_all()


@pytest.fixture(params=["sqlite", "postgresql"])
def backend(request: pytest.FixtureRequest) -> str:
    return request.param


@pytest.fixture
def database_url(backend: str, tmp_path: Path) -> str:
    if backend == "sqlite":
        return f"sqlite:///{tmp_path / 'test.sqlite3'}"
    return require_postgres()


@pytest.fixture
def app(database_url: str, tmp_path: Path) -> Iterator[Flask]:
    app = make_app(database_url, tmp_path)
    empty_database(app)
    yield app
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


@pytest.fixture
def client(app: Flask):  # noqa: ANN201
    return app.test_client()


@pytest.fixture
def runner(app: Flask):  # noqa: ANN201
    return app.test_cli_runner()


def make_event(
    *,
    title: str = "Demensomsorgens ABC – fagseminar",
    kind: EventKind = EventKind.ABC_FAGSEMINAR,
    participation: Participation = Participation.HYBRID,
    capacities: dict[str, int | None] | None = None,
    has_waitlist: bool = True,
    serves_food: bool = False,
    status: EventStatus = EventStatus.PUBLISHED,
    starts_in: timedelta = timedelta(days=30),
    sessions: int = 1,
    opens_at: datetime | None = None,
    closes_at: datetime | None = None,
    cancellation_deadline: datetime | None = None,
    topic: str = "Demensplan",
    description: str = "",
) -> EventRef:
    """Create and commit an event (inside an app context); returns its id to use later."""
    if capacities is None:
        capacities = {"physical": 20, "digital": 20} if participation == "hybrid" else (
            {"physical": 20} if participation == "physical" else {"digital": None})
    start = utcnow().replace(microsecond=0) + starts_in
    event = Event(
        title=title, kind=kind, participation=participation, status=status,
        has_waitlist=has_waitlist, serves_food=serves_food,
        topics=[topics.named(name) for name in ([topic] if topic else [])],
        description=description,
        registration_opens_at=opens_at or utcnow() - timedelta(days=1),
        registration_closes_at=closes_at,
        cancellation_deadline=cancellation_deadline,
    )
    for i in range(sessions):
        begin = start + timedelta(days=7 * i)
        event.sessions.append(EventSession(
            title=f"Dag {i + 1}" if sessions > 1 else "",
            starts_at=begin, ends_at=begin + timedelta(hours=6),
            place="" if participation == "digital" else "Tromsø rådhus",
            online=participation != "physical",
        ))
    for mode, capacity in capacities.items():
        event.seat_pools.append(SeatPool(mode=mode, capacity=capacity))
    db.session.add(event)
    db.session.commit()
    return EventRef(event.id)


@dataclass(frozen=True)
class EventRef:
    """An event's id, usable after the app context (and its session) has ended."""

    id: int


def person(i: int = 0, *, mode: str | None = None, email: str | None = None) -> Participant:
    return Participant(
        name=f"Kari Nordmann{'' if i == 0 else ' ' + chr(65 + i % 26) + 'sen'}",
        email=email or f"kari.{i}@tromso.kommune.no",
        mobile="+4791234567",
        kommunenummer="5501",
        workplace="Kvaløysletta sykehjem",
        role="sykepleier",
        mode=mode,
    )


def form_data(**overrides: Any) -> dict[str, Any]:
    data = {
        "name": "Kari Nordmann",
        "email": "kari.nordmann@tromso.kommune.no",
        "mobile": "912 34 567",
        "kommune": "5501",
        "workplace": "Kvaløysletta sykehjem",
        "role": "sykepleier",
        "mode": "physical",
        "privacy": "y",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def api_body(**overrides: Any) -> dict[str, Any]:
    body = {
        "name": "Ola Nordmann",
        "email": "ola.nordmann@harstad.kommune.no",
        "mobile": "+47 412 34 567",
        "kommune": "5503",
        "workplace": "Harstad hjemmetjeneste",
        "role": "helsefagarbeider",
        "mode": "digital",
    }
    body.update(overrides)
    return {k: v for k, v in body.items() if v is not None}


CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update",
                 "--disable-sync"]


@pytest.fixture(scope="session")
def playwright_driver() -> Iterator[Any]:
    """One Playwright for the whole run (a second one cannot start beside it)."""
    import shutil

    if not shutil.which(CHROMIUM):
        pytest.fail("Debian chromium is missing: `make test` installs it (apt-get install "
                    "chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as driver:
        yield driver


# Playwright's own default is 30 s per action or navigation; a loaded machine can need more
# (a wait ends as soon as its condition holds, so this costs nothing when all is well).
BROWSER_TIMEOUT_MS = 120_000


class PatientBrowser:
    """The session's chromium, whose new pages and contexts wait BROWSER_TIMEOUT_MS, and
    which records every Content-Security-Policy violation its pages report."""

    def __init__(self, browser: Any) -> None:
        self._browser = browser
        self.csp_violations: list[str] = []

    def _watch(self, message: Any) -> None:
        if "Content Security Policy" in message.text:
            self.csp_violations.append(message.text)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._browser, name)

    def new_context(self, **options: Any) -> Any:
        context = self._browser.new_context(**options)
        context.on("console", self._watch)
        context.set_default_timeout(BROWSER_TIMEOUT_MS)
        context.set_default_navigation_timeout(BROWSER_TIMEOUT_MS)
        return context

    def new_page(self, **options: Any) -> Any:
        page = self._browser.new_page(**options)
        page.on("console", self._watch)
        page.set_default_timeout(BROWSER_TIMEOUT_MS)
        page.set_default_navigation_timeout(BROWSER_TIMEOUT_MS)
        return page


@pytest.fixture(scope="session")
def browser(playwright_driver: Any) -> Iterator[Any]:
    from playwright.sync_api import expect

    # expect()'s own default is 5 s: as patient as the pages' actions (ends when it holds)
    expect.set_options(timeout=BROWSER_TIMEOUT_MS)
    browser = playwright_driver.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
    yield PatientBrowser(browser)
    browser.close()


@pytest.fixture(autouse=True)
def no_csp_violations(request: pytest.FixtureRequest) -> Iterator[None]:
    """A browser test fails when a page it opened broke the Content-Security-Policy (an
    inline script or style that the policy blocked, so part of the page did not work)."""
    if "browser" not in request.fixturenames:
        yield
        return
    browser = request.getfixturevalue("browser")
    seen = len(browser.csp_violations)
    yield
    assert browser.csp_violations[seen:] == [], "CSP violations in the browser console"


class Clock:
    """The app's clock in tests: starts at the real now and only moves when told to."""

    def __init__(self, start: datetime | None = None) -> None:
        self.now = start or utcnow()

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> datetime:
        self.now += timedelta(**delta)
        return self.now


@pytest.fixture
def clock(app: Flask) -> Clock:
    """Time for the app under test: ``clock.advance(days=60)`` instead of sleeping."""
    clock = Clock()
    app.config["CLOCK"] = clock
    return clock
