"""The seat rules, on SQLite and PostgreSQL: confirm, waitlist, refuse, promote."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError

from registration.core.extensions import db
from registration.models import Registration, RegistrationStatus, SeatPool, utcnow
from registration.registrations import operations, rules, seats
from tests.conftest import make_event, person


def statuses(event_id: int) -> list[tuple[str, str, str]]:
    rows = db.session.execute(
        select(Registration.email, Registration.mode, Registration.status)
        .where(Registration.event_id == event_id).order_by(Registration.id)
    ).all()
    return [tuple(r) for r in rows]


def test_confirmed_until_full_then_waitlist_in_order(app):
    with app.app_context():
        event = make_event(participation="physical", capacities={"physical": 2})
        outcomes = [operations.register(event.id, person(i)) for i in range(5)]
        assert [o.registration.status for o in outcomes] == [
            "confirmed", "confirmed", "waitlisted", "waitlisted", "waitlisted"]
        assert [o.waitlist_position for o in outcomes] == [None, None, 1, 2, 3]
        pool = db.session.scalar(select(SeatPool).where(SeatPool.event_id == event.id))
        assert pool.confirmed_count == 2 and pool.seats_left == 0


def test_cancel_promotes_first_in_line_and_moves_the_queue(app):
    with app.app_context():
        event = make_event(participation="physical", capacities={"physical": 1})
        first = operations.register(event.id, person(0)).registration
        waiting = [operations.register(event.id, person(i)).registration for i in (1, 2, 3)]
        tokens = [w.token for w in waiting]
        outcome = operations.cancel(first.token)
        assert [p.token for p in outcome.promoted] == [tokens[0]]
        now = {r.token: r for r in db.session.scalars(select(Registration))}
        assert now[first.token].status == "cancelled"
        assert now[tokens[0]].status == "confirmed"
        assert seats.waitlist_position(now[tokens[1]]) == 1
        assert seats.waitlist_position(now[tokens[2]]) == 2


def test_cancelling_a_waitlisted_registration_frees_no_seat(app):
    with app.app_context():
        event = make_event(participation="physical", capacities={"physical": 1})
        operations.register(event.id, person(0))
        waiting = operations.register(event.id, person(1)).registration
        later = operations.register(event.id, person(2)).registration
        outcome = operations.cancel(waiting.token)
        assert outcome.promoted == []
        assert seats.waitlist_position(db.session.get(Registration, later.id)) == 1


def test_full_without_waitlist_is_refused(app):
    with app.app_context():
        event = make_event(participation="physical", capacities={"physical": 1},
                           has_waitlist=False)
        operations.register(event.id, person(0))
        with pytest.raises(rules.RegistrationRefused) as refused:
            operations.register(event.id, person(1))
        assert refused.value.code == "full"
        assert "ingen ledige plasser" in refused.value.message
        assert db.session.scalar(select(func.count(Registration.id))) == 1


def test_modes_have_separate_capacity_and_queues(app):
    with app.app_context():
        event = make_event(capacities={"physical": 1, "digital": None})
        a = operations.register(event.id, person(0, mode="physical"))
        b = operations.register(event.id, person(1, mode="physical"))
        c = operations.register(event.id, person(2, mode="digital"))
        assert (a.registration.status, b.registration.status, c.registration.status) == (
            "confirmed", "waitlisted", "confirmed")


def test_duplicate_email_is_case_insensitive_and_allowed_again_after_cancel(app):
    with app.app_context():
        event = make_event()
        first = operations.register(event.id, person(0, mode="physical",
                                                email="Kari@Tromso.Kommune.no"))
        with pytest.raises(rules.RegistrationRefused) as refused:
            operations.register(event.id, person(1, mode="digital", email="kari@tromso.kommune.NO"))
        assert refused.value.code == "duplicate"
        assert "allerede påmeldt" in refused.value.message
        operations.cancel(first.registration.token)
        again = operations.register(event.id, person(2, mode="digital",
                                                email="KARI@tromso.kommune.no"))
        assert again.registration.status == "confirmed"


def test_database_refuses_a_second_active_registration_even_without_the_check(app):
    """The unique index, not the Python pre-check, is what holds."""
    with app.app_context():
        event = make_event()
        reg = operations.register(event.id, person(0, mode="physical")).registration
        clone = Registration(
            event_id=event.id, token=rules.new_token(), status="waitlisted", waitlist_rank=99,
            mode="digital", name=reg.name, email=reg.email,
            email_normalized=reg.email_normalized, mobile=reg.mobile,
            kommunenummer=reg.kommunenummer, workplace=reg.workplace, role=reg.role,
            privacy_accepted_at=utcnow())
        db.session.add(clone)
        with pytest.raises(IntegrityError):
            db.session.commit()
        db.session.rollback()


def test_database_refuses_more_confirmed_than_capacity(app):
    with app.app_context():
        event = make_event(participation="physical", capacities={"physical": 1})
        operations.register(event.id, person(0))
        with pytest.raises(IntegrityError):
            db.session.execute(update(SeatPool).where(SeatPool.event_id == event.id)
                               .values(confirmed_count=SeatPool.confirmed_count + 1))
            db.session.commit()
        db.session.rollback()


@pytest.mark.parametrize("setup,code", [
    ({"opens_at": utcnow() + timedelta(days=1)}, "not_open"),
    ({"closes_at": utcnow() - timedelta(minutes=1)}, "closed"),
    ({"starts_in": timedelta(hours=-1)}, "past"),
    ({"starts_in": timedelta(days=-10)}, "past"),
    ({"status": "draft"}, "not_found"),
    ({"status": "cancelled"}, "event_cancelled"),
])
def test_registration_window(app, setup, code):
    with app.app_context():
        event = make_event(**setup)
        with pytest.raises(rules.RegistrationRefused) as refused:
            operations.register(event.id, person(0, mode="physical"))
        assert refused.value.code == code
        assert db.session.scalar(select(func.count(Registration.id))) == 0


def test_cancellation_after_deadline_is_refused_with_reason(app):
    with app.app_context():
        event = make_event(cancellation_deadline=utcnow() + timedelta(days=1))
        reg = operations.register(event.id, person(0, mode="physical")).registration
        with pytest.raises(rules.RegistrationRefused) as refused:
            operations.cancel(reg.token, now=utcnow() + timedelta(days=2))
        assert refused.value.code == "cancellation_closed"
        assert "Fristen for å melde seg av" in refused.value.message
        assert db.session.get(Registration, reg.id).status == "confirmed"


def test_cancel_twice_is_refused(app):
    with app.app_context():
        event = make_event()
        reg = operations.register(event.id, person(0, mode="physical")).registration
        operations.cancel(reg.token)
        with pytest.raises(rules.RegistrationRefused) as refused:
            operations.cancel(reg.token)
        assert refused.value.code == "already_cancelled"


def test_raising_capacity_promotes_at_once_and_lowering_below_confirmed_is_refused(app):
    with app.app_context():
        event = make_event(participation="physical", capacities={"physical": 2})
        regs = [operations.register(event.id, person(i)).registration for i in range(5)]
        with pytest.raises(rules.CapacityBelowConfirmed) as below:
            seats.set_capacity(event.id, "physical", 1)
        assert (below.value.confirmed, below.value.capacity) == (2, 1)
        promoted = seats.set_capacity(event.id, "physical", 4)
        assert [p.id for p in promoted] == [regs[2].id, regs[3].id]
        assert [s for _, _, s in statuses(event.id)] == [
            "confirmed", "confirmed", "confirmed", "confirmed", "waitlisted"]
        promoted = seats.set_capacity(event.id, "physical", None)  # unlimited
        assert [p.id for p in promoted] == [regs[4].id]


def test_switch_mode_moves_the_seat_and_promotes_in_the_old_mode(app):
    with app.app_context():
        event = make_event(capacities={"physical": 1, "digital": 5})
        a = operations.register(event.id, person(0, mode="physical")).registration
        b = operations.register(event.id, person(1, mode="physical")).registration
        outcome = operations.change_mode(a.token, "digital")
        assert outcome.registration.mode == "digital"
        assert [p.id for p in outcome.promoted] == [b.id]
        pools = {p.mode: p for p in db.session.scalars(select(SeatPool))}
        assert pools["physical"].confirmed_count == 1 and pools["digital"].confirmed_count == 1


def test_switch_mode_refused_when_the_other_mode_is_full(app):
    with app.app_context():
        event = make_event(capacities={"physical": 1, "digital": 1})
        operations.register(event.id, person(0, mode="digital"))
        a = operations.register(event.id, person(1, mode="physical")).registration
        with pytest.raises(rules.RegistrationRefused) as refused:
            operations.change_mode(a.token, "digital")
        assert refused.value.code == "no_seat_for_switch"
        assert db.session.get(Registration, a.id).mode == "physical"


def test_diet_is_kept_only_with_consent_and_only_where_food_is_served(app):
    with app.app_context():
        food = make_event(serves_food=True)
        nofood = make_event(serves_food=False)
        base = person(0, mode="physical")
        with_consent = rules.Participant(**{**base.__dict__, "diet": "Glutenfri",
                                            "diet_consent": True})
        without = rules.Participant(**{**base.__dict__, "email": "b@x.no", "diet": "Laktose",
                                       "diet_consent": False})
        r1 = operations.register(food.id, with_consent).registration
        r2 = operations.register(food.id, without).registration
        r3 = operations.register(nofood.id, with_consent).registration
        assert (r1.diet, r2.diet, r3.diet) == ("Glutenfri", None, None)
        assert r1.diet_consent_at is not None and r2.diet_consent_at is None


def test_status_counts_match_pool_counter_after_mixed_operations(app):
    with app.app_context():
        event = make_event(capacities={"physical": 3, "digital": 2})
        regs = [operations.register(event.id, person(i, mode=("physical", "digital")[i % 2]))
                .registration for i in range(12)]
        for r in regs[::3]:
            operations.cancel(r.token)
        for pool in db.session.scalars(select(SeatPool).where(SeatPool.event_id == event.id)):
            confirmed = db.session.scalar(select(func.count(Registration.id)).where(
                Registration.event_id == event.id, Registration.mode == pool.mode,
                Registration.status == RegistrationStatus.CONFIRMED))
            assert confirmed == pool.confirmed_count == pool.capacity


def test_already_registered_on_a_full_event_without_waitlist_is_told_so(app):
    with app.app_context():
        event = make_event(participation="physical", capacities={"physical": 1},
                           has_waitlist=False)
        operations.register(event.id, person(0))
        with pytest.raises(rules.RegistrationRefused) as refused:
            operations.register(event.id, person(1, email=person(0).email.upper()))
        assert refused.value.code == "duplicate"


def test_the_app_clock_moves_time_for_the_rules(app, clock):
    """The registration window follows the injectable clock, not the wall clock."""
    with app.app_context():
        ref = make_event(closes_at=utcnow() + timedelta(days=1))
        assert operations.register(ref.id, person(1, mode="physical")).status == "confirmed"
        clock.advance(days=2)
        with pytest.raises(rules.RegistrationRefused) as refused:
            operations.register(ref.id, person(2, mode="physical"))
        assert refused.value.code == "closed"


@pytest.mark.parametrize("backend", ["postgresql"])  # row locks: PostgreSQL's
def test_a_freed_seat_goes_to_the_first_in_line_while_a_new_row_refers_to_them(app):
    """While another transaction writes a row that refers to the first in line (an e-mail
    to the waiting list, an audit entry: PostgreSQL then holds KEY SHARE on their row), a
    freed seat still goes to them; only a registration being changed itself is passed
    over (the promotion does not wait: SKIP LOCKED)."""
    from sqlalchemy import text

    with app.app_context():
        event = make_event(participation="physical", capacities={"physical": 1})
        leaving = operations.register(event.id, person(0))
        first = operations.register(event.id, person(1)).registration.id
        operations.register(event.id, person(2))
        with db.engine.connect() as other:  # another transaction, as an FK insert would
            other.execute(text("SELECT id FROM registration WHERE id = :id FOR KEY SHARE"),
                          {"id": first})
            promoted = operations.cancel(leaving.token).promoted
            other.rollback()
        assert [r.id for r in promoted] == [first]
        assert db.session.get(Registration, first).status == "confirmed"
