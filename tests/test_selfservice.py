"""Self-service: a participant corrects their own details from the personal link, and finds
their links again through «Finn påmeldingen min» (by e-mail, through a real SMTP server)."""

from __future__ import annotations

import html
import re
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import select

from registration.audit.actions import AuditAction
from registration.core.extensions import db
from registration.mail import delivery
from registration.models import (
    AuditEntry,
    Event,
    EventStatus,
    MessageKind,
    OutboxMessage,
    Registration,
    utcnow,
)
from registration.registrations import details, lookup, operations
from tests.conftest import Clock, make_event, person
from tests.test_mail import mail_app, parts, smtp  # noqa: F401  (the SMTP fixture)

GOOD = {
    "name": "Kari Nordmann-Hansen",
    "mobile": "412 34 567",
    "kommune": "5503",
    "workplace": "Harstad hjemmetjeneste",
    "role": "leder",
}


def _register(event_id: int, i: int = 0, **kwargs: Any) -> str:
    return operations.register(event_id, person(i, **kwargs)).token


def _errors(page: str) -> dict[str, str]:
    """The messages shown next to the fields, by field id."""
    return {m.group(1): html.unescape(m.group(2)) for m in re.finditer(
        r'<p class="ds-validation-message" data-color="danger" id="([a-z_]+)-error">([^<]*)</p>',
        page)}


def _value(page: str, name: str) -> str:
    match = re.search(rf'<input[^>]*name="{name}"[^>]*value="([^"]*)"', page) \
        or re.search(rf'<textarea[^>]*name="{name}"[^>]*>\s*([^<]*)</textarea>', page)
    return html.unescape(match.group(1)) if match else ""


def _self_edits(registration_id: int) -> list[AuditEntry]:
    return list(db.session.scalars(select(AuditEntry).where(
        AuditEntry.registration_id == registration_id,
        AuditEntry.action == AuditAction.SELF_EDITED)))


# --- correcting one's own details -------------------------------------------------------

def test_participant_corrects_own_details_and_it_is_audited(app, client):
    with app.app_context():
        event = make_event(participation="physical")
        token = _register(event.id)
    page = client.get(f"/pamelding/{token}").get_data(as_text=True)
    assert "Endre opplysningene" in page
    form = client.get(f"/pamelding/{token}/endre").get_data(as_text=True)
    assert _value(form, "name") == "Kari Nordmann"  # what is stored, ready to correct
    assert "E-postadressen kan ikke endres her" in form
    assert 'name="email"' not in form

    response = client.post(f"/pamelding/{token}/endre", data=GOOD)
    assert response.status_code == 303
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Opplysningene dine er lagret." in page
    for shown in ("Kari Nordmann-Hansen", "+4741234567", "Harstad", "Harstad hjemmetjeneste",
                  "Leder", "kari.0@tromso.kommune.no"):
        assert shown in page
    with app.app_context():
        registration = db.session.scalar(select(Registration))
        assert registration.email == "kari.0@tromso.kommune.no"  # untouched
        [entry] = _self_edits(registration.id)
        assert entry.user_id is None  # the participant, not an organiser
        assert entry.before == {"name": "Kari Nordmann", "mobile": "+4791234567",
                                "kommunenummer": "5501", "workplace": "Kvaløysletta sykehjem",
                                "role": "sykepleier"}
        assert entry.after["mobile"] == "+4741234567" and entry.after["role"] == "leder"

    # Saving again without a change writes nothing
    response = client.post(f"/pamelding/{token}/endre", data=GOOD, follow_redirects=True)
    assert "Du endret ingenting" in response.get_data(as_text=True)
    with app.app_context():
        assert len(_self_edits(db.session.scalar(select(Registration.id)))) == 1


BAD_VALUES: list[tuple[str, str, str]] = [
    ("name", "", "Skriv inn navnet ditt."),
    ("name", "K" * 60 + " " + "N" * 60, "Navnet kan ha høyst 120 tegn."),
    ("name", "Kari\x07 Nordmann", "Navnet kan ikke inneholde linjeskift eller kontrolltegn."),
    ("name", "Kari\u202e Nordmann", "Navnet kan ikke inneholde linjeskift eller kontrolltegn."),
    ("name", "<script>alert(1)</script> X",
     "Navnet kan bare inneholde bokstaver, mellomrom, bindestrek og apostrof."),
    ("name", "Kari", "Skriv inn både fornavn og etternavn."),
    ("mobile", "", "Skriv inn mobilnummeret ditt."),
    ("mobile", "9" * 40, "Skriv inn et gyldig mobilnummer, for eksempel 912 34 567."),
    ("mobile", "912\n34567", "Skriv inn et gyldig mobilnummer, for eksempel 912 34 567."),
    ("mobile", "123", "Skriv inn et gyldig mobilnummer, for eksempel 912 34 567."),
    ("mobile", "22 22 22 22", "Nummeret ser ikke ut som et mobilnummer."),
    ("kommune", "", "Velg kommunen du jobber i."),
    ("kommune", "9999", "Velg en kommune fra listen (ukjent kommunenummer)."),
    ("kommune", "'; DROP TABLE registration; --",
     "Velg en kommune fra listen (ukjent kommunenummer)."),
    ("workplace", "", "Skriv inn arbeidsstedet ditt."),
    ("workplace", "x" * 151, "Arbeidssted kan ha høyst 150 tegn."),
    ("workplace", "Sykehjem\x07", "Arbeidssted kan ikke inneholde linjeskift eller kontrolltegn."),
    ("workplace", "<img src=x onerror=alert(1)>", "Arbeidssted kan ikke inneholde tegnene < og >."),
    ("role", "", "Velg stillingen din."),
    ("role", "sjef", "Velg en stilling fra listen."),
]


def test_bad_input_on_own_details_answers_next_to_the_field_and_keeps_what_was_typed(
        app, client):
    with app.app_context():
        event = make_event(participation="physical")
        token = _register(event.id)
    for field, bad, message in BAD_VALUES:
        data = {**GOOD, field: bad}
        response = client.post(f"/pamelding/{token}/endre", data=data)
        assert response.status_code == 422, (field, bad)
        page = response.get_data(as_text=True)
        assert _errors(page) == {field: message}, (field, bad)
        assert f'id="{field}" ' in page and 'aria-invalid="true"' in page
        if field in {"name", "mobile", "workplace"} and "\x07" not in bad:
            assert _value(page, field) == bad.strip()  # what was typed stays
        assert _value(page, "name" if field != "name" else "workplace") == \
            GOOD["name" if field != "name" else "workplace"]
        assert "<script>alert" not in page and "<img src=x" not in page
    # Fields missing altogether, and a body that is no form at all: never a 500
    assert client.post(f"/pamelding/{token}/endre", data={}).status_code == 422
    assert client.post(f"/pamelding/{token}/endre", data=b"\xff\xfe",
                       content_type="application/octet-stream").status_code == 422
    assert client.post(f"/pamelding/{'x' * 300}/endre", data=GOOD).status_code == 404
    with app.app_context():
        registration = db.session.scalar(select(Registration))
        assert (registration.name, registration.mobile) == ("Kari Nordmann", "+4791234567")
        assert _self_edits(registration.id) == []


def test_diet_is_kept_only_with_consent_and_deleted_when_withdrawn(app, client):
    with app.app_context():
        event = make_event(participation="physical", serves_food=True)
        token = _register(event.id)
        plain = make_event(title="Webinar uten mat", participation="digital")
        no_food = _register(plain.id)
    url = f"/pamelding/{token}/endre"

    # New diet text without the consent tick: asked for, as on the registration form
    response = client.post(url, data={**GOOD, "diet": "Nøtteallergi"})
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert _errors(page) == {"diet_consent": "Kryss av for samtykke hvis du vil oppgi "
                                             "kostbehov, eller la feltet stå tomt."}
    assert _value(page, "diet") == "Nøtteallergi"
    too_long = client.post(url, data={**GOOD, "diet": "x" * 501, "diet_consent": "y"})
    assert _errors(too_long.get_data(as_text=True)) == {
        "diet": "Kostbehov kan ha høyst 500 tegn."}
    control = client.post(url, data={**GOOD, "diet": "Nøtter\x07", "diet_consent": "y"})
    assert _errors(control.get_data(as_text=True)) == {
        "diet": "Kostbehov kan ikke inneholde kontrolltegn."}

    def stored() -> tuple[str | None, bool]:
        with app.app_context():
            registration = db.session.scalar(select(Registration).where(
                Registration.token == token))
            return registration.diet, registration.diet_consent_at is not None

    assert client.post(url, data={**GOOD, "diet": "Nøtteallergi", "diet_consent": "y"}
                       ).status_code == 303
    assert stored() == ("Nøtteallergi", True)
    form = client.get(url).get_data(as_text=True)
    assert _value(form, "diet") == "Nøtteallergi"
    assert re.search(r'<input checked[^>]*id="diet_consent"', form)
    assert "Nøtteallergi" in client.get(f"/pamelding/{token}").get_data(as_text=True)

    client.post(url, data={**GOOD, "diet": "Glutenfri", "diet_consent": "y"})
    assert stored() == ("Glutenfri", True)
    # Unticking the consent deletes it (the text left in the field is not kept)
    client.post(url, data={**GOOD, "diet": "Glutenfri"})
    assert stored() == (None, False)
    client.post(url, data={**GOOD, "diet": "Laktosefri", "diet_consent": "y"})
    # Emptying the field deletes it too, ticked or not
    client.post(url, data={**GOOD, "diet": "  ", "diet_consent": "y"})
    assert stored() == (None, False)
    assert "Laktosefri" not in client.get(f"/pamelding/{token}").get_data(as_text=True)

    with app.app_context():
        entries = _self_edits(db.session.scalar(select(Registration.id).where(
            Registration.token == token)))
        diet_trail = [(e.before.get("diet"), e.after.get("diet")) for e in entries]
        assert diet_trail == [("none", "given"), ("given", "changed"), ("given", "none"),
                              ("none", "given"), ("given", "none")]
        logged = repr([(e.before, e.after) for e in entries])
        for value in ("Nøtteallergi", "Glutenfri", "Laktosefri"):
            assert value not in logged  # health data never in the audit log

    # Where no food is served there is no diet field, and a posted one is ignored
    assert 'name="diet"' not in client.get(f"/pamelding/{no_food}/endre").get_data(
        as_text=True)
    client.post(f"/pamelding/{no_food}/endre",
                data={**GOOD, "diet": "Nøtteallergi", "diet_consent": "y"})
    with app.app_context():
        registration = db.session.scalar(select(Registration).where(
            Registration.token == no_food))
        assert registration.diet is None and registration.workplace == GOOD["workplace"]


def test_after_the_deadline_the_page_says_why_nothing_can_be_changed(app, client, clock):
    with app.app_context():
        deadline = utcnow() + timedelta(days=10)
        event = make_event(participation="physical", cancellation_deadline=deadline)
        token = _register(event.id)
        other = make_event(title="Uten frist", participation="physical",
                           starts_in=timedelta(days=20))
        no_deadline = _register(other.id, 1)
        cancelled = _register(other.id, 2)
        operations.cancel(cancelled)

    clock.advance(days=10, seconds=-1)
    assert client.post(f"/pamelding/{token}/endre", data=GOOD).status_code == 303

    clock.advance(seconds=2)
    page = client.get(f"/pamelding/{token}").get_data(as_text=True)
    assert "Endre opplysningene" not in page
    assert "Fristen for å endre opplysningene gikk ut" in page
    form = client.get(f"/pamelding/{token}/endre")
    assert form.status_code == 200
    assert "Fristen for å endre opplysningene gikk ut" in form.get_data(as_text=True)
    assert 'name="name"' not in form.get_data(as_text=True)
    late = client.post(f"/pamelding/{token}/endre", data={**GOOD, "mobile": "987 65 432"})
    assert late.status_code == 409
    assert "Fristen for å endre opplysningene gikk ut" in late.get_data(as_text=True)

    # Without a cancellation deadline: until the event starts
    assert client.get(f"/pamelding/{no_deadline}/endre").status_code == 200
    assert 'name="name"' in client.get(f"/pamelding/{no_deadline}/endre").get_data(as_text=True)
    clock.advance(days=11)
    assert client.post(f"/pamelding/{no_deadline}/endre", data=GOOD).status_code == 409

    # A cancelled registration cannot be edited
    text = client.get(f"/pamelding/{cancelled}/endre").get_data(as_text=True)
    assert "Påmeldingen er avmeldt" in text and 'name="name"' not in text

    with app.app_context():
        registration = db.session.scalar(select(Registration).where(Registration.token == token))
        assert registration.mobile == "+4741234567"  # the edit in time, not the late one
        with pytest.raises(operations.RegistrationRefused) as refused:
            details.edit_own(token, details.OwnDetails(
                name="Ny Person", mobile="+4798765432", kommunenummer="5501",
                workplace="X", role="lege"))
        assert refused.value.code == "edit_closed"


def test_privacy_notice_and_personal_page_promise_what_is_true(app, client):
    text = client.get("/personvern").get_data(as_text=True)
    assert "rette navn, mobil, kommune, arbeidssted, stilling og kostbehov" in text
    assert "Finn påmeldingen min" in text


# --- «Finn påmeldingen min» ----------------------------------------------------------------

def test_catalogue_event_page_and_duplicate_refusal_lead_to_the_lookup(app, client):
    with app.app_context():
        event = make_event(participation="physical")
    for url in ("/", f"/arrangement/{event.id}"):
        assert 'href="/finn-pamelding"' in client.get(url).get_data(as_text=True)
    data = {"name": "Kari Nordmann", "email": "kari@tromso.kommune.no", "mobile": "912 34 567",
            "kommune": "5501", "workplace": "Sykehjemmet", "role": "sykepleier",
            "privacy": "y"}
    assert client.post(f"/arrangement/{event.id}", data=data).status_code == 303
    again = client.post(f"/arrangement/{event.id}", data=data)
    assert again.status_code == 409
    page = again.get_data(as_text=True)
    assert "Du er allerede påmeldt" in page
    assert 'action="/finn-pamelding"' in page and "Send meg lenken på nytt" in page
    assert 'name="email" value="kari@tromso.kommune.no"' in page
    sent = client.post("/finn-pamelding", data={"email": "kari@tromso.kommune.no"})
    assert sent.status_code == 303 and sent.headers["Location"].endswith("/finn-pamelding/sendt")
    with app.app_context():
        assert db.session.scalar(select(OutboxMessage.to_address).where(
            OutboxMessage.kind == MessageKind.LOOKUP)) == "kari@tromso.kommune.no"


def test_lookup_form_refuses_bad_addresses_next_to_the_field(app, client):
    assert client.get("/finn-pamelding").status_code == 200
    for bad, message in [("", "Skriv inn e-postadressen din."),
                         ("kari@", "Skriv inn en gyldig e-postadresse, for eksempel "
                                   "navn@kommune.no."),
                         ("a" * 300 + "@x.no", "Skriv inn en gyldig e-postadresse, for "
                                               "eksempel navn@kommune.no."),
                         ("kari@x.no\r\nBcc: alle@x.no", "Skriv inn en gyldig e-postadresse, "
                                                         "for eksempel navn@kommune.no."),
                         ("<script>@x.no", "Skriv inn en gyldig e-postadresse, for eksempel "
                                           "navn@kommune.no.")]:
        response = client.post("/finn-pamelding", data={"email": bad},
                               environ_base={"REMOTE_ADDR": f"10.0.0.{len(bad) % 250}"})
        assert response.status_code == 422, bad
        page = response.get_data(as_text=True)
        assert _errors(page) == {"email": message}
        assert "<script>@" not in page
    with app.app_context():
        assert db.session.scalar(select(OutboxMessage.id)) is None


def _lookup_app(database_url, tmp_path, port):  # noqa: ANN202
    app = mail_app(database_url, tmp_path, port)
    app.config["CLOCK"] = Clock()
    return app


def test_lookup_sends_one_email_with_every_upcoming_link_and_says_the_same_for_unknown(
        database_url, tmp_path, smtp):  # noqa: F811
    inbox, port = smtp
    app = _lookup_app(database_url, tmp_path, port)
    me = "Kari.Lookup@Tromso.Kommune.no"
    with app.app_context():
        conference = make_event(title="Vinterlys-konferansen", participation="physical",
                                starts_in=timedelta(days=40))
        webinar = make_event(title="En bedre hverdag", participation="digital",
                             capacities={"digital": 1}, starts_in=timedelta(days=5))
        left = make_event(title="Meldte meg av", participation="physical")
        called_off = make_event(title="Ble avlyst", participation="physical")
        past = make_event(title="Var i fjor", participation="physical",
                          starts_in=timedelta(days=-30))
        other = make_event(title="Noen andres", participation="physical")
        confirmed = _register(conference.id, email=me)
        _register(webinar.id, 5)  # takes the only digital seat
        waiting = _register(webinar.id, email=me.lower())
        cancelled = _register(left.id, email=me)
        operations.cancel(cancelled)
        gone = _register(called_off.id, email=me)
        db.session.get(Event, called_off.id).status = EventStatus.CANCELLED
        db.session.commit()
        old = operations.register(past.id, person(0, email=me), actor=object()).token
        someone_else = _register(other.id, 9)
        before = set(db.session.scalars(select(OutboxMessage.id)))

    client = app.test_client()
    known = client.post("/finn-pamelding", data={"email": "  kari.lookup@tromso.kommune.NO "},
                        follow_redirects=True)
    unknown = client.post("/finn-pamelding", data={"email": "ingen@tromso.kommune.no"},
                          follow_redirects=True)
    assert known.status_code == unknown.status_code == 200
    assert known.get_data() == unknown.get_data()  # nothing tells the two apart
    assert "Sjekk e-posten din" in known.get_data(as_text=True)

    with app.app_context():
        new = db.session.scalars(select(OutboxMessage).where(
            OutboxMessage.id.not_in(before))).all()
        assert [(m.kind, m.to_address.lower()) for m in new] == [
            (MessageKind.LOOKUP, me.lower())]
        delivery.deliver_due(limit=100)
    messages = [m for m in inbox.wait_for(8) if m["Subject"] == "Lenkene til påmeldingene dine"]
    [message] = messages
    assert me.lower() in message["To"].lower() and "Kari Nordmann" in message["To"]
    found = parts(message)
    text = found["text/plain"][0].get_content()
    body = found["text/html"][0].get_content()
    for part in (text, body):
        assert f"https://pamelding.example.no/pamelding/{confirmed}" in part
        assert f"https://pamelding.example.no/pamelding/{waiting}" in part
        for token in (cancelled, gone, old, someone_else):
            assert token not in part
        for title in ("Meldte meg av", "Ble avlyst", "Var i fjor", "Noen andres"):
            assert title not in part
    # soonest first, with the status of each
    assert text.index("En bedre hverdag") < text.index("Vinterlys-konferansen")
    assert "på venteliste" in text and "påmeldt (fysisk oppmøte)" in text
    assert "text/calendar" not in found and "image/png" not in found

    # Asking again within ten minutes sends nothing more; the screen says the same
    again = client.post("/finn-pamelding", data={"email": me}, follow_redirects=True)
    assert again.get_data() == known.get_data()
    with app.app_context():
        assert lookup.send_links(me) is False
        app.config["CLOCK"].advance(minutes=11)
        assert lookup.send_links(me) is True
        assert len(db.session.scalars(select(OutboxMessage).where(
            OutboxMessage.kind == MessageKind.LOOKUP)).all()) == 2


def test_a_registration_cancelled_before_sending_is_left_out(database_url, tmp_path,
                                                             smtp):  # noqa: F811
    inbox, port = smtp
    app = _lookup_app(database_url, tmp_path, port)
    with app.app_context():
        first = make_event(title="Første", participation="physical")
        second = make_event(title="Andre", participation="physical")
        keep = _register(first.id)
        drop = _register(second.id)
        assert lookup.send_links("kari.0@tromso.kommune.no") is True
        operations.cancel(drop)
        delivery.deliver_due(limit=100)
    [message] = [m for m in inbox.wait_for(4) if m["Subject"].startswith("Lenkene")]
    text = parts(message)["text/plain"][0].get_content()
    assert keep in text and drop not in text


def test_lookup_is_rate_limited_per_client_and_per_address(app, client):
    def ask(email: str, ip: str) -> Any:
        return client.post("/finn-pamelding", data={"email": email},
                           environ_base={"REMOTE_ADDR": ip})

    # per address: the fourth within ten minutes, whoever asks
    statuses = [ask("Kari@Tromso.kommune.no", f"10.1.0.{i}").status_code for i in range(4)]
    assert statuses == [303, 303, 303, 429]
    limited = ask("kari@tromso.kommune.no", "10.1.0.99")
    assert limited.status_code == 429
    assert "For mange forsøk" in limited.get_data(as_text=True)
    assert int(limited.headers["Retry-After"]) > 0
    # the API counts with the web page for the same address
    api = client.post("/api/v1/registrations/lookup", json={"email": "KARI@tromso.kommune.no"},
                      environ_base={"REMOTE_ADDR": "10.1.0.100"})
    assert api.status_code == 429 and api.json["error"] == "too_many_requests"
    assert "Retry-After" in api.headers

    # per client: many addresses from one place
    statuses = [ask(f"person{i}@harstad.kommune.no", "10.2.0.1").status_code
                for i in range(11)]
    assert statuses[:10] == [303] * 10 and statuses[10] == 429


def test_api_lookup_always_answers_202_with_the_same_body(app, client):
    with app.app_context():
        event = make_event(participation="physical")
        _register(event.id)

    def post(**kwargs: Any) -> Any:
        post.n += 1  # type: ignore[attr-defined]
        return client.post("/api/v1/registrations/lookup",
                           environ_base={"REMOTE_ADDR": f"10.3.{post.n // 200}.{post.n % 200}"},
                           **kwargs)
    post.n = 0  # type: ignore[attr-defined]

    known = post(json={"email": "kari.0@tromso.kommune.no"})
    assert known.status_code == 202
    bodies = [known.get_data()]
    for body in [{"email": "ingen@tromso.kommune.no"}, {"email": "KARI.0@TROMSO.kommune.no"},
                 {"email": "kari@"}, {"email": ""}, {}, {"email": None}, {"email": 42},
                 {"email": ["kari.0@tromso.kommune.no"]}, {"email": "x" * 100_000},
                 {"email": "kari.0@tromso.kommune.no\r\nBcc: x@y.no"},
                 {"email": "<script>alert(1)</script>"}, {"other": "field"}]:
        response = post(json=body)
        assert response.status_code == 202, body
        bodies.append(response.get_data())
    assert len(set(bodies)) == 1
    assert known.json["status"] == "accepted"
    for raw, kind in [("not json", "text/plain"), ("{broken", "application/json"),
                      ("[1, 2]", "application/json"), ('"kari@x.no"', "application/json"),
                      ("", "application/json")]:
        response = post(data=raw, content_type=kind)
        assert response.status_code == 400, raw
        assert response.json["error"] == "invalid_json"
    with app.app_context():
        sent = db.session.scalars(select(OutboxMessage).where(
            OutboxMessage.kind == MessageKind.LOOKUP)).all()
        assert [m.to_address for m in sent] == ["kari.0@tromso.kommune.no"]  # once


def test_two_lookups_at_once_queue_one_email(database_url, tmp_path):
    """The once-per-ten-minutes rule holds in the database, also for simultaneous asks."""
    import threading

    from tests.conftest import empty_database, make_app

    app = make_app(database_url, tmp_path)
    empty_database(app)
    with app.app_context():
        event = make_event(participation="physical")
        _register(event.id)
    barrier = threading.Barrier(6)
    results: list[bool] = []
    errors: list[BaseException] = []

    def ask() -> None:
        with app.app_context():
            try:
                barrier.wait()
                results.append(lookup.send_links("kari.0@tromso.kommune.no"))
            except BaseException as error:  # noqa: BLE001
                errors.append(error)
            finally:
                db.session.remove()

    threads = [threading.Thread(target=ask) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == [] and sorted(results) == [False] * 5 + [True]
    with app.app_context():
        assert len(db.session.scalars(select(OutboxMessage).where(
            OutboxMessage.kind == MessageKind.LOOKUP)).all()) == 1
        db.engine.dispose()
