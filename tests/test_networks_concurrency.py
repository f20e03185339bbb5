"""Real concurrent requests against live servers (SQLite with two workers; PostgreSQL with
two app processes): «meld meg på alle» keeps each gathering's capacity exact, and an
invitation link clicked many times at once registers once.

«Meld meg på alle» takes each seat through the ordinary register() and seats.take_seat; the
control that shows such a rush would catch a Python-side seat check is
tests/test_concurrency.py::test_control_without_the_database_guard_overbooks."""

from __future__ import annotations

import re
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from pathlib import Path

import pytest
import requests
from sqlalchemy import func, select

from registration.accounts import operations as auth
from registration.core.extensions import db
from registration.models import Event, Invitation, Registration, SeatPool
from registration.networks import invitations
from registration.networks import operations as networks
from tests.conftest import form_data, make_app, make_event, migrated_app, require_postgres
from tests.live import gunicorn

pytestmark = pytest.mark.live

MEMBERS = 30
SEATS = 5


def prepare(url: str, tmp_path: Path) -> dict[str, object]:
    """A network of MEMBERS, two members-only gatherings (5 seats without a waiting list,
    5 with one), and an invitation-only meeting with one invitation."""
    app = migrated_app(url, tmp_path)
    with app.app_context():
        owner = auth.create_user("a@usht.no", "arrangor", "riktig-passord-123", "A")
        network = networks.save_network(None, networks.NetworkFields(
            "Mellomledernettverket", "", "Åse", "ase@example.no"), owner)
        networks.import_members(network, [networks.MemberFields(
            "Kari Nordmann", f"medlem{i}@example.no", "5501", "X", "leder")
            for i in range(MEMBERS)], owner)
        strict = make_event(title="Samling 1", participation="physical",
                            capacities={"physical": SEATS}, has_waitlist=False)
        waiting = make_event(title="Samling 2", participation="physical",
                             capacities={"physical": SEATS}, starts_in=timedelta(days=60))
        meeting = make_event(title="Samarbeidsmøte", participation="physical")
        for ref in (strict, waiting):
            networks.set_audience(db.session.get(Event, ref.id), "members", network.id, owner)
        networks.set_audience(db.session.get(Event, meeting.id), "invited", None, owner)
        invitations.invite(db.session.get(Event, meeting.id),
                           [invitations.Invitee("invitert@example.no", "Kari Nordmann")], owner)
        ids = {"network": network.id, "strict": strict.id, "waiting": waiting.id,
               "meeting": meeting.id, "token": db.session.scalar(select(Invitation.token))}
        db.engine.dispose()
    return ids


def rush(count: int, send: Callable[[int, requests.Session], int]) -> list[int]:
    """Each client fetches its form (cookie and CSRF token) first, then all post at once."""
    barrier = threading.Barrier(count)

    def one(i: int) -> int:
        with requests.Session() as session:
            return send(i, session_ready(session, barrier))

    def session_ready(session: requests.Session, wait: threading.Barrier) -> requests.Session:
        session.wait = wait  # type: ignore[attr-defined]
        return session

    with ThreadPoolExecutor(max_workers=count) as pool:
        return list(pool.map(one, range(count)))


def post_form(session: requests.Session, url: str, data: dict[str, str]) -> int:
    page = session.get(url, timeout=120).text
    token = re.search(r'id="csrf_token" name="csrf_token" type="hidden" value="([^"]+)"', page)
    assert token, page[:500]
    session.wait.wait()  # type: ignore[attr-defined]
    return session.post(url, data={**data, "csrf_token": token.group(1)}, timeout=120,
                        allow_redirects=False).status_code


def counts(url: str, tmp_path: Path, ids: dict[str, object]) -> dict[str, object]:
    app = make_app(url, tmp_path)
    with app.app_context():
        by_event = dict(db.session.execute(
            select(Registration.event_id, func.count()).where(
                Registration.status == "confirmed").group_by(Registration.event_id)).all())
        waiting = db.session.scalar(select(func.count()).select_from(Registration).where(
            Registration.status == "waitlisted"))
        pools = {p.event_id: p.confirmed_count for p in db.session.scalars(select(SeatPool))}
        db.engine.dispose()
    return {"confirmed": by_event, "waiting": waiting, "pools": pools}


def check(bases: list[str], url: str, tmp_path: Path, ids: dict[str, object]) -> None:
    def register_all(i: int, session: requests.Session) -> int:
        return post_form(session, f"{bases[i % len(bases)]}/nettverk/{ids['network']}/pamelding",
                         form_data(email=f"medlem{i}@example.no", mode=None))

    statuses = rush(MEMBERS, register_all)
    assert statuses == [200] * MEMBERS, statuses

    def accept(i: int, session: requests.Session) -> int:
        return post_form(session, f"{bases[i % len(bases)]}/invitasjon/{ids['token']}",
                         form_data(email="invitert@example.no", mode=None))

    clicks = rush(8, accept)
    assert sorted(clicks) == [303] + [409] * 7, clicks
    found = counts(url, tmp_path, ids)
    assert found["confirmed"] == {ids["strict"]: SEATS, ids["waiting"]: SEATS,
                                  ids["meeting"]: 1}
    assert found["waiting"] == MEMBERS - SEATS
    assert found["pools"][ids["strict"]] == SEATS and found["pools"][ids["waiting"]] == SEATS


def test_register_all_and_invitation_rush_on_sqlite(tmp_path):
    url = f"sqlite:///{tmp_path / 'live.sqlite3'}"
    ids = prepare(url, tmp_path)
    instance = tmp_path / "instance"
    instance.mkdir(exist_ok=True)
    with gunicorn(url, instance) as base:
        check([base], url, tmp_path, ids)


def test_register_all_and_invitation_rush_on_postgresql(tmp_path):
    url = require_postgres()
    ids = prepare(url, tmp_path)
    instance = tmp_path / "instance"
    instance.mkdir(exist_ok=True)
    with gunicorn(url, instance) as first, gunicorn(url, instance) as second:
        check([first, second], url, tmp_path, ids)
