"""Configuration from the environment, and the CLI."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from registration import create_app
from registration.core.config import ConfigError

ROOT = Path(__file__).resolve().parent.parent


def test_production_without_secret_key_is_refused_with_a_clear_message(tmp_path, monkeypatch):
    monkeypatch.delenv("SECRET_KEY", raising=False)
    monkeypatch.setenv("APP_ENV", "production")
    with pytest.raises(ConfigError, match="SECRET_KEY"):
        create_app({"INSTANCE_PATH": tmp_path})


def test_production_start_through_wsgi_fails_loudly(tmp_path):
    env = {**os.environ, "APP_ENV": "production", "DATABASE_URL": f"sqlite:///{tmp_path}/x.db"}
    env.pop("SECRET_KEY", None)
    result = subprocess.run([sys.executable, "-c", "import wsgi"], cwd=ROOT, env=env,
                            capture_output=True, text=True, timeout=60)
    assert result.returncode != 0
    assert "SECRET_KEY mangler" in result.stderr


def test_development_generates_a_key_once_and_keeps_it(tmp_path, monkeypatch):
    monkeypatch.delenv("SECRET_KEY", raising=False)
    monkeypatch.delenv("APP_ENV", raising=False)
    first = create_app({"INSTANCE_PATH": tmp_path}).config["SECRET_KEY"]
    second = create_app({"INSTANCE_PATH": tmp_path}).config["SECRET_KEY"]
    assert first == second and len(first) >= 40
    assert (tmp_path / "secret_key").stat().st_mode & 0o077 == 0


def test_database_url_from_environment_and_default(tmp_path, monkeypatch):
    monkeypatch.setenv("DATABASE_URL", "postgres://u@db.example/x")
    app = create_app({"INSTANCE_PATH": tmp_path, "SECRET_KEY": "k"})
    assert app.config["SQLALCHEMY_DATABASE_URI"] == "postgresql+psycopg://u@db.example/x"
    monkeypatch.delenv("DATABASE_URL")
    app = create_app({"INSTANCE_PATH": tmp_path, "SECRET_KEY": "k"})
    assert app.config["SQLALCHEMY_DATABASE_URI"] == f"sqlite:///{tmp_path / 'pamelding.sqlite3'}"


def test_production_cookies_are_secure(tmp_path, monkeypatch):
    monkeypatch.setenv("APP_ENV", "production")
    app = create_app({"INSTANCE_PATH": tmp_path, "SECRET_KEY": "k"})
    assert app.config["SESSION_COOKIE_SECURE"] is True
    assert app.config["SESSION_COOKIE_HTTPONLY"] is True
    assert app.config["SESSION_COOKIE_SAMESITE"] == "Lax"


def test_seed_demo_fills_an_empty_database_once(app, runner):
    from sqlalchemy import func, select

    from registration.core.extensions import db
    from registration.models import Event, Registration, SeatPool

    result = runner.invoke(args=["seed-demo", "--if-empty"])
    assert "Demodata lagt inn" in result.output, result.output
    again = runner.invoke(args=["seed-demo", "--if-empty"])
    assert "hopper over" in again.output
    with app.app_context():
        titles = set(db.session.scalars(select(Event.title)))
        assert "Vinterlys-konferansen 2027" in titles
        assert any("KlinObs" in t and "Trinn 3" in t for t in titles)
        waiting = db.session.scalar(select(func.count(Registration.id))
                                    .where(Registration.status == "waitlisted"))
        assert waiting > 0  # one event is full with a waiting list
        vinterlys = db.session.scalar(select(Event).where(Event.title.like("Vinterlys%")))
        caps = {p.mode: p.capacity for p in vinterlys.seat_pools}
        assert caps == {"physical": 120, "digital": 300} and vinterlys.serves_food
        for pool in db.session.scalars(select(SeatPool)):
            confirmed = db.session.scalar(select(func.count(Registration.id)).where(
                Registration.event_id == pool.event_id, Registration.mode == pool.mode,
                Registration.status == "confirmed"))
            assert confirmed == pool.confirmed_count


def test_production_refuses_a_leftover_unsafe_switch(tmp_path, monkeypatch):
    """The concurrency controls are test entry points, not settings: a production start
    with an UNSAFE_* variable stops with a clear message."""
    monkeypatch.setenv("UNSAFE_SEAT_CHECK", "1")
    with pytest.raises(ConfigError, match="UNSAFE_SEAT_CHECK"):
        create_app({"APP_ENV": "production", "SECRET_KEY": "x" * 40,
                    "INSTANCE_PATH": tmp_path / "instance"})
