"""Issue 17 (6) in Debian's chromium: the door's offline list (network taken away, scans
answered from the device, synced on return, a second device's conflict resolved by the
server), the next-step button, full-screen scan mode with sound and vibration, and axe at
390 px and 1280 px."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from registration.core.extensions import db
from registration.models import CheckIn, User
from tests.conftest import make_app
from tests.test_browser import assert_accessible
from tests.test_checkin_browser import venue  # noqa: F401  (the fixture)

pytestmark = pytest.mark.browser

# Records vibrations and tones instead of making them (the test has no speaker to listen to).
RECORD_FEEDBACK = """
window.__vibrations = [];
navigator.vibrate = function (pattern) { window.__vibrations.push(pattern); return true; };
window.__tones = 0;
const RealContext = window.AudioContext;
window.AudioContext = function () {
  const ctx = new RealContext();
  const make = ctx.createOscillator.bind(ctx);
  ctx.createOscillator = function () { window.__tones += 1; return make(); };
  return ctx;
};
"""


def _door(context, base: str, event_id: int):
    page = context.new_page()
    page.goto(base + "/arrangor/logg-inn")
    page.get_by_label("E-post").fill("vert@usht.no")
    page.get_by_label("Passord").fill("riktig-passord-123")
    page.get_by_role("button", name="Logg inn").click()
    expect(page).to_have_url(f"{base}/arrangor/innsjekking/")  # a host lands at the door
    page.goto(f"{base}/arrangor/innsjekking/{event_id}")
    expect(page.locator("#list-status")).to_contain_text("Deltakerlisten er lagret på enheten")
    return page


def test_offline_list_sync_and_second_device_conflict(browser, venue):  # noqa: F811
    base, people, event_id = venue["base"], venue["people"], venue["event"]
    phone = browser.new_context(viewport={"width": 390, "height": 844})
    phone.add_init_script(RECORD_FEEDBACK)
    laptop = browser.new_context(viewport={"width": 1280, "height": 800})
    a = _door(phone, base, event_id)
    b = _door(laptop, base, event_id)
    assert_accessible(a, "check-in screen at 390 px")
    assert_accessible(b, "check-in screen at 1280 px")
    # The camera button is on the first screen of a phone.
    box = a.get_by_role("button", name="Skann med kameraet").bounding_box()
    assert box is not None and box["y"] + box["height"] <= 844

    # The phone loses the network: scans are answered from the list on the device.
    phone.set_offline(True)
    scanner = a.get_by_label("Skann eller skriv kode")
    scanner.fill(people[0][1].lower())
    scanner.press("Enter")
    answer = a.locator("#answer")
    answer.get_by_text("Velkommen!").wait_for()
    assert people[0][0] in answer.inner_text() and "Lagret på enheten" in answer.inner_text()
    scanner.fill(people[0][1])
    scanner.press("Enter")
    answer.get_by_text("Allerede sjekket inn").wait_for()  # the device remembers
    scanner.fill("0" * 22)
    scanner.press("Enter")
    answer.get_by_text("Ikke påmeldt dette arrangementet").wait_for()
    scanner.fill(people[1][1])  # this one the laptop will check in first
    scanner.press("Enter")
    answer.get_by_text("Velkommen!").wait_for()
    # A short buzz for each welcome, a triple one for each refusal.
    assert a.evaluate("window.__vibrations") == [120, [90, 60, 90, 60, 90],
                                                 [90, 60, 90, 60, 90], 120]
    assert a.evaluate("window.__tones") >= 5
    expect(a.locator("#queue-status")).to_have_text("2 i kø")

    # Meanwhile the laptop, online, checks in the second person.
    lscanner = b.get_by_label("Skann eller skriv kode")
    lscanner.fill(people[1][1])
    lscanner.press("Enter")
    b.locator("#answer").get_by_text("Velkommen!").wait_for()

    # The network returns: the phone's queue goes to the server, which decides.
    phone.set_offline(False)
    a.evaluate("window.dispatchEvent(new Event('online'))")
    expect(a.locator("#queue-status")).to_have_text("", timeout=120_000)
    conflict = a.locator("#conflicts")
    expect(conflict).to_contain_text(f"{people[1][0]} var allerede sjekket inn")
    expect(conflict).to_contain_text("vert@usht.no")
    assert_accessible(a, "check-in screen with a conflict")
    # Both devices now say the same about the second person: checked in once, by the laptop.
    lscanner.fill(people[1][1])
    lscanner.press("Enter")
    b.locator("#answer").get_by_text("Allerede sjekket inn").wait_for()
    app = make_app(venue["url"], venue["tmp"] / "check")
    with app.app_context():
        rows = db.session.scalars(select(CheckIn)).all()
        assert len(rows) == 2 and len({r.registration_id for r in rows}) == 2
        db.engine.dispose()

    # Signing out clears the list from the device.
    assert a.evaluate("Object.keys(localStorage).some(k => k.startsWith('door-list-'))")
    a.get_by_role("button", name="Logg ut").click()
    a.wait_for_url("**/arrangor/logg-inn")
    assert a.evaluate("Object.keys(localStorage).length") == 0
    phone.close()
    laptop.close()


def test_expired_list_is_dropped_after_the_event(browser, venue):  # noqa: F811
    base, event_id = venue["base"], venue["event"]
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = _door(context, base, event_id)
    page.evaluate("""() => localStorage.setItem('door-list-999999', JSON.stringify(
        {expires_at: '2020-01-01T00:00:00+00:00', entries: {}}))""")
    page.reload()
    expect(page.locator("#list-status")).to_contain_text("lagret på enheten")
    assert page.evaluate("localStorage.getItem('door-list-999999')") is None
    context.close()


def test_full_screen_scan_mode_on_a_phone(playwright_driver, venue, tmp_path: Path):  # noqa: F811
    """Chromium's fake camera plays the ticket: the camera fills the phone's screen and the
    answer lies over it."""
    import shutil
    import subprocess

    import requests

    from tests.conftest import CHROMIUM, CHROMIUM_ARGS

    if not shutil.which("ffmpeg"):
        pytest.fail("ffmpeg is missing: `make test` installs it (apt-get install ffmpeg)")
    base, people = venue["base"], venue["people"]
    png = tmp_path / "ticket.png"
    png.write_bytes(requests.get(f"{base}/api/v1/registrations/{people[2][2]}/qr.png",
                                 timeout=30).content)
    video = tmp_path / "ticket.y4m"
    subprocess.run(["ffmpeg", "-loglevel", "error", "-y", "-loop", "1", "-i", str(png),
                    "-vf", "scale=480:480,pad=640:480:80:0:white,format=yuv420p",
                    "-t", "3", "-r", "10", str(video)], check=True, timeout=120)
    chromium = playwright_driver.chromium.launch(executable_path=CHROMIUM, args=[
        *CHROMIUM_ARGS, "--use-fake-ui-for-media-stream", "--use-fake-device-for-media-stream",
        f"--use-file-for-fake-video-capture={video}"])
    try:
        context = chromium.new_context(permissions=["camera"],
                                       viewport={"width": 390, "height": 844})
        context.set_default_timeout(60_000)
        context.add_init_script(RECORD_FEEDBACK)
        page = _door(context, base, venue["event"])
        page.get_by_role("button", name="Skann med kameraet").click()
        answer = page.locator("#answer")
        answer.get_by_text("Velkommen!").wait_for()
        assert "scan-mode" in (page.locator("body").get_attribute("class") or "")
        camera = page.locator("#camera").bounding_box()
        assert camera is not None and camera["width"] >= 389 and camera["height"] >= 843
        over = answer.bounding_box()
        assert over is not None and over["y"] + over["height"] <= 844  # over the image
        assert page.evaluate("window.__vibrations.length") >= 1
        Path("/tmp/shots-17b").mkdir(exist_ok=True)
        page.screenshot(path="/tmp/shots-17b/scan-mode-390.png")
        page.get_by_role("button", name="Avslutt skanning").click()
        assert "scan-mode" not in (page.locator("body").get_attribute("class") or "")
    finally:
        chromium.close()


def test_next_step_button_switches_a_digital_registrant(browser, tmp_path: Path):
    """A hybrid event with a free seat: the digital registrant's answer offers the switch."""
    from datetime import timedelta

    from flask_migrate import upgrade

    from registration.accounts import operations as auth
    from registration.models import Event, utcnow
    from registration.registrations import operations
    from tests.conftest import make_event, person
    from tests.live import gunicorn

    url = f"sqlite:///{tmp_path / 'door2.sqlite3'}"
    app = make_app(url, tmp_path)
    with app.app_context():
        upgrade()
        host = auth.create_user("vert@usht.no", "vert", "riktig-passord-123")
        ref = make_event(title="Vinterlys", capacities={"physical": 5, "digital": None})
        online = operations.register(ref.id, person(4, mode="digital")).registration
        code = online.ticket_code
        event = db.session.get(Event, ref.id)
        event.hosts.append(db.session.get(User, host.id))
        event.sessions[0].starts_at = utcnow() - timedelta(minutes=10)
        event.sessions[0].ends_at = utcnow() + timedelta(hours=3)
        db.session.commit()
        db.engine.dispose()
    instance = tmp_path / "instance"
    instance.mkdir(exist_ok=True)
    with gunicorn(url, instance, workers=1, threads=4) as base:
        for width in (390, 1280):
            context = browser.new_context(viewport={"width": width, "height": 844})
            page = _door(context, base, ref.id)
            if width == 390:
                scanner = page.get_by_label("Skann eller skriv kode")
                scanner.fill(code)
                scanner.press("Enter")
                page.locator("#answer").get_by_text("Påmeldt digitalt").wait_for()
                assert_accessible(page, "answer with a next step")
                page.get_by_role("button", name="Bytt til fysisk og sjekk inn").click()
                page.locator("#answer").get_by_text("Velkommen!").wait_for()
            else:
                page.get_by_label("Søk", exact=True).fill(person(4).name.split()[-1])
                page.locator("#search-results").get_by_text("Påmeldt").first.wait_for()
                assert_accessible(page, "search results with status")
            assert page.evaluate("document.documentElement.scrollWidth") <= width
            context.close()
