"""Issue 17 (participant's and organiser's experience) in Debian's chromium: the error summary
after a failed submit, the kommune combobox, no horizontal overflow on a phone. axe-core on
every page visited."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from playwright.sync_api import expect

from registration.accounts import operations as auth
from registration.core.extensions import db
from registration.registrations import operations
from tests.conftest import make_app, make_event, person
from tests.live import gunicorn
from tests.test_browser import assert_accessible

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
LAPTOP = {"width": 1280, "height": 900}
PASSWORD = "et-godt-passord"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, dict[str, int]]]:
    """One live server for the module: a hybrid conference with food, a full KlinObs course
    (a waiting list), an organiser who owns both."""
    from flask_migrate import upgrade

    tmp_path = tmp_path_factory.mktemp("experience")
    url = f"sqlite:///{tmp_path / 'experience.sqlite3'}"
    app = make_app(url, tmp_path)
    with app.app_context():
        upgrade()
        organiser = auth.create_user("arrangor@usht.no", "arrangor", PASSWORD, "Anne Arrangør")
        conference = make_event(title="Vinterlys-konferansen", serves_food=True,
                                capacities={"physical": 120, "digital": 300},
                                description="Konferanse for ansatte og ledere i Harstad.")
        course = make_event(title="KlinObs instruktørkurs Trinn 1", kind="klinobs_kurs",
                            participation="physical", capacities={"physical": 1})
        for event_id in (conference.id, course.id):
            from registration.models import Event
            db.session.get(Event, event_id).owner_id = organiser.id
        db.session.commit()
        for i in range(3):
            operations.register(course.id, person(i))
        operations.register(conference.id, person(5, mode="physical"))
        db.engine.dispose()
    instance = tmp_path / "instance"
    instance.mkdir(exist_ok=True)
    with gunicorn(url, instance, workers=1, threads=4) as base:
        yield base, {"conference": conference.id, "course": course.id}


@pytest.fixture
def open_page(browser) -> Iterator:
    """A new page at a given screen size; closed after the test (an open page from an earlier
    test would keep the browser's focus, and focus is what some of these tests check)."""
    pages = []

    def opener(viewport: dict[str, int]):  # noqa: ANN202
        page = browser.new_page(viewport=viewport, locale="nb-NO")
        pages.append(page)
        return page

    yield opener
    for page in pages:
        page.close()


def sign_in(page, base: str) -> None:
    page.goto(base + "/arrangor/logg-inn")
    page.get_by_label("E-post").fill("arrangor@usht.no")
    page.get_by_label("Passord").fill(PASSWORD)
    page.get_by_role("button", name="Logg inn").click()
    page.get_by_role("heading", name="Mine arrangementer").wait_for()


def in_view(page, selector: str) -> bool:
    return page.evaluate(
        """(sel) => { const r = document.querySelector(sel).getBoundingClientRect();
                      return r.top >= -2 && r.top < window.innerHeight; }""", selector)


@pytest.mark.parametrize("viewport", [PHONE, LAPTOP], ids=["phone", "laptop"])
def test_failed_submit_focuses_the_error_summary_and_titles_the_page(open_page, site, viewport):
    base, ids = site
    page = open_page(viewport)
    page.goto(f"{base}/arrangement/{ids['conference']}")
    assert not page.title().startswith("Feil:")
    page.get_by_label("Fullt navn").fill("Kari")
    page.get_by_role("button", name="Meld meg på").click()
    page.locator("#error-summary").wait_for()
    assert page.title().startswith("Feil: Vinterlys-konferansen")
    expect(page.locator("#error-summary")).to_be_focused()
    assert in_view(page, "#error-summary"), "the summary must be on the first screen"
    assert page.get_by_label("Fullt navn").input_value() == "Kari"
    assert_accessible(page, "registration form with errors")
    # a link in the summary takes focus to its field
    page.locator("#error-summary a[href='#email']").click()
    expect(page.locator("#email")).to_be_focused()
    assert in_view(page, "#email")


def test_every_organiser_form_titles_and_focuses_its_errors(open_page, site):
    base, ids = site
    page = open_page(PHONE)
    page.goto(base + "/arrangor/logg-inn")
    page.get_by_role("button", name="Logg inn").click()
    expect(page).to_have_title(re.compile("^Feil: "))
    expect(page.locator("#error-summary")).to_be_focused()
    sign_in(page, base)
    for path, button in [("/arrangor/arrangement/ny", "Lagre"),
                         ("/arrangor/passord", "Lagre nytt passord"),
                         (f"/arrangor/arrangement/{ids['conference']}/ny-deltaker", "Legg til")]:
        page.goto(base + path)
        page.get_by_role("button", name=button, exact=True).click()
        expect(page).to_have_title(re.compile("^Feil: "))
        expect(page.locator("#error-summary")).to_be_focused()
        assert in_view(page, "#error-summary"), path
        assert_accessible(page, path + " with errors")
