"""The public-write limits hold across processes: two gunicorn servers sharing Redis."""

from __future__ import annotations

import http.client
import json
import threading
import uuid
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import urlsplit

import pytest
import redis
import requests
from sqlalchemy import func, select

from registration.core.extensions import db
from registration.models import Registration
from tests.conftest import api_body, make_app, make_event, migrated_app, require_postgres
from tests.live import HTTP_TIMEOUT, gunicorn

pytestmark = pytest.mark.live

REDIS = "redis://127.0.0.1:6379/0"


def _redis_or_skip() -> redis.Redis:
    client = redis.Redis.from_url(REDIS, socket_timeout=2)
    try:
        client.ping()
    except redis.RedisError as error:
        pytest.skip(f"Redis not reachable at {REDIS}: {error}")
    return client


def _post_from(address: str, base: str, path: str, body: dict) -> tuple[int, dict]:
    """POST from another loopback source address (127.0.0.2): a different client to the
    app, without trusting any proxy header."""
    parts = urlsplit(base)
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=HTTP_TIMEOUT[1],
                                      source_address=(address, 0))
    try:
        conn.request("POST", path, body=json.dumps(body),
                     headers={"Content-Type": "application/json"})
        response = conn.getresponse()
        return response.status, json.loads(response.read())
    finally:
        conn.close()


def test_a_rush_from_one_address_is_limited_across_two_processes_sharing_redis(tmp_path):
    store = _redis_or_skip()
    prefix = f"test-abuse-{uuid.uuid4().hex}"
    url = require_postgres()
    app = migrated_app(url, tmp_path)
    with app.app_context():
        event_id = make_event(participation="physical", capacities={"physical": 20}).id
        db.engine.dispose()
    instance = tmp_path / "instance"
    instance.mkdir(exist_ok=True)
    env = {"RATELIMIT_STORAGE_URI": REDIS, "RATELIMIT_KEY_PREFIX": prefix,
           "REGISTRATION_LIMIT": "10 per minute;30 per hour",
           "REGISTRATION_EMAIL_LIMIT": "3 per minute;10 per hour"}
    path = f"/api/v1/events/{event_id}/registrations"
    try:
        with gunicorn(url, instance, workers=1, extra_env=env) as first, \
                gunicorn(url, instance, workers=1, extra_env=env) as second:
            bases = [first, second]
            rush = 30
            barrier = threading.Barrier(rush)

            def send(i: int) -> requests.Response:
                body = api_body(email=f"robot{i}@spam.example", mode=None)
                barrier.wait()
                return requests.post(bases[i % 2] + path, json=body, timeout=HTTP_TIMEOUT)

            with ThreadPoolExecutor(max_workers=rush) as pool:
                answers = list(pool.map(send, range(rush)))
            statuses = sorted(r.status_code for r in answers)
            # one shared count: 10 through in all, not 10 per process
            assert statuses == [201] * 10 + [429] * 20
            refused = [r for r in answers if r.status_code == 429]
            assert all(1 <= int(r.headers["Retry-After"]) <= 60 for r in refused)
            assert all(r.json()["error"] == "rate_limited" and "Vent" in r.json()["message"]
                       for r in refused)

            # a real participant from another address still gets a seat, on either process
            status, body = _post_from("127.0.0.2", second, path,
                                      api_body(email="kari@tromso.kommune.no", mode=None))
            assert status == 201 and body["status"] == "confirmed"
            # and the per-e-mail limit is shared too: the same person, from a third address
            statuses = [_post_from(f"127.0.0.{3 + i}", bases[i % 2], f"/api/v1/events/"
                                   f"{event_id}/registrations", api_body(
                                       email="ola@harstad.kommune.no", mode=None))[0]
                        for i in range(4)]
            assert statuses == [201, 409, 409, 429]  # duplicates, then over the e-mail limit
            # the counts are in Redis, under this run's prefix, as keyed hashes only
            keys = [k.decode() for k in store.scan_iter(f"*{prefix}*")]
            assert keys and not any("spam.example" in k or "127.0.0" in k for k in keys)
    finally:
        for key in store.scan_iter(f"*{prefix}*"):
            store.delete(key)
    check = make_app(url, tmp_path)
    with check.app_context():
        assert db.session.scalar(select(func.count(Registration.id))) == 12
        db.engine.dispose()
