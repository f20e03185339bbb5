"""The yearly report in Debian's chromium: an arrangør picks last year, reads the totals and
charts, downloads the Excel file and opens a kommune's page; on a phone the page does not
overflow. axe-core on the report (full and publishable), the kommune page and past events."""

from __future__ import annotations

import io
import random
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from openpyxl import load_workbook

from registration.accounts import operations as auth
from registration.core import municipalities
from registration.core.extensions import db
from registration.core.i18n import local
from registration.demo import _event, _participants
from registration.demo_last_year import seed_last_year
from registration.models import utcnow
from tests.conftest import make_app
from tests.live import gunicorn
from tests.test_browser import PHONE, assert_accessible

pytestmark = pytest.mark.browser
PASSWORD = "riktig-passord-123"
SHOTS = Path("/tmp/shots-13")


@pytest.fixture
def site(tmp_path: Path) -> Iterator[dict]:
    from flask_migrate import upgrade

    url = f"sqlite:///{tmp_path / 'report.sqlite3'}"
    instance = tmp_path / "instance"
    instance.mkdir()
    app = make_app(url, tmp_path)
    with app.app_context():
        upgrade()
        organiser = auth.create_user("arrangor@usht.no", "arrangor", PASSWORD, "Arrangør")
        troms = [m.number for m in municipalities.all_municipalities().values()
                 if m.county_number == "55"]
        rng = random.Random(13)
        seed_last_year(rng, _participants(rng, 120, troms[6:]), organiser, utcnow(), _event)
        year = local(utcnow()).year - 1
        db.engine.dispose()
    with gunicorn(url, instance, workers=1, threads=4) as base:
        yield {"base": base, "year": year}


def shoot(page, name: str) -> None:
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def test_an_arrangor_picks_a_year_and_downloads_the_excel_file(browser, site, tmp_path):
    base, year = site["base"], site["year"]
    desk = browser.new_context(viewport={"width": 1280, "height": 900}, accept_downloads=True,
                               locale="nb-NO")
    page = desk.new_page()
    page.goto(base + "/arrangor/logg-inn")
    page.get_by_label("E-post").fill("arrangor@usht.no")
    page.get_by_label("Passord").fill(PASSWORD)
    page.get_by_role("button", name="Logg inn").click()
    page.get_by_role("heading", name="Mine arrangementer").wait_for()
    page.get_by_role("link", name="Årsrapport").first.click()
    page.get_by_role("heading", name=f"Årsrapport {year + 1}").wait_for()
    assert_accessible(page, "report of this year")
    page.get_by_label("År").select_option(str(year))
    page.get_by_role("button", name="Vis").click()
    page.get_by_role("heading", name=f"Årsrapport {year}").wait_for()
    reached = page.locator("#reached").inner_text()
    assert re.fullmatch(r"\d+ av 21 kommuner nådd", reached.strip()), reached
    chart = page.get_by_role("img", name=re.compile("Påmeldte \\(møtt\\) per kommune"))
    chart.wait_for()
    assert chart.bounding_box()["width"] > 300
    assert_accessible(page, "report")
    shoot(page, "report-1280")
    shown = page.locator('#totals tr[data-key="registrations"] td').first.inner_text()
    with page.expect_download() as info:
        page.get_by_role("link", name="Last ned (Excel)").click()
    target = tmp_path / "rapport.xlsx"
    info.value.save_as(target)
    assert info.value.suggested_filename == f"arsrapport-{year}.xlsx"
    rows = list(load_workbook(io.BytesIO(target.read_bytes())).active.iter_rows(
        values_only=True))
    assert rows[1][:3] == ("Totalt", None, "Alle") and str(rows[1][4]) == shown

    page.get_by_role("link", name="Publiserbar versjon").click()
    page.get_by_role("heading", name=re.compile("publiserbar versjon")).wait_for()
    assert_accessible(page, "publishable report")

    page.goto(base + f"/arrangor/rapport?ar={year}")
    page.locator("#by-kommune").get_by_role("link", name="Tromsø").click()
    page.get_by_role("heading", name=re.compile("Tromsø")).first.wait_for()
    page.get_by_role("heading", name="Per år").wait_for()
    assert page.locator(f'#by-year tr[data-key="{year}"]').count() == 1
    assert_accessible(page, "kommune page")
    shoot(page, "kommune-1280")

    page.goto(base + f"/arrangor/?vis=tidligere&ar={year}")
    page.get_by_role("heading", name="Tidligere arrangementer").wait_for()
    assert page.locator("#past tbody tr").count() == 9
    assert_accessible(page, "past events")
    page.locator("#past tbody tr").first.get_by_role("link", name=re.compile("svar")).click()
    page.get_by_role("heading", name="Resultater av evalueringen").wait_for()
    desk.close()

    phone = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True,
                                locale="nb-NO")
    page = phone.new_page()
    page.goto(base + "/arrangor/logg-inn")
    page.get_by_label("E-post").fill("arrangor@usht.no")
    page.get_by_label("Passord").fill(PASSWORD)
    page.get_by_role("button", name="Logg inn").click()
    page.get_by_role("heading", name="Mine arrangementer").wait_for()
    for path, name in ((f"/arrangor/rapport?ar={year}", "report-390"),
                       ("/arrangor/kommune/5501", "kommune-390"),
                       (f"/arrangor/?vis=tidligere&ar={year}", "past-390")):
        page.goto(base + path)
        page.locator("h1").wait_for()
        overflow = page.evaluate("document.documentElement.scrollWidth - "
                                 "document.documentElement.clientWidth")
        assert overflow <= 0, (path, overflow)
        shoot(page, name)
    phone.close()
