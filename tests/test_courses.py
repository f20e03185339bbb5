"""Course tracks: the prerequisite rule (page, API, organiser's override), completion from
attendance and by hand, the kursbevis (PDF, verification page, zip, withdrawal), the
instructor registry and its API, privacy of completions."""

from __future__ import annotations

import io
import re
import zipfile
from datetime import timedelta

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader
from sqlalchemy import func, select

from registration.accounts import operations as auth
from registration.core.extensions import db
from registration.courses import operations as courses
from registration.courses import prerequisites
from registration.courses.models import CourseCompletion, CourseLevel
from registration.models import (
    AuditEntry,
    CheckIn,
    CheckInMethod,
    Event,
    EventKind,
    OutboxMessage,
    Registration,
    SeatPool,
    User,
    utcnow,
)
from registration.privacy import anonymise, erasure, retention
from registration.registrations import operations
from tests.conftest import api_body, form_data, make_event, person
from tests.test_organiser import PASSWORD, sign_in


def level(number: int) -> CourseLevel:
    track = courses.ensure_klinobs()
    return next(lv for lv in track.levels if lv.number == number)


def put_on_track(event_id: int, number: int, *, requires: bool = True, owner: int | None = None,
                 signer: str = "Kari Hansen, fagansvarlig") -> None:
    ev = db.session.get(Event, event_id)
    ev.level_id = level(number).id
    ev.requires_previous = requires
    ev.certificate_signer = signer
    ev.kind = EventKind.KLINOBS_KURS
    if owner:
        ev.owner_id = owner
    db.session.commit()


def attend(registration_id: int, event_id: int, days: list[int]) -> None:
    ev = db.session.get(Event, event_id)
    for day in days:
        db.session.add(CheckIn(registration_id=registration_id, session_id=ev.sessions[day].id,
                               method=CheckInMethod.SCAN))
    db.session.commit()


@pytest.fixture
def klinobs(app, clock):
    """Accounts; Trinn 1 (two days, 3 participants) that has ended with attendance: #0 both
    days, #1 one day, #2 both days; an upcoming Trinn 1 round; Trinn 2 that requires
    Trinn 1 (owned by arrangør A)."""
    with app.app_context():
        ids = {key: auth.create_user(f"{key}@usht.no", role, PASSWORD, key.upper()).id
               for key, role in (("admin", "admin"), ("a", "arrangor"), ("b", "arrangor"),
                                 ("vert", "vert"))}
        t1 = make_event(title="KlinObs Trinn 1 høst", participation="physical", sessions=2,
                        starts_in=timedelta(days=2), capacities={"physical": 12})
        put_on_track(t1.id, 1, requires=False, owner=ids["a"])
        regs = [operations.register(t1.id, person(i)).registration.id for i in range(3)]
        attend(regs[0], t1.id, [0, 1])
        attend(regs[1], t1.id, [0])
        attend(regs[2], t1.id, [0, 1])
        next_t1 = make_event(title="KlinObs Trinn 1 vår", participation="physical",
                             sessions=2, starts_in=timedelta(days=120),
                             capacities={"physical": 12})
        put_on_track(next_t1.id, 1, requires=False, owner=ids["a"])
        t2 = make_event(title="KlinObs Trinn 2 K-HLR", participation="physical", sessions=2,
                        starts_in=timedelta(days=60), capacities={"physical": 2})
        put_on_track(t2.id, 2, owner=ids["a"])
        ids.update(t1=t1.id, next_t1=next_t1.id, t2=t2.id, regs=regs)
    clock.advance(days=12)  # Trinn 1 høst is over (its two days are 7 days apart)
    return ids


def confirmed_in(event_id: int) -> int:
    return db.session.scalar(select(SeatPool.confirmed_count).where(SeatPool.event_id == event_id))


def test_stranger_is_refused_for_trinn2_on_the_page_and_in_the_api(app, client, klinobs):
    typed = form_data(email="ny.person@bodo.kommune.no", name="Nora Ny", workplace="Bodø sykehjem",
                      kommune="1804")
    response = client.post(f"/arrangement/{klinobs['t2']}", data=typed)
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert 'id="email-error"' in page
    error = page.split('id="email-error">', 1)[1].split("</p>", 1)[0]
    assert "krever fullført KlinObs Trinn 1: Grunnleggende ferdigheter" in error
    assert "Neste kurs: KlinObs Trinn 1 vår" in error
    assert f'href="/arrangement/{klinobs["next_t1"]}"' in page  # a link to its next date
    for value in ("Nora Ny", "ny.person@bodo.kommune.no", "Bodø sykehjem"):
        assert f'value="{value}"' in page  # everything typed is kept
    assert re.search(r'<option selected value="1804"[ >]', page)  # the kommune kept too
    api = client.post(f"/api/v1/events/{klinobs['t2']}/registrations",
                      json=api_body(email="ny.person@bodo.kommune.no", mode=None))
    assert api.status_code == 422
    body = api.get_json()
    assert body["error"] == "prerequisite_missing"
    assert body["requires"] == {"track": "klinobs", "level": 1}
    assert "Trinn 1" in body["message"]
    with app.app_context():
        assert confirmed_in(klinobs["t2"]) == 0  # no seat taken
        assert db.session.scalar(select(func.count(Registration.id)).where(
            Registration.event_id == klinobs["t2"])) == 0


def test_a_person_who_completed_trinn1_is_confirmed_matched_case_insensitively(
        app, client, klinobs):
    with app.app_context():
        assert courses.complete_from_attendance(klinobs["t1"], utcnow()) == 2
    response = client.post(f"/arrangement/{klinobs['t2']}",
                           data=form_data(email="KARI.0@Tromso.Kommune.no"))
    assert response.status_code == 303
    assert "/pamelding/" in response.headers["Location"]
    # One day of two is not a completion: refused
    assert client.post(f"/arrangement/{klinobs['t2']}",
                       data=form_data(email="kari.1@tromso.kommune.no")).status_code == 422
    with app.app_context():
        assert confirmed_in(klinobs["t2"]) == 1


def test_the_organisers_override_lets_a_person_in_and_is_audited(app, client, klinobs):
    sign_in(client, "a")
    url = f"/arrangor/arrangement/{klinobs['t2']}/ny-deltaker"
    page = client.get(url).get_data(as_text=True)
    assert 'name="waive_prerequisite"' in page
    data = form_data(email="sertifisert@andeby.no", name="Sara Sertifisert")
    refused = client.post(url, data=data)
    assert refused.status_code == 422
    assert "krever fullført KlinObs Trinn 1" in refused.get_data(as_text=True)
    assert client.post(url, data={**data, "waive_prerequisite": "y"}).status_code == 303
    with app.app_context():
        registration = db.session.scalar(select(Registration).where(
            Registration.email_normalized == "sertifisert@andeby.no"))
        assert registration.status == "confirmed"
        entry = db.session.scalar(select(AuditEntry).where(
            AuditEntry.action == "course.prerequisite_waived"))
        assert entry.registration_id == registration.id
        assert entry.user_id == klinobs["a"]
        assert "Trinn 1" in entry.after["requires"]
    # The public form has no such checkbox, and a forged field does nothing
    forged = client.post(f"/arrangement/{klinobs['t2']}",
                         data={**form_data(email="lur@andeby.no"), "waive_prerequisite": "y"})
    assert forged.status_code == 422


def test_completion_from_attendance_both_days_yes_one_day_no(app, klinobs):
    with app.app_context():
        from registration.worker import one_round
        one_round()  # the worker's step records completion after the course
        done = {c.registration_id: c for c in db.session.scalars(select(CourseCompletion))}
        assert set(done) == {klinobs["regs"][0], klinobs["regs"][2]}
        assert done[klinobs["regs"][0]].method == "attendance"
        assert db.session.scalar(select(func.count(AuditEntry.id)).where(
            AuditEntry.action == "course.completed")) == 2
        # Running again records nothing twice
        assert courses.complete_from_attendance(klinobs["t1"], utcnow()) == 0
        # A course that has not ended records nothing
        assert courses.complete_from_attendance(klinobs["t2"], utcnow()) == 0
        kinds = db.session.scalars(select(OutboxMessage.kind)).all()
        assert kinds.count("course_completed") == 2


def test_mark_by_hand_with_reason_is_audited_and_bad_input_is_kept(app, client, klinobs):
    sign_in(client, "a")
    target = klinobs["regs"][1]
    url = f"/arrangor/arrangement/{klinobs['t1']}/kurs/deltaker/{target}/fullfort"
    empty = client.post(url, data={"reason": "   "})
    assert empty.status_code == 422
    page = empty.get_data(as_text=True)
    assert f'id="complete-{target}-error">Skriv en begrunnelse.' in page
    too_long = client.post(url, data={"reason": "x" * 501})
    assert too_long.status_code == 422
    assert f'value="{"x" * 501}"' in too_long.get_data(as_text=True)  # kept
    assert client.post(url, data={"reason": "Møtte dag 2, innsjekking glemt"}).status_code == 303
    again = client.post(url, data={"reason": "to ganger"})
    assert again.status_code == 422
    assert "allerede et kursbevis" in again.get_data(as_text=True)
    with app.app_context():
        completion = courses.completion_of(target)
        assert completion.method == "manual" and completion.by_user_id == klinobs["a"]
        entry = db.session.scalar(select(AuditEntry).where(
            AuditEntry.action == "course.completed_manual"))
        assert entry.after == {"reason": "Møtte dag 2, innsjekking glemt"}
        assert entry.user_id == klinobs["a"]
    # Another organiser's event: refused
    client.post("/arrangor/logg-ut")
    sign_in(client, "b")
    assert client.post(url, data={"reason": "x"}).status_code == 403


def test_certificate_pdf_verification_and_withdrawal(app, client, klinobs):
    with app.app_context():
        courses.complete_from_attendance(klinobs["t1"], utcnow())
        completion = courses.completion_of(klinobs["regs"][0])
        code, cid = completion.certificate_code, completion.id
        token = db.session.get(Registration, klinobs["regs"][0]).token
    # Linked from the personal page
    personal = client.get(f"/pamelding/{token}").get_data(as_text=True)
    assert f"/kursbevis/{code}.pdf" in personal
    pdf = client.get(f"/kursbevis/{code}.pdf")
    assert pdf.status_code == 200 and pdf.mimetype == "application/pdf"
    reader = PdfReader(io.BytesIO(pdf.data))
    assert len(reader.pages) == 1
    box = reader.pages[0].mediabox
    assert (round(float(box.width) / 72 * 25.4), round(float(box.height) / 72 * 25.4)) == (
        210, 297)  # A4
    text = reader.pages[0].extract_text()
    for expected in ("Kursbevis", "Kari Nordmann", "KlinObs Trinn 1 høst",
                     "Grunnleggende ferdigheter", "Kari Hansen, fagansvarlig", code,
                     "12 timer", f"/kursbevis/{code}"):
        assert expected in text, expected
    assert reader.metadata.title == "Kursbevis: Kari Nordmann, KlinObs Trinn 1 høst"
    html = client.get(f"/pamelding/{token}/kursbevis")
    assert html.status_code == 200
    assert "Kari Hansen, fagansvarlig" in html.get_data(as_text=True)
    verify = client.get(f"/kursbevis/{code}").get_data(as_text=True)
    assert "Gyldig." in verify and "Kari Nordmann" in verify
    assert "kari.0@tromso.kommune.no" not in verify and "+47" not in verify  # name only
    assert client.get(f"/kursbevis/{code.lower()}").status_code == 200
    # Withdraw: a reason is required; then the page says withdrawn and the PDF is gone
    sign_in(client, "a")
    url = f"/arrangor/arrangement/{klinobs['t1']}/kurs/kursbevis/{cid}/trekk"
    empty = client.post(url, data={"reason": ""})
    assert empty.status_code == 422
    assert f'id="withdraw-{cid}-error">Skriv en begrunnelse.' in empty.get_data(as_text=True)
    assert client.post(url, data={"reason": "Feil person"}).status_code == 303
    verify = client.get(f"/kursbevis/{code}").get_data(as_text=True)
    assert "Trukket tilbake." in verify and "Gyldig." not in verify
    assert client.get(f"/kursbevis/{code}.pdf").status_code == 404
    assert client.get(f"/pamelding/{token}/kursbevis").status_code == 404
    assert client.post(url, data={"reason": "igjen"}).status_code == 422
    log = client.get(f"/arrangor/arrangement/{klinobs['t1']}/logg").get_data(as_text=True)
    assert "Kursbevis trukket tilbake: «Feil person»" in log
    with app.app_context():
        entry = db.session.scalar(select(AuditEntry).where(
            AuditEntry.action == "course.completion_withdrawn"))
        assert entry.after["reason"] == "Feil person" and entry.user_id == klinobs["a"]
        # A withdrawn Trinn 1 does not open Trinn 2
        with pytest.raises(prerequisites.PrerequisiteMissing):
            operations.register(klinobs["t2"], person(0))


def test_everyone_else_gets_404(app, client, klinobs):
    with app.app_context():
        courses.complete_from_attendance(klinobs["t1"], utcnow())
        token_without = db.session.get(Registration, klinobs["regs"][1]).token
    for url in ("/kursbevis/AAAAAAAAAAAAAAAA", "/kursbevis/AAAAAAAAAAAAAAAA.pdf",
                "/kursbevis/%3Cscript%3E", "/kursbevis/" + "A" * 40, "/kursbevis/x.pdf",
                f"/pamelding/{token_without}/kursbevis", "/pamelding/nope/kursbevis"):
        assert client.get(url).status_code == 404, url


def test_zip_of_all_certificates_for_the_organiser_only(app, client, klinobs):
    with app.app_context():
        courses.complete_from_attendance(klinobs["t1"], utcnow())
    url = f"/arrangor/arrangement/{klinobs['t1']}/kursbevis.zip"
    assert client.get(url).status_code == 302  # anonymous: sign in first
    sign_in(client, "b")
    assert client.get(url).status_code == 403
    client.post("/arrangor/logg-ut")
    sign_in(client, "a")
    response = client.get(url)
    assert response.status_code == 200 and response.mimetype == "application/zip"
    names = zipfile.ZipFile(io.BytesIO(response.data)).namelist()
    assert len(names) == 2 and all(n.endswith(".pdf") for n in names)
    with app.app_context():
        assert db.session.scalar(select(AuditEntry.after).where(
            AuditEntry.action == "export.certificates")) == {"count": 2}


def test_course_settings_form(app, client, klinobs):
    sign_in(client, "a")
    url = f"/arrangor/arrangement/{klinobs['t2']}/kurs"
    page = client.get(url).get_data(as_text=True)
    assert "KlinObs Trinn 2: K-HLR" in page
    bad = client.post(url, data={"level": "999", "signer": "Ola " * 60})
    assert bad.status_code == 422
    text = bad.get_data(as_text=True)
    assert "Velg et trinn fra listen." in text and "Høyst 200 tegn." in text
    assert ("Ola " * 60).strip() in text  # kept
    with app.app_context():
        three = level(3).id
    assert client.post(url, data={"level": str(three), "requires_previous": "y",
                                  "signer": "Per Leder"}).status_code == 303
    with app.app_context():
        ev = db.session.get(Event, klinobs["t2"])
        assert ev.level.number == 3 and ev.requires_previous
        assert ev.certificate_signer == "Per Leder"
        assert db.session.scalar(select(func.count(AuditEntry.id)).where(
            AuditEntry.action == "course.settings")) == 1
    client.post("/arrangor/logg-ut")
    sign_in(client, "vert")
    assert client.get(url).status_code == 403


def test_event_json_has_track_and_requires(app, client, klinobs):
    t2 = client.get(f"/api/v1/events/{klinobs['t2']}").get_json()
    assert t2["track"] == {"track": "klinobs", "level": 2}
    assert t2["requires"] == {"track": "klinobs", "level": 1}
    t1 = client.get(f"/api/v1/events/{klinobs['next_t1']}").get_json()
    assert t1["track"] == {"track": "klinobs", "level": 1} and t1["requires"] is None
    with app.app_context():
        plain = make_event(title="Vinterlys")
    other = client.get(f"/api/v1/events/{plain.id}").get_json()
    assert other["track"] is None and other["requires"] is None


def test_registry_filters_export_and_message(app, client, klinobs):
    with app.app_context():
        courses.complete_from_attendance(klinobs["t1"], utcnow())
        extra = operations.register(klinobs["next_t1"], person(5, email="ola@harstad.no"))
        reg = db.session.get(Registration, extra.registration.id)
        reg.kommunenummer = "5503"
        db.session.commit()
    assert client.get("/arrangor/instruktorer").status_code == 302
    sign_in(client, "vert")
    assert client.get("/arrangor/instruktorer").status_code == 403
    client.post("/arrangor/logg-ut")
    sign_in(client, "b")  # any organiser: the registry is the centre's
    page = client.get("/arrangor/instruktorer").get_data(as_text=True)
    assert "2 instruktører" in page and "kari.0@tromso.kommune.no" in page
    assert "kari.1@" not in page  # one day of two
    assert "0 instruktører" in client.get("/arrangor/instruktorer?kommune=5503").get_data(
        as_text=True)
    assert "2 instruktører" in client.get(
        "/arrangor/instruktorer?kommune=5501&level=1&track=klinobs").get_data(as_text=True)
    assert "0 instruktører" in client.get("/arrangor/instruktorer?level=2").get_data(
        as_text=True)
    bad = client.get("/arrangor/instruktorer?kommune=9999&level=abc&track=nope")
    assert bad.status_code == 422
    text = bad.get_data(as_text=True)
    for message in ("Ukjent kommunenummer.", "Trinn må være et helt tall fra 1 til 20.",
                    "Ukjent kursløp."):
        assert message in text
    assert 'value="abc"' in text  # kept
    xlsx = client.get("/arrangor/instruktorer.xlsx?kommune=5501")
    assert xlsx.status_code == 200
    sheet = load_workbook(io.BytesIO(xlsx.data)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:4] == ("Navn", "E-post", "Kommunenummer", "Kommune")
    assert {r[1] for r in rows[1:]} == {"kari.0@tromso.kommune.no", "kari.2@tromso.kommune.no"}
    # The message: bad input kept, then queued through the outbox
    url = "/arrangor/instruktorer/melding?kommune=5501&level=1"
    empty = client.post(url, data={"subject": "", "body": "Hei alle"})
    assert empty.status_code == 422
    assert "Skriv et emne." in empty.get_data(as_text=True)
    assert "Hei alle" in empty.get_data(as_text=True)
    none_match = client.post("/arrangor/instruktorer/melding?kommune=5503",
                             data={"subject": "S", "body": "B"})
    assert none_match.status_code == 422
    assert client.post(url, data={"subject": "Nettverkssamling for HLR-instruktører",
                                  "body": "Velkommen 4. mars."}).status_code == 303
    with app.app_context():
        sent = db.session.scalars(select(OutboxMessage).where(
            OutboxMessage.kind == "instructors")).all()
        assert sorted(m.to_address for m in sent) == ["kari.0@tromso.kommune.no",
                                                       "kari.2@tromso.kommune.no"]
        assert sent[0].subject == "Nettverkssamling for HLR-instruktører"
        assert {a for a in db.session.scalars(select(AuditEntry.action))} >= {
            "export.instructors", "course.instructors_message"}


def test_instructors_api(app, client, klinobs):
    with app.app_context():
        courses.complete_from_attendance(klinobs["t1"], utcnow())
        tokens = {who: auth.create_token(db.session.get(User, klinobs[who]), who, scope)
                  for who, scope in (("a", "export"), ("vert", "export"), ("b", "read"))}
        code = courses.completion_of(klinobs["regs"][0]).certificate_code
    assert client.get("/api/v1/instructors").status_code == 401
    def get(url: str, who: str):  # noqa: ANN202
        return client.get(url, headers={"Authorization": f"Bearer {tokens[who]}"})
    assert get("/api/v1/instructors", "vert").status_code == 403
    assert get("/api/v1/instructors", "b").status_code == 403  # read scope: no personal data
    answer = get("/api/v1/instructors?kommune=5501&level=1", "a")
    assert answer.status_code == 200
    found = {i["email"]: i for i in answer.get_json()["instructors"]}
    assert set(found) == {"kari.0@tromso.kommune.no", "kari.2@tromso.kommune.no"}
    first = found["kari.0@tromso.kommune.no"]
    assert set(first) == {"name", "email", "kommunenummer", "track", "level", "completed_on",
                          "certificate_url"}
    assert first["track"] == "klinobs" and first["level"] == 1
    assert first["kommunenummer"] == "5501" and first["name"] == "Kari Nordmann"
    assert first["certificate_url"] == f"http://localhost/kursbevis/{code}"
    assert len(first["completed_on"]) == 10
    bad = get("/api/v1/instructors?kommune=abcd&level=0", "a")
    assert bad.status_code == 422
    assert set(bad.get_json()["fields"]) == {"kommune", "level"}
    assert get("/api/v1/instructors?level=2", "a").get_json() == {"instructors": []}


def test_completion_outlives_anonymisation_until_its_retention_and_erasure(app, klinobs,
                                                                           clock):
    with app.app_context():
        courses.complete_from_attendance(klinobs["t1"], utcnow())
        clock.advance(days=400)  # past RETENTION_MONTHS: the registrations are anonymised
        retention.run(utcnow())
        assert db.session.get(Registration, klinobs["regs"][0]).anonymised_at is not None
        completion = courses.completion_of(klinobs["regs"][0])
        assert completion.name == "Kari Nordmann"  # still in the registry
        assert prerequisites.completion_for(level(1), "kari.0@tromso.kommune.no") is not None
        # An admin erases the address: its completion goes too
        admin = db.session.get(User, klinobs["admin"])
        erasure.erase_email("kari.2@tromso.kommune.no", "ønske", admin)
        assert courses.completion_of(klinobs["regs"][2]) is None
        clock.advance(days=365 * 5)
        assert retention.run(utcnow())["completions_deleted"] == 1
        assert db.session.scalar(select(func.count(CourseCompletion.id))) == 0


def test_self_erasure_removes_the_completion(app, klinobs):
    with app.app_context():
        courses.complete_from_attendance(klinobs["t1"], utcnow())
        token = db.session.get(Registration, klinobs["regs"][0]).token
        erasure.erase(token)
        assert courses.completion_of(klinobs["regs"][0]) is None
        assert anonymise.placeholder_email(klinobs["regs"][0]) == db.session.get(
            Registration, klinobs["regs"][0]).email


def test_tracks_page_is_for_admins_and_checks_input(app, client, klinobs):
    sign_in(client, "a")
    assert client.get("/arrangor/kurslop").status_code == 403
    client.post("/arrangor/logg-ut")
    sign_in(client, "admin")
    assert "KlinObs" in client.get("/arrangor/kurslop").get_data(as_text=True)
    bad = client.post("/arrangor/kurslop", data={"slug": "ABC prog", "name": ""})
    assert bad.status_code == 422
    text = bad.get_data(as_text=True)
    assert "Bare små bokstaver" in text and "Skriv et navn." in text and 'value="ABC prog"' in text
    assert client.post("/arrangor/kurslop", data={"slug": "klinobs", "name": "X"}
                       ).status_code == 422
    assert client.post("/arrangor/kurslop", data={"slug": "demens-abc",
                                                  "name": "Demensomsorgens ABC"}).status_code == 303
    with app.app_context():
        from registration.courses.models import CourseTrack
        track_id = db.session.scalar(select(CourseTrack.id).where(CourseTrack.slug == "demens-abc"))
    bad_level = client.post("/arrangor/kurslop/trinn", data={"track": str(track_id),
                                                             "number": "to", "title": "Perm 2"})
    assert bad_level.status_code == 422
    assert "Skriv et helt tall fra 1 til 20." in bad_level.get_data(as_text=True)
    assert client.post("/arrangor/kurslop/trinn", data={"track": "9999", "number": "1",
                                                        "title": "x"}).status_code == 422
    assert client.post("/arrangor/kurslop/trinn", data={"track": str(track_id), "number": "1",
                                                        "title": "Perm 1"}).status_code == 303
    assert client.post("/arrangor/kurslop/trinn", data={"track": str(track_id), "number": "1",
                                                        "title": "Perm 1"}).status_code == 422


def test_privacy_notice_says_why_and_how_long_completions_are_kept(client):
    page = client.get("/personvern").get_data(as_text=True)
    assert "Kurs med trinn og kursbevis" in page
    assert "i 5 år etter at kurset ble fullført" in page
    assert "instruktørregisteret" in page


def test_joining_digitally_and_marked_by_hand_count_as_attendance(app, clock):
    from registration.checkin import operations as checkin

    with app.app_context():
        course = make_event(title="KlinObs Trinn 1 hybrid", participation="hybrid", sessions=2,
                            starts_in=timedelta(days=1))
        put_on_track(course.id, 1, requires=False)
        online = operations.register(course.id, person(0, mode="digital")).registration
        mixed = operations.register(course.id, person(1, mode="physical")).registration
        absent = operations.register(course.id, person(2, mode="digital")).registration
        ev = db.session.get(Event, course.id)
        for session in ev.sessions:
            checkin.record_digital(online, session)
        checkin.check_in(ev.sessions[0], mixed.ticket_code, None)
        checkin.set_attendance(mixed, ev.sessions[1], True, None)
        checkin.record_digital(absent, ev.sessions[0])
        clock.advance(days=10)
        assert courses.complete_from_attendance(course.id, utcnow()) == 2
        assert courses.completion_of(online.id) is not None
        assert courses.completion_of(mixed.id) is not None
        assert courses.completion_of(absent.id) is None


def test_a_duplicated_course_stays_on_its_level(app, client, klinobs):
    sign_in(client, "a")
    response = client.post(f"/arrangor/arrangement/{klinobs['t2']}/dupliser",
                           data={"title": "KlinObs Trinn 2 neste år", "weeks": "52"})
    assert response.status_code == 303
    with app.app_context():
        copy = db.session.scalar(select(Event).where(Event.title == "KlinObs Trinn 2 neste år"))
        assert copy.level.number == 2 and copy.requires_previous
        assert copy.certificate_signer == "Kari Hansen, fagansvarlig"
