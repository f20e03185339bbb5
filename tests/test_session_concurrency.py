"""Per-session seats under a rush: 30 people choosing both of two sessions with 10 seats
each, real concurrent requests against live gunicorn servers on SQLite and PostgreSQL, and a
control (tests/controls.py) that decides the session seats in Python and must be caught."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select

from registration.core.extensions import db
from registration.models import Event, RegistrationSession, SessionSeatPool
from registration.registrations import session_seats
from tests.conftest import api_body, make_app, make_event, migrated_app, require_postgres
from tests.live import gunicorn
from tests.test_concurrency import rush

pytestmark = pytest.mark.live

CLIENTS = 30
SEATS = 10


def prepare(database_url: str, tmp_path: Path) -> tuple[int, list[int]]:
    app = migrated_app(database_url, tmp_path)
    with app.app_context():
        ref = make_event(participation="digital", capacities={"digital": SEATS}, sessions=3)
        event = db.session.get(Event, ref.id)
        session_seats.let_choose_sessions(event)
        db.session.commit()
        ids = [s.id for s in event.sessions]
        db.engine.dispose()
    return ref.id, ids


def bodies(event_id: int, ids: list[int]) -> list[tuple[str, str, dict]]:
    """Everyone wants parts 1 and 3; part 2 is left alone (it must stay empty)."""
    path = f"/api/v1/events/{event_id}/registrations"
    return [("POST", path, api_body(email=f"deltaker{i}@kommune.no", name="Kari Nordmann",
                                    session_ids=[ids[0], ids[2]]))
            for i in range(CLIENTS)]


def stored(database_url: str, tmp_path: Path) -> dict:
    app = make_app(database_url, tmp_path)
    with app.app_context():
        rows = db.session.execute(
            select(RegistrationSession.session_id, RegistrationSession.status, func.count())
            .group_by(RegistrationSession.session_id, RegistrationSession.status)).all()
        pools = {p.session_id: p.confirmed_count for p in db.session.scalars(
            select(SessionSeatPool))}
        db.engine.dispose()
    counts: dict[int, dict[str, int]] = {}
    for session_id, status, count in rows:
        counts.setdefault(session_id, {})[status] = count
    return {"sessions": counts, "pools": pools}


def assert_ten_per_session(results: list, found: dict, ids: list[int]) -> None:
    assert [status for status, _ in results] == [201] * CLIENTS, "a request was lost"
    for session_id in (ids[0], ids[2]):
        assert found["sessions"][session_id] == {"confirmed": SEATS,
                                                 "waitlisted": CLIENTS - SEATS}
        assert found["pools"][session_id] == SEATS
        places = sorted(row["waitlist_position"] for _, body in results
                        for row in body["sessions"]
                        if row["id"] == session_id and row["status"] == "waitlisted")
        assert places == list(range(1, CLIENTS - SEATS + 1))
    assert ids[1] not in found["sessions"] and found["pools"][ids[1]] == 0


def _url(tmp_path: Path, backend_name: str) -> str:
    return (f"sqlite:///{tmp_path / 'live.sqlite3'}" if backend_name == "sqlite"
            else require_postgres())


@pytest.fixture
def instance(tmp_path: Path) -> Path:
    path = tmp_path / "instance"
    path.mkdir()
    return path


@pytest.mark.parametrize("backend_name", ["sqlite", "postgresql"])
def test_rush_gives_exactly_ten_per_session(tmp_path, instance, backend_name):
    url = _url(tmp_path, backend_name)
    event_id, ids = prepare(url, tmp_path)
    with gunicorn(url, instance) as first, gunicorn(url, instance) as second:
        results = rush([first, second], bodies(event_id, ids))
    assert_ten_per_session(results, stored(url, tmp_path), ids)


@pytest.mark.parametrize("backend_name", ["sqlite", "postgresql"])
def test_control_deciding_in_python_overbooks_sessions(tmp_path, instance, backend_name):
    """The same rush with the session seats counted in Python: the assertions must fail."""
    url = _url(tmp_path, backend_name)
    event_id, ids = prepare(url, tmp_path)
    with gunicorn(url, instance, app="tests.controls:naive_session_app()") as base:
        results = rush([base], bodies(event_id, ids))
    found = stored(url, tmp_path)
    confirmed = found["sessions"].get(ids[0], {}).get("confirmed", 0)
    assert confirmed > SEATS, f"no overbooking: {found}"
    with pytest.raises(AssertionError):
        assert_ten_per_session(results, found, ids)


QUOTA = 4


def quota_rush(url: str, tmp_path: Path, instance: Path, app: str | None = None
               ) -> tuple[list, int, dict, list[int]]:
    """Tromsø (5501) holds its share of 4 in part 1 and waits for part 3; its 4 cancel
    while 26 others register for parts 1 and 3, all at once on two servers."""
    from registration.registrations import operations
    from tests.test_session_choice import Participant

    event_id, ids = prepare(url, tmp_path)
    setup = make_app(url, tmp_path)
    with setup.app_context():
        db.session.get(Event, event_id).kommune_quota = QUOTA
        db.session.commit()
        leaving = [operations.register(event_id, Participant(i, [ids[0], ids[2]])).token
                   for i in range(QUOTA)]
        db.engine.dispose()
    path = f"/api/v1/events/{event_id}/registrations"
    arriving = [("POST", path, api_body(
        email=f"ny{i}@kommune.no", name="Kari Nordmann", session_ids=[ids[0], ids[2]],
        kommune="5501" if i % 2 else "1804")) for i in range(CLIENTS - QUOTA)]
    cancelling = [("DELETE", f"/api/v1/registrations/{token}", None) for token in leaving]
    options = {"app": app} if app else {}
    with gunicorn(url, instance, **options) as first, \
            gunicorn(url, instance, **options) as second:
        results = rush([first, second], cancelling + arriving)
    check = make_app(url, tmp_path)
    with check.app_context():
        from registration.models import Registration
        tromso = db.session.scalar(select(func.count(Registration.id)).where(
            Registration.event_id == event_id, Registration.kommunenummer == "5501",
            Registration.status == "confirmed")) or 0
        pools = {p.session_id: p.confirmed_count for p in db.session.scalars(
            select(SessionSeatPool))}
        db.engine.dispose()
    return results, tromso, pools, ids


def assert_nothing_lost(results: list, tromso: int, pools: dict, ids: list[int]) -> None:
    assert [status for status, _ in results[:QUOTA]] == [200] * QUOTA, results[:QUOTA]
    assert [status for status, _ in results[QUOTA:]] == [201] * (CLIENTS - QUOTA), \
        "a registration was lost"
    assert tromso <= QUOTA
    assert pools[ids[0]] <= SEATS and pools[ids[2]] <= SEATS


@pytest.mark.parametrize("backend_name", ["sqlite", "postgresql"])
def test_cancellations_and_registrations_at_once_under_a_kommune_quota(tmp_path, instance,
                                                                       backend_name):
    """With a kommune quota, a registration counts the share before it takes session seats,
    and a cancellation passes seats on (counting the share) after freeing its own: both
    lock the event first, so a rush of both at once loses no request and no kommune passes
    its share."""
    assert_nothing_lost(*quota_rush(_url(tmp_path, backend_name), tmp_path, instance))


def test_control_cancelling_with_the_event_locked_late_deadlocks(tmp_path, instance):
    """The same rush with the cancellation taking the event's lock after its session seats
    (tests/controls.py): on PostgreSQL the two orders meet in a deadlock, one request
    fails, and the assertions catch it. (SQLite runs one writer at a time: no control.)"""
    found = quota_rush(require_postgres(), tmp_path, instance,
                       app="tests.controls:cancel_locks_late_app()")
    with pytest.raises(AssertionError):
        assert_nothing_lost(*found)
