"""Real browser journeys in Debian's chromium (Playwright), with axe-core on every page."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from playwright.sync_api import expect

from registration.checkin import joinlinks
from registration.core.extensions import db
from registration.models import Event
from registration.registrations import operations
from tests.conftest import make_app, make_event, person
from tests.live import gunicorn

pytestmark = pytest.mark.browser

AXE = Path(__file__).parent / "assets" / "axe.min.js"
PHONE = {"width": 390, "height": 844}


@pytest.fixture
def site(tmp_path: Path) -> Iterator[tuple[str, dict[str, int]]]:
    """A live server on a file SQLite database with a roomy event and a full one."""
    from flask_migrate import upgrade

    url = f"sqlite:///{tmp_path / 'browser.sqlite3'}"
    app = make_app(url, tmp_path)
    with app.app_context():
        upgrade()
        roomy = make_event(title="Vinterlys-konferansen", serves_food=True,
                           capacities={"physical": 120, "digital": 300},
                           description="Konferanse for **ansatte og ledere**.")
        full = make_event(title="KlinObs instruktørkurs Trinn 1", kind="klinobs_kurs",
                          participation="physical", capacities={"physical": 1})
        operations.register(full.id, person(7))
        webinar = make_event(title="Den lille forskjellen – webinar om ernæring",
                             kind="webinarserie", participation="digital",
                             starts_in=timedelta(minutes=10))
        db.session.get(Event, webinar.id).join_url = "https://teams.example/lille-forskjellen"
        db.session.get(Event, roomy.id).join_url = "https://teams.example/vinterlys"
        db.session.commit()
        now_in = operations.register(webinar.id, person(3)).registration
        early = operations.register(roomy.id, person(4, mode="digital")).registration
        join_open = next(iter(joinlinks.tokens_for(now_in).values()))
        join_early = next(iter(joinlinks.tokens_for(early).values()))
        db.engine.dispose()
    instance = tmp_path / "instance"
    instance.mkdir(exist_ok=True)
    with gunicorn(url, instance, workers=1, threads=4) as base:
        yield base, {"roomy": roomy.id, "full": full.id, "join_open": join_open,
                     "join_early": join_early}


def axe_violations(page) -> list[dict]:
    # Evaluated through the DevTools protocol, not added as a <script>: the app's CSP allows
    # no inline script, and the test must not weaken it.
    page.evaluate(AXE.read_text() + "\n;0")
    result = page.evaluate(
        """async () => await axe.run(document, {runOnly: {type: 'tag',
             values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})""")
    return [{"id": v["id"], "help": v["help"],
             "nodes": [n["target"] for n in v["nodes"]][:5]} for v in result["violations"]]


def assert_accessible(page, what: str) -> None:
    violations = axe_violations(page)
    assert violations == [], f"{what}: " + json.dumps(violations, ensure_ascii=False, indent=1)


def choose_kommune(page, typed: str, label: str) -> None:
    """The kommune combobox (static/js/kommune.js): type, then pick the suggestion. ``page``
    may be a part of the page (a fieldset); a form without the combobox gets the select."""
    box = page.get_by_role("combobox", name="Kommune")
    if box.count() == 0:
        page.get_by_label("Kommune", exact=True).select_option(label=label)
        return
    box.fill(typed)
    page.get_by_role("option", name=label, exact=True).click()


def fill_form(page, *, email: str) -> None:
    page.get_by_label("Fullt navn").fill("Kari Nordmann")
    page.get_by_label("E-post").fill(email)
    page.get_by_label("Mobilnummer").fill("912 34 567")
    choose_kommune(page, "trom", "Tromsø (5501)")
    page.get_by_label("Arbeidssted").fill("Kvaløysletta sykehjem")
    page.get_by_label("Stilling").select_option("sykepleier")


def test_participant_finds_registers_sees_confirmation_and_cancels(browser, site):
    base, ids = site
    page = browser.new_page(viewport=PHONE, locale="nb-NO")
    page.goto(base + "/")
    assert_accessible(page, "catalogue")
    page.get_by_label("Søk").fill("vinterlys")
    page.get_by_role("button", name="Vis arrangementer").click()
    page.get_by_role("link", name="Vinterlys-konferansen").click()
    page.get_by_role("heading", name="Vinterlys-konferansen").wait_for()
    page.get_by_text("Fysisk oppmøte: 120 ledige plasser").wait_for()
    assert_accessible(page, "event page")

    # first a mistake: the form answers next to the fields and keeps what was typed
    fill_form(page, email="kari@")
    page.get_by_role("button", name="Meld meg på").click()
    assert page.locator("#email-error").inner_text().startswith("Skriv inn en gyldig")
    page.locator("#mode-error").wait_for()
    page.locator("#privacy-error").wait_for()
    assert page.get_by_label("Fullt navn").input_value() == "Kari Nordmann"
    assert page.get_by_role("combobox", name="Kommune").input_value() == "Tromsø (5501)"
    assert page.locator("#kommune-select").input_value() == "5501"
    assert_accessible(page, "form showing errors")

    page.get_by_label("E-post").fill("kari.nordmann@tromso.kommune.no")
    page.get_by_label("Fysisk oppmøte").check()
    page.get_by_label("Allergier eller spesielle kostbehov").fill("Glutenfri")
    page.get_by_label("Jeg samtykker").check()
    page.get_by_label("Jeg har lest personvernerklæringen").check()
    page.get_by_role("button", name="Meld meg på").click()
    page.get_by_role("heading", name="Du er påmeldt!").wait_for()
    assert "/pamelding/" in page.url
    assert_accessible(page, "confirmation")

    personal = page.url
    page.goto(personal)  # the personal link, as from the e-mail
    page.get_by_text("Påmeldt", exact=True).wait_for()
    page.get_by_text("Glutenfri").wait_for()
    page.get_by_role("link", name="Meld meg av").click()
    assert_accessible(page, "cancel confirmation")
    page.get_by_role("button", name="Ja, meld meg av").click()
    page.get_by_text("Du er meldt av").wait_for()
    page.get_by_text("Avmeldt", exact=True).wait_for()
    page.close()


def test_full_event_offers_the_waiting_list(browser, site):
    base, ids = site
    page = browser.new_page(viewport=PHONE)
    page.goto(base + "/")
    card = page.locator("article", has_text="KlinObs instruktørkurs Trinn 1")
    card.get_by_text("Fullt – venteliste").wait_for()
    card.get_by_role("link").click()
    page.get_by_text("Det er fullt. Meld deg på ventelisten").wait_for()
    fill_form(page, email="ventende@harstad.kommune.no")
    page.get_by_label("Jeg har lest personvernerklæringen").check()
    page.get_by_role("button", name="Meld på venteliste").click()
    heading = page.get_by_role("heading", name="Du står på venteliste som nummer 1")
    heading.wait_for()
    assert_accessible(page, "waitlist confirmation")
    page.close()


def test_english_and_not_found_pages_are_accessible(browser, site):
    base, ids = site
    page = browser.new_page()
    page.goto(base + "/")
    page.get_by_role("link", name="English").click()
    page.get_by_role("heading", name="Courses, conferences and webinars").wait_for()
    assert_accessible(page, "catalogue in English")
    response = page.goto(base + "/finnes-ikke")
    assert response.status == 404
    assert_accessible(page, "404 page")
    page.goto(base + "/personvern")
    assert_accessible(page, "privacy page")
    page.close()


def test_join_page_is_one_accessible_button_that_forwards(browser, site, tmp_path):
    """The digital join link's page, on a phone and a desktop: one button, nothing personal;
    before the window it says when it opens."""
    base, ids = site
    shots = Path(os.environ.get("SCREENSHOT_DIR") or tmp_path)
    shots.mkdir(parents=True, exist_ok=True)
    page = browser.new_page()
    page.route("https://teams.example/**", lambda route: route.fulfill(
        status=200, content_type="text/html", body="<title>Teams</title><p>Møtet</p>"))
    for width, height in ((390, 844), (1280, 800)):
        page.set_viewport_size({"width": width, "height": height})
        page.goto(f"{base}/bli-med/{ids['join_open']}")
        button = page.get_by_role("button", name="Bli med i møtet")
        button.wait_for()
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        assert "Kari" not in page.content()
        assert_accessible(page, f"join page at {width} px")
        page.screenshot(path=str(shots / f"join-open-{width}.png"), full_page=True)
        page.goto(f"{base}/bli-med/{ids['join_early']}")
        page.get_by_text("Lenken åpner").wait_for()
        assert page.get_by_role("button").count() == 0 or \
            page.get_by_role("button", name="Bli med i møtet").count() == 0
        assert_accessible(page, f"join page before the window at {width} px")
        page.screenshot(path=str(shots / f"join-early-{width}.png"), full_page=True)
    page.goto(f"{base}/bli-med/{ids['join_open']}")
    page.get_by_role("button", name="Bli med i møtet").click()
    page.wait_for_url("https://teams.example/**")
    assert page.title() == "Teams"


def test_slett_meg_confirms_erases_and_the_next_in_line_gets_the_seat(browser, site,
                                                                     tmp_path):
    base, ids = site
    page = browser.new_page(viewport=PHONE, locale="nb-NO")
    page.goto(f"{base}/arrangement/{ids['full']}")
    fill_form(page, email="ventende@harstad.kommune.no")
    page.get_by_label("Jeg har lest personvernerklæringen").check()
    page.get_by_role("button", name="Meld på venteliste").click()
    expect(page.get_by_role("heading", name="Du står på venteliste som nummer 1")).to_be_visible(
        timeout=120_000)
    waiting = page.url
    # the one with the seat (person 7, registered by the fixture) erases the registration
    app = make_app(f"sqlite:///{tmp_path / 'browser.sqlite3'}", tmp_path)
    with app.app_context():
        from sqlalchemy import select

        from registration.models import Registration

        token = db.session.scalar(select(Registration.token).where(
            Registration.email_normalized == person(7).email))
        db.engine.dispose()
    other = browser.new_page(viewport=PHONE, locale="nb-NO")
    other.goto(f"{base}/pamelding/{token}")
    other.get_by_role("link", name="Slett meg").click()
    expect(other.get_by_role("heading", name="Vil du slette opplysningene dine?")).to_be_visible(
        timeout=120_000)
    assert_accessible(other, "«Slett meg» confirmation")
    other.get_by_role("button", name="Ja, slett meg").click()
    expect(other.get_by_role("heading", name="Opplysningene dine er slettet")).to_be_visible(
        timeout=120_000)
    assert_accessible(other, "erased")
    assert other.goto(f"{base}/pamelding/{token}").status == 404
    other.close()
    page.goto(waiting)
    expect(page.get_by_text("Påmeldt", exact=True)).to_be_visible(timeout=120_000)  # promoted
    page.close()


def test_axe_check_catches_a_real_violation(browser):
    """Control: the helper above is not vacuous."""
    page = browser.new_page()
    page.set_content("<html><body><img src='x.png'><input type='text'></body></html>")
    ids = {v["id"] for v in axe_violations(page)}
    assert {"image-alt", "html-has-lang"} <= ids
    page.close()
