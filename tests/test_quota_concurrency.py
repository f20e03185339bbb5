"""Fair shares under a rush: a kommune quota of 2, 40 people from 5 kommuner registering in
the same second (physical and digital, so two seat pools), against live gunicorn servers on
SQLite and PostgreSQL, and a control (tests/controls.py) that counts in Python."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
from sqlalchemy import func, select

from registration.core.extensions import db
from registration.models import Event, Registration
from tests.conftest import api_body, make_app, make_event, migrated_app, require_postgres
from tests.live import gunicorn
from tests.test_concurrency import rush

pytestmark = pytest.mark.live

QUOTA = 2
KOMMUNER = ["5501", "5503", "5530", "5532", "5536"]
EACH = 8


def prepare(database_url: str, tmp_path: Path) -> int:
    app = migrated_app(database_url, tmp_path)
    with app.app_context():
        event_id = make_event(capacities={"physical": 100, "digital": 100}).id
        db.session.get(Event, event_id).kommune_quota = QUOTA
        db.session.commit()
        db.engine.dispose()
    return event_id


def bodies(event_id: int) -> list[tuple[str, str, dict]]:
    path = f"/api/v1/events/{event_id}/registrations"
    return [("POST", path, api_body(email=f"p{i}@k{kommune}.no", kommune=kommune,
                                    mode="physical" if i % 2 else "digital"))
            for kommune in KOMMUNER for i in range(EACH)]


def confirmed_per_kommune(database_url: str, tmp_path: Path, event_id: int) -> Counter:
    app = make_app(database_url, tmp_path)
    with app.app_context():
        rows = db.session.execute(select(Registration.kommunenummer, func.count()).where(
            Registration.event_id == event_id, Registration.status == "confirmed")
            .group_by(Registration.kommunenummer)).tuples().all()
        db.engine.dispose()
    return Counter(dict(rows))


def assert_fair(results: list, per_kommune: Counter) -> None:
    assert [status for status, _ in results] == [201] * len(KOMMUNER) * EACH
    assert per_kommune == dict.fromkeys(KOMMUNER, QUOTA), per_kommune
    waiting = [body for _, body in results if body["status"] == "waitlisted"]
    assert len(waiting) == len(KOMMUNER) * (EACH - QUOTA)
    assert all(body["waitlist_reason"] == "kommune_quota" for body in waiting)


def _url(tmp_path: Path, backend_name: str) -> str:
    return (f"sqlite:///{tmp_path / 'live.sqlite3'}" if backend_name == "sqlite"
            else require_postgres())


@pytest.fixture
def instance(tmp_path: Path) -> Path:
    path = tmp_path / "instance"
    path.mkdir()
    return path


@pytest.mark.parametrize("backend_name", ["sqlite", "postgresql"])
def test_rush_from_five_kommuner_gives_at_most_two_each(tmp_path, instance, backend_name):
    url = _url(tmp_path, backend_name)
    event_id = prepare(url, tmp_path)
    with gunicorn(url, instance) as first, gunicorn(url, instance) as second:
        results = rush([first, second], bodies(event_id))
    assert_fair(results, confirmed_per_kommune(url, tmp_path, event_id))


@pytest.mark.parametrize("backend_name", ["sqlite", "postgresql"])
def test_control_counting_in_python_gives_a_kommune_too_many(tmp_path, instance,
                                                            backend_name):
    url = _url(tmp_path, backend_name)
    event_id = prepare(url, tmp_path)
    with gunicorn(url, instance, app="tests.controls:naive_quota_app()") as base:
        results = rush([base], bodies(event_id))
    per_kommune = confirmed_per_kommune(url, tmp_path, event_id)
    assert max(per_kommune.values()) > QUOTA, f"control stayed fair: {per_kommune}"
    with pytest.raises(AssertionError):
        assert_fair(results, per_kommune)
