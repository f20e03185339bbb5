"""Networks: members-only and invitation-only events, the API, the import, the roster."""

from __future__ import annotations

import io
import re
from datetime import timedelta
from typing import Any

import pytest
from openpyxl import Workbook, load_workbook
from sqlalchemy import func, select

from registration.accounts import operations as auth
from registration.core.extensions import db
from registration.core.types import utcnow
from registration.models import (
    AuditEntry,
    Event,
    Invitation,
    Network,
    NetworkMember,
    OutboxMessage,
    Registration,
    User,
)
from registration.networks import invitations
from registration.networks import operations as networks
from registration.privacy import erasure
from registration.registrations import operations
from registration.registrations.rules import RegistrationRefused
from tests.conftest import api_body, form_data, make_event, person

PASSWORD = "riktig-passord-123"
KARI = networks.MemberFields(name="Kari Medlem", email="Kari.Medlem@Tromso.Kommune.no",
                             kommunenummer="5501", workplace="Tromsø kommune", role="leder")


def html(response: Any) -> str:
    return response.get_data(as_text=True)


def sign_in(client: Any, who: str) -> None:
    response = client.post("/arrangor/logg-inn", data={"email": f"{who}@usht.no",
                                                        "password": PASSWORD})
    assert response.status_code == 303


def token_of(app: Any, who: str, scope: str = "export") -> str:
    with app.app_context():
        user = db.session.scalar(select(User).where(User.email == f"{who}@usht.no"))
        token = auth.create_token(user, "test", scope)
        db.session.commit()
        return token


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


@pytest.fixture
def world(app: Any) -> dict[str, int]:
    """Users (admin, a: arrangør who runs the network, b: another arrangør, vert), the
    network with Kari, a members-only gathering and an invitation-only meeting."""
    with app.app_context():
        for key, role in (("admin", "admin"), ("a", "arrangor"), ("b", "arrangor"),
                          ("vert", "vert")):
            auth.create_user(f"{key}@usht.no", role, PASSWORD, key.upper())
        owner = db.session.scalar(select(User).where(User.email == "a@usht.no"))
        network = networks.save_network(None, networks.NetworkFields(
            "Mellomledernettverket", "Faste deltakere", "Åse Kontakt", "ase@example.no"), owner)
        networks.add_member(network, KARI, owner)
        gathering = make_event(title="Mellomledernettverket – samling 1",
                               participation="physical", capacities={"physical": 2},
                               has_waitlist=False)
        second = make_event(title="Mellomledernettverket – samling 2",
                            participation="hybrid", starts_in=timedelta(days=90))
        meeting = make_event(title="Samarbeidsmøte med kommunene", participation="physical")
        for ref in (gathering, second, meeting):
            event = db.session.get(Event, ref.id)
            event.owner_id = owner.id
        db.session.commit()
        for ref in (gathering, second):
            networks.set_audience(db.session.get(Event, ref.id), "members", network.id, owner)
        networks.set_audience(db.session.get(Event, meeting.id), "invited", None, owner)
        vert = db.session.scalar(select(User).where(User.email == "vert@usht.no"))
        hosted = db.session.get(Event, gathering.id)
        hosted.hosts.append(vert)
        db.session.commit()
        return {"network": network.id, "gathering": gathering.id, "second": second.id,
                "meeting": meeting.id,
                "kari": db.session.scalar(select(NetworkMember.id))}


def count(model: Any) -> int:
    return db.session.scalar(select(func.count()).select_from(model)) or 0


# --- members only ------------------------------------------------------------------------

def test_stranger_is_refused_on_the_form_and_nothing_is_stored(app, client, world):
    with app.app_context():
        before = (count(Registration), count(OutboxMessage), count(AuditEntry))
    page = html(client.get(f"/arrangement/{world['gathering']}"))
    assert "For medlemmer av Mellomledernettverket" in page
    response = client.post(f"/arrangement/{world['gathering']}",
                           data=form_data(email="fremmed@harstad.kommune.no"))
    assert response.status_code == 409
    text = html(response)
    assert "bare for medlemmer av Mellomledernettverket" in text
    assert "Åse Kontakt (ase@example.no)" in text
    assert 'value="fremmed@harstad.kommune.no"' in text  # what was typed is kept
    with app.app_context():
        assert (count(Registration), count(OutboxMessage), count(AuditEntry)) == before
        pool = db.session.get(Event, world["gathering"]).pool("physical")
        assert pool.confirmed_count == 0


def test_stranger_is_refused_in_the_api_with_403(app, client, world):
    response = client.post(f"/api/v1/events/{world['gathering']}/registrations",
                           json=api_body(email="fremmed@harstad.kommune.no", mode="physical"))
    assert response.status_code == 403
    body = response.get_json()
    assert body["error"] == "members_only"
    assert set(body) == {"error", "message"}
    assert "Mellomledernettverket" in body["message"]
    with app.app_context():
        assert count(Registration) == 0


def test_member_is_confirmed_whatever_the_case_of_the_email(app, client, world):
    response = client.post(f"/arrangement/{world['gathering']}",
                           data=form_data(email="  kari.medlem@TROMSO.kommune.no "))
    assert response.status_code == 303
    with app.app_context():
        registration = db.session.scalar(select(Registration))
        assert registration.status == "confirmed"


def test_api_adds_a_member_who_can_then_register(app, client, world):
    token = token_of(app, "a")
    email = "ny.leder@harstad.kommune.no"
    refused = client.post(f"/api/v1/events/{world['gathering']}/registrations",
                          json=api_body(email=email, mode="physical"))
    assert refused.status_code == 403
    added = client.post(f"/api/v1/networks/{world['network']}/members", headers=bearer(token),
                        json={"name": "Ny Leder", "email": email, "kommune": "5503",
                              "workplace": "Harstad kommune", "role": "leder"})
    assert added.status_code == 201
    assert added.get_json()["email"] == email and added.get_json()["mobile"] is None
    again = client.post(f"/api/v1/networks/{world['network']}/members", headers=bearer(token),
                        json={"name": "Ny Leder", "email": email.upper(), "kommune": "5503",
                              "workplace": "Harstad kommune", "role": "leder"})
    assert again.status_code == 409 and again.get_json()["error"] == "already_member"
    ok = client.post(f"/api/v1/events/{world['gathering']}/registrations",
                     json=api_body(email=email, mode="physical"))
    assert ok.status_code == 201 and ok.get_json()["status"] == "confirmed"
    members = client.get(f"/api/v1/networks/{world['network']}/members", headers=bearer(token))
    assert sorted(m["email"] for m in members.get_json()["members"]) == [
        "Kari.Medlem@Tromso.Kommune.no", email]
    member_id = added.get_json()["id"]
    gone = client.delete(f"/api/v1/networks/{world['network']}/members/{member_id}",
                         headers=bearer(token))
    assert gone.status_code == 204
    assert client.delete(f"/api/v1/networks/{world['network']}/members/{member_id}",
                         headers=bearer(token)).status_code == 404
    with app.app_context():
        assert db.session.scalar(select(NetworkMember).where(
            NetworkMember.email_normalized == email)) is None


def test_api_member_bad_input_is_422_with_fields(app, client, world):
    token = token_of(app, "a")
    url = f"/api/v1/networks/{world['network']}/members"
    bad = client.post(url, headers=bearer(token), json={
        "name": "", "email": "kari@", "kommune": "9999", "workplace": "", "role": "sjef",
        "mobile": "12"})
    assert bad.status_code == 422
    assert set(bad.get_json()["fields"]) == {"name", "email", "kommune", "workplace", "role",
                                             "mobile"}
    assert client.post(url, headers=bearer(token), data="{",
                       content_type="application/json").status_code == 400
    assert client.post(url, headers=bearer(token), json=[1]).status_code == 422


def test_api_authorisation(app, client, world):
    url = f"/api/v1/networks/{world['network']}/members"
    body = {"name": "Ola Nordmann", "email": "ola@example.no", "kommune": "5501",
            "workplace": "X", "role": "leder"}
    assert client.get("/api/v1/networks").status_code == 401
    assert client.get(url).status_code == 401
    assert client.post(url, json=body).status_code == 401
    vert = token_of(app, "vert", "checkin")
    assert client.get("/api/v1/networks", headers=bearer(vert)).status_code == 403
    assert client.get(url, headers=bearer(vert)).status_code == 403
    other = token_of(app, "b")
    assert client.get("/api/v1/networks", headers=bearer(other)).get_json() == {"networks": []}
    assert client.get(url, headers=bearer(other)).status_code == 403
    assert client.post(url, headers=bearer(other), json=body).status_code == 403
    assert client.delete(f"{url}/{world['kari']}", headers=bearer(other)).status_code == 403
    admin = token_of(app, "admin")
    listed = client.get("/api/v1/networks", headers=bearer(admin)).get_json()["networks"]
    assert [n["name"] for n in listed] == ["Mellomledernettverket"]
    assert listed[0]["member_count"] == 1
    assert client.get(url, headers=bearer(admin)).status_code == 200
    assert client.get("/api/v1/networks/999999/members",
                      headers=bearer(admin)).status_code == 404


def test_event_json_says_who_may_register(app, client, world):
    events = {e["id"]: e for e in client.get("/api/v1/events").get_json()["events"]}
    assert events[world["gathering"]]["audience"] == "members"
    assert events[world["gathering"]]["network"] == "Mellomledernettverket"
    with app.app_context():
        plain = make_event(title="Åpen konferanse")
    detail = client.get(f"/api/v1/events/{plain.id}").get_json()
    assert detail["audience"] == "open" and "network" not in detail


# --- invitation only ---------------------------------------------------------------------

def test_invitation_only_event_is_listed_nowhere(app, client, world):
    title = "Samarbeidsmøte med kommunene"
    assert title not in html(client.get("/"))
    assert world["meeting"] not in [e["id"] for e in client.get("/api/v1/events")
                                    .get_json()["events"]]
    assert title not in html(client.get("/calendar.ics"))
    for kind in ("abc_fagseminar", "konferanse", "nettverkssamling"):
        assert title not in html(client.get(f"/calendar/{kind}.ics"))
    assert client.get(f"/calendar/arrangement/{world['meeting']}.ics").status_code == 404
    assert client.get(f"/api/v1/events/{world['meeting']}").status_code == 404
    assert client.post(f"/api/v1/events/{world['meeting']}/registrations",
                       json=api_body(mode=None)).status_code == 404
    token = token_of(app, "a", "read")
    seen = client.get(f"/api/v1/events/{world['meeting']}", headers=bearer(token))
    assert seen.status_code == 200 and seen.get_json()["audience"] == "invited"
    page = client.get(f"/arrangement/{world['meeting']}")
    assert page.status_code == 200
    assert "bare for inviterte" in html(page) and 'name="email"' not in html(page)
    refused = client.post(f"/arrangement/{world['meeting']}", data=form_data(mode=None))
    assert refused.status_code == 409
    with app.app_context():
        assert count(Registration) == 0


def _invite(app: Any, event_id: int, email: str, name: str = "") -> str:
    with app.app_context():
        owner = db.session.scalar(select(User).where(User.email == "a@usht.no"))
        sent, _already = invitations.invite(db.session.get(Event, event_id),
                                            [invitations.Invitee(email, name)], owner)
        assert sent == 1
        return db.session.scalar(select(Invitation.token).where(
            Invitation.email_normalized == email.lower()))


def test_invitation_link_works_once_for_its_own_email_only(app, client, world):
    token = _invite(app, world["meeting"], "Ordforer@Balsfjord.kommune.no", "Ola Ordfører")
    with app.app_context():
        mail = db.session.scalar(select(OutboxMessage).where(OutboxMessage.kind == "invitation"))
        assert mail.to_address == "Ordforer@Balsfjord.kommune.no"
        assert mail.subject == "Invitasjon: Samarbeidsmøte med kommunene"
        assert f"/invitasjon/{token}" in mail.details["invitation_url"]
    page = client.get(f"/invitasjon/{token}")
    assert page.status_code == 200
    assert 'value="Ordforer@Balsfjord.kommune.no"' in html(page)
    assert 'value="Ola Ordfører"' in html(page)
    other = client.post(f"/invitasjon/{token}", data=form_data(
        email="noen.andre@balsfjord.kommune.no", mode=None))
    assert other.status_code == 409
    assert "en annen e-postadresse" in html(other)
    with app.app_context():
        assert count(Registration) == 0
    ok = client.post(f"/invitasjon/{token}", data=form_data(
        name="Ola Ordfører", email="ordforer@balsfjord.kommune.no", mode=None))
    assert ok.status_code == 303
    again = client.post(f"/invitasjon/{token}", data=form_data(
        name="Ola Ordfører", email="ordforer@balsfjord.kommune.no", mode=None))
    assert again.status_code == 409 and "allerede brukt" in html(again)
    assert "allerede brukt" in html(client.get(f"/invitasjon/{token}"))
    with app.app_context():
        registrations = db.session.scalars(select(Registration)).all()
        assert [r.status for r in registrations] == ["confirmed"]
        invitation = db.session.scalar(select(Invitation))
        assert invitation.used_at is not None
        assert invitation.registration_id == registrations[0].id
    assert client.get("/invitasjon/ukjent-lenke").status_code == 404


def test_a_refused_registration_leaves_the_invitation_usable(app, client, world):
    token = _invite(app, world["meeting"], "kari@example.no")
    bad = client.post(f"/invitasjon/{token}", data=form_data(email="kari@example.no",
                                                              mode=None, kommune="9999"))
    assert bad.status_code == 422
    assert client.post(f"/invitasjon/{token}", data=form_data(
        email="kari@example.no", mode=None)).status_code == 303


def test_invitation_form_for_a_member_is_filled_in(app, client, world):
    with app.app_context():
        owner = db.session.scalar(select(User).where(User.email == "a@usht.no"))
        network = db.session.get(Network, world["network"])
        invitations.invite(db.session.get(Event, world["meeting"]),
                           [invitations.Invitee(m.email, m.name, m.id) for m in network.members],
                           owner)
        token = db.session.scalar(select(Invitation.token))
    page = html(client.get(f"/invitasjon/{token}"))
    assert 'value="Tromsø kommune"' in page and 'value="Kari Medlem"' in page
    assert re.search(r'<option selected value="5501"[ >]', page)


# --- a year of gatherings in one step ----------------------------------------------------

def test_member_registers_for_all_gatherings_at_once(app, client, world):
    page = client.get(f"/nettverk/{world['network']}/pamelding")
    assert page.status_code == 200 and "samling 2" in html(page)
    assert "Samarbeidsmøte" not in html(page)
    response = client.post(f"/nettverk/{world['network']}/pamelding",
                           data=form_data(email="kari.medlem@tromso.kommune.no"))
    assert response.status_code == 200
    assert "Du er meldt på 2 samlinger" in html(response)
    with app.app_context():
        rows = db.session.scalars(select(Registration).order_by(Registration.event_id)).all()
        assert [(r.event_id, r.status, r.mode) for r in rows] == [
            (world["gathering"], "confirmed", "physical"),
            (world["second"], "confirmed", "physical")]


def test_register_all_refuses_a_stranger(app, client, world):
    response = client.post(f"/nettverk/{world['network']}/pamelding",
                           data=form_data(email="fremmed@example.no"))
    assert response.status_code == 403
    assert "bare for medlemmer" in html(response)
    with app.app_context():
        assert count(Registration) == 0


def test_register_all_keeps_each_capacity_exact(app, world):
    """The first gathering has 2 seats and no waiting list: the third member gets the other
    gathering only, and the first stays at exactly 2."""
    with app.app_context():
        owner = db.session.scalar(select(User).where(User.email == "a@usht.no"))
        network = db.session.get(Network, world["network"])
        for i in range(1, 4):
            networks.add_member(network, networks.MemberFields(
                f"Medlem {chr(64 + i)}", f"m{i}@example.no", "5501", "X", "leder"), owner)
        results = [networks.register_for_all(db.session.get(Network, world["network"]),
                                             person(i, email=f"m{i}@example.no",
                                                    mode="physical"))
                   for i in range(1, 4)]
        assert [len(r.done) for r in results] == [2, 2, 1]
        assert [(e.id, r.code) for e, r in results[2].refused] == [(world["gathering"], "full")]
        pool = db.session.get(Event, world["gathering"]).pool("physical")
        assert pool.confirmed_count == pool.capacity == 2


def test_register_all_bad_input_and_unknown_network(app, client, world):
    response = client.post(f"/nettverk/{world['network']}/pamelding",
                           data=form_data(email="kari@", name=""))
    assert response.status_code == 422
    assert "Skriv inn navnet ditt." in html(response)
    assert client.get("/nettverk/999999/pamelding").status_code == 404


# --- erasure -----------------------------------------------------------------------------

def test_erasing_an_address_removes_memberships_and_invitations(app, world):
    token = _invite(app, world["meeting"], "kari.medlem@tromso.kommune.no")
    assert token
    with app.app_context():
        admin = db.session.scalar(select(User).where(User.email == "admin@usht.no"))
        erasure.erase_email("KARI.medlem@tromso.kommune.no", "Ønske fra Kari", admin)
        assert count(NetworkMember) == 0 and count(Invitation) == 0
        entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "privacy.erased"))
        assert entry.after["memberships"] == 1 and entry.after["invitations"] == 1


def test_organiser_adding_by_hand_is_not_held_by_the_audience(app, world):
    with app.app_context():
        owner = db.session.scalar(select(User).where(User.email == "a@usht.no"))
        outcome = operations.register(world["gathering"], person(5, mode="physical"),
                                      actor=owner)
        assert outcome.status == "confirmed"
        with pytest.raises(RegistrationRefused) as refused:
            operations.register(world["gathering"], person(6, mode="physical"))
        assert refused.value.code == "members_only"


def xlsx(rows: list[list[Any]]) -> bytes:
    book = Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def workbook_rows(data: bytes) -> list[list[Any]]:
    return [list(r) for r in load_workbook(io.BytesIO(data)).active.iter_rows(values_only=True)]


def test_demo_has_the_network_its_members_only_gatherings_and_the_invited_meeting(
        app, runner, client):
    result = runner.invoke(args=["seed-demo", "--if-empty"])
    assert "Demodata lagt inn" in result.output, result.output
    with app.app_context():
        network = db.session.scalar(select(Network))
        assert network.name == "Mellomledernettverket"
        assert 20 <= len(network.members) <= 30
        assert all(m.email.endswith("@example.no") for m in network.members)
        troms = {m.number for m in __import__("registration.core.municipalities", fromlist=[
            "x"]).all_municipalities().values() if m.county == "Troms"}
        assert {m.kommunenummer for m in network.members} <= troms
        gatherings = db.session.scalars(select(Event).where(
            Event.title.like("Mellomledernettverket%"))).all()
        # three this year, and last year's (for the yearly report), all for the members
        assert len([e for e in gatherings if e.starts_at > utcnow()]) == 3
        assert {(e.audience, e.network_id) for e in gatherings} == {("members", network.id)}
        first = next(e for e in gatherings if e.title.endswith("samling 1"))
        registered = db.session.scalars(select(Registration.email_normalized).where(
            Registration.event_id == first.id)).all()
        members = {m.email_normalized for m in network.members}
        assert registered and set(registered) <= members
        meeting = db.session.scalar(select(Event).where(
            Event.title == "Samarbeidsmøte med kommunene"))
        assert meeting.audience == "invited"
        assert count(Invitation) > 0
    assert "Samarbeidsmøte med kommunene" not in html(client.get("/"))
    assert "For medlemmer av Mellomledernettverket" in html(client.get("/"))


def test_invitation_and_network_message_e_mails_are_rendered(app, world):
    from registration.mail import outbox

    token = _invite(app, world["meeting"], "ordforer@example.no", "Ola Ordfører")
    with app.app_context():
        owner = db.session.scalar(select(User).where(User.email == "a@usht.no"))
        networks.send_message(db.session.get(Network, world["network"]), "Samling 1",
                              "Velkommen <b>til</b> samling 1.", owner)
        for message in db.session.scalars(select(OutboxMessage)):
            outbox.render_to_address(message)
        invitation = db.session.scalar(select(OutboxMessage).where(
            OutboxMessage.kind == "invitation"))
        assert "Hei Ola Ordfører" in invitation.text_body
        assert f"/invitasjon/{token}" in invitation.text_body
        assert "Samarbeidsmøte med kommunene" in invitation.html_body
        assert "kan brukes én gang" in invitation.text_body
        assert " kl. " in invitation.text_body  # the time, the Norwegian way
        note = db.session.scalar(select(OutboxMessage).where(
            OutboxMessage.kind == "network_message"))
        assert "Velkommen <b>til</b> samling 1." in note.text_body
        assert "Velkommen &lt;b&gt;til&lt;/b&gt; samling 1." in note.html_body
        assert "medlem av Mellomledernettverket" in note.text_body


def test_innsyn_lists_memberships_and_invitations(app, world):
    from registration.privacy import access

    _invite(app, world["meeting"], "kari.medlem@tromso.kommune.no", "Kari Medlem")
    with app.app_context():
        data = access.collect("KARI.MEDLEM@tromso.kommune.no")
        sheets = {s.title: s for s in data.sheets}
        assert sheets["Nettverk"].rows[0][:3] == ["Mellomledernettverket", "Kari Medlem",
                                                  "Kari.Medlem@Tromso.Kommune.no"]
        assert sheets["Invitasjoner"].rows[0][0] == "Samarbeidsmøte med kommunene"
        book = load_workbook(io.BytesIO(access.to_xlsx(data)))
        assert "Nettverk" in book.sheetnames and "Invitasjoner" in book.sheetnames


def test_retention_deletes_invitations_with_the_event_s_registrations(app, world, clock):
    from registration.privacy import retention

    _invite(app, world["meeting"], "ordforer@example.no")
    with app.app_context():
        assert retention.run(clock.now)["invitations_deleted"] == 0
        clock.advance(days=31 + 31 * int(app.config["RETENTION_MONTHS"]))
        assert retention.run(clock.now)["invitations_deleted"] == 1
        assert count(Invitation) == 0


def test_a_copy_of_a_gathering_stays_members_only(app, world):
    from registration.events import operations as events

    with app.app_context():
        owner = db.session.scalar(select(User).where(User.email == "a@usht.no"))
        copy = events.duplicate(db.session.get(Event, world["gathering"]), 12,
                                "Mellomledernettverket – samling 3", owner)
        assert (copy.audience, copy.network_id) == ("members", world["network"])
