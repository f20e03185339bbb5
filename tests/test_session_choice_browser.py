"""«Velg økter» on a phone: a participant joins a webinar series at part 3 (parts 1 and 2
have taken place), is told next to the choice when none is chosen (what was typed kept),
then drops one part from the personal page. axe-core on every page (CSRF on)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest

from registration.accounts import operations as auth
from registration.core.extensions import db
from registration.core.types import utcnow
from registration.models import Event
from registration.registrations import session_seats
from tests.conftest import make_app, make_event
from tests.live import gunicorn
from tests.test_browser import PHONE, assert_accessible, choose_kommune
from tests.test_selfservice_browser import DESKTOP, _no_sideways_scroll, _shot

pytestmark = pytest.mark.browser


@pytest.fixture
def live(tmp_path: Path) -> Iterator[tuple[str, int, list[int]]]:
    from flask_migrate import upgrade

    url = f"sqlite:///{tmp_path / 'sessions.sqlite3'}"
    app = make_app(url, tmp_path)
    with app.app_context():
        upgrade()
        owner = auth.create_user("arrangor@usht.no", "arrangor", "et-godt-passord", "Anne")
        # four webinars a week apart; parts 1 and 2 are over, 3 and 4 to come
        ref = make_event(title="Den lille forskjellen", participation="digital",
                         capacities={"digital": 40}, kind="webinarserie", sessions=4,
                         starts_in=timedelta(days=-10),
                         opens_at=utcnow() - timedelta(days=30))
        event = db.session.get(Event, ref.id)
        session_seats.let_choose_sessions(event)
        event.owner_id = owner.id
        db.session.commit()
        ids = [s.id for s in event.sessions]
        db.engine.dispose()
    instance = tmp_path / "instance"
    instance.mkdir(exist_ok=True)
    with gunicorn(url, instance, workers=1, threads=4) as base:
        yield base, ref.id, ids


def test_participant_joins_a_series_at_part_three_on_a_phone(browser, live):
    base, event_id, ids = live
    phone = browser.new_page(viewport=PHONE, locale="nb-NO")
    phone.goto(f"{base}/arrangement/{event_id}")
    phone.get_by_role("group", name="Hvilke økter vil du delta på?").wait_for()
    assert phone.locator(f"#session-{ids[0]}").is_disabled()
    assert phone.locator(f"#session-{ids[1]}").is_disabled()
    assert "påmeldingen er stengt" in phone.locator(f'label[for="session-{ids[0]}"]').inner_text()
    assert_accessible(phone, "event page with a choice of sessions")
    _no_sideways_scroll(phone)
    _shot(phone, "sessions-choice-390")
    phone.get_by_label("Fullt navn").fill("Kari Nordmann")
    phone.get_by_label("E-post").fill("kari@tromso.kommune.no")
    phone.get_by_label("Mobilnummer").fill("912 34 567")
    choose_kommune(phone, "Tromsø", "Tromsø (5501)")
    phone.get_by_label("Arbeidssted").fill("Kvaløysletta sykehjem")
    phone.get_by_label("Stilling").select_option("sykepleier")
    phone.get_by_label("Jeg har lest personvernerklæringen").check()
    phone.get_by_role("button", name="Meld meg på").click()
    error = phone.locator("#sessions-error")
    error.wait_for()
    assert error.inner_text() == "Velg minst én økt."
    assert phone.get_by_label("Fullt navn").input_value() == "Kari Nordmann"
    assert phone.get_by_label("Arbeidssted").input_value() == "Kvaløysletta sykehjem"
    assert_accessible(phone, "event page with the choice missing")
    _shot(phone, "sessions-choice-error-390")
    phone.locator(f'label[for="session-{ids[2]}"]').click()
    phone.locator(f'label[for="session-{ids[3]}"]').click()
    phone.get_by_label("Jeg har lest personvernerklæringen").check()
    phone.get_by_role("button", name="Meld meg på").click()
    phone.get_by_role("heading", name="Du er påmeldt!").wait_for()
    chosen = phone.locator(".chosen-session")
    assert chosen.count() == 4
    assert "Påmeldt" in chosen.nth(2).inner_text() and "Påmeldt" in chosen.nth(3).inner_text()
    assert "Ikke valgt" in chosen.nth(0).inner_text()
    assert phone.get_by_role("button", name="Legg til økten").count() == 0  # parts 1, 2 over
    assert_accessible(phone, "personal page with chosen sessions")
    _no_sideways_scroll(phone)
    _shot(phone, "sessions-personal-390")
    phone.locator(f'.chosen-session[data-session="{ids[3]}"]').get_by_role(
        "button", name="Meld av denne økten").click()
    phone.get_by_text("Du er meldt av økten.").wait_for()
    assert "Ikke valgt" in phone.locator(f'.chosen-session[data-session="{ids[3]}"]'
                                         ).inner_text()
    assert phone.get_by_role("button", name="Legg til økten").count() == 1
    assert_accessible(phone, "personal page after dropping a session")

    wide = browser.new_page(viewport=DESKTOP, locale="nb-NO")
    wide.goto(phone.url)
    wide.get_by_role("heading", name="Dine økter").wait_for()
    _no_sideways_scroll(wide)
    _shot(wide, "sessions-personal-1280")


def test_organiser_sets_a_sessions_own_seats_and_deadlines(browser, live):
    base, event_id, ids = live
    page = browser.new_page(viewport=PHONE, locale="nb-NO")
    page.goto(base + "/arrangor/logg-inn")
    page.get_by_label("E-post").fill("arrangor@usht.no")
    page.get_by_label("Passord").fill("et-godt-passord")
    page.get_by_role("button", name="Logg inn").click()
    page.goto(f"{base}/arrangor/arrangement/{event_id}/okter")
    seats = page.locator(f"#p{ids[3]}-digital_capacity")
    seats.wait_for()
    assert_accessible(page, "sessions page with each session's seats")
    _no_sideways_scroll(page)
    _shot(page, "sessions-organiser-390")
    seats.fill("25")
    seats.locator("xpath=ancestor::form").get_by_role(
        "button", name="Lagre plasser og frister").click()
    page.get_by_text("Plassene og fristene for økten er lagret.").wait_for()
    assert page.locator(f"#p{ids[3]}-digital_capacity").input_value() == "25"
    assert page.locator(f"#p{ids[2]}-digital_capacity").input_value() == "40"
    assert_accessible(page, "sessions page after saving")
