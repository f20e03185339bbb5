"""Evaluations: the standard form, invitations to those who came (through a real SMTP
server), the one-time answer page, anonymity, results, exports and the comparison."""

from __future__ import annotations

import csv
import io
import re
import time
from dataclasses import dataclass
from datetime import timedelta

import pytest
from openpyxl import load_workbook
from sqlalchemy import delete, func, select

from registration.accounts import operations as auth
from registration.checkin import operations as checkin
from registration.core.extensions import db
from registration.evaluations import builder, invitations
from registration.events import operations as events
from registration.mail import delivery
from registration.models import (
    EvaluationAnswer,
    EvaluationForm,
    EvaluationInvitation,
    EvaluationResponse,
    Event,
    EventKind,
    EventSession,
    OutboxMessage,
    Registration,
    User,
    utcnow,
)
from registration.registrations import operations
from tests.conftest import make_event, person
from tests.test_mail import Inbox, mail_app, smtp  # noqa: F401  (smtp is a fixture)

PASSWORD = "riktig-passord-123"


@dataclass
class Ended:
    event_id: int
    registration_ids: list[int]
    emails: list[str]
    names: list[str]


def ended_event(*, title: str = "Den lille forskjellen – våren 2026", people: int = 3,
                at_door: tuple[int, ...] = (0,), online: tuple[int, ...] = (1,),
                ended_hours_ago: float = 3, kind: EventKind = EventKind.WEBINARSERIE,
                owner_email: str = "arrangor@usht.no") -> Ended:
    """An event that ended ``ended_hours_ago`` hours ago, with the standard form. Person i
    came to the door (checked in by ticket) if i in at_door, joined by the digital link if
    i in online, and did not come otherwise. Runs inside an app context."""
    owner = db.session.scalar(select(User).where(User.email == owner_email)) or \
        auth.create_user(owner_email, "arrangor", PASSWORD, "Arrangør")
    ref = make_event(title=title, kind=kind, capacities={"physical": 10, "digital": 10})
    event = db.session.get(Event, ref.id)
    event.owner_id = owner.id
    builder.attach_standard(event)
    db.session.commit()
    registrations = [operations.register(ref.id, person(
        i, mode="digital" if i in online else "physical",
        email=f"{re.sub(r'[^a-z]', '', title.lower())[:12]}.{i}@kommune.no")).registration
        for i in range(people)]
    ids = [r.id for r in registrations]
    emails = [r.email for r in registrations]
    names = [r.name for r in registrations]
    codes = [r.ticket_code for r in registrations]
    event = db.session.get(Event, ref.id)
    end = utcnow() - timedelta(hours=ended_hours_ago)
    for session in event.sessions:
        session.starts_at, session.ends_at = end - timedelta(hours=6), end
    db.session.commit()
    session = event.sessions[0]
    for i in at_door:
        assert checkin.check_in(session, codes[i], owner).result == "checked_in"
    for i in online:
        checkin.record_digital(db.session.get(Registration, ids[i]), session)
    return Ended(ref.id, ids, emails, names)


def sign_in(client, email: str = "arrangor@usht.no") -> None:
    response = client.post("/arrangor/logg-inn", data={"email": email, "password": PASSWORD})
    assert response.status_code == 303


def tokens(event_id: int) -> dict[int, str]:
    """registration id → invitation token."""
    form = builder.form_of(event_id)
    return {i.registration_id: i.token for i in db.session.scalars(
        select(EvaluationInvitation).where(EvaluationInvitation.form_id == form.id))}


def answers(event_id: int, **by_key: object) -> dict[str, object]:
    """Form data for the standard questions, by standard key (defaults: a full answer)."""
    values = {"overall": "5", "relevance": "4", "format": "4", "recommend": "ja",
              "most_useful": "Øvelsene i smågrupper", "improve": "",
              "topics_next": ["Demens", "Ernæring"], "topics_other": ""}
    values.update(by_key)
    form = builder.form_of(event_id)
    return {f"q{q.id}": values[q.standard_key] for q in form.questions
            if q.standard_key in values and values[q.standard_key] is not None}


def test_new_and_copied_events_get_the_standard_form(app):
    with app.app_context():
        owner = auth.create_user("arrangor@usht.no", "arrangor", PASSWORD)
        first = make_event()
        assert builder.form_of(first.id) is None  # made without the organiser's tools
        start = utcnow() + timedelta(days=9)
        event = events.create(events.EventFields(
            title="ABC-seminar", kind="abc_fagseminar", description="",
            participation="physical", capacities={"physical": 30}, has_waitlist=True,
            serves_food=False, registration_opens_at=None, registration_closes_at=None,
            cancellation_deadline=None),
            EventSession(starts_at=start, ends_at=start + timedelta(hours=4)), owner)
        form = builder.form_of(event.id)
        assert form is not None and form.anonymous and form.auto_send
        assert form.send_delay_hours == 2
        keys = [q.standard_key for q in form.questions]
        assert keys[:4] == ["overall", "relevance", "format", "recommend"]
        kinds = {q.kind for q in form.questions}
        assert {"scale", "yesno", "long_text", "multiple", "short_text"} <= kinds
        copy = events.duplicate(event, 4, "ABC-seminar (kopi)", owner)
        copied = builder.form_of(copy.id)
        assert [q.text for q in copied.questions] == [q.text for q in form.questions]
        assert copied.id != form.id


def test_invitation_goes_after_the_delay_to_attendees_only_through_smtp(
        database_url, tmp_path, smtp):  # noqa: F811
    inbox, port = smtp
    app = mail_app(database_url, tmp_path, port)
    with app.app_context():
        ended = ended_event(people=4, at_door=(0,), online=(1,), ended_hours_ago=1)
        now = utcnow()
        assert invitations.queue_due_invitations(now) == 0  # the delay is two hours
        later = now + timedelta(hours=1, minutes=5)
        assert invitations.queue_due_invitations(later) == 2
        assert invitations.queue_due_invitations(later + timedelta(hours=5)) == 0  # once
        while delivery.deliver_due(limit=10, now=later):
            pass
    def evaluations_sent() -> list:
        return [m for m in inbox.messages if "Evaluering av" in m["Subject"]]

    deadline = time.monotonic() + 10
    while len(evaluations_sent()) < 2 and time.monotonic() < deadline:
        time.sleep(0.05)
    messages = evaluations_sent()
    assert len(messages) == 2
    to = sorted(m["To"].addresses[0].addr_spec for m in messages)
    assert to == sorted(ended.emails[:2])  # door and digital link; not 2 and 3
    for message in messages:
        assert "Evaluering av Den lille forskjellen" in message["Subject"]
        body = message.get_body(("plain",)).get_content()
        assert re.search(r"https://pamelding\.example\.no/evaluering/[\w-]{20,}", body)
        assert "anonyme" in body
        html = message.get_body(("html",)).get_content()
        assert "Svar på evalueringen" in html and "meld deg av" not in html
    time.sleep(0.3)
    assert len(evaluations_sent()) == 2  # nobody else got one


def test_the_worker_command_sends_the_invitations_when_due(database_url, tmp_path,
                                                          smtp):  # noqa: F811
    inbox, port = smtp
    app = mail_app(database_url, tmp_path, port)
    with app.app_context():
        ended = ended_event(people=2, at_door=(0,), online=(), ended_hours_ago=3)
        db.session.execute(delete(OutboxMessage))  # the confirmations: not this test's mail
        db.session.commit()
    result = app.test_cli_runner().invoke(args=["worker", "--once"])
    assert "Sendt: 1" in result.output, result.output
    message = inbox.wait_for(1)[0]
    assert message["To"].addresses[0].addr_spec == ended.emails[0]
    assert "Evaluering av" in message["Subject"]
    assert "Sendt: 0" in app.test_cli_runner().invoke(args=["worker", "--once"]).output


def test_organiser_sends_by_hand_and_reminds_only_those_who_have_not_answered(app, client):
    with app.app_context():
        ended = ended_event(people=4, at_door=(0,), online=(1,))
    sign_in(client)
    base = f"/arrangor/arrangement/{ended.event_id}/evaluering"
    page = client.post(f"{base}/send", data={"group": "attended"}, follow_redirects=True)
    assert "Invitasjonen er sendt til 2 personer." in page.get_data(as_text=True)
    page = client.post(f"{base}/send", data={"group": "confirmed"}, follow_redirects=True)
    assert "Invitasjonen er sendt til 2 personer." in page.get_data(as_text=True)
    page = client.post(f"{base}/send", data={"group": "confirmed"}, follow_redirects=True)
    assert "allerede fått invitasjonen" in page.get_data(as_text=True)
    assert client.post(f"{base}/send", data={"group": "everyone"}).status_code == 422
    with app.app_context():
        by_registration = tokens(ended.event_id)
        invitations = {i.registration_id: i for i in db.session.scalars(
            select(EvaluationInvitation))}
        assert invitations[ended.registration_ids[0]].attended
        assert not invitations[ended.registration_ids[3]].attended
        answer_data = answers(ended.event_id)
    assert client.post(f"/evaluering/{by_registration[ended.registration_ids[0]]}",
                       data=answer_data).status_code == 303
    page = client.post(f"{base}/paminnelse", follow_redirects=True)
    assert "Påminnelsen er sendt til 3 personer." in page.get_data(as_text=True)
    with app.app_context():
        reminded = set(db.session.scalars(select(OutboxMessage.registration_id).where(
            OutboxMessage.kind == "evaluation_reminder")))
        assert reminded == set(ended.registration_ids[1:])
        assert db.session.scalar(select(func.count(OutboxMessage.id)).where(
            OutboxMessage.kind == "evaluation")) == 4


def test_answer_page_keeps_what_was_typed_and_the_link_works_once(app, client):
    with app.app_context():
        ended = ended_event()
        invitations.queue_due_invitations(utcnow())
        token = tokens(ended.event_id)[ended.registration_ids[0]]
        partial = answers(ended.event_id, overall=None, relevance=None,
                          most_useful="Rollespillet om samtykke")
        full = answers(ended.event_id)
        changed = answers(ended.event_id, overall="1")
    page = client.get(f"/evaluering/{token}")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "Hvor fornøyd er du med arrangementet alt i alt?" in html
    assert "Svært misfornøyd" in html and "anonyme" in html
    assert page.headers["Referrer-Policy"] == "no-referrer"

    refused = client.post(f"/evaluering/{token}", data=partial)
    assert refused.status_code == 422
    html = refused.get_data(as_text=True)
    assert html.count("Velg et svar.") >= 2  # in the summary and next to each field
    assert "Rollespillet om samtykke" in html  # what was typed is kept
    assert re.search(r'value="Demens" checked', html)
    with app.app_context():
        assert db.session.scalar(select(func.count(EvaluationResponse.id))) == 0

    done = client.post(f"/evaluering/{token}", data=full)
    assert done.status_code == 303 and done.headers["Location"].endswith("/evaluering/takk")
    assert "Takk for svarene!" in client.get("/evaluering/takk").get_data(as_text=True)
    again = client.get(f"/evaluering/{token}")
    assert again.status_code == 200 and "Du har allerede svart" in again.get_data(as_text=True)
    second = client.post(f"/evaluering/{token}", data=changed)
    assert second.status_code == 409
    with app.app_context():
        assert db.session.scalar(select(func.count(EvaluationResponse.id))) == 1
        overall = builder.form_of(ended.event_id).questions[0].id
        assert list(db.session.scalars(select(EvaluationAnswer.number).where(
            EvaluationAnswer.question_id == overall))) == [5]  # the first answer stands


def test_answers_arrive_without_a_session_cookie_with_csrf_on(database_url, tmp_path):
    """Mail apps' browsers may drop cookies between opening the link and sending: the
    one-time link is the secret, so the answers are taken all the same. The organiser's
    forms still need their CSRF token."""
    from tests.conftest import empty_database, make_app

    app = make_app(database_url, tmp_path, WTF_CSRF_ENABLED=True)
    empty_database(app)
    with app.app_context():
        ended = ended_event()
        invitations.queue_due_invitations(utcnow())
        token = tokens(ended.event_id)[ended.registration_ids[0]]
        data = answers(ended.event_id)
    client = app.test_client()
    assert client.post(f"/evaluering/{token}", data=data).status_code == 303
    page = client.get("/arrangor/logg-inn").get_data(as_text=True)
    csrf = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    assert client.post("/arrangor/logg-inn", data={
        "email": "arrangor@usht.no", "password": PASSWORD, "csrf_token": csrf}
    ).status_code == 303
    forged = client.post(f"/arrangor/arrangement/{ended.event_id}/evaluering/send",
                         data={"group": "confirmed"})
    assert forged.status_code == 400
    with app.app_context():
        assert db.session.scalar(select(func.count(EvaluationResponse.id))) == 1
        assert db.session.scalar(select(func.count(EvaluationInvitation.id))) == 2  # not 3


def test_bad_answers_get_a_clear_message_and_are_never_stored(app, client):
    with app.app_context():
        ended = ended_event()
        other = ended_event(title="KlinObs Trinn 1", kind=EventKind.KLINOBS_KURS)
        form = builder.form_of(ended.event_id)
        owner = db.session.scalar(select(User))
        single = builder.save_question(form, None, builder.QuestionSpec(
            "single", "Hvordan fikk du vite om kurset?", True,
            options=["E-post fra leder", "Nettsiden"]), owner)
        invitations.invite(db.session.get(Event, ended.event_id), "attended", owner)
        invitations.invite(db.session.get(Event, other.event_id), "attended", owner)
        token = tokens(ended.event_id)[ended.registration_ids[0]]
        other_token = tokens(other.event_id)[other.registration_ids[0]]
        good = {**answers(ended.event_id), f"q{single.id}": "Nettsiden"}
        keys = {q.standard_key: f"q{q.id}" for q in form.questions}
        single_key = f"q{single.id}"
    cases = [
        ({keys["overall"]: "7"}, "Velg en verdi fra 1 til 5."),
        ({keys["overall"]: "4.5"}, "Velg en verdi fra 1 til 5."),
        ({keys["recommend"]: "kanskje"}, "Svar ja eller nei."),
        ({single_key: "Plakat på jobben"}, "Velg blant alternativene som vises."),
        ({keys["topics_next"]: ["Demens", "Astrologi"]}, "Velg blant alternativene som vises."),
        ({keys["most_useful"]: "x" * 100_000}, "Svaret kan være høyst 5000 tegn"),
        ({keys["topics_other"]: "y" * 301}, "Svaret kan være høyst 300 tegn"),
    ]
    for change, message in cases:
        response = client.post(f"/evaluering/{token}", data={**good, **change})
        assert response.status_code == 422, change
        html = response.get_data(as_text=True)
        assert message in html, change
        assert 'aria-invalid="true"' in html
    assert client.get("/evaluering/forfalsket-lenke-1234567890").status_code == 404
    assert client.post("/evaluering/forfalsket-lenke-1234567890", data=good).status_code == 404
    assert client.get("/evaluering/" + "x" * 5000).status_code == 404
    # Another event's link with this event's answers: its own required questions are missing.
    crossed = client.post(f"/evaluering/{other_token}", data=good)
    assert crossed.status_code == 422 and "Velg et svar." in crossed.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(func.count(EvaluationResponse.id))) == 0
    assert client.post(f"/evaluering/{token}", data=good).status_code == 303

    with app.app_context():  # answers close on the set date
        other_form = builder.form_of(other.event_id)
        other_form.closes_at = utcnow() - timedelta(minutes=1)
        db.session.commit()
    closed = client.get(f"/evaluering/{other_token}")
    assert closed.status_code == 200 and "Evalueringen er stengt" in closed.get_data(as_text=True)
    assert client.post(f"/evaluering/{other_token}", data=good).status_code == 410


def _all_rows() -> dict[str, list[dict]]:
    return {table.name: [dict(row._mapping) for row in db.session.execute(table.select())]
            for table in db.metadata.sorted_tables}


def _export(client, event_id: int, fmt: str) -> str:
    response = client.get(f"/arrangor/arrangement/{event_id}/evaluering/svar.{fmt}")
    assert response.status_code == 200
    if fmt == "csv":
        return response.get_data(as_text=True)
    book = load_workbook(io.BytesIO(response.data))
    return "\n".join(";".join("" if c is None else str(c) for c in row)
                     for row in book.active.iter_rows(values_only=True))


@pytest.mark.parametrize("anonymous", [True, False], ids=["anonymous", "named-control"])
def test_anonymous_answers_cannot_be_linked_to_a_registration(app, client, anonymous):
    """With an anonymous form nothing ties an answer to a person: no column, no shared
    value, no time, nothing in the exports. The named form is the control: the same checks
    find the link there, so they would find one here."""
    with app.app_context():
        ended = ended_event(people=3, at_door=(0, 2), online=(1,))
        form = builder.form_of(ended.event_id)
        form.anonymous = anonymous
        db.session.commit()
        invitations.queue_due_invitations(utcnow())
        by_registration = tokens(ended.event_id)
        data = [answers(ended.event_id, overall=str(5 - i), most_useful=f"Svar nummer {i}")
                for i in range(2)]
    for i in range(2):
        assert client.post(f"/evaluering/{by_registration[ended.registration_ids[i]]}",
                           data=data[i]).status_code == 303
    sign_in(client)
    exported = _export(client, ended.event_id, "csv") + _export(client, ended.event_id, "xlsx")
    with app.app_context():
        rows = _all_rows()
        responses = rows["evaluation_response"]
        assert len(responses) == 2
        registration_values = {str(v) for r in rows["registration"] for k, v in r.items()
                               if k in ("id", "token", "ticket_code", "email", "name")}
        personal = [r for r in responses if r["registration_id"] or r["submitted_at"]]
        answer_rows = [a for a in rows["evaluation_answer"]
                       if a["response_id"] in {r["id"] for r in responses}]
        shared = {str(v) for a in answer_rows for v in a.values()} & (
            registration_values - {str(a["id"]) for a in answer_rows}
            - {str(a["question_id"]) for a in answer_rows}
            - {str(a["number"]) for a in answer_rows})
        response_ids = {r["id"] for r in responses}
        elsewhere = [(table, row) for table, table_rows in rows.items()
                     if table not in ("evaluation_response", "evaluation_answer")
                     for row in table_rows
                     if any(str(v) in response_ids or any(rid in str(v) for rid in response_ids)
                            for v in row.values() if v is not None)]
        invitation_columns = set(rows["evaluation_invitation"][0])
    named_in_export = [name for name in ended.names[:2] if name in exported]
    if anonymous:
        assert personal == [] and shared == set() and elsewhere == []
        assert named_in_export == []
        assert not any(email in exported for email in ended.emails)
        assert invitation_columns.isdisjoint({"response_id", "answered_at"})
        assert "Svar nummer 0" in exported  # the answers themselves are exported
    else:
        assert len(personal) == 2 and named_in_export  # the control finds the link


def test_results_show_rate_mean_charts_and_tables_and_export(app, client):
    with app.app_context():
        ended = ended_event(people=3, at_door=(0, 2), online=(1,))
        invitations.queue_due_invitations(utcnow())
        by_registration = tokens(ended.event_id)
        data = [answers(ended.event_id, overall="5", recommend="ja",
                        most_useful="Praktiske eksempler"),
                answers(ended.event_id, overall="4", recommend="nei",
                        topics_next=["Demens"], most_useful="")]
    for i in range(2):
        assert client.post(f"/evaluering/{by_registration[ended.registration_ids[i]]}",
                           data=data[i]).status_code == 303
    sign_in(client)
    page = client.get(f"/arrangor/arrangement/{ended.event_id}/evaluering/resultater")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert re.search(r'id="invited">3<', html) and re.search(r'id="answered">2<', html)
    assert re.search(r'id="rate">67 %<', html)
    assert "Snitt 4,5 av 5" in html
    assert html.count('role="img"') >= 5 and 'class="chart-label"' in html
    assert 'data-share="50.0"' in html  # 1 of the 2 who answered: half the bar
    assert re.search(r"<th scope=\"row\">5 – Svært fornøyd</th><td>1</td><td>50 %</td>", html)
    assert re.search(r"<th scope=\"row\">Demens</th><td>2</td><td>100 %</td>", html)
    assert "Praktiske eksempler" in html
    book = load_workbook(io.BytesIO(client.get(
        f"/arrangor/arrangement/{ended.event_id}/evaluering/svar.xlsx").data))
    rows = list(book.active.iter_rows(values_only=True))
    assert len(rows) == 3 and rows[0][0].startswith("1. Hvor fornøyd")
    assert sorted(r[0] for r in rows[1:]) == [4, 5]
    csv_rows = list(csv.reader(io.StringIO(client.get(
        f"/arrangor/arrangement/{ended.event_id}/evaluering/svar.csv").get_data(
            as_text=True).lstrip("\ufeff")), delimiter=";"))
    assert len(csv_rows) == 3 and sorted(r[3] for r in csv_rows[1:]) == ["ja", "nei"]
    assert client.get(f"/arrangor/arrangement/{ended.event_id}/evaluering/svar.pdf"
                      ).status_code == 404


def test_comparison_over_a_series_and_over_a_kind_this_year(app, client):
    with app.app_context():
        spring = ended_event(title="Den lille forskjellen – våren", people=2, at_door=(0, 1),
                             online=())
        autumn = ended_event(title="Den lille forskjellen – høsten", people=2, at_door=(0, 1),
                             online=())
        course = ended_event(title="KlinObs Trinn 2", kind=EventKind.KLINOBS_KURS, people=1,
                             at_door=(0,), online=())
        invitations.queue_due_invitations(utcnow())
        plan = [(spring, ["5", "3"]), (autumn, ["2", "2"]), (course, ["4"])]
        posts = []
        for ended, scores in plan:
            by_registration = tokens(ended.event_id)
            for rid, score in zip(ended.registration_ids, scores, strict=False):
                posts.append((by_registration[rid], answers(ended.event_id, overall=score)))
    for token, data in posts:
        assert client.post(f"/evaluering/{token}", data=data).status_code == 303
    sign_in(client)
    series = client.get("/arrangor/evaluering/sammenligning?q=lille+forskjellen")
    html = series.get_data(as_text=True)
    assert series.status_code == 200
    assert "Den lille forskjellen – våren" in html and "Den lille forskjellen – høsten" in html
    assert "KlinObs Trinn 2" not in html
    table = html[html.index('id="comparison"'):]
    assert re.search(r"våren</a></th>\s*<td>[^<]+</td>\s*<td>2 / 2</td>\s*<td>4,0</td>", table)
    assert re.search(r"høsten</a></th>\s*<td>[^<]+</td>\s*<td>2 / 2</td>\s*<td>2,0</td>", table)
    year = str(utcnow().year)
    by_kind = client.get(f"/arrangor/evaluering/sammenligning?kind=klinobs_kurs&year={year}")
    html = by_kind.get_data(as_text=True)
    assert "KlinObs Trinn 2" in html and "lille forskjellen" not in html.split("<table")[-1]
    bad = client.get("/arrangor/evaluering/sammenligning?q=" + "x" * 101 + "&kind=hemmelig")
    assert bad.status_code == 422 and "Høyst 100 tegn." in bad.get_data(as_text=True)
    assert "x" * 101 in bad.get_data(as_text=True)  # kept


def test_builder_adds_reorders_edits_removes_and_locks_after_sending(app, client):
    with app.app_context():
        ended = ended_event()
        target = ended_event(title="Demensomsorgens ABC – fagseminar",
                             kind=EventKind.ABC_FAGSEMINAR)
    sign_in(client)
    base = f"/arrangor/arrangement/{ended.event_id}/evaluering"
    assert client.get(base).status_code == 200
    new = f"{base}/sporsmal/ny"
    for kind in ("scale", "single", "multiple", "yesno", "short_text", "long_text"):
        data = {"text": f"Spørsmål av typen {kind}", "kind": kind, "required": "y",
                "low_label": "Lite", "high_label": "Mye"}
        if kind in ("single", "multiple"):
            data["options"] = "Sykehjem\nHjemmetjeneste\n\n"
        assert client.post(new, data=data).status_code == 303, kind
    bad = [({"text": "", "kind": "scale"}, "Skriv inn spørsmålet."),
           ({"text": "x" * 301, "kind": "scale"}, "høyst 300 tegn"),
           ({"text": "Velg", "kind": "single", "options": "Bare ett"}, "minst to alternativer"),
           ({"text": "Velg", "kind": "multiple", "options": "A\nA"}, "To alternativer er like"),
           ({"text": "Velg", "kind": "tegning"}, "Ikke et gyldig valg")]
    for data, message in bad:
        response = client.post(new, data=data)
        assert response.status_code == 422, data
        assert message in response.get_data(as_text=True)
        assert data["text"][:50] in response.get_data(as_text=True)  # kept
    with app.app_context():
        form = builder.form_of(ended.event_id)
        texts = [q.text for q in form.questions]
        assert len(texts) == 14 and texts[-1] == "Spørsmål av typen long_text"
        last, first = form.questions[-1].id, form.questions[0].id
        choice = next(q for q in form.questions if q.kind == "single")
        assert choice.options == ["Sykehjem", "Hjemmetjeneste"]
    assert client.post(f"{base}/sporsmal/{last}/flytt?retning=opp").status_code == 303
    assert client.post(f"{base}/sporsmal/{last}/flytt?retning=sidelengs").status_code == 400
    assert client.post(f"{base}/sporsmal/{first}", data={
        "text": "Alt i alt, hvor fornøyd?", "kind": "scale", "low_label": "Lite",
        "high_label": "Mye"}).status_code == 303
    assert client.post(f"{base}/sporsmal/{choice.id}/slett").status_code == 303
    with app.app_context():
        form = builder.form_of(ended.event_id)
        texts = [q.text for q in form.questions]
        assert texts[-2] == "Spørsmål av typen long_text" and len(texts) == 13
        assert texts[0] == "Alt i alt, hvor fornøyd?"
        assert form.questions[0].standard_key == "overall" and not form.questions[0].required
    # A template, used by another event
    assert client.post(f"{base}/lagre-mal", data={"name": ""}).status_code == 422
    assert client.post(f"{base}/lagre-mal", data={"name": "Kursmal 2027"}).status_code == 303
    with app.app_context():
        template = next(t for t in builder.templates() if t.template_name == "Kursmal 2027")
    other = f"/arrangor/arrangement/{target.event_id}/evaluering"
    assert client.post(f"{other}/mal", data={"template": str(template.id)}).status_code == 303
    assert client.post(f"{other}/mal", data={"template": "99999"}).status_code == 422
    with app.app_context():
        assert [q.text for q in builder.form_of(target.event_id).questions] == texts

    # Settings, with bad input
    for data, message in ((({"send_delay_hours": "-1"}), "Velg fra 0 til 720 timer."),
                          ({"send_delay_hours": "to"}, "Skriv inn et helt antall timer."),
                          ({"send_delay_hours": "2", "closes_at": "i morgen"},
                           "Velg dato og klokkeslett.")):
        response = client.post(f"{base}/innstillinger", data={"anonymous": "y", **data})
        assert response.status_code == 422 and message in response.get_data(as_text=True)
    assert client.post(f"{base}/innstillinger", data={
        "anonymous": "y", "auto_send": "y", "send_delay_hours": "24",
        "closes_at": "2030-01-31T12:00"}).status_code == 303
    with app.app_context():
        form = builder.form_of(ended.event_id)
        assert form.send_delay_hours == 24 and form.closes_at.year == 2030

    # Once sent, the questions and the anonymity stay as they were
    assert client.post(f"{base}/send", data={"group": "attended"}).status_code == 303
    locked = client.post(new, data={"text": "Sent", "kind": "scale"}, follow_redirects=True)
    assert "kan ikke endres lenger" in locked.get_data(as_text=True)
    named = client.post(f"{base}/innstillinger", data={"send_delay_hours": "24"})
    assert named.status_code == 422
    assert "kan ikke endres lenger" in named.get_data(as_text=True)
    with app.app_context():
        form = builder.form_of(ended.event_id)
        assert len(form.questions) == 13 and form.anonymous


def test_no_form_and_foreign_question_ids_are_refused(app, client):
    with app.app_context():
        ended = ended_event()
        other = ended_event(title="Annet arrangement")
        foreign = builder.form_of(other.event_id).questions[0].id
        db.session.delete(builder.form_of(ended.event_id))
        db.session.commit()
    sign_in(client)
    base = f"/arrangor/arrangement/{ended.event_id}/evaluering"
    page = client.get(base)
    assert page.status_code == 200 and "Lag skjema" in page.get_data(as_text=True)
    assert client.get(f"{base}/resultater").status_code == 404
    assert client.post(f"{base}/mal", data={"template": "standard"}).status_code == 303
    assert client.get(f"{base}/sporsmal/{foreign}").status_code == 404
    with app.app_context():
        assert len(builder.form_of(ended.event_id).questions) == len(builder.STANDARD)
        assert db.session.scalar(select(func.count(EvaluationForm.id))) == 2


def test_database_refuses_a_scale_answer_out_of_range(app):
    from sqlalchemy.exc import IntegrityError

    with app.app_context():
        ended = ended_event()
        form = builder.form_of(ended.event_id)
        question = form.questions[0].id
        db.session.add(EvaluationResponse(id="a" * 32, form_id=form.id, answers=[
            EvaluationAnswer(question_id=question, number=5)]))
        db.session.commit()  # in range: stored
        db.session.add(EvaluationResponse(id="b" * 32, form_id=form.id, answers=[
            EvaluationAnswer(question_id=question, number=7)]))
        with pytest.raises(IntegrityError):
            db.session.commit()
        db.session.rollback()

