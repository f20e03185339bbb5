"""Satsingsområder as data: the admins' list, several per event, in the API and the
catalogue; the migration maps the old single topic to rows."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from flask_migrate import downgrade, upgrade
from sqlalchemy import select, text

from registration.accounts import operations as auth
from registration.core.extensions import db
from registration.events import topics
from registration.models import AuditEntry, Event, Topic, utcnow
from tests.conftest import make_app, make_event

PASSWORD = "riktig-passord-123"


@pytest.fixture
def accounts(app):
    with app.app_context():
        for role in ("admin", "arrangor", "vert"):
            auth.create_user(f"{role}@usht.no", role, PASSWORD, role)
        for name, start, end in (("Demens", 2020, None), ("Ledelse", 2020, None),
                                 ("Bo trygt hjemme", 2020, 2021)):
            db.session.add(Topic(name=name, valid_from_year=start, valid_to_year=end))
        db.session.commit()


def sign_in(client, who: str) -> None:
    assert client.post("/arrangor/logg-inn", data={"email": f"{who}@usht.no",
                                                    "password": PASSWORD}).status_code == 303


def test_admins_add_and_change_topics_others_are_refused(app, client, accounts):
    assert client.get("/arrangor/satsingsomrader").status_code == 302
    for who in ("vert", "arrangor"):
        sign_in(client, who)
        assert client.get("/arrangor/satsingsomrader").status_code == 403
        assert client.post("/arrangor/satsingsomrader", data={
            "new-name": "X", "new-valid_from_year": "2026"}).status_code == 403
        client.post("/arrangor/logg-ut")
    sign_in(client, "admin")
    page = client.get("/arrangor/satsingsomrader").get_data(as_text=True)
    assert "Bo trygt hjemme" in page and "utgått" in page
    added = client.post("/arrangor/satsingsomrader", data={
        "new-name": "  TryggEst ", "new-valid_from_year": "2026", "new-valid_to_year": ""})
    assert added.status_code == 303
    with app.app_context():
        found = db.session.scalar(select(Topic).where(Topic.name == "TryggEst"))
        assert found is not None and (found.valid_from_year, found.valid_to_year) == (2026, None)
        topic_id = found.id
        assert db.session.scalar(select(AuditEntry.after).where(
            AuditEntry.action == "topic.saved")) == {"name": "TryggEst",
                                                     "valid_from_year": 2026,
                                                     "valid_to_year": None}
    changed = client.post(f"/arrangor/satsingsomrader/{topic_id}", data={
        f"t{topic_id}-name": "TryggEst – vold og overgrep",
        f"t{topic_id}-valid_from_year": "2026", f"t{topic_id}-valid_to_year": "2028"})
    assert changed.status_code == 303
    with app.app_context():
        assert db.session.get(Topic, topic_id).valid_to_year == 2028
    assert client.post("/arrangor/satsingsomrader/999", data={}).status_code == 404


@pytest.mark.parametrize(("data", "message", "kept"), [
    ({"new-name": "", "new-valid_from_year": "2026"}, "Skriv inn et navn.", 'value="2026"'),
    ({"new-name": "Demens", "new-valid_from_year": "2026"},
     "Det finnes alt et satsingsområde som heter «Demens».", 'value="Demens"'),
    ({"new-name": "demens", "new-valid_from_year": "2026"},
     "Det finnes alt et satsingsområde som heter «demens».", 'value="demens"'),
    ({"new-name": "Nytt", "new-valid_from_year": "tjue"}, "Skriv inn et helt tall.",
     'value="Nytt"'),
    ({"new-name": "Nytt", "new-valid_from_year": "1999"}, "Velg et år fra 2000 til 2100.",
     'value="Nytt"'),
    ({"new-name": "Nytt", "new-valid_from_year": "2026", "new-valid_to_year": "2025"},
     "Sluttåret kan ikke være før startåret.", 'value="2025"'),
    ({"new-name": "x" * 121, "new-valid_from_year": "2026"}, "Navnet kan ha høyst 120 tegn.",
     'value="2026"'),
])
def test_bad_topic_input_is_explained_next_to_the_field(app, client, accounts, data, message,
                                                        kept):
    sign_in(client, "admin")
    response = client.post("/arrangor/satsingsomrader", data=data)
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert message in page and kept in page
    with app.app_context():
        assert db.session.scalar(select(db.func.count(Topic.id))) == 3


def test_an_event_gets_several_topics_shown_in_the_api_and_the_catalogue(app, client,
                                                                          accounts):
    sign_in(client, "arrangor")
    with app.app_context():
        ids = {t.name: t.id for t in topics.all_topics()}
    form = client.get("/arrangor/arrangement/ny").get_data(as_text=True)
    assert "Demens" in form and "Ledelse" in form
    assert "Bo trygt hjemme" not in form  # valid until 2021: no longer offered
    start = (utcnow() + timedelta(days=40)).strftime("%Y-%m-%d")
    data = {"title": "Fagdag om demens og ledelse", "kind": "fagdag", "description": "",
            "participation": "physical", "physical_capacity": "30",
            "starts_at": f"{start}T09:00", "ends_at": f"{start}T15:00", "place": "Tromsø",
            "topics": [str(ids["Demens"]), str(ids["Ledelse"])]}
    for wrong in (["999"], ["demens"]):
        bad = client.post("/arrangor/arrangement/ny", data={**data, "topics": wrong})
        assert bad.status_code == 422
        page = bad.get_data(as_text=True)
        assert "Velg blant satsingsområdene som vises." in page
        assert 'value="Fagdag om demens og ledelse"' in page
    created = client.post("/arrangor/arrangement/ny", data=data)
    assert created.status_code == 303
    event_id = int(created.headers["Location"].rstrip("/").split("/")[-1])
    edit_page = client.get(f"/arrangor/arrangement/{event_id}/rediger").get_data(as_text=True)
    assert edit_page.count("checked") >= 2
    client.post(f"/arrangor/arrangement/{event_id}/status", data={"to": "published"})
    event = client.get(f"/api/v1/events/{event_id}").get_json()
    assert event["topics"] == ["Demens", "Ledelse"] and event["topic"] == "Demens"
    assert event["kind"] == "fagdag"
    catalogue = client.get("/?topic=Ledelse").get_data(as_text=True)
    assert "Fagdag om demens og ledelse" in catalogue and "Fagdag/workshop" in catalogue
    # Untick one: the event keeps only the other.
    edit = {k: v for k, v in data.items() if k not in ("starts_at", "ends_at", "place")}
    client.post(f"/arrangor/arrangement/{event_id}/rediger",
                data={**edit, "topics": [str(ids["Ledelse"])]})
    assert client.get(f"/api/v1/events/{event_id}").get_json()["topics"] == ["Ledelse"]


def test_an_expired_topic_stays_on_an_event_until_unticked(app, client, accounts):
    with app.app_context():
        ref = make_event(topic="Bo trygt hjemme")
    sign_in(client, "admin")
    page = client.get(f"/arrangor/arrangement/{ref.id}/rediger").get_data(as_text=True)
    assert "Bo trygt hjemme (gjaldt til 2021)" in page


def test_the_migration_maps_the_old_topic_to_rows_and_back(tmp_path):
    app = make_app(f"sqlite:///{tmp_path / 'old.sqlite3'}", tmp_path)
    with app.app_context():
        upgrade(revision="0009")
        for event_id, topic in ((1, "Demensplan"), (2, "Ernæring"), (3, "Eget tema"), (4, "")):
            db.session.execute(text(
                "INSERT INTO event (id, title, kind, participation, status, has_waitlist, "
                "serves_food, created_at, topic, description) VALUES (:id, 'E', "
                "'konferanse', 'physical', 'published', 1, 0, '2026-01-01 00:00:00', :topic, "
                "'')"), {"id": event_id, "topic": topic})
        db.session.commit()
        upgrade()
        mapped = {event.id: [t.name for t in event.topics]
                  for event in db.session.scalars(select(Event))}
        assert mapped == {1: ["Demens"], 2: ["Ernæring"], 3: ["Eget tema"], 4: []}
        names = set(db.session.scalars(select(Topic.name)))
        assert {"Utviklingshemming", "Pårørende", "TryggEst", "Helseteknologi", "Demens",
                "Lindrende behandling", "Legemidler", "Ernæring",
                "Rehabilitering og hverdagsmestring", "Kompetanse og fagutvikling",
                "Ledelse"} <= names
        db.session.execute(text("UPDATE event SET kind = 'fagdag' WHERE id = 2"))
        db.session.commit()
        db.session.remove()
        downgrade(revision="0009")
        rows = dict(db.session.execute(text("SELECT id, topic FROM event")).tuples().all())
        assert rows == {1: "Demens", 2: "Ernæring", 3: "Eget tema", 4: ""}
        db.session.remove()
        db.engine.dispose()


def test_the_new_kinds_have_labels_in_both_languages(app, client):
    with app.app_context():
        for title, kind in (("Fagdag A", "fagdag"), ("Møte B", "informasjonsmote"),
                            ("Noe C", "annet")):
            make_event(title=title, kind=kind)
    norwegian = client.get("/").get_data(as_text=True)
    assert {"Fagdag/workshop", "Informasjonsmøte", "Annet"} <= set(
        re.findall(r"Fagdag/workshop|Informasjonsmøte|Annet", norwegian))
    client.get("/sprak/en")
    english = client.get("/").get_data(as_text=True)
    for label in ("Professional day/workshop", "Information meeting", "Other"):
        assert label in english
