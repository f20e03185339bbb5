"""Groups under a rush: 20 groups of 5 against 30 seats, real concurrent requests against
live gunicorn servers on SQLite and PostgreSQL, and a control (tests/controls.py) that
decides seats in Python and must be caught."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
from sqlalchemy import func, select

from registration.core.extensions import db
from registration.models import Participation, Registration, SeatPool
from tests.conftest import make_app, make_event, migrated_app, require_postgres
from tests.live import gunicorn
from tests.test_concurrency import rush

pytestmark = pytest.mark.live

GROUPS = 20
SIZE = 5
SEATS = 30


def prepare(database_url: str, tmp_path: Path) -> int:
    app = migrated_app(database_url, tmp_path)
    with app.app_context():
        event_id = make_event(participation=Participation.PHYSICAL,
                              capacities={"physical": SEATS}).id
        db.engine.dispose()
    return event_id


def bodies(event_id: int, all_or_nothing: bool) -> list[tuple[str, str, dict]]:
    path = f"/api/v1/events/{event_id}/group-registrations"
    return [("POST", path, {
        "contact": {"name": "Lise Leder", "email": f"leder{g}@senja.kommune.no",
                    "mobile": "+4791234567", "kommune": "5530", "workplace": "Senja sykehjem"},
        "participants": [{"name": "Ansatt Nordmann", "email": f"g{g}p{p}@senja.kommune.no",
                          "role": "helsefagarbeider"} for p in range(SIZE)],
        "all_or_nothing": all_or_nothing}) for g in range(GROUPS)]


def stored(database_url: str, tmp_path: Path, event_id: int) -> dict:
    app = make_app(database_url, tmp_path)
    with app.app_context():
        statuses = dict(db.session.execute(
            select(Registration.status, func.count()).where(Registration.event_id == event_id)
            .group_by(Registration.status)).tuples().all())
        pool = db.session.scalars(select(SeatPool)).one().confirmed_count
        db.engine.dispose()
    return {"statuses": statuses, "pool": pool}


def assert_whole_groups(results: list, counts: dict) -> None:
    assert [status for status, _ in results] == [201] * GROUPS, "a request was lost"
    per_group = [[row["status"] for row in body["registrations"]] for _, body in results]
    kinds = Counter(tuple(sorted(set(statuses))) for statuses in per_group)
    assert kinds == {("confirmed",): SEATS // SIZE,
                     ("waitlisted",): GROUPS - SEATS // SIZE}, "a group was split"
    # the waiting groups wait together: each one's places are consecutive, all of them 1..70
    blocks = sorted([row["waitlist_position"] for row in body["registrations"]]
                    for _, body in results if body["registrations"][0]["status"] == "waitlisted")
    assert all(block == list(range(block[0], block[0] + SIZE)) for block in blocks)
    assert [p for block in blocks for p in block] == list(range(1, GROUPS * SIZE - SEATS + 1))
    assert counts["statuses"] == {"confirmed": SEATS, "waitlisted": GROUPS * SIZE - SEATS}
    assert counts["pool"] == SEATS


def assert_those_who_fit(results: list, counts: dict) -> None:
    assert [status for status, _ in results] == [201] * GROUPS
    confirmed = sum(row["status"] == "confirmed" for _, body in results
                    for row in body["registrations"])
    assert confirmed == SEATS
    assert counts["statuses"] == {"confirmed": SEATS, "waitlisted": GROUPS * SIZE - SEATS}
    assert counts["pool"] == SEATS


def _url(tmp_path: Path, backend_name: str) -> str:
    return (f"sqlite:///{tmp_path / 'live.sqlite3'}" if backend_name == "sqlite"
            else require_postgres())


@pytest.fixture
def instance(tmp_path: Path) -> Path:
    path = tmp_path / "instance"
    path.mkdir()
    return path


@pytest.mark.parametrize("backend_name", ["sqlite", "postgresql"])
def test_all_or_nothing_groups_rush_gives_six_whole_groups(tmp_path, instance, backend_name):
    url = _url(tmp_path, backend_name)
    event_id = prepare(url, tmp_path)
    with gunicorn(url, instance) as first, gunicorn(url, instance) as second:
        results = rush([first, second], bodies(event_id, all_or_nothing=True))
    assert_whole_groups(results, stored(url, tmp_path, event_id))


@pytest.mark.parametrize("backend_name", ["sqlite", "postgresql"])
def test_those_who_fit_rush_gives_exactly_thirty(tmp_path, instance, backend_name):
    url = _url(tmp_path, backend_name)
    event_id = prepare(url, tmp_path)
    with gunicorn(url, instance) as first, gunicorn(url, instance) as second:
        results = rush([first, second], bodies(event_id, all_or_nothing=False))
    assert_those_who_fit(results, stored(url, tmp_path, event_id))


@pytest.mark.parametrize("backend_name", ["sqlite", "postgresql"])
@pytest.mark.parametrize("all_or_nothing", [True, False])
def test_control_deciding_in_python_overbooks(tmp_path, instance, backend_name,
                                              all_or_nothing):
    """The same rushes with the seats counted in Python: the assertions above must fail."""
    url = _url(tmp_path, backend_name)
    event_id = prepare(url, tmp_path)
    with gunicorn(url, instance, app="tests.controls:naive_group_app()") as base:
        results = rush([base], bodies(event_id, all_or_nothing=all_or_nothing))
    counts = stored(url, tmp_path, event_id)
    assert counts["statuses"].get("confirmed", 0) > SEATS, f"no overbooking: {counts}"
    check = assert_whole_groups if all_or_nothing else assert_those_who_fit
    with pytest.raises(AssertionError):
        check(results, counts)
