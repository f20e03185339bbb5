"""make bench: a registration rush against PostgreSQL with the app behind gunicorn.

2,000 registrations from 50 concurrent clients on an event with 500 physical seats and a
waiting list, once through the JSON API and once through the HTML form (the CSRF token
fetched with a GET of the event page first, as a browser does). Prints registrations per
second, p50/p95/p99 latency, peak memory per gunicorn worker, and whether the counts came
out exact (500 confirmed, 1,500 waitlisted, queue numbers unique).

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

import psycopg
import requests

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

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


def start_gunicorn() -> tuple[subprocess.Popen, str]:
    port = free_port()
    env = {**os.environ, "DATABASE_URL": DATABASE_URL, "SECRET_KEY": "bench-secret",
           "INSTANCE_PATH": str(ROOT / "instance"),
           # the rush comes from one address: the public-write rate limits would stop it
           "REGISTRATION_LIMIT": "", "REGISTRATION_EMAIL_LIMIT": ""}
    process = subprocess.Popen(
        [str(Path(sys.executable).parent / "gunicorn"), "--workers", str(WORKERS),
         "--threads", str(THREADS), "--worker-class", "gthread",
         "--bind", f"127.0.0.1:{port}", "--log-level", "warning", "wsgi:app"],
        cwd=ROOT, env=env)
    base = f"http://127.0.0.1:{port}"
    for _ in range(150):
        try:
            if requests.get(base + "/healthz", timeout=5).status_code == 200:
                return process, base
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


def body(i: int) -> dict[str, str]:
    return {"name": "Kari Nordmann", "email": f"bench{i}@tromso.kommune.no",
            "mobile": "+4791234567", "kommune": "5501", "workplace": "Kvaløysletta sykehjem",
            "role": "sykepleier", "mode": "physical"}


class Client:
    """One keep-alive HTTP/1.1 connection with a cookie jar: a lean stand-in for a browser."""

    def __init__(self, base: str) -> None:
        host, port = base.removeprefix("http://").split(":")
        self.connection = http.client.HTTPConnection(host, int(port), timeout=60)
        self.cookie = ""

    def request(self, method: str, path: str, body: bytes | None = None,
                content_type: str | None = None) -> tuple[int, bytes]:
        headers = {"Cookie": self.cookie} if self.cookie else {}
        if content_type:
            headers["Content-Type"] = content_type
        self.connection.request(method, path, body=body, headers=headers)
        response = self.connection.getresponse()
        data = response.read()
        cookie = response.getheader("Set-Cookie")
        if cookie:
            self.cookie = cookie.split(";", 1)[0]
        return response.status, data


def run(base: str, event_id: int, path: str) -> dict:
    local = threading.local()
    latencies: list[float] = []
    statuses: list[int] = []
    lock = threading.Lock()

    def client() -> Client:
        if not hasattr(local, "client"):
            local.client = Client(base)
        return local.client

    def api(i: int) -> None:
        payload = json.dumps(body(i)).encode()
        t = time.perf_counter()
        status, _ = client().request("POST", f"/api/v1/events/{event_id}/registrations",
                                     payload, "application/json")
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
        data = urllib.parse.urlencode({**body(i), "privacy": "y", "csrf_token": token})
        status, _ = visitor.request("POST", f"/arrangement/{event_id}", data.encode(),
                                    "application/x-www-form-urlencoded")
        elapsed = time.perf_counter() - t
        with lock:
            latencies.append(elapsed)
            statuses.append(status)

    work = api if path == "api" else form
    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=CLIENTS) as pool:
        list(pool.map(work, range(TOTAL)))
    wall = time.perf_counter() - started
    q = statistics.quantiles(latencies, n=100)
    return {"path": path, "registrations": TOTAL, "seconds": round(wall, 2),
            "per_second": round(TOTAL / wall, 1), "p50_ms": round(q[49] * 1000, 1),
            "p95_ms": round(q[94] * 1000, 1), "p99_ms": round(q[98] * 1000, 1),
            "statuses": {str(k): statuses.count(k) for k in sorted(set(statuses))}}


def create_organiser() -> None:
    from registration import create_app
    from registration.accounts import operations as auth
    from registration.core.extensions import db
    from registration.models import Event

    app = create_app({"SQLALCHEMY_DATABASE_URI": DATABASE_URL, "SECRET_KEY": "bench",
                      "INSTANCE_PATH": ROOT / "instance"})
    with app.app_context():
        user = auth.create_user("bench@usht.no", "arrangor", "bench-passord-1")
        for event in db.session.query(Event):
            event.owner_id = user.id
        db.session.commit()
        db.engine.dispose()


def organiser_table(base: str, event_id: int, repeat: int = 30) -> list[dict]:
    """The organiser's participant table and exports on the event the rush filled."""
    create_organiser()
    client = Client(base)
    _, page = client.request("GET", "/arrangor/logg-inn")
    token = CSRF_RE.search(page.decode()).group(1)
    status, _ = client.request("POST", "/arrangor/logg-inn", urllib.parse.urlencode({
        "email": "bench@usht.no", "password": "bench-passord-1", "csrf_token": token}).encode(),
        "application/x-www-form-urlencoded")
    assert status == 303, status
    views = [("first page", ""), ("search", "?q=bench1999"), ("waiting list, page 30",
             "?status=waitlisted&page=30"), ("sorted by name", "?sort=name&dir=desc"),
             ("filter kommune", "?kommune=5501&page=5")]
    results = []
    for label, query in views:
        times = []
        for _ in range(repeat):
            t = time.perf_counter()
            status, _ = client.request("GET", f"/arrangor/arrangement/{event_id}{query}")
            times.append(time.perf_counter() - t)
            assert status == 200, status
        q = statistics.quantiles(times, n=20)
        results.append({"view": label, "p50_ms": round(statistics.median(times) * 1000, 1),
                        "p95_ms": round(q[18] * 1000, 1)})
    for fmt in ("xlsx", "csv", "pdf"):
        t = time.perf_counter()
        status, body = client.request(
            "GET", f"/arrangor/arrangement/{event_id}/eksport.{fmt}?status=all")
        assert status == 200, status
        results.append({"view": f"export .{fmt} (2,000 rows)",
                        "p50_ms": round((time.perf_counter() - t) * 1000, 1), "p95_ms": None,
                        "bytes": len(body)})
    return results


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


def bench() -> int:
    create_schema()
    process, base = start_gunicorn()
    results = []
    try:
        for path in ("api", "form"):
            event_id = create_event(f"Benchmark {path}")
            # warm-up: each worker loads templates and opens connections
            for _ in range(20):
                requests.get(f"{base}/arrangement/{event_id}", timeout=10)
            result = run(base, event_id, path)
            result.update(counts(event_id))
            result["event_id"] = event_id
            results.append(result)
        table = organiser_table(base, results[0]["event_id"])
        memory = {pid: round(peak_rss_mb(pid), 1) for pid in worker_pids(process.pid)}
    finally:
        process.terminate()
        process.wait(timeout=30)
    machine = (f"{platform.machine()}, {os.cpu_count()} cores, "
               f"{platform.python_implementation()} {platform.python_version()}, "
               f"gunicorn {WORKERS} workers × {THREADS} threads (gthread), PostgreSQL, "
               f"{CLIENTS} clients on the same machine")
    print(f"\nRegistration rush: {TOTAL} registrations, {CLIENTS} concurrent clients, "
          f"{SEATS} seats + waiting list\nMachine: {machine}\n")
    print(f"{'path':<6}{'reg/s':>8}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}"
          f"{'confirmed':>11}{'waitlisted':>11}  exact  statuses")
    for r in results:
        print(f"{r['path']:<6}{r['per_second']:>8}{r['p50_ms']:>9}{r['p95_ms']:>9}"
              f"{r['p99_ms']:>9}{r['confirmed']:>11}{r['waitlisted']:>11}  "
              f"{'yes' if r['exact'] else 'NO '}    {r['statuses']}")
    print(f"\nPeak memory per worker (VmHWM, MB): {sorted(memory.values())}")
    print("\nOrganiser participant table on the event with 2,000 registrations "
          "(sequential, signed in):")
    for row in table:
        p95 = f"{row['p95_ms']:>8} ms" if row["p95_ms"] is not None else ""
        print(f"  {row['view']:<28}{row['p50_ms']:>8} ms {p95}")
    out = ROOT / "bench" / "results"
    out.mkdir(exist_ok=True)
    (out / "latest.json").write_text(json.dumps(
        {"machine": machine, "results": results, "worker_peak_mb": memory,
         "organiser_table": table}, indent=2))
    return 0 if all(r["exact"] for r in results) else 1


if __name__ == "__main__":
    sys.exit(main())
