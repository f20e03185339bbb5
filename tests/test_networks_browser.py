"""In a real browser: the network pages (organiser and public), axe-core on each, at phone
and desktop widths, with screenshots."""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from registration.accounts import operations as auth
from registration.core.extensions import db
from registration.models import Event, Invitation, User
from registration.networks import invitations
from registration.networks import operations as networks
from tests.conftest import make_app, make_event
from tests.live import gunicorn
from tests.test_browser import PHONE, assert_accessible, fill_form
from tests.test_networks import xlsx
from tests.test_networks_manage import GOOD_FILE

pytestmark = pytest.mark.browser

PASSWORD = "riktig-passord-123"
WIDE = {"width": 1280, "height": 900}
SHOTS = Path(os.environ.get("SCREENSHOT_DIR", "/tmp/shots-16"))


@pytest.fixture
def network_site(tmp_path: Path) -> Iterator[tuple[str, dict[str, Any]]]:
    from flask_migrate import upgrade

    url = f"sqlite:///{tmp_path / 'browser.sqlite3'}"
    app = make_app(url, tmp_path)
    with app.app_context():
        upgrade()
        owner = auth.create_user("arrangor@usht.no", "arrangor", PASSWORD, "Arrangør")
        network = networks.save_network(None, networks.NetworkFields(
            "Mellomledernettverket", "Faste deltakere.", "Åse Kontakt", "ase@example.no"),
            owner)
        for i, (name, kommune) in enumerate([("Kari Medlem", "5501"), ("Ola Leder", "5503"),
                                             ("Sigrid Sara", "5536")]):
            networks.add_member(network, networks.MemberFields(
                name, f"medlem{i}@example.no", kommune, "Pleie og omsorg", "leder"), owner)
        gathering = make_event(title="Mellomledernettverket – samling 1",
                               participation="hybrid", kind="nettverkssamling")
        make_event(title="Mellomledernettverket – samling 2", participation="hybrid",
                   kind="nettverkssamling", starts_in=timedelta(days=90))
        meeting = make_event(title="Samarbeidsmøte med kommunene", participation="hybrid")
        for event in db.session.scalars(select(Event)):
            event.owner_id = owner.id
        db.session.commit()
        for event in db.session.scalars(select(Event)).all():
            if event.title.startswith("Mellomleder"):
                networks.set_audience(event, "members", network.id, owner)
        networks.set_audience(db.session.get(Event, meeting.id), "invited", None, owner)
        owner = db.session.scalar(select(User))
        invitations.invite(db.session.get(Event, meeting.id), [invitations.Invitee(
            "medlem0@example.no", "Kari Medlem", network.members[0].id)], owner)
        token = db.session.scalar(select(Invitation.token))
        ids = {"network": network.id, "gathering": gathering.id, "meeting": meeting.id,
               "token": token}
        db.engine.dispose()
    instance = tmp_path / "instance"
    instance.mkdir(exist_ok=True)
    with gunicorn(url, instance, workers=1, threads=4) as base:
        yield base, ids


def _look(page: Any, name: str, what: str) -> None:
    assert_accessible(page, what)
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"{what}: the page is {overflow}px wider than the screen"


def test_public_network_pages(browser, network_site):
    base, ids = network_site
    for size, viewport in (("390", PHONE), ("1280", WIDE)):
        page = browser.new_page(viewport=viewport, locale="nb-NO")
        page.goto(f"{base}/arrangement/{ids['gathering']}")
        page.get_by_text("For medlemmer av Mellomledernettverket").first.wait_for()
        _look(page, f"event-members-only-{size}", "members-only event page")
        fill_form(page, email=f"fremmed{size}@example.no")
        page.get_by_label("Digitalt").check()
        page.get_by_label("Jeg har lest personvernerklæringen").check()
        page.get_by_role("button", name="Meld meg på").click()
        page.get_by_text("Spørsmål om medlemskap: Åse Kontakt").wait_for()
        _look(page, f"event-refused-{size}", "refusal for a stranger")
        page.goto(f"{base}/arrangement/{ids['meeting']}")
        page.get_by_text("bare for inviterte. Har du fått").wait_for()
        _look(page, f"event-invited-{size}", "invitation-only event page")
        page.goto(f"{base}/nettverk/{ids['network']}/pamelding")
        page.get_by_role("heading", name="Meld meg på alle").wait_for()
        _look(page, f"register-all-{size}", "register for all gatherings")
        page.close()
    page = browser.new_page(viewport=PHONE, locale="nb-NO")
    page.goto(f"{base}/invitasjon/{ids['token']}")
    page.get_by_role("heading", name="Svar på invitasjonen").wait_for()
    assert page.get_by_label("E-post").input_value() == "medlem0@example.no"
    _look(page, "invitation-390", "invitation form")
    page.get_by_label("Mobilnummer").fill("912 34 567")
    page.get_by_label("digitalt").check()
    page.get_by_label("Jeg har lest personvernerklæringen").check()
    page.get_by_role("button", name="Jeg kommer").click()
    page.get_by_text("Samarbeidsmøte med kommunene").first.wait_for()
    assert "/pamelding/" in page.url
    page.goto(f"{base}/invitasjon/{ids['token']}")
    page.get_by_text("allerede brukt").first.wait_for()
    page.goto(f"{base}/nettverk/{ids['network']}/pamelding")
    fill_form(page, email="medlem1@example.no")
    page.get_by_label("fysisk").check()
    page.get_by_label("Jeg har lest personvernerklæringen").check()
    page.get_by_role("button", name="Meld meg på alle samlingene").click()
    page.get_by_text("Du er meldt på 2 samlinger").wait_for()
    _look(page, "register-all-done-390", "register for all: done")


def test_organiser_network_pages(browser, network_site, tmp_path):
    base, ids = network_site
    upload = tmp_path / "medlemmer.xlsx"
    upload.write_bytes(xlsx(GOOD_FILE))
    for size, viewport in (("390", PHONE), ("1280", WIDE)):
        page = browser.new_page(viewport=viewport, locale="nb-NO")
        page.goto(f"{base}/arrangor/logg-inn")
        page.get_by_label("E-post").fill("arrangor@usht.no")
        page.get_by_label("Passord").fill(PASSWORD)
        page.get_by_role("button", name="Logg inn").click()
        page.get_by_role("heading", name="Mine arrangementer").wait_for()
        page.goto(f"{base}/arrangor/nettverk")
        page.get_by_role("link", name="Mellomledernettverket").wait_for()
        _look(page, f"org-networks-{size}", "network list")
        page.get_by_role("link", name="Mellomledernettverket").click()
        page.get_by_role("heading", name="3 medlemmer").wait_for()
        _look(page, f"org-network-{size}", "network page")
        page.get_by_role("button", name="Legg til").click()
        page.get_by_text("Skriv inn navnet ditt.").first.wait_for()
        _look(page, f"org-network-errors-{size}", "add member with errors")
        page.goto(f"{base}/arrangor/nettverk/{ids['network']}/import")
        page.set_input_files("#file", str(upload))
        page.get_by_role("button", name="Vis forhåndsvisning").click()
        page.get_by_text("3 av 5 rader kan lagres").wait_for()
        _look(page, f"org-import-preview-{size}", "import preview")
        for path, name in (("oppmote", "roster"), ("melding", "message"),
                           ("rediger", "edit")):
            page.goto(f"{base}/arrangor/nettverk/{ids['network']}/{path}")
            page.locator("main h2").first.wait_for()
            _look(page, f"org-{name}-{size}", name)
        for path, name in (("hvem", "audience"), ("invitasjoner", "invite")):
            page.goto(f"{base}/arrangor/arrangement/{ids['meeting']}/{path}")
            page.locator("main h2").first.wait_for()
            _look(page, f"org-{name}-{size}", name)
        page.get_by_role("button", name="Send invitasjoner").click()  # nothing chosen
        page.get_by_text("minst én e-postadresse").wait_for()
        _look(page, f"org-invite-errors-{size}", "invite with errors")
        page.close()
