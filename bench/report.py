"""make bench: the yearly report for a year of 50,000 registrations, on PostgreSQL.

Fills its own database (pamelding_bench_<pid>_<random hex>, dropped at the end) with two
years of 200 published events each (every kind, one or two topics, a month each), 250
confirmed registrations per event (50,000 a year) from 30,000 persons in every kommune of
Troms and some from elsewhere, and a check-in for about 70 %. Then times, best and median of
5 runs in one process: the figures alone, the API's JSON, the publishable version, the
report page as an arrangør sees it (this year and the year before), the Excel file, and
Tromsø's kommune page.

BENCH_DATABASE_URL names the PostgreSQL server (default: the one on 127.0.0.1);
BENCH_REPORT_ROWS the registrations per year.
"""

from __future__ import annotations

import json
import os
import platform
import random
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.live import (  # noqa: E402
    SERVER_URL,
    admin_url,
    create_database,
    database_url_on,
    drop_database,
    new_database_name,
)

SERVER = os.environ.get("BENCH_DATABASE_URL", SERVER_URL)
DATABASE_PREFIX = "pamelding_bench_"
DATABASE_NAME = new_database_name(DATABASE_PREFIX)
DATABASE_URL = database_url_on(SERVER, DATABASE_NAME)
ROWS = int(os.environ.get("BENCH_REPORT_ROWS", "50000"))
EVENTS = 200
YEAR = 2027
PASSWORD = "rapport-passord-2027"


def create_schema() -> None:
    env = {**os.environ, "DATABASE_URL": DATABASE_URL, "SECRET_KEY": "bench"}
    subprocess.run([sys.executable, "-m", "flask", "--app", "wsgi", "db", "upgrade"],
                   cwd=ROOT, env=env, check=True, capture_output=True)


def fill(year: int, rng: random.Random, next_id: list[int]) -> None:
    """EVENTS events in ``year`` with ROWS confirmed registrations between them."""
    from sqlalchemy import insert, select

    from registration.core import municipalities
    from registration.core.extensions import db
    from registration.models import (
        CheckIn,
        Event,
        EventKind,
        EventSession,
        Registration,
        Role,
        SeatPool,
        Topic,
        event_topic,
    )

    kommuner = [m.number for m in municipalities.all_municipalities().values()
                if m.county_number == "55"]
    elsewhere = ["0301", "1804", "5601", "4601"]
    topic_ids = list(db.session.scalars(select(Topic.id)))
    kinds, roles = list(EventKind), list(Role)
    per_event = ROWS // EVENTS
    links, registrations, check_ins = [], [], []
    for number in range(EVENTS):
        start = datetime(year, 1 + number % 12, 1 + number % 27, 8, tzinfo=UTC)
        event = Event(title=f"Bench {year} {number}", kind=kinds[number % len(kinds)],
                      participation="hybrid", status="published")
        event.sessions.append(EventSession(starts_at=start, ends_at=start + timedelta(hours=6)))
        event.seat_pools.append(SeatPool(mode="physical", capacity=None,
                                         confirmed_count=per_event // 2))
        event.seat_pools.append(SeatPool(mode="digital", capacity=None,
                                         confirmed_count=per_event - per_event // 2))
        db.session.add(event)
        db.session.flush()
        session_id = event.sessions[0].id
        for topic_id in rng.sample(topic_ids, rng.choice((1, 2))):
            links.append({"event_id": event.id, "topic_id": topic_id})
        for person in rng.sample(range(30000), per_event):
            next_id[0] += 1
            kommune = (rng.choice(kommuner) if rng.random() < 0.95
                       else rng.choice(elsewhere))
            registrations.append({
                "id": next_id[0], "event_id": event.id, "token": f"t{next_id[0]}",
                "status": "confirmed", "mode": "physical" if person % 2 else "digital",
                "name": "Bench Person", "email": f"p{person}@example.no",
                "email_normalized": f"p{person}@example.no", "mobile": "+4791234567",
                "kommunenummer": kommune, "workplace": "Sykehjem",
                "role": roles[person % len(roles)], "privacy_accepted_at": start,
                "created_at": start, "updated_at": start, "person_key": f"k{person}"})
            if rng.random() < 0.7:
                check_ins.append({"registration_id": next_id[0], "session_id": session_id,
                                  "checked_in_at": start, "method": "scan"})
    db.session.execute(insert(event_topic), links)
    db.session.execute(insert(Registration), registrations)
    db.session.execute(insert(CheckIn), check_ins)
    db.session.commit()


def timed(run: Callable[[], object], times: int = 5) -> tuple[float, float]:
    spent = []
    for _ in range(times):
        started = time.perf_counter()
        run()
        spent.append(time.perf_counter() - started)
    return min(spent), statistics.median(spent)


def bench() -> int:
    create_schema()
    from registration import create_app
    from registration.accounts import operations as auth
    from registration.core.extensions import db
    from registration.reports import figures
    from registration.reports.publishable import publishable

    app = create_app({"SQLALCHEMY_DATABASE_URI": DATABASE_URL, "SECRET_KEY": "bench",
                      "INSTANCE_PATH": ROOT / "instance", "WTF_CSRF_ENABLED": False})
    rng = random.Random(13)
    with app.app_context():
        started = time.perf_counter()
        next_id = [0]
        for year in (YEAR - 1, YEAR):
            fill(year, rng, next_id)
        auth.create_user("maaling@usht.no", "arrangor", PASSWORD, "Bench")
        db.session.execute(db.text("ANALYZE"))
        db.session.commit()
        filled = time.perf_counter() - started
        report = figures.as_dict(figures.yearly_report(YEAR))
        assert report["totals"]["registrations"] == ROWS // EVENTS * EVENTS, report["totals"]

        def figures_only() -> object:
            db.session.expire_all()
            return figures.yearly_report(YEAR)

        results = {"figures (yearly_report)": timed(figures_only),
                   "JSON (as_dict)": timed(lambda: figures.as_dict(figures_only())),
                   "publishable": timed(lambda: publishable(figures.as_dict(figures_only())))}
    client = app.test_client()
    assert client.post("/arrangor/logg-inn", data={"email": "maaling@usht.no",
                                                    "password": PASSWORD}).status_code == 303

    def get(url: str) -> Callable[[], object]:
        def run() -> object:
            response = client.get(url)
            assert response.status_code == 200, response.status_code
            return response
        return run

    results["page /arrangor/rapport (2 years)"] = timed(get(f"/arrangor/rapport?ar={YEAR}"))
    results["page, publishable"] = timed(get(f"/arrangor/rapport?ar={YEAR}&publiserbar=1"))
    results["Excel file"] = timed(get(f"/arrangor/rapport.xlsx?ar={YEAR}"))
    results["kommune page (Tromsø, 2 years)"] = timed(get("/arrangor/kommune/5501"))
    with app.app_context():
        db.engine.dispose()
    print(f"\nYearly report: {ROWS} confirmed registrations in {YEAR} ({EVENTS} events, "
          f"70 % checked in), as many in {YEAR - 1}; filled in {filled:.1f} s")
    print(f"Machine: {platform.machine()}, {os.cpu_count()} cores, "
          f"{platform.python_implementation()} {platform.python_version()}, PostgreSQL, "
          f"one process (Flask test client), load average "
          f"{os.getloadavg()[0]:.1f} (other work on the machine inflates every figure)\n")
    print(f"{'what':<36}{'best ms':>9}{'median ms':>11}")
    for name, (best, median) in results.items():
        print(f"{name:<36}{best * 1000:>9.0f}{median * 1000:>11.0f}")
    page_best = results["page /arrangor/rapport (2 years)"][0]
    print(f"\nUnder a second for the page: {'yes' if page_best < 1 else 'NO'}")
    _add_to_latest({
        "registrations_per_year": ROWS, "events_per_year": EVENTS, "year": YEAR,
        "filled_seconds": round(filled, 1), "load_average": round(os.getloadavg()[0], 1),
        "timings_ms": {name: {"best": round(best * 1000, 1), "median": round(median * 1000, 1)}
                       for name, (best, median) in results.items()},
        "page_under_a_second": page_best < 1})
    return 0


def _add_to_latest(report: dict) -> None:
    """The yearly report's figures into bench/results/latest.json, beside the rush's (make
    bench runs the rush first; alone, this makes the file with the report only)."""
    latest = ROOT / "bench" / "results" / "latest.json"
    latest.parent.mkdir(parents=True, exist_ok=True)
    data = json.loads(latest.read_text()) if latest.exists() else {}
    data["yearly_report"] = report
    latest.write_text(json.dumps(data, indent=2))


def main() -> int:
    create_database(SERVER, DATABASE_NAME, DATABASE_PREFIX)
    try:
        return bench()
    finally:
        drop_database(admin_url(SERVER), DATABASE_NAME)


if __name__ == "__main__":
    raise SystemExit(main())
