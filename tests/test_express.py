"""The express lane (registrations/express.py): a plain event's registration without the ORM
writes what the whole way writes, refuses what it refuses, and leaves every event with a
further rule to the whole way. And the kept event page (registrations/page_cache.py)."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import select

from registration.core.extensions import db
from registration.courses.models import CourseLevel, CourseTrack
from registration.events.models import Event
from registration.models import AuditEntry, OutboxMessage, Registration
from registration.networks.models import Audience
from registration.questions.models import EventQuestion
from registration.registrations import express, operations
from registration.registrations.models import RegistrationStatus
from tests.conftest import Clock, api_body, form_data, make_event

COMPARED = ("status", "mode", "waitlist_rank", "name", "email", "email_normalized", "mobile",
            "kommunenummer", "workplace", "role", "diet", "person_key", "client_key",
            "language", "waitlist_reason", "quota_exempt", "group_id", "name_folded",
            "workplace_folded")


def _rows(event_id: int) -> dict[str, Any]:
    """What a registration leaves in the database, without ids, random values and times."""
    event = db.session.get(Event, event_id)
    assert event is not None
    order = {s.id: i for i, s in enumerate(event.sessions)}
    registrations = db.session.scalars(select(Registration).where(
        Registration.event_id == event_id).order_by(Registration.id)).all()
    result: dict[str, Any] = {"registrations": [], "outbox": [], "audit": [], "links": []}
    for r in registrations:
        result["registrations"].append({k: getattr(r, k) for k in COMPARED} | {
            "has_token": len(r.token) >= 32, "ticket": len(r.ticket_code or ""),
            "confirmed_at": r.confirmed_at is not None,
            "waitlisted_at": r.waitlisted_at is not None})
    from registration.checkin.models import JoinLink
    for r in registrations:
        result["links"].append(sorted(order[s] for s in db.session.scalars(
            select(JoinLink.session_id).where(JoinLink.registration_id == r.id))))
    ids = {r.id: i for i, r in enumerate(registrations)}
    for m in db.session.scalars(select(OutboxMessage).where(
            OutboxMessage.event_id == event_id).order_by(OutboxMessage.id)):
        details = dict(m.details or {})
        if "invite_session" in details:
            details["invite_session"] = order[details["invite_session"]["id"]]
        result["outbox"].append({
            "who": ids[m.registration_id], "kind": m.kind, "to": m.to_address,
            "to_name": m.to_name, "subject": m.subject, "details": details,
            "ics_method": m.ics_method, "invite_part": m.invite_part, "status": m.status,
            "attempts": m.attempts})
    for a in db.session.scalars(select(AuditEntry).where(
            AuditEntry.event_id == event_id).order_by(AuditEntry.id)):
        result["audit"].append({"who": ids.get(a.registration_id), "action": a.action,
                                "before": a.before, "after": a.after, "user": a.user_id})
    return result


def _no_whole_way(*args: Any, **kwargs: Any) -> Any:
    raise AssertionError("a plain event went the whole way (operations.register)")


def test_express_lane_writes_what_the_whole_way_writes(app: Flask, client, monkeypatch) -> None:
    """Two equal plain events (two sessions, one seat, a waiting list): one registered through
    the express lane, the other the whole way; every row compares equal."""
    with app.app_context():
        fast = make_event(participation="physical", capacities={"physical": 1}, sessions=2)
        whole = make_event(participation="physical", capacities={"physical": 1}, sessions=2)
    people = [api_body(email=f"p{i}@harstad.kommune.no", mode="physical",
                       name=f"Åse Øy{chr(97 + i)}") for i in range(3)]
    answers: dict[str, list[Any]] = {"fast": [], "whole": []}
    with monkeypatch.context() as patched:
        patched.setattr(operations, "register", _no_whole_way)
        for body in people:
            answers["fast"].append(client.post(
                f"/api/v1/events/{fast.id}/registrations", json=body).get_json())
    app.config["EXPRESS_REGISTRATION"] = False
    for body in people:
        answers["whole"].append(client.post(
            f"/api/v1/events/{whole.id}/registrations", json=body).get_json())
    for a in (*answers["fast"], *answers["whole"]):
        assert "token" in a, a
        a.pop("token"), a.pop("event_id")
    assert answers["fast"] == answers["whole"]
    assert [a["status"] for a in answers["fast"]] == ["confirmed", "waitlisted", "waitlisted"]
    assert [a["waitlist_position"] for a in answers["fast"]] == [None, 1, 2]
    with app.app_context():
        written, expected = _rows(fast.id), _rows(whole.id)
    assert written == expected
    # and what it wrote is a whole registration: two invites for the seat, one line each
    assert [m["invite_part"] for m in written["outbox"] if m["who"] == 0] == [1, 2]
    assert written["links"][-3:] == [[0, 1]] * 3


def test_express_lane_refuses_as_the_whole_way(app: Flask, client, clock: Clock,
                                               monkeypatch) -> None:
    monkeypatch.setattr(operations, "register", _no_whole_way)
    with app.app_context():
        no_line = make_event(participation="physical", capacities={"physical": 1},
                             has_waitlist=False)
        later = make_event(participation="digital",
                           opens_at=clock.now + timedelta(days=2))
    path = f"/api/v1/events/{no_line.id}/registrations"
    first = client.post(path, json=api_body(mode="physical"))
    assert first.status_code == 201
    again = client.post(path, json=api_body(mode="physical", email="OLA.nordmann@harstad."
                                                                  "kommune.no"))
    assert (again.status_code, again.get_json()["error"]) == (409, "duplicate")
    full = client.post(path, json=api_body(mode="physical", email="kari@harstad.kommune.no"))
    assert (full.status_code, full.get_json()["error"]) == (409, "full")
    digital = client.post(path, json=api_body(mode="digital", email="x@harstad.kommune.no"))
    assert digital.status_code == 422 and "mode" in digital.get_json()["fields"]
    early = client.post(f"/api/v1/events/{later.id}/registrations", json=api_body())
    assert (early.status_code, early.get_json()["error"]) == (422, "not_open")
    clock.advance(days=40)  # after the event
    past = client.post(f"/api/v1/events/{later.id}/registrations", json=api_body())
    assert (past.status_code, past.get_json()["error"]) == (422, "past")
    with app.app_context():
        stored = db.session.scalars(select(Registration.status)).all()
        pool = db.session.get(Event, no_line.id).pool("physical")  # type: ignore[union-attr]
        assert stored == [RegistrationStatus.CONFIRMED] and pool.confirmed_count == 1


def test_only_plain_events_take_the_express_lane(app: Flask) -> None:
    with app.app_context():
        ids = {name: make_event().id for name in (
            "plain", "quota", "questions", "members", "invited", "sessions", "level",
            "draft", "cancelled")}
        events = {name: db.session.get(Event, i) for name, i in ids.items()}
        events["quota"].kommune_quota = 3
        db.session.add(EventQuestion(event_id=ids["questions"], position=1, kind="short_text",
                                     text="Hva vil du lære?", required=False, health=False))
        events["members"].audience = Audience.MEMBERS
        events["invited"].audience = Audience.INVITED
        events["sessions"].session_choice = "any"
        track = CourseTrack(slug="test-track", name="Testspor")
        db.session.add(track)
        db.session.flush()
        level = CourseLevel(track_id=track.id, number=2, title="Trinn 2")
        db.session.add(level)
        db.session.flush()
        events["level"].level_id, events["level"].requires_previous = level.id, True
        events["draft"].status = "draft"
        events["cancelled"].status = "cancelled"
        db.session.commit()
        plain = {name: express.plain_event(i) is not None for name, i in ids.items()}
    assert plain == {name: name == "plain" for name in ids}


CSRF = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"')
LEFT = re.compile(r"(\d+) ledige? plass(?:er)?")


@pytest.fixture
def kept_app(app: Flask) -> Flask:
    app.config.update(EVENT_PAGE_CACHE_SECONDS=2, WTF_CSRF_ENABLED=True)
    return app


def _seats_left(page: str) -> int:
    found = LEFT.search(page)
    assert found, "no «N ledige plasser» on the page"
    return int(found.group(1))


def test_kept_event_page_gives_each_visitor_their_own_token(kept_app: Flask,
                                                            clock: Clock) -> None:
    app = kept_app
    with app.app_context():
        ref = make_event(participation="physical", capacities={"physical": 5})
    url = f"/arrangement/{ref.id}"
    first, second, third = (app.test_client() for _ in range(3))
    page_one = first.get(url).get_data(as_text=True)
    assert _seats_left(page_one) == 5
    token_one = CSRF.search(page_one).group(1)  # type: ignore[union-attr]
    sent = first.post(url, data=form_data(csrf_token=token_one))
    assert sent.status_code == 303  # registered: 4 seats left in the database
    page_two = second.get(url).get_data(as_text=True)
    token_two = CSRF.search(page_two).group(1)  # type: ignore[union-attr]
    assert token_two != token_one and token_one not in page_two
    assert _seats_left(page_two) == 5  # the kept page: at most 2 seconds old
    # another visitor's token is refused in this session; its own works
    stolen = second.post(url, data=form_data(csrf_token=token_one,
                                             email="kari@harstad.kommune.no"))
    assert stolen.status_code == 400
    own = second.post(url, data=form_data(csrf_token=token_two,
                                          email="kari@harstad.kommune.no"))
    assert own.status_code == 303
    clock.advance(seconds=2)
    assert _seats_left(third.get(url).get_data(as_text=True)) == 3  # kept no longer
    # a query string, or someone signed in, always gets the page of this instant
    second.post(url, data=form_data(csrf_token=CSRF.search(second.get(url).get_data(
        as_text=True)).group(1), email="per@harstad.kommune.no"))  # type: ignore[union-attr]
    assert _seats_left(third.get(url + "?x=1").get_data(as_text=True)) == 2
    assert _seats_left(third.get(url).get_data(as_text=True)) == 3


def test_kept_page_is_off_with_zero(app: Flask, client) -> None:
    with app.app_context():
        ref = make_event(participation="physical", capacities={"physical": 5})
    url = f"/arrangement/{ref.id}"
    assert _seats_left(client.get(url).get_data(as_text=True)) == 5
    client.post(url, data=form_data())
    assert _seats_left(app.test_client().get(url).get_data(as_text=True)) == 4


def test_kept_catalogue_is_at_most_a_moment_old_and_filters_are_of_the_instant(
        kept_app: Flask, clock: Clock) -> None:
    app = kept_app
    with app.app_context():
        ref = make_event(participation="physical", capacities={"physical": 5})
    first, second = app.test_client(), app.test_client()
    assert _seats_left(first.get("/").get_data(as_text=True)) == 5
    taken = app.test_client().post(f"/api/v1/events/{ref.id}/registrations",
                                   json=api_body(mode="physical"))
    assert taken.status_code == 201
    kept = second.get("/")
    assert _seats_left(kept.get_data(as_text=True)) == 5  # the kept page: at most 2 s old
    assert "Set-Cookie" not in kept.headers  # nothing of the visitor's own in it
    assert _seats_left(second.get("/?mode=physical").get_data(as_text=True)) == 4  # a filter
    clock.advance(seconds=2)
    assert _seats_left(second.get("/").get_data(as_text=True)) == 4  # kept no longer
