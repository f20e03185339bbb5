"""The floor: bare Flask + psycopg running the app's own SQL for one registration.

``capture()`` registers two people through the real app (its test client, in this process)
on an event of one seat, and records every statement the app sends with its parameters and
the rows they returned: the first registration takes the seat, the second goes to the
waiting list. The statements are the app's as they are today, so the floor follows any
change to the registration path without being edited.

``app`` (served by gunicorn with the same settings as the app: ``bench.floor:app``, with
FLOOR_SCRIPT naming the captured statements and FLOOR_DATABASE_URL the database) replays
them for each POST: the statements shared by both paths, then, by whether the conditional
seat UPDATE took a row, the rest of the confirmed or the waiting-list path, in one
transaction, with this request's own values put in: a new token, ticket code and join token,
the request's e-mail address, the times moved to now, the ids the database returned in this
transaction (the registration's, the waiting-list rank) in place of the captured ones, and
the floor event's ids in place of the capture event's. What it leaves out is everything
that is not SQL: validation, the ORM, sessions, the rate limits, templates.
"""

from __future__ import annotations

import json
import os
import secrets
import threading
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import psycopg
from flask import Flask, jsonify, request
from psycopg.types.json import Json

# Distinctive ids for the capture: any parameter with one of these values is the capture's
# own id (event, seat pool, session, registration, waiting-list rank), never a constant.
CAPTURE_IDS = {"event": 700000001, "seat_pool": 710000001, "event_session": 720000001,
               "registration": 730000001}
CAPTURE_RANK = 740000000
CAPTURE_EMAIL = "floor.capture{}@tromso.kommune.no"


def _encode(value: Any) -> Any:
    if isinstance(value, datetime):
        return {"$dt": value.isoformat()}
    if isinstance(value, Json):
        return {"$json": json.loads(json.dumps(value.obj, default=str))}
    if isinstance(value, (list, tuple)):
        return [_encode(v) for v in value]
    if isinstance(value, dict):
        return {k: _encode(v) for k, v in value.items()}
    if isinstance(value, str):
        return str(value)  # enums are StrEnums
    return value


def _decode(value: Any, shift: Any, mapping: dict[Any, Any]) -> Any:
    if isinstance(value, dict) and "$dt" in value:
        return datetime.fromisoformat(value["$dt"]) + shift
    if isinstance(value, dict) and "$json" in value:
        return Json(value["$json"])
    if isinstance(value, list):
        return [_decode(v, shift, mapping) for v in value]
    if isinstance(value, dict):
        return {k: _decode(v, shift, mapping) for k, v in value.items()}
    return mapping.get(value, value)


def capture(database_url: str, instance: Path) -> dict[str, Any]:
    """The app's statements for a confirmed and a waitlisted registration (see above)."""
    from datetime import timedelta

    from sqlalchemy import text

    from registration import create_app
    from registration.core.extensions import db
    from registration.models import Event, EventSession, SeatPool, utcnow

    app = create_app({"SQLALCHEMY_DATABASE_URI": database_url, "SECRET_KEY": "bench-floor",
                      "INSTANCE_PATH": instance, "REGISTRATION_LIMIT": "",
                      "REGISTRATION_EMAIL_LIMIT": ""})
    paths: list[list[dict[str, Any]]] = []
    with app.app_context():
        for table, start in CAPTURE_IDS.items():
            db.session.execute(text(f"ALTER SEQUENCE {table}_id_seq RESTART WITH {start}"))
        db.session.commit()
        start = utcnow() + timedelta(days=30)
        event = Event(title="Floor capture", kind="konferanse", participation="physical",
                      status="published", has_waitlist=True,
                      registration_opens_at=utcnow() - timedelta(days=1))
        event.sessions.append(EventSession(starts_at=start, ends_at=start + timedelta(hours=6),
                                           place="Tromsø"))
        event.seat_pools.append(SeatPool(mode="physical", capacity=1,
                                         waitlist_counter=CAPTURE_RANK))
        db.session.add(event)
        db.session.commit()
        event_id = event.id
        recording: list[dict[str, Any]] = []
        # At the driver: whatever sends SQL (SQLAlchemy, or the express lane on psycopg's
        # own cursor), the floor replays what reached PostgreSQL.
        original = psycopg.Cursor.execute, psycopg.Cursor.executemany

        def execute(cursor: Any, query: Any, params: Any = None, **kwargs: Any) -> Any:
            answer = original[0](cursor, query, params, **kwargs)
            rows = None
            if cursor.description is not None:
                rows = cursor.fetchall()
                if rows:
                    cursor.scroll(0, mode="absolute")  # the caller still reads them
            recording.append({"sql": str(query), "params": _encode(params),
                              "rows": _encode(rows), "rowcount": cursor.rowcount})
            return answer

        def executemany(cursor: Any, query: Any, params_seq: Any, **kwargs: Any) -> Any:
            params_seq = list(params_seq)
            answer = original[1](cursor, query, params_seq, **kwargs)
            recording.append({"sql": str(query), "params": _encode(params_seq), "many": True,
                              "rows": None, "rowcount": cursor.rowcount})
            return answer

        psycopg.Cursor.execute, psycopg.Cursor.executemany = execute, executemany  # type: ignore[method-assign,assignment]
        client = app.test_client()
        captured_at = utcnow()
        for i in range(2):
            recording.clear()
            answer = client.post(f"/api/v1/events/{event_id}/registrations", json={
                "name": "Kari Nordmann", "email": CAPTURE_EMAIL.format(i),
                "mobile": "+4791234567", "kommune": "5501",
                "workplace": "Kvaløysletta sykehjem", "role": "sykepleier", "mode": "physical"})
            assert answer.status_code == 201, answer.get_json()
            paths.append(list(recording))
        psycopg.Cursor.execute, psycopg.Cursor.executemany = original  # type: ignore[method-assign]
        # the per-registration random values (token, ticket code, join-link token)
        strings = [params[key] for path in paths for step in path
                   for params in (step["params"] if step.get("many") else [step["params"]])
                   if isinstance(params, dict)
                   for key in ("token", "ticket_code") if params.get(key)]
        db.engine.dispose()
    confirmed, waitlisted = paths
    shared = 0
    while confirmed[shared]["sql"] == waitlisted[shared]["sql"]:
        shared += 1
    return {"confirmed": confirmed, "waitlisted": waitlisted, "branch": shared - 1,
            "captured_at": captured_at.isoformat(), "random_strings": sorted(set(strings)),
            "emails": [CAPTURE_EMAIL.format(i) for i in range(2)]}


# -- the floor app ---------------------------------------------------------------------

app = Flask(__name__)
_local = threading.local()
_script: dict[str, Any] = {}
_events: dict[int, dict[int, int]] = {}


def _load() -> dict[str, Any]:
    if not _script:
        _script.update(json.loads(Path(os.environ["FLOOR_SCRIPT"]).read_text()))
    return _script


def _connection() -> psycopg.Connection:
    if getattr(_local, "conn", None) is None or _local.conn.closed:
        _local.conn = psycopg.connect(os.environ["FLOOR_DATABASE_URL"])
    return _local.conn


def _event_ids(event_id: int) -> dict[int, int]:
    """The event's seat pool and session in place of the capture's (looked up once per
    process and event: not part of what is measured)."""
    if event_id not in _events:
        with _connection().cursor() as cursor, _connection().transaction():
            pool = cursor.execute("SELECT id FROM seat_pool WHERE event_id = %s",
                                  (event_id,)).fetchone()
            session = cursor.execute("SELECT id FROM event_session WHERE event_id = %s",
                                     (event_id,)).fetchone()
        assert pool and session, event_id
        _events[event_id] = {CAPTURE_IDS["seat_pool"]: pool[0],
                             CAPTURE_IDS["event_session"]: session[0]}
    return _events[event_id]


def _fresh(captured: str) -> str:
    """A new random string in place of a captured one, of its length and case: a ticket
    code (upper case and digits) stays one a door scan reads (hex is within its alphabet)."""
    fresh = secrets.token_hex(len(captured))[:len(captured)]
    return fresh.upper() if captured.isupper() else fresh


@app.post("/floor/<int:event_id>")
def register(event_id: int) -> Any:
    script = _load()
    body = request.get_json(silent=True) or {}
    email = str(body.get("email", ""))
    now = datetime.now(UTC).replace(tzinfo=None)
    shift = now - datetime.fromisoformat(script["captured_at"]).replace(tzinfo=None)
    mapping: dict[Any, Any] = {
        CAPTURE_IDS["event"]: event_id,
        **_event_ids(event_id),
        **{captured: email for captured in script["emails"]},
        **{s: _fresh(s) for s in script["random_strings"]},
    }
    conn = _connection()
    status = "confirmed"
    token = None
    with conn.transaction(), conn.cursor() as cursor:
        steps = script["confirmed"]
        i = 0
        while i < len(steps):
            step = steps[i]
            if step.get("many"):
                cursor.executemany(step["sql"], _decode(step["params"], shift, mapping))
                rows = None
            else:
                cursor.execute(step["sql"], _decode(step["params"], shift, mapping))
                rows = cursor.fetchall() if cursor.description is not None else None
            if i == script["branch"] and steps is script["confirmed"] and cursor.rowcount == 0:
                steps, status = script["waitlisted"], "waitlisted"
            captured_rows = step["rows"]
            if rows and captured_rows:
                for old, new in zip(captured_rows[0], rows[0], strict=False):
                    if isinstance(old, int) and old >= min(CAPTURE_IDS.values()) - 1e8 \
                            and old not in mapping:
                        mapping[old] = new
            if step["sql"].startswith("INSERT INTO registration "):
                token = mapping.get(step["params"].get("token"))
            i += 1
    return jsonify(status=status, token=token), 201
