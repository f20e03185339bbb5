"""The evaluation journey in Debian's chromium: an event ends, the people who came get the
invitation through a real SMTP server, one answers on a phone, the organiser reads the
chart and downloads the answers. Someone who did not come gets nothing; a used link cannot
answer twice. axe on the answer page (also with errors) and on the results."""

from __future__ import annotations

import io
import re
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from registration.core.extensions import db
from registration.evaluations import builder, invitations
from registration.mail import delivery
from registration.models import EvaluationResponse, utcnow
from tests.conftest import make_app
from tests.live import gunicorn
from tests.test_browser import assert_accessible
from tests.test_evaluations import PASSWORD, ended_event
from tests.test_mail import Inbox, smtp  # noqa: F401  (smtp is a fixture)

pytestmark = pytest.mark.browser


@pytest.fixture
def ended(tmp_path: Path, smtp) -> Iterator[dict]:  # noqa: F811
    from flask_migrate import upgrade

    inbox, port = smtp
    url = f"sqlite:///{tmp_path / 'evaluation.sqlite3'}"
    instance = tmp_path / "instance"
    instance.mkdir()
    with gunicorn(url, instance, workers=1, threads=4) as base:
        app = make_app(url, tmp_path, MAIL_SERVER="127.0.0.1", MAIL_PORT=port,
                       MAIL_USE_TLS=False, PUBLIC_URL=base)
        with app.app_context():
            upgrade()
            made = ended_event(people=3, at_door=(0,), online=(1,))
            form = builder.form_of(made.event_id)
            keys = {q.standard_key: q.id for q in form.questions}
            db.engine.dispose()
        yield {"base": base, "app": app, "inbox": inbox, "event": made, "keys": keys,
               "url": url}


def evaluation_mail(inbox: Inbox, count: int) -> list:
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        found = [m for m in inbox.messages if "Evaluering av" in m["Subject"]]
        if len(found) >= count:
            return found
        time.sleep(0.05)
    return [m for m in inbox.messages if "Evaluering av" in m["Subject"]]


def test_attendee_answers_on_a_phone_and_the_organiser_sees_the_chart(browser, ended,
                                                                      tmp_path):
    app, inbox, made, keys = ended["app"], ended["inbox"], ended["event"], ended["keys"]
    with app.app_context():  # the mail worker's round, two hours after the event ended
        invitations.queue_due_invitations(utcnow())
        while delivery.deliver_due(limit=10):
            pass
        db.session.remove()
    messages = evaluation_mail(inbox, 2)
    assert sorted(m["To"].addresses[0].addr_spec for m in messages) == sorted(made.emails[:2])
    time.sleep(0.3)
    assert made.emails[2] not in [m["To"].addresses[0].addr_spec
                                  for m in evaluation_mail(inbox, 2)]  # did not come
    door = next(m for m in messages if m["To"].addresses[0].addr_spec == made.emails[0])
    link = re.search(r"http://127\.0\.0\.1:\d+/evaluering/[\w-]+",
                     door.get_body(("plain",)).get_content()).group(0)

    phone = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True,
                                has_touch=True, locale="nb-NO")
    page = phone.new_page()
    page.goto(link)
    page.get_by_role("heading", name=re.compile("Hva syntes du om")).wait_for()
    assert_accessible(page, "answer page")
    page.get_by_label("Hva var mest nyttig?").fill("Casene fra sykehjemmet")
    page.get_by_role("button", name="Send svarene").click()
    page.get_by_role("alert").get_by_text("svar må rettes").wait_for()
    assert page.get_by_label("Hva var mest nyttig?").input_value() == "Casene fra sykehjemmet"
    assert page.locator(f"#q{keys['overall']}-error").inner_text() == "Velg et svar."
    assert_accessible(page, "answer page with errors")
    page.locator(f"label[for=q{keys['overall']}-5]").tap()
    page.locator(f"label[for=q{keys['relevance']}-4]").tap()
    page.locator(f"label[for=q{keys['format']}-4]").tap()
    page.locator(f"label[for=q{keys['recommend']}-ja]").tap()
    page.get_by_label("Demens").check()
    page.get_by_role("button", name="Send svarene").click()
    page.get_by_role("heading", name="Takk for svarene!").wait_for()
    assert_accessible(page, "thank-you page")
    page.goto(link)  # the link is used
    page.get_by_role("heading", name="Du har allerede svart").wait_for()
    assert page.get_by_role("button", name="Send svarene").count() == 0
    phone.close()

    desk = browser.new_context(viewport={"width": 1280, "height": 900}, accept_downloads=True)
    page = desk.new_page()
    page.goto(ended["base"] + "/arrangor/logg-inn")
    page.get_by_label("E-post").fill("arrangor@usht.no")
    page.get_by_label("Passord").fill(PASSWORD)
    page.get_by_role("button", name="Logg inn").click()
    page.goto(ended["base"] + f"/arrangor/arrangement/{made.event_id}")
    page.get_by_role("link", name="Evaluering", exact=True).click()
    assert page.locator("#invited").inner_text() == "2"
    assert page.locator("#answered").inner_text() == "1"
    assert_accessible(page, "evaluation overview")
    page.get_by_role("link", name="Se resultatene").click()
    chart = page.get_by_role("img", name=re.compile("Hvor fornøyd er du"))
    chart.wait_for()
    assert chart.bounding_box()["width"] > 300
    page.get_by_text("Snitt 5,0 av 5").first.wait_for()
    page.get_by_text("Casene fra sykehjemmet").wait_for()
    assert_accessible(page, "results page")
    with page.expect_download() as info:
        page.get_by_role("link", name="Last ned svarene (Excel)").click()
    target = tmp_path / "svar.xlsx"
    info.value.save_as(target)
    rows = list(load_workbook(io.BytesIO(target.read_bytes())).active.iter_rows(
        values_only=True))
    assert len(rows) == 2 and rows[1][0] == 5
    assert not any(name in str(rows) for name in made.names)  # anonymous
    page.emulate_media(media="print")
    chart.wait_for()  # the charts print
    desk.close()
    with app.app_context():
        assert len(db.session.scalars(select(EvaluationResponse)).all()) == 1
        db.engine.dispose()
