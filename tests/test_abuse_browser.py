"""In a real browser: the public form over the limit and with the honeypot (axe-core), and
the organiser cleaning up a flood from the flood view and the participant list."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from registration.accounts import operations as auth
from registration.core.extensions import db
from registration.models import Event
from tests.conftest import form_data, make_app, make_event
from tests.live import gunicorn
from tests.test_browser import PHONE, assert_accessible, fill_form

pytestmark = pytest.mark.browser

PASSWORD = "riktig-passord-123"
WIDE = {"width": 1280, "height": 900}
SHOTS = Path(os.environ.get("SCREENSHOT_DIR", "/tmp/abuse-shots"))


@pytest.fixture
def flooded_site(tmp_path: Path) -> Iterator[tuple[str, int]]:
    """A live server; an event a robot flooded from one address (8 registrations from
    spam.example), with three real people from other addresses."""
    from flask_migrate import upgrade

    url = f"sqlite:///{tmp_path / 'browser.sqlite3'}"
    app = make_app(url, tmp_path)
    with app.app_context():
        upgrade()
        owner = auth.create_user("arrangor@usht.no", "arrangor", PASSWORD, "Arrangør")
        ref = make_event(title="Vinterlys-konferansen", participation="physical",
                         capacities={"physical": 6})
        event = db.session.get(Event, ref.id)
        event.owner_id = owner.id
        db.session.commit()
    client = app.test_client()
    real = [("Kari Nordmann", "kari@tromso.kommune.no", "10.1.1.1"),
            ("Ola Hansen", "ola@harstad.kommune.no", "10.2.2.2"),
            ("Åse Ødegård-Bakken", "aase@bardu.kommune.no", "10.3.3.3")]
    robots = [(f"Spam {letter}sen", f"robot.{letter.lower()}@spam.example", "203.0.113.9")
              for letter in "ABCDEFGH"]
    for name, email, address in real[:2] + robots + real[2:]:
        response = client.post(f"/arrangement/{ref.id}", data=form_data(name=name, email=email),
                               environ_base={"REMOTE_ADDR": address})
        assert response.status_code == 303, response.get_data(as_text=True)[:300]
    with app.app_context():
        db.engine.dispose()
    instance = tmp_path / "instance"
    instance.mkdir(exist_ok=True)
    with gunicorn(url, instance, workers=1, threads=4,
                  extra_env={"REGISTRATION_LIMIT": "1 per minute"}) as base:
        yield base, ref.id


def _shot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def test_public_form_over_the_limit_keeps_what_was_typed_and_is_accessible(
        browser, flooded_site):
    base, event_id = flooded_site
    page = browser.new_page(viewport=PHONE, locale="nb-NO")
    page.goto(f"{base}/arrangement/{event_id}")
    trap = page.locator("#hp-hjemmeside").bounding_box()  # the honeypot is out of sight
    assert trap is None or trap["x"] + trap["width"] <= 0
    assert_accessible(page, "event page with the honeypot")
    for attempt in range(2):
        page.goto(f"{base}/arrangement/{event_id}")
        fill_form(page, email=f"per.{attempt}@kommune.no")
        page.get_by_label("Jeg har lest personvernerklæringen").check()
        page.get_by_role("button", name="Meld").click()
    # the second from the same address within the minute: the message, the form as typed
    page.get_by_text("for mange forespørsler").wait_for()
    assert page.get_by_label("E-post").input_value() == "per.1@kommune.no"
    assert page.get_by_label("Arbeidssted").input_value() == "Kvaløysletta sykehjem"
    assert_accessible(page, "event page over the limit")
    _shot(page, "public-over-limit-390")
    page.close()


def test_organiser_finds_the_flood_and_cancels_it_in_one_action(browser, flooded_site):
    base, event_id = flooded_site
    for viewport, label in ((PHONE, "390"), (WIDE, "1280")):
        page = browser.new_page(viewport=viewport, locale="nb-NO")
        page.goto(f"{base}/arrangor/logg-inn")
        page.get_by_label("E-post").fill("arrangor@usht.no")
        page.get_by_label("Passord").fill(PASSWORD)
        page.get_by_role("button", name="Logg inn").click()
        page.goto(f"{base}/arrangor/arrangement/{event_id}")
        page.get_by_role("checkbox", name="Velg Kari Nordmann").wait_for()
        _shot(page, f"participant-list-{label}")
        assert_accessible(page, "participant list with checkboxes")
        page.get_by_role("link", name="Siste påmeldinger").click()
        page.get_by_test_id("by-domain").get_by_text("spam.example").wait_for()
        _shot(page, f"flood-view-{label}")
        assert_accessible(page, "flood view")
        page.get_by_test_id("by-client").get_by_role("link").first.click()
        assert page.get_by_role("checkbox", name="Velg Spam Asen").is_checked()
        _shot(page, f"flood-group-{label}")
        assert_accessible(page, "flood view, one sender")
        if label == "1280":
            page.get_by_role("button", name="Meld av valgte").click()
            page.get_by_text("8 påmeldinger er meldt av, uten e-post.").wait_for()
            _shot(page, f"flood-after-cancel-{label}")
            page.get_by_role("link", name="Deltakere").click()
            # the real people keep their seats; the robots' seats went to those in line
            page.get_by_role("checkbox", name="Velg Kari Nordmann").wait_for()
            page.get_by_role("checkbox", name="Velg Åse Ødegård-Bakken").wait_for()
            assert not page.get_by_role("checkbox", name="Velg Spam Asen").count()
        page.close()
