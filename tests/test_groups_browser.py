"""A leader registers three staff on a phone, sees them on the group page, then replaces
one; axe-core on every new page, at phone and desktop width."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from registration.core.extensions import db
from tests.conftest import make_app, make_event
from tests.live import gunicorn
from tests.test_browser import PHONE, assert_accessible, choose_kommune
from tests.test_selfservice_browser import DESKTOP, _no_sideways_scroll, _shot

pytestmark = pytest.mark.browser


@pytest.fixture
def live(tmp_path: Path) -> Iterator[tuple[str, int]]:
    from flask_migrate import upgrade

    url = f"sqlite:///{tmp_path / 'groups.sqlite3'}"
    app = make_app(url, tmp_path)
    with app.app_context():
        upgrade()
        event_id = make_event(title="Demensomsorgens ABC – fagseminar",
                              capacities={"physical": 20, "digital": 20}).id
        db.engine.dispose()
    instance = tmp_path / "instance"
    instance.mkdir(exist_ok=True)
    with gunicorn(url, instance, workers=1, threads=4) as base:
        yield base, event_id


def _row(page, n: int, name: str, email: str, mode: str) -> None:
    row = page.get_by_role("group", name=f"Deltaker {n}")
    row.get_by_label("Fullt navn").fill(name)
    row.get_by_label("E-post").fill(email)
    row.get_by_label("Stilling").select_option("helsefagarbeider")
    row.get_by_label(mode).check()


def test_leader_registers_three_staff_on_a_phone_then_replaces_one(browser, live):
    base, event_id = live
    page = browser.new_page(viewport=PHONE, locale="nb-NO")
    page.goto(f"{base}/arrangement/{event_id}")
    page.get_by_role("link", name="Meld på flere").click()
    page.get_by_role("heading", name="Meld på flere").wait_for()
    assert_accessible(page, "group form")
    _no_sideways_scroll(page)
    _shot(page, "group-form-390")

    contact = page.get_by_role("group", name="Kontaktperson (deg)")
    contact.get_by_label("Fullt navn").fill("Lise Leder")
    contact.get_by_label("E-post").fill("lise.leder@senja.kommune.no")
    contact.get_by_label("Mobilnummer").fill("912 34 567")
    choose_kommune(contact, "senja", "Senja (5530)")
    contact.get_by_label("Arbeidssted").fill("Senja sykehjem")
    contact.get_by_label("Navn på gruppen").fill("ABC-gruppe Senja")
    _row(page, 1, "Anne Ansatt", "anne@senja.kommune.no", "Fysisk oppmøte")
    _row(page, 2, "Bjørn Ansatt", "anne@senja.kommune.no", "Digitalt")  # same e-mail
    _row(page, 3, "Cecilie Ansatt", "cecilie@senja.kommune.no", "Fysisk oppmøte")
    page.get_by_label("Alle eller ingen").check()
    page.get_by_label("Deltakerne vet at jeg melder dem på").check()
    page.get_by_role("button", name="Meld på gruppen").click()

    error = page.locator("#participants-1-email-error")
    error.wait_for()
    assert "rad 1" in error.inner_text()
    row2 = page.get_by_role("group", name="Deltaker 2")
    assert row2.get_by_label("Fullt navn").input_value() == "Bjørn Ansatt"  # kept
    assert page.get_by_role("group", name="Kontaktperson (deg)").get_by_label(
        "Arbeidssted").input_value() == "Senja sykehjem"
    assert_accessible(page, "group form with an error")
    _shot(page, "group-form-error-390")
    row2.get_by_label("E-post").fill("bjorn@senja.kommune.no")
    page.get_by_role("button", name="Meld på gruppen").click()

    page.get_by_text("Gruppen er påmeldt").wait_for()
    page.get_by_role("heading", name="ABC-gruppe Senja").wait_for()
    for email in ("anne@", "bjorn@", "cecilie@"):
        page.get_by_text(f"{email}senja.kommune.no", exact=True).wait_for()
    assert page.get_by_text("Påmeldt", exact=True).count() == 3
    assert_accessible(page, "group page")
    _no_sideways_scroll(page)
    _shot(page, "group-page-390")

    page.get_by_text("Bytt ut Bjørn Ansatt").click()
    details = page.locator("details[open]")
    details.get_by_label("Fullt navn").fill("Dag Vikar")
    details.get_by_label("E-post").fill("dag@senja.kommune.no")
    details.get_by_label("Stilling").select_option("sykepleier")
    details.get_by_label("Digitalt").check()
    assert_accessible(page, "group page, replacing")
    details.get_by_role("button", name="Bytt ut").click()
    page.get_by_text("Deltakeren er byttet ut").wait_for()
    page.get_by_text("dag@senja.kommune.no", exact=True).wait_for()
    assert page.get_by_text("bjorn@senja.kommune.no", exact=True).count() == 0
    assert page.get_by_text("Påmeldt", exact=True).count() == 3  # the seat stayed
    page.set_viewport_size(DESKTOP)
    assert_accessible(page, "group page at desktop width")
    _shot(page, "group-page-1280")
