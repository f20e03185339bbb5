"""A group registration follows the same rules as one registration: who may register
(members only, by invitation) and the course level below, row by row, nothing stored."""

from __future__ import annotations

from sqlalchemy import func, select

from registration.accounts import operations as auth
from registration.core.extensions import db
from registration.models import Event, Registration, RegistrationGroup
from registration.networks import operations as networks
from registration.networks.models import Audience
from tests.conftest import make_event
from tests.test_courses import put_on_track
from tests.test_groups import group_body, people, post_group


def _count(model) -> int:  # noqa: ANN001
    return db.session.scalar(select(func.count(model.id))) or 0


def test_members_only_refuses_the_non_members_rows_and_stores_nothing(app, client):
    with app.app_context():
        event = make_event(capacities={"physical": 10, "digital": 10})
        owner = auth.create_user("eier@usht.no", "arrangor", "riktig-passord-123")
        network = networks.save_network(None, networks.NetworkFields(
            "Mellomledernettverket", "", "Åse", "ase@example.no"), owner)
        member = people(2)[1]
        networks.add_member(network, networks.MemberFields(
            member["name"], member["email"], "5530", "Senja sykehjem", "leder"), owner)
        networks.set_audience(db.session.get(Event, event.id), Audience.MEMBERS, network.id,
                              owner)
    response = post_group(client, event.id, group_body(2))
    assert response.status_code == 422, response.json
    fields = response.json["fields"]
    assert set(fields) == {"participants.0.email"}  # the member's row passes
    assert "medlemmer" in fields["participants.0.email"]
    with app.app_context():
        assert _count(Registration) == 0 and _count(RegistrationGroup) == 0
    # with only the member, the group is registered
    assert post_group(client, event.id, group_body(participants=[member])).status_code == 201


def test_a_course_level_needs_the_level_below_for_every_row(app, client):
    with app.app_context():
        event = make_event(capacities={"physical": 12})
        put_on_track(event.id, 2)
    response = post_group(client, event.id, group_body(2))
    assert response.status_code == 422, response.json
    assert set(response.json["fields"]) == {"participants.0.email", "participants.1.email"}
    assert "Trinn 1" in response.json["fields"]["participants.1.email"]
    with app.app_context():
        assert _count(Registration) == 0


def test_no_group_registration_where_each_chooses_sessions(app, client):
    with app.app_context():
        event = make_event(sessions=3, capacities={"physical": 10})
        ev = db.session.get(Event, event.id)
        ev.session_choice = "any"
        db.session.commit()
    response = post_group(client, event.id, group_body(2))
    assert response.status_code == 422
    assert response.json["error"] == "group_with_sessions"
    assert "egne økter" in client.get(f"/arrangement/{event.id}/gruppe").get_data(as_text=True)
    with app.app_context():
        assert _count(Registration) == 0
