"""The door in Debian's chromium: a scanner types a code and Enter; undo; search; a network
drop queues scans on the device; axe on the check-in screen and the ticket page."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from playwright.sync_api import expect
from sqlalchemy import func, select

from registration.accounts import operations as auth
from registration.core.extensions import db
from registration.models import CheckIn, Event, User, utcnow
from registration.registrations import operations
from tests.conftest import make_app, make_event, person
from tests.live import gunicorn
from tests.test_browser import assert_accessible

pytestmark = pytest.mark.browser


@pytest.fixture
def venue(tmp_path: Path) -> Iterator[dict]:
    from flask_migrate import upgrade

    url = f"sqlite:///{tmp_path / 'door.sqlite3'}"
    app = make_app(url, tmp_path)
    with app.app_context():
        upgrade()
        host = auth.create_user("vert@usht.no", "vert", "riktig-passord-123")
        event = make_event(title="KlinObs Trinn 1", participation="physical",
                           capacities={"physical": 10})
        ev = db.session.get(Event, event.id)
        ev.hosts.append(db.session.get(User, host.id))
        db.session.commit()
        regs = [operations.register(event.id, person(i, mode="physical")).registration
                for i in range(3)]
        people = [(r.name, r.ticket_code, r.token) for r in regs]
        # the day is on now: a host's name search works only while the session is on
        session = db.session.get(Event, event.id).sessions[0]
        session.starts_at = utcnow() - timedelta(minutes=30)
        session.ends_at = utcnow() + timedelta(hours=5)
        db.session.commit()
        db.engine.dispose()
    instance = tmp_path / "instance"
    instance.mkdir(exist_ok=True)
    with gunicorn(url, instance, workers=1, threads=4) as base:
        yield {"base": base, "event": event.id, "people": people, "url": url,
               "tmp": tmp_path}


def test_scanner_field_undo_search_and_offline_queue(browser, venue):
    base, people = venue["base"], venue["people"]
    context = browser.new_context(viewport={"width": 412, "height": 900})
    page = context.new_page()
    page.goto(base + "/arrangor/logg-inn")
    page.get_by_label("E-post").fill("vert@usht.no")
    page.get_by_label("Passord").fill("riktig-passord-123")
    page.get_by_role("button", name="Logg inn").click()
    page.get_by_role("link", name="KlinObs Trinn 1").click()
    assert_accessible(page, "check-in screen")
    scanner = page.get_by_label("Skann eller skriv kode")
    assert page.evaluate("document.activeElement.id") == "code"  # always ready for a scan

    page.keyboard.type(people[0][1])  # a handheld scanner types, then presses Enter
    page.keyboard.press("Enter")
    answer = page.locator("#answer")
    answer.get_by_text("Velkommen!").wait_for()
    assert people[0][0] in answer.inner_text()
    assert page.locator("#count-in").inner_text() == "1"
    assert "checked_in" in answer.get_attribute("class")
    assert_accessible(page, "check-in screen with an answer")

    scanner.fill(people[0][1])
    scanner.press("Enter")
    answer.get_by_text("Allerede sjekket inn").wait_for()
    assert "vert@usht.no" in answer.inner_text()

    scanner.fill("NOTATICKET")
    scanner.press("Enter")
    answer.get_by_text("Ikke påmeldt dette arrangementet").wait_for()

    scanner.fill(people[1][1])
    scanner.press("Enter")
    answer.get_by_text("Velkommen!").wait_for()
    page.get_by_role("button", name="Angre siste").click()
    answer.get_by_text("Angret.").wait_for()
    assert page.locator("#count-in").inner_text() == "1"

    page.get_by_label("Søk", exact=True).fill("Csen")
    page.get_by_role("button", name=f"Sjekk inn {people[2][0]}").click()
    answer.get_by_text("Velkommen!").wait_for()
    assert people[2][0] in answer.inner_text()

    # the Wi-Fi drops: the scan is kept on the device and sent when it returns
    context.set_offline(True)
    scanner.fill(people[1][1])
    scanner.press("Enter")
    answer.get_by_text("Lagret på enheten").wait_for()
    assert "1" in page.locator("#queue-status").inner_text()
    context.set_offline(False)
    page.evaluate("window.dispatchEvent(new Event('online'))")
    # expect(), not wait_for_function: that evaluates a string, which the page's CSP forbids
    expect(page.locator("#queue-status")).to_have_text("", timeout=120_000)
    app = make_app(venue["url"], venue["tmp"] / "check")
    with app.app_context():
        assert db.session.scalar(select(func.count(CheckIn.id))) == 3
        db.engine.dispose()

    ticket = context.new_page()
    ticket.goto(f"{base}/pamelding/{people[0][2]}/billett")
    assert ticket.locator("svg").count() == 1
    assert_accessible(ticket, "ticket page")
    context.close()


def test_phone_camera_scans_a_ticket(playwright_driver, venue, tmp_path):
    """Chromium's fake camera plays a video made from the real ticket's QR image."""
    import shutil
    import subprocess

    import requests

    if not shutil.which("ffmpeg"):
        pytest.fail("ffmpeg is missing: `make test` installs it (apt-get install ffmpeg)")
    base, people = venue["base"], venue["people"]
    png = tmp_path / "ticket.png"
    png.write_bytes(requests.get(f"{base}/api/v1/registrations/{people[1][2]}/qr.png",
                                 timeout=30).content)
    video = tmp_path / "ticket.y4m"
    subprocess.run(["ffmpeg", "-loglevel", "error", "-y", "-loop", "1", "-i", str(png),
                    "-vf", "scale=480:480,pad=640:480:80:0:white,format=yuv420p",
                    "-t", "3", "-r", "10", str(video)], check=True, timeout=120)
    from tests.conftest import CHROMIUM, CHROMIUM_ARGS

    chromium = playwright_driver.chromium.launch(executable_path=CHROMIUM, args=[
        *CHROMIUM_ARGS, "--use-fake-ui-for-media-stream", "--use-fake-device-for-media-stream",
        f"--use-file-for-fake-video-capture={video}"])
    try:
        context = chromium.new_context(permissions=["camera"])
        page = context.new_page()
        page.goto(base + "/arrangor/logg-inn")
        page.get_by_label("E-post").fill("vert@usht.no")
        page.get_by_label("Passord").fill("riktig-passord-123")
        page.get_by_role("button", name="Logg inn").click()
        page.goto(f"{base}/arrangor/innsjekking/{venue['event']}")
        page.get_by_role("button", name="Skann med kameraet").click()
        answer = page.locator("#answer")
        answer.get_by_text("Velkommen!").wait_for(timeout=30_000)
        assert people[1][0] in answer.inner_text()
        assert "checked_in" in answer.get_attribute("class")
    finally:
        chromium.close()
