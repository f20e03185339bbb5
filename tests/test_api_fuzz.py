"""The whole API fuzzed from its own OpenAPI document (issue 12): schemathesis against a live
gunicorn, every check on (no 5xx, status codes, content types and bodies as documented,
negative data refused, schema-valid data accepted), signed in with an organiser's token so
the check-in and export operations are reached too. Bounded to about two minutes."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from registration.accounts import operations as auth
from registration.core.extensions import db
from registration.models import Event, User
from registration.registrations import operations
from tests.conftest import make_app, make_event, person
from tests.live import gunicorn

pytestmark = pytest.mark.live
CONFIG = Path(__file__).with_name("schemathesis.toml")
ST = Path(sys.executable).parent / "st"


def test_schemathesis_finds_no_server_error_and_no_contradiction(tmp_path):
    from flask_migrate import upgrade

    url = f"sqlite:///{tmp_path / 'fuzz.sqlite3'}"
    app = make_app(url, tmp_path)
    with app.app_context():
        upgrade()
        user = auth.create_user("arrangor@usht.no", "admin", "riktig-passord-123", "Arrangør")
        event = make_event(sessions=2)
        db.session.get(Event, event.id).owner_id = user.id
        db.session.commit()
        operations.register(event.id, person(1, mode="physical"))
        token = auth.create_token(db.session.get(User, user.id), "fuzz")
        db.engine.dispose()
    instance = tmp_path / "instance"
    instance.mkdir(exist_ok=True)
    with gunicorn(url, instance, workers=1, threads=4) as base:
        result = subprocess.run(
            [str(ST), "--config-file", str(CONFIG), "--no-color", "run",
             f"{base}/api/v1/openapi.json", "--checks", "all", "--max-examples", "25",
             "--seed", "20261202", "--request-timeout", "60", "--workers", "2",
             "-H", f"Authorization: Bearer {token}"],
            capture_output=True, text=True, timeout=600, check=False)
    report = result.stdout[-12000:] + result.stderr[-2000:]
    assert result.returncode == 0, report
