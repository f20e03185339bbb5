"""Issue 17 (6): codes a person can type, the next step with each answer, search status, and
the host's landing page."""

from __future__ import annotations

from sqlalchemy import func, select

from registration.accounts import operations as auth
from registration.checkin import tickets
from registration.checkin.operations import code_candidates, normalize_code
from registration.core.extensions import db
from registration.models import CheckIn, Event, OutboxMessage, Registration, User
from registration.registrations import operations
from tests.conftest import make_event, person
from tests.test_checkin import door, post  # noqa: F401  (the fixture)

PASSWORD = "riktig-passord-123"


def sign_in(client, email: str) -> None:
    assert client.post("/arrangor/logg-inn", data={
        "email": email, "password": PASSWORD}).status_code == 303


def test_new_codes_have_no_look_alikes():
    codes = [tickets.new_ticket_code() for _ in range(300)]
    assert all(len(c) == 22 and normalize_code(c) == c for c in codes)
    used = set("".join(codes))
    assert not used & set("ILOU"), used & set("ILOU")
    assert used <= set("0123456789ABCDEFGHJKMNPQRSTVWXYZ")


def test_typed_codes_are_read_the_crockford_way():
    assert code_candidates("ab0-1c d") == []  # too short: not a ticket
    code = "0123456789ABCDEFGHJK01"
    typed = "oI23 4567-89ab cdef ghjk oL"
    assert code_candidates(typed)[-1] == code
    assert code_candidates(code) == [code]


def test_a_mistyped_new_code_and_an_old_code_still_check_in(app, client, door):  # noqa: F811
    token, s1 = door["tokens"]["host"], door["sessions"][0]
    with app.app_context():
        ok = db.session.scalar(select(Registration).where(
            Registration.ticket_code == door["codes"]["ok"]))
        ok.ticket_code = "7Q0M1X4T1B8N5R3V6C0D2K"
        waiting = db.session.scalar(select(Registration).where(
            Registration.ticket_code == door["codes"]["waiting"]))
        # An old-style code (A–Z0–9) holding the letters O, I and L itself.
        waiting.ticket_code = "OLDCODEWITHIL0ANDOTHER"
        db.session.commit()
    typed = "7q-OM-IX 4T lB 8N5R3V6COD2K"  # O for 0, I and l for 1, dashes, spaces, lower case
    answer = post(client, token, code=typed, session_id=s1).get_json()
    assert answer["result"] == "checked_in" and answer["name"] == "Kari Nordmann"
    old = post(client, token, code="oldcodewithil0andother", session_id=s1).get_json()
    assert old["result"] == "waitlisted"
    assert old["next_step"] == {"action": "waitlist", "position": 1}


def _event_with_room(app):
    with app.app_context():
        host = auth.create_user("vert@usht.no", "vert", PASSWORD)
        ref = make_event(capacities={"physical": 2, "digital": None})
        event = db.session.get(Event, ref.id)
        event.hosts.append(db.session.get(User, host.id))
        db.session.commit()
        online = operations.register(ref.id, person(1, mode="digital")).registration
        gone = operations.register(ref.id, person(2, mode="physical")).registration
        operations.cancel(gone.token)
        return ref.id, event.sessions[0].id, online.id, gone.id


def test_digital_registrant_is_switched_to_the_room_and_checked_in(app, client):
    event_id, session_id, online_id, _gone = _event_with_room(app)
    sign_in(client, "vert@usht.no")
    with app.app_context():
        code = db.session.get(Registration, online_id).ticket_code
    page = client.post(f"/arrangor/innsjekking/{event_id}?session={session_id}",
                       data={"code": code}).get_data(as_text=True)
    assert "Påmeldt digitalt" in page and "Bytt til fysisk og sjekk inn" in page
    done = client.post(f"/arrangor/innsjekking/{event_id}/neste-steg?session={session_id}",
                       data={"registration_id": online_id, "action": "switch_to_physical"})
    assert done.status_code == 200 and "Velkommen!" in done.get_data(as_text=True)
    with app.app_context():
        registration = db.session.get(Registration, online_id)
        assert registration.mode == "physical" and registration.status == "confirmed"
        assert db.session.scalar(select(func.count(CheckIn.id)).where(
            CheckIn.registration_id == online_id)) == 1
        pool = db.session.get(Event, event_id).pool("physical")
        assert pool.confirmed_count == 1
    # Pressed twice (a double tap): nothing more happens.
    again = client.post(f"/arrangor/innsjekking/{event_id}/neste-steg?session={session_id}",
                        data={"registration_id": online_id, "action": "switch_to_physical"})
    assert again.status_code == 409


def test_no_switch_offered_when_the_room_is_full(app, client, door):  # noqa: F811
    answer = post(client, door["tokens"]["host"], code=door["codes"]["online"],
                  session_id=door["sessions"][0]).get_json()
    assert answer["result"] == "digital_only" and answer["next_step"] is None
    gone = post(client, door["tokens"]["host"], code=door["codes"]["gone"],
                session_id=door["sessions"][0]).get_json()
    assert gone["result"] == "cancelled" and gone["next_step"] is None  # no seat to give


def test_cancelled_registrant_is_registered_again_and_checked_in(app, client):
    event_id, session_id, _online, gone_id = _event_with_room(app)
    sign_in(client, "vert@usht.no")
    with app.app_context():
        code = db.session.get(Registration, gone_id).ticket_code
    page = client.post(f"/arrangor/innsjekking/{event_id}?session={session_id}",
                       data={"code": code}).get_data(as_text=True)
    assert "Påmeldingen er avmeldt" in page and "Meld på igjen og sjekk inn" in page
    done = client.post(f"/arrangor/innsjekking/{event_id}/neste-steg?session={session_id}",
                       data={"registration_id": gone_id, "action": "register_again"})
    assert "Velkommen!" in done.get_data(as_text=True)
    with app.app_context():
        email = db.session.get(Registration, gone_id).email
        active = db.session.scalars(select(Registration).where(
            Registration.email == email, Registration.status == "confirmed")).all()
        assert len(active) == 1 and active[0].mode == "physical"
        assert db.session.scalar(select(func.count(CheckIn.id)).where(
            CheckIn.registration_id == active[0].id)) == 1


def test_next_step_is_refused_for_strangers_and_other_events(app, client):
    event_id, session_id, online_id, _gone = _event_with_room(app)
    url = f"/arrangor/innsjekking/{event_id}/neste-steg?session={session_id}"
    data = {"registration_id": online_id, "action": "switch_to_physical"}
    assert client.post(url, data=data).status_code in (302, 401)  # anonymous: sign in
    with app.app_context():
        auth.create_user("annen@usht.no", "arrangor", PASSWORD)
        other = make_event(title="Annet")
    sign_in(client, "annen@usht.no")
    assert client.post(url, data=data).status_code == 403
    client.post("/arrangor/logg-ut")
    sign_in(client, "vert@usht.no")
    for bad in ({"registration_id": "x", "action": "switch_to_physical"},
                {"registration_id": online_id, "action": "drop_table"},
                {"registration_id": 10**12, "action": "register_again"}):
        assert client.post(url, data=bad).status_code == 409, bad
    assert client.post(f"/arrangor/innsjekking/{other.id}/neste-steg",
                       data=data).status_code == 403
    with app.app_context():
        assert db.session.get(Registration, online_id).mode == "digital"


def test_search_results_show_status_and_the_next_step(app, client):
    event_id, session_id, online_id, gone_id = _event_with_room(app)
    with app.app_context():
        owner = auth.create_user("eier@usht.no", "arrangor", PASSWORD)
        db.session.get(Event, event_id).owner_id = owner.id
        db.session.commit()
    sign_in(client, "eier@usht.no")
    found = client.get(f"/arrangor/innsjekking/{event_id}/sok?q=kari").get_json()["results"]
    by_status = {r["status"]: r for r in found}
    assert by_status["confirmed"]["next_step"] == {"action": "switch_to_physical",
                                                   "registration_id": online_id}
    assert by_status["confirmed"]["mode"] == "digital"


def test_host_lands_on_the_check_in_screen_not_ingen_tilgang(app, client):
    _event_with_room(app)
    response = client.post("/arrangor/logg-inn?next=/arrangor/", data={
        "email": "vert@usht.no", "password": PASSWORD})
    assert response.headers["Location"].endswith("/arrangor/innsjekking/")
    dashboard = client.get("/arrangor/")
    assert dashboard.status_code == 303
    assert dashboard.headers["Location"].endswith("/arrangor/innsjekking/")
    assert "Innsjekking" in client.get("/arrangor/innsjekking/").get_data(as_text=True)
    # A host's own pages are still reached through «next».
    client.post("/arrangor/logg-ut")
    kept = client.post("/arrangor/logg-inn?next=/arrangor/passord", data={
        "email": "vert@usht.no", "password": PASSWORD})
    assert kept.headers["Location"].endswith("/arrangor/passord")


def test_switch_at_the_door_sends_the_ticket_mail(app, client):
    event_id, session_id, online_id, _gone = _event_with_room(app)
    sign_in(client, "vert@usht.no")
    client.post(f"/arrangor/innsjekking/{event_id}/neste-steg?session={session_id}",
                data={"registration_id": online_id, "action": "switch_to_physical"})
    with app.app_context():
        kinds = [m.kind for m in db.session.scalars(select(OutboxMessage).where(
            OutboxMessage.registration_id == online_id).order_by(OutboxMessage.id))]
        assert kinds == ["confirmation", "mode_changed"]  # then the ticket for the room


def test_offline_list_holds_no_codes_and_only_for_the_door(app, client, clock):
    import hashlib
    from datetime import timedelta

    event_id, session_id, online_id, gone_id = _event_with_room(app)
    url = f"/arrangor/innsjekking/{event_id}/liste?session={session_id}"
    assert client.get(url).status_code in (302, 401)
    with app.app_context():
        auth.create_user("annen@usht.no", "arrangor", PASSWORD)
        codes = {r.id: r.ticket_code for r in db.session.scalars(select(Registration))}
        session = db.session.get(Event, event_id).sessions[0]
        starts_at = session.starts_at
    sign_in(client, "annen@usht.no")
    assert client.get(url).status_code == 403
    client.post("/arrangor/logg-ut")
    sign_in(client, "vert@usht.no")
    early = client.get(url)  # a host, days before the session: nothing
    assert early.status_code == 403 and early.get_json()["entries"] == {}
    clock.now = starts_at - timedelta(minutes=30)
    body = client.get(url)
    assert body.status_code == 200 and body.headers["Cache-Control"] == "no-store"
    data = body.get_json()
    raw = body.get_data(as_text=True)
    assert all(code not in raw for code in codes.values())  # keyed by hash, not by code
    key = hashlib.sha256(codes[online_id].encode()).hexdigest()
    assert data["entries"][key]["result"] == "digital_only"
    gone = data["entries"][hashlib.sha256(codes[gone_id].encode()).hexdigest()]
    assert gone["result"] == "cancelled" and gone["checked_in_at"] is None
    assert data["expires_at"] > starts_at.isoformat()
    out = client.post("/arrangor/logg-ut")
    assert out.headers["Clear-Site-Data"] == '"storage"'  # the device forgets the list
