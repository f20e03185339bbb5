"""«Meld meg på alle» under a rush: 30 people register for a series of two events of 10
seats each at the same moment (web form, CSRF on), against live gunicorn servers on SQLite
and PostgreSQL: each event's capacity stays exact and each queue is in order without gaps.
The control (tests.controls:naive_series_app()) counts each event's seats in Python before
the write transaction, and must be caught overbooking."""

from __future__ import annotations

import re
import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from pathlib import Path

import pytest
import requests
from sqlalchemy import func, select

from registration.core.extensions import db
from registration.models import Event, Participation, Registration, SeatPool
from registration.series.models import EventSeries
from tests.conftest import form_data, make_app, make_event, migrated_app, require_postgres
from tests.live import gunicorn

pytestmark = pytest.mark.live

PEOPLE = 30
SEATS = 10


def prepare(database_url: str, tmp_path: Path) -> tuple[int, list[int]]:
    app = migrated_app(database_url, tmp_path)
    with app.app_context():
        events = [make_event(title=f"Del {i}", participation=Participation.PHYSICAL,
                             capacities={"physical": SEATS},
                             starts_in=timedelta(days=20 + 7 * i)).id for i in (1, 2)]
        series = EventSeries(title="Serien")
        db.session.add(series)
        db.session.flush()
        for event_id in events:
            db.session.get(Event, event_id).series_id = series.id
        db.session.commit()
        series_id = series.id
        db.engine.dispose()
    return series_id, events


def rush(bases: list[str], series_id: int) -> list[int]:
    barrier = threading.Barrier(PEOPLE)

    def send(i: int) -> int:
        session = requests.Session()
        base = bases[i % len(bases)]
        page = session.get(f"{base}/serie/{series_id}", timeout=120).text
        token = re.search(r'name="csrf_token" value="([^"]+)"', page)
        assert token is not None
        data = {**form_data(email=f"p{i}@tromso.kommune.no"), "csrf_token": token.group(1)}
        barrier.wait()
        return session.post(f"{base}/serie/{series_id}", data=data, timeout=120).status_code

    with ThreadPoolExecutor(max_workers=PEOPLE) as pool:
        return list(pool.map(send, range(PEOPLE)))


def stored(database_url: str, tmp_path: Path, events: list[int]) -> dict:
    app = make_app(database_url, tmp_path)
    with app.app_context():
        out = {}
        for event_id in events:
            confirmed = db.session.scalar(select(func.count(Registration.id)).where(
                Registration.event_id == event_id, Registration.status == "confirmed"))
            ranks = sorted(db.session.scalars(select(Registration.waitlist_rank).where(
                Registration.event_id == event_id, Registration.status == "waitlisted")))
            pool = db.session.scalars(select(SeatPool).where(
                SeatPool.event_id == event_id)).one().confirmed_count
            out[event_id] = (confirmed, ranks, pool)
        db.engine.dispose()
    return out


def assert_exact(statuses: list[int], counts: dict) -> None:
    assert statuses == [200] * PEOPLE
    for confirmed, ranks, pool in counts.values():
        assert (confirmed, pool) == (SEATS, SEATS)
        assert ranks == list(range(1, PEOPLE - SEATS + 1))


def _url(tmp_path: Path, backend_name: str) -> str:
    return (f"sqlite:///{tmp_path / 'live.sqlite3'}" if backend_name == "sqlite"
            else require_postgres())


@pytest.fixture
def instance(tmp_path: Path) -> Path:
    path = tmp_path / "instance"
    path.mkdir()
    return path


@pytest.mark.parametrize("backend_name", ["sqlite", "postgresql"])
def test_register_for_all_under_a_rush_keeps_each_capacity(tmp_path, instance, backend_name):
    url = _url(tmp_path, backend_name)
    series_id, events = prepare(url, tmp_path)
    with gunicorn(url, instance) as first, gunicorn(url, instance) as second:
        statuses = rush([first, second], series_id)
    assert_exact(statuses, stored(url, tmp_path, events))


@pytest.mark.parametrize("backend_name", ["sqlite", "postgresql"])
def test_control_with_the_seat_counted_in_python_overbooks(tmp_path, instance, backend_name):
    url = _url(tmp_path, backend_name)
    series_id, events = prepare(url, tmp_path)
    with gunicorn(url, instance, app="tests.controls:naive_series_app()") as base:
        statuses = rush([base], series_id)
    counts = stored(url, tmp_path, events)
    assert max(confirmed for confirmed, _r, _p in counts.values()) > SEATS, counts
    with pytest.raises(AssertionError):
        assert_exact(statuses, counts)
