"""Course tracks against real parts: the kursbevis e-mail through a real SMTP server, and the
prerequisite check and the seat decided in one transaction, with a withdrawal of the
completion racing the registration (and a control without the row lock, which the test
catches)."""

from __future__ import annotations

import threading
import time
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from registration.core.db import write_transaction
from registration.core.extensions import db
from registration.courses import operations as courses
from registration.courses import prerequisites
from registration.courses.models import CompletionMethod, CourseCompletion
from registration.mail import delivery
from registration.models import Event, Registration, SeatPool, utcnow
from registration.registrations import operations
from registration.registrations.rules import person_key
from tests.conftest import (
    Clock,
    api_body,
    empty_database,
    make_app,
    make_event,
    migrated_app,
    person,
    require_postgres,
)
from tests.live import activity_now, gunicorn
from tests.test_concurrency import db_counts, rush
from tests.test_courses import attend, put_on_track
from tests.test_mail import Inbox, parts, smtp  # noqa: F401  (smtp is a fixture)


def test_completion_mail_arrives_with_the_certificate_links(database_url, tmp_path,
                                                             smtp):  # noqa: F811
    inbox, port = smtp
    app = make_app(database_url, tmp_path, MAIL_SERVER="127.0.0.1", MAIL_PORT=port,
                   MAIL_USE_TLS=False, PUBLIC_URL="https://pamelding.example.no")
    empty_database(app)
    clock = Clock()
    app.config["CLOCK"] = clock
    with app.app_context():
        t1 = make_event(title="KlinObs Trinn 1 høst", participation="physical", sessions=2,
                        starts_in=timedelta(days=2), capacities={"physical": 12})
        put_on_track(t1.id, 1, requires=False)
        both = operations.register(t1.id, person(0)).registration.id
        one = operations.register(t1.id, person(1)).registration.id
        attend(both, t1.id, [0, 1])
        attend(one, t1.id, [1])
        while delivery.deliver_due(limit=10):
            pass
        inbox.wait_for(2)
        inbox.messages.clear()
        clock.advance(days=12)
        from registration.worker import one_round
        one_round()
        code = courses.completion_of(both).certificate_code
        assert courses.completion_of(one) is None
    [message] = inbox.wait_for(1)
    assert message["Subject"] == "Kursbevis: KlinObs Trinn 1 høst"
    assert "kari.0@tromso.kommune.no" in message["To"]
    body = parts(message)["text/plain"][0].get_content()
    assert f"https://pamelding.example.no/kursbevis/{code}.pdf" in body
    assert f"https://pamelding.example.no/kursbevis/{code}" in body
    assert "KlinObs Trinn 1: Grunnleggende ferdigheter" in body
    html = parts(message)["text/html"][0].get_content()
    assert f'href="https://pamelding.example.no/kursbevis/{code}.pdf"' in html
    client = app.test_client()
    assert client.get(f"/kursbevis/{code}.pdf").status_code == 200


def wait_for(predicate, seconds: float = 20) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.05)
    return False


@pytest.fixture
def race(app, clock):
    """Trinn 1 completed by Kari (Trinn 1 has ended); Trinn 2 requires it."""
    with app.app_context():
        t1 = make_event(title="Trinn 1", participation="physical", sessions=1,
                        starts_in=timedelta(days=1), capacities={"physical": 12})
        put_on_track(t1.id, 1, requires=False)
        reg = operations.register(t1.id, person(0)).registration.id
        attend(reg, t1.id, [0])
        t2 = make_event(title="Trinn 2", participation="physical", sessions=1,
                        starts_in=timedelta(days=60), capacities={"physical": 5})
        put_on_track(t2.id, 2)
    clock.advance(days=3)
    with app.app_context():
        courses.complete_from_attendance(t1.id, utcnow())
        completion_id = courses.completion_of(reg).id
    return {"t1": t1.id, "t2": t2.id, "completion": completion_id}


def _race(app, race) -> dict:
    """An organiser's withdrawal of Kari's Trinn 1 is written but not committed; Kari
    registers for Trinn 2 meanwhile; then the withdrawal commits."""
    written, release = threading.Event(), threading.Event()
    result: dict = {}

    def withdrawal() -> None:
        with app.app_context():
            with write_transaction():
                ev = db.session.get(Event, race["t1"])
                courses.withdraw(ev, race["completion"], "feil person", None, utcnow())
                written.set()
                release.wait(60)
            db.session.remove()

    def registration() -> None:
        with app.app_context():
            try:
                result["status"] = operations.register(race["t2"], person(0)).status
            except prerequisites.PrerequisiteMissing as refused:
                result["status"] = refused.code
            finally:
                result["finished_while_held"] = not release.is_set()
                db.session.remove()

    w = threading.Thread(target=withdrawal)
    w.start()
    assert written.wait(30)
    r = threading.Thread(target=registration)
    r.start()
    with app.app_context():
        if db.engine.dialect.name == "postgresql":
            # The registration waits on the completion row the withdrawal holds (or is done)
            wait_for(lambda: not r.is_alive() or activity_now(
                db.session, "SELECT count(*) FROM pg_stat_activity WHERE "
                "wait_event_type = 'Lock' AND datname = current_database()") > 0)
            db.session.rollback()
        else:
            r.join(1.0)  # SQLite: the writers queue; give it the chance to (wrongly) finish
    release.set()
    w.join(60)
    r.join(60)
    with app.app_context():
        result["confirmed"] = db.session.scalar(select(SeatPool.confirmed_count).where(
            SeatPool.event_id == race["t2"]))
        result["rows"] = db.session.scalar(select(func.count(Registration.id)).where(
            Registration.event_id == race["t2"]))
    return result


def test_prerequisite_and_seat_are_decided_in_one_transaction(app, race):
    """The registration cannot be decided on a completion that is being withdrawn: it waits
    for the withdrawal and is then refused, and no seat was taken."""
    result = _race(app, race)
    assert result == {"status": "prerequisite_missing", "finished_while_held": False,
                      "confirmed": 0, "rows": 0}


def test_control_without_the_row_lock_registers_on_a_withdrawn_completion(
        app, race, monkeypatch, backend):
    """The control: the same check without the lock (a plain read). On PostgreSQL the
    registration reads the completion as still valid, is confirmed while the withdrawal is
    in flight, and keeps a seat on the strength of a withdrawn Trinn 1: the race the lock
    prevents. (On SQLite the writers queue anyway, so the rule holds without it.)"""
    if backend != "postgresql":
        pytest.skip("SQLite serialises every writer (BEGIN IMMEDIATE): no race to show")
    real = prerequisites.completion_for
    monkeypatch.setattr(prerequisites, "completion_for",
                        lambda level, email, lock=False: real(level, email, lock=False))
    result = _race(app, race)
    assert result == {"status": "confirmed", "finished_while_held": True, "confirmed": 1,
                      "rows": 1}


# --- a rush on Trinn 2: live servers, real concurrent requests ---------------------------

HOLDERS = STRANGERS = 20
T2_SEATS = 5


def _prepare_rush(database_url: str, tmp_path) -> int:
    """Migrated schema; Trinn 2 (5 seats, waiting list) requiring Trinn 1; Trinn 1 completed
    by HOLDERS addresses."""
    app = migrated_app(database_url, tmp_path)
    with app.app_context():
        t2 = make_event(title="KlinObs Trinn 2", participation="physical",
                        capacities={"physical": T2_SEATS}, starts_in=timedelta(days=30))
        put_on_track(t2.id, 2)
        trinn1 = courses.ensure_klinobs().levels[0].id
        for i in range(HOLDERS):
            email = f"instruktor{i}@kommune.no"
            db.session.add(CourseCompletion(
                level_id=trinn1, name="Kari Nordmann", email_normalized=email,
                person_key=person_key(email), kommunenummer="5501", completed_on=utcnow(),
                method=CompletionMethod.MANUAL, reason="tidligere kurs",
                certificate_code=courses.new_certificate_code()))
        db.session.commit()
        db.engine.dispose()
    return t2.id


@pytest.mark.live
@pytest.mark.parametrize("backend_name", ["sqlite", "postgresql"])
def test_rush_on_trinn2_seats_only_those_with_trinn1_and_never_overbooks(tmp_path,
                                                                       backend_name):
    url = (f"sqlite:///{tmp_path / 'rush.sqlite3'}" if backend_name == "sqlite"
           else require_postgres())
    event_id = _prepare_rush(url, tmp_path)
    instance = tmp_path / "instance"
    instance.mkdir(exist_ok=True)
    path = f"/api/v1/events/{event_id}/registrations"
    bodies = [("POST", path, api_body(email=(f"instruktor{i // 2}@kommune.no" if i % 2 == 0
                                             else f"fremmed{i // 2}@kommune.no"),
                                      name="Kari Nordmann", mode=None))
              for i in range(HOLDERS + STRANGERS)]
    with gunicorn(url, instance, workers=2, threads=8) as base:
        results = rush([base], bodies)
    by_holder = {True: [], False: []}
    for (status, body), (_, _, sent) in zip(results, bodies, strict=True):
        by_holder[sent["email"].startswith("instruktor")].append((status, body))
    assert {(s, b["error"]) for s, b in by_holder[False]} == {(422, "prerequisite_missing")}
    assert all(b["requires"] == {"track": "klinobs", "level": 1} for _, b in by_holder[False])
    assert [s for s, _ in by_holder[True]] == [201] * HOLDERS
    assert sorted(b["status"] for _, b in by_holder[True]).count("confirmed") == T2_SEATS
    counts = db_counts(url, tmp_path, event_id)
    assert counts["pools"] == {"physical": T2_SEATS}
    assert counts["by_status"] == {("physical", "confirmed"): T2_SEATS,
                                   ("physical", "waitlisted"): HOLDERS - T2_SEATS}
    assert counts["emails"] == HOLDERS  # no stranger has a row
