"""In a real browser: the one-click opt-out page a participant reaches from the footer of a
bulk e-mail, and the personal page asking them to check a bouncing address. axe-core checks
both at phone and desktop width."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from flask_migrate import upgrade

from registration.core.extensions import db
from registration.core.types import utcnow
from registration.mail import preferences
from registration.mail.models import MessageKind
from registration.models import Registration
from registration.registrations import operations
from tests.conftest import make_app, make_event, person
from tests.live import gunicorn
from tests.test_browser import PHONE, assert_accessible

pytestmark = pytest.mark.browser

DESKTOP = {"width": 1280, "height": 900}


@pytest.fixture
def live(tmp_path: Path) -> Iterator[tuple[str, str, str]]:
    url = f"sqlite:///{tmp_path / 'mail.sqlite3'}"
    # the live server's secret, so the signed opt-out link made here is valid there
    app = make_app(url, tmp_path, SECRET_KEY="live-test-secret",
                   PUBLIC_URL="http://127.0.0.1")
    with app.app_context():
        upgrade()
        event = make_event(title="Vinterlys-konferansen", participation="physical")
        outcome = operations.register(event.id, person(0, email="kari@feil.example"))
        reg = db.session.get(Registration, outcome.registration.id)
        link = preferences.unsubscribe_url(reg, MessageKind.ORGANISER) or ""
        preferences.mark_bounced(reg.id, reg.email, 550, utcnow())
        db.session.commit()
        token = outcome.token
        db.engine.dispose()
    instance = tmp_path / "instance"
    instance.mkdir(exist_ok=True)
    with gunicorn(url, instance, workers=1, threads=4) as base:
        yield base, link.removeprefix("http://127.0.0.1"), token


def test_opt_out_page_and_bounce_notice(browser, live):
    base, path, token = live
    page = browser.new_page(viewport=PHONE, locale="nb-NO")
    page.goto(base + path)
    page.get_by_role("heading", name="Slutt å få meldinger fra arrangøren?").wait_for()
    assert_accessible(page, "opt-out page")
    page.get_by_role("button", name="Slutt å sende meg meldinger fra arrangøren").click()
    page.get_by_text("Påmeldingen din gjelder fortsatt").wait_for()
    assert_accessible(page, "opt-out done")
    page.set_viewport_size(DESKTOP)
    assert_accessible(page, "opt-out done, desktop")

    page.goto(f"{base}/pamelding/{token}")
    notice = page.get_by_test_id("bouncing")
    assert "kari@feil.example kommer ikke fram" in notice.inner_text()
    page.get_by_text("Påmeldt", exact=True).first.wait_for()  # still registered
    assert_accessible(page, "personal page with a bouncing address, desktop")
    page.set_viewport_size(PHONE)
    assert_accessible(page, "personal page with a bouncing address")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
