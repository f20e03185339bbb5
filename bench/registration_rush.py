"""make bench: a registration rush against PostgreSQL with the app behind gunicorn.

2,000 registrations from 50 concurrent clients on an event with 500 physical seats and a
waiting list, through the JSON API, through the HTML form (the CSRF token fetched with a GET
of the event page first, as a browser does), and through the floor (bench/floor.py: bare
Flask + psycopg running the app's own statements, served by gunicorn with the same
settings); BENCH_ROUNDS interleaved rounds (default 3), medians reported, with each path's
ratio to the floor. Prints registrations per second, p50/p95/p99 latency, peak memory per
gunicorn worker, and whether the counts came out exact (500 confirmed, 1,500 waitlisted,
queue numbers unique). Then, on an event of 10,000 registrations (bench/measures.py): the
organiser's participant table and exports, check-in scans from 10 devices, and the
catalogue page under 50 clients.

Runs in its own database, pamelding_bench_<pid>_<random hex>, created for the run and
dropped at the end, on the PostgreSQL server BENCH_DATABASE_URL names (default: the one on
127.0.0.1; the database in that URL is not used). BENCH_WORKERS / BENCH_THREADS tune
gunicorn.
"""

from __future__ import annotations

import http.client
import json
import os
import platform
import re
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from pathlib import Path
from typing import Any

import psycopg
import requests

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import floor, measures  # noqa: E402
from tests.live import (  # noqa: E402
    SERVER_URL,
    admin_url,
    create_database,
    database_url_on,
    drop_database,
    free_port,
    new_database_name,
)

SERVER = os.environ.get("BENCH_DATABASE_URL", SERVER_URL)
DATABASE_PREFIX = "pamelding_bench_"
DATABASE_NAME = new_database_name(DATABASE_PREFIX)
DATABASE_URL = database_url_on(SERVER, DATABASE_NAME)
WORKERS = int(os.environ.get("BENCH_WORKERS", "4"))
THREADS = int(os.environ.get("BENCH_THREADS", "1"))
TOTAL = int(os.environ.get("BENCH_TOTAL", "2000"))
CLIENTS = int(os.environ.get("BENCH_CLIENTS", "50"))
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "3"))
BIG = int(os.environ.get("BENCH_BIG", "10000"))
# Connections one worker holds (gthread): a few over its share of the clients, so that the
# keep-alive connections spread over the workers instead of piling onto the one that
# accepted fastest (whose queue then sets p99); one over the cap is answered with
# "Connection: close" and reconnects to a worker with room. The same for app and floor.
WORKER_CONNECTIONS = int(os.environ.get("BENCH_WORKER_CONNECTIONS",
                                        str(-(-CLIENTS // WORKERS) + 3)))
SEATS = 500
CSRF_RE = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"')


def create_schema() -> None:
    env = {**os.environ, "DATABASE_URL": DATABASE_URL, "SECRET_KEY": "bench"}
    subprocess.run([sys.executable, "-m", "flask", "--app", "wsgi", "db", "upgrade"],
                   cwd=ROOT, env=env, check=True, capture_output=True)


def create_event(title: str) -> int:
    from registration import create_app
    from registration.core.extensions import db
    from registration.models import Event, EventSession, SeatPool, utcnow

    app = create_app({"SQLALCHEMY_DATABASE_URI": DATABASE_URL, "SECRET_KEY": "bench",
                      "INSTANCE_PATH": ROOT / "instance"})
    with app.app_context():
        start = utcnow() + timedelta(days=30)
        event = Event(title=title, kind="konferanse", participation="physical",
                      status="published", has_waitlist=True,
                      registration_opens_at=utcnow() - timedelta(days=1))
        event.sessions.append(EventSession(starts_at=start, ends_at=start + timedelta(hours=6),
                                           place="Tromsø"))
        event.seat_pools.append(SeatPool(mode="physical", capacity=SEATS))
        db.session.add(event)
        db.session.commit()
        event_id = event.id
        db.engine.dispose()
    return event_id


def start_gunicorn(app: str = "wsgi:app", extra_env: dict[str, str] | None = None
                   ) -> tuple[subprocess.Popen, str]:
    """The app (or the floor) with the same gunicorn settings either way."""
    port = free_port()
    env = {**os.environ, "DATABASE_URL": DATABASE_URL, "SECRET_KEY": "bench-secret",
           "INSTANCE_PATH": str(ROOT / "instance"),
           # the rush comes from one address: the public-write rate limits would stop it
           "REGISTRATION_LIMIT": "", "REGISTRATION_EMAIL_LIMIT": "", **(extra_env or {})}
    process = subprocess.Popen(
        [str(Path(sys.executable).parent / "gunicorn"), "--workers", str(WORKERS),
         "--threads", str(THREADS), "--worker-class", "gthread",
         "--worker-connections", str(WORKER_CONNECTIONS),
         "--bind", f"127.0.0.1:{port}", "--log-level", "warning", app],
        cwd=ROOT, env=env)
    base = f"http://127.0.0.1:{port}"
    for _ in range(150):
        try:
            if requests.get(base + "/healthz", timeout=5).status_code in (200, 404):
                return process, base  # (the floor has no /healthz: 404 means it serves)
        except requests.RequestException:
            time.sleep(0.2)
    process.kill()
    raise SystemExit("gunicorn did not start")


def worker_pids(master: int) -> list[int]:
    out = subprocess.run(["pgrep", "-P", str(master)], capture_output=True, text=True).stdout
    return [int(p) for p in out.split()]


def peak_rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return 0.0


def body(event_id: int, i: int) -> dict[str, str]:
    """Addresses never repeat across events: a repeat would meet the mail cap (3 e-mails to
    one address an hour), and a capped registration writes no outbox row: cheaper."""
    return {"name": "Kari Nordmann", "email": f"bench{event_id}x{i}@tromso.kommune.no",
            "mobile": "+4791234567", "kommune": "5501", "workplace": "Kvaløysletta sykehjem",
            "role": "sykepleier", "mode": "physical"}


class Client:
    """One keep-alive HTTP/1.1 connection with a cookie jar: a lean stand-in for a browser."""

    def __init__(self, base: str) -> None:
        host, port = base.removeprefix("http://").split(":")
        self.connection = http.client.HTTPConnection(host, int(port), timeout=60)
        self.cookie = ""
        self.headers: dict[str, str] = {}

    def request(self, method: str, path: str, body: bytes | None = None,
                content_type: str | None = None) -> tuple[int, bytes]:
        headers = {**self.headers, **({"Cookie": self.cookie} if self.cookie else {})}
        if content_type:
            headers["Content-Type"] = content_type
        self.connection.request(method, path, body=body, headers=headers)
        response = self.connection.getresponse()
        data = response.read()
        cookie = response.getheader("Set-Cookie")
        if cookie:
            self.cookie = cookie.split(";", 1)[0]
        return response.status, data


def run(base: str, event_id: int, path: str, total: int = TOTAL) -> dict:
    local = threading.local()
    latencies: list[float] = []
    statuses: list[int] = []
    lock = threading.Lock()

    def client() -> Client:
        if not hasattr(local, "client"):
            local.client = Client(base)
        return local.client

    def api(i: int) -> None:
        payload = json.dumps(body(event_id, i)).encode()
        url = (f"/floor/{event_id}" if path == "floor"
               else f"/api/v1/events/{event_id}/registrations")
        t = time.perf_counter()
        status, _ = client().request("POST", url, payload, "application/json")
        elapsed = time.perf_counter() - t
        with lock:
            latencies.append(elapsed)
            statuses.append(status)

    def form(i: int) -> None:
        visitor = client()
        visitor.cookie = ""  # a new visitor: new session cookie, new CSRF token
        t = time.perf_counter()
        _, page = visitor.request("GET", f"/arrangement/{event_id}")
        token = CSRF_RE.search(page.decode()).group(1)
        data = urllib.parse.urlencode({**body(event_id, i), "privacy": "y", "csrf_token": token})
        status, _ = visitor.request("POST", f"/arrangement/{event_id}", data.encode(),
                                    "application/x-www-form-urlencoded")
        elapsed = time.perf_counter() - t
        with lock:
            latencies.append(elapsed)
            statuses.append(status)

    work = form if path == "form" else api
    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=CLIENTS) as pool:
        list(pool.map(work, range(total)))
    wall = time.perf_counter() - started
    q = statistics.quantiles(latencies, n=100)
    return {"path": path, "registrations": total, "seconds": round(wall, 2),
            "per_second": round(total / wall, 1), "p50_ms": round(q[49] * 1000, 1),
            "p95_ms": round(q[94] * 1000, 1), "p99_ms": round(q[98] * 1000, 1),
            "statuses": {str(k): statuses.count(k) for k in sorted(set(statuses))}}


def app_factory() -> Any:
    from registration import create_app

    return create_app({"SQLALCHEMY_DATABASE_URI": DATABASE_URL, "SECRET_KEY": "bench",
                       "INSTANCE_PATH": ROOT / "instance"})


def create_organiser() -> str:
    """An organiser owning every event; returns a check-in token of theirs."""
    from registration.accounts import operations as auth
    from registration.core.extensions import db
    from registration.models import Event

    app = app_factory()
    with app.app_context():
        user = auth.create_user("bench@usht.no", "arrangor", "Nordlys-over-Tromso-26",
                                must_change_password=False)
        for event in db.session.query(Event):
            event.owner_id = user.id
        db.session.commit()
        token = auth.create_token(user, "bench", "checkin", 30)
        db.session.commit()
        db.engine.dispose()
    return token


def counts(event_id: int) -> dict:
    with psycopg.connect(DATABASE_URL) as conn:
        rows = dict(conn.execute(
            "SELECT status, count(*) FROM registration WHERE event_id = %s GROUP BY status",
            (event_id,)).fetchall())
        pool = conn.execute("SELECT confirmed_count FROM seat_pool WHERE event_id = %s",
                            (event_id,)).fetchone()[0]
        ranks = conn.execute(
            "SELECT count(*), count(DISTINCT waitlist_rank) FROM registration "
            "WHERE event_id = %s AND status = 'waitlisted'", (event_id,)).fetchone()
    exact = (rows.get("confirmed") == SEATS and rows.get("waitlisted") == TOTAL - SEATS
             and pool == SEATS and ranks[0] == ranks[1])
    return {"confirmed": rows.get("confirmed", 0), "waitlisted": rows.get("waitlisted", 0),
            "pool_counter": pool, "exact": exact}


def main() -> int:
    # the run's own database (stale ones of crashed bench runs here are dropped first)
    create_database(SERVER, DATABASE_NAME, DATABASE_PREFIX)
    try:
        return bench()
    finally:
        drop_database(admin_url(SERVER), DATABASE_NAME)


def median_of(rounds: list[dict]) -> dict:
    """The round with the median throughput, with every round's figure beside it."""
    ordered = sorted(rounds, key=lambda r: r["per_second"])
    middle = dict(ordered[len(ordered) // 2])
    middle["rounds_per_second"] = [r["per_second"] for r in rounds]
    middle["exact"] = all(r["exact"] for r in rounds)
    return middle


def bench() -> int:
    create_schema()
    script = ROOT / "instance" / f"floor-{DATABASE_NAME}.json"
    script.parent.mkdir(exist_ok=True)
    script.write_text(json.dumps(floor.capture(DATABASE_URL, ROOT / "instance")))
    process, base = start_gunicorn()
    floor_process, floor_base = start_gunicorn("bench.floor:app", {
        "FLOOR_SCRIPT": str(script), "FLOOR_DATABASE_URL": DATABASE_URL})
    rounds: dict[str, list[dict]] = {"floor": [], "api": [], "form": []}
    try:
        for number in range(ROUNDS):
            for path in ("floor", "api", "form"):
                event_id = create_event(f"Benchmark {path} {number + 1}")
                for _ in range(20):  # warm-up: templates loaded, connections open
                    requests.get(f"{base}/arrangement/{event_id}", timeout=10)
                target = floor_base if path == "floor" else base
                result = run(target, event_id, path)
                result.update(counts(event_id))
                result["event_id"] = event_id
                rounds[path].append(result)
                print(f"  round {number + 1} {path}: {result['per_second']}/s "
                      f"exact={result['exact']}", flush=True)
        results = [median_of(rounds[path]) for path in ("floor", "api", "form")]
        floor_rate = results[0]["per_second"]
        for r in results:
            r["ratio_to_floor"] = round(r["per_second"] / floor_rate, 3)
        memory = {pid: round(peak_rss_mb(pid), 1) for pid in worker_pids(process.pid)}
        # the event of 10,000: filled through the floor (the app's own rows and statements)
        big = measures.big_event(DATABASE_URL, app_factory, capacity=BIG * 6 // 10)
        fill = run(floor_base, big, "floor", total=BIG)
        assert fill["statuses"] == {"201": BIG}, fill["statuses"]
    finally:
        floor_process.terminate()
        floor_process.wait(timeout=30)
        script.unlink(missing_ok=True)  # (its database is dropped at the end too)
    try:
        token = create_organiser()
        organiser = Client(base)
        measures.sign_in(organiser, CSRF_RE, "bench@usht.no", "Nordlys-over-Tromso-26")
        rows = f"{BIG:,} rows"
        table = measures.organiser_views(organiser, big, rows, f"bench{big}x9999")
        _, session_id = measures.ids(DATABASE_URL, big)
        scans = measures.checkin(lambda: Client(base), DATABASE_URL, big, session_id, token)
        catalogue = measures.catalogue(lambda: Client(base))
    finally:
        process.terminate()
        process.wait(timeout=30)
    load_average = os.getloadavg()
    machine = (f"{platform.machine()}, {os.cpu_count()} cores, "
               f"{platform.python_implementation()} {platform.python_version()}, "
               f"gunicorn {WORKERS} workers × {THREADS} threads (gthread, at most "
               f"{WORKER_CONNECTIONS} connections each), PostgreSQL, "
               f"{CLIENTS} clients on the same machine; load average at the end "
               f"{load_average[0]:.1f} / {load_average[1]:.1f} / {load_average[2]:.1f}")
    print(f"\nRegistration rush: {TOTAL} registrations, {CLIENTS} concurrent clients, "
          f"{SEATS} seats + waiting list; median of {ROUNDS} interleaved rounds\n"
          f"Machine: {machine}\n")
    print(f"{'path':<6}{'reg/s':>8}{'floor':>7}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}"
          f"{'confirmed':>11}{'waitlisted':>11}  exact  rounds")
    for r in results:
        print(f"{r['path']:<6}{r['per_second']:>8}{r['ratio_to_floor']:>7.0%}{r['p50_ms']:>9}"
              f"{r['p95_ms']:>9}{r['p99_ms']:>9}{r['confirmed']:>11}{r['waitlisted']:>11}  "
              f"{'yes' if r['exact'] else 'NO '}    {r['rounds_per_second']}")
    print(f"\nPeak memory per app worker (VmHWM, MB): {sorted(memory.values())}")
    print(f"\nOrganiser, signed in, on the event of {rows} (sequential):")
    for row in table:
        p95 = f"{row['p95_ms']:>8} ms" if row["p95_ms"] is not None else ""
        print(f"  {row['view']:<36}{row['p50_ms']:>8} ms {p95}")
    print(f"\nCheck-in: {scans['requests']} scans from {scans['devices']} devices: "
          f"{scans['per_second']}/s, p50 {scans['p50_ms']} ms, p95 {scans['p95_ms']} ms "
          f"{scans['statuses']} {scans['answers']}")
    print(f"Catalogue page: {catalogue['requests']} GETs from {catalogue['clients']} clients: "
          f"{catalogue['per_second']}/s, p50 {catalogue['p50_ms']} ms, "
          f"p95 {catalogue['p95_ms']} ms {catalogue['statuses']}")
    out = ROOT / "bench" / "results"
    out.mkdir(exist_ok=True)
    (out / "latest.json").write_text(json.dumps(
        {"machine": machine, "rounds": ROUNDS, "results": results, "all_rounds": rounds,
         "ratio_to_floor": {r["path"]: r["ratio_to_floor"] for r in results},
         "worker_peak_mb": memory, "organiser_table": table, "checkin": scans,
         "catalogue": catalogue, "big_event_fill": fill}, indent=2))
    return 0 if all(r["exact"] for r in results) else 1


if __name__ == "__main__":
    sys.exit(main())
