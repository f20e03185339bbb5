"""«Velg økter»: an event that lets people choose sessions. Each session has its own seats
per mode, its own waiting list and its own deadlines; the API and the form take a subset;
events that do not let people choose are left as they were."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest
from sqlalchemy import select

from registration.core.extensions import db
from registration.models import (
    Event,
    EventSession,
    EventStatus,
    JoinLink,
    OutboxMessage,
    Registration,
    RegistrationSession,
    SessionSeatPool,
)
from registration.registrations import operations, session_choice, session_seats
from registration.registrations.rules import RegistrationRefused
from tests.conftest import api_body, form_data, make_event, person
from tests.live import activity_now


def choice_event(sessions: int = 4, capacity: int | None = 10, **options) -> tuple[int, list[int]]:
    """A digital webinar series of ``sessions`` parts a week apart, people choose parts;
    each part has ``capacity`` seats. Returns the event id and the session ids in order."""
    options.setdefault("participation", "digital")
    options.setdefault("capacities", {"digital": capacity})
    event_ref = make_event(title="Den lille forskjellen", kind="webinarserie",
                           sessions=sessions, **options)
    event = db.session.get(Event, event_ref.id)
    session_seats.let_choose_sessions(event)
    db.session.commit()
    return event.id, [s.id for s in event.sessions]


def chosen_status(registration_id: int) -> dict[int, str]:
    return {r.session_id: r.status for r in db.session.scalars(select(RegistrationSession).where(
        RegistrationSession.registration_id == registration_id))}


def test_event_json_says_which_and_gives_each_sessions_modes(app, client):
    with app.app_context():
        event_id, ids = choice_event(capacity=3)
        plain = make_event(sessions=2).id
        operations.register(event_id, Participant(0, ids[:1]))
    body = client.get(f"/api/v1/events/{event_id}").get_json()
    assert body["session_choice"] == "any"
    assert [s["id"] for s in body["sessions"]] == ids
    assert body["sessions"][0]["modes"] == [
        {"mode": "digital", "capacity": 3, "seats_left": 2, "waitlist": True}]
    assert body["sessions"][1]["modes"][0]["seats_left"] == 3
    other = client.get(f"/api/v1/events/{plain}").get_json()
    assert other["session_choice"] == "all"
    assert all(s["modes"] == other["modes"] for s in other["sessions"])


def Participant(i: int, session_ids: list[int], mode: str | None = None):  # noqa: N802
    """person(i) choosing ``session_ids`` (named like the dataclass it makes)."""
    return replace(person(i, mode=mode), session_ids=tuple(session_ids))


def test_api_registers_a_subset_with_each_sessions_own_seats_and_line(app, client):
    with app.app_context():
        event_id, ids = choice_event(capacity=1)
    path = f"/api/v1/events/{event_id}/registrations"
    first = client.post(path, json=api_body(email="en@kommune.no", session_ids=[ids[0], ids[2]]))
    assert first.status_code == 201, first.text
    assert first.get_json()["status"] == "confirmed"
    assert first.get_json()["sessions"] == [
        {"id": ids[0], "status": "confirmed", "waitlist_position": None},
        {"id": ids[2], "status": "confirmed", "waitlist_position": None}]
    # The next one gets part 2 (free) and waits for part 3 (its one seat is taken).
    second = client.post(path, json=api_body(email="to@kommune.no",
                                             session_ids=[ids[1], ids[2]])).get_json()
    assert second["status"] == "confirmed"
    assert second["sessions"] == [
        {"id": ids[1], "status": "confirmed", "waitlist_position": None},
        {"id": ids[2], "status": "waitlisted", "waitlist_position": 1}]
    # Only the full sessions chosen: waiting as a whole.
    third = client.post(path, json=api_body(email="tre@kommune.no",
                                            session_ids=[ids[2]])).get_json()
    assert third["status"] == "waitlisted" and third["waitlist_position"] == 2
    read = client.get(f"/api/v1/registrations/{third['token']}").get_json()
    assert read["waitlist_position"] == 2
    assert read["sessions"] == [{"id": ids[2], "status": "waitlisted", "waitlist_position": 2}]
    with app.app_context():
        pools = {p.session_id: p.confirmed_count for p in db.session.scalars(
            select(SessionSeatPool))}
        assert pools == {ids[0]: 1, ids[1]: 1, ids[2]: 1, ids[3]: 0}
        # join links only for the chosen sessions
        links = db.session.scalars(select(JoinLink.session_id).join(Registration).where(
            Registration.email_normalized == "en@kommune.no")).all()
        assert sorted(links) == [ids[0], ids[2]]


@pytest.mark.parametrize("session_ids, message", [
    (None, "Velg minst én økt."), ([], "Velg minst én økt."),
    ([999999], "Velg bare blant øktene til arrangementet."),
    (["x"], "Velg bare blant øktene til arrangementet."),
    ("1", "Velg bare blant øktene til arrangementet."),
    ([True], "Velg bare blant øktene til arrangementet.")])
def test_api_refuses_unknown_or_no_sessions_next_to_the_field(app, client, session_ids, message):
    with app.app_context():
        event_id, _ids = choice_event()
    body = api_body()
    if session_ids is not None:
        body["session_ids"] = session_ids
    refused = client.post(f"/api/v1/events/{event_id}/registrations", json=body)
    assert refused.status_code == 422
    assert refused.get_json()["fields"] == {"session_ids": message}
    with app.app_context():
        assert db.session.scalar(select(Registration.id)) is None


def test_another_events_session_is_unknown(app, client):
    with app.app_context():
        event_id, _ids = choice_event()
        other = make_event(sessions=2)
        other_session = db.session.get(Event, other.id).sessions[0].id
    refused = client.post(f"/api/v1/events/{event_id}/registrations",
                          json=api_body(session_ids=[other_session]))
    assert refused.status_code == 422 and "session_ids" in refused.get_json()["fields"]


def test_events_that_do_not_let_people_choose_ignore_session_ids(app, client):
    with app.app_context():
        plain = make_event(sessions=3)
    created = client.post(f"/api/v1/events/{plain.id}/registrations",
                          json=api_body(mode="digital", session_ids=[123456]))
    assert created.status_code == 201 and "sessions" not in created.get_json()
    with app.app_context():
        assert db.session.scalar(select(RegistrationSession.id)) is None
        links = db.session.scalars(select(JoinLink.session_id)).all()
        assert len(links) == 3  # every session, as always


def test_form_keeps_what_was_typed_and_says_why_next_to_the_choice(app, client):
    with app.app_context():
        event_id, ids = choice_event()
    page = client.get(f"/arrangement/{event_id}")
    assert 'name="sessions"' in page.text and "Hvilke økter vil du delta på?" in page.text
    empty = client.post(f"/arrangement/{event_id}", data=form_data(name="Kari Typet"))
    assert empty.status_code == 422
    assert 'id="sessions-error"' in empty.text and "Velg minst én økt." in empty.text
    assert 'value="Kari Typet"' in empty.text
    unknown = client.post(f"/arrangement/{event_id}",
                          data={**form_data(), "sessions": [str(ids[1]), "999999"]})
    assert unknown.status_code == 422
    assert "Velg bare blant øktene til arrangementet." in unknown.text
    assert f'id="session-{ids[1]}" value="{ids[1]}" checked' in unknown.text
    done = client.post(f"/arrangement/{event_id}",
                       data={**form_data(), "sessions": [str(ids[1]), str(ids[3])]})
    assert done.status_code == 303
    with app.app_context():
        registration = db.session.scalars(select(Registration)).one()
        assert chosen_status(registration.id) == {ids[1]: "confirmed", ids[3]: "confirmed"}


def test_join_a_series_at_part_three_until_each_sessions_own_deadline(app, client, clock):
    with app.app_context():
        event_id, ids = choice_event()
        third = db.session.get(EventSession, ids[2])
        third.registration_closes_at = third.starts_at - timedelta(days=1)
        db.session.commit()
    clock.advance(days=38)  # parts 1 and 2 have taken place; part 3 starts in ~6 days
    path = f"/api/v1/events/{event_id}/registrations"
    late = client.post(path, json=api_body(session_ids=[ids[0], ids[2]]))
    assert late.status_code == 422 and late.get_json()["error"] == "session_closed"
    joined = client.post(path, json=api_body(session_ids=[ids[2], ids[3]]))
    assert joined.status_code == 201, joined.text
    page = client.get(f"/arrangement/{event_id}")
    assert f'id="session-{ids[0]}" value="{ids[0]}" disabled' in page.text
    assert "påmeldingen er stengt" in page.text
    clock.advance(days=5, hours=12)  # past part 3's own deadline, before its start
    closed = client.post(path, json=api_body(email="sen@kommune.no", session_ids=[ids[2]]))
    assert closed.status_code == 422 and closed.get_json()["error"] == "session_closed"
    assert client.post(path, json=api_body(email="sen@kommune.no", session_ids=[ids[3]])
                       ).status_code == 201


def test_cancelling_passes_each_sessions_seat_to_its_own_line(app):
    with app.app_context():
        event_id, ids = choice_event(capacity=1)
        first = operations.register(event_id, Participant(0, [ids[0], ids[1]]))
        waits_for_1 = operations.register(event_id, Participant(1, [ids[0]]))
        waits_for_2 = operations.register(event_id, Participant(2, [ids[1], ids[2]]))
        assert waits_for_1.status == "waitlisted"
        assert chosen_status(waits_for_2.registration.id) == {ids[1]: "waitlisted",
                                                              ids[2]: "confirmed"}
        tokens = (first.token, waits_for_1.token, waits_for_2.token)
        ids_of = (first.registration.id, waits_for_1.registration.id,
                  waits_for_2.registration.id)
        outcome = operations.cancel(tokens[0])
        assert sorted(r.id for r in outcome.promoted) == sorted(ids_of[1:])
        assert chosen_status(ids_of[1]) == {ids[0]: "confirmed"}
        assert db.session.get(Registration, ids_of[1]).status == "confirmed"
        assert chosen_status(ids_of[2]) == {ids[1]: "confirmed", ids[2]: "confirmed"}
        pools = {p.session_id: p.confirmed_count for p in db.session.scalars(
            select(SessionSeatPool))}
        assert pools == {ids[0]: 1, ids[1]: 1, ids[2]: 1, ids[3]: 0}
        # the promoted get an invite for the session they got, only
        promoted = db.session.scalars(select(OutboxMessage).where(
            OutboxMessage.registration_id == ids_of[2], OutboxMessage.kind == "promoted")).all()
        assert [m.details["invite_session"] for m in promoted] == [{"id": ids[1]}]


def test_a_freed_session_seat_skips_those_whose_kommune_has_its_share(app):
    """The kommune quota holds when a session's seat is passed on: the first in that
    session's line is skipped while their kommune has its share, as on other events."""
    with app.app_context():
        event_id, ids = choice_event(capacity=1)
        db.session.get(Event, event_id).kommune_quota = 1
        db.session.commit()
        bodo = "1804"
        tromso_share = operations.register(event_id, Participant(0, [ids[1]]))  # 5501's one
        leaving = operations.register(event_id, replace(Participant(1, [ids[0]]),
                                                        kommunenummer=bodo))
        tromso_waits = operations.register(event_id, Participant(2, [ids[0]]))
        bodo_waits = operations.register(event_id, replace(Participant(3, [ids[0]]),
                                                           kommunenummer=bodo))
        assert (tromso_share.status, leaving.status) == ("confirmed", "confirmed")
        assert tromso_waits.status == bodo_waits.status == "waitlisted"
        outcome = operations.cancel(leaving.token)
        assert [r.id for r in outcome.promoted] == [bodo_waits.registration.id]
        assert chosen_status(tromso_waits.registration.id) == {ids[0]: "waitlisted"}
        assert db.session.get(Registration, tromso_waits.registration.id).status == \
            "waitlisted"
        # part 1's seat comes free again while Tromsø still has its share: it stays free
        operations.cancel(bodo_waits.token)
        assert chosen_status(tromso_waits.registration.id) == {ids[0]: "waitlisted"}
        assert db.session.get(SessionSeatPool, session_seats.session_pool(
            ids[0], "digital").id).confirmed_count == 0
        # the holder of Tromsø's share leaves part 2: the share is free, so part 1's free
        # seat goes to Tromsø's first in line, with its invite
        outcome = operations.cancel(tromso_share.token)
        assert [r.id for r in outcome.promoted] == [tromso_waits.registration.id]
        assert chosen_status(tromso_waits.registration.id) == {ids[0]: "confirmed"}
        assert db.session.get(Registration, tromso_waits.registration.id).status == \
            "confirmed"
        assert db.session.scalars(select(OutboxMessage.kind).where(
            OutboxMessage.registration_id == tromso_waits.registration.id)).all()[-1] == \
            "promoted"


def test_dropping_the_shares_last_seat_passes_a_seat_held_back_for_the_quota(app):
    with app.app_context():
        event_id, ids = choice_event(capacity=1)
        db.session.get(Event, event_id).kommune_quota = 1
        db.session.commit()
        bodo = "1804"
        operations.register(event_id, replace(Participant(0, [ids[3]]), kommunenummer=bodo))
        share = operations.register(event_id, Participant(1, [ids[1], ids[3]]))  # Tromsø's
        leaving = operations.register(event_id, replace(Participant(2, [ids[0]]),
                                                        kommunenummer=bodo))
        waits = operations.register(event_id, Participant(3, [ids[0]]))
        operations.cancel(leaving.token)  # part 1's seat free, held back: Tromsø has its share
        assert chosen_status(waits.registration.id) == {ids[0]: "waitlisted"}
        outcome = session_choice.drop_session(share.token, ids[1])  # its only seat
        assert chosen_status(share.registration.id) == {ids[1]: "cancelled",
                                                        ids[3]: "waitlisted"}
        assert [r.id for r in outcome.promoted] == [waits.registration.id]
        assert chosen_status(waits.registration.id) == {ids[0]: "confirmed"}


def test_each_chosen_session_is_reminded_of_on_its_own(app):
    """A series where people choose parts: the reminder comes before each part, to those
    with a seat in that part, and tells of that part; not once before the first part."""
    from registration.events.reminders import queue_due_reminders
    from registration.mail import outbox

    with app.app_context():
        event_id, ids = choice_event(sessions=3, capacity=1)
        db.session.get(Event, event_id).reminder_days = 2
        db.session.commit()
        both = operations.register(event_id, Participant(0, [ids[0], ids[2]])).registration.id
        middle = operations.register(event_id, Participant(1, [ids[1]])).registration.id
        waits = operations.register(event_id, Participant(2, [ids[2]])).registration.id
        starts = [db.session.get(EventSession, i).starts_at for i in ids]

        def reminders() -> list[OutboxMessage]:
            return list(db.session.scalars(select(OutboxMessage).where(
                OutboxMessage.kind == "reminder").order_by(OutboxMessage.id)))

        assert queue_due_reminders(starts[0] - timedelta(days=3)) == 0  # not yet
        assert queue_due_reminders(starts[0] - timedelta(days=1)) == 1
        assert queue_due_reminders(starts[0] - timedelta(hours=20)) == 0  # once a session
        assert queue_due_reminders(starts[1] - timedelta(days=1)) == 1
        assert queue_due_reminders(starts[2] - timedelta(days=1)) == 1  # not the one waiting
        sent = [(m.registration_id, m.details["reminder_session"]) for m in reminders()]
        assert sent == [(both, ids[0]), (middle, ids[1]), (both, ids[2])]
        assert waits not in {who for who, _ in sent}
        third = outbox.preview(reminders()[-1]).text_body or ""
        assert "Dag 3" in third and "Dag 1" not in third and "Dag 2" not in third


def test_no_waiting_list_refuses_a_full_session_and_keeps_nothing(app):
    with app.app_context():
        event_id, ids = choice_event(capacity=1, has_waitlist=False)
        operations.register(event_id, Participant(0, [ids[1]]))
        with pytest.raises(RegistrationRefused) as refused:
            operations.register(event_id, Participant(1, [ids[0], ids[1]]))
        assert refused.value.code == "full"
        pools = {p.session_id: p.confirmed_count for p in db.session.scalars(
            select(SessionSeatPool))}
        assert pools[ids[0]] == 0 and pools[ids[1]] == 1  # part 1's seat rolled back too


def test_mode_switch_is_refused_where_sessions_are_chosen(app):
    with app.app_context():
        event_id, ids = choice_event(participation="hybrid",
                                     capacities={"physical": 5, "digital": 5})
        outcome = operations.register(event_id, Participant(0, [ids[0]], mode="physical"))
        with pytest.raises(RegistrationRefused) as refused:
            operations.change_mode(outcome.token, "digital")
        assert refused.value.code == "sessions_mode_fixed"


def test_raising_a_sessions_capacity_promotes_from_its_line(app, clock):
    from registration.core.types import utcnow

    with app.app_context():
        event_id, ids = choice_event(capacity=0)
        waiting = operations.register(event_id, Participant(0, [ids[0], ids[1]]))
        assert waiting.status == "waitlisted"
        promoted = session_seats.set_session_capacity(ids[1], "digital", 1, utcnow())
        db.session.commit()
        assert [r.id for r in promoted] == [waiting.registration.id]
        assert chosen_status(waiting.registration.id) == {ids[0]: "waitlisted",
                                                          ids[1]: "confirmed"}
        assert db.session.get(Registration, waiting.registration.id).status == "confirmed"
        assert session_choice.invite_ids(db.session.get(Registration,
                                                        waiting.registration.id)) == [ids[1]]


def test_the_events_seats_are_summed_over_the_sessions_still_open(app, client, clock):
    from registration.registrations import overrides, seats

    with app.app_context():
        event_id, ids = choice_event(sessions=3, capacity=2)
        operations.register(event_id, Participant(0, [ids[0], ids[1]]))
        operations.register(event_id, Participant(1, [ids[0]]))
        waiting = operations.register(event_id, Participant(2, [ids[0]])).registration.id
        [summary] = seats.seat_summary(db.session.get(Event, event_id))
        assert (summary["capacity"], summary["seats_left"], summary["waiting"]) == (6, 3, 1)
        # the organiser's «confirm over capacity» is the sessions' business here
        with pytest.raises(RegistrationRefused) as refused:
            overrides.confirm_over_capacity(waiting, actor=None)
        assert refused.value.code == "per_session"
    body = client.get(f"/api/v1/events/{event_id}").get_json()
    assert body["modes"][0]["seats_left"] == 3
    clock.advance(days=31)  # part 1 is over: only parts 2 and 3 count
    with app.app_context():
        [summary] = seats.seat_summary(db.session.get(Event, event_id))
        assert (summary["capacity"], summary["seats_left"]) == (4, 3)


def test_the_door_lets_in_only_those_with_a_seat_in_this_session(app):
    from registration.checkin import operations as checkin

    with app.app_context():
        event_id, ids = choice_event(sessions=2, capacity=1, participation="physical",
                                     capacities={"physical": 1})
        kari = operations.register(event_id, Participant(0, [ids[0]])).registration
        ola = operations.register(event_id, Participant(1, [ids[0], ids[1]])).registration
        first, second = (db.session.get(EventSession, i) for i in ids)
        assert checkin.look_up(second, kari.ticket_code).result == "not_registered"
        assert checkin.look_up(first, ola.ticket_code).result == "waitlisted"
        assert checkin.check_in(first, kari.ticket_code, None).result == "checked_in"
        assert checkin.check_in(second, ola.ticket_code, None).result == "checked_in"
        assert checkin.counts(first) == {"checked_in": 1, "expected": 1}
        # a walk-in at a full session is refused; the seat is the session's
        with pytest.raises(checkin.WalkInRefused):
            checkin.walk_in(second, person(5), None)


def test_join_links_and_mails_only_for_sessions_with_a_seat(app):
    from registration.checkin import joinlinks
    from registration.mail import outbox

    with app.app_context():
        event_id, ids = choice_event(sessions=3, capacity=1)
        operations.register(event_id, Participant(0, [ids[1]]))
        outcome = operations.register(event_id, Participant(1, [ids[0], ids[1]]))
        registration = db.session.get(Registration, outcome.registration.id)
        tokens = joinlinks.tokens_for(registration)
        assert list(tokens) == [ids[0]]  # part 2 is only waited for
        all_links = db.session.scalars(select(JoinLink).where(
            JoinLink.registration_id == registration.id)).all()
        waiting_link = next(link.token for link in all_links if link.session_id == ids[1])
        assert joinlinks.find(waiting_link) is None
        assert joinlinks.find(tokens[ids[0]]) is not None
        message = db.session.scalars(select(OutboxMessage).where(
            OutboxMessage.registration_id == registration.id)).first()
        with app.test_request_context("/"):
            outbox.render(message, registration)
        assert "Dag 1" in message.text_body and "Dag 3" not in message.text_body
        assert "(venteliste)" in message.text_body.split("Dag 2")[1].splitlines()[0]


@pytest.mark.parametrize("new_quota", [None, 2])
def test_clearing_or_raising_the_quota_gives_the_seats_held_back_for_it(app, client, new_quota):
    """A seat left free in a session because the first in its line came from a kommune at
    its share goes to them once the organiser clears or raises the quota (as on events
    without chosen sessions), with the e-mail that the organiser made room."""
    from registration.events import operations as events

    with app.app_context():
        event_id, ids, waits = _held_back_for_the_quota()
        event = db.session.get(Event, event_id)
        promoted = events.update(event, _fields_of(event, kommune_quota=new_quota), None)
        assert [r.id for r in promoted] == [waits.id]
        assert chosen_status(waits.id) == {ids[0]: "confirmed"}
        assert db.session.get(Registration, waits.id).status == "confirmed"
        assert db.session.get(SessionSeatPool, session_seats.session_pool(
            ids[0], "digital").id).confirmed_count == 1
        mail = db.session.scalars(select(OutboxMessage).where(
            OutboxMessage.registration_id == waits.id)
            .order_by(OutboxMessage.id.desc())).first()
        assert mail.kind == "promoted" and mail.details["invite_session"] == {"id": ids[0]}
        assert "arrangøren har gjort plass til deg" in (outbox_preview(mail).text_body or "")
        assert db.session.get(Event, event_id).kommune_quota == new_quota


def outbox_preview(message: OutboxMessage):  # noqa: ANN201
    from registration.mail import outbox

    return outbox.preview(message)


def _held_back_for_the_quota() -> tuple[int, list[int], Registration]:
    """Quota 1, one seat a session: part 1's seat is free but held back (Tromsø has its
    share in part 2), and a Tromsø participant waits for it."""
    event_id, ids = choice_event(capacity=1)
    db.session.get(Event, event_id).kommune_quota = 1
    db.session.commit()
    operations.register(event_id, Participant(0, [ids[1]]))  # Tromsø's share
    leaving = operations.register(event_id, replace(Participant(1, [ids[0]]),
                                                    kommunenummer="1804"))
    waits = operations.register(event_id, Participant(2, [ids[0]])).registration
    operations.cancel(leaving.token)
    assert chosen_status(waits.id) == {ids[0]: "waitlisted"}
    return event_id, ids, waits


def _fields_of(event: Event, **changes):  # noqa: ANN003, ANN202
    from registration.events import operations as events
    from registration.events.manage import _form_data

    data = _form_data(event).__dict__
    fields = dict(
        title=data["title"], kind=data["kind"], topic_ids=list(data.get("topics") or []),
        description=data["description"], participation=data["participation"],
        capacities={"digital": 1}, has_waitlist=True, serves_food=False,
        registration_opens_at=None, registration_closes_at=None, cancellation_deadline=None,
        kommune_quota=event.kommune_quota, session_choice="any")
    return events.EventFields(**{**fields, **changes})


def test_no_seat_is_handed_out_at_a_cancelled_event(app):
    """After «the event is cancelled», never «you have a seat»: clearing the quota or
    raising the capacity of a cancelled event promotes nobody."""
    from registration.events import operations as events

    with app.app_context():
        event_id, ids, waits = _held_back_for_the_quota()
        event = db.session.get(Event, event_id)
        events.set_status(event, EventStatus.CANCELLED, None)
        event = db.session.get(Event, event_id)
        assert events.update(event, _fields_of(event, kommune_quota=None,
                                               capacities={"digital": 3}), None) == []
        assert chosen_status(waits.id) == {ids[0]: "waitlisted"}
        assert "promoted" not in db.session.scalars(select(OutboxMessage.kind).where(
            OutboxMessage.registration_id == waits.id)).all()


def test_a_session_begun_lets_nobody_in_from_its_line(app):
    """More seats in a session already under way (or over) promote nobody into it: as with
    registering, it is too late; the sessions to come get theirs."""
    from registration.core.types import utcnow
    from registration.events import operations as events

    with app.app_context():
        event_id, ids = choice_event(sessions=2, capacity=1)
        operations.register(event_id, Participant(0, ids))
        waits = operations.register(event_id, Participant(1, ids)).registration.id
        begun = db.session.get(EventSession, ids[0])
        begun.starts_at = utcnow() - timedelta(hours=1)
        db.session.commit()
        event = db.session.get(Event, event_id)
        promoted = events.update(event, _fields_of(event, capacities={"digital": 2}), None)
        assert [r.id for r in promoted] == [waits]  # for part 2 only
        assert chosen_status(waits) == {ids[0]: "waitlisted", ids[1]: "confirmed"}


@pytest.mark.parametrize("backend", ["postgresql"])  # row locks: PostgreSQL's
def test_cancelling_while_the_organiser_clears_the_quota_does_not_deadlock(app, monkeypatch):
    """The organiser's edit holds the event's row and offers the held-back seat to the
    first in line; at that moment that person cancels. The cancellation takes the event's
    row before its registration's (seats.lock_event_of_chooser), so it waits for the edit
    and then cancels the seat just given; taken the other way round, each would wait for
    the other and PostgreSQL would abort one (a deadlock: tried, it did)."""
    import threading
    import time

    from registration.events import operations as events

    with app.app_context():
        event_id, ids, waits = _held_back_for_the_quota()
        token, waits_id = waits.token, waits.id
    offering, results = threading.Event(), {}
    real_offer = session_seats.offer_free_seats

    def offer_once_the_cancel_waits(*args, **kwargs):  # noqa: ANN002, ANN003, ANN202
        offering.set()
        with db.engine.connect() as watcher:  # another connection: is a backend waiting?
            deadline = time.monotonic() + 60
            while time.monotonic() < deadline and not activity_now(
                    watcher, "SELECT count(*) FROM pg_stat_activity WHERE "
                    "datname = current_database() AND wait_event_type = 'Lock'"):
                time.sleep(0.02)
            results["cancel was waiting"] = time.monotonic() < deadline
        return real_offer(*args, **kwargs)

    monkeypatch.setattr(session_seats, "offer_free_seats", offer_once_the_cancel_waits)

    def attempt(name: str, action) -> None:  # noqa: ANN001
        with app.app_context():
            try:
                action()
                results[name] = "done"
            except Exception as error:  # noqa: BLE001  (the deadlock's abort, reported)
                results[name] = type(error).__name__
            finally:
                db.session.remove()

    def edit() -> None:
        event = db.session.get(Event, event_id)
        events.update(event, _fields_of(event, kommune_quota=None), None)

    def cancel() -> None:
        assert offering.wait(60)
        operations.cancel(token)

    threads = [threading.Thread(target=attempt, args=("edit", edit)),
               threading.Thread(target=attempt, args=("cancel", cancel))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    assert results == {"cancel was waiting": True, "edit": "done", "cancel": "done"}
    with app.app_context():
        assert db.session.get(Registration, waits_id).status == "cancelled"
        assert db.session.get(Event, event_id).kommune_quota is None
        assert db.session.get(SessionSeatPool, session_seats.session_pool(
            ids[0], "digital").id).confirmed_count == 0
