"""Issue 17 (7): evaluation invitations before the event has ended need an explicit
confirmation that says it locks the questionnaire."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from registration.core.extensions import db
from registration.evaluations import builder, invitations
from registration.models import EvaluationInvitation, Event, User, utcnow
from tests.test_evaluations import ended_event, sign_in


def _running(app) -> int:
    """An event with attendees that has not ended yet (it ends in two hours)."""
    with app.app_context():
        ended = ended_event(ended_hours_ago=-2)
        return ended.event_id


def _invited() -> int:
    return db.session.scalar(select(func.count(EvaluationInvitation.id))) or 0


def test_one_click_before_the_end_only_asks(app, client):
    event_id = _running(app)
    sign_in(client)
    url = f"/arrangor/arrangement/{event_id}/evaluering/send"
    page = client.post(url, data={"group": "confirmed"})
    text = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "Sende evalueringen før arrangementet er ferdig?" in text
    assert "låses skjemaet" in text and "Send nå og lås skjemaet" in text
    assert 'name="before_end" value="yes"' in text and 'value="confirmed"' in text
    with app.app_context():
        assert _invited() == 0
        assert not builder.is_locked(builder.form_of(event_id))
    done = client.post(url, data={"group": "confirmed", "before_end": "yes"})
    assert done.status_code == 303
    with app.app_context():
        assert _invited() == 3 and builder.is_locked(builder.form_of(event_id))


def test_the_rule_holds_in_the_operation_too(app):
    event_id = _running(app)
    with app.app_context():
        event = db.session.get(Event, event_id)
        owner = db.session.scalar(select(User))
        with pytest.raises(invitations.NotEndedYet):
            invitations.invite(event, "attended", owner)
        assert _invited() == 0
        assert invitations.invite(event, "attended", owner, before_end=True) == 2


def test_after_the_end_one_click_sends(app, client):
    with app.app_context():
        ended = ended_event()
    sign_in(client)
    done = client.post(f"/arrangor/arrangement/{ended.event_id}/evaluering/send",
                       data={"group": "attended"})
    assert done.status_code == 303
    with app.app_context():
        assert _invited() == 2


def test_confirmation_step_is_for_the_event_s_organisers_only(app, client):
    from registration.accounts import operations as auth
    from tests.test_evaluations import PASSWORD

    event_id = _running(app)
    url = f"/arrangor/arrangement/{event_id}/evaluering/send"
    with app.app_context():
        auth.create_user("annen@usht.no", "arrangor", PASSWORD)
        auth.create_user("vert2@usht.no", "vert", PASSWORD)
    assert client.post(url, data={"group": "confirmed", "before_end": "yes"}).status_code \
        in (302, 401)
    for other in ("annen@usht.no", "vert2@usht.no"):
        sign_in(client, other)
        assert client.post(url, data={"group": "confirmed", "before_end": "yes"}) \
            .status_code == 403
        client.post("/arrangor/logg-ut")
    with app.app_context():
        assert _invited() == 0
        assert db.session.get(Event, event_id).ends_at - utcnow() > timedelta(0)
