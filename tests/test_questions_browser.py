"""An arrangør adds the event's own questions; a participant answers them on a phone, gets
a message next to a missing answer, and sees the answers on the personal page. axe-core on
every page (CSRF on: the real configuration)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from registration.accounts import operations as auth
from registration.core.extensions import db
from registration.models import Event
from tests.conftest import make_app, make_event
from tests.live import gunicorn
from tests.test_browser import PHONE, assert_accessible, choose_kommune
from tests.test_selfservice_browser import DESKTOP, _no_sideways_scroll, _shot

pytestmark = pytest.mark.browser


@pytest.fixture
def live(tmp_path: Path) -> Iterator[tuple[str, int]]:
    from flask_migrate import upgrade

    url = f"sqlite:///{tmp_path / 'questions.sqlite3'}"
    app = make_app(url, tmp_path)
    with app.app_context():
        upgrade()
        user = auth.create_user("arrangor@usht.no", "arrangor", "et-godt-passord", "Anne")
        event = make_event(title="KlinObs Trinn 2", participation="physical",
                           capacities={"physical": 12})
        db.session.get(Event, event.id).owner_id = user.id
        db.session.commit()
        event_id = event.id
        db.engine.dispose()
    instance = tmp_path / "instance"
    instance.mkdir(exist_ok=True)
    with gunicorn(url, instance, workers=1, threads=4) as base:
        yield base, event_id


def test_organiser_adds_questions_and_a_participant_answers_them(browser, live):
    base, event_id = live
    page = browser.new_page(viewport=DESKTOP)
    page.goto(base + "/arrangor/logg-inn")
    page.get_by_label("E-post").fill("arrangor@usht.no")
    page.get_by_label("Passord").fill("et-godt-passord")
    page.get_by_role("button", name="Logg inn").click()
    page.get_by_role("heading", name="Mine arrangementer").wait_for()
    page.goto(f"{base}/arrangor/arrangement/{event_id}")
    page.get_by_role("link", name="Skjema").click()
    page.get_by_role("heading", name="Arrangementets egne spørsmål").wait_for()
    assert_accessible(page, "question builder")

    page.get_by_label("Spørsmål", exact=True).fill("Hvilket nivå har du?")
    page.get_by_label("Type svar").select_option("single")
    page.get_by_role("button", name="Lagre spørsmålet").click()  # no options yet
    page.get_by_text("Skriv minst to alternativer").first.wait_for()
    assert page.get_by_label("Spørsmål", exact=True).input_value() == "Hvilket nivå har du?"
    assert_accessible(page, "question builder with an error")
    page.get_by_label("Alternativer").fill("Trinn 1\nTrinn 2")
    page.get_by_label("Må besvares").check()
    page.get_by_role("button", name="Lagre spørsmålet").click()
    page.get_by_text("Spørsmålet er lagret.").wait_for()
    page.get_by_label("Spørsmål", exact=True).fill("Trenger du tilrettelegging?")
    page.get_by_label("Type svar").select_option("short_text")
    page.get_by_label("Svaret er en helseopplysning").check()
    page.get_by_role("button", name="Lagre spørsmålet").click()
    page.get_by_text("Trenger du tilrettelegging?").first.wait_for()
    assert_accessible(page, "question builder with two questions")
    _shot(page, "builder-1280")
    page.set_viewport_size(PHONE)
    _no_sideways_scroll(page)
    _shot(page, "builder-390")

    phone = browser.new_page(viewport=PHONE, locale="nb-NO")
    phone.goto(f"{base}/arrangement/{event_id}")
    phone.get_by_label("Fullt navn").fill("Kari Nordmann")
    phone.get_by_label("E-post").fill("kari@tromso.kommune.no")
    phone.get_by_label("Mobilnummer").fill("912 34 567")
    choose_kommune(phone, "trom", "Tromsø (5501)")
    phone.get_by_label("Arbeidssted").fill("Kvaløysletta sykehjem")
    phone.get_by_label("Stilling").select_option("sykepleier")
    phone.get_by_label("Trenger du tilrettelegging?").fill("Rullestol")
    phone.get_by_label("Jeg har lest personvernerklæringen").check()
    phone.get_by_role("button", name="Meld meg på").click()
    phone.get_by_text("Svar på dette spørsmålet.").first.wait_for()
    assert phone.get_by_label("Trenger du tilrettelegging?").input_value() == "Rullestol"
    assert phone.get_by_label("Fullt navn").input_value() == "Kari Nordmann"
    assert_accessible(phone, "registration form with an answer missing")
    _no_sideways_scroll(phone)
    _shot(phone, "form-questions-error-390")
    phone.get_by_label("Trinn 2").check()
    phone.get_by_label("Jeg samtykker til at svarene om helse").check()
    phone.get_by_role("button", name="Meld meg på").click()
    phone.get_by_text("Trinn 2").first.wait_for()
    phone.get_by_text("Rullestol").wait_for()
    assert_accessible(phone, "personal page with answers")
    _shot(phone, "personal-answers-390")
