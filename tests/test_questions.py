"""The event's own questions: the organiser's builder, the answers in the form, the API,
the personal page, the table and exports, and health answers treated like the diet."""

from __future__ import annotations

import csv
import io

from sqlalchemy import func, select

from registration.accounts import operations as auth
from registration.audit.models import AuditEntry
from registration.core.extensions import db
from registration.models import Event, EventQuestion, RegistrationAnswer
from registration.privacy import retention
from tests.conftest import api_body, form_data, make_event
from tests.test_organiser import PASSWORD, sign_in


def setup_event(app, **kw):  # noqa: ANN001,ANN201
    """An event owned by arrangør A, with B another arrangør, a vert and an admin."""
    with app.app_context():
        ids = {key: auth.create_user(f"{key}@usht.no", role, PASSWORD, key.upper()).id
               for key, role in (("admin", "admin"), ("a", "arrangor"), ("b", "arrangor"),
                                 ("vert", "vert"))}
        event = make_event(participation="physical", capacities={"physical": 10}, **kw)
        db.session.get(Event, event.id).owner_id = ids["a"]
        db.session.commit()
        ids["event"] = event.id
        return ids


def add(client, event_id: int, **data: str):  # noqa: ANN001,ANN201
    return client.post(f"/arrangor/arrangement/{event_id}/skjema", data=data)


def build(app, client) -> tuple[dict, dict[str, int]]:  # noqa: ANN001
    ids = setup_event(app)
    sign_in(client, "a")
    event_id = ids["event"]
    assert add(client, event_id, text="Hvilken ABC-gruppe hører du til?", kind="single",
               options="Senja\nTromsø\nBalsfjord", required="y").status_code == 303
    assert add(client, event_id, text="Tema du ønsker belyst", kind="long_text"
               ).status_code == 303
    assert add(client, event_id, text="Hvilke trinn har du fullført?", kind="multiple",
               options="Trinn 1\nTrinn 2\nTrinn 3").status_code == 303
    assert add(client, event_id, text="Har du tatt kurset før?", kind="yesno",
               required="y").status_code == 303
    assert add(client, event_id, text="Trenger du tilrettelegging?", kind="short_text",
               health="y").status_code == 303
    client.post("/arrangor/logg-ut")
    with app.app_context():
        q = {question.text.split()[0]: question.id for question in
             db.session.scalars(select(EventQuestion).order_by(EventQuestion.position))}
    return ids, {"group": q["Hvilken"], "tema": q["Tema"], "trinn": q["Hvilke"],
                 "before": q["Har"], "health": q["Trenger"]}


def test_builder_refuses_bad_questions_and_keeps_what_was_typed(app, client):
    ids = setup_event(app)
    sign_in(client, "a")
    event_id = ids["event"]
    empty = add(client, event_id, text="", kind="short_text")
    assert empty.status_code == 422 and "Skriv inn spørsmålet." in empty.text
    one = add(client, event_id, text="Nivå", kind="single", options="Bare ett")
    assert one.status_code == 422 and "minst to alternativer" in one.text
    assert "Bare ett" in one.text
    health = add(client, event_id, text="Allergier", kind="short_text", required="y",
                 health="y")
    assert health.status_code == 422 and "frivillig" in health.text
    unknown = add(client, event_id, text="Skala", kind="scale")
    assert unknown.status_code == 422
    long = add(client, event_id, text="x" * 301, kind="short_text")
    assert long.status_code == 422
    with app.app_context():
        assert db.session.scalar(select(func.count(EventQuestion.id))) == 0


def test_builder_is_for_the_events_organisers_only(app, client):
    ids = setup_event(app)
    url = f"/arrangor/arrangement/{ids['event']}/skjema"
    assert client.get(url).status_code in (302, 303)  # anonymous: to the sign-in page
    for who, expected in (("vert", 403), ("b", 403), ("admin", 200), ("a", 200)):
        sign_in(client, who)
        assert client.get(url).status_code == expected, who
        assert add(client, ids["event"], text="Spørsmål", kind="yesno").status_code == (
            303 if expected == 200 else expected), who
        client.post("/arrangor/logg-ut")


def test_builder_moves_edits_and_removes_with_audit(app, client):
    ids, q = build(app, client)
    sign_in(client, "a")
    base = f"/arrangor/arrangement/{ids['event']}/skjema"
    assert client.post(f"{base}/{q['tema']}/flytt?retning=opp").status_code == 303
    edit = client.post(f"{base}/{q['tema']}", data={"text": "Tema du vil høre om",
                                                     "kind": "long_text"})
    assert edit.status_code == 303
    assert client.post(f"{base}/{q['trinn']}/slett").status_code == 303
    page = client.get(base).text
    assert page.index("Tema du vil høre om") < page.index("Hvilken ABC-gruppe")
    assert "Hvilke trinn" not in page
    with app.app_context():
        actions = [a.action for a in db.session.scalars(select(AuditEntry))]
    assert {"form.question_added", "form.question_changed", "form.question_removed"} <= set(
        actions)


def _answers(q: dict[str, int], **over: object) -> dict[str, object]:
    given = {str(q["group"]): "Senja", str(q["tema"]): "Munnstell", str(q["trinn"]):
             ["Trinn 2", "Trinn 1"], str(q["before"]): False}
    given.update({str(k): v for k, v in over.items()})
    return given


def test_api_event_lists_the_questions_and_takes_answers(app, client):
    ids, q = build(app, client)
    event = client.get(f"/api/v1/events/{ids['event']}").json
    listed = {item["id"]: item for item in event["questions"]}
    assert listed[q["group"]] == {"id": q["group"], "text": "Hvilken ABC-gruppe hører du til?",
                                  "kind": "single", "required": True, "health": False,
                                  "options": ["Senja", "Tromsø", "Balsfjord"]}
    assert listed[q["health"]]["health"] is True
    path = f"/api/v1/events/{ids['event']}/registrations"
    body = api_body(mode="physical", answers=_answers(q, **{str(q["health"]): "Rullestol"}),
                    health_consent=True)
    created = client.post(path, json=body)
    assert created.status_code == 201, created.json
    with app.app_context():
        stored = {a.question_id: a.value for a in db.session.scalars(select(RegistrationAnswer))}
    assert stored == {q["group"]: "Senja", q["tema"]: "Munnstell",
                      q["trinn"]: ["Trinn 1", "Trinn 2"], q["before"]: False,
                      q["health"]: "Rullestol"}
    page = client.get(f"/pamelding/{created.json['token']}").text
    assert "Senja" in page and "Trinn 1, Trinn 2" in page and "Rullestol" in page


def test_api_bad_answers_are_422_next_to_the_field(app, client):
    ids, q = build(app, client)
    path = f"/api/v1/events/{ids['event']}/registrations"

    def fields(answers: object, **extra: object) -> dict:
        response = client.post(path, json=api_body(mode="physical", answers=answers, **extra))
        assert response.status_code == 422, response.json
        return response.json["fields"]

    assert fields({str(q["tema"]): "x"}) == {f"answers.{q['group']}": "Svar på dette spørsmålet.",
                                             f"answers.{q['before']}": "Svar på dette spørsmålet."}
    assert list(fields(_answers(q, **{"99999": "hei"}))) == ["answers.99999"]
    assert list(fields(_answers(q, **{str(q["group"]): "Harstad"}))) == [f"answers.{q['group']}"]
    assert list(fields(_answers(q, **{str(q["trinn"]): ["Trinn 9"]}))) == [
        f"answers.{q['trinn']}"]
    assert list(fields(_answers(q, **{str(q["trinn"]): "Trinn 1"}))) == [f"answers.{q['trinn']}"]
    assert list(fields(_answers(q, **{str(q["before"]): "kanskje"}))) == [
        f"answers.{q['before']}"]
    assert list(fields(_answers(q, **{str(q["tema"]): "x" * 2001}))) == [f"answers.{q['tema']}"]
    assert list(fields(_answers(q, **{str(q["health"]): "Rullestol"}))) == ["health_consent"]
    assert list(fields(["Senja"])) == ["answers"]
    with app.app_context():
        assert db.session.scalar(select(func.count(RegistrationAnswer.id))) == 0


def _form_answers(q: dict[str, int]) -> dict[str, object]:
    return {f"q-{q['group']}": "Senja", f"q-{q['tema']}": "Munnstell",
            f"q-{q['trinn']}": ["Trinn 1", "Trinn 3"], f"q-{q['before']}": "ja"}


def test_form_missing_answer_is_shown_next_to_the_field_with_the_rest_kept(app, client):
    ids, q = build(app, client)
    url = f"/arrangement/{ids['event']}"
    form = client.get(url).text
    assert "Hvilken ABC-gruppe hører du til?" in form and f'name="q-{q["health"]}"' in form
    data = {**form_data(), **_form_answers(q)}
    del data[f"q-{q['group']}"]
    data[f"q-{q['health']}"] = "Rullestol"  # a health answer without consent
    response = client.post(url, data=data)
    assert response.status_code == 422
    assert f'id="q-{q["group"]}-error"' in response.text
    assert 'id="q-health_consent-error"' in response.text
    assert "Munnstell" in response.text and 'value="Trinn 3" checked' in response.text
    assert 'value="Kari Nordmann"' in response.text
    data[f"q-{q['group']}"] = "Senja"
    data["q-health_consent"] = "y"
    done = client.post(url, data=data)
    assert done.status_code == 303
    personal = client.get(done.headers["Location"]).text
    assert "Trinn 1, Trinn 3" in personal and "Rullestol" in personal


def test_table_and_exports_show_answers_but_never_health_data(app, client):
    ids, q = build(app, client)
    client.post(f"/api/v1/events/{ids['event']}/registrations", json=api_body(
        mode="physical", answers=_answers(q, **{str(q["health"]): "Rullestol"}),
        health_consent=True))
    sign_in(client, "a")
    table = client.get(f"/arrangor/arrangement/{ids['event']}").text
    assert "Munnstell" in table and "Rullestol" not in table
    exported = client.get(f"/arrangor/arrangement/{ids['event']}/eksport.csv?status=all")
    assert exported.status_code == 200, exported.status_code
    rows = list(csv.reader(io.StringIO(exported.data.decode("utf-8-sig")), delimiter=";"))
    assert "Hvilken ABC-gruppe hører du til?" in rows[0]
    assert "Senja" in rows[1] and "Rullestol" not in ";".join(rows[1])
    health = client.get(f"/arrangor/arrangement/{ids['event']}/helsesvar.csv")
    assert health.status_code == 200
    text = health.data.decode("utf-8-sig")
    assert "Rullestol" in text and "Munnstell" not in text
    with app.app_context():
        assert db.session.scalar(select(func.count(AuditEntry.id)).where(
            AuditEntry.action == "export.health_answers")) == 1
    client.post("/arrangor/logg-ut")
    sign_in(client, "b")
    assert client.get(f"/arrangor/arrangement/{ids['event']}/helsesvar.csv"
                      ).status_code == 403


def test_health_answers_go_on_cancel_and_after_the_event(app, client, clock):
    ids, q = build(app, client)
    path = f"/api/v1/events/{ids['event']}/registrations"
    tokens = [client.post(path, json=api_body(
        mode="physical", email=f"p{i}@harstad.kommune.no",
        answers=_answers(q, **{str(q["health"]): "Rullestol"}), health_consent=True)
    ).json["token"] for i in range(2)]

    def health_count() -> int:
        with app.app_context():
            return db.session.scalar(select(func.count(RegistrationAnswer.id)).where(
                RegistrationAnswer.question_id == q["health"])) or 0

    assert health_count() == 2
    assert client.delete(f"/api/v1/registrations/{tokens[0]}").status_code == 200
    assert health_count() == 1
    with app.app_context():
        assert retention.delete_health_answers(clock.now) == 0  # the event is ahead
    clock.advance(days=40)
    with app.app_context():
        assert retention.run(clock.now)["health_answers_deleted"] == 1
        others = db.session.scalar(select(func.count(RegistrationAnswer.id)))
    assert health_count() == 0 and others == 8  # the other answers stay until anonymised
    clock.advance(days=400)
    with app.app_context():
        retention.run(clock.now)
        assert db.session.scalar(select(func.count(RegistrationAnswer.id))) == 0


def test_group_rows_answer_the_questions_too(app, client):
    ids, q = build(app, client)
    from tests.test_groups import group_body, people

    rows = people(2)
    rows[0]["answers"] = _answers(q)
    rows[1]["answers"] = _answers(q, **{str(q["group"]): "Oslo"})
    response = client.post(f"/api/v1/events/{ids['event']}/group-registrations",
                           json=group_body(participants=rows))
    assert response.status_code == 422
    assert list(response.json["fields"]) == [f"participants.1.answers.{q['group']}"]
    rows[1]["answers"] = _answers(q)
    response = client.post(f"/api/v1/events/{ids['event']}/group-registrations",
                           json=group_body(participants=rows))
    assert response.status_code == 201
    with app.app_context():
        assert db.session.scalar(select(func.count(RegistrationAnswer.id))) == 8


def test_no_questions_behaves_as_before(app, client):
    with app.app_context():
        event = make_event()
    assert client.get(f"/api/v1/events/{event.id}").json["questions"] == []
    response = client.post(f"/api/v1/events/{event.id}/registrations",
                           json=api_body(answers={"1": "x"}))
    assert response.status_code == 422 and list(response.json["fields"]) == ["answers.1"]


def test_access_request_lists_the_answers(app, client):
    from registration.privacy import access

    ids, q = build(app, client)
    client.post(f"/api/v1/events/{ids['event']}/registrations", json=api_body(
        mode="physical", answers=_answers(q, **{str(q["health"]): "Rullestol"}),
        health_consent=True))
    with app.app_context():
        data = access.collect("ola.nordmann@harstad.kommune.no")
        sheet = next(s for s in data.sheets if s.title == "Egne spørsmål")
        assert ["Hvilken ABC-gruppe hører du til?", "Senja"] in [row[1:] for row in sheet.rows]
        assert ["Trenger du tilrettelegging?", "Rullestol"] in [row[1:] for row in sheet.rows]
