"""Bugs found on the way (issue 12, point 6): hostile or odd input never makes a 500."""

from __future__ import annotations

import io
import re

import pytest
from openpyxl import load_workbook
from sqlalchemy import select
from werkzeug.routing import IntegerConverter

from registration.accounts import operations as auth
from registration.core.extensions import db
from registration.evaluations import invitations
from registration.models import EventSession, Registration, utcnow
from tests.conftest import api_body, form_data, make_event
from tests.test_evaluations import answers, ended_event, sign_in, tokens

PASSWORD = "riktig-passord-123"
CONTROL = "Bra\x01 kurs\x0b med\x1f alt"


@pytest.fixture
def admin(app, client):
    with app.app_context():
        auth.create_user("arrangor@usht.no", "admin", PASSWORD, "Admin")
    sign_in(client)


def test_control_characters_in_an_answer_and_a_session_title_do_not_break_excel(app, client):
    with app.app_context():
        ended = ended_event(people=2, at_door=(0, 1), online=())
        invitations.queue_due_invitations(utcnow())
        by_registration = tokens(ended.event_id)
        data = answers(ended.event_id, most_useful=CONTROL)
        for session in db.session.scalars(select(EventSession).where(
                EventSession.event_id == ended.event_id)):
            session.title = "Dag\x07 1"
        db.session.commit()
    assert client.post(f"/evaluering/{by_registration[ended.registration_ids[0]]}",
                       data=data).status_code == 303
    sign_in(client)
    answers_xlsx = client.get(f"/arrangor/arrangement/{ended.event_id}/evaluering/svar.xlsx")
    assert answers_xlsx.status_code == 200
    cells = [c for row in load_workbook(io.BytesIO(answers_xlsx.data)).active.iter_rows(
        values_only=True) for c in row if isinstance(c, str)]
    assert "Bra\ufffd kurs\ufffd med\ufffd alt" in cells  # the odd characters marked, kept
    participants = client.get(f"/arrangor/arrangement/{ended.event_id}/eksport.xlsx")
    assert participants.status_code == 200
    sheet = load_workbook(io.BytesIO(participants.data)).active
    text = " ".join(str(c) for row in sheet.iter_rows(values_only=True) for c in row if c)
    assert "Kari Nordmann" in text


def test_non_ascii_before_the_at_is_refused_with_a_clear_message(app, client):
    with app.app_context():
        event = make_event()
    page = client.post(f"/arrangement/{event.id}", data=form_data(email="åse@kommune.no"))
    assert page.status_code in (200, 422)
    assert "æ, ø, å eller andre spesialtegn før @" in page.get_data(as_text=True)
    assert 'value="åse@kommune.no"' in page.get_data(as_text=True)  # what was typed stays
    api = client.post(f"/api/v1/events/{event.id}/registrations",
                      json=api_body(email="åse@kommune.no"))
    assert api.status_code == 422 and "email" in api.get_json()["fields"]
    # Æ, ø and å in the domain are fine: kept in the ASCII form every mail server takes.
    ok = client.post(f"/api/v1/events/{event.id}/registrations",
                     json=api_body(email="ase@tromsø.kommune.no"))
    assert ok.status_code == 201
    with app.app_context():
        assert db.session.scalar(select(Registration.email)) == "ase@xn--troms-zua.kommune.no"


def _int_urls(app, value: int) -> list[str]:
    urls = []
    for rule in app.url_map.iter_rules():
        if not any(isinstance(c, IntegerConverter) for c in rule._converters.values()):
            continue
        path = rule.rule
        for name, converter in rule._converters.items():
            replacement = str(value) if isinstance(converter, IntegerConverter) else "xlsx"
            path = re.sub(rf"<(?:[a-z]+:)?{name}>", replacement, path)
        urls.append(path)
    return urls


@pytest.mark.parametrize("value", [2**63 + 5, 2**31, 10**30])
def test_ids_beyond_the_database_integer_are_404_everywhere(app, client, admin, value):
    urls = _int_urls(app, value)
    assert len(urls) > 40
    for url in urls:
        for method in ("get", "post"):
            status = getattr(client, method)(url).status_code
            assert status in (404, 405), (method, url, status)
    client.post("/arrangor/logg-ut")
    assert client.get(f"/arrangement/{value}").status_code == 404  # anonymous too
    assert client.get(f"/api/v1/events/{value}").status_code == 404


def test_ids_in_query_strings_and_json(app, client, admin):
    with app.app_context():
        event = make_event()
        token = auth.create_token(db.session.scalar(select(auth.User)), "dør")
    bearer = {"Authorization": f"Bearer {token}"}
    for raw in ("²", "١٢", "9" * 30, str(2**31), "-1", "1e9", "\x00"):
        for url in (f"/arrangor/innsjekking/{event.id}?session={raw}",
                    f"/arrangor/arrangement/{event.id}/eksport.csv?session={raw}",
                    f"/arrangor/utboks/?event={raw}"):
            assert client.get(url).status_code in (200, 400, 404), (url, raw)
        lookup = client.get(f"/api/v1/checkin/lookup?session_id={raw}&code=X", headers=bearer)
        assert lookup.status_code == 422, raw
    for big in (2**31, 2**63 + 5, -(2**63) - 5):
        for key in ("session_id", "event_id"):
            response = client.post("/api/v1/checkin", json={key: big, "code": "A" * 22},
                                   headers=bearer)
            assert response.status_code == 404, (key, big)


def test_deeply_nested_json_is_400_not_500(app, client):
    with app.app_context():
        event = make_event()
    for body in ("[" * 100_000 + "]" * 100_000, '{"a":' * 40_000 + "1" + "}" * 40_000,
                 "[" * 40 + "]" * 40):
        response = client.post(f"/api/v1/events/{event.id}/registrations", data=body,
                               content_type="application/json")
        assert response.status_code == 400, response.status_code
        assert response.get_json()["error"] == "invalid_json"


def test_lone_surrogates_and_nul_in_json_and_forms(app, client):
    with app.app_context():
        event = make_event()
    for bad in ('"Kari \\ud800 Nordmann"', '"Kari\\u0000"', '"\\udfff"'):
        body = ('{"name": NAME, "email": "kari.x@kommune.no", "mobile": "+4791234567", '
                '"kommune": "5501", "workplace": NAME, "role": "sykepleier", '
                '"mode": "digital"}').replace("NAME", bad)
        response = client.post(f"/api/v1/events/{event.id}/registrations", data=body,
                               content_type="application/json")
        assert response.status_code in (201, 409, 422), response.status_code
    for raw in (b"%ED%A0%80", b"%00", b"Kari%00Nordmann"):
        body = b"&".join([b"name=" + raw, b"email=kari.y%40kommune.no", b"mobile=91234567",
                          b"kommune=5501", b"workplace=" + raw, b"role=sykepleier",
                          b"mode=physical", b"privacy=y"])
        response = client.post(f"/arrangement/{event.id}", data=body,
                               content_type="application/x-www-form-urlencoded")
        assert response.status_code in (200, 303, 422), (raw, response.status_code)
    assert client.get("/?q=%00").status_code == 200
    assert client.get("/?q=%ED%A0%80").status_code == 200
    assert client.get("/pamelding/%00").status_code == 404
    assert client.get("/bli-med/%00abc").status_code == 404
    assert client.get("/api/v1/registrations/%00").status_code == 404


def test_nul_in_organiser_text_fields(app, client, admin):
    response = client.post("/arrangor/arrangement/ny", data={
        "title": "Kurs\x00", "kind": "konferanse", "participation": "physical",
        "description": "Beskrivelse\x00", "starts_at": "2030-05-05T09:00",
        "ends_at": "2030-05-05T15:00", "place": "Tromsø\x00"})
    assert response.status_code in (200, 303, 422), response.status_code


@pytest.mark.parametrize("raw", ["/%0d%0aSet-Cookie:%20x=1", "/x%0aLocation:%20//evil",
                                 "/\\evil.example", "//evil.example", "https://evil.example",
                                 "/%09/evil.example"])
def test_cr_lf_and_backslashes_in_next_go_home(app, client, raw):
    response = client.get(f"/sprak/en?next={raw}")
    assert response.status_code == 303
    assert response.headers["Location"] in ("/", "http://localhost/")
    with app.app_context():
        auth.create_user("arrangor@usht.no", "arrangor", PASSWORD, "A")
    signed = client.post(f"/arrangor/logg-inn?next={raw}",
                         data={"email": "arrangor@usht.no", "password": PASSWORD})
    assert signed.status_code == 303
    assert "evil" not in signed.headers["Location"] and "\n" not in signed.headers["Location"]
    assert "Set-Cookie" not in signed.headers["Location"]


@pytest.mark.parametrize(("starts", "message"), [
    ("2027-03-28T02:30", "sommertid"),
    ("0001-01-01T09:00", "mellom år 2000 og 2100"),
    ("9999-12-31T23:30", "mellom år 2000 og 2100"),
])
def test_session_times_in_the_dst_gap_and_far_years_get_a_message(app, client, admin, starts,
                                                                  message):
    with app.app_context():
        event = make_event()
    response = client.post(f"/arrangor/arrangement/{event.id}/okter", data={
        "title": "Ekstra", "starts_at": starts, "ends_at": "2027-03-28T04:00"})
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert message in html and f'value="{starts}"' in html
    new_event = client.post("/arrangor/arrangement/ny", data={
        "title": "Kurs", "kind": "konferanse", "participation": "physical",
        "starts_at": starts, "ends_at": "2027-03-28T04:00", "place": "Tromsø",
        "registration_closes_at": starts})
    assert new_event.status_code in (200, 422) and message in new_event.get_data(as_text=True)
    # The hour after the gap is fine.
    ok = client.post(f"/arrangor/arrangement/{event.id}/okter", data={
        "title": "Ekstra", "starts_at": "2027-03-28T03:00", "ends_at": "2027-03-28T04:00"})
    assert ok.status_code == 303
