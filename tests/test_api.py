"""The JSON API: shapes, rules, errors, the OpenAPI document, and random bodies."""

from __future__ import annotations

import json
import re
from datetime import datetime, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from registration.models import utcnow
from registration.registrations import operations
from tests.conftest import api_body, make_event, person


def test_events_list_and_detail_shape(app, client):
    with app.app_context():
        event = make_event(title="Ernæringskonferansen", capacities={"physical": 2,
                                                                      "digital": None},
                           sessions=2)
        operations.register(event.id, person(0, mode="physical"))
        make_event(title="Utkast", status="draft")
    listed = client.get("/api/v1/events").get_json()["events"]
    assert [e["title"] for e in listed] == ["Ernæringskonferansen"]
    detail = client.get(f"/api/v1/events/{event.id}").get_json()
    assert detail["id"] == event.id and detail["kind"] == "abc_fagseminar"
    assert len(detail["sessions"]) == 2
    start = datetime.fromisoformat(detail["sessions"][0]["starts_at"])
    assert start.utcoffset() is not None
    assert detail["modes"] == [
        {"mode": "physical", "capacity": 2, "seats_left": 1, "waitlist": True},
        {"mode": "digital", "capacity": None, "seats_left": None, "waitlist": True},
    ]


def test_unknown_and_draft_events_are_404_json(app, client):
    with app.app_context():
        draft = make_event(status="draft")
    for url in (f"/api/v1/events/{draft.id}", "/api/v1/events/424242", "/api/v1/nope"):
        response = client.get(url)
        assert response.status_code == 404 and response.is_json
    response = client.post(f"/api/v1/events/{draft.id}/registrations", json=api_body())
    assert response.status_code == 404 and response.get_json()["error"] == "not_found"


def test_register_waitlist_get_cancel_promotes(app, client):
    with app.app_context():
        event = make_event(capacities={"physical": 5, "digital": 1})
    url = f"/api/v1/events/{event.id}/registrations"
    first = client.post(url, json=api_body())
    assert first.status_code == 201
    body = first.get_json()
    assert body["status"] == "confirmed" and body["waitlist_position"] is None
    second = client.post(url, json=api_body(email="to@harstad.kommune.no"))
    assert second.get_json()["status"] == "waitlisted"
    assert second.get_json()["waitlist_position"] == 1
    token2 = second.get_json()["token"]
    assert client.get(f"/api/v1/registrations/{token2}").get_json() == {
        "status": "waitlisted", "waitlist_position": 1, "event_id": event.id, "mode": "digital"}
    cancelled = client.delete(f"/api/v1/registrations/{body['token']}")
    assert cancelled.status_code == 200 and cancelled.get_json()["status"] == "cancelled"
    assert client.get(f"/api/v1/registrations/{token2}").get_json()["status"] == "confirmed"
    again = client.delete(f"/api/v1/registrations/{body['token']}")
    assert again.status_code == 409 and again.get_json()["error"] == "already_cancelled"
    assert client.get("/api/v1/registrations/not-a-token").status_code == 404
    assert client.delete("/api/v1/registrations/not-a-token").status_code == 404


def test_duplicate_is_409_and_creates_nothing(app, client):
    with app.app_context():
        event = make_event()
    url = f"/api/v1/events/{event.id}/registrations"
    assert client.post(url, json=api_body()).status_code == 201
    dup = client.post(url, json=api_body(email="OLA.Nordmann@Harstad.kommune.no",
                                         mode="physical"))
    assert dup.status_code == 409 and dup.get_json()["error"] == "duplicate"
    assert "allerede påmeldt" in dup.get_json()["message"]


def test_closed_registration_and_full_without_waitlist(app, client):
    with app.app_context():
        closed = make_event(closes_at=utcnow() - timedelta(hours=1))
        small = make_event(participation="digital", capacities={"digital": 1},
                           has_waitlist=False)
    r = client.post(f"/api/v1/events/{closed.id}/registrations", json=api_body())
    assert r.status_code == 422 and r.get_json()["error"] == "closed"
    assert client.post(f"/api/v1/events/{small.id}/registrations",
                       json=api_body()).status_code == 201
    full = client.post(f"/api/v1/events/{small.id}/registrations",
                       json=api_body(email="b@c.no"))
    assert full.status_code == 409 and full.get_json()["error"] == "full"


@pytest.mark.parametrize("field,value", [
    ("name", "<script>alert(1)</script>"), ("name", "Ola\nNordmann"), ("name", ""),
    ("name", 42), ("name", None), ("name", ["Ola"]), ("email", "not-an-email"),
    ("email", "a@b.no\r\nBcc: x@y.no"), ("mobile", "123"), ("kommune", "9999"),
    ("kommune", 5501), ("workplace", "x" * 1000), ("role", "Sykepleier!"),
    ("role", "president"), ("mode", "hologram"), ("mode", None),
])
def test_field_errors_are_422_with_a_norwegian_message_per_field(app, client, field, value):
    with app.app_context():
        event = make_event()
    body = api_body()
    body[field] = value
    response = client.post(f"/api/v1/events/{event.id}/registrations", json=body)
    assert response.status_code == 422
    payload = response.get_json()
    assert payload["error"] == "validation_failed"
    assert set(payload["fields"]) == {field}
    assert re.search(r"[a-zæøå]", payload["fields"][field])


def test_malformed_json_is_400_json(app, client):
    with app.app_context():
        event = make_event()
    url = f"/api/v1/events/{event.id}/registrations"
    bad = client.post(url, data="{not json", content_type="application/json")
    assert bad.status_code == 400 and bad.get_json()["error"] == "invalid_json"
    assert client.post(url, data="name=x").status_code == 400
    for body in ([1, 2], "text", 7, None):
        r = client.post(url, data=json.dumps(body), content_type="application/json")
        assert r.status_code in (400, 422) and r.is_json
    huge = client.post(url, data="x" * (300 * 1024), content_type="application/json")
    assert huge.status_code == 413 and huge.is_json


def test_healthz(app, client):
    response = client.get("/healthz")
    assert response.status_code == 200 and response.get_json()["database"] == "ok"


def test_openapi_document_matches_the_real_routes(app, client):
    spec = client.get("/api/v1/openapi.json").get_json()
    assert spec["openapi"].startswith("3.")
    documented = {(path, method.upper()) for path, ops in spec["paths"].items()
                  for method in ops}
    real = set()
    for rule in app.url_map.iter_rules():
        if not rule.rule.startswith("/api/v1"):
            continue
        path = re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", rule.rule)
        for method in rule.methods - {"HEAD", "OPTIONS"}:
            real.add((path, method))
    assert documented == real
    # every documented path parameter is declared
    for path, ops in spec["paths"].items():
        for op in ops.values():
            declared = {p["name"] for p in op.get("parameters", []) if p["in"] == "path"}
            assert declared == set(re.findall(r"{(\w+)}", path)), path


_json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False)
    | st.text(max_size=300),
    lambda children: st.lists(children, max_size=4)
    | st.dictionaries(st.text(max_size=10), children, max_size=4),
    max_leaves=10,
)
_fields = st.sampled_from(["name", "email", "mobile", "kommune", "workplace", "role", "mode",
                           "diet", "diet_consent", "privacy_accepted"])


@pytest.mark.parametrize("backend", ["sqlite"], indirect=True)
@settings(max_examples=150, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(body=st.one_of(
    _json_values,
    st.dictionaries(_fields, _json_values, max_size=10),
    st.builds(lambda extra: {**api_body(), **extra},
              st.dictionaries(_fields, _json_values, max_size=3)),
))
def test_random_bodies_never_give_a_500(app, client, body):
    with app.app_context():
        from registration.core.extensions import db
        from registration.models import Event
        event_id = db.session.query(Event.id).scalar() or make_event(serves_food=True).id
    response = client.post(f"/api/v1/events/{event_id}/registrations",
                           data=json.dumps(body), content_type="application/json")
    assert response.status_code in (201, 400, 404, 409, 422), response.get_data(as_text=True)
    assert response.is_json


def test_healthz_is_503_when_the_database_does_not_answer(tmp_path):
    from tests.conftest import make_app
    from tests.live import free_port

    app = make_app(f"postgresql://postgres@127.0.0.1:{free_port()}/nowhere", tmp_path)
    response = app.test_client().get("/healthz")
    assert response.status_code == 503 and response.get_json()["status"] == "error"


_text = st.text(max_size=200)


@pytest.mark.parametrize("backend", ["sqlite"], indirect=True)
@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(token=_text, kind=_text, month=_text, q=_text, mode=_text)
def test_random_tokens_and_filters_never_give_a_500(app, client, token, kind, month, q, mode):
    from urllib.parse import quote
    response = client.get("/", query_string={"kind": kind, "month": month, "q": q,
                                             "mode": mode, "topic": q})
    assert response.status_code == 200
    safe = quote(token, safe="") or "x"
    # an unknown token finds nothing (404; 405/308 when a decoded "/" routes elsewhere)
    for method, url in (("GET", f"/pamelding/{safe}"), ("GET", f"/api/v1/registrations/{safe}"),
                        ("GET", f"/pamelding/{safe}/avmeld"),
                        ("DELETE", f"/api/v1/registrations/{safe}"),
                        ("POST", f"/pamelding/{safe}/bytt")):
        assert client.open(url, method=method, data={"mode": mode}).status_code in (
            404, 405, 308)
