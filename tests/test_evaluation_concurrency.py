"""One answer per link, also when the same link is submitted from many tabs at once: real
concurrent HTTP requests against two live gunicorn servers. The control build checks the
link in Python (tests/controls.py) and stores several answers, so the test would
catch the race."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
import requests
from sqlalchemy import func, select

from registration.core.extensions import db
from registration.evaluations import invitations
from registration.models import EvaluationResponse, utcnow
from tests.conftest import make_app, migrated_app, require_postgres
from tests.live import gunicorn
from tests.test_evaluations import answers, ended_event, tokens

pytestmark = pytest.mark.live

TABS = 12


def prepare(database_url: str, tmp_path: Path) -> tuple[str, dict]:
    """Migrations, an ended event, its invitations; one person's link and answers."""
    app = migrated_app(database_url, tmp_path)
    with app.app_context():
        ended = ended_event()
        invitations.queue_due_invitations(utcnow())
        token = tokens(ended.event_id)[ended.registration_ids[0]]
        data = answers(ended.event_id)
        db.engine.dispose()
    return token, data


def submit_at_once(bases: list[str], token: str, data: dict) -> list[int]:
    """Each tab opens the page (its own connection and cookies), then all submit at once."""
    barrier = threading.Barrier(TABS)

    def tab(i: int) -> int:
        browser = requests.Session()
        base = bases[i % len(bases)]
        page = browser.get(f"{base}/evaluering/{token}", timeout=60)
        assert "Send svarene" in page.text
        barrier.wait()
        return browser.post(f"{base}/evaluering/{token}", data=data,
                            allow_redirects=False, timeout=120).status_code

    with ThreadPoolExecutor(max_workers=TABS) as pool:
        return list(pool.map(tab, range(TABS)))


def stored(database_url: str, tmp_path: Path) -> int:
    app = make_app(database_url, tmp_path)
    with app.app_context():
        count = db.session.scalar(select(func.count(EvaluationResponse.id)))
        db.engine.dispose()
    return count


def assert_one_answer(statuses: list[int], count: int) -> None:
    assert sorted(statuses) == [303] + [409] * (TABS - 1), statuses
    assert count == 1


def _url(backend: str, tmp_path: Path) -> str:
    return (f"sqlite:///{tmp_path / 'live.sqlite3'}" if backend == "sqlite"
            else require_postgres())


@pytest.fixture
def instance(tmp_path: Path) -> Path:
    path = tmp_path / "instance"
    path.mkdir()
    return path


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_one_link_submitted_from_many_tabs_at_once_stores_one_answer(
        tmp_path, instance, backend):
    url = _url(backend, tmp_path)
    token, data = prepare(url, tmp_path)
    with gunicorn(url, instance) as first, gunicorn(url, instance) as second:
        statuses = submit_at_once([first, second], token, data)
    assert_one_answer(statuses, stored(url, tmp_path))


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_control_checking_the_link_in_python_stores_several_answers(
        tmp_path, instance, backend):
    url = _url(backend, tmp_path)
    token, data = prepare(url, tmp_path)
    control = "tests.controls:naive_link_app()"
    with gunicorn(url, instance, app=control) as first, \
            gunicorn(url, instance, app=control) as second:
        statuses = submit_at_once([first, second], token, data)
    count = stored(url, tmp_path)
    assert count > 1, f"the control did not race: {statuses}"
    with pytest.raises(AssertionError):
        assert_one_answer(statuses, count)
