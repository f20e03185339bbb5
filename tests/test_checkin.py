"""Check-in at the door (issue 5, first part): the API, its answers, and concurrency."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
import requests
from sqlalchemy import func, select

from registration.accounts import operations as auth
from registration.core.extensions import db
from registration.mail import delivery
from registration.models import CheckIn, Event, EventSession, OutboxMessage, Registration, User
from registration.registrations import operations
from tests.conftest import _pg_state, make_app, make_event, person, require_postgres
from tests.live import gunicorn


@pytest.fixture
def door(app):
    """An event with a host, a confirmed, a waiting, a cancelled and a digital participant."""
    with app.app_context():
        host = auth.create_user("vert@usht.no", "vert", "riktig-passord-123")
        other_host = auth.create_user("annen@usht.no", "vert", "riktig-passord-123")
        event = make_event(capacities={"physical": 2, "digital": None}, sessions=2)
        other = make_event(title="Annet arrangement")
        ev = db.session.get(Event, event.id)
        ev.hosts.append(db.session.get(User, host.id))
        other_event = db.session.get(Event, other.id)
        other_event.hosts.append(db.session.get(User, other_host.id))
        db.session.commit()
        regs = {name: operations.register(event.id, person(i, mode=mode)).registration
                for i, (name, mode) in enumerate([("ok", "physical"), ("gone", "physical"),
                                                  ("waiting", "physical"),
                                                  ("online", "digital")])}
        operations.cancel(regs["gone"].token)  # «waiting» moves up; register one more to wait
        regs["waiting"] = operations.register(event.id, person(9, mode="physical")).registration
        foreign = operations.register(other.id, person(0, mode="physical")).registration
        codes = {k: db.session.get(Registration, r.id).ticket_code for k, r in regs.items()}
        codes["foreign"] = foreign.ticket_code
        sessions = [s.id for s in db.session.scalars(select(EventSession).where(
            EventSession.event_id == event.id).order_by(EventSession.starts_at))]
        tokens = {
            "host": auth.create_token(db.session.get(User, host.id), "dør 1", "checkin"),
            "other": auth.create_token(db.session.get(User, other_host.id), "dør 9", "checkin")}
    return {"event": event.id, "codes": codes, "sessions": sessions, "tokens": tokens}


def post(client, token, **body):
    return client.post("/api/v1/checkin", json=body,
                       headers={"Authorization": f"Bearer {token}"} if token else {})


def test_each_scan_gets_its_clear_answer(app, client, door):
    token, s1 = door["tokens"]["host"], door["sessions"][0]
    codes = door["codes"]
    first = post(client, token, code=codes["ok"], session_id=s1).get_json()
    assert first["result"] == "checked_in" and first["name"] == "Kari Nordmann"
    assert first["kommune"] == "Tromsø" and first["counts"] == {"checked_in": 1, "expected": 2}
    again = post(client, token, code=codes["ok"].lower(), session_id=s1).get_json()
    assert again["result"] == "already_checked_in"
    assert again["checked_in_at"] == first["checked_in_at"]
    assert again["checked_in_by"] == "vert@usht.no"
    # the next day is a new session: attendance per day
    assert post(client, token, code=codes["ok"],
                session_id=door["sessions"][1]).get_json()["result"] == "checked_in"
    expected = {"gone": "cancelled", "waiting": "waitlisted", "online": "digital_only",
                "foreign": "not_registered"}
    for key, result in expected.items():
        assert post(client, token, code=codes[key], session_id=s1).get_json()["result"] == result
    for garbage in ("", "   ", "Ø" * 22, "x" * 10_000, "<script>", 42, None, ["A"]):
        response = post(client, token, code=garbage, session_id=s1)
        assert response.status_code == 200, garbage
        assert response.get_json()["result"] == "not_registered"


def test_session_defaults_to_the_running_or_next_one_and_bad_ids(app, client, door):
    token, code = door["tokens"]["host"], door["codes"]["ok"]
    assert post(client, token, code=code).get_json()["session_id"] == door["sessions"][0]
    assert post(client, token, code=code, event_id=door["event"]).get_json()["result"] == \
        "already_checked_in"
    assert post(client, token, code=code, session_id=10**9).status_code == 404
    assert post(client, token, code=code, session_id="1").status_code == 422
    assert post(client, token, code=code, session_id=True).status_code == 422
    assert post(client, token, code=code, nonce="x" * 65).status_code == 422
    bad = client.post("/api/v1/checkin", data="{", content_type="application/json",
                      headers={"Authorization": f"Bearer {token}"})
    assert bad.status_code == 400


def test_replayed_request_with_the_same_nonce_does_no_harm_and_undo(app, client, door):
    token, s1, code = door["tokens"]["host"], door["sessions"][0], door["codes"]["ok"]
    one = post(client, token, code=code, session_id=s1, nonce="dev1-0001").get_json()
    two = post(client, token, code=code, session_id=s1, nonce="dev1-0001").get_json()
    assert one["result"] == two["result"] == "checked_in"
    assert one["check_in_id"] == two["check_in_id"]
    with app.app_context():
        assert db.session.scalar(select(func.count(CheckIn.id))) == 1
    undone = client.delete(f"/api/v1/checkin/{one['check_in_id']}",
                           headers={"Authorization": f"Bearer {token}"})
    assert undone.get_json()["counts"]["checked_in"] == 0
    counts = client.get(f"/api/v1/sessions/{s1}/counts",
                        headers={"Authorization": f"Bearer {token}"}).get_json()
    assert counts == {"session_id": s1, "checked_in": 0, "expected": 2}


def test_only_hosts_and_organisers_of_the_event_may_check_in(app, client, door):
    s1, code = door["sessions"][0], door["codes"]["ok"]
    assert post(client, None, code=code, session_id=s1).status_code == 401
    assert post(client, door["tokens"]["other"], code=code, session_id=s1).status_code == 403
    assert post(client, "pml_forged", code=code, session_id=s1).status_code == 401
    headers = {"Authorization": f"Bearer {door['tokens']['other']}"}
    assert client.get(f"/api/v1/sessions/{s1}/counts", headers=headers).status_code == 403
    assert client.delete("/api/v1/checkin/1", headers=headers).status_code == 404
    with app.app_context():
        assert db.session.scalar(select(func.count(CheckIn.id))) == 0


def _live_door(url: str, tmp_path: Path, tickets: int) -> tuple[int, list[str], str]:
    from flask_migrate import upgrade

    from tests.conftest import reset_postgres_schema

    app = make_app(url, tmp_path)
    with app.app_context():
        if url.startswith("postgresql"):
            reset_postgres_schema(url)
            _pg_state.pop("schema_ready", None)
        upgrade()
        host = auth.create_user("vert@usht.no", "vert", "riktig-passord-123")
        event = make_event(participation="physical", capacities={"physical": None})
        live_event = db.session.get(Event, event.id)
        live_event.hosts.append(db.session.get(User, host.id))
        db.session.commit()
        codes = [operations.register(event.id, person(i, mode="physical",
                                                 email=f"p{i}@kommune.no")).registration
                 .ticket_code for i in range(tickets)]
        token = auth.create_token(db.session.get(User, host.id), "dør", "checkin")
        session_id = db.session.scalar(select(EventSession.id))
        db.engine.dispose()
    return session_id, codes, token


def same_ticket_rush(bases: list[str], headers: dict, code: str, session_id: int,
                     devices: int = 10) -> list[str]:
    """The same ticket from several devices at the same moment (a barrier)."""
    barrier = threading.Barrier(devices)

    def scan(i: int) -> str:
        barrier.wait()
        return requests.post(f"{bases[i % len(bases)]}/api/v1/checkin", headers=headers,
                             timeout=60, json={"code": code, "session_id": session_id}
                             ).json()["result"]

    with ThreadPoolExecutor(devices) as pool:
        return list(pool.map(scan, range(devices)))


@pytest.mark.live
@pytest.mark.parametrize("backend_name", ["sqlite", "postgresql"])
def test_two_devices_one_ticket_and_ten_devices_three_hundred_tickets(tmp_path, backend_name):
    url = (f"sqlite:///{tmp_path / 'door.sqlite3'}" if backend_name == "sqlite"
           else require_postgres())
    session_id, codes, token = _live_door(url, tmp_path, 300)
    instance = tmp_path / "instance"
    instance.mkdir(exist_ok=True)
    headers = {"Authorization": f"Bearer {token}"}
    with gunicorn(url, instance) as first, gunicorn(url, instance) as second:
        bases = [first, second]
        results = same_ticket_rush(bases, headers, codes[0], session_id)
        assert sorted(results) == ["already_checked_in"] * 9 + ["checked_in"]

        def device(n: int) -> list[str]:
            out = []
            with requests.Session() as s:
                for code in codes[1 + n::10]:
                    out.append(s.post(f"{bases[n % 2]}/api/v1/checkin", headers=headers,
                                      json={"code": code, "session_id": session_id},
                                      timeout=60).json()["result"])
            return out

        with ThreadPoolExecutor(10) as pool:
            answers = [r for batch in pool.map(device, range(10)) for r in batch]
        assert answers == ["checked_in"] * 299
    app = make_app(url, tmp_path)
    with app.app_context():
        assert db.session.scalar(select(func.count(CheckIn.id))) == 300
        db.engine.dispose()


def _sign_in(client, email: str) -> None:
    assert client.post("/arrangor/logg-inn", data={
        "email": email, "password": "riktig-passord-123"}).status_code == 303


def test_door_screen_without_javascript_search_and_permissions(app, client, door):
    event_id, codes = door["event"], door["codes"]
    assert client.get(f"/arrangor/innsjekking/{event_id}").status_code == 302  # sign in first
    _sign_in(client, "vert@usht.no")
    landing = client.get("/arrangor/")  # a host sees no lists: sent to the door instead
    assert landing.status_code == 303
    assert landing.headers["Location"].endswith("/arrangor/innsjekking/")
    listing = client.get("/arrangor/innsjekking/").get_data(as_text=True)
    assert f"/arrangor/innsjekking/{event_id}" in listing
    page = client.get(f"/arrangor/innsjekking/{event_id}").get_data(as_text=True)
    assert "Skann eller skriv kode" in page and 'id="count-in">0<' in page
    done = client.post(f"/arrangor/innsjekking/{event_id}",
                       data={"code": codes["ok"], "nonce": "n1"}).get_data(as_text=True)
    assert "Velkommen!" in done and "Kari Nordmann, Tromsø" in done
    assert 'id="count-in">1<' in done
    again = client.post(f"/arrangor/innsjekking/{event_id}",
                        data={"code": codes["ok"]}).get_data(as_text=True)
    assert "Allerede sjekket inn" in again and "vert@usht.no" in again
    wrong = client.post(f"/arrangor/innsjekking/{event_id}",
                        data={"code": "x" * 10_000}).get_data(as_text=True)
    assert "Ikke påmeldt dette arrangementet" in wrong
    # a host's search: names only, only while the session is on (this one is a month
    # ahead), never kommune or e-mail (tests/test_abuse.py has the rest)
    for q in ("tromsø", "kari", "a" * 500):
        assert client.get(f"/arrangor/innsjekking/{event_id}/sok",
                          query_string={"q": q}).get_json()["results"] == []
    with app.app_context():
        other = db.session.scalar(select(Event.id).where(Event.id != event_id))
    assert client.get(f"/arrangor/innsjekking/{other}").status_code == 403
    assert client.get("/arrangor/innsjekking/999999").status_code == 404


def test_ticket_on_the_personal_page_printable_page_and_api(app, client, door):
    with app.app_context():
        token = db.session.scalar(select(Registration.token).where(
            Registration.ticket_code == door["codes"]["ok"]))
        waiting = db.session.scalar(select(Registration.token).where(
            Registration.ticket_code == door["codes"]["waiting"]))
    page = client.get(f"/pamelding/{token}").get_data(as_text=True)
    assert "<svg" in page and door["codes"]["ok"] in page
    ticket = client.get(f"/pamelding/{token}/billett").get_data(as_text=True)
    assert "<svg" in ticket and "Kari Nordmann" in ticket
    assert client.get(f"/pamelding/{waiting}/billett").status_code == 404
    data = client.get(f"/api/v1/registrations/{token}").get_json()
    assert data["ticket_code"] == door["codes"]["ok"]
    assert "ticket_code" not in client.get(f"/api/v1/registrations/{waiting}").get_json()
    png = client.get(f"/api/v1/registrations/{token}/qr.png")
    assert png.status_code == 200 and png.data.startswith(b"\x89PNG")
    assert client.get(f"/api/v1/registrations/{waiting}/qr.png").status_code == 404


def test_attendance_shows_in_the_list_the_rate_and_the_exports(app, client, door):
    import io

    from openpyxl import load_workbook

    s1, s2 = door["sessions"]
    post(client, door["tokens"]["host"], code=door["codes"]["ok"], session_id=s1)
    with app.app_context():
        owner = auth.create_user("eier@usht.no", "arrangor", "riktig-passord-123")
        db.session.get(Event, door["event"]).owner_id = owner.id
        db.session.commit()
        ok_id = db.session.scalar(select(Registration.id).where(
            Registration.ticket_code == door["codes"]["ok"]))
        waiting_id = db.session.scalar(select(Registration.id).where(
            Registration.ticket_code == door["codes"]["waiting"]))
    _sign_in(client, "eier@usht.no")
    base = f"/arrangor/arrangement/{door['event']}"
    page = client.get(base).get_data(as_text=True)
    assert "Oppmøte" in page and "1/2" in page  # Kari: one of two days
    assert "1 / 3 (33 %)" in page  # day 1: one of three confirmed (one promoted, one online)
    client.post(f"{base}/deltaker/{ok_id}/oppmote", data={"session_id": s2, "present": "1"})
    refused = client.post(f"{base}/deltaker/{waiting_id}/oppmote",
                          data={"session_id": s2, "present": "1"}, follow_redirects=True)
    assert "Bare bekreftede deltakere" in refused.get_data(as_text=True)
    assert client.post(f"{base}/deltaker/{ok_id}/oppmote",
                       data={"session_id": "x", "present": "1"}).status_code == 400
    sheet = load_workbook(io.BytesIO(client.get(f"{base}/eksport.xlsx").data)).active
    header = [c.value for c in sheet[1]]
    assert header[-2].startswith("Oppmøte") and header[-1].startswith("Oppmøte")
    row = next(r for r in sheet.iter_rows(min_row=2, values_only=True)
               if r[0] == "Kari Nordmann")
    assert row[-2:] == ("ja", "ja")
    one = load_workbook(io.BytesIO(client.get(f"{base}/eksport.xlsx?session={s1}").data)).active
    assert len([c for c in one[1] if str(c.value).startswith("Oppmøte")]) == 1
    with app.app_context():
        assert db.session.scalar(select(func.count(CheckIn.id))) == 2


def test_walk_in_is_registered_and_checked_in_when_a_seat_is_free(app, client, door):
    _sign_in(client, "vert@usht.no")
    url = f"/arrangor/innsjekking/{door['event']}/pa-stedet"
    assert "ingen ledige plasser" in client.get(url).get_data(as_text=True)  # 2 of 2 taken
    with app.app_context():
        from registration.registrations.seats import set_capacity
        set_capacity(door["event"], "physical", 3)  # the waiting person moves up; 3 of 3
        set_capacity(door["event"], "physical", 4)
    data = {"name": "Per Walkin Olsen", "email": "per@bardu.kommune.no", "mobile": "41234567",
            "kommune": "5520", "workplace": "Bardu sykehjem", "role": "helsefagarbeider",
            "mode": "physical", "privacy": "y"}
    bad = client.post(url, data={**data, "kommune": "9999"})
    assert bad.status_code == 422 and 'value="Per Walkin Olsen"' in bad.get_data(as_text=True)
    done = client.post(url, data=data, follow_redirects=True).get_data(as_text=True)
    assert "Per Walkin Olsen er registrert og sjekket inn" in done
    with app.app_context():
        reg = db.session.scalar(select(Registration).where(
            Registration.email_normalized == "per@bardu.kommune.no"))
        assert reg.status == "confirmed"
        assert db.session.scalar(select(CheckIn.method).where(
            CheckIn.registration_id == reg.id)) == "walkin"


def test_look_up_a_code_without_checking_in(app, client, door):
    token, s1, codes = door["tokens"]["host"], door["sessions"][0], door["codes"]
    headers = {"Authorization": f"Bearer {token}"}

    def look(code, session=s1):
        return client.get("/api/v1/checkin/lookup", query_string={
            "code": code, "session_id": session}, headers=headers)

    assert look(codes["ok"]).get_json()["result"] == "not_checked_in"
    post(client, token, code=codes["ok"], session_id=s1)
    assert look(codes["ok"]).get_json()["result"] == "already_checked_in"
    assert look(codes["foreign"]).get_json()["result"] == "not_registered"
    assert look("x" * 10_000).get_json()["result"] == "not_registered"
    assert look(codes["ok"], session="abc").status_code == 422
    assert look(codes["ok"], session=999999).status_code == 404
    assert client.get("/api/v1/checkin/lookup", query_string={
        "code": codes["ok"], "session_id": s1}).status_code == 401
    other = {"Authorization": f"Bearer {door['tokens']['other']}"}
    assert client.get("/api/v1/checkin/lookup", query_string={
        "code": codes["ok"], "session_id": s1}, headers=other).status_code == 403
    with app.app_context():
        assert db.session.scalar(select(func.count(CheckIn.id))) == 1


@pytest.mark.live
def test_control_without_the_unique_constraint_the_same_ticket_is_checked_in_twice(tmp_path):
    """The test above would catch the race: drop the database guard and it happens."""
    import psycopg

    url = require_postgres()
    session_id, codes, token = _live_door(url, tmp_path, 1)
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("ALTER TABLE check_in DROP CONSTRAINT uq_check_in_registration_id")
    instance = tmp_path / "instance"
    instance.mkdir(exist_ok=True)
    headers = {"Authorization": f"Bearer {token}"}
    with gunicorn(url, instance) as first, gunicorn(url, instance) as second:
        results = same_ticket_rush([first, second], headers, codes[0], session_id)
    assert results.count("checked_in") > 1, results
    from tests.conftest import reset_postgres_schema
    reset_postgres_schema(url)
    _pg_state.pop("schema_ready", None)


def test_one_ticket_rule_a_confirmed_digital_participant_has_no_ticket_anywhere(
        app, client, door):
    """has_ticket: the API, the personal page, the printable ticket, the door and the
    confirmation e-mail all agree that a digital participant attends by link, not ticket."""
    with app.app_context():
        online = db.session.scalar(select(Registration).where(
            Registration.ticket_code == door["codes"]["online"]))
        token, code = online.token, online.ticket_code
        confirmation = db.session.scalar(select(OutboxMessage).where(
            OutboxMessage.registration_id == online.id))
        assert online.status == "confirmed" and online.mode == "digital"
        delivery.build(confirmation)
        assert confirmation.qr_png is None and code not in (confirmation.text_body or "")
    data = client.get(f"/api/v1/registrations/{token}").get_json()
    assert data["status"] == "confirmed" and "ticket_code" not in data
    assert client.get(f"/api/v1/registrations/{token}/qr.png").status_code == 404
    assert client.get(f"/pamelding/{token}/billett").status_code == 404
    assert "<svg" not in client.get(f"/pamelding/{token}").get_data(as_text=True)
    answer = post(client, door["tokens"]["host"], code=code,
                  session_id=door["sessions"][0]).get_json()
    assert answer["result"] == "digital_only"


def test_walk_in_that_loses_the_last_seat_saves_nothing_and_sends_nothing(
        app, client, door, monkeypatch):
    """The race at the door: the form sees a free seat, and someone else takes it before the
    walk-in is registered. Nothing may be left behind: no waiting-list e-mail, no
    registration (cancelled or not), and the host is told it just became full."""
    _sign_in(client, "vert@usht.no")
    with app.app_context():
        from registration.registrations.seats import set_capacity
        set_capacity(door["event"], "physical", 3)  # the waiting person moves up: 3 of 3
        set_capacity(door["event"], "physical", 4)  # one seat free
    from registration.registrations.forms import RegistrationForm
    real_validate = RegistrationForm.validate

    def validate_while_someone_else_takes_the_seat(form, *args, **kwargs):  # noqa: ANN001
        operations.register(door["event"], person(20, mode="physical"))
        return real_validate(form, *args, **kwargs)

    monkeypatch.setattr(RegistrationForm, "validate",
                        validate_while_someone_else_takes_the_seat)
    url = f"/arrangor/innsjekking/{door['event']}/pa-stedet"
    email = "per.walkin@bardu.kommune.no"
    page = client.post(url, data={
        "name": "Per Walkin Olsen", "email": email, "mobile": "41234567", "kommune": "5520",
        "workplace": "Bardu sykehjem", "role": "helsefagarbeider", "mode": "physical",
        "privacy": "y"}, follow_redirects=True).get_data(as_text=True)
    assert "Det ble fullt akkurat nå" in page
    with app.app_context():
        assert db.session.scalar(select(func.count(Registration.id)).where(
            Registration.email_normalized == email)) == 0
        assert db.session.scalar(select(func.count(OutboxMessage.id)).where(
            OutboxMessage.to_address == email)) == 0
        assert db.session.scalar(select(func.count(CheckIn.id)).where(
            CheckIn.method == "walkin")) == 0
