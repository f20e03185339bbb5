"""A mail worker that dies mid-round leaves its claimed rows `sending`; another worker takes
them again after MAIL_RECLAIM_SECONDS, and not before (tests/scale/ kills a real one)."""

from __future__ import annotations

from flask import Flask
from sqlalchemy import select

from registration.core.extensions import db
from registration.core.types import utcnow
from registration.mail.delivery import claim
from registration.models import OutboxMessage, OutboxStatus
from registration.registrations import operations as registrations
from tests.conftest import make_event, person


def test_claims_of_a_dead_worker_are_taken_again_after_the_reclaim_time(app: Flask,
                                                                       clock) -> None:
    app.config["MAIL_RECLAIM_SECONDS"] = 30
    with app.app_context():
        event = make_event()
        registrations.register(event.id, person(1, mode="physical"))
        first = claim(20, utcnow())  # the worker that then dies
        assert len(first) == 1
        message = db.session.scalars(select(OutboxMessage)).one()
        assert message.status == OutboxStatus.SENDING

        clock.advance(seconds=29)
        assert claim(20, utcnow()) == [], "taken from a worker that may still be sending"
        clock.advance(seconds=2)
        assert claim(20, utcnow()) == first, "left behind by a worker that died"


def test_the_reclaim_time_is_ten_minutes_unless_set(app: Flask, clock) -> None:
    assert app.config["MAIL_RECLAIM_SECONDS"] == 600
    with app.app_context():
        event = make_event()
        registrations.register(event.id, person(1, mode="physical"))
        assert len(claim(20, utcnow())) == 1
        clock.advance(minutes=9, seconds=59)
        assert claim(20, utcnow()) == []
        clock.advance(seconds=2)
        assert len(claim(20, utcnow())) == 1
