"""«Meld meg på alle» (a series of events) on an event where people choose sessions: the
person gets every session still open, each with its own seat, not a refusal."""

from __future__ import annotations

from registration.core.extensions import db
from registration.models import EventSeries
from registration.series import operations as series
from tests.conftest import person
from tests.test_session_choice import choice_event, chosen_status


def test_register_for_all_takes_every_open_session_of_a_choosing_event(app):
    with app.app_context():
        event_id, session_ids = choice_event(sessions=3, capacity=1)
        row = EventSeries(title="Den lille forskjellen 2027", description="")
        db.session.add(row)
        db.session.flush()
        from registration.models import Event
        db.session.get(Event, event_id).series_id = row.id
        db.session.commit()
        [result] = series.register_all(row.id, person(0, mode="digital"))
        assert result.outcome is not None, result.refusal
        registration_id = result.outcome.registration.id
        assert chosen_status(registration_id) == {s: "confirmed" for s in session_ids}
        # the next person waits in each session's own line (one seat each)
        [second] = series.register_all(row.id, person(1, mode="digital"))
        assert set(chosen_status(second.outcome.registration.id).values()) == {"waitlisted"}
