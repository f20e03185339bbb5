"""A series of events: the organiser builds it, the public page shows its events and seats,
«meld meg på alle» registers for each open event in one step (each event's capacity still
exact), and the evaluation comparison groups by series."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, select

from registration.core.extensions import db
from registration.models import Event, EventSeries, Registration, SeatPool
from tests.conftest import form_data, make_event
from tests.test_organiser import sign_in
from tests.test_questions import setup_event


def series_with_events(app, client) -> tuple[dict, int, list[int]]:  # noqa: ANN001
    """A owns three events: «Den lille forskjellen» parts; B owns another."""
    ids = setup_event(app, title="Den lille forskjellen del 1")
    with app.app_context():
        second = make_event(title="Den lille forskjellen del 2", participation="digital",
                            capacities={"digital": 1}, has_waitlist=True,
                            starts_in=timedelta(days=40))
        third = make_event(title="Den lille forskjellen del 3", participation="physical",
                           capacities={"physical": 1}, has_waitlist=False,
                           starts_in=timedelta(days=50))
        theirs = make_event(title="Noe annet", starts_in=timedelta(days=60))
        for event_id in (second.id, third.id):
            db.session.get(Event, event_id).owner_id = ids["a"]
        db.session.get(Event, theirs.id).owner_id = ids["b"]
        db.session.commit()
    ids["theirs"] = theirs.id
    events = [ids["event"], second.id, third.id]
    sign_in(client, "a")
    created = client.post("/arrangor/serier", data={"title": "Den lille forskjellen 2027",
                                                    "description": "Fire webinarer."})
    assert created.status_code == 303
    series_id = int(created.headers["Location"].rstrip("/").split("/")[-1])
    for event_id in events:
        assert client.post(f"/arrangor/serier/{series_id}",
                           data={"event_id": str(event_id), "action": "add"}
                           ).status_code == 303
    client.post("/arrangor/logg-ut")
    return ids, series_id, events


def test_organiser_builds_a_series_only_from_own_events(app, client):
    ids, series_id, events = series_with_events(app, client)
    with app.app_context():
        assert sorted(db.session.scalars(select(Event.id).where(
            Event.series_id == series_id))) == sorted(events)
    assert client.get("/arrangor/serier").status_code in (302, 303)
    sign_in(client, "a")
    assert client.post("/arrangor/serier", data={"title": ""}).status_code == 422
    refused = client.post(f"/arrangor/serier/{series_id}",
                          data={"event_id": str(ids["theirs"]), "action": "add"})
    assert refused.status_code == 422 and "Velg et av arrangementene dine" in refused.text
    assert client.post(f"/arrangor/serier/{series_id}", data={"event_id": "x"}
                       ).status_code == 422
    client.post("/arrangor/logg-ut")
    sign_in(client, "b")  # another arrangør: may look, not change
    assert client.get(f"/arrangor/serier/{series_id}").status_code == 200
    assert client.post(f"/arrangor/serier/{series_id}", data={
        "event_id": str(ids["theirs"]), "action": "add"}).status_code == 403
    client.post("/arrangor/logg-ut")
    sign_in(client, "vert")
    assert client.get(f"/arrangor/serier/{series_id}").status_code == 403
    client.post("/arrangor/logg-ut")
    sign_in(client, "admin")
    assert client.post(f"/arrangor/serier/{series_id}", data={
        "event_id": str(events[0]), "action": "remove"}).status_code == 303
    with app.app_context():
        assert db.session.get(Event, events[0]).series_id is None


def test_public_page_and_register_for_all(app, client):
    ids, series_id, events = series_with_events(app, client)
    with app.app_context():
        # part 3 is already full without a waiting list; part 2 has one seat left
        db.session.get(Event, events[0]).kommune_quota = None
        pool = db.session.scalars(select(SeatPool).where(SeatPool.event_id == events[2])).one()
        pool.capacity = 0
        db.session.commit()
    page = client.get(f"/serie/{series_id}")
    assert page.status_code == 200
    for title in ("del 1", "del 2", "del 3"):
        assert f"Den lille forskjellen {title}" in page.text
    assert client.get(f"/arrangement/{events[0]}").text.count(f"/serie/{series_id}") == 1
    bad = client.post(f"/serie/{series_id}", data={**form_data(), "email": "kari@"})
    assert bad.status_code == 422 and 'id="email-error"' in bad.text
    assert 'value="Kari Nordmann"' in bad.text
    no_privacy = {k: v for k, v in form_data().items() if k != "privacy"}
    assert client.post(f"/serie/{series_id}", data=no_privacy).status_code == 422
    done = client.post(f"/serie/{series_id}", data=form_data(mode="digital"))
    assert done.status_code == 200, done.text[:300]
    assert done.text.count("Se påmeldingen") == 2 and "Ikke påmeldt" in done.text
    second = client.post(f"/serie/{series_id}", data=form_data(
        email="ola@tromso.kommune.no", mode="digital"))
    assert "Venteliste, nr. 1" in second.text  # part 2 had one seat: Ola waits there
    with app.app_context():
        counts = dict(db.session.execute(select(Registration.event_id, func.count()).group_by(
            Registration.event_id)).tuples().all())
        assert counts == {events[0]: 2, events[1]: 2}
        pools = {p.event_id: p.confirmed_count for p in db.session.scalars(select(SeatPool))}
        assert pools[events[1]] == 1  # the capacity held
    again = client.post(f"/serie/{series_id}", data=form_data(mode="digital"))
    assert again.status_code == 200 and "allerede påmeldt" in again.text
    assert client.get("/serie/999999").status_code == 404


def test_evaluation_comparison_groups_by_series(app, client):
    from registration.evaluations import invitations
    from registration.models import utcnow
    from tests.test_evaluations import answers, ended_event, tokens
    from tests.test_evaluations import sign_in as sign_in_organiser

    with app.app_context():
        spring = ended_event(title="Våren", people=1, at_door=(0,), online=())
        autumn = ended_event(title="Høsten", people=1, at_door=(0,), online=())
        other = ended_event(title="Den lille forskjellen – et annet", people=1,
                            at_door=(0,), online=())
        series = EventSeries(title="Den lille forskjellen 2026", created_at=utcnow())
        db.session.add(series)
        db.session.flush()
        for ended in (spring, autumn):
            db.session.get(Event, ended.event_id).series_id = series.id
        db.session.commit()
        series_id = series.id
        invitations.queue_due_invitations(utcnow())
        posts = [(tokens(e.event_id)[e.registration_ids[0]], answers(e.event_id, overall=s))
                 for e, s in ((spring, "5"), (autumn, "3"), (other, "1"))]
    for token, data in posts:
        assert client.post(f"/evaluering/{token}", data=data).status_code == 303
    sign_in_organiser(client)
    page = client.get(f"/arrangor/evaluering/sammenligning?series={series_id}").text
    table = page[page.index('id="comparison"'):]
    assert "Våren" in table and "Høsten" in table
    assert "et annet" not in table  # the title says «lille forskjellen», the series does not
    assert table.count("Den lille forskjellen 2026") == 2
    assert client.get("/arrangor/evaluering/sammenligning?series=abc").status_code == 422
