"""The scale test's machines, each in a network namespace of its own (tests/scale/network.py):

    client 10.77.0.100 (+ 10.77.1.1–100) ──TLS──▶ lb 10.77.0.2 (HAProxy, deploy/haproxy/)
    lb ──HTTP, health checks on /healthz──▶ app1 10.77.0.11, app2 10.77.0.12 (gunicorn with
                                            deploy/gunicorn.conf.py)
    app1, app2, mail1 10.77.0.21, mail2 10.77.0.22 (flask … worker) ──▶ data 10.77.0.5:
        5432  PostgreSQL: socat relays TCP to the machine's server's Unix socket
        6379  Redis (a server of this run's own, nothing kept on disk): the shared limits
        2525  the mail server (tests/scale/smtp_sink.py)

Why socat for PostgreSQL: a namespace cannot reach the machine's 127.0.0.1, but the
filesystem is shared, so the server's Unix socket is reachable from any namespace. The app
hosts could use that socket directly; relaying it from the data host instead keeps the
hosts' configuration what it is in production (DATABASE_URL=postgresql://…@db-host/…), and
their database connections cross the network, so a killed host's connections end as they
would on a real network (the relay closes the socket, PostgreSQL rolls back).

Every process runs with the production environment (APP_ENV=production, an https
PUBLIC_URL, Redis limits, TRUSTED_PROXIES=1): the same settings as deploy/pamelding.env.example.
"""

from __future__ import annotations

import csv
import email
import email.policy
import io
import os
import secrets
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from email.message import EmailMessage
from functools import partial
from pathlib import Path
from typing import Any, TypeVar

import psycopg

from tests.live import admin_url, create_database, database_url_on, drop_database
from tests.live import new_database_name as _new_database_name

from .network import Network

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
SERVER_NAME = "pamelding.test"
ADDRESSES = {"lb": "10.77.0.2", "data": "10.77.0.5", "app1": "10.77.0.11",
             "app2": "10.77.0.12", "mail1": "10.77.0.21", "mail2": "10.77.0.22",
             "client": "10.77.0.100"}
CLIENT_SOURCES = [f"10.77.1.{i}" for i in range(1, 101)]
DATABASE_PREFIX = "pamelding_scale_"
APP_WORKERS, APP_THREADS = 2, 4
RECLAIM_SECONDS = 30
T = TypeVar("T")


def missing_tools() -> list[str]:
    """What the scale test needs from the machine (make loadbalancer installs it)."""
    missing = [tool for tool in ("ip", "haproxy", "redis-server", "socat", "openssl")
               if shutil.which(tool) is None]
    if os.geteuid() != 0:
        missing.append("root (network namespaces)")
    return missing


def wait_for(check: Callable[[], T | None], what: str, timeout: float = 180,
             every: float = 0.2, on_timeout: Callable[[], str] | None = None) -> T:
    """Poll `check` until it returns something true; fail naming `what` after `timeout`."""
    deadline = time.monotonic() + timeout
    while True:
        value = check()
        if value:
            return value
        if time.monotonic() > deadline:
            detail = on_timeout() if on_timeout else ""
            raise AssertionError(f"not within {timeout:.0f} s: {what}\n{detail}")
        time.sleep(every)


@dataclass
class Received:
    path: Path
    peer: str
    message: EmailMessage

    @property
    def text(self) -> str:
        body = self.message.get_body(("plain",))
        return str(body.get_content()) if body is not None else ""


@dataclass
class Cluster:
    network: Network
    run_dir: Path
    server_url: str
    database: str
    env: dict[str, str] = field(default_factory=dict)

    @property
    def database_url(self) -> str:
        """The run's database as seen from this (the machine's own) namespace."""
        return database_url_on(self.server_url, self.database)

    @property
    def mail_dir(self) -> Path:
        return self.run_dir / "mail"

    @property
    def stats_socket(self) -> Path:
        return self.run_dir / "haproxy.sock"

    @property
    def cafile(self) -> Path:
        return self.run_dir / "tls" / "cert.pem"

    # -- the hosts ---------------------------------------------------------------------

    def start_data(self) -> None:
        net = self.network
        with psycopg.connect(admin_url(self.server_url), autocommit=True) as conn:
            folder = str(conn.execute("SHOW unix_socket_directories").fetchone()[0])
            port = str(conn.execute("SHOW port").fetchone()[0])
        unix_socket = f"{folder.split(',')[0].strip()}/.s.PGSQL.{port}"
        address = ADDRESSES["data"]
        net.start("data", ["socat", f"TCP-LISTEN:5432,bind={address},fork,reuseaddr",
                           f"UNIX-CONNECT:{unix_socket}"], "data-postgresql-relay")
        net.start("data", ["redis-server", "--bind", address, "--port", "6379", "--save", "",
                           "--appendonly", "no", "--protected-mode", "no"], "data-redis")
        net.start("data", [sys.executable, "-m", "tests.scale.smtp_sink", "--host", address,
                           "--port", "2525", "--dir", str(self.mail_dir)], "data-smtp", cwd=ROOT)
        wait_for(lambda: "PONG" in net.run("data", ["redis-cli", "-h", address, "ping"]),
                 "Redis on the data host answers", on_timeout=lambda: net.log("data-redis"))
        wait_for(lambda: (self.mail_dir / "ready").exists(), "the mail server listens",
                 on_timeout=lambda: net.log("data-smtp"))

    def start_app(self, name: str) -> subprocess.Popen:
        return self.network.start(name, [
            str(BIN / "gunicorn"), "-c", "deploy/gunicorn.conf.py",
            "--workers", str(APP_WORKERS), "--threads", str(APP_THREADS),
            "--bind", f"{ADDRESSES[name]}:8000", "registration.wsgi:app",
        ], name, cwd=ROOT, env={**self.env, "INSTANCE_PATH": str(self.run_dir / name)})

    def start_worker(self, name: str) -> subprocess.Popen:
        return self.network.start(name, [str(BIN / "flask"), "--app", "registration.wsgi",
                                         "worker"], name, cwd=ROOT,
                                  env={**self.env, "INSTANCE_PATH": str(self.run_dir / name)})

    def start_balancer(self) -> subprocess.Popen:
        env = {**os.environ, "HAPROXY_STATS_SOCKET": str(self.stats_socket),
               "PAMELDING_LISTEN": ADDRESSES["lb"],
               "PAMELDING_TLS_PEM": str(self.run_dir / "tls" / "haproxy.pem"),
               "PAMELDING_APP1": f"{ADDRESSES['app1']}:8000",
               "PAMELDING_APP2": f"{ADDRESSES['app2']}:8000",
               "PAMELDING_SHOW_SERVER": "1"}
        return self.network.start("lb", ["haproxy", "-db", "-f",
                                         str(ROOT / "deploy" / "haproxy" / "pamelding.cfg")],
                                  "lb-haproxy", env=env)

    def make_certificate(self) -> None:
        """A self-signed certificate for pamelding.test and the balancer's address."""
        folder = self.run_dir / "tls"
        folder.mkdir()
        subprocess.run([
            "openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt",
            "ec_paramgen_curve:prime256v1", "-nodes", "-days", "2", "-subj",
            f"/CN={SERVER_NAME}", "-addext",
            f"subjectAltName=DNS:{SERVER_NAME},IP:{ADDRESSES['lb']}",
            "-keyout", str(folder / "key.pem"), "-out", str(folder / "cert.pem"),
        ], check=True, capture_output=True, timeout=60)
        (folder / "haproxy.pem").write_bytes((folder / "cert.pem").read_bytes()
                                             + (folder / "key.pem").read_bytes())

    # -- what the balancer says ----------------------------------------------------------

    def haproxy(self, command: str) -> str:
        with socket.socket(socket.AF_UNIX) as s:
            s.settimeout(30)
            s.connect(str(self.stats_socket))
            s.sendall(command.encode() + b"\n")
            chunks = []
            while chunk := s.recv(65536):
                chunks.append(chunk)
        return b"".join(chunks).decode()

    def servers(self) -> dict[str, dict[str, str]]:
        """HAProxy's `show stat` for the app hosts: status, check_status, chkdown, …"""
        if not self.stats_socket.exists():
            return {}
        try:
            text = self.haproxy("show stat").lstrip("# ")
        except OSError:
            return {}
        rows = csv.DictReader(io.StringIO(text))
        return {row["svname"]: row for row in rows
                if row["pxname"] == "app_hosts" and row["svname"] in ("app1", "app2")}

    def server_state(self, name: str) -> tuple[str, str]:
        row = self.servers().get(name, {})
        return row.get("status", ""), row.get("check_status", "")

    # -- the database and the mail ------------------------------------------------------

    def query(self, statement: str, *params: Any) -> list[tuple]:
        with psycopg.connect(self.database_url, connect_timeout=10) as conn:
            return conn.execute(statement, params).fetchall()  # type: ignore[arg-type]

    def received(self) -> list[Received]:
        messages = []
        for path in sorted(self.mail_dir.glob("*.eml")):
            peer = path.stem.rsplit("-", 1)[-1]
            parsed = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
            assert isinstance(parsed, EmailMessage)
            messages.append(Received(path, peer, parsed))
        return messages

    def delivered_by(self, host: str) -> int:
        return len(list(self.mail_dir.glob(f"*-{ADDRESSES[host]}.eml")))


def production_env(database: str) -> dict[str, str]:
    """The hosts' environment: production, as in deploy/pamelding.env.example."""
    keep = {k: v for k, v in os.environ.items()
            if k in ("PATH", "LANG", "LC_ALL", "HOME", "TZ", "VIRTUAL_ENV")}
    data = ADDRESSES["data"]
    return {
        **keep,
        "APP_ENV": "production",
        "SECRET_KEY": secrets.token_urlsafe(48),
        "DATABASE_URL": f"postgresql://postgres@{data}:5432/{database}",
        "PUBLIC_URL": f"https://{SERVER_NAME}",
        "TRUSTED_PROXIES": "1",
        "RATELIMIT_STORAGE_URI": f"redis://{data}:6379/0",
        "WORKERS": str(APP_WORKERS),
        "CENTRE_NAME": "USHT Troms",
        "CENTRE_EMAIL": "usht@pamelding.test",
        "MAIL_SERVER": data,
        "MAIL_PORT": "2525",
        "MAIL_USE_TLS": "0",
        "MAIL_RECLAIM_SECONDS": str(RECLAIM_SECONDS),
        # The test's own SMTP server takes everything at once; paced sending (30 a minute by
        # default) is proven in tests/test_mail_pacing.py, and here would take 15 minutes.
        "MAIL_MAX_PER_MINUTE": "0",
        "PYTHONUNBUFFERED": "1",  # the logs are read while the processes run
    }


@contextmanager
def cluster(run_dir: Path, server_url: str) -> Iterator[Cluster]:
    """The whole set of hosts, started and healthy; on exit (even by an exception) every
    process is killed, the namespaces deleted and the database dropped."""
    database = _new_database_name(DATABASE_PREFIX)
    create_database(server_url, database, DATABASE_PREFIX)
    try:
        subprocess.run([str(BIN / "flask"), "--app", "registration.wsgi", "db", "upgrade"],
                       cwd=ROOT, check=True, capture_output=True, timeout=300,
                       env={**os.environ, "DATABASE_URL": database_url_on(server_url, database),
                            "SECRET_KEY": "scale-test-migrations",
                            "INSTANCE_PATH": str(run_dir / "migrate")})
        with Network(logs=run_dir) as network:
            for name, address in ADDRESSES.items():
                network.add_host(name, address,
                                 CLIENT_SOURCES if name == "client" else ())
            built = Cluster(network, run_dir, server_url, database, production_env(database))
            built.make_certificate()
            built.start_data()
            for name in ("app1", "app2"):
                built.start_app(name)
            for name in ("mail1", "mail2"):
                built.start_worker(name)
            built.start_balancer()
            for name in ("app1", "app2"):
                wait_for(partial(lambda n: built.server_state(n) == ("UP", "L7OK"), name),
                         f"HAProxy's health check finds {name} up",
                         on_timeout=partial(lambda n: network.log(n) + network.log("lb-haproxy"),
                                            name))
            for name in ("mail1", "mail2"):
                wait_for(partial(lambda n: "Sender e-post" in network.log(n), name),
                         f"the mail worker on {name} runs", on_timeout=partial(network.log, name))
            yield built
    finally:
        drop_database(admin_url(server_url), database)
