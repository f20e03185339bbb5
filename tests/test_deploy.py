"""The deployment files in deploy/: checked by the programs that will read them, and the
backup restored into a fresh database that the app then reads as it read the original."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import psycopg
import pytest

from registration import create_app
from registration.core.config import check_production, load_config
from registration.core.extensions import db
from registration.registrations import operations as registrations
from tests.conftest import IN_CI, PG_PREFIX, PG_SERVER, make_event, migrated_app, person
from tests.live import admin_url, create_database, drop_database, new_database_name

ROOT = Path(__file__).resolve().parent.parent
DEPLOY = ROOT / "deploy"
EXAMPLE_ENV = DEPLOY / "pamelding.env.example"


def _tool(name: str) -> str:
    path = shutil.which(name) or next(
        (p for p in (f"/usr/sbin/{name}", f"/sbin/{name}") if os.access(p, os.X_OK)), None)
    if path is None:
        message = f"{name} is not installed (make loadbalancer installs it)"
        if IN_CI:
            pytest.fail(message)
        pytest.skip(message)
    return path


def _certificate(folder: Path) -> tuple[Path, Path]:
    folder.mkdir(parents=True, exist_ok=True)
    subprocess.run(["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt",
                    "ec_paramgen_curve:prime256v1", "-nodes", "-days", "1", "-subj",
                    "/CN=pamelding.example.no", "-keyout", str(folder / "privkey.pem"),
                    "-out", str(folder / "fullchain.pem")], check=True, capture_output=True)
    return folder / "fullchain.pem", folder / "privkey.pem"


def example_env() -> dict[str, str]:
    values = {}
    for line in EXAMPLE_ENV.read_text().splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            name, _, value = line.partition("=")
            values[name.strip()] = value.strip()
    return values


def test_nginx_site_passes_nginx_t(tmp_path: Path) -> None:
    nginx = _tool("nginx")
    chain, key = _certificate(tmp_path / "tls")
    site = (DEPLOY / "nginx" / "pamelding.conf").read_text()
    site = site.replace("/etc/letsencrypt/live/pamelding.example.no/fullchain.pem", str(chain))
    site = site.replace("/etc/letsencrypt/live/pamelding.example.no/privkey.pem", str(key))
    (tmp_path / "site.conf").write_text(site)
    # the http {} of Debian's nginx.conf, reduced to what the site needs around it
    (tmp_path / "nginx.conf").write_text(
        f"pid {tmp_path}/nginx.pid;\nerror_log {tmp_path}/error.log;\nevents {{}}\n"
        f"http {{\n  client_body_temp_path {tmp_path}/body;\n"
        f"  proxy_temp_path {tmp_path}/proxy;\n  include {tmp_path}/site.conf;\n}}\n")
    result = subprocess.run([nginx, "-t", "-p", str(tmp_path), "-c", str(tmp_path / "nginx.conf"),
                             "-e", str(tmp_path / "error.log")],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert "syntax is ok" in result.stderr and "test is successful" in result.stderr


def test_nginx_site_sets_what_the_app_trusts() -> None:
    """TRUSTED_PROXIES=1 takes the last X-Forwarded-For and -Proto: the proxy must replace
    them, not append to what the client sent."""
    site = (DEPLOY / "nginx" / "pamelding.conf").read_text()
    assert "proxy_set_header X-Forwarded-For $remote_addr;" in site
    assert "proxy_set_header X-Forwarded-Proto $scheme;" in site
    assert "$proxy_add_x_forwarded_for" not in site
    assert example_env()["TRUSTED_PROXIES"] == "1"


def test_haproxy_config_passes_haproxy_c(tmp_path: Path) -> None:
    haproxy = _tool("haproxy")
    chain, key = _certificate(tmp_path / "tls")
    pem = tmp_path / "haproxy.pem"
    pem.write_bytes(chain.read_bytes() + key.read_bytes())
    env = {**os.environ, "PAMELDING_LISTEN": "127.0.0.1", "PAMELDING_TLS_PEM": str(pem),
           "PAMELDING_APP1": "127.0.0.1:8001", "PAMELDING_APP2": "127.0.0.1:8002",
           "HAPROXY_STATS_SOCKET": str(tmp_path / "stats.sock")}
    result = subprocess.run([haproxy, "-c", "-f", str(DEPLOY / "haproxy" / "pamelding.cfg")],
                            capture_output=True, text=True, env=env, timeout=60)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Configuration file is valid" in result.stdout + result.stderr


def test_systemd_units_verify(tmp_path: Path) -> None:
    """systemd-analyze verify reads each unit as systemd would (unknown keys, bad values,
    missing programs); the checkout is put where the units expect /opt/pamelding."""
    analyze = _tool("systemd-analyze")
    units = sorted((DEPLOY / "systemd").iterdir())
    assert {u.name for u in units} == {"pamelding-web.service", "pamelding-worker.service",
                                       "pamelding-backup.service", "pamelding-backup.timer"}
    for unit in units:
        (tmp_path / unit.name).write_text(unit.read_text().replace("/opt/pamelding", str(ROOT)))
    result = subprocess.run([analyze, "verify", *[str(tmp_path / u.name) for u in units]],
                            capture_output=True, text=True, timeout=120)
    complaints = [line for line in (result.stdout + result.stderr).splitlines()
                  # this machine has no such user or services; the units name them
                  if line.strip() and "pamelding" in line and "user" not in line.lower()]
    assert result.returncode == 0 and not complaints, result.stdout + result.stderr
    web = (DEPLOY / "systemd" / "pamelding-web.service").read_text()
    for hardening in ("NoNewPrivileges=yes", "ProtectSystem=strict", "PrivateTmp=yes",
                      "CapabilityBoundingSet=", "SystemCallFilter=@system-service"):
        assert hardening in web
        assert hardening in (DEPLOY / "systemd" / "pamelding-worker.service").read_text()
    assert "-c /opt/pamelding/deploy/gunicorn.conf.py" in web


def test_example_environment_starts_in_production(tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    """Filled in as its comments say (a secret), the example is a configuration production
    accepts, and every variable in it is described in the README."""
    values = example_env()
    for name in list(os.environ):
        if name in values or name.startswith(("MAIL_", "RATELIMIT_", "UNSAFE_")):
            monkeypatch.delenv(name, raising=False)
    for name, value in values.items():
        monkeypatch.setenv(name, value)
    monkeypatch.setenv("SECRET_KEY", "Q" + "x8Kd2-vLm9Rt4Yp7Wn3Zs6Bq1Hc5Jf0Ge" * 2)
    monkeypatch.setenv("INSTANCE_PATH", str(tmp_path))
    config = load_config(tmp_path)
    check_production(config)  # raises with the setting's name when one is wrong
    assert config["APP_ENV"] == "production" and config["TRUSTED_PROXIES"] == 1
    assert config["MAIL_RECLAIM_SECONDS"] == 600
    readme = (ROOT / "README.md").read_text()
    undocumented = [name for name in values if f"`{name}`" not in readme]
    assert not undocumented, f"in the example, not in the README: {undocumented}"


def _registrations(url: str) -> list[tuple]:
    with psycopg.connect(url) as conn:
        return conn.execute(
            "SELECT r.id, r.token, r.status, r.waitlist_rank, r.email, r.event_id, "
            "  p.confirmed_count FROM registration r JOIN seat_pool p "
            "  ON p.event_id = r.event_id AND p.mode = r.mode ORDER BY r.id").fetchall()


def test_backup_restores_into_a_fresh_database_the_app_reads(tmp_path: Path) -> None:
    """deploy/backup/pamelding-backup dumps a database with registrations, a waiting list
    and a promotion; pamelding-restore loads the dump into a new database; the app on it
    answers for every registration exactly as the app on the original did."""
    for tool in ("pg_dump", "pg_restore", "psql"):
        _tool(tool)
    names = [new_database_name(PG_PREFIX) for _ in range(2)]
    try:
        source, target = (create_database(PG_SERVER, name, PG_PREFIX) for name in names)
    except psycopg.Error as error:
        if IN_CI:
            raise
        pytest.skip(f"PostgreSQL not usable: {error}")
    try:
        app = migrated_app(source, tmp_path / "source")
        with app.app_context():
            event = make_event(capacities={"physical": 2, "digital": 1})
            outcomes = [registrations.register(event.id, person(i, mode="physical"))
                        for i in range(4)]
            registrations.cancel(outcomes[0].token)  # the first in line moves up
            db.engine.dispose()
        before = _registrations(source)
        assert [row[2] for row in before] == ["cancelled", "confirmed", "confirmed",
                                              "waitlisted"]

        backup_dir = tmp_path / "backups"
        old = backup_dir / "pamelding-20000101T000000Z.dump"  # past BACKUP_KEEP_DAYS
        backup_dir.mkdir()
        old.write_text("old")
        os.utime(old, (946684800, 946684800))
        env = {**os.environ, "DATABASE_URL": source.replace("postgresql://",
                                                            "postgresql+psycopg://"),
               "BACKUP_DIR": str(backup_dir), "BACKUP_KEEP_DAYS": "14"}
        made = subprocess.run([str(DEPLOY / "backup" / "pamelding-backup")], env=env,
                              capture_output=True, text=True, timeout=300)
        assert made.returncode == 0, made.stderr
        dump = Path(made.stdout.strip().splitlines()[-1])
        assert dump.parent == backup_dir and re.fullmatch(r"pamelding-\d{8}T\d{6}Z\.dump",
                                                          dump.name)
        assert dump.stat().st_mode & 0o077 == 0, "a dump of personal data readable by others"
        assert not old.exists() and sorted(backup_dir.iterdir()) == [dump]

        restore = [str(DEPLOY / "backup" / "pamelding-restore"), str(dump), target]
        restored = subprocess.run(restore, capture_output=True, text=True, timeout=300)
        assert restored.returncode == 0, restored.stderr
        assert "restored: 4 registrations" in restored.stdout
        # a second restore into the same (now full) database is refused, nothing touched
        again = subprocess.run(restore, capture_output=True, text=True, timeout=300)
        assert again.returncode == 1 and "already has" in again.stderr
        assert _registrations(target) == before

        def answers(url: str) -> list[dict]:
            reader = create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "test-secret",
                                 "INSTANCE_PATH": tmp_path / "reader", "TESTING": True})
            client = reader.test_client()
            found = [client.get(f"/api/v1/registrations/{row[1]}").get_json()
                     for row in before]
            with reader.app_context():
                db.engine.dispose()
            return found

        assert answers(target) == answers(source)
        assert answers(target)[3]["status"] == "waitlisted"
    finally:
        for name in names:
            drop_database(admin_url(PG_SERVER), name)
