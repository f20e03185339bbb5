"""No overbooking, ever: real concurrent HTTP requests against live gunicorn servers.

Each scenario is run against the database guard, and once against a control build that
checks seats in Python instead (tests/controls.py), to show the test catches overbooking.
"""

from __future__ import annotations

import threading
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
import requests
from sqlalchemy import func, select

from registration.core.extensions import db
from registration.models import Registration, SeatPool
from tests.conftest import api_body, make_app, make_event, migrated_app, require_postgres
from tests.live import gunicorn

pytestmark = pytest.mark.live

CLIENTS = 200
SEATS = 20


def prepare(database_url: str, tmp_path: Path, capacities: dict[str, int | None]) -> int:
    """A fresh schema built by the migrations, and one hybrid event; returns its id."""
    app = migrated_app(database_url, tmp_path)
    with app.app_context():
        event_id = make_event(capacities=capacities).id
        db.engine.dispose()
    return event_id


def rush(bases: list[str], requests_to_send: list[tuple[str, str, dict | None]]) -> list:
    """Send every request at the same moment (a barrier), from one thread each."""
    barrier = threading.Barrier(len(requests_to_send))

    def send(i: int):
        method, path, body = requests_to_send[i]
        base = bases[i % len(bases)]
        barrier.wait()
        response = requests.request(method, base + path, json=body, timeout=120)
        return response.status_code, response.json()

    with ThreadPoolExecutor(max_workers=len(requests_to_send)) as pool:
        return list(pool.map(send, range(len(requests_to_send))))


def register_everyone(bases: list[str], event_id: int) -> list:
    path = f"/api/v1/events/{event_id}/registrations"
    bodies = [("POST", path, api_body(email=f"deltaker{i}@kommune.no", name="Kari Nordmann",
                                      mode="physical" if i % 2 else "digital"))
              for i in range(CLIENTS)]
    return rush(bases, bodies)


def db_counts(database_url: str, tmp_path: Path, event_id: int) -> dict:
    app = make_app(database_url, tmp_path)
    with app.app_context():
        rows = db.session.execute(
            select(Registration.mode, Registration.status, func.count())
            .where(Registration.event_id == event_id)
            .group_by(Registration.mode, Registration.status)).all()
        pools = {p.mode: p.confirmed_count for p in db.session.scalars(select(SeatPool))}
        emails = db.session.scalar(select(func.count(func.distinct(
            Registration.email_normalized))))
        ranks = db.session.execute(
            select(Registration.mode, Registration.waitlist_rank)
            .where(Registration.status == "waitlisted")).all()
        db.engine.dispose()
    return {"by_status": {(m, s): n for m, s, n in rows}, "pools": pools, "emails": emails,
            "ranks": ranks}


def assert_exact(results: list, counts: dict) -> None:
    assert [status for status, _ in results] == [201] * CLIENTS, "a request was lost"
    outcome = Counter((body["mode"], body["status"]) for _, body in results)
    assert outcome == {("physical", "confirmed"): SEATS, ("digital", "confirmed"): SEATS,
                       ("physical", "waitlisted"): CLIENTS // 2 - SEATS,
                       ("digital", "waitlisted"): CLIENTS // 2 - SEATS}
    for mode in ("physical", "digital"):
        positions = sorted(body["waitlist_position"] for _, body in results
                           if body["mode"] == mode and body["status"] == "waitlisted")
        assert positions == list(range(1, CLIENTS // 2 - SEATS + 1)), "queue out of order"
        ranks = [r for m, r in counts["ranks"] if m == mode]
        assert len(set(ranks)) == len(ranks)
    assert counts["by_status"] == dict(outcome)
    assert counts["pools"] == {"physical": SEATS, "digital": SEATS}
    assert counts["emails"] == CLIENTS


def _sqlite_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'live.sqlite3'}"


@pytest.fixture
def instance(tmp_path: Path) -> Path:
    path = tmp_path / "instance"
    path.mkdir()
    return path


def test_rush_on_file_sqlite_two_workers_is_exact(tmp_path, instance):
    url = _sqlite_url(tmp_path)
    event_id = prepare(url, tmp_path, {"physical": SEATS, "digital": SEATS})
    with gunicorn(url, instance) as base:
        results = register_everyone([base], event_id)
    assert_exact(results, db_counts(url, tmp_path, event_id))


def test_rush_on_postgresql_two_app_processes_is_exact(tmp_path, instance):
    url = require_postgres()
    event_id = prepare(url, tmp_path, {"physical": SEATS, "digital": SEATS})
    with gunicorn(url, instance) as first, gunicorn(url, instance) as second:
        results = register_everyone([first, second], event_id)
    assert_exact(results, db_counts(url, tmp_path, event_id))


@pytest.mark.parametrize("backend_name", ["sqlite", "postgresql"])
def test_control_without_the_database_guard_overbooks(tmp_path, instance, backend_name):
    """The same rush with the seat check done in Python: the assertions above must fail."""
    url = _sqlite_url(tmp_path) if backend_name == "sqlite" else require_postgres()
    event_id = prepare(url, tmp_path, {"physical": SEATS, "digital": SEATS})
    with gunicorn(url, instance, app="tests.controls:naive_seat_app()") as base:
        results = register_everyone([base], event_id)
    counts = db_counts(url, tmp_path, event_id)
    confirmed = {m: counts["by_status"].get((m, "confirmed"), 0) for m in ("physical", "digital")}
    assert max(confirmed.values()) > SEATS, f"control did not overbook: {confirmed}"
    with pytest.raises(AssertionError):
        assert_exact(results, counts)


@pytest.mark.parametrize("backend_name", ["sqlite", "postgresql"])
def test_concurrent_cancellations_promote_each_waitlisted_person_once(
        tmp_path, instance, backend_name):
    url = _sqlite_url(tmp_path) if backend_name == "sqlite" else require_postgres()
    event_id = prepare(url, tmp_path, {"physical": SEATS, "digital": None})
    path = f"/api/v1/events/{event_id}/registrations"
    with gunicorn(url, instance) as first, gunicorn(url, instance) as second:
        bases = [first, second]
        made = []
        for i in range(SEATS * 3):  # 20 confirmed, 40 waiting, in a known order
            r = requests.post(first + path, json=api_body(email=f"p{i}@kommune.no",
                                                          mode="physical"), timeout=30)
            made.append(r.json())
        confirmed = [m["token"] for m in made if m["status"] == "confirmed"]
        waiting = [m["token"] for m in made if m["status"] == "waitlisted"]
        assert len(confirmed) == SEATS and len(waiting) == 2 * SEATS
        results = rush(bases, [("DELETE", f"/api/v1/registrations/{t}", None)
                               for t in confirmed])
        assert [s for s, _ in results] == [200] * SEATS
        after = {t: requests.get(f"{first}/api/v1/registrations/{t}", timeout=30).json()
                 for t in waiting}
    # first come, first served: exactly the first 20 in line got the 20 freed seats
    assert [after[t]["status"] for t in waiting[:SEATS]] == ["confirmed"] * SEATS
    assert [after[t]["waitlist_position"] for t in waiting[SEATS:]] == list(range(1, SEATS + 1))
    counts = db_counts(url, tmp_path, event_id)
    assert counts["pools"]["physical"] == SEATS
    assert counts["by_status"][("physical", "confirmed")] == SEATS
    assert counts["by_status"][("physical", "cancelled")] == SEATS
