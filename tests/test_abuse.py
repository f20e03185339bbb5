"""Abuse of the public writes (issue 12): rate limits per client address and per e-mail,
the honeypot, the per-recipient mail cap, the organiser's clean-up (cancel many, the flood
view) and the host's narrow check-in search."""

from __future__ import annotations

import logging
import re
from dataclasses import replace
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from registration.accounts import operations as auth
from registration.audit.actions import AuditAction
from registration.core.config import RATE_LIMITS, load_config
from registration.core.extensions import db
from registration.evaluations import invitations
from registration.mail.models import MessageKind
from registration.models import (
    AuditEntry,
    EvaluationResponse,
    Event,
    EventSession,
    OutboxMessage,
    Registration,
    RegistrationStatus,
    User,
    utcnow,
)
from registration.registrations import operations
from tests.conftest import api_body, form_data, make_event, person
from tests.test_evaluations import answers, ended_event, tokens

PASSWORD = "riktig-passord-123"
OTHER_ADDRESS = {"REMOTE_ADDR": "10.20.30.40"}
BOTS = ["Bot Alfa", "Bot Beta", "Bot Gamma", "Bot Delta"]


def _count(model, *where) -> int:  # noqa: ANN001
    return db.session.scalar(select(func.count()).select_from(model).where(*where))


def sign_in(client, email: str) -> None:  # noqa: ANN001
    response = client.post("/arrangor/logg-inn", data={"email": email, "password": PASSWORD})
    assert response.status_code == 303


# --- rate limits ---------------------------------------------------------------------------

def test_defaults_are_in_the_configuration(tmp_path, monkeypatch):
    for name in RATE_LIMITS:
        monkeypatch.delenv(name, raising=False)
    config = load_config(tmp_path)
    assert config["REGISTRATION_LIMIT"] == "10 per minute;30 per hour"
    assert config["REGISTRATION_EMAIL_LIMIT"] and config["CHANGE_LIMIT"]
    assert config["EVALUATION_LIMIT"] and config["MAIL_CHURN_LIMIT"] == 3
    monkeypatch.setenv("REGISTRATION_LIMIT", "2 per minute")
    assert load_config(tmp_path)["REGISTRATION_LIMIT"] == "2 per minute"


def test_a_rush_from_one_address_gets_429_and_a_real_participant_still_gets_a_seat(
        app, client):
    app.config["REGISTRATION_LIMIT"] = "5 per minute;8 per hour"
    with app.app_context():
        event = make_event(participation="physical", capacities={"physical": 20},
                           has_waitlist=True)
    statuses = [client.post(f"/api/v1/events/{event.id}/registrations",
                            json=api_body(email=f"bot{i}@spam.example", mode=None)).status_code
                for i in range(30)]
    assert statuses[:5] == [201] * 5 and set(statuses[5:]) == {429}
    refused = client.post(f"/api/v1/events/{event.id}/registrations",
                          json=api_body(email="bot99@spam.example", mode=None))
    assert refused.status_code == 429
    assert refused.get_json()["error"] == "rate_limited"
    assert "Vent" in refused.get_json()["message"]
    assert 1 <= int(refused.headers["Retry-After"]) <= 60

    real = app.test_client().post(f"/api/v1/events/{event.id}/registrations",
                                  json=api_body(email="kari@tromso.kommune.no", mode=None),
                                  environ_base=OTHER_ADDRESS)
    assert real.status_code == 201 and real.get_json()["status"] == "confirmed"
    with app.app_context():
        assert _count(Registration, Registration.event_id == event.id) == 6


def test_the_address_limit_counts_an_ipv6_client_per_64_and_ipv4_per_address(app):
    """One home or phone gets a whole IPv6 /64 and can take any address in it: they count
    as one client. IPv4 addresses count one by one."""
    app.config["REGISTRATION_LIMIT"] = "2 per minute"
    with app.app_context():
        event = make_event(participation="physical", capacities={"physical": 20},
                           has_waitlist=True)

    def register(address: str, i: int) -> int:
        return app.test_client().post(
            f"/api/v1/events/{event.id}/registrations",
            json=api_body(email=f"p{i}@tromso.kommune.no", mode=None),
            environ_base={"REMOTE_ADDR": address}).status_code

    same_64 = ["2001:db8:7:1::5", "2001:db8:7:1:ffff:1:2:3", "2001:db8:7:1::9"]
    assert [register(a, i) for i, a in enumerate(same_64)] == [201, 201, 429]
    assert register("2001:db8:7:2::5", 3) == 201  # the next /64 is another client
    assert [register("10.20.30.40", 4), register("10.20.30.40", 5),
            register("10.20.30.40", 6), register("10.20.30.41", 7)] == [201, 201, 429, 201]
    # an IPv4 client seen through a dual-stack listener is the same IPv4 client
    assert register("::ffff:10.20.30.41", 8) == 201
    assert register("::ffff:10.20.30.41", 9) == 429
    assert register("::ffff:10.20.30.42", 10) == 201


def test_the_form_over_the_limit_answers_429_with_the_typed_form_and_saves_nothing(
        app, client):
    app.config["REGISTRATION_LIMIT"] = "2 per minute"
    with app.app_context():
        event = make_event()
    for i in range(2):
        assert client.post(f"/arrangement/{event.id}",
                           data=form_data(email=f"k{i}@kommune.no")).status_code == 303
    page = client.post(f"/arrangement/{event.id}",
                       data=form_data(name="Åse Ødegård", email="aase@kommune.no",
                                      workplace="Bardu sjukeheim"))
    assert page.status_code == 429
    assert 1 <= int(page.headers["Retry-After"]) <= 60
    html = page.get_data(as_text=True)
    assert "for mange forespørsler" in html and "Vent" in html
    assert 'value="Åse Ødegård"' in html and 'value="Bardu sjukeheim"' in html
    with app.app_context():
        assert _count(Registration) == 2


def test_the_per_email_limit_holds_across_events_and_addresses(app):
    app.config["REGISTRATION_EMAIL_LIMIT"] = "2 per minute"
    with app.app_context():
        events = [make_event(title=f"Webinar {i}") for i in range(3)]
    statuses = [app.test_client().post(
        f"/api/v1/events/{ev.id}/registrations", json=api_body(email="Ola@Harstad.no"),
        environ_base={"REMOTE_ADDR": f"10.0.0.{i}"}).status_code
        for i, ev in enumerate(events)]
    assert statuses == [201, 201, 429]
    # case does not get around it, and the form counts against the same e-mail
    form = app.test_client().post(f"/arrangement/{events[2].id}",
                                  data=form_data(email="OLA@harstad.no"))
    assert form.status_code == 429
    other = app.test_client().post(f"/api/v1/events/{events[2].id}/registrations",
                                   json=api_body(email="kari@harstad.no"))
    assert other.status_code == 201


def test_cancel_and_switch_on_the_personal_page_are_limited(app, client):
    app.config["CHANGE_EMAIL_LIMIT"] = "2 per minute"
    with app.app_context():
        event = make_event()
        token = operations.register(event.id, person(1, mode="physical")).token
    assert client.post(f"/pamelding/{token}/bytt", data={"mode": "digital"}).status_code == 303
    assert client.post(f"/pamelding/{token}/bytt", data={"mode": "physical"}).status_code == 303
    limited = client.post(f"/pamelding/{token}/bytt", data={"mode": "digital"})
    assert limited.status_code == 429 and int(limited.headers["Retry-After"]) >= 1
    html = limited.get_data(as_text=True)
    assert "For mange forsøk" in html and f"/pamelding/{token}" in html
    assert client.post(f"/pamelding/{token}/avmeld").status_code == 429
    assert client.delete(f"/api/v1/registrations/{token}").status_code == 429
    with app.app_context():
        assert db.session.scalar(select(Registration.status).where(
            Registration.token == token)) == RegistrationStatus.CONFIRMED
    # the page itself still opens
    assert client.get(f"/pamelding/{token}").status_code == 200


def test_evaluation_answers_are_limited_per_address_and_keep_what_was_typed(app, client):
    app.config["EVALUATION_LIMIT"] = "1 per minute"
    with app.app_context():
        ended = ended_event()
        invitations.queue_due_invitations(utcnow())
        links = tokens(ended.event_id)
        first, second = (links[i] for i in ended.registration_ids[:2])
        full = answers(ended.event_id, most_useful="Gruppearbeidet")
    assert client.post(f"/evaluering/{first}", data=full).status_code == 303
    limited = client.post(f"/evaluering/{second}", data=full)
    assert limited.status_code == 429 and int(limited.headers["Retry-After"]) >= 1
    html = limited.get_data(as_text=True)
    assert "for mange forespørsler" in html and "Gruppearbeidet" in html
    with app.app_context():
        assert _count(EvaluationResponse) == 1
    # from another address the same answers go in
    assert app.test_client().post(f"/evaluering/{second}", data=full,
                                  environ_base=OTHER_ADDRESS).status_code == 303


@pytest.mark.parametrize("body", [b"{", b"[]", b'{"email": 5}', b'{"email": "\\ud800"}',
                                  b"null", b'{"email": ["a"]}'])
def test_bad_bodies_under_limits_never_give_a_500(app, client, body):
    app.config["REGISTRATION_LIMIT"] = "100 per minute"
    app.config["REGISTRATION_EMAIL_LIMIT"] = "1 per minute"
    with app.app_context():
        event = make_event()
    for _ in range(2):
        response = client.post(f"/api/v1/events/{event.id}/registrations", data=body,
                               content_type="application/json")
        assert response.status_code in (400, 422, 429)
    weird = client.post(f"/arrangement/{event.id}", data=form_data(email="\x00" * 300))
    assert weird.status_code == 422


# --- honeypot ------------------------------------------------------------------------------

def test_the_honeypot_is_out_of_sight_and_reach(app, client):
    with app.app_context():
        event = make_event()
    html = client.get(f"/arrangement/{event.id}").get_data(as_text=True)
    trap = re.search(r'<div class="honeypot" aria-hidden="true">.*?</div>', html, re.S)
    assert trap, "honeypot missing"
    assert 'tabindex="-1"' in trap.group(0) and 'autocomplete="off"' in trap.group(0)
    assert 'name="hjemmeside"' in trap.group(0) and 'value=""' in trap.group(0)


def test_a_filled_honeypot_is_refused_quietly_and_saves_nothing(app, client, caplog):
    with app.app_context():
        event = make_event()
    with caplog.at_level(logging.WARNING):
        page = client.post(f"/arrangement/{event.id}",
                           data=form_data(hjemmeside="http://spam.example", name="Robot Robotsen"))
    assert page.status_code == 422
    html = page.get_data(as_text=True)
    assert "send det en gang til" in html
    assert 'value="Robot Robotsen"' in html  # the rest kept, so a person can simply send again
    assert "spam.example" not in html  # the trap comes back empty
    assert "Honeypot filled" in caplog.text
    with app.app_context():
        assert _count(Registration) == 0 and _count(OutboxMessage) == 0
    # sent again without the trap, it goes through
    again = client.post(f"/arrangement/{event.id}", data=form_data(name="Robot Robotsen"))
    assert again.status_code == 303


def test_a_filled_honeypot_on_the_evaluation_saves_no_answer(app, client):
    with app.app_context():
        ended = ended_event()
        invitations.queue_due_invitations(utcnow())
        link = tokens(ended.event_id)[ended.registration_ids[0]]
        full = answers(ended.event_id)
    assert client.post(f"/evaluering/{link}", data={**full, "hjemmeside": "x"}).status_code \
        == 422
    with app.app_context():
        assert _count(EvaluationResponse) == 0
    assert client.post(f"/evaluering/{link}", data=full).status_code == 303


# --- the mail cap --------------------------------------------------------------------------

def test_a_register_cancel_loop_sends_at_most_three_churn_mails_an_hour(app, clock, caplog):
    churn = (MessageKind.CONFIRMATION, MessageKind.WAITLISTED, MessageKind.CANCELLED)
    with app.app_context():
        event = make_event()
        with caplog.at_level(logging.WARNING):
            for _ in range(5):
                token = operations.register(event.id, person(
                    1, mode="physical", email="Offer@Tromso.kommune.no")).token
                operations.cancel(token)
        sent = _count(OutboxMessage, func.lower(OutboxMessage.to_address)
                      == "offer@tromso.kommune.no", OutboxMessage.kind.in_(churn))
        assert sent == 3
        assert caplog.text.count("Mail cap") == 7
        clock.advance(minutes=61)
        operations.register(event.id, person(1, mode="physical",
                                             email="offer@tromso.kommune.no"))
        assert _count(OutboxMessage, OutboxMessage.kind.in_(churn)) == 4
        # other addresses are not affected
        operations.register(event.id, person(2, mode="physical"))
        assert _count(OutboxMessage, OutboxMessage.to_address == person(2).email) == 1


def test_a_seat_from_the_waiting_list_is_always_told(app, clock):
    with app.app_context():
        event = make_event(participation="physical", capacities={"physical": 1})
        holder = operations.register(event.id, person(1, mode="physical")).token
        waiting = person(2, mode="physical")
        for _ in range(2):  # churn on the waiting list, up to the cap
            token = operations.register(event.id, waiting).token
            operations.cancel(token)
        operations.register(event.id, waiting)  # dropped: over the cap
        operations.cancel(holder)
        assert _count(OutboxMessage, OutboxMessage.to_address == waiting.email,
                      OutboxMessage.kind == MessageKind.PROMOTED) == 1


# --- organisers clean up -------------------------------------------------------------------

@pytest.fixture
def flooded(app):
    """An event with 3 seats: 2 seats and 2 places in line taken by a robot from one
    address, 1 real participant seated and 1 waiting (from elsewhere)."""
    app.config["REGISTRATION_LIMIT"] = ""
    with app.app_context():
        owner = auth.create_user("arrangor@usht.no", "arrangor", PASSWORD, "Arrangør")
        auth.create_user("vert@usht.no", "vert", PASSWORD, "Vert")
        ref = make_event(participation="physical", capacities={"physical": 3})
        event = db.session.get(Event, ref.id)
        event.owner_id = owner.id
        db.session.commit()
    robot = app.test_client()
    real = app.test_client()
    assert real.post(f"/arrangement/{ref.id}", data=form_data(
        name="Kari Ekte", email="kari@tromso.kommune.no"),
        environ_base=OTHER_ADDRESS).status_code == 303
    for i in range(4):
        assert robot.post(f"/arrangement/{ref.id}", data=form_data(
            name=BOTS[i], email=f"bot{i}@spam.example")).status_code == 303
    assert real.post(f"/arrangement/{ref.id}", data=form_data(
        name="Ola Venter", email="ola@harstad.kommune.no"),
        environ_base={"REMOTE_ADDR": "10.9.9.9"}).status_code == 303
    with app.app_context():
        ids = {r.name: r.id for r in db.session.scalars(select(Registration))}
    return ref.id, ids


def test_the_client_address_is_kept_only_as_a_keyed_hash(app, flooded):
    event_id, ids = flooded
    with app.app_context():
        keys = {r.name: r.client_key for r in db.session.scalars(select(Registration))}
    assert len({keys[BOTS[i]] for i in range(4)}) == 1
    assert keys["Kari Ekte"] != keys[BOTS[0]] and len(keys[BOTS[0]]) == 16
    assert "127" not in keys[BOTS[0]] and "10.20" not in keys["Kari Ekte"]


def test_flood_view_groups_by_address_and_domain_and_cancels_the_selection(app, flooded):
    event_id, ids = flooded
    client = app.test_client()
    sign_in(client, "arrangor@usht.no")
    page = client.get(f"/arrangor/arrangement/{event_id}/siste-pameldinger")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "spam.example" in html and "tromso.kommune.no" in html
    with app.app_context():
        bot_key = db.session.get(Registration, ids[BOTS[0]]).client_key
    assert re.search(rf'nokkel={bot_key}">Avsender {bot_key[:8]}</a></td>\s*<td>4</td>', html)

    group = client.get(f"/arrangor/arrangement/{event_id}/siste-pameldinger"
                       f"?gruppe=client&nokkel={bot_key}").get_data(as_text=True)
    ticked = re.findall(r'name="ids" value="(\d+)" form="bulk-cancel" checked', group)
    assert sorted(map(int, ticked)) == sorted(ids[BOTS[i]] for i in range(4))
    assert "Kari Ekte" not in group

    done = client.post(f"/arrangor/arrangement/{event_id}/avmeld-valgte",
                       data={"ids": ticked, "tilbake": "pagang"}, follow_redirects=True)
    assert done.status_code == 200
    text = done.get_data(as_text=True)
    assert "4 påmeldinger er meldt av, uten e-post." in text
    assert "1 fikk plass fra ventelisten." in text
    with app.app_context():
        status = {r.name: r.status for r in db.session.scalars(select(Registration))}
        assert [status[BOTS[i]] for i in range(4)] == [RegistrationStatus.CANCELLED] * 4
        assert status["Kari Ekte"] == status["Ola Venter"] == RegistrationStatus.CONFIRMED
        assert _count(AuditEntry, AuditEntry.action == AuditAction.CANCELLED,
                      AuditEntry.user_id.is_not(None)) == 4
        assert _count(OutboxMessage, OutboxMessage.kind == MessageKind.CANCELLED) == 0
        # the real participant who got the seat is told, and no robot was promoted
        promoted = db.session.scalars(select(OutboxMessage.to_address).where(
            OutboxMessage.kind == MessageKind.PROMOTED)).all()
        assert promoted == ["ola@harstad.kommune.no"]


def test_cancel_many_from_the_participant_list_with_mail(app, flooded):
    event_id, ids = flooded
    client = app.test_client()
    sign_in(client, "arrangor@usht.no")
    html = client.get(f"/arrangor/arrangement/{event_id}").get_data(as_text=True)
    assert html.count('form="bulk-cancel"') == 6 and 'id="bulk-cancel"' in html
    done = client.post(f"/arrangor/arrangement/{event_id}/avmeld-valgte",
                       data={"ids": [str(ids[BOTS[0]]), str(ids[BOTS[1]])], "notify": "1"})
    assert done.status_code == 303 and done.headers["Location"].endswith(
        f"/arrangor/arrangement/{event_id}")
    with app.app_context():
        assert _count(OutboxMessage, OutboxMessage.kind == MessageKind.CANCELLED) == 2
        # both seats went to the next in line: the robot's own places in line came first
        assert db.session.get(Registration, ids[BOTS[2]]).status == "confirmed"


@pytest.mark.parametrize("ids", [[], ["abc"], ["99999999999999999999"], ["-1"], ["1e3"],
                                 ["\x00"]])
def test_cancel_many_bad_input_never_500(app, flooded, ids):
    event_id, _ids = flooded
    client = app.test_client()
    sign_in(client, "arrangor@usht.no")
    response = client.post(f"/arrangor/arrangement/{event_id}/avmeld-valgte",
                           data={"ids": ids}, follow_redirects=True)
    assert response.status_code == 200
    assert "Velg minst én påmelding" in response.get_data(as_text=True)
    with app.app_context():
        assert _count(Registration, Registration.status == "cancelled") == 0


def test_other_events_registrations_cannot_be_cancelled_and_hosts_are_refused(app, flooded):
    event_id, ids = flooded
    with app.app_context():
        other = make_event(title="Annet arrangement")
        event = db.session.get(Event, other.id)
        event.owner_id = db.session.scalar(select(User.id).where(
            User.email == "arrangor@usht.no"))
        db.session.commit()
    client = app.test_client()
    sign_in(client, "arrangor@usht.no")
    client.post(f"/arrangor/arrangement/{other.id}/avmeld-valgte",
                data={"ids": [str(ids[BOTS[0]])]})
    with app.app_context():
        assert db.session.get(Registration, ids[BOTS[0]]).status == "confirmed"
    host = app.test_client()
    sign_in(host, "vert@usht.no")
    assert host.post(f"/arrangor/arrangement/{event_id}/avmeld-valgte",
                     data={"ids": [str(ids[BOTS[0]])]}).status_code == 403
    assert host.get(f"/arrangor/arrangement/{event_id}/siste-pameldinger").status_code == 403


@pytest.mark.parametrize("query", ["?timer=abc", "?gruppe=client&nokkel=%00%ff",
                                   "?gruppe=domain&nokkel=%25", "?gruppe=domain&nokkel=_",
                                   "?gruppe=x&nokkel=" + "a" * 5000, "?timer=24",
                                   "?gruppe=domain&nokkel=a%00b",
                                   "?gruppe=client&nokkel=" + "f" * 16])
def test_flood_view_bad_input_never_500(app, flooded, query):
    event_id, _ids = flooded
    client = app.test_client()
    sign_in(client, "arrangor@usht.no")
    response = client.get(f"/arrangor/arrangement/{event_id}/siste-pameldinger{query}")
    assert response.status_code == 200
    if "nokkel=%25" in query or "nokkel=_" in query:  # wildcards match nothing
        assert 'form="bulk-cancel"' not in response.get_data(as_text=True)


# --- the host's search ---------------------------------------------------------------------

@pytest.fixture
def door(app):
    """An event on now, a host and an organiser; 15 people named Hansen, one Kari Nordmann,
    one literally named "100% _Test"."""
    with app.app_context():
        owner = auth.create_user("arrangor@usht.no", "arrangor", PASSWORD, "Arrangør")
        host = auth.create_user("vert@usht.no", "vert", PASSWORD, "Vert")
        ref = make_event(participation="physical", capacities={"physical": 50}, sessions=2)
        event = db.session.get(Event, ref.id)
        event.owner_id = owner.id
        event.hosts.append(host)
        db.session.commit()
        named = [(f"Per {i} Hansen", f"h{i}@bodo.kommune.no") for i in range(15)]
        named += [("Kari Nordmann", "kari@nordmann.no"), ("100% _Test", "t@x.no")]
        for name, email in named:
            operations.register(ref.id, replace(person(1, mode="physical"), name=name,
                                                email=email))
        # the first day is on now; the second a week from now
        first = db.session.scalars(select(EventSession).where(
            EventSession.event_id == ref.id).order_by(EventSession.starts_at)).first()
        first.starts_at, first.ends_at = utcnow() - timedelta(minutes=30), \
            utcnow() + timedelta(hours=5)
        db.session.commit()
        sessions = db.session.scalars(select(EventSession.id).where(
            EventSession.event_id == ref.id).order_by(EventSession.starts_at)).all()
    return ref.id, sessions


def _search(client, event_id: int, q: str, session: int | None = None) -> dict:  # noqa: ANN001
    url = f"/arrangor/innsjekking/{event_id}/sok"
    response = client.get(url, query_string={"q": q, **({"session": session} if session
                                                        else {})})
    assert response.status_code == 200
    return response.get_json()


def test_a_hosts_broad_searches_return_nothing_useful(app, door):
    event_id, sessions = door
    host = app.test_client()
    sign_in(host, "vert@usht.no")
    assert _search(host, event_id, "ka")["results"] == []  # two letters
    assert _search(host, event_id, "han")["results"] == []  # 15 match: type more
    assert "skriv mer" in _search(host, event_id, "han")["message"]
    for wildcard in ("%%%", "___", "%a%", "_a_"):
        assert _search(host, event_id, wildcard)["results"] == []
    assert _search(host, event_id, "nordmann.no")["results"] == []  # no e-mail matching
    assert _search(host, event_id, "bodo")["results"] == []  # nor e-mail domain
    assert _search(host, event_id, "ordmann")["results"] == []  # word starts only
    found = _search(host, event_id, "nordm")["results"]
    assert [r["name"] for r in found] == ["Kari Nordmann"] and found[0]["code"]
    assert [r["name"] for r in _search(host, event_id, "100%")["results"]] == ["100% _Test"]
    # not for a session other than the one being worked (the second is a week ahead)
    later = _search(host, event_id, "nordm", session=sessions[1])
    assert later["results"] == [] and "pågår" in later["message"]


def test_organisers_keep_e_mail_search_with_wildcards_escaped(app, door):
    event_id, _sessions = door
    organiser = app.test_client()
    sign_in(organiser, "arrangor@usht.no")
    assert [r["name"] for r in _search(organiser, event_id, "nordmann.no")["results"]] \
        == ["Kari Nordmann"]
    assert len(_search(organiser, event_id, "hansen")["results"]) == 10  # at most ten
    assert _search(organiser, event_id, "%%%")["results"] == []
    assert [r["name"] for r in _search(organiser, event_id, "_te")["results"]] \
        == ["100% _Test"]
    assert _search(organiser, event_id, "ka")["results"] == []


def test_a_host_finds_nothing_months_ahead(app):
    with app.app_context():
        host = auth.create_user("vert@usht.no", "vert", PASSWORD, "Vert")
        ref = make_event(starts_in=timedelta(days=60))
        event = db.session.get(Event, ref.id)
        event.hosts.append(db.session.get(User, host.id))
        db.session.commit()
        operations.register(ref.id, person(1, mode="physical"))
    client = app.test_client()
    sign_in(client, "vert@usht.no")
    assert _search(client, ref.id, "kari")["results"] == []
