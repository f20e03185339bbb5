"""Privacy: diet answers deleted after the event and on cancel, registrations anonymised
after the retention time with every yearly figure unchanged, e-mails purged, audit rows
scrubbed. Time moves with the ``clock`` fixture and the worker's round does the work."""

from __future__ import annotations

import csv
import io
import threading
from dataclasses import asdict
from datetime import UTC, datetime, timedelta

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader
from sqlalchemy import select

from registration.accounts import operations as auth
from registration.checkin import operations as checkin
from registration.core.config import ConfigError, load_config
from registration.core.extensions import db
from registration.core.i18n import local
from registration.evaluations import builder, invitations
from registration.models import (
    AuditEntry,
    EvaluationAnswer,
    EvaluationResponse,
    Event,
    EventKind,
    OutboxMessage,
    OutboxStatus,
    Participation,
    Registration,
    RegistrationStatus,
    utcnow,
)
from registration.privacy import retention
from registration.privacy.anonymise import anonymise_registration
from registration.privacy.figures import yearly_figures
from registration.privacy.retention import months_before
from registration.registrations import operations
from registration.registrations.rules import Participant
from registration.worker import one_round
from tests.conftest import Clock, make_event, person
from tests.test_evaluations import PASSWORD, answers, ended_event, sign_in, tokens
from tests.test_mail import mail_app, smtp  # noqa: F401  (smtp is a fixture)

PERSONAL = ("name", "email", "mobile", "workplace")


def test_anonymise_clears_the_person_and_keeps_what_statistics_need(app, client):
    with app.app_context():
        ended = ended_event(people=2, at_door=(0,), online=(1,))
        form = builder.form_of(ended.event_id)
        form.anonymous = False
        db.session.commit()
        invitations.queue_due_invitations(utcnow())
        link = tokens(ended.event_id)[ended.registration_ids[0]]
        data = answers(ended.event_id, most_useful="Kari sin hemmelige kommentar")
    assert client.post(f"/evaluering/{link}", data=data).status_code == 303
    with app.app_context():
        registration = db.session.get(Registration, ended.registration_ids[0])
        old_token, key = registration.token, registration.person_key
        kept = (registration.kommunenummer, registration.role, registration.mode,
                registration.status)
        registration.person_key = None  # as if registered before person keys existed
        db.session.commit()
        assert anonymise_registration(registration, utcnow()) is True
        assert anonymise_registration(registration, utcnow()) is False  # once only
        registration = db.session.get(Registration, ended.registration_ids[0])
        assert registration.anonymised_at is not None
        assert (registration.name, registration.mobile, registration.workplace) == ("", "", "")
        assert registration.email == registration.email_normalized == \
            f"anonymisert-{registration.id}"
        assert registration.token != old_token and registration.ticket_code is None
        assert registration.person_key == key  # backfilled from the e-mail
        assert (registration.kommunenummer, registration.role, registration.mode,
                registration.status) == kept
        texts = db.session.scalars(select(EvaluationAnswer.text).join(EvaluationResponse).where(
            EvaluationResponse.registration_id == registration.id)).all()
        assert "Kari sin hemmelige kommentar" not in texts and texts  # choices stay
        for entry in db.session.scalars(select(AuditEntry).where(
                AuditEntry.registration_id == registration.id)):
            for values in (entry.before or {}, entry.after or {}):
                assert not set(values) & set(PERSONAL), (entry.action, values)
        for message in db.session.scalars(select(OutboxMessage).where(
                OutboxMessage.registration_id == registration.id)):
            assert message.purged_at and not message.to_address and not message.text_body
            assert message.status == OutboxStatus.FAILED  # never sent now
        other = db.session.get(Registration, ended.registration_ids[1])
        assert other.name == ended.names[1] and other.anonymised_at is None
    assert client.get(f"/pamelding/{old_token}").status_code == 404


# Six people, each with values found nowhere else, so a search of every table finds them.
PEOPLE = [
    # name, e-mail, mobile, kommune, workplace, role
    ("Kari Fjellheim", "kari.fjellheim@tromso.kommune.no", "+4791110001", "5501",
     "Kvaløysletta sykehjem", "sykepleier"),
    ("Ola Strandvik", "ola.strandvik@harstad.kommune.no", "+4791110002", "5503",
     "Harstad hjemmetjeneste", "helsefagarbeider"),
    ("Siri Nordlys", "siri.nordlys@tromso.kommune.no", "+4791110003", "5501",
     "Mortensnes omsorgssenter", "leder"),
    ("Per Isaksen", "per.isaksen@senja.kommune.no", "+4791110004", "5530",
     "Finnsnes helsetun", "ergoterapeut"),
    ("Anne Lyngstad", "anne.lyngstad@lyngen.kommune.no", "+4791110005", "5542",
     "Lyngen sykehjem Furuly", "ufaglært"),
    ("Jonas Kvænangen", "jonas.kvaenangen@harstad.kommune.no", "+4791110006", "5503",
     "Kanebogen bo- og servicesenter", "vernepleier"),
]
DIET = "Nøtteallergi og glutenfri"


def participant(i: int, mode: str | None = None, diet: str | None = None) -> Participant:
    name, email, mobile, kommune, workplace, role = PEOPLE[i]
    return Participant(name=name, email=email, mobile=mobile, kommunenummer=kommune,
                       workplace=workplace, role=role, mode=mode, diet=diet,
                       diet_consent=diet is not None)


def personal_strings() -> list[str]:
    found = [DIET]
    for name, email, mobile, _kommune, workplace, _role in PEOPLE:
        found += [name, email, email.split("@")[0], mobile, mobile[3:], workplace]
    return found


def every_value() -> str:
    """Every value in every row of every table, as one text to search."""
    values = []
    for table in db.metadata.sorted_tables:
        for row in db.session.execute(table.select()):
            values += [str(v) for v in row if v is not None]
    return "\n".join(values)


def exported(client, event_id: int) -> str:
    base = f"/arrangor/arrangement/{event_id}"
    text = client.get(f"{base}/eksport.csv").get_data(as_text=True)
    text += client.get(f"{base}/kjokkenliste.csv").get_data(as_text=True)
    book = load_workbook(io.BytesIO(client.get(f"{base}/eksport.xlsx").data))
    text += "\n".join(str(c) for row in book.active.iter_rows(values_only=True) for c in row)
    pdf = PdfReader(io.BytesIO(client.get(f"{base}/eksport.pdf").data))
    return text + "\n".join(page.extract_text() for page in pdf.pages)


def figures_of(years: set[int]) -> dict[int, dict]:
    return {year: asdict(yearly_figures(year)) for year in sorted(years)}


def test_diet_goes_after_the_event_and_every_figure_stays_after_anonymisation(
        app, client, clock):
    """Known data over three kinds, four kommuner, attendance at the door and online, people
    at several events, a cancelled and a waiting registration and one from before person
    keys: the worker deletes the diet answer when the event is over, anonymises everything a
    year later, and every yearly figure is what it was; nobody can be found anywhere."""
    with app.app_context():
        owner = auth.create_user("arrangor@usht.no", "arrangor", PASSWORD, "Arrangør")
        conference = make_event(title="Vinterlys-konferansen", kind=EventKind.KONFERANSE,
                                serves_food=True, sessions=2,
                                capacities={"physical": 3, "digital": 10})
        webinar = make_event(title="En bedre hverdag", kind=EventKind.WEBINARSERIE,
                             participation=Participation.DIGITAL)
        course = make_event(title="KlinObs Trinn 1", kind=EventKind.KLINOBS_KURS,
                            participation=Participation.PHYSICAL, capacities={"physical": 2})
        for ref in (conference, webinar, course):
            db.session.get(Event, ref.id).owner_id = owner.id
        db.session.commit()
        reg = {}
        reg["c0"] = operations.register(conference.id, participant(0, "physical", DIET))
        for key, i, mode in (("c1", 1, "physical"), ("c2", 2, "physical"),
                             ("c3", 3, "physical"), ("c4", 4, "digital"),
                             ("c5", 5, "digital")):
            reg[key] = operations.register(conference.id, participant(i, mode))
        for key, i in (("w0", 0), ("w3", 3), ("w4", 4)):
            reg[key] = operations.register(webinar.id, participant(i))
        for key, i in (("k1", 1), ("k2", 2), ("k5", 5)):
            reg[key] = operations.register(course.id, participant(i))
        assert reg["c3"].status == reg["k5"].status == RegistrationStatus.WAITLISTED
        tokens_ = {key: outcome.token for key, outcome in reg.items()}
        ids = {key: outcome.registration.id for key, outcome in reg.items()}
        operations.cancel(tokens_["c5"])
        legacy = db.session.get(Registration, ids["w4"])
        legacy.person_key = None  # registered before migration 0006
        db.session.commit()
        codes = {key: db.session.get(Registration, ids[key]).ticket_code
                 for key in ("c0", "c1", "k1")}
        events = [db.session.get(Event, ref.id) for ref in (conference, webinar, course)]
        years = {local(event.starts_at).year for event in events}
        ends = max(event.ends_at for event in events)
        owner_id = owner.id

    sign_in(client)
    assert DIET in client.get(f"/arrangor/arrangement/{conference.id}/kjokkenliste.csv") \
        .get_data(as_text=True)

    def day(event_id: int, number: int):  # noqa: ANN202
        return db.session.get(Event, event_id).sessions[number]

    clock.advance(days=30, hours=1)  # the first day is on
    with app.app_context():
        owner = db.session.get(type(owner), owner_id)
        for key, event_id in (("c0", conference.id), ("c1", conference.id),
                              ("k1", course.id)):
            assert checkin.check_in(day(event_id, 0), codes[key], owner).result \
                == "checked_in"
        for key, event_id in (("c4", conference.id), ("w0", webinar.id), ("w3", webinar.id)):
            checkin.record_digital(db.session.get(Registration, ids[key]), day(event_id, 0))
        one_round()
        assert db.session.get(Registration, ids["c0"]).diet == DIET  # not over yet
    clock.advance(days=7)  # the second day: only one of them comes back
    with app.app_context():
        owner = db.session.get(type(owner), owner_id)
        assert checkin.check_in(day(conference.id, 1), codes["c0"], owner).result \
            == "checked_in"

    clock.now = ends + timedelta(minutes=5)
    with app.app_context():
        one_round()
        assert db.session.get(Registration, ids["c0"]).diet is None
        deleted = db.session.scalars(select(AuditEntry).where(
            AuditEntry.action == "privacy.diet_deleted")).all()
        assert [(e.event_id, e.after) for e in deleted] == [(conference.id, {"count": 1})]
        assert DIET not in every_value()
        one_round()  # again: nothing more to do, nothing logged twice
        assert len(db.session.scalars(select(AuditEntry).where(
            AuditEntry.action == "privacy.diet_deleted")).all()) == 1
    kitchen = client.get(f"/arrangor/arrangement/{conference.id}/kjokkenliste.csv")
    assert list(csv.reader(io.StringIO(kitchen.get_data(as_text=True).lstrip("\ufeff")),
                           delimiter=";"))[1:] == []
    page = client.get(f"/pamelding/{tokens_['c0']}").get_data(as_text=True)
    assert "Kostbehov" not in page and "Nøtteallergi" not in page

    with app.app_context():
        before = figures_of(years)
        everything = every_value()
        assert all(s in everything for s in personal_strings() if s != DIET)  # the control
    assert PEOPLE[0][0] in exported(client, conference.id)  # the control for exports
    (year,) = years  # the three events start on the same day
    assert {k: before[year][k] for k in ("events", "registered", "attended", "check_ins",
                                         "distinct_persons", "distinct_attendees")} == {
        "events": 3, "registered": 11, "attended": 6, "check_ins": 7, "distinct_persons": 6,
        "distinct_attendees": 4}
    assert before[year]["by_kommune"]["5503"] == {"registered": 3, "attended": 2,
                                                  "check_ins": 2}
    assert before[year]["by_kind"]["konferanse"] == {"registered": 5, "attended": 3,
                                                     "check_ins": 4}

    clock.now = ends + timedelta(days=360)  # not yet: RETENTION_MONTHS is 12
    with app.app_context():
        one_round()
        assert db.session.get(Registration, ids["c0"]).anonymised_at is None
    clock.now = ends + timedelta(days=367)
    with app.app_context():
        one_round()
        rows = db.session.scalars(select(Registration)).all()
        assert rows and all(r.anonymised_at is not None for r in rows)
        assert figures_of(years) == before
        everything = every_value()
        left = [s for s in personal_strings() if s in everything]
        assert left == []
        for message in db.session.scalars(select(OutboxMessage)):
            assert message.purged_at and not message.to_address and not message.html_body
        for entry in db.session.scalars(select(AuditEntry)):
            for values in (entry.before or {}, entry.after or {}):
                assert not set(values) & set(PERSONAL)
        kept = db.session.get(Registration, ids["c1"])
        assert (kept.kommunenummer, kept.role, kept.mode, kept.status) == (
            "5503", "helsefagarbeider", "physical", "confirmed")
    for event_id in (conference.id, webinar.id, course.id):
        text = exported(client, event_id)
        assert [s for s in personal_strings() if s in text] == []
        page = client.get(f"/arrangor/arrangement/{event_id}?q=fjellheim").get_data(
            as_text=True)
        assert "Fjellheim" not in page
        assert client.get(f"/arrangor/innsjekking/{event_id}/sok?q=kari").json[
            "results"] == []
    for token in tokens_.values():
        assert client.get(f"/pamelding/{token}").status_code == 404


def test_diet_goes_at_once_when_the_participant_cancels(app, client):
    with app.app_context():
        ref = make_event(title="Ernæringskonferansen", kind=EventKind.KONFERANSE,
                         serves_food=True)
        token = operations.register(ref.id, participant(0, "physical", DIET)).token
    assert DIET in client.get(f"/pamelding/{token}").get_data(as_text=True)
    assert client.post(f"/pamelding/{token}/avmeld", data={}).status_code == 303
    page = client.get(f"/pamelding/{token}").get_data(as_text=True)
    assert "Kostbehov" not in page and DIET not in page
    with app.app_context():
        registration = db.session.scalar(select(Registration))
        assert registration.diet is None and registration.diet_consent_at is None
        assert DIET not in every_value()
        actions = [e.action for e in db.session.scalars(select(AuditEntry).where(
            AuditEntry.registration_id == registration.id))]
        assert "privacy.diet_deleted" in actions


def test_sent_mail_is_purged_after_the_retention_days_and_failed_mail_stays_until_then(
        database_url, tmp_path, smtp):  # noqa: F811
    """Through a real SMTP server: a sent confirmation keeps its body for
    OUTBOX_RETENTION_DAYS, then loses body, address, invite and QR code; one the server
    refused stays for the admins until the same time has passed, and is never resent."""
    inbox, port = smtp
    app = mail_app(database_url, tmp_path, port)
    clock = Clock()
    app.config["CLOCK"] = clock
    app.config["OUTBOX_RETENTION_DAYS"] = 10
    with app.app_context():
        ref = make_event(starts_in=timedelta(days=60))
        operations.register(ref.id, participant(0, "physical"))
        operations.register(ref.id, person(1, mode="physical", email="finnes.ikke@kommune.no"))
        for _ in range(8):  # the refused one is tried until it is marked failed
            one_round()
            clock.advance(minutes=30)
        sent = db.session.scalar(select(OutboxMessage).where(
            OutboxMessage.status == OutboxStatus.SENT))
        failed = db.session.scalar(select(OutboxMessage).where(
            OutboxMessage.status == OutboxStatus.FAILED))
        assert sent.ics and sent.qr_png and PEOPLE[0][0] in sent.text_body
        assert failed.to_address == "finnes.ikke@kommune.no"
        assert len(inbox.messages) == 1
        clock.advance(days=9)
        one_round()
        db.session.expire_all()
        assert sent.purged_at is None and failed.purged_at is None
        clock.advance(days=1, hours=1)
        one_round()
        db.session.expire_all()
        for message in (sent, failed):
            assert message.purged_at is not None
            assert (message.to_address, message.to_name, message.text_body,
                    message.html_body, message.ics, message.qr_png) == ("", "", None, None,
                                                                        None, None)
            assert message.subject  # the row stays: what kind, when, to which event
        sent_id = sent.id
    client = app.test_client()
    with app.app_context():
        auth.create_user("sjef@usht.no", "admin", PASSWORD, "Sjef")
    sign_in(client, "sjef@usht.no")
    client.post(f"/arrangor/utboks/{sent_id}/send-igjen")
    with app.app_context():
        assert db.session.get(OutboxMessage, sent_id).status == OutboxStatus.SENT
        one_round()
    assert len(inbox.messages) == 1  # nothing sent again
    page = client.get("/arrangor/utboks/").get_data(as_text=True)
    assert PEOPLE[0][1] not in page and "finnes.ikke@kommune.no" not in page
    page = client.get(f"/arrangor/utboks/{sent_id}").get_data(as_text=True)
    assert "Innholdet og adressen ble slettet" in page and "Send på nytt" not in page


def test_the_privacy_notice_states_the_configured_times(app, client):
    page = client.get("/personvern").get_data(as_text=True)
    assert "lagres i 12 måneder etter at arrangementet er over" in page
    assert "lagres i 30 dager" in page
    app.config.update(RETENTION_MONTHS=1, OUTBOX_RETENTION_DAYS=45)
    page = client.get("/personvern").get_data(as_text=True)
    assert "lagres i 1 måned etter" in page and "lagres i 45 dager" in page
    assert "med en gang hvis du melder deg av" in page


@pytest.mark.parametrize("value", ["tolv", "0", "-3", "1.5", "99999"])
def test_a_retention_time_that_cannot_be_used_stops_the_start(monkeypatch, tmp_path, value):
    monkeypatch.setenv("RETENTION_MONTHS", value)
    with pytest.raises(ConfigError, match="RETENTION_MONTHS må være et helt tall"):
        load_config(tmp_path)
    monkeypatch.setenv("RETENTION_MONTHS", " 18 ")
    monkeypatch.setenv("OUTBOX_RETENTION_DAYS", "7")
    config = load_config(tmp_path)
    assert (config["RETENTION_MONTHS"], config["OUTBOX_RETENTION_DAYS"]) == (18, 7)


def test_months_before_keeps_the_day_or_takes_the_last_of_the_month():
    assert months_before(datetime(2027, 3, 31, 9, tzinfo=UTC), 1) == \
        datetime(2027, 2, 28, 9, tzinfo=UTC)
    assert months_before(datetime(2027, 1, 15, tzinfo=UTC), 12) == datetime(2026, 1, 15,
                                                                               tzinfo=UTC)
    assert months_before(datetime(2028, 2, 29, tzinfo=UTC), 12) == datetime(2027, 2, 28,
                                                                               tzinfo=UTC)


def test_two_workers_at_once_delete_and_anonymise_once(app, clock):
    """The guards are in the database: two workers running the step in the same instant
    write one diet row per event and one anonymisation per registration."""
    with app.app_context():
        ref = make_event(title="Ernæringskonferansen", kind=EventKind.KONFERANSE,
                         serves_food=True, capacities={"physical": 30, "digital": 30})
        for i in range(len(PEOPLE)):
            operations.register(ref.id, participant(i, "physical", DIET))
        ends = db.session.get(Event, ref.id).ends_at
    clock.now = ends + timedelta(days=400)  # diet and retention due together
    barrier = threading.Barrier(2)
    errors: list[BaseException] = []

    def worker() -> None:
        with app.app_context():
            try:
                barrier.wait()
                retention.run(clock.now)
            except BaseException as error:  # noqa: BLE001
                errors.append(error)
            finally:
                db.session.remove()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == [], [str(e)[:3000] for e in errors]
    with app.app_context():
        actions = [e.action for e in db.session.scalars(select(AuditEntry))]
        assert actions.count("privacy.diet_deleted") == 1
        assert actions.count("privacy.anonymised") == len(PEOPLE)
        assert all(r.anonymised_at for r in db.session.scalars(select(Registration)))
