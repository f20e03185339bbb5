"""Real app servers for tests: gunicorn in subprocesses, on free ports, torn down after."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parent.parent
GUNICORN = Path(sys.executable).parent / "gunicorn"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def gunicorn(database_url: str, instance: Path, *, workers: int = 2, threads: int = 8,
             extra_env: dict[str, str] | None = None, app: str = "wsgi:app") -> Iterator[str]:
    """Serve the app (or a control from tests/controls.py) with gunicorn; yields the base
    URL."""
    port = free_port()
    env = {**os.environ, "DATABASE_URL": database_url, "SECRET_KEY": "live-test-secret",
           "INSTANCE_PATH": str(instance), "APP_ENV": "development", **(extra_env or {})}
    log = open(instance / f"gunicorn-{port}.log", "w")  # noqa: SIM115
    process = subprocess.Popen(
        [str(GUNICORN), "--workers", str(workers), "--threads", str(threads),
         "--worker-class", "gthread", "--bind", f"127.0.0.1:{port}", "--timeout", "120",
         app],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if requests.get(f"{base}/healthz", timeout=2).status_code == 200:
                    break
            except requests.ConnectionError:
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("gunicorn did not start: "
                                   + (instance / f"gunicorn-{port}.log").read_text()[-3000:])
            time.sleep(0.2)
        yield base
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
        log.close()
