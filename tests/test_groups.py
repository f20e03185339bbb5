"""Group registration («Meld på flere»): the API, the web form and the group page."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

from sqlalchemy import func, select

from registration.audit.models import AuditEntry
from registration.core.extensions import db
from registration.mail.models import OutboxMessage
from registration.models import Registration, RegistrationGroup, SeatPool
from tests.conftest import api_body, make_event


def contact(**overrides: Any) -> dict[str, Any]:
    body = {"name": "Lise Leder", "email": "lise.leder@senja.kommune.no",
            "mobile": "+4791234567", "kommune": "5530", "workplace": "Senja sykehjem"}
    body.update(overrides)
    return body


def people(n: int, start: int = 0, mode: str = "physical") -> list[dict[str, Any]]:
    return [{"name": f"Ansatt Nummer{chr(65 + (i % 26))}", "email": f"ansatt{i}@senja.kommune.no",
             "role": "helsefagarbeider", "mode": mode} for i in range(start, start + n)]


def group_body(n: int = 3, *, all_or_nothing: bool = True, **overrides: Any) -> dict[str, Any]:
    body = {"contact": contact(), "participants": people(n), "all_or_nothing": all_or_nothing,
            "group_name": "ABC-gruppe Senja"}
    body.update(overrides)
    return body


def post_group(client, event_id: int, body: Any):  # noqa: ANN001,ANN201
    return client.post(f"/api/v1/events/{event_id}/group-registrations", json=body)


def test_api_group_gets_seats_each_an_ordinary_registration(app, client):
    with app.app_context():
        event = make_event(capacities={"physical": 10, "digital": 10})
    response = post_group(client, event.id, group_body(3))
    assert response.status_code == 201, response.json
    data = response.json
    assert set(data) == {"group_token", "registrations"}
    assert [r["email"] for r in data["registrations"]] == [
        "ansatt0@senja.kommune.no", "ansatt1@senja.kommune.no", "ansatt2@senja.kommune.no"]
    assert all(set(r) == {"email", "status", "token", "waitlist_position"}
               for r in data["registrations"])
    assert [r["status"] for r in data["registrations"]] == ["confirmed"] * 3
    # each is an ordinary registration with its own personal link
    for row in data["registrations"]:
        own = client.get(f"/api/v1/registrations/{row['token']}").json
        assert own["status"] == "confirmed" and own["ticket_code"]
    listed = client.get(f"/api/v1/groups/{data['group_token']}").json
    assert listed["registrations"] == data["registrations"]
    assert listed["group_name"] == "ABC-gruppe Senja"
    with app.app_context():
        group = db.session.scalars(select(RegistrationGroup)).one()
        assert group.contact_kommunenummer == "5530"
        kinds = sorted(m.kind for m in db.session.scalars(select(OutboxMessage)))
        assert kinds == ["confirmation"] * 3 + ["group"]
        regs = db.session.scalars(select(Registration)).all()
        assert {r.kommunenummer for r in regs} == {"5530"}
        assert {r.workplace for r in regs} == {"Senja sykehjem"}
        actions = [a.action for a in db.session.scalars(select(AuditEntry))]
        assert actions.count("registration.registered") == 3
        assert "group.registered" in actions


def test_all_or_nothing_waits_whole_and_in_order(app, client):
    with app.app_context():
        event = make_event(capacities={"physical": 4, "digital": 4})
    first = post_group(client, event.id, group_body(3)).json
    assert [r["status"] for r in first["registrations"]] == ["confirmed"] * 3
    body = group_body(3, participants=people(3, start=10))
    second = post_group(client, event.id, body).json
    # one seat is left, but the group of three needs three: all wait, together, in order
    assert [r["status"] for r in second["registrations"]] == ["waitlisted"] * 3
    assert [r["waitlist_position"] for r in second["registrations"]] == [1, 2, 3]
    single = client.post(f"/api/v1/events/{event.id}/registrations",
                         json=api_body(mode="physical")).json
    assert single["status"] == "confirmed"  # the seat the group could not use
    with app.app_context():
        pool = db.session.scalars(select(SeatPool).where(SeatPool.mode == "physical")).one()
        assert pool.confirmed_count == 4


def test_those_who_fit_get_seats_in_order_the_rest_wait(app, client):
    with app.app_context():
        event = make_event(capacities={"physical": 2, "digital": 2})
    data = post_group(client, event.id, group_body(4, all_or_nothing=False)).json
    assert [r["status"] for r in data["registrations"]] == [
        "confirmed", "confirmed", "waitlisted", "waitlisted"]
    assert [r["waitlist_position"] for r in data["registrations"]] == [None, None, 1, 2]


def test_full_without_waiting_list_is_409_and_nothing_is_kept(app, client):
    with app.app_context():
        event = make_event(capacities={"physical": 2, "digital": 2}, has_waitlist=False)
    response = post_group(client, event.id, group_body(3))
    assert response.status_code == 409
    assert response.json["error"] == "full"
    with app.app_context():
        assert db.session.scalar(select(func.count(Registration.id))) == 0
        assert db.session.scalar(select(func.count(RegistrationGroup.id))) == 0
        assert db.session.scalars(select(SeatPool)).first().confirmed_count == 0
    # «de som får plass» without a waiting list: two get seats, the third is told «full»
    data = post_group(client, event.id, group_body(3, all_or_nothing=False)).json
    assert [(r["status"], r["token"] is None) for r in data["registrations"]] == [
        ("confirmed", False), ("confirmed", False), ("full", True)]


def test_bad_input_gets_row_errors(app, client):
    with app.app_context():
        event = make_event()
    too_many = post_group(client, event.id, group_body(31))
    assert too_many.status_code == 422
    assert "participants" in too_many.json["fields"]
    empty = post_group(client, event.id, group_body(participants=[{}, people(1)[0]]))
    assert empty.status_code == 422
    assert set(empty.json["fields"]) == {"participants.0.name", "participants.0.email",
                                         "participants.0.role", "participants.0.mode"}
    twice = people(3)
    twice[2]["email"] = twice[0]["email"].upper()
    same = post_group(client, event.id, group_body(participants=twice))
    assert same.status_code == 422
    assert list(same.json["fields"]) == ["participants.2.email"]
    assert "rad 1" in same.json["fields"]["participants.2.email"]
    bad = post_group(client, event.id, {"contact": {"email": "x"}, "participants": "many",
                                        "all_or_nothing": "yes", "group_name": "<b>"})
    assert bad.status_code == 422
    assert {"contact.name", "contact.email", "contact.kommune", "participants",
            "all_or_nothing", "group_name"} <= set(bad.json["fields"])
    assert post_group(client, event.id, []).status_code == 422
    assert client.post(f"/api/v1/events/{event.id}/group-registrations", data="x",
                       content_type="application/json").status_code == 400
    assert post_group(client, 999999, group_body()).status_code == 404
    assert client.get("/api/v1/groups/nope").status_code == 404


def test_already_registered_is_reported_on_its_row(app, client):
    with app.app_context():
        event = make_event()
    client.post(f"/api/v1/events/{event.id}/registrations",
                json=api_body(email="ansatt1@senja.kommune.no", mode="physical"))
    response = post_group(client, event.id, group_body(3))
    assert response.status_code == 422
    assert list(response.json["fields"]) == ["participants.1.email"]
    with app.app_context():
        assert db.session.scalar(select(func.count(Registration.id))) == 1


def _form(n: int = 3, **overrides: str) -> dict[str, str]:
    data = {"contact-name": "Lise Leder", "contact-email": "lise.leder@senja.kommune.no",
            "contact-mobile": "912 34 567", "contact-kommune": "5530",
            "contact-workplace": "Senja sykehjem", "group_name": "ABC-gruppe Senja",
            "all_or_nothing": "all", "privacy": "y", "rows": str(n), "action": "submit"}
    for i, row in enumerate(people(n)):
        for key, value in row.items():
            data[f"participants-{i}-{key}"] = value
    data.update(overrides)
    return data


def test_web_form_registers_and_shows_the_group_page(app, client):
    with app.app_context():
        event = make_event()
    page = client.get(f"/arrangement/{event.id}")
    assert f"/arrangement/{event.id}/gruppe" in page.text
    form = client.get(f"/arrangement/{event.id}/gruppe")
    assert form.status_code == 200 and "Deltaker 3" in form.text
    more = client.post(f"/arrangement/{event.id}/gruppe", data=_form(3, action="add_row"))
    assert "Deltaker 4" in more.text and "ansatt2@senja.kommune.no" in more.text
    response = client.post(f"/arrangement/{event.id}/gruppe", data=_form(3))
    assert response.status_code == 303
    group_page = client.get(response.headers["Location"])
    assert group_page.status_code == 200
    for i in range(3):
        assert f"ansatt{i}@senja.kommune.no" in group_page.text
    assert group_page.text.count("Påmeldt") >= 3


def test_web_form_bad_input_keeps_what_was_typed(app, client):
    with app.app_context():
        event = make_event()
    data = _form(4)
    data["participants-2-email"] = data["participants-0-email"]
    data["participants-3-name"] = ""
    data["participants-3-email"] = ""  # an empty row is left out, not an error
    data["participants-1-role"] = ""
    del data["all_or_nothing"]
    response = client.post(f"/arrangement/{event.id}/gruppe", data=data)
    assert response.status_code == 422
    html = response.text
    assert 'id="participants-2-email-error"' in html and "rad 1" in html
    assert 'id="participants-1-role-error"' in html
    assert 'id="all_or_nothing-error"' in html
    assert "participants-3-name-error" not in html
    assert 'value="Lise Leder"' in html and 'value="ansatt1@senja.kommune.no"' in html
    empty = {k: v for k, v in _form(2).items() if not k.startswith("participants-")}
    none = client.post(f"/arrangement/{event.id}/gruppe", data=empty)
    assert none.status_code == 422 and "Legg til minst én deltaker" in none.text


def _group_token(client, event_id: int, n: int = 3, **kw: Any) -> tuple[str, list]:  # noqa: ANN001
    data = post_group(client, event_id, group_body(n, **kw)).json
    return data["group_token"], data["registrations"]


def _replacement(registration_id: int, name: str, email: str) -> dict[str, str]:
    prefix = f"replace{registration_id}"
    return {f"{prefix}-name": name, f"{prefix}-email": email, f"{prefix}-role": "lege",
            f"{prefix}-mode": "physical"}


def test_replace_keeps_the_seat_and_gives_a_new_link(app, client):
    with app.app_context():
        event = make_event(capacities={"physical": 3, "digital": 3})
    token, rows = _group_token(client, event.id)
    with app.app_context():
        first = db.session.scalars(select(Registration).where(
            Registration.token == rows[0]["token"])).one()
        first_id = first.id
    bad = client.post(f"/gruppe/{token}/bytt/{first_id}",
                      data=_replacement(first_id, "Nils", "nils@senja"))
    assert bad.status_code == 422
    assert f'id="replace{first_id}-email-error"' in bad.text and 'value="Nils"' in bad.text
    response = client.post(f"/gruppe/{token}/bytt/{first_id}",
                           data=_replacement(first_id, "Nils Nilsen",
                                             "nils.nilsen@senja.kommune.no"))
    assert response.status_code == 303
    assert client.get(f"/api/v1/registrations/{rows[0]['token']}").status_code == 404
    listed = client.get(f"/api/v1/groups/{token}").json["registrations"]
    assert listed[0]["email"] == "nils.nilsen@senja.kommune.no"
    assert listed[0]["status"] == "confirmed"
    with app.app_context():
        assert db.session.scalars(select(SeatPool).where(
            SeatPool.mode == "physical")).one().confirmed_count == 3
        kinds = [(m.kind, m.to_address) for m in db.session.scalars(select(OutboxMessage))]
        assert ("group_replaced", "ansatt0@senja.kommune.no") in kinds
        assert ("confirmation", "nils.nilsen@senja.kommune.no") in kinds
        assert "group.replaced" in [a.action for a in db.session.scalars(select(AuditEntry))]
    # someone already in the group cannot take a second place
    clash = client.post(f"/gruppe/{token}/bytt/{first_id}",
                        data=_replacement(first_id, "Ansatt Nummer B", "ansatt1@senja.kommune.no"))
    assert clash.status_code == 409 and "allerede påmeldt" in clash.text


def test_add_and_cancel_from_the_group_page(app, client, clock):
    from registration.core.types import utcnow

    with app.app_context():
        event = make_event(capacities={"physical": 3, "digital": 3},
                           cancellation_deadline=utcnow() + timedelta(days=10))
    token, rows = _group_token(client, event.id)
    added = client.post(f"/gruppe/{token}/legg-til",
                        data={"add-name": "Per Persen", "add-email": "per@senja.kommune.no",
                              "add-role": "lege", "add-mode": "physical"})
    assert added.status_code == 303
    listed = client.get(f"/api/v1/groups/{token}").json["registrations"]
    assert [r["status"] for r in listed] == ["confirmed"] * 3 + ["waitlisted"]
    with app.app_context():
        ids = list(db.session.scalars(select(Registration.id).order_by(Registration.id)))
    assert client.post(f"/gruppe/{token}/meld-av", data={}).status_code == 422
    cancelled = client.post(f"/gruppe/{token}/meld-av", data={"registration_id": [ids[0]]})
    assert cancelled.status_code == 303
    listed = client.get(f"/api/v1/groups/{token}").json["registrations"]
    # the freed seat went to the first in line: the person just added
    assert [r["status"] for r in listed] == ["cancelled", "confirmed", "confirmed", "confirmed"]
    clock.advance(days=11)
    late = client.post(f"/gruppe/{token}/meld-av", data={"registration_id": [ids[1]]})
    assert late.status_code == 409 and "Fristen" in late.text
    page = client.get(f"/gruppe/{token}")
    assert "Meld av de valgte" not in page.text


def test_group_links_are_secret_and_someone_elses_row_is_refused(app, client):
    with app.app_context():
        event = make_event()
    token, _rows = _group_token(client, event.id)
    other, other_rows = _group_token(client, event.id, participants=people(2, start=20))
    with app.app_context():
        theirs = db.session.scalars(select(Registration.id).where(
            Registration.token == other_rows[0]["token"])).one()
    assert client.get("/gruppe/feil-lenke").status_code == 404
    response = client.post(f"/gruppe/{token}/meld-av", data={"registration_id": [theirs]})
    assert response.status_code == 303
    assert client.get(f"/api/v1/registrations/{other_rows[0]['token']}").json[
        "status"] == "confirmed"
    refused = client.post(f"/gruppe/{token}/bytt/{theirs}",
                          data=_replacement(theirs, "Nils Nilsen", "n@senja.no"))
    assert refused.status_code == 409
    assert re.search(r"Fant ikke", refused.text)


def test_contact_person_is_cleared_with_the_members_after_retention(app, client, clock):
    from registration.privacy import retention
    with app.app_context():
        event = make_event(starts_in=timedelta(days=1))
    token, _rows = _group_token(client, event.id)
    with app.app_context():
        assert retention.anonymise_groups(clock.now) == 0  # not yet: the event is ahead
    clock.advance(days=40 * 30)
    with app.app_context():
        done = retention.run(clock.now)
        assert done["groups_anonymised"] == 1
        group = db.session.scalars(select(RegistrationGroup)).one()
        assert (group.contact_name, group.contact_email, group.contact_mobile,
                group.name) == ("", "", "", None)
        assert group.contact_kommunenummer == "5530"  # statistics keep the kommune
        assert retention.anonymise_groups(clock.now) == 0
    assert client.get(f"/gruppe/{token}").status_code == 404
    assert client.get(f"/api/v1/groups/{token}").status_code == 404


def test_the_contact_gets_the_group_link_by_email(app, client):
    from registration.mail import outbox
    with app.app_context():
        event = make_event()
    token, _rows = _group_token(client, event.id)
    with app.test_request_context():
        message = db.session.scalars(select(OutboxMessage).where(
            OutboxMessage.kind == "group")).one()
        assert message.to_address == "lise.leder@senja.kommune.no"
        outbox.render_to_address(message)
        assert f"/gruppe/{token}" in message.text_body
        assert "ABC-gruppe Senja" in message.html_body


def test_access_and_erasure_by_address_cover_the_contact_person(app, client):
    from registration.privacy import access, erasure
    with app.app_context():
        event = make_event()
    token, rows = _group_token(client, event.id)
    with app.app_context():
        data = access.collect("Lise.Leder@senja.kommune.no")
        groups = next(s for s in data.sheets if s.title == "Grupper du meldte på")
        assert groups.rows[0][1:4] == ["ABC-gruppe Senja", "Lise Leder",
                                       "lise.leder@senja.kommune.no"]
        assert erasure.erase_email("lise.leder@senja.kommune.no", "ba om sletting",
                                   None) == 0  # she registered others, not herself
        group = db.session.scalars(select(RegistrationGroup)).one()
        assert (group.contact_name, group.contact_email) == ("", "")
    assert client.get(f"/gruppe/{token}").status_code == 404
    # the members' registrations are theirs and stand
    assert client.get(f"/api/v1/registrations/{rows[0]['token']}").json[
        "status"] == "confirmed"
