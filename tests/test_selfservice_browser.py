"""In a real browser: a participant corrects the mobile number on the personal page, then
finds the link again through «Finn påmeldingen min»; the e-mail arrives at a real SMTP
server started here. axe-core checks every new page, at phone and desktop width."""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select

from registration.core.extensions import db
from registration.mail import delivery
from registration.models import Registration
from registration.registrations import operations
from tests.conftest import make_app, make_event, person
from tests.live import gunicorn
from tests.test_browser import PHONE, assert_accessible
from tests.test_mail import parts, smtp  # noqa: F401  (the SMTP fixture)

pytestmark = pytest.mark.browser

DESKTOP = {"width": 1280, "height": 900}
EMAIL = "kari.selv@tromso.kommune.no"


@pytest.fixture
def live(tmp_path: Path) -> Iterator[tuple[str, str, str]]:
    """A live server on a file SQLite database; one participant registered with a diet."""
    from dataclasses import replace

    from flask_migrate import upgrade

    url = f"sqlite:///{tmp_path / 'selfservice.sqlite3'}"
    app = make_app(url, tmp_path)
    with app.app_context():
        upgrade()
        event = make_event(title="Vinterlys-konferansen", serves_food=True,
                           participation="physical", capacities={"physical": 50})
        token = operations.register(event.id, replace(
            person(0, email=EMAIL), diet="Glutenfri", diet_consent=True)).token
        db.engine.dispose()
    instance = tmp_path / "instance"
    instance.mkdir(exist_ok=True)
    with gunicorn(url, instance, workers=1, threads=4) as base:
        yield base, url, token


def _shot(page, name: str) -> None:
    """Screenshots for people to look at, when SCREENSHOT_DIR names a folder."""
    folder = os.environ.get("SCREENSHOT_DIR")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(folder) / f"{name}.png"), full_page=True)


def _no_sideways_scroll(page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


def test_participant_corrects_mobile_and_finds_the_link_again(
        browser, live, tmp_path, smtp):  # noqa: F811
    base, url, token = live
    inbox, port = smtp
    page = browser.new_page(viewport=PHONE, locale="nb-NO")

    page.goto(f"{base}/pamelding/{token}")
    page.get_by_role("link", name="Endre opplysningene").click()
    page.get_by_role("heading", name="Endre opplysningene dine").wait_for()
    page.get_by_text("E-postadressen kan ikke endres her").wait_for()
    assert page.get_by_label("Allergier eller spesielle kostbehov").input_value() == "Glutenfri"
    assert page.get_by_label("Jeg samtykker").is_checked()
    assert_accessible(page, "edit own details")
    _no_sideways_scroll(page)

    page.get_by_label("Mobilnummer").fill("123")
    page.get_by_role("button", name="Lagre endringene").click()
    assert page.locator("#mobile-error").inner_text().startswith("Skriv inn et gyldig")
    assert page.get_by_label("Mobilnummer").input_value() == "123"  # kept
    assert page.get_by_label("Fullt navn").input_value() == "Kari Nordmann"
    assert_accessible(page, "edit own details with an error")
    _shot(page, "edit-error-390")

    page.get_by_label("Mobilnummer").fill("987 65 432")
    page.get_by_role("button", name="Lagre endringene").click()
    page.get_by_text("Opplysningene dine er lagret.").wait_for()
    page.get_by_text("+4798765432").wait_for()
    assert_accessible(page, "personal page after the change")
    _shot(page, "personal-390")

    page.set_viewport_size(DESKTOP)
    page.get_by_role("link", name="Endre opplysningene").click()
    _shot(page, "edit-1280")
    page.set_viewport_size(PHONE)
    page.reload()
    _shot(page, "edit-390")

    # Lost the e-mail: from the catalogue to «Finn påmeldingen min»
    page.goto(base + "/")
    page.get_by_role("link", name="Finn påmeldingen min").click()
    page.get_by_role("heading", name="Finn påmeldingen min").wait_for()
    assert_accessible(page, "lookup page")
    _no_sideways_scroll(page)
    _shot(page, "lookup-390")
    page.get_by_label("E-post").fill("kari@")
    page.get_by_role("button", name="Send meg lenkene").click()
    assert page.locator("#email-error").inner_text().startswith("Skriv inn en gyldig")
    assert_accessible(page, "lookup page with an error")
    page.get_by_label("E-post").fill(EMAIL.upper())
    page.get_by_role("button", name="Send meg lenkene").click()
    page.get_by_role("heading", name="Sjekk e-posten din").wait_for()
    assert_accessible(page, "lookup answer")
    _shot(page, "lookup-sent-390")
    page.set_viewport_size(DESKTOP)
    page.goto(base + "/finn-pamelding")
    _shot(page, "lookup-1280")

    # The worker sends it through a real SMTP server; the link in it opens the page
    worker = make_app(url, tmp_path, MAIL_SERVER="127.0.0.1", MAIL_PORT=port,
                      MAIL_USE_TLS=False, PUBLIC_URL=base)
    with worker.app_context():
        assert delivery.deliver_due(limit=100) >= 1
        mobile = db.session.scalar(select(Registration.mobile))
        db.engine.dispose()
    assert mobile == "+4798765432"
    [message] = [m for m in inbox.wait_for(2) if m["Subject"] == "Lenkene til påmeldingene dine"]
    text = parts(message)["text/plain"][0].get_content()
    assert "Vinterlys-konferansen" in text
    [link] = re.findall(rf"{re.escape(base)}/pamelding/\S+", text)
    page.set_viewport_size(PHONE)
    page.goto(link)
    page.get_by_role("heading", name="Din påmelding: Vinterlys-konferansen").wait_for()
    page.get_by_text("+4798765432").wait_for()
    page.close()


def test_event_page_links_to_the_lookup_and_it_is_accessible_at_both_widths(browser, live):
    base, url, token = live
    for viewport in (PHONE, DESKTOP):
        page = browser.new_page(viewport=viewport, locale="nb-NO")
        page.goto(base + "/")
        page.get_by_role("link", name="Vinterlys-konferansen").click()
        page.get_by_role("link", name="Finn påmeldingen min").click()
        page.get_by_role("heading", name="Finn påmeldingen min").wait_for()
        _no_sideways_scroll(page)
        page.goto(f"{base}/pamelding/{token}/endre")
        _no_sideways_scroll(page)
        assert_accessible(page, f"edit page at {viewport['width']} px")
        page.close()
