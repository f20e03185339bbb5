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


GOOD_SECRET = "Vq3xP0m9-ZkR2tYw8LbN4cHs7JdF1gUe6AiO5"


def _production(monkeypatch, **env: str) -> None:
    """A production environment that starts, changed by ``env`` (empty value: unset)."""
    base = {"APP_ENV": "production", "SECRET_KEY": GOOD_SECRET,
            "PUBLIC_URL": "https://pamelding.example.no", "RATELIMIT_STORAGE_URI": "memory://",
            "WORKERS": "", "WEB_CONCURRENCY": "", "RATELIMIT_SINGLE_PROCESS": "",
            "TRUSTED_PROXIES": ""}
    for key, value in {**base, **env}.items():
        if value:
            monkeypatch.setenv(key, value)
        else:
            monkeypatch.delenv(key, raising=False)


def test_a_correct_production_configuration_starts(tmp_path, monkeypatch):
    _production(monkeypatch)
    app = create_app({"INSTANCE_PATH": tmp_path})
    assert app.config["APP_ENV"] == "production"
    assert app.config["WORKERS"] == 1


@pytest.mark.parametrize(("env", "message"), [
    ({"PUBLIC_URL": ""}, "PUBLIC_URL mangler"),
    ({"PUBLIC_URL": "http://pamelding.example.no"}, "PUBLIC_URL må være en https-adresse"),
    ({"PUBLIC_URL": "pamelding.example.no"}, "PUBLIC_URL må være en https-adresse"),
    ({"SECRET_KEY": "dev"}, "SECRET_KEY ser ut som en utviklingsnøkkel"),
    ({"SECRET_KEY": "test-secret"}, "SECRET_KEY ser ut som en utviklingsnøkkel"),
    ({"SECRET_KEY": "a" * 64}, "SECRET_KEY ser ut som en utviklingsnøkkel"),
    ({"SECRET_KEY": "short-but-random-Xy7"}, "SECRET_KEY ser ut som en utviklingsnøkkel"),
    ({"WEB_CONCURRENCY": "4"}, "RATELIMIT_STORAGE_URI er memory://"),
    ({"WORKERS": "2"}, "kjører med 2 prosesser"),
    ({"WORKERS": "to"}, "WORKERS må være et heltall"),
    ({"TRUSTED_PROXIES": "-1"}, "TRUSTED_PROXIES kan ikke være negativ"),
])
def test_production_refuses_each_wrong_start_with_a_clear_message(tmp_path, monkeypatch, env,
                                                                   message):
    _production(monkeypatch, **env)
    with pytest.raises(ConfigError, match=message):
        create_app({"INSTANCE_PATH": tmp_path})


def test_development_starts_with_what_production_refuses(tmp_path, monkeypatch):
    _production(monkeypatch, APP_ENV="development", PUBLIC_URL="", SECRET_KEY="dev",
                WEB_CONCURRENCY="4")
    assert create_app({"INSTANCE_PATH": tmp_path}).config["APP_ENV"] == "development"


def test_memory_limits_with_several_workers_when_said_so_loudly(tmp_path, monkeypatch, caplog):
    _production(monkeypatch, WORKERS="4", RATELIMIT_SINGLE_PROCESS="1")
    with caplog.at_level("WARNING"):
        app = create_app({"INSTANCE_PATH": tmp_path})
    assert app.config["WORKERS"] == 4
    assert "hver grense gjelder 4 ganger" in caplog.text


def test_redis_limits_with_several_workers_start(tmp_path, monkeypatch):
    _production(monkeypatch, WORKERS="4", RATELIMIT_STORAGE_URI="redis://127.0.0.1:6379")
    assert create_app({"INSTANCE_PATH": tmp_path}).config["WORKERS"] == 4


def test_worker_count_read_from_gunicorns_command_line():
    from registration.core.config import gunicorn_workers

    assert gunicorn_workers(["/v/bin/gunicorn", "--workers", "4", "wsgi:app"]) == 4
    assert gunicorn_workers(["/v/bin/gunicorn", "-w3", "wsgi:app"]) == 3
    assert gunicorn_workers(["/v/bin/gunicorn", "--workers=2", "wsgi:app"]) == 2
    assert gunicorn_workers(["/v/bin/gunicorn", "wsgi:app"]) is None
    assert gunicorn_workers(["/v/bin/flask", "--workers", "4"]) is None


def test_production_through_gunicorn_with_four_memory_workers_is_refused(tmp_path):
    env = {**os.environ, "APP_ENV": "production", "SECRET_KEY": GOOD_SECRET,
           "PUBLIC_URL": "https://pamelding.example.no", "RATELIMIT_STORAGE_URI": "memory://",
           "DATABASE_URL": f"sqlite:///{tmp_path}/x.db", "INSTANCE_PATH": str(tmp_path)}
    for key in ("WORKERS", "WEB_CONCURRENCY", "RATELIMIT_SINGLE_PROCESS"):
        env.pop(key, None)
    gunicorn = Path(sys.executable).parent / "gunicorn"
    result = subprocess.run([str(gunicorn), "--workers", "4", "--bind", "127.0.0.1:0",
                             "wsgi:app"], cwd=ROOT, env=env, capture_output=True, text=True,
                            timeout=120)
    assert result.returncode != 0
    assert "RATELIMIT_STORAGE_URI er memory://" in result.stderr


def test_trusted_proxies_give_the_real_client_address_and_scheme(tmp_path, monkeypatch):
    from flask import request

    def seen(app):
        @app.get("/_seen")
        def _seen():
            return f"{request.remote_addr} {request.scheme}"
        return app.test_client().get("/_seen", headers={
            "X-Forwarded-For": "203.0.113.7", "X-Forwarded-Proto": "https"},
            environ_base={"REMOTE_ADDR": "10.0.0.1"}).get_data(as_text=True)

    _production(monkeypatch, TRUSTED_PROXIES="1")
    assert seen(create_app({"INSTANCE_PATH": tmp_path})) == "203.0.113.7 https"
    _production(monkeypatch)  # without it, forwarded headers are ignored
    assert seen(create_app({"INSTANCE_PATH": tmp_path})) == "10.0.0.1 http"


def test_seed_demo_is_refused_in_production(tmp_path, monkeypatch):
    _production(monkeypatch, DATABASE_URL=f"sqlite:///{tmp_path}/x.db")
    app = create_app({"INSTANCE_PATH": tmp_path})
    result = app.test_cli_runner().invoke(args=["seed-demo"])
    assert result.exit_code != 0
    assert "seed-demo er sperret i produksjon" in result.output


def test_make_run_gives_links_in_mail_the_local_address():
    makefile = (ROOT / "Makefile").read_text()
    assert "PUBLIC_URL=http://127.0.0.1:$(PORT)" in makefile


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
    _production(monkeypatch)
    app = create_app({"INSTANCE_PATH": tmp_path, "SECRET_KEY": GOOD_SECRET})
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
