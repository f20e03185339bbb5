"""Fair shares per kommune: a quota of confirmed seats per kommune, the reason shown, the
promotion that skips kommuner at their share, and the organiser's exception."""

from __future__ import annotations

from sqlalchemy import select

from registration.core.extensions import db
from registration.models import Event, Registration
from registration.registrations import seats
from tests.conftest import api_body, make_event
from tests.test_groups import group_body, people
from tests.test_organiser import sign_in
from tests.test_questions import setup_event

TROMSO, HARSTAD, SENJA = "5501", "5503", "5530"


def quota_event(app, quota: int = 2, capacity: int = 10, **kw):  # noqa: ANN001,ANN201
    with app.app_context():
        event = make_event(participation="physical", capacities={"physical": capacity}, **kw)
        db.session.get(Event, event.id).kommune_quota = quota
        db.session.commit()
        return event


def register(client, event_id: int, i: int, kommune: str):  # noqa: ANN001,ANN201
    return client.post(f"/api/v1/events/{event_id}/registrations", json=api_body(
        email=f"p{i}@{kommune}.kommune.no", kommune=kommune, mode="physical"))


def test_beyond_the_share_waits_with_the_reason_and_the_seat_goes_by_kommune(app, client):
    event = quota_event(app, quota=2, capacity=3)
    made = [register(client, event.id, i, TROMSO).json for i in range(3)]
    assert [m["status"] for m in made] == ["confirmed", "confirmed", "waitlisted"]
    assert made[2]["waitlist_reason"] == "kommune_quota"
    assert "waitlist_reason" not in made[0]
    own = client.get(f"/api/v1/registrations/{made[2]['token']}").json
    assert own["waitlist_reason"] == "kommune_quota"
    page = client.get(f"/pamelding/{made[2]['token']}").text
    assert "Kommunen din har fått sine 2 plasser" in page
    # the third seat goes to Harstad, though Tromsø's third person came first
    harstad = register(client, event.id, 10, HARSTAD).json
    assert harstad["status"] == "confirmed"
    late = register(client, event.id, 11, HARSTAD).json  # full now: an ordinary wait
    assert late["status"] == "waitlisted" and "waitlist_reason" not in late
    # Harstad frees a seat: Tromsø's waiting person is first in line but at its share,
    # so the seat goes to the next in line from a kommune under it
    assert client.delete(f"/api/v1/registrations/{harstad['token']}").status_code == 200
    assert client.get(f"/api/v1/registrations/{late['token']}").json["status"] == "confirmed"
    assert client.get(f"/api/v1/registrations/{made[2]['token']}").json[
        "status"] == "waitlisted"
    # Tromsø frees one: now its waiting person gets it
    assert client.delete(f"/api/v1/registrations/{made[0]['token']}").status_code == 200
    after = client.get(f"/api/v1/registrations/{made[2]['token']}").json
    assert after["status"] == "confirmed" and "waitlist_reason" not in after


def test_without_a_waiting_list_the_share_is_a_clear_refusal(app, client):
    event = quota_event(app, quota=1, has_waitlist=False)
    assert register(client, event.id, 0, TROMSO).status_code == 201
    refused = register(client, event.id, 1, TROMSO)
    assert refused.status_code == 409 and refused.json["error"] == "kommune_quota"
    assert "Kommunen din" in refused.json["message"]


def test_groups_count_towards_the_contacts_kommune(app, client):
    event = quota_event(app, quota=3, capacity=20)
    whole = client.post(f"/api/v1/events/{event.id}/group-registrations",
                        json=group_body(4)).json  # Senja: 4 > 3, all or none
    assert [r["status"] for r in whole["registrations"]] == ["waitlisted"] * 4
    some = client.post(f"/api/v1/events/{event.id}/group-registrations", json=group_body(
        4, all_or_nothing=False, participants=people(4, start=10))).json
    assert [r["status"] for r in some["registrations"]] == [
        "confirmed", "confirmed", "confirmed", "waitlisted"]


def test_organiser_lifts_the_quota_for_one_person(app, client):
    ids = setup_event(app)
    with app.app_context():
        db.session.get(Event, ids["event"]).kommune_quota = 1
        db.session.commit()
    first = register(client, ids["event"], 0, TROMSO).json
    second = register(client, ids["event"], 1, TROMSO).json
    assert second["status"] == "waitlisted"
    with app.app_context():
        second_id = db.session.scalar(select(Registration.id).where(
            Registration.token == second["token"]))
    url = f"/arrangor/arrangement/{ids['event']}/deltaker/{second_id}/kvote"
    assert client.post(url).status_code in (302, 303)  # anonymous: to sign-in
    for who in ("vert", "b"):
        sign_in(client, who)
        assert client.post(url).status_code == 403
        client.post("/arrangor/logg-ut")
    sign_in(client, "a")
    table = client.get(f"/arrangor/arrangement/{ids['event']}").text
    assert "Løft kommunekvoten" in table and "Kommunen har fått sine plasser" in table
    assert client.post(url).status_code == 303
    assert client.get(f"/api/v1/registrations/{second['token']}").json[
        "status"] == "confirmed"
    with app.app_context():
        assert seats.kommune_confirmed(ids["event"]) == {TROMSO: 1}  # the exception
    assert first["status"] == "confirmed"


def test_raising_the_quota_in_the_event_form_promotes(app, client):
    ids = setup_event(app)
    with app.app_context():
        db.session.get(Event, ids["event"]).kommune_quota = 1
        db.session.commit()
    register(client, ids["event"], 0, TROMSO)
    waiting = register(client, ids["event"], 1, TROMSO).json
    sign_in(client, "a")
    form = client.get(f"/arrangor/arrangement/{ids['event']}/rediger").text
    assert 'name="kommune_quota"' in form and 'value="1"' in form
    bad = client.post(f"/arrangor/arrangement/{ids['event']}/rediger",
                      data={"kommune_quota": "0"})
    assert bad.status_code == 422 and "Skriv et tall fra 1" in bad.text
    with app.app_context():
        event = db.session.get(Event, ids["event"])
        from registration.events import operations as events
        from registration.events.manage import _form_data

        data = _form_data(event).__dict__
        fields = events.EventFields(
            title=data["title"], kind=data["kind"], topic_ids=list(data.get("topics") or []),
            description=data["description"], participation=data["participation"],
            capacities={"physical": 10}, has_waitlist=True, serves_food=False,
            registration_opens_at=None, registration_closes_at=None,
            cancellation_deadline=None, kommune_quota=2)
        events.update(event, fields, None)  # type: ignore[arg-type]
    assert client.get(f"/api/v1/registrations/{waiting['token']}").json[
        "status"] == "confirmed"
    assert client.get(f"/api/v1/events/{ids['event']}").json["kommune_quota"] == 2


def test_a_cancelled_event_gives_no_seat_from_its_waiting_list(app, client):
    """More seats at an event already cancelled promote nobody (no «you have a seat» after
    «the event is cancelled»)."""
    from registration.events import operations as events
    from registration.models import EventStatus

    event = quota_event(app, quota=5, capacity=1)
    register(client, event.id, 0, TROMSO)
    waiting = register(client, event.id, 1, HARSTAD).json
    with app.app_context():
        events.set_status(db.session.get(Event, event.id), EventStatus.CANCELLED, None)
        assert seats.set_capacity(event.id, "physical", 2) == []
    assert client.get(f"/api/v1/registrations/{waiting['token']}").json[
        "status"] == "waitlisted"
