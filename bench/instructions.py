"""make instructions: the CPU instructions one API registration costs the app's process, next
to the floor's, counted by valgrind (callgrind), not timed.

A timed figure moves with the machine (the rush's rounds spread by a tenth or more on these
shared cores); an instruction count does not: the same code, inputs and libraries give the
same count to a few parts in a thousand, whatever else the machine is doing. So a change to
the request path can be judged by its count before the rush (``make bench``) says what it is
worth in registrations a second.

Each path runs in its own process under ``valgrind --tool=callgrind`` with counting off; in
its own database (as ``make bench``), it registers 50 people to warm up, then counts REQUESTS
registrations (default 300; a quarter get seats, the rest wait, as in the rush) through the
WSGI app called directly (no gunicorn, no sockets: the process's own work only; PostgreSQL's
is not in it), and prints instructions per registration. The floor is bench/floor.py, with
the statements captured from the app in the same database (as ``make bench`` does).
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

import psycopg

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
REQUESTS = int(os.environ.get("REQUESTS", "300"))
WARM_UP = 50


def count(path: str) -> None:
    """In the counted process: the registrations of one path, counting only their requests."""
    from werkzeug.test import EnvironBuilder

    from bench import floor
    from bench import registration_rush as rush
    from tests.live import admin_url, create_database, drop_database

    create_database(rush.SERVER, rush.DATABASE_NAME, rush.DATABASE_PREFIX)
    script = ROOT / "instance" / f"floor-{rush.DATABASE_NAME}.json"
    try:
        rush.create_schema()
        script.parent.mkdir(exist_ok=True)
        script.write_text(json.dumps(floor.capture(rush.DATABASE_URL, ROOT / "instance")))
        os.environ["FLOOR_SCRIPT"] = str(script)
        os.environ["FLOOR_DATABASE_URL"] = rush.DATABASE_URL
        if path == "floor":
            app = floor.app
        else:
            from registration import create_app

            app = create_app({"SQLALCHEMY_DATABASE_URI": rush.DATABASE_URL,
                              "SECRET_KEY": "bench-secret", "INSTANCE_PATH": ROOT / "instance",
                              "REGISTRATION_LIMIT": "", "REGISTRATION_EMAIL_LIMIT": ""})
        event_id = rush.create_event(f"Instructions {path}")
        # as in the rush: a quarter of the counted registrations get a seat, the rest a
        # place on the waiting list
        with psycopg.connect(rush.DATABASE_URL) as connection:
            connection.execute("UPDATE seat_pool SET capacity = %s WHERE event_id = %s",
                               (WARM_UP + REQUESTS // 4, event_id))
        url = (f"/floor/{event_id}" if path == "floor"
               else f"/api/v1/events/{event_id}/registrations")
        environs = [EnvironBuilder(path=url, method="POST", content_type="application/json",
                                   data=json.dumps(rush.body(event_id, i))).get_environ()
                    for i in range(WARM_UP + REQUESTS)]

        def start_response(status: str, headers: list, exc_info: object = None) -> None:
            assert status.startswith("201"), status

        def register(environ: dict) -> None:
            for _chunk in app(environ, start_response):
                pass

        for environ in environs[:WARM_UP]:
            register(environ)
        toggle = ["callgrind_control", "--instr=on", str(os.getpid())]
        subprocess.run(toggle, check=True, capture_output=True)
        for environ in environs[WARM_UP:]:
            register(environ)
        subprocess.run(toggle[:1] + ["--instr=off"] + toggle[2:], check=True,
                       capture_output=True)
    finally:
        script.unlink(missing_ok=True)
        drop_database(admin_url(rush.SERVER), rush.DATABASE_NAME)


def measure(path: str) -> int:
    """Instructions per registration on ``path``, from a counted child process."""
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder) / "callgrind.out"
        subprocess.run(["valgrind", "--tool=callgrind", "--instr-atstart=no",
                        f"--callgrind-out-file={out}", sys.executable, __file__, "--count",
                        path], cwd=ROOT, check=True, capture_output=True)
        totals = re.search(r"^totals:\s+(\d+)", out.read_text(), re.MULTILINE)
        assert totals, "callgrind wrote no totals"
        return int(totals.group(1)) // REQUESTS


def main() -> int:
    if sys.argv[1:2] == ["--count"]:
        count(sys.argv[2])
        return 0
    figures = {path: measure(path) for path in ("floor", "api")}
    print(f"Instructions per registration, one process, {REQUESTS} registrations counted "
          f"(callgrind; PostgreSQL's own work not included):")
    for path, instructions in figures.items():
        print(f"  {path:6} {instructions:>12,}  ({instructions / figures['floor']:.2f} × floor)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
