"""Real app servers for tests (gunicorn in subprocesses, torn down after) and a private
PostgreSQL database per run, so that runs on one machine or one server never share rows.

Everything here waits by readiness with generous deadlines: on a busy machine a request
may take long, and a test should then be slow rather than fail.
"""

from __future__ import annotations

import os
import secrets
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import psycopg
import requests
from psycopg import sql
from sqlalchemy import text
from sqlalchemy.engine import make_url

ROOT = Path(__file__).resolve().parent.parent
GUNICORN = Path(sys.executable).parent / "gunicorn"

# (connect, read) seconds for any HTTP request to a live server: long enough for a machine
# with a load average well above its core count, and only ever reached when something hangs.
HTTP_TIMEOUT = (10, 120)
# how long a live server may take from start to answering /healthz with 200
START_DEADLINE = 180
STOP_DEADLINE = 60


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _die_with_parent(parent: int) -> Callable[[], None] | None:
    """Linux: the server gets SIGTERM when the test process dies, even by SIGKILL, so a
    crashed run leaves no servers holding ports and database connections."""
    if not sys.platform.startswith("linux"):
        return None

    def arrange() -> None:
        import ctypes

        pr_set_pdeathsig = 1
        ctypes.CDLL(None).prctl(pr_set_pdeathsig, signal.SIGTERM)
        if os.getppid() != parent:  # the parent died before the line above
            os.kill(os.getpid(), signal.SIGTERM)

    return arrange


def _log_tail(path: Path, chars: int = 4000) -> str:
    try:
        return path.read_text(errors="replace")[-chars:]
    except OSError as error:
        return f"(no log: {error})"


@contextmanager
def gunicorn(database_url: str, instance: Path, *, workers: int = 2, threads: int = 8,
             extra_env: dict[str, str] | None = None, app: str = "wsgi:app") -> Iterator[str]:
    """Serve the app (or a control from tests/controls.py) with gunicorn; yields the base URL
    once /healthz answers 200.

    The listening socket is bound here and handed to gunicorn (fd://), so no other process
    (another test run, say) can take the port between choosing it and serving on it.
    """
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(128)
    port = listener.getsockname()[1]
    fd = listener.fileno()
    env = {**os.environ, "DATABASE_URL": database_url, "SECRET_KEY": "live-test-secret",
           "INSTANCE_PATH": str(instance), "APP_ENV": "development",
           # the rushes come from one address: the public-write limits are off unless a
           # test sets them (tests/test_abuse.py)
           **{name: "" for name in ("REGISTRATION_LIMIT", "REGISTRATION_EMAIL_LIMIT",
                                    "CHANGE_LIMIT", "CHANGE_EMAIL_LIMIT",
                                    "EVALUATION_LIMIT")},
           # pages show the counts of this instant (the kept page has its own tests)
           "EVENT_PAGE_CACHE_SECONDS": "0",
           **(extra_env or {})}
    log_path = instance / f"gunicorn-{port}.log"
    log = open(log_path, "w")  # noqa: SIM115
    try:
        process = subprocess.Popen(
            [str(GUNICORN), "--workers", str(workers), "--threads", str(threads),
             "--worker-class", "gthread", "--bind", f"fd://{fd}", "--timeout", "120",
             app],
            cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, pass_fds=[fd],
            preexec_fn=_die_with_parent(os.getpid()),  # the calling thread must outlive it
        )
    finally:
        # gunicorn holds the socket now; if it dies, connections are refused, not left hanging
        listener.close()
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until_ready(base, process, log_path)
        yield base
    finally:
        process.terminate()
        try:
            process.wait(timeout=STOP_DEADLINE)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=STOP_DEADLINE)
        log.close()


def wait_until_ready(base: str, process: subprocess.Popen, log_path: Path) -> None:
    """Poll /healthz until it answers 200; fail with the server's log if it dies or never
    gets there within START_DEADLINE seconds."""
    started = time.monotonic()
    deadline = started + START_DEADLINE
    last = "no answer yet"
    while True:
        if process.poll() is not None:
            raise RuntimeError(f"gunicorn exited with {process.returncode} before it was "
                               f"ready ({last}); its log:\n{_log_tail(log_path)}")
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise RuntimeError(f"gunicorn not ready after {START_DEADLINE} s ({last}); "
                               f"its log:\n{_log_tail(log_path)}")
        try:
            response = requests.get(f"{base}/healthz",
                                    timeout=(min(10, remaining), max(remaining, 0.1)))
            if response.status_code == 200:
                return
            last = f"/healthz answered {response.status_code}"
        except requests.RequestException as error:
            last = f"{type(error).__name__}: {error}"
        time.sleep(0.1)


# -- a private PostgreSQL database per run ------------------------------------------------

SERVER_URL = "postgresql://postgres@127.0.0.1:5432/postgres"


def admin_url(server_url: str) -> str:
    """The `postgres` maintenance database on the server `server_url` names (whatever
    database that URL itself names)."""
    return database_url_on(server_url, "postgres")


def database_url_on(server_url: str, database: str) -> str:
    """The URL of `database` on the server `server_url` names. Plain postgresql://, which
    both libpq (psycopg.connect) and the app (psycopg 3) take."""
    parsed = make_url(server_url).set(drivername="postgresql", database=database)
    return parsed.render_as_string(hide_password=False)


def _owner_tag() -> str:
    return f"pamelding test run host={socket.gethostname()} pid={os.getpid()}"


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def drop_database(admin: str, name: str) -> None:
    """Drop `name`, ending whatever connections are still open to it (PostgreSQL 13+)."""
    with psycopg.connect(admin, autocommit=True, connect_timeout=10) as conn:
        conn.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                     "WHERE datname = %s AND pid <> pg_backend_pid()", (name,))
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)")
                     .format(sql.Identifier(name)))


def drop_stale_databases(admin: str, prefix: str) -> list[str]:
    """Drop databases left by earlier runs on this machine that crashed or were killed.

    Only a database whose comment names this host and a pid that no longer exists here is
    dropped, and only while nobody is connected to it: a live run, or one from another
    machine sharing the server, is never touched.
    """
    host = socket.gethostname()
    dropped = []
    with psycopg.connect(admin, autocommit=True, connect_timeout=10) as conn:
        rows = conn.execute(
            "SELECT d.datname, shobj_description(d.oid, 'pg_database'), "
            "  (SELECT count(*) FROM pg_stat_activity a WHERE a.datname = d.datname) "
            "FROM pg_database d WHERE starts_with(d.datname, %s)", (prefix,)).fetchall()
    for name, comment, connections in rows:
        fields = dict(part.split("=", 1) for part in (comment or "").split() if "=" in part)
        if fields.get("host") != host or not fields.get("pid", "").isdigit():
            continue
        if _pid_alive(int(fields["pid"])) or connections:
            continue
        try:
            drop_database(admin, name)
            dropped.append(name)
        except psycopg.Error:
            pass  # someone else dropped it first, or it came back to life: leave it
    return dropped


def new_database_name(prefix: str) -> str:
    return f"{prefix}{os.getpid()}_{secrets.token_hex(4)}"


def create_database(server_url: str, name: str, prefix: str) -> str:
    """Create database `name` on the server; returns its URL. Databases named `prefix`...
    that crashed runs on this machine left behind are dropped first."""
    admin = admin_url(server_url)
    drop_stale_databases(admin, prefix)
    with psycopg.connect(admin, autocommit=True, connect_timeout=10) as conn:
        # template0: nobody is ever connected to it, so concurrent CREATEs cannot collide
        conn.execute(sql.SQL("CREATE DATABASE {} TEMPLATE template0 ENCODING 'UTF8'")
                     .format(sql.Identifier(name)))
        conn.execute(sql.SQL("COMMENT ON DATABASE {} IS {}")
                     .format(sql.Identifier(name), sql.Literal(_owner_tag())))
    return database_url_on(server_url, name)


def activity_now(connection: Any, query: str, params: dict[str, Any] | None = None) -> int:
    """A count from pg_stat_activity as it is now. PostgreSQL collects what every session is
    doing once per transaction, at the first look, and shows that all through it: a loop
    that looks again in the same transaction never sees a backend start waiting. So each
    look is a transaction of its own (``connection``: a SQLAlchemy Connection or Session)."""
    found = connection.execute(text(query), params or {}).scalar()
    connection.rollback()
    return int(found or 0)
