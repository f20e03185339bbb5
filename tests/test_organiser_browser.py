"""An arrangør's day in Debian's chromium: sign in, create a hybrid event with two sessions,
publish, watch registrations arrive, promote from the waiting list, download every export.
axe-core checks each organiser page (CSRF is on: this is the real configuration)."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
import requests
from openpyxl import load_workbook
from pypdf import PdfReader

from registration.accounts import operations as auth
from registration.core.extensions import db
from registration.models import utcnow
from tests.conftest import api_body, make_app
from tests.live import gunicorn
from tests.test_browser import assert_accessible

pytestmark = pytest.mark.browser


@pytest.fixture
def live(tmp_path: Path) -> Iterator[str]:
    from flask_migrate import upgrade

    url = f"sqlite:///{tmp_path / 'organiser.sqlite3'}"
    app = make_app(url, tmp_path)
    with app.app_context():
        upgrade()
        auth.create_user("arrangor@usht.no", "arrangor", "et-godt-passord", "Anne Arrangør")
        db.engine.dispose()
    instance = tmp_path / "instance"
    instance.mkdir(exist_ok=True)
    with gunicorn(url, instance, workers=1, threads=4) as base:
        yield base


def test_arrangor_creates_publishes_promotes_and_exports(browser, live, tmp_path):
    page = browser.new_page(viewport={"width": 1280, "height": 900}, accept_downloads=True)
    page.goto(live + "/arrangor/")
    assert "/arrangor/logg-inn" in page.url
    assert_accessible(page, "sign-in")
    page.get_by_label("E-post").fill("arrangor@usht.no")
    page.get_by_label("Passord").fill("et-godt-passord")
    page.get_by_role("button", name="Logg inn").click()
    page.get_by_role("heading", name="Mine arrangementer").wait_for()
    assert_accessible(page, "dashboard")

    page.get_by_role("link", name="Nytt arrangement").click()
    assert_accessible(page, "new event form")
    day = (utcnow() + timedelta(days=60)).strftime("%Y-%m-%d")
    next_day = (utcnow() + timedelta(days=61)).strftime("%Y-%m-%d")
    page.get_by_label("Tittel", exact=True).fill("Ernæringskonferansen 2027")
    page.get_by_label("Type").select_option("konferanse")
    page.get_by_label("Deltakelse").select_option("hybrid")
    page.get_by_label("Plasser fysisk").fill("1")
    page.get_by_label("Plasser digitalt").fill("")
    page.get_by_label("Første økt starter").fill(f"{day}T09:00")
    page.get_by_label("Første økt slutter").fill(f"{day}T08:00")  # a mistake first
    page.get_by_label("Sted").fill("Scandic Ishavshotel, Tromsø")
    page.get_by_role("button", name="Lagre").click()
    page.get_by_text("Økten må slutte etter at den starter.").first.wait_for()
    assert page.get_by_label("Tittel", exact=True).input_value() == "Ernæringskonferansen 2027"
    assert_accessible(page, "event form showing errors")
    page.get_by_label("Første økt slutter").fill(f"{day}T15:00")
    page.get_by_role("button", name="Lagre").click()
    page.get_by_text("Arrangementet er opprettet som utkast.").wait_for()
    event_id = int(page.url.rstrip("/").split("/")[-1])

    page.get_by_role("link", name="Økter").click()
    page.get_by_label("Navn på økten (valgfritt)").last.fill("Dag 2")
    page.get_by_label("Starter").last.fill(f"{next_day}T09:00")
    page.get_by_label("Slutter").last.fill(f"{next_day}T14:00")
    page.get_by_role("button", name="Legg til økt").click()
    page.get_by_text("Økten er lagret.").wait_for()
    assert_accessible(page, "sessions")

    page.get_by_role("link", name="Rediger").click()
    page.get_by_role("button", name="Publiser").click()
    page.get_by_text("Arrangementet er publisert.").wait_for()

    # registrations arrive from the public side
    url = f"{live}/api/v1/events/{event_id}/registrations"
    first = requests.post(url, json=api_body(name="Kari Nordmann", mode="physical",
                                             email="kari@tromso.kommune.no"), timeout=30)
    second = requests.post(url, json=api_body(name="Ola Waitlist Hansen", mode="physical",
                                              email="ola@harstad.kommune.no"), timeout=30)
    assert (first.json()["status"], second.json()["status"]) == ("confirmed", "waitlisted")
    page.reload()
    page.get_by_role("link", name="Kari Nordmann").wait_for()
    page.get_by_text("Venteliste nr. 1").wait_for()
    assert page.get_by_test_id("confirmed-physical").inner_text() == "1"
    assert_accessible(page, "participant table")

    page.get_by_role("link", name="Gi plass Ola Waitlist Hansen").click()
    assert "økes kapasiteten til 2" in page.get_by_test_id("over-capacity").inner_text()
    assert_accessible(page, "confirm over capacity")
    page.get_by_role("button", name="Ja, gi plass – ny total 2").click()
    page.get_by_text("Ola Waitlist Hansen er bekreftet. Nå 2 av 2 plasser.").wait_for()
    assert page.get_by_test_id("confirmed-physical").inner_text() == "2"

    page.get_by_role("link", name="Eksport").click()
    assert_accessible(page, "export page")
    files = {}
    for label, fmt in (("Excel", "xlsx"), ("CSV", "csv"), ("PDF-signaturliste", "pdf")):
        with page.expect_download() as info:
            page.get_by_role("button", name=label, exact=True).click()
        target = tmp_path / f"export.{fmt}"
        info.value.save_as(target)
        files[fmt] = target.read_bytes()
    sheet = load_workbook(io.BytesIO(files["xlsx"])).active
    assert {sheet.cell(row=r, column=1).value for r in (2, 3)} == {"Kari Nordmann",
                                                                   "Ola Waitlist Hansen"}
    rows = list(csv.reader(io.StringIO(files["csv"].decode("utf-8-sig")), delimiter=";"))
    assert len(rows) == 3 and rows[0][0] == "Navn"
    reader = PdfReader(io.BytesIO(files["pdf"]))
    assert len(reader.pages) == 2  # one sign-in sheet per session
    assert "Ola Waitlist Hansen" in reader.pages[1].extract_text()

    page.get_by_role("link", name="Logg", exact=True).click()
    page.get_by_text("Bekreftet utover kapasiteten").wait_for()
    page.get_by_text("Deltakerlisten lastet ned som").first.wait_for()
    assert_accessible(page, "audit log")
    page.get_by_role("link", name="Send melding").click()
    assert_accessible(page, "message form")
    page.get_by_role("link", name="API-nøkler").click()
    assert_accessible(page, "tokens")
    page.close()
