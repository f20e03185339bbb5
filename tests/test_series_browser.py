"""An arrangør gathers two events in a series; a participant opens the series on a phone
and registers for all in one step. axe-core on every new page (CSRF on)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
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
def live(tmp_path: Path) -> Iterator[str]:
    from flask_migrate import upgrade

    url = f"sqlite:///{tmp_path / 'series.sqlite3'}"
    app = make_app(url, tmp_path)
    with app.app_context():
        upgrade()
        user = auth.create_user("arrangor@usht.no", "arrangor", "et-godt-passord", "Anne")
        for part, days in ((1, 20), (2, 48)):
            event = make_event(title=f"Den lille forskjellen del {part}",
                               participation="digital", capacities={"digital": 100},
                               kind="webinarserie", starts_in=timedelta(days=days))
            db.session.get(Event, event.id).owner_id = user.id
        db.session.commit()
        db.engine.dispose()
    instance = tmp_path / "instance"
    instance.mkdir(exist_ok=True)
    with gunicorn(url, instance, workers=1, threads=4) as base:
        yield base


def test_series_built_by_the_organiser_and_joined_on_a_phone(browser, live):
    page = browser.new_page(viewport=DESKTOP)
    page.goto(live + "/arrangor/logg-inn")
    page.get_by_label("E-post").fill("arrangor@usht.no")
    page.get_by_label("Passord").fill("et-godt-passord")
    page.get_by_role("button", name="Logg inn").click()
    page.get_by_role("link", name="Serier").click()
    page.get_by_role("heading", name="Serier").wait_for()
    assert_accessible(page, "series list")
    page.get_by_role("button", name="Opprett serien").click()  # no name
    page.locator("#title-error").wait_for()
    assert_accessible(page, "series list with an error")
    page.get_by_label("Navn på serien").fill("Den lille forskjellen 2027")
    page.get_by_role("button", name="Opprett serien").click()
    page.get_by_role("heading", name="Den lille forskjellen 2027").wait_for()
    for part in (1, 2):
        page.get_by_label("Legg til et av arrangementene dine").select_option(
            label=page.locator("#event_id option", has_text=f"del {part}").inner_text())
        page.get_by_role("button", name="Legg til", exact=True).click()
        page.get_by_role("link", name=f"Den lille forskjellen del {part}").wait_for()
    assert_accessible(page, "series page for the organiser")
    public_url = page.get_by_role("link", name="Seriens offentlige side").get_attribute("href")

    phone = browser.new_page(viewport=PHONE, locale="nb-NO")
    phone.goto(live + public_url)
    phone.get_by_role("heading", name="Meld meg på alle").wait_for()
    assert_accessible(phone, "public series page")
    _no_sideways_scroll(phone)
    _shot(phone, "series-390")
    phone.get_by_label("Fullt navn").fill("Kari Nordmann")
    phone.get_by_label("E-post").fill("kari@tromso")
    phone.get_by_label("Mobilnummer").fill("912 34 567")
    choose_kommune(phone, "trom", "Tromsø (5501)")
    phone.get_by_label("Arbeidssted").fill("Kvaløysletta sykehjem")
    phone.get_by_label("Stilling").select_option("sykepleier")
    phone.get_by_label("Jeg har lest personvernerklæringen").check()
    phone.get_by_role("button", name="Meld meg på alle").click()
    phone.locator("#email-error").wait_for()
    assert phone.get_by_label("Fullt navn").input_value() == "Kari Nordmann"
    assert_accessible(phone, "public series page with an error")
    phone.get_by_label("E-post").fill("kari@tromso.kommune.no")
    phone.get_by_role("button", name="Meld meg på alle").click()
    phone.get_by_text("Påmeldingen til serien er mottatt").wait_for()
    assert phone.get_by_role("link", name="Se påmeldingen").count() == 2
    assert_accessible(phone, "series registration done")
    _shot(phone, "series-done-390")
