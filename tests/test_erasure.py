"""Erasure («Slett meg», an admin for an address), access (innsyn) and logs without tokens."""

from __future__ import annotations

import csv
import io
import json
import logging
import threading
from datetime import timedelta

import pytest
import requests
from openpyxl import load_workbook
from pypdf import PdfReader
from sqlalchemy import select

from registration.accounts import operations as auth
from registration.core.extensions import db
from registration.evaluations import builder, invitations
from registration.models import (
    AuditEntry,
    Event,
    OutboxMessage,
    Registration,
    User,
    utcnow,
)
from registration.privacy.redact import (
    GunicornLogger,
    RedactingFilter,
    redact,
    redact_atoms,
    safe_traceback,
)
from registration.registrations import operations
from tests.conftest import form_data, make_event, person
from tests.test_evaluations import answers, ended_event, tokens

PASSWORD = "riktig-passord-123"
HOSTILE = ["", " ", "x" * 5000, "<script>alert(1)</script>", "' OR 1=1 --", "\x00",
           "../../etc/passwd", "kari@", "=HYPERLINK(\"x\")", "æøå" * 100]


def html(response) -> str:
    return response.get_data(as_text=True)


@pytest.fixture
def full_event(app):
    """A physical event with one seat: Kari has it, Ola waits; admin, owner and a vert."""
    with app.app_context():
        for key, role in (("admin", "admin"), ("a", "arrangor"), ("vert", "vert")):
            auth.create_user(f"{key}@usht.no", role, PASSWORD, key.upper())
        ref = make_event(title="Vinterlys-konferansen", participation="physical",
                         capacities={"physical": 1}, serves_food=True)
        event = db.session.get(Event, ref.id)
        event.owner_id = db.session.scalar(select(User.id).where(User.email == "a@usht.no"))
        event.hosts.append(db.session.scalar(select(User).where(User.email == "vert@usht.no")))
        db.session.commit()
        kari = operations.register(ref.id, person(0, mode="physical", email="kari@tromso.no"))
        ola = operations.register(ref.id, person(1, mode="physical", email="ola@tromso.no"))
        assert kari.registration.status == "confirmed"
        assert ola.registration.status == "waitlisted"
        return {"event": ref.id, "kari": kari.token, "ola": ola.token,
                "kari_id": kari.registration.id, "ola_id": ola.registration.id}


def sign_in(client, who: str) -> None:
    response = client.post("/arrangor/logg-inn", data={"email": f"{who}@usht.no",
                                                        "password": PASSWORD})
    assert response.status_code == 303


def assert_kari_gone_from_organiser_views(client, event_id: int) -> None:
    """Lists, exports and both searches: no trace of Kari; Ola is there."""
    sign_in(client, "a")
    base = f"/arrangor/arrangement/{event_id}"
    listing = html(client.get(f"{base}?status=all"))
    assert "ola@tromso.no" in listing and "kari@tromso.no" not in listing
    assert "anonymisert" not in listing
    assert "kari@tromso.no" not in html(client.get(f"{base}?q=kari"))
    sheet = load_workbook(io.BytesIO(client.get(f"{base}/eksport.xlsx?status=all").data)).active
    cells = [str(c.value) for row in sheet.iter_rows() for c in row if c.value is not None]
    assert "ola@tromso.no" in cells and "kari@tromso.no" not in cells
    assert "Kari Nordmann" not in cells
    assert not any(c.startswith("anonymisert") for c in cells)
    rows = list(csv.reader(io.StringIO(
        client.get(f"{base}/eksport.csv?status=all").data.decode("utf-8-sig")), delimiter=";"))
    assert len(rows) == 2 and rows[1][1] == "ola@tromso.no"
    text = PdfReader(io.BytesIO(client.get(f"{base}/eksport.pdf").data)).pages[0].extract_text()
    assert "Kari Nordmann Bsen" in text  # Ola (person 1); Kari (person 0) is not there
    assert text.count("Kari Nordmann") == text.count("Kari Nordmann Bsen") == 1
    door = client.get(f"/arrangor/innsjekking/{event_id}/sok?q=nordmann").get_json()
    assert [r["name"] for r in door["results"]] == ["Kari Nordmann Bsen"]
    # the kommune search would find an anonymised row too: it does not
    tromso = client.get(f"/arrangor/innsjekking/{event_id}/sok?q=troms").get_json()
    assert [r["name"] for r in tromso["results"]] == ["Kari Nordmann Bsen"]
    client.post("/arrangor/logg-ut")


def test_slett_meg_on_the_web_confirms_then_erases_and_promotes_the_next(app, client,
                                                                         full_event):
    token = full_event["kari"]
    personal = html(client.get(f"/pamelding/{token}"))
    assert f'href="/pamelding/{token}/slett"' in personal and "Slett meg" in personal
    confirm = client.get(f"/pamelding/{token}/slett")
    assert confirm.status_code == 200
    page = html(confirm)
    assert "Vil du slette opplysningene dine?" in page and "Ja, slett meg" in page
    assert "Plassen din går til den første på ventelisten" in page
    with app.app_context():  # the confirmation page changed nothing
        assert db.session.get(Registration, full_event["kari_id"]).status == "confirmed"

    done = client.post(f"/pamelding/{token}/slett")
    assert done.status_code == 303 and done.headers["Location"].endswith("/personvern/slettet")
    assert "Opplysningene dine er slettet" in html(client.get(done.headers["Location"]))

    with app.app_context():
        kari = db.session.get(Registration, full_event["kari_id"])
        assert kari.status == "cancelled" and kari.anonymised_at is not None
        assert (kari.name, kari.mobile, kari.workplace) == ("", "", "")
        assert "kari" not in kari.email and kari.kommunenummer == "5501"
        ola = db.session.get(Registration, full_event["ola_id"])
        assert ola.status == "confirmed"  # the seat passed on
        kinds = {(m.kind, m.to_address) for m in db.session.scalars(select(OutboxMessage))}
        assert ("promoted", "ola@tromso.no") in kinds
        assert not any(address == "kari@tromso.no" for _, address in kinds)
        actions = [e.action for e in db.session.scalars(select(AuditEntry).where(
            AuditEntry.registration_id == full_event["kari_id"]))]
        assert {"registration.cancelled", "privacy.anonymised", "privacy.erased"} <= set(actions)
        assert "registration.promoted" in {e.action for e in db.session.scalars(
            select(AuditEntry).where(AuditEntry.registration_id == full_event["ola_id"]))}

    # the link is dead, and a second erasure is harmless
    assert client.get(f"/pamelding/{token}").status_code == 404
    assert client.get(f"/pamelding/{token}/slett").status_code == 404
    assert client.post(f"/pamelding/{token}/slett").status_code == 404
    assert client.post(f"/api/v1/registrations/{token}/erase").status_code == 404
    assert_kari_gone_from_organiser_views(client, full_event["event"])


def test_erase_through_the_api(app, client, full_event):
    token = full_event["kari"]
    assert client.get(f"/api/v1/registrations/{token}").status_code == 200
    response = client.post(f"/api/v1/registrations/{token}/erase")
    assert response.status_code == 200 and response.get_json()["erased"] is True
    gone = client.get(f"/api/v1/registrations/{token}")
    assert gone.status_code == 404 and gone.get_json()["error"] == "not_found"
    assert client.get(f"/api/v1/registrations/{token}/invite.ics").status_code == 404
    assert client.get(f"/api/v1/registrations/{token}/qr.png").status_code == 404
    assert client.post(f"/api/v1/registrations/{token}/erase").status_code == 404  # twice
    ola = client.get(f"/api/v1/registrations/{full_event['ola']}").get_json()
    assert ola["status"] == "confirmed" and ola["waitlist_position"] is None
    assert_kari_gone_from_organiser_views(client, full_event["event"])


def test_erasing_a_waiting_or_cancelled_registration_and_after_the_deadline(app, client,
                                                                           full_event):
    with app.app_context():
        event = db.session.get(Event, full_event["event"])
        event.cancellation_deadline = utcnow() - timedelta(days=1)  # «Meld av» is closed
        db.session.commit()
    # the one waiting erases: Kari keeps her seat
    assert client.post(f"/api/v1/registrations/{full_event['ola']}/erase").status_code == 200
    with app.app_context():
        assert db.session.get(Registration, full_event["ola_id"]).anonymised_at is not None
        assert db.session.get(Registration, full_event["kari_id"]).status == "confirmed"
    # past the cancellation deadline, erasure still works (a right, not a courtesy)
    assert client.post(f"/pamelding/{full_event['kari']}/slett").status_code == 303
    with app.app_context():
        kari = db.session.get(Registration, full_event["kari_id"])
        assert kari.status == "cancelled" and kari.anonymised_at is not None


def test_bad_tokens_and_hostile_input_never_500(app, client, full_event):
    for bad in ["x", "x" * 65, "x" * 500, "%00", "..%2F..%2Fetc", "<script>", "' OR 1=1",
                "ÆØÅ", full_event["kari"][:-1]]:
        for method, url in (("GET", f"/pamelding/{bad}/slett"),
                            ("POST", f"/pamelding/{bad}/slett"),
                            ("POST", f"/api/v1/registrations/{bad}/erase")):
            response = client.open(url, method=method)
            assert response.status_code == 404, (method, url, response.status_code)
    # a body, a query, a wrong method: still sensible
    assert client.post(f"/api/v1/registrations/{full_event['kari']}/erase", data="{]",
                       content_type="application/json").status_code == 200
    assert client.get(f"/api/v1/registrations/{full_event['ola']}/erase").status_code == 405


def test_slett_meg_needs_the_form_token(database_url, tmp_path):
    from tests.conftest import empty_database, make_app

    app = make_app(database_url, tmp_path, WTF_CSRF_ENABLED=True)
    empty_database(app)
    client = app.test_client()
    with app.app_context():
        ref = make_event(participation="physical", capacities={"physical": 5})
        token = operations.register(ref.id, person(0, mode="physical")).token
    refused = client.post(f"/pamelding/{token}/slett")
    assert refused.status_code == 400 and "Ja, slett meg" in html(refused)
    assert client.get(f"/pamelding/{token}").status_code == 200  # nothing happened
    page = html(client.get(f"/pamelding/{token}/slett"))
    csrf = page.split('name="csrf_token" type="hidden" value="')[1].split('"')[0]
    assert client.post(f"/pamelding/{token}/slett", data={"csrf_token": csrf}).status_code == 303
    assert client.get(f"/pamelding/{token}").status_code == 404
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


# --- the admin: erase everything for an address ---------------------------------------------

def test_admin_erases_every_registration_of_an_address_with_a_reason(app, client, full_event):
    with app.app_context():
        other = make_event(title="Legemiddelkonferansen", participation="digital")
        second = operations.register(other.id, person(0, mode="digital", email="KARI@tromso.no"))
        second_id = second.registration.id
    url = "/arrangor/personvern/slett"
    data = {"erase-email": "kari@tromso.no", "erase-reason": "Krav om sletting, e-post 3. mars",
            "erase-confirm": "y"}
    # only admins
    assert client.get("/arrangor/personvern/").status_code == 302
    assert client.post(url, data=data).status_code == 302
    for who in ("a", "vert"):
        sign_in(client, who)
        assert client.get("/arrangor/personvern/").status_code == 403
        assert client.post(url, data=data).status_code == 403
        assert client.post("/arrangor/personvern/innsyn",
                           data={"access-email": "kari@tromso.no",
                                 "access-fmt": "json"}).status_code == 403
        client.post("/arrangor/logg-ut")
    with app.app_context():
        assert db.session.get(Registration, full_event["kari_id"]).anonymised_at is None

    sign_in(client, "admin")
    page = html(client.get("/arrangor/personvern/"))
    assert "Slett alle opplysninger om en e-postadresse" in page and "Innsyn" in page
    # the reason is required, with the message next to the field, and nothing is lost
    missing = client.post(url, data={**data, "erase-reason": "   "})
    assert missing.status_code == 422
    text = html(missing)
    assert 'id="erase-reason-error">Skriv hvorfor opplysningene slettes' in text
    assert 'value="kari@tromso.no"' in text
    unconfirmed = html(client.post(url, data={**data, "erase-confirm": ""}))
    assert 'id="erase-confirm-error">Kryss av for at du har kontrollert adressen.' in unconfirmed
    assert "Krav om sletting, e-post 3. mars" in unconfirmed
    for bad in HOSTILE:
        response = client.post(url, data={**data, "erase-email": bad})
        assert response.status_code == 422, bad
        assert 'id="erase-email-error">' in html(response)
    for bad in ("", "   ", "x" * 501, "grunn\x00"):
        response = client.post(url, data={**data, "erase-reason": bad})
        assert response.status_code == 422, bad
        assert 'id="erase-reason-error">' in html(response)
    with app.app_context():
        assert db.session.get(Registration, full_event["kari_id"]).anonymised_at is None
    hostile_reason = "<script>alert(1)</script> ' OR 1=1 --"
    done = client.post(url, data={**data, "erase-reason": hostile_reason},
                       follow_redirects=True)
    assert "2 påmeldinger er slettet og anonymisert." in html(done)
    assert "<script>alert(1)" not in html(done) and "&lt;script&gt;" in html(done)
    with app.app_context():
        for rid in (full_event["kari_id"], second_id):
            registration = db.session.get(Registration, rid)
            assert registration.anonymised_at is not None and registration.name == ""
        assert db.session.get(Registration, full_event["ola_id"]).status == "confirmed"
        entry = db.session.scalars(select(AuditEntry).where(
            AuditEntry.action == "privacy.erased", AuditEntry.event_id.is_(None))).first()
        assert entry is not None and entry.user.email == "admin@usht.no"
        assert entry.after["registrations"] == 2 and entry.after["reason"]
        assert "kari@tromso.no" not in json.dumps(entry.after)
    page = html(client.get("/arrangor/personvern/"))
    assert "Personopplysninger slettet etter ønske" in page
    # again: nothing left, said plainly, and harmless
    again = client.post(url, data=data, follow_redirects=True)
    assert "Fant ingen påmeldinger med denne adressen" in html(again)


def test_admin_reason_is_kept_in_the_audit_row(app, client, full_event):
    sign_in(client, "admin")
    reason = "Krav om sletting fra den registrerte, brev 3. mars"
    response = client.post("/arrangor/personvern/slett", data={
        "erase-email": " Kari@Tromso.no ", "erase-reason": reason, "erase-confirm": "y"})
    assert response.status_code == 303
    with app.app_context():
        rows = list(db.session.scalars(select(AuditEntry).where(
            AuditEntry.action.in_(["privacy.erased", "privacy.anonymised"]))))
        assert {r.after["reason"] for r in rows} == {reason}
        assert db.session.get(Registration, full_event["kari_id"]).anonymised_at is not None


# --- access (innsyn) -----------------------------------------------------------------------

def test_innsyn_as_excel_and_json_has_the_person_and_nobody_else(app, client):
    with app.app_context():
        auth.create_user("admin@usht.no", "admin", PASSWORD, "Admin")
        ended = ended_event(people=3, at_door=(0,), online=(1,))
        kari_email, other_email = ended.emails[0], ended.emails[1]
        invitations.queue_due_invitations(utcnow())
        links = tokens(ended.event_id)
        named = ended_event(title="Trygghetsstandard – webinar", people=2, at_door=(),
                            online=(0, 1))
        form = builder.form_of(named.event_id)
        form.anonymous = False
        db.session.commit()
        invitations.queue_due_invitations(utcnow())
        named_links = tokens(named.event_id)
        # Kari also registered for the named event with the same address
        registration = db.session.get(Registration, named.registration_ids[0])
        registration.email = registration.email_normalized = kari_email
        registration.diet = "Nøtteallergi"
        db.session.commit()
        anonymous = answers(ended.event_id, most_useful="Anonym kommentar fra Kari")
        kari_named = answers(named.event_id, most_useful="Navngitt kommentar fra Kari")
        other_named = answers(named.event_id, most_useful="Den andres kommentar")
    # Kari answers the anonymous form, and the named one; the other person answers too
    assert client.post(f"/evaluering/{links[ended.registration_ids[0]]}",
                       data=anonymous).status_code == 303
    assert client.post(f"/evaluering/{named_links[named.registration_ids[0]]}",
                       data=kari_named).status_code == 303
    assert client.post(f"/evaluering/{named_links[named.registration_ids[1]]}",
                       data=other_named).status_code == 303

    sign_in(client, "admin")
    xlsx = client.post("/arrangor/personvern/innsyn", data={"access-email": kari_email.upper(),
                                                             "access-fmt": "xlsx"})
    assert xlsx.status_code == 200 and "attachment" in xlsx.headers["Content-Disposition"]
    assert xlsx.headers["Cache-Control"] == "no-store"
    book = load_workbook(io.BytesIO(xlsx.data))
    assert book.sheetnames[:3] == ["Om utskriften", "Påmeldinger", "Oppmøte"]

    def cells(name: str) -> list[str]:
        return [str(c.value) for row in book[name].iter_rows() for c in row
                if c.value is not None]

    about = " ".join(cells("Om utskriften"))
    assert "Anonyme evalueringssvar" in about and "ikke med" in about
    registrations = cells("Påmeldinger")
    assert registrations.count(kari_email) == 2 and "Nøtteallergi" in registrations
    assert other_email not in registrations and ended.names[1] not in registrations
    assert "Den lille forskjellen – våren 2026" in registrations
    checkins = book["Oppmøte"]  # at the door of one, joined the other online
    assert checkins.max_row == 3
    assert sorted(checkins.cell(i, 5).value for i in (2, 3)) == ["digital", "scan"]
    evaluations = cells("Evalueringer")
    assert "Navngitt kommentar fra Kari" in evaluations
    assert "Anonym kommentar fra Kari" not in evaluations
    assert "Den andres kommentar" not in evaluations
    mail = cells("E-post")
    assert kari_email in mail and other_email not in mail
    assert "Påmeldt: Den lille forskjellen – våren 2026" in mail
    log = cells("Logg")
    assert "Meldte seg på" in log

    as_json = client.post("/arrangor/personvern/innsyn", data={"access-email": kari_email,
                                                                "access-fmt": "json"})
    assert as_json.status_code == 200 and as_json.mimetype == "application/json"
    document = json.loads(as_json.data)
    assert "Anonyme evalueringssvar" in document["merknad"]
    assert len(document["Påmeldinger"]) == 2
    assert {r["E-post"] for r in document["Påmeldinger"]} == {kari_email}
    assert len(document["Oppmøte"]) == 2
    assert kari_email in {m["Til"] for m in document["E-post"]}
    dumped = json.dumps(document, ensure_ascii=False)
    assert "Anonym kommentar fra Kari" not in dumped and other_email not in dumped
    assert "Den andres kommentar" not in dumped and "Navngitt kommentar fra Kari" in dumped

    with app.app_context():
        rows = list(db.session.scalars(select(AuditEntry).where(
            AuditEntry.action == "export.personal_data")))
        assert [r.after["format"] for r in rows] == ["xlsx", "json"]
        assert all(r.user.email == "admin@usht.no" and r.after["registrations"] == 2
                   for r in rows)
        assert kari_email not in json.dumps([r.after for r in rows])


def test_innsyn_bad_input_and_unknown_address(app, client, full_event):
    sign_in(client, "admin")
    for bad in HOSTILE:
        response = client.post("/arrangor/personvern/innsyn", data={"access-email": bad,
                                                                     "access-fmt": "xlsx"})
        assert response.status_code == 422, bad
        assert 'id="access-email-error">' in html(response)
    wrong = client.post("/arrangor/personvern/innsyn", data={"access-email": "kari@tromso.no",
                                                              "access-fmt": "docx"})
    assert wrong.status_code == 422 and "Velg Excel eller JSON." in html(wrong)
    assert 'value="kari@tromso.no"' in html(wrong)
    nobody = client.post("/arrangor/personvern/innsyn", data={"access-email": "ingen@tromso.no",
                                                               "access-fmt": "json"})
    assert nobody.status_code == 200 and json.loads(nobody.data)["Påmeldinger"] == []


# --- logs without tokens -------------------------------------------------------------------

REAL_PATHS = {
    "/pamelding/{t}": "/pamelding/<token>",
    "/pamelding/{t}/avmeld": "/pamelding/<token>/avmeld",
    "/pamelding/{t}/kalender.ics": "/pamelding/<token>/kalender.ics",
    "/pamelding/{t}/slett": "/pamelding/<token>/slett",
    "/delta/{t}/12": "/delta/<token>/12",
    "/evaluering/{t}": "/evaluering/<token>",
    "/evaluering/{t}?x=1": "/evaluering/<token>?x=1",
    "/api/v1/registrations/{t}": "/api/v1/registrations/<token>",
    "/api/v1/registrations/{t}/qr.png": "/api/v1/registrations/<token>/qr.png",
    "/api/v1/registrations/{t}/erase": "/api/v1/registrations/<token>/erase",
    "/api/v1/registrations/lookup": "/api/v1/registrations/lookup",
    "/sprak/en?next=/pamelding/{t}": "/sprak/en?next=<redacted>",
    "/arrangor/innsjekking/3/sok?q=Kari+Nordmann": "/arrangor/innsjekking/3/sok?q=<redacted>",
    "/arrangor/arrangement/3?status=all&q=kari%40x.no&page=2":
        "/arrangor/arrangement/3?status=all&q=<redacted>&page=2",
    "/arrangement/7": "/arrangement/7",
}


def test_redact_replaces_tokens_in_real_paths():
    token = "Xy3_-abcDEF0123456789ghijKLMNopq"
    for raw, expected in REAL_PATHS.items():
        assert redact(raw.format(t=token)) == expected
        line = f'127.0.0.1 - - [x] "GET {raw.format(t=token)} HTTP/1.1" 200 -'
        assert token not in redact(line)
    # Werkzeug colours the request line: the escape codes do not hide a token
    assert token not in redact(f"\x1b[33mGET /pamelding/{token} HTTP/1.1\x1b[0m")


def test_gunicorn_access_log_has_no_token():
    token = "Xy3_-abcDEF0123456789ghijKLMNopq"
    environ = {"REQUEST_METHOD": "GET", "RAW_URI": f"/pamelding/{token}/billett?q=Kari",
               "PATH_INFO": f"/pamelding/{token}/billett", "QUERY_STRING": "q=Kari",
               "SERVER_PROTOCOL": "HTTP/1.1", "REMOTE_ADDR": "10.0.0.1",
               "HTTP_REFERER": f"https://p.example.no/pamelding/{token}",
               "HTTP_USER_AGENT": "Mozilla"}
    atoms = redact_atoms({"r": f"GET {environ['RAW_URI']} HTTP/1.1",
                          "U": environ["PATH_INFO"], "q": environ["QUERY_STRING"],
                          "f": environ["HTTP_REFERER"], "{referer}i": environ["HTTP_REFERER"]})
    assert token not in json.dumps(atoms) and "Kari" not in json.dumps(atoms)
    assert atoms["r"] == "GET /pamelding/<token>/billett?q=<redacted> HTTP/1.1"

    # gunicorn's own logger class, configured as deploy/gunicorn.conf.py does
    from gunicorn.config import Config

    config = Config()
    config.set("accesslog", "-")
    config.set("access_log_format", '%(h)s "%(r)s" %(s)s "%(f)s" %(U)s %(q)s')
    logger = GunicornLogger(config)
    records: list[str] = []

    class Keep(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            records.append(self.format(record))

    logger.access_log.addHandler(Keep())

    class Response:
        status = "200 OK"
        sent = 10
        headers: list[tuple[str, str]] = []

    logger.access(Response(), environ, environ, timedelta(milliseconds=5))
    assert records and token not in records[0] and "Kari" not in records[0]
    assert '"GET /pamelding/<token>/billett?q=<redacted> HTTP/1.1" 200' in records[0]


def test_the_gunicorn_config_file_uses_the_redacting_logger():
    from pathlib import Path

    from gunicorn.config import Config

    path = Path(__file__).resolve().parents[1] / "deploy" / "gunicorn.conf.py"
    settings: dict[str, object] = {}
    exec(compile(path.read_text(), str(path), "exec"), settings)  # noqa: S102
    config = Config()
    for key, value in settings.items():
        if key in config.settings:
            config.set(key, value)
    assert config.logger_class is GunicornLogger
    assert "%(r)s" in config.access_log_format and config.accesslog == "-"


def test_dev_server_log_has_no_token(app, caplog):
    """Werkzeug's development server, for real: the request line is logged without it."""
    from werkzeug.serving import make_server

    with app.app_context():
        ref = make_event(participation="physical", capacities={"physical": 5})
        token = operations.register(ref.id, person(0, mode="physical")).token
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        base = f"http://127.0.0.1:{server.server_port}"
        with caplog.at_level(logging.INFO, logger="werkzeug"):
            assert requests.get(f"{base}/pamelding/{token}", timeout=30).status_code == 200
            requests.get(f"{base}/api/v1/registrations/{token}", timeout=30)
            requests.get(f"{base}/sprak/en?next=/pamelding/{token}", timeout=30,
                         allow_redirects=False)
    finally:
        server.shutdown()
        thread.join(timeout=10)
    lines = [r.getMessage() for r in caplog.records if r.name == "werkzeug"]
    assert any("/pamelding/<token>" in line for line in lines), lines
    assert any("/api/v1/registrations/<token>" in line for line in lines), lines
    assert not any(token in line for line in lines), lines
    assert token not in caplog.text


def test_error_reports_hold_no_token_form_or_message(app, client, caplog):
    token = "Xy3_-abcDEF0123456789ghijKLMNopq"

    from flask import request

    @app.post("/pamelding/<token>/krasj")
    def crash(token: str):  # noqa: ANN202
        raise ValueError(f"kunne ikke lagre {token}: {dict(request.form)}")

    with caplog.at_level(logging.ERROR):
        response = client.post(f"/pamelding/{token}/krasj",
                               data=form_data(name="Kari Nordmann", email="kari@tromso.no"))
    assert response.status_code == 500
    records = [r for r in caplog.records if r.name == app.logger.name]
    assert records, caplog.text
    handler = logging.StreamHandler(io.StringIO())
    report = "\n".join(handler.format(r) for r in records)
    assert "/pamelding/<token>/krasj" in report and "ValueError" in report
    assert "Traceback" in report and "crash" in report  # the stack is kept
    for secret in (token, "Kari", "kari@tromso.no", "Kvaløysletta"):
        assert secret not in report and secret not in caplog.text, secret


def test_safe_traceback_keeps_the_chain_without_messages():
    import sys

    address, name = "kari@" + "tromso.no", "Kari " + "Nordmann"
    try:
        try:
            raise KeyError(address)
        except KeyError as inner:
            raise RuntimeError(name) from inner
    except RuntimeError:
        text = safe_traceback(sys.exc_info())
    assert "builtins.KeyError" in text and "builtins.RuntimeError" in text
    assert "direct cause" in text and "raise KeyError(address)" in text
    assert address not in text and name not in text
    assert RedactingFilter().filter(logging.LogRecord(
        "x", logging.INFO, __file__, 1, "GET %s", ("/delta/abc/1",), None))
