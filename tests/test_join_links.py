"""Digital join links (issue 12, point 3): their own token, nothing personal, attendance only
on a real click inside the session's window."""

from __future__ import annotations

import re
from datetime import timedelta

from icalendar import Calendar
from sqlalchemy import func, select

from registration.checkin import joinlinks
from registration.core.extensions import db
from registration.evaluations import builder
from registration.evaluations.invitations import queue_due_invitations
from registration.mail import calendar
from registration.models import (
    CheckIn,
    EvaluationInvitation,
    Event,
    EventSession,
    JoinLink,
    Registration,
    RegistrationStatus,
    utcnow,
)
from registration.registrations import operations
from tests.conftest import make_event, person

MEETING = "https://teams.example/møte"


def _digital(app, *, join_url: str = MEETING, sessions: int = 1) -> dict:
    with app.app_context():
        event = make_event(participation="digital", sessions=sessions)
        db.session.get(Event, event.id).join_url = join_url
        builder.attach_standard(db.session.get(Event, event.id))
        db.session.commit()
        registration = operations.register(event.id, person(0, mode="digital")).registration
        reg = db.session.get(Registration, registration.id)
        tokens = joinlinks.tokens_for(reg)
        sessions_ = sorted(reg.event.sessions, key=lambda s: s.starts_at)
        ics = calendar.invite(reg)
        return {"event": event.id, "registration": reg.id, "token": reg.token,
                "name": reg.name, "email": reg.email, "ics": ics,
                "join": [tokens[s.id] for s in sessions_],
                "starts": [s.starts_at for s in sessions_]}


def _checkins(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(CheckIn))


def _to_window(clock, starts) -> None:
    """Move the clock to ten minutes before the session starts."""
    clock.advance(seconds=(starts - timedelta(minutes=10) - utcnow()).total_seconds())


def test_a_shared_invites_join_link_opens_no_personal_page_and_cannot_cancel(app, client,
                                                                           clock):
    d = _digital(app)
    vevent = Calendar.from_ical(d["ics"]).walk("VEVENT")[0]
    location = str(vevent["LOCATION"])
    assert re.fullmatch(r"https?://[^/]+/bli-med/[\w-]+", location)
    # The invite carries the join link only: no personal token, no personal page.
    assert d["token"] not in d["ics"] and "/pamelding/" not in d["ics"]
    join_token = location.rsplit("/", 1)[1]
    assert join_token == d["join"][0] and join_token != d["token"]
    _to_window(clock, d["starts"][0])
    page = client.get(f"/bli-med/{join_token}").get_data(as_text=True)
    assert "Bli med i møtet" in page
    assert d["name"] not in page and d["email"] not in page and d["token"] not in page
    assert "/pamelding/" not in page  # no way to the personal page, to change or cancel
    # The join token is no personal token: the personal page, cancelling and the ticket 404.
    assert client.get(f"/pamelding/{join_token}").status_code == 404
    assert client.post(f"/pamelding/{join_token}/avmeld").status_code in (400, 404)
    assert client.get(f"/api/v1/registrations/{join_token}").status_code == 404
    with app.app_context():
        assert db.session.get(Registration, d["registration"]).status == \
            RegistrationStatus.CONFIRMED
    # The old personal join link is gone.
    with app.app_context():
        session_id = db.session.scalar(select(EventSession.id).where(
            EventSession.event_id == d["event"]))
    assert client.get(f"/delta/{d['token']}/{session_id}").status_code == 404


def test_a_link_opened_a_month_early_records_nothing(app, client, clock):
    d = _digital(app)  # the session starts in 30 days
    page = client.get(f"/bli-med/{d['join'][0]}")
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    assert "Lenken åpner" in text and "Bli med i møtet" not in text
    clicked = client.post(f"/bli-med/{d['join'][0]}")
    assert clicked.status_code == 200 and "Lenken åpner" in clicked.get_data(as_text=True)
    assert _checkins(app) == 0
    clock.advance(days=40)  # and after the end: over, nothing recorded either
    late = client.post(f"/bli-med/{d['join'][0]}")
    assert late.status_code == 200 and "økten er over" in late.get_data(as_text=True).lower()
    assert _checkins(app) == 0


def test_a_get_alone_records_nothing_and_sends_no_evaluation(app, client, clock):
    """A mail scanner prefetches every link (GET, also HEAD) inside the window: nobody is
    marked present, so the worker invites nobody to the evaluation."""
    d = _digital(app)
    _to_window(clock, d["starts"][0])
    for _ in range(3):
        assert client.get(f"/bli-med/{d['join'][0]}").status_code == 200
        assert client.head(f"/bli-med/{d['join'][0]}").status_code == 200
    assert _checkins(app) == 0
    clock.advance(days=2)
    with app.app_context():
        queue_due_invitations(utcnow())
        assert db.session.scalar(select(func.count()).select_from(EvaluationInvitation)) == 0


def test_a_click_in_the_window_records_once_and_forwards(app, client, clock):
    d = _digital(app, sessions=2)
    _to_window(clock, d["starts"][0])
    for _ in range(2):
        response = client.post(f"/bli-med/{d['join'][0]}")
        assert response.status_code == 303
        assert response.headers["Location"] == "https://teams.example/m%C3%B8te"
    with app.app_context():
        rows = db.session.scalars(select(CheckIn)).all()
        assert [r.method for r in rows] == ["digital"] and len(rows) == 1
    # The second session's link is its own, and not open yet.
    assert d["join"][1] != d["join"][0]
    assert client.post(f"/bli-med/{d['join'][1]}").status_code == 200
    assert _checkins(app) == 1
    clock.advance(days=2)  # attended: the worker invites to the evaluation
    with app.app_context():
        queue_due_invitations(utcnow() + timedelta(days=8))
        assert db.session.scalar(select(func.count()).select_from(EvaluationInvitation)) == 1


def test_unknown_cancelled_and_pending_links(app, client, clock):
    d = _digital(app, join_url="")
    _to_window(clock, d["starts"][0])
    pending = client.post(f"/bli-med/{d['join'][0]}")
    assert pending.status_code == 200 and "ikke lagt inn lenken" in pending.get_data(as_text=True)
    assert _checkins(app) == 0
    assert client.get("/bli-med/not-a-token").status_code == 404
    assert client.post("/bli-med/" + "x" * 300).status_code == 404
    with app.app_context():
        operations.cancel(d["token"])
    assert client.get(f"/bli-med/{d['join'][0]}").status_code == 404


def test_personal_page_and_mails_link_to_the_join_token(app, client):
    d = _digital(app, sessions=2)
    page = client.get(f"/pamelding/{d['token']}").get_data(as_text=True)
    for token in d["join"]:
        assert f"/bli-med/{token}" in page


def test_a_session_added_later_gets_join_links(app, client):
    from registration.accounts import operations as auth
    from registration.events import sessions as event_sessions

    d = _digital(app)
    with app.app_context():
        user = auth.create_user("arr@usht.no", "arrangor", "riktig-passord-123")
        event = db.session.get(Event, d["event"])
        start = utcnow() + timedelta(days=60)
        session = event_sessions.save(event, None, title="Ekstra", starts_at=start,
                                      ends_at=start + timedelta(hours=2), place="",
                                      online=True, actor=user)
        link = db.session.get(JoinLink, (d["registration"], session.id))
        assert link is not None and link.token not in d["join"]
