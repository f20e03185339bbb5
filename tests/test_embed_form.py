"""The registration form inside a frame on the centre's website (/innebygd/arrangement/<id>):
a signed, short-lived form token bound to the event stands in for the session's CSRF token;
the event page's rules, honeypot and rate limits apply unchanged. The browser proof from
another origin is in tests/test_experience_browser.py."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import func, select

from registration.core.extensions import db
from registration.models import Registration
from tests.conftest import form_data, make_event
from tests.test_organiser import people, sign_in  # noqa: F401  (fixture)

ORIGIN = "http://localhost"  # the test client's own site


@pytest.fixture(autouse=True)
def in_app(app):  # noqa: ANN001,ANN201
    with app.app_context():
        yield


def _token(client, event_id: int) -> str:  # noqa: ANN001
    html = client.get(f"/innebygd/arrangement/{event_id}").get_data(as_text=True)
    found = re.search(r'name="form_token" value="([^"]+)"', html)
    assert found, "the form carries no token"
    return found.group(1)


def _count() -> int:
    return db.session.scalar(select(func.count()).select_from(Registration))


def test_the_form_may_be_framed_and_carries_a_token_not_a_session(app, client):
    event = make_event(title="Vinterlys-konferansen")
    response = client.get(f"/innebygd/arrangement/{event.id}")
    assert response.status_code == 200
    assert "frame-ancestors *" in response.headers["Content-Security-Policy"]
    assert "Set-Cookie" not in response.headers, "a cross-site frame gets no cookie anyway"
    assert response.headers["Cache-Control"] == "no-store"  # the token ages
    html = response.get_data(as_text=True)
    assert "Meld deg på: Vinterlys-konferansen" in html and 'name="form_token"' in html
    assert 'name="hjemmeside"' in html  # the honeypot, as on the event page
    # the event page itself still may not be framed
    assert client.get(f"/arrangement/{event.id}").headers["X-Frame-Options"] == "DENY"
    assert client.get("/innebygd/arrangement/99999").status_code == 404


def test_registering_through_the_frame_confirms_inside_it(app, client):
    event = make_event(title="Vinterlys-konferansen")
    token = _token(client, event.id)
    response = client.post(f"/innebygd/arrangement/{event.id}",
                           data=form_data(form_token=token), headers={"Origin": ORIGIN})
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "Du er påmeldt!" in html
    assert "kari.nordmann@tromso.kommune.no" in html
    registration = db.session.scalars(select(Registration)).one()
    assert f'/pamelding/{registration.token}" target="_blank"' in html
    assert response.headers["Cache-Control"] == "no-store"
    assert response.headers["Referrer-Policy"] == "no-referrer"
    assert "frame-ancestors *" in response.headers["Content-Security-Policy"]
    # the same rules as the event page: the same person again is a duplicate
    again = client.post(f"/innebygd/arrangement/{event.id}",
                        data=form_data(form_token=token), headers={"Origin": ORIGIN})
    assert again.status_code == 409
    assert "Finn påmeldingen min" in again.get_data(as_text=True)
    assert _count() == 1


def test_bad_input_comes_back_in_the_frame_with_what_was_typed(app, client):
    event = make_event()
    response = client.post(f"/innebygd/arrangement/{event.id}",
                           data=form_data(form_token=_token(client, event.id),
                                          email="ikke-en-adresse", name="Kari Nordmann"))
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert 'id="error-summary"' in html and "<title>Feil:" in html
    assert 'value="ikke-en-adresse"' in html and 'value="Kari Nordmann"' in html
    assert "frame-ancestors *" in response.headers["Content-Security-Policy"]
    assert _count() == 0


def test_a_missing_forged_stale_or_other_events_token_is_refused_keeping_the_input(
        app, client, clock):
    event = make_event()
    other = make_event(title="Et annet arrangement")
    url = f"/innebygd/arrangement/{event.id}"
    other_token = _token(client, other.id)
    token = _token(client, event.id)
    for bad in ("", "forfalsket", other_token, token[:-2] + "xx"):
        response = client.post(url, data=form_data(form_token=bad, name="Kari Forsøk"))
        assert response.status_code == 400, bad
        html = response.get_data(as_text=True)
        assert "for gammelt" in html and 'value="Kari Forsøk"' in html
    clock.advance(hours=2, minutes=1)
    stale = client.post(url, data=form_data(form_token=token))
    assert stale.status_code == 400
    # the refusal carries a fresh token: sending again works
    fresh = re.search(r'name="form_token" value="([^"]+)"', stale.get_data(as_text=True))
    assert fresh and fresh.group(1) != token
    assert client.post(url, data=form_data(form_token=fresh.group(1))).status_code == 200
    assert _count() == 1


def test_a_post_from_another_site_is_refused(app, client):
    event = make_event()
    url = f"/innebygd/arrangement/{event.id}"
    token = _token(client, event.id)
    for headers in ({"Origin": "https://angriper.example"}, {"Origin": "null"},
                    {"Referer": "https://angriper.example/side"}):
        response = client.post(url, data=form_data(form_token=token), headers=headers)
        assert response.status_code == 403, headers
        assert "bare sendes fra påmeldingssiden" in response.get_data(as_text=True)
    assert _count() == 0
    ok = client.post(url, data=form_data(form_token=token),
                     headers={"Origin": ORIGIN, "Referer": f"{ORIGIN}{url}"})
    assert ok.status_code == 200 and _count() == 1


def test_honeypot_and_rate_limits_hold_in_the_frame(app, client):
    event = make_event()
    url = f"/innebygd/arrangement/{event.id}"
    token = _token(client, event.id)
    trapped = client.post(url, data=form_data(form_token=token, hjemmeside="http://spam"))
    assert trapped.status_code == 422 and _count() == 0
    app.config["REGISTRATION_LIMIT"] = "2 per minute"
    for i in range(2):
        ok = client.post(url, data=form_data(form_token=token, email=f"p{i}@example.no"))
        assert ok.status_code == 200
    limited = client.post(url, data=form_data(form_token=token, email="p9@example.no"))
    assert limited.status_code == 429 and int(limited.headers["Retry-After"]) > 0
    assert "for mange forespørsler" in limited.get_data(as_text=True)
    assert _count() == 2


def test_an_english_frame_registers_in_english(app, client):
    event = make_event()
    html = client.get(f"/innebygd/arrangement/{event.id}?lang=en").get_data(as_text=True)
    assert f'action="/innebygd/arrangement/{event.id}?lang=en"' in html
    token = re.search(r'name="form_token" value="([^"]+)"', html).group(1)
    response = client.post(f"/innebygd/arrangement/{event.id}?lang=en",
                           data=form_data(form_token=token))
    assert response.status_code == 200
    assert db.session.scalars(select(Registration)).one().language == "en"


def test_the_organisers_event_page_offers_the_form_snippet(app, client, people):  # noqa: F811
    sign_in(client, "a")
    html = client.get(f"/arrangor/arrangement/{people['event']}").get_data(as_text=True)
    snippet = re.search(r'<textarea[^>]*id="embed-form"[^>]*>(.*?)</textarea>', html, re.S)
    assert snippet, "no snippet for the registration form"
    assert "/static/js/embed.js" in snippet.group(1)
    assert f"/innebygd/arrangement/{people['event']}" in snippet.group(1)
