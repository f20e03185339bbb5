"""make bench, beyond the rush: the organiser's table and exports, check-in at the door and
the catalogue, on an event of 10,000 registrations (filled through the floor endpoint,
which writes the app's own rows with the app's own statements, in a fraction of the time).
"""

from __future__ import annotations

import json
import statistics
import threading
import time
import urllib.parse
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from typing import Any

import psycopg


def percentiles(times: list[float]) -> dict[str, float]:
    q = statistics.quantiles(times, n=100) if len(times) > 1 else times * 99
    return {"p50_ms": round(statistics.median(times) * 1000, 1),
            "p95_ms": round(q[94] * 1000, 1), "p99_ms": round(q[98] * 1000, 1)}


def load(total: int, clients: int, one: Callable[[int], int]) -> dict[str, Any]:
    """`total` calls of one(i) from `clients` threads; one returns the HTTP status."""
    times: list[float] = []
    statuses: list[int] = []
    lock = threading.Lock()

    def timed(i: int) -> None:
        t = time.perf_counter()
        status = one(i)
        elapsed = time.perf_counter() - t
        with lock:
            times.append(elapsed)
            statuses.append(status)

    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=clients) as pool:
        list(pool.map(timed, range(total)))
    wall = time.perf_counter() - started
    return {"requests": total, "clients": clients, "seconds": round(wall, 2),
            "per_second": round(total / wall, 1), **percentiles(times),
            "statuses": {str(k): statuses.count(k) for k in sorted(set(statuses))}}


def big_event(database_url: str, app_factory: Callable[[], Any], capacity: int) -> int:
    """An event happening today (check-in is open) with `capacity` seats and a waiting list."""
    from registration.core.extensions import db
    from registration.models import Event, EventSession, SeatPool, utcnow

    app = app_factory()
    with app.app_context():
        now = utcnow()
        event = Event(title="Benchmark 10 000", kind="konferanse", participation="physical",
                      status="published", has_waitlist=True,
                      registration_opens_at=now - timedelta(days=1))
        event.sessions.append(EventSession(starts_at=now - timedelta(hours=1),
                                           ends_at=now + timedelta(hours=6), place="Tromsø"))
        event.seat_pools.append(SeatPool(mode="physical", capacity=capacity))
        db.session.add(event)
        db.session.commit()
        event_id = event.id
        db.engine.dispose()
    return event_id


def ids(database_url: str, event_id: int) -> tuple[int, int]:
    with psycopg.connect(database_url) as conn:
        pool = conn.execute("SELECT id FROM seat_pool WHERE event_id = %s", (event_id,))
        session = conn.execute("SELECT id FROM event_session WHERE event_id = %s", (event_id,))
        return pool.fetchone()[0], session.fetchone()[0]  # type: ignore[index]


def checkin(client_factory: Callable[[], Any], database_url: str, event_id: int,
            session_id: int, token: str, devices: int = 10, scans: int = 1000) -> dict:
    """`devices` door devices scanning distinct tickets of the event at once (the API).
    First, as the rush warms the event page, 40 other tickets are scanned each on a
    connection of its own, so every worker has run a scan before the timing starts."""
    warm = 40
    with psycopg.connect(database_url) as conn:
        codes = [row[0] for row in conn.execute(
            "SELECT ticket_code FROM registration WHERE event_id = %s AND status = 'confirmed' "
            "ORDER BY id LIMIT %s", (event_id, scans + warm))]
    codes, warm_codes = codes[:scans], codes[scans:]
    for code in warm_codes:
        door = client_factory()
        door.headers = {"Authorization": f"Bearer {token}"}
        door.request("POST", "/api/v1/checkin", json.dumps(
            {"session_id": session_id, "code": code}).encode(), "application/json")
        door.connection.close()
    local = threading.local()
    answers: list[str] = []

    def scan(i: int) -> int:
        if not hasattr(local, "client"):
            local.client = client_factory()
            local.client.headers = {"Authorization": f"Bearer {token}"}
        status, body = local.client.request(
            "POST", "/api/v1/checkin",
            json.dumps({"session_id": session_id, "code": codes[i]}).encode(),
            "application/json")
        answers.append(json.loads(body).get("result", "?") if status == 200 else "?")
        return status

    result = load(len(codes), devices, scan)
    result["devices"] = devices
    # every scan a first check-in of a confirmed ticket: the answer the door waits for
    result["answers"] = {a: answers.count(a) for a in sorted(set(answers))}
    return result


def catalogue(client_factory: Callable[[], Any], total: int = 1000,
              clients: int = 50) -> dict:
    local = threading.local()

    def page(i: int) -> int:
        if not hasattr(local, "client"):
            local.client = client_factory()
        status, _ = local.client.request("GET", "/")
        return status

    return load(total, clients, page)


def organiser_views(client: Any, event_id: int, rows: str, search: str,
                    repeat: int = 20) -> list[dict]:
    """The participant table and the exports, signed in as an organiser (sequential)."""
    views = [("first page", ""), ("search", f"?q={search}"),
             ("waiting list, page 30", "?status=waitlisted&page=30"),
             ("sorted by name", "?sort=name&dir=desc"), ("filter kommune", "?kommune=5501&page=5")]
    results = []
    for label, query in views:
        times = []
        for _ in range(repeat):
            t = time.perf_counter()
            status, _ = client.request("GET", f"/arrangor/arrangement/{event_id}{query}")
            times.append(time.perf_counter() - t)
            assert status == 200, status
        results.append({"view": f"{label} ({rows})", **percentiles(times)})
    for fmt in ("xlsx", "csv", "pdf"):
        t = time.perf_counter()
        status, body = client.request(
            "GET", f"/arrangor/arrangement/{event_id}/eksport.{fmt}?status=all")
        assert status == 200, status
        results.append({"view": f"export .{fmt} ({rows})",
                        "p50_ms": round((time.perf_counter() - t) * 1000, 1),
                        "p95_ms": None, "bytes": len(body)})
    return results


def sign_in(client: Any, csrf: Any, email: str, password: str) -> None:
    _, page = client.request("GET", "/arrangor/logg-inn")
    token = csrf.search(page.decode()).group(1)
    status, _ = client.request("POST", "/arrangor/logg-inn", urllib.parse.urlencode({
        "email": email, "password": password, "csrf_token": token}).encode(),
        "application/x-www-form-urlencoded")
    assert status == 303, status
