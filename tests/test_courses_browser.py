"""Course pages in Debian's chromium: the refused registration form (the message at the
e-mail field), the kursbevis verification page and its accessible HTML version, the
instructor registry; axe-core (WCAG 2.1 A/AA) on each, on a phone and on a desktop."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest

from registration.accounts import operations as auth
from registration.core.extensions import db
from registration.courses import operations as courses
from registration.models import Registration, utcnow
from registration.registrations import operations
from tests.conftest import make_app, make_event, person
from tests.live import gunicorn
from tests.test_browser import PHONE, assert_accessible, choose_kommune
from tests.test_courses import attend, put_on_track
from tests.test_organiser import PASSWORD

pytestmark = pytest.mark.browser
SHOTS = Path("/tmp/shots-14")


@pytest.fixture
def site(tmp_path: Path) -> Iterator[dict]:
    from flask_migrate import upgrade

    url = f"sqlite:///{tmp_path / 'courses.sqlite3'}"
    app = make_app(url, tmp_path)
    with app.app_context():
        upgrade()
        owner = auth.create_user("a@usht.no", "arrangor", PASSWORD, "Arrangør A").id
        t1 = make_event(title="KlinObs Trinn 1 høst", participation="physical", sessions=2,
                        starts_in=timedelta(days=2), capacities={"physical": 12})
        put_on_track(t1.id, 1, requires=False, owner=owner)
        next_t1 = make_event(title="KlinObs Trinn 1 vår", participation="physical",
                             starts_in=timedelta(days=90), capacities={"physical": 12})
        put_on_track(next_t1.id, 1, requires=False)
        t2 = make_event(title="KlinObs Trinn 2 K-HLR", participation="physical",
                        starts_in=timedelta(days=60), capacities={"physical": 12})
        put_on_track(t2.id, 2)
        reg = operations.register(t1.id, person(0)).registration.id
        attend(reg, t1.id, [0, 1])
        courses.complete_from_attendance(t1.id, utcnow() + timedelta(days=20))
        code = courses.completion_of(reg).certificate_code
        token = db.session.get(Registration, reg).token
        db.engine.dispose()
    instance = tmp_path / "instance"
    instance.mkdir(exist_ok=True)
    with gunicorn(url, instance, workers=1, threads=4) as base:
        yield {"base": base, "t1": t1.id, "t2": t2.id, "code": code, "token": token}


def shot(page, name: str) -> None:
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


@pytest.mark.parametrize("viewport", [PHONE, {"width": 1280, "height": 900}],
                         ids=["phone", "desktop"])
def test_refused_form_certificate_and_registry_are_accessible(browser, site, viewport):
    page = browser.new_page(viewport=viewport)
    width = viewport["width"]
    base = site["base"]
    page.goto(f"{base}/arrangement/{site['t2']}")
    page.get_by_label("Fullt navn").fill("Nora Ny")
    page.get_by_label("E-post").fill("nora.ny@bodo.kommune.no")
    page.get_by_label("Mobilnummer").fill("912 34 567")
    choose_kommune(page, "bodø", "Bodø (1804)")
    page.get_by_label("Arbeidssted").fill("Bodø sykehjem")
    page.get_by_label("Stilling").select_option("sykepleier")
    page.get_by_label("Jeg har lest personvernerklæringen").check()
    page.get_by_role("button", name="Meld meg på").click()
    error = page.locator("#email-error")
    error.wait_for()
    assert "krever fullført KlinObs Trinn 1" in error.inner_text()
    assert page.get_by_label("E-post").input_value() == "nora.ny@bodo.kommune.no"
    assert page.get_by_label("Arbeidssted").input_value() == "Bodø sykehjem"
    # The next Trinn 1 that has not started: the autumn round, two days from now
    assert page.get_by_role("link", name="Neste kurs: KlinObs Trinn 1 høst").first.is_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    assert_accessible(page, "refused form")
    shot(page, f"refused-{width}")

    page.goto(f"{base}/kursbevis/{site['code']}")
    assert "Gyldig." in page.inner_text("main")
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    assert_accessible(page, "verification page")
    shot(page, f"verify-{width}")

    page.goto(f"{base}/pamelding/{site['token']}/kursbevis")
    assert "Kari Nordmann" in page.inner_text("main")
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    assert_accessible(page, "certificate page")
    shot(page, f"certificate-{width}")

    page.goto(f"{base}/arrangor/logg-inn")
    page.get_by_label("E-post").fill("a@usht.no")
    page.get_by_label("Passord").fill(PASSWORD)
    page.get_by_role("button", name="Logg inn").click()
    page.wait_for_url(lambda u: "logg-inn" not in u)
    page.goto(f"{base}/arrangor/instruktorer?level=abc")
    assert "Trinn må være et helt tall" in page.inner_text("main")
    assert_accessible(page, "registry with a bad filter")
    page.goto(f"{base}/arrangor/instruktorer")
    assert "kari.0@tromso.kommune.no" in page.inner_text("main")
    assert_accessible(page, "registry")
    shot(page, f"registry-{width}")
    page.goto(f"{base}/arrangor/arrangement/{site['t1']}/kurs")
    assert site["code"] in page.inner_text("main")
    page.get_by_role("button", name="Trekk tilbake").click()  # no reason: refused
    page.locator(".ds-validation-message").first.wait_for()
    assert "Skriv en begrunnelse." in page.inner_text("main")
    assert_accessible(page, "course page with an error")
    shot(page, f"course-{width}")
    page.close()
