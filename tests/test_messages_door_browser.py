"""Issue 17 (7, 11, 13, calendar) in Debian's chromium at 390 px and 1280 px: the message
page with its preview, the early-evaluation confirmation, the personal page's calendar
buttons and register-again button, and the outbox preview; axe finds nothing, nothing
overflows, and each is photographed to /tmp/shots-17b/."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest

from registration.accounts import operations as auth
from registration.core.extensions import db
from registration.evaluations import builder
from registration.models import Event, utcnow
from registration.registrations import operations
from tests.conftest import make_app, make_event, person
from tests.live import gunicorn
from tests.test_browser import assert_accessible

pytestmark = pytest.mark.browser
PASSWORD = "riktig-passord-123"
SHOTS = Path("/tmp/shots-17b")


@pytest.fixture
def site(tmp_path: Path) -> Iterator[dict]:
    from flask_migrate import upgrade

    url = f"sqlite:///{tmp_path / 'site.sqlite3'}"
    app = make_app(url, tmp_path)
    with app.app_context():
        upgrade()
        owner = auth.create_user("eier@usht.no", "admin", PASSWORD, "Eva Eier")
        ref = make_event(title="Vinterlys-konferansen", sessions=2,
                         capacities={"physical": 5, "digital": None})
        event = db.session.get(Event, ref.id)
        event.owner_id = owner.id
        builder.attach_standard(event)
        db.session.commit()
        kept = operations.register(ref.id, person(0, mode="physical")).token
        gone = operations.register(ref.id, person(1, mode="digital")).token
        operations.cancel(gone)
        # A running event: the evaluation would be sent before its end.
        running = make_event(title="Den lille forskjellen", participation="digital",
                             starts_in=timedelta(minutes=-30))
        ev = db.session.get(Event, running.id)
        ev.owner_id = owner.id
        ev.sessions[0].ends_at = utcnow() + timedelta(hours=2)
        builder.attach_standard(ev)
        db.session.commit()
        db.engine.dispose()
    instance = tmp_path / "instance"
    instance.mkdir(exist_ok=True)
    with gunicorn(url, instance, workers=1, threads=4) as base:
        yield {"base": base, "event": ref.id, "running": running.id, "kept": kept,
               "gone": gone}


def _look(page, name: str, width: int) -> None:
    assert_accessible(page, f"{name} at {width} px")
    assert page.evaluate("document.documentElement.scrollWidth") <= width, name
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}-{width}.png"), full_page=True)


@pytest.mark.parametrize("width", [390, 1280])
def test_pages_of_17b_are_accessible_and_fit(browser, site, width):
    base = site["base"]
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    page.goto(f"{base}/pamelding/{site['kept']}")
    page.get_by_role("link", name="Google Calendar – Dag 2").wait_for()
    _look(page, "personal-calendar", width)
    page.goto(f"{base}/pamelding/{site['gone']}")
    _look(page, "personal-cancelled", width)
    page.get_by_role("link", name="Meld deg på igjen").click()
    page.wait_for_url(f"**/arrangement/{site['event']}#register-heading")

    page.goto(base + "/arrangor/logg-inn")
    page.get_by_label("E-post").fill("eier@usht.no")
    page.get_by_label("Passord").fill(PASSWORD)
    page.get_by_role("button", name="Logg inn").click()
    page.goto(f"{base}/arrangor/arrangement/{site['event']}/melding")
    page.get_by_label("Deltakelse").select_option("physical")
    page.get_by_label("Emne").fill("Parkering")
    page.get_by_label("Melding").fill("Bruk P-huset bak hotellet.")
    page.get_by_role("button", name="Forhåndsvis og tell mottakere").click()
    page.get_by_text("Meldingen går til 1 person.").wait_for()
    _look(page, "message-preview", width)

    page.goto(f"{base}/arrangor/arrangement/{site['running']}/evaluering")
    page.get_by_role("button", name="Send invitasjon").click()
    page.get_by_role("button", name="Send nå og lås skjemaet").wait_for()
    _look(page, "evaluation-confirm-early", width)

    page.goto(f"{base}/arrangor/utboks/")
    page.get_by_role("link", name="Påmeldt: Vinterlys-konferansen").last.click()
    page.get_by_text("Ikke sendt ennå").wait_for()
    _look(page, "outbox-preview", width)
    context.close()
