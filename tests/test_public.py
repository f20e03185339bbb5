"""The public pages through the Flask test client: catalogue, form, confirmation, personal page."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from registration.core.extensions import db
from registration.models import Event, Registration, utcnow
from registration.registrations import operations
from tests.conftest import form_data, make_event, person


def html(response) -> str:
    return response.get_data(as_text=True)


def error_for(page: str, field: str) -> str | None:
    match = re.search(rf'id="{field}-error">([^<]*)<', page)
    return match.group(1) if match else None


def count_registrations() -> int:
    return db.session.scalar(select(func.count(Registration.id))) or 0


def test_catalogue_shows_upcoming_published_events_with_seats(app, client):
    with app.app_context():
        make_event(title="Vinterlys-konferansen", capacities={"physical": 3, "digital": None})
        full = make_event(title="KlinObs Trinn 1", participation="physical",
                          capacities={"physical": 1})
        operations.register(full.id, person(0))
        make_event(title="Utkast som ikke vises", status="draft")
        make_event(title="Gammelt seminar", starts_in=timedelta(days=-30))
    page = html(client.get("/"))
    assert "Vinterlys-konferansen" in page and "KlinObs Trinn 1" in page
    assert "Utkast som ikke vises" not in page and "Gammelt seminar" not in page
    assert "3 ledige plasser" in page
    assert "Fullt – venteliste" in page
    assert "Tromsø rådhus og digitalt" in page


def test_catalogue_filters_and_search(app, client):
    with app.app_context():
        make_event(title="Den lille forskjellen", kind="webinarserie",
                   participation="digital", topic="Demensplan")
        make_event(title="Nordnorsk palliasjonskonferanse", kind="konferanse",
                   participation="physical", topic="Lindrende behandling",
                   starts_in=timedelta(days=70))
    assert "palliasjon" not in html(client.get("/?kind=webinarserie"))
    assert "lille forskjellen" not in html(client.get("/?topic=Lindrende+behandling"))
    only_digital = html(client.get("/?mode=digital"))
    assert "lille forskjellen" in only_digital and "palliasjon" not in only_digital
    assert "lille forskjellen" not in html(client.get("/?q=PALLIASJON"))
    month = (utcnow() + timedelta(days=70)).strftime("%Y-%m")
    by_month = html(client.get(f"/?month={month}"))
    assert "palliasjon" in by_month
    # Unknown filter values are ignored, not errors.
    assert client.get("/?kind=<script>&month=99-99&mode=x&q=" + "a" * 5000).status_code == 200


def test_event_page_shows_sessions_in_norwegian_and_seats_per_mode(app, client):
    with app.app_context():
        event = make_event(capacities={"physical": 20, "digital": None}, sessions=2,
                           description="**Viktig**: ta med <script>alert(1)</script> perm.")
    page = html(client.get(f"/arrangement/{event.id}"))
    assert re.search(r"(mandag|tirsdag|onsdag|torsdag|fredag|lørdag|søndag) \d{1,2}\. "
                     r"[a-zæøå]+ \d{4} kl\. \d\d\.\d\d", page)
    assert "Fysisk oppmøte: 20 ledige plasser" in page
    assert "<strong>Viktig</strong>" in page and "<script>alert" not in page


def test_drafts_and_unknown_events_give_a_friendly_404(app, client):
    with app.app_context():
        draft = make_event(status="draft")
    for url in (f"/arrangement/{draft.id}", "/arrangement/999", "/finnes-ikke",
                "/pamelding/ukjent-token"):
        response = client.get(url)
        assert response.status_code == 404
        assert "Fant ikke siden" in html(response)


def test_register_then_confirmation_then_personal_page_then_cancel(app, client):
    with app.app_context():
        event = make_event(capacities={"physical": 1, "digital": None})
    response = client.post(f"/arrangement/{event.id}", data=form_data())
    assert response.status_code == 303
    personal = response.headers["Location"]
    token = personal.rsplit("/", 1)[-1]
    assert len(token) >= 32 and str(event.id) != token
    page = html(client.get(personal))
    assert "Du er påmeldt!" in page and "kari.nordmann@tromso.kommune.no" in page
    assert "Tromsø" in page and "+4791234567" in page
    # the personal link stays out of referrers and caches
    again = client.get(personal)
    assert again.headers["Referrer-Policy"] == "no-referrer"
    assert "no-store" in again.headers["Cache-Control"]
    assert "Du er påmeldt!" not in html(again)  # the banner is shown once
    assert "Bytt til digitalt" in html(again)
    # cancel: a confirmation step, then done
    assert "Ja, meld meg av" in html(client.get(f"/pamelding/{token}/avmeld"))
    done = client.post(f"/pamelding/{token}/avmeld", follow_redirects=True)
    assert "Du er meldt av" in html(done) and "Avmeldt" in html(done)


def test_full_event_offers_waitlist_and_confirmation_shows_place(app, client):
    with app.app_context():
        event = make_event(participation="physical", capacities={"physical": 1})
        operations.register(event.id, person(0))
        operations.register(event.id, person(1))
    page = html(client.get(f"/arrangement/{event.id}"))
    assert "Fullt – venteliste" in page and "Meld på venteliste" in page
    response = client.post(f"/arrangement/{event.id}",
                           data=form_data(mode=None), follow_redirects=True)
    assert "Du står på venteliste som nummer 2" in html(response)


def test_switch_mode_on_personal_page(app, client):
    with app.app_context():
        event = make_event(capacities={"physical": 5, "digital": 5})
        token = operations.register(event.id, person(0, mode="physical")).registration.token
    page = html(client.post(f"/pamelding/{token}/bytt", data={"mode": "digital"},
                            follow_redirects=True))
    assert "Deltakelsesformen er endret til Digitalt" in page
    bad = html(client.post(f"/pamelding/{token}/bytt", data={"mode": "teleport"},
                           follow_redirects=True))
    assert "tilbys ikke" in bad


def test_second_registration_with_same_email_says_already_registered(app, client):
    with app.app_context():
        event = make_event()
    client.post(f"/arrangement/{event.id}", data=form_data())
    response = client.post(f"/arrangement/{event.id}",
                           data=form_data(email="KARI.NORDMANN@tromso.kommune.no",
                                          mode="digital"))
    assert response.status_code == 409
    page = html(response)
    assert "allerede påmeldt" in error_for(page, "email")
    assert 'value="KARI.NORDMANN@tromso.kommune.no"' in page
    with app.app_context():
        assert count_registrations() == 1


BAD_INPUT = [
    ("name", "", "Skriv inn navnet ditt."),
    ("name", "   ", "Skriv inn navnet ditt."),
    ("name", "Kari", "Skriv inn både fornavn og etternavn."),
    ("name", "<script>alert(1)</script> Hansen", "bare inneholde bokstaver"),
    ("name", "Kari <b>Nordmann</b>", "bare inneholde bokstaver"),
    ("name", "Kari\nNordmann", "linjeskift"),
    ("name", "Kari Nordmann\r\nBcc: x@y.no", "linjeskift"),
    ("name", "K" * 121 + " N", "høyst 120 tegn"),
    ("name", "Kari Nordmann 2", "bare inneholde bokstaver"),
    ("email", "", "Skriv inn e-postadressen din."),
    ("email", "kari@", "gyldig e-postadresse"),
    ("email", "kari nordmann@tromso.no", "gyldig e-postadresse"),
    ("email", "a@b.no\nBcc: evil@x.no", "gyldig e-postadresse"),
    ("email", "a" * 250 + "@b.no", "gyldig e-postadresse"),
    ("mobile", "", "Skriv inn mobilnummeret ditt."),
    ("mobile", "123", "gyldig mobilnummer"),
    ("mobile", "abc def", "gyldig mobilnummer"),
    ("mobile", "22 00 00 00", "ikke ut som et mobilnummer"),
    ("mobile", "9" * 40, "gyldig mobilnummer"),
    ("kommune", "", "Velg kommunen du jobber i."),
    ("kommune", "9999", "ukjent kommunenummer"),
    ("kommune", "1902", "ukjent kommunenummer"),  # Tromsø's number before 2024
    ("kommune", "<script>", "ukjent kommunenummer"),
    ("workplace", "", "Skriv inn arbeidsstedet ditt."),
    ("workplace", "x" * 151, "høyst 150 tegn"),
    ("workplace", "<img src=x onerror=alert(1)>", "tegnene < og >"),
    ("workplace", "Sykehjem\nlinje 2", "linjeskift"),
    ("role", "", "Velg stillingen din."),
    ("role", "astronaut", "Velg en stilling fra listen."),
    ("mode", "", "Velg om du deltar fysisk eller digitalt."),
    ("mode", "teleport", "Velg fysisk eller digitalt."),
    ("privacy", None, "personvernerklæringen"),
]


@pytest.mark.parametrize("field,value,message", BAD_INPUT)
def test_bad_input_gets_a_norwegian_message_next_to_the_field_and_keeps_the_rest(
        app, client, field, value, message):
    with app.app_context():
        event = make_event()
    data = form_data(**{field: value})
    response = client.post(f"/arrangement/{event.id}", data=data)
    assert response.status_code == 422
    page = html(response)
    shown = error_for(page, field)
    assert shown is not None, f"no error next to {field}"
    assert message in shown.replace("&lt;", "<").replace("&gt;", ">")
    assert 'aria-invalid="true"' in page and "Rett opp dette" in page
    # what the user typed in the other fields is still there
    for other in ("name", "email", "workplace"):
        if other != field:
            assert f'value="{form_data()[other]}"' in page
    assert re.search(r'<option selected value="5501"[ >]', page) or field == "kommune"
    # hostile values are escaped, never rendered as markup
    assert "<script>alert" not in page and "<img src=x" not in page
    with app.app_context():
        assert count_registrations() == 0


def test_diet_needs_consent_and_only_appears_where_food_is_served(app, client):
    with app.app_context():
        food = make_event(serves_food=True)
        nofood = make_event(serves_food=False)
    assert "kostbehov" in html(client.get(f"/arrangement/{food.id}")).lower()
    assert "Allergier" not in html(client.get(f"/arrangement/{nofood.id}"))
    response = client.post(f"/arrangement/{food.id}", data=form_data(diet="Nøtteallergi"))
    assert response.status_code == 422
    assert "samtykke" in error_for(html(response), "diet_consent")
    assert "Nøtteallergi" in html(response)
    response = client.post(f"/arrangement/{food.id}",
                           data=form_data(diet="x" * 501, diet_consent="y"))
    assert "høyst 500 tegn" in error_for(html(response), "diet")
    ok = client.post(f"/arrangement/{food.id}",
                     data=form_data(diet="Nøtteallergi", diet_consent="y"))
    assert ok.status_code == 303
    with app.app_context():
        assert db.session.scalar(select(Registration.diet)) == "Nøtteallergi"


def test_registration_closed_is_explained_on_the_event_page(app, client):
    with app.app_context():
        closed = make_event(closes_at=utcnow() - timedelta(hours=1))
        later = make_event(opens_at=utcnow() + timedelta(days=2))
    assert "Påmeldingsfristen har gått ut" in html(client.get(f"/arrangement/{closed.id}"))
    assert "ikke åpnet ennå" in html(client.get(f"/arrangement/{later.id}"))
    response = client.post(f"/arrangement/{closed.id}", data=form_data())
    assert response.status_code == 409
    assert "Påmeldingsfristen har gått ut" in html(response)


def test_cancellation_after_deadline_shows_the_reason(app, client):
    with app.app_context():
        event = make_event(cancellation_deadline=utcnow() + timedelta(seconds=2))
        token = operations.register(event.id, person(0, mode="physical")).registration.token
        db.session.get(Event, event.id).cancellation_deadline = (
            utcnow() - timedelta(hours=1))
        db.session.commit()
    assert "Fristen for å melde seg av gikk ut" in html(client.get(f"/pamelding/{token}"))
    page = html(client.post(f"/pamelding/{token}/avmeld", follow_redirects=True))
    assert "Fristen for å melde seg av har gått ut" in page
    with app.app_context():
        assert db.session.scalar(select(Registration.status)) == "confirmed"


def test_language_switch_to_english_and_back(app, client):
    with app.app_context():
        event = make_event()
    english = html(client.get(f"/sprak/en?next=/arrangement/{event.id}",
                              follow_redirects=True))
    assert 'lang="en"' in english and "Register" in english
    assert re.search(r"(Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday) \d", english)
    norsk = html(client.get("/sprak/nb?next=https://evil.example/", follow_redirects=True))
    assert 'lang="nb"' in norsk and "Kurs, konferanser og webinarer" in norsk


def test_csrf_is_enforced_and_a_stale_form_keeps_what_was_typed(database_url, tmp_path):
    from tests.conftest import empty_database, make_app
    app = make_app(database_url, tmp_path, WTF_CSRF_ENABLED=True)
    empty_database(app)
    with app.app_context():
        from registration.core.extensions import db as _db
        event = make_event()
    client = app.test_client()
    response = client.post(f"/arrangement/{event.id}", data=form_data())
    assert response.status_code == 400
    page = html(response)
    assert "Send det en gang til" in page and 'value="Kari Nordmann"' in page
    with app.app_context():
        assert count_registrations() == 0
        _db.session.remove()
        _db.engine.dispose()
