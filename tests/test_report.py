"""The yearly report to Helsedirektoratet: known data over two years gives exactly the
expected cells on the page, in the API and in both files; only admins and arrangører see it;
the publishable version hides every count under 5 and whatever would give one away; and the
figures are the same after the retention rules anonymise everyone."""

from __future__ import annotations

import csv
import io
import re
from datetime import UTC, datetime

import pytest
from openpyxl import load_workbook
from sqlalchemy import func, select

from registration.accounts import operations as auth
from registration.checkin import operations as checkin
from registration.core import municipalities
from registration.core.extensions import db
from registration.events import topics
from registration.models import AuditEntry, Event, EventKind, EventStatus, Participation, User
from registration.privacy import retention
from registration.registrations import operations
from registration.registrations.rules import Participant
from registration.reports.publishable import HIDDEN, smallest_number
from tests.conftest import make_event

PASSWORD = "riktig-passord-123"
START = datetime(2025, 1, 5, 12, tzinfo=UTC)
TROMS = [m.number for m in municipalities.all_municipalities().values() if m.county_number == "55"]


def who(name: str, kommune: str, role: str, mode: str | None = None) -> Participant:
    return Participant(name=f"{name} Nordmann", email=f"{name.lower()}@example.no",
                       mobile="+4791234567", kommunenummer=kommune, workplace="Sykehjemmet",
                       role=role, mode=mode)


A = ("Anne", "5501", "sykepleier")  # at three events in 2025 and one in 2026
B = ("Bjorn", "5503", "leder")
C = ("Cato", "5530", "sykepleier")  # waitlisted: never counts
D = ("Dina", "0301", "helsefagarbeider")  # from outside the region
E = ("Ella", "5501", "sykepleier")  # cancelled: never counts
F = ("Frida", "5530", "vernepleier")
G = ("Geir", "5501", "helsefagarbeider")
H = ("Hanne", "5503", "sykepleier")  # walk-in at the door
I_ = ("Ivar", "5501", "lege")


def sign_in(client, email: str) -> None:
    response = client.post("/arrangor/logg-inn", data={"email": email, "password": PASSWORD})
    assert response.status_code == 303


@pytest.fixture
def known(app, clock):
    """Events of several kinds and topics in 2025 and 2026 with known registrations."""
    clock.now = START
    with app.app_context():
        ids = {role: auth.create_user(f"{role}@usht.no", role, PASSWORD, role).id
               for role in ("admin", "arrangor", "vert")}
        arrangor = db.session.get(User, ids["arrangor"])
        e1 = make_event(title="Vinterlys 2025", kind=EventKind.KONFERANSE, topic="Demens",
                        capacities={"physical": 2, "digital": 10}, starts_in=_days(60))
        conference = db.session.get_one(Event, e1.id)
        conference.topics.append(topics.named("Ledelse"))
        e2 = make_event(title="En bedre hverdag", kind=EventKind.WEBINARSERIE, topic="Demens",
                        participation=Participation.DIGITAL, sessions=2, starts_in=_days(120))
        e3 = make_event(title="Fagdag ernæring", kind=EventKind.FAGDAG, topic="Ernæring",
                        participation=Participation.PHYSICAL, capacities={"physical": 5},
                        starts_in=_days(200))
        make_event(title="Utkast", kind=EventKind.KONFERANSE, status=EventStatus.DRAFT,
                   starts_in=_days(90))
        make_event(title="Avlyst", kind=EventKind.FAGDAG, status=EventStatus.CANCELLED,
                   starts_in=_days(95))
        make_event(title="Informasjonsmøte", kind=EventKind.INFORMASJONSMOTE, topic="",
                   participation=Participation.PHYSICAL, capacities={"physical": 50},
                   starts_in=_days(300))
        f1 = make_event(title="Vinterlys 2026", kind=EventKind.KONFERANSE, topic="Demens",
                        participation=Participation.PHYSICAL, capacities={"physical": 50},
                        starts_in=_days(400))
        db.session.commit()

        def reg(event, person, mode=None):  # noqa: ANN001, ANN202
            return operations.register(event.id, who(*person, mode=mode))

        r = {"e1a": reg(e1, A, "physical"), "e1b": reg(e1, B, "physical"),
             "e1c": reg(e1, C, "physical"), "e1d": reg(e1, D, "digital"),
             "e1e": reg(e1, E, "digital"), "e2a": reg(e2, A), "e2f": reg(e2, F),
             "e2g": reg(e2, G), "e3a": reg(e3, A), "e3b": reg(e3, B),
             "f1a": reg(f1, A), "f1i": reg(f1, I_)}
        assert r["e1c"].status == "waitlisted"
        operations.cancel(r["e1e"].token)
        operations.cancel(r["e3b"].token)
        regs = {key: outcome.registration.id for key, outcome in r.items()}
        codes = {key: outcome.registration.ticket_code for key, outcome in r.items()}

        def session(event, number=0):  # noqa: ANN001, ANN202
            return db.session.get(Event, event.id).sessions[number]

        def registration(key):  # noqa: ANN001, ANN202
            from registration.models import Registration
            return db.session.get(Registration, regs[key])

        # Geir registered before person keys existed (the worker fills them in): counted by
        # the key of his e-mail, until anonymisation stores it (then by the database).
        registration("e2g").person_key = None
        db.session.commit()
        clock.advance(days=60, minutes=5)  # E1 is on: Anne scanned, Dina joins online
        assert checkin.check_in(session(e1), codes["e1a"], arrangor).result == "checked_in"
        checkin.record_digital(registration("e1d"), session(e1))
        clock.advance(days=60)  # E2: Anne only the second time, Frida both
        checkin.record_digital(registration("e2f"), session(e2, 0))
        checkin.record_digital(registration("e2f"), session(e2, 1))
        checkin.record_digital(registration("e2a"), session(e2, 1))
        clock.advance(days=80)  # E3: Anne marked by hand, Hanne walks in
        checkin.set_attendance(registration("e3a"), session(e3), True, arrangor)
        assert checkin.walk_in(session(e3), who(*H), arrangor).result == "checked_in"
        clock.advance(days=200)  # 2026: F1, Anne scanned
        assert checkin.check_in(session(f1), codes["f1a"], arrangor).result == "checked_in"
        return ids


def _days(n: int):  # noqa: ANN202
    from datetime import timedelta
    return timedelta(days=n)


def _kommune(number: str, registrations: int = 0, attended: int = 0, persons: int = 0) -> dict:
    found = municipalities.get(number)
    assert found is not None
    return {"kommunenummer": number, "name": found.name, "fylke": found.county_number,
            "registrations": registrations, "attended": attended, "persons": persons}


def expected_2025() -> dict:
    counted = {"5501": (4, 3, 2), "5503": (2, 1, 2), "5530": (1, 1, 1)}
    return {
        "year": 2025,
        "totals": {"events": 4, "registrations": 8, "attended": 6, "persons": 6,
                   "physical": 4, "digital": 4},
        "region": {"fylker": ["55"], "kommuner": 21, "reached": 3},
        "by_kommune": [_kommune(n, *counted.get(n, (0, 0, 0))) for n in TROMS]
        + [_kommune("0301", 1, 1, 1)],
        "by_kind": [{"kind": "konferanse", "events": 1, "registrations": 3, "attended": 2},
                    {"kind": "webinarserie", "events": 1, "registrations": 3, "attended": 2},
                    {"kind": "fagdag", "events": 1, "registrations": 2, "attended": 2},
                    {"kind": "informasjonsmote", "events": 1, "registrations": 0,
                     "attended": 0}],
        "by_topic": [{"topic": "Demens", "events": 2, "registrations": 6, "attended": 4},
                     {"topic": "Ledelse", "events": 1, "registrations": 3, "attended": 2},
                     {"topic": "Ernæring", "events": 1, "registrations": 2, "attended": 2}],
        "by_role": [{"role": "sykepleier", "registrations": 4, "attended": 4},
                    {"role": "helsefagarbeider", "registrations": 2, "attended": 1},
                    {"role": "leder", "registrations": 1, "attended": 0},
                    {"role": "vernepleier", "registrations": 1, "attended": 1}],
        "by_month": [{"month": m, "events": e, "registrations": r, "attended": a}
                     for m, (e, r, a) in ((m, {3: (1, 3, 2), 5: (1, 3, 2), 7: (1, 2, 2),
                                                11: (1, 0, 0)}.get(m, (0, 0, 0)))
                                          for m in range(1, 13))],
    }


def table_cells(html: str, table_id: str) -> dict[str, dict[str, str]]:
    """{row key: {column: text}} of one table of the page."""
    start = html.index(f'id="{table_id}"')
    body = html[start:html.index("</table>", start)]
    rows = {}
    for key, row in re.findall(r'<tr data-key="([^"]*)">(.*?)</tr>', body, re.S):
        rows[key] = {col: re.sub(r"<[^>]+>", "", text).strip()
                     for col, text in re.findall(r'data-col="([^"]+)">(.*?)</td>', row, re.S)}
    return rows


def file_rows(expected: dict) -> list[list[str]]:
    """What the Excel and CSV files must hold (as text), from the expected report."""
    from registration.reports.exports import rows
    return [["" if v is None else str(v) for v in row] for row in rows(expected)]


def test_known_data_gives_the_expected_cells_in_page_api_and_files(app, client, known):
    expected = expected_2025()
    with app.app_context():
        token = auth.create_token(db.session.get(User, known["arrangor"]), "rapport", "read")
    api = client.get("/api/v1/reports/yearly?year=2025",
                     headers={"Authorization": f"Bearer {token}"})
    assert api.status_code == 200
    assert api.get_json() == expected

    sign_in(client, "arrangor@usht.no")
    page = client.get("/arrangor/rapport?ar=2025")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    totals = table_cells(html, "totals")
    for key, value in expected["totals"].items():
        assert totals[key]["2025"] == str(value), key
    # The year before, side by side: nothing in 2024.
    assert totals["registrations"]["2024"] == "0"
    assert "3 av 21 kommuner nådd" in html
    kommuner = table_cells(html, "by-kommune")
    assert list(kommuner) == [k["kommunenummer"] for k in expected["by_kommune"]]
    for row in expected["by_kommune"]:
        cells = kommuner[row["kommunenummer"]]
        assert (cells["registrations"], cells["attended"], cells["persons"]) == (
            str(row["registrations"]), str(row["attended"]), str(row["persons"]))
    for table, key in (("by-kind", "kind"), ("by-topic", "topic"), ("by-role", "role"),
                       ("by-month", "month")):
        cells = table_cells(html, table)
        wanted = expected[table.replace("-", "_")]
        assert list(cells) == [str(row[key]) for row in wanted]
        for row in wanted:
            for column, value in row.items():
                if column != key:
                    assert cells[str(row[key])][column] == str(value), (table, row, column)
    assert "Fagdag/workshop" in html and "Informasjonsmøte" in html
    # Charts drawn on the server, each with its numbers in a table.
    assert html.count("<svg") >= 5 and 'aria-labelledby="chart-kommune-title"' in html

    # 2026: only Vinterlys 2026; Anne counted once more, and Ivar.
    html_2026 = client.get("/arrangor/rapport?ar=2026").get_data(as_text=True)
    totals_2026 = table_cells(html_2026, "totals")
    assert totals_2026["events"] == {"2026": "1", "2025": "4"}
    assert totals_2026["registrations"]["2026"] == "2"
    assert totals_2026["attended"]["2026"] == "1"

    wanted_rows = file_rows(expected)
    xlsx = client.get("/arrangor/rapport.xlsx?ar=2025")
    assert xlsx.status_code == 200 and "arsrapport-2025.xlsx" in xlsx.headers[
        "Content-Disposition"]
    sheet = load_workbook(io.BytesIO(xlsx.data)).active
    got = [["" if v is None else str(v) for v in row]
           for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert got == wanted_rows
    assert [c.value for c in sheet[1]][:6] == ["Del", "Kode", "Navn", "Arrangementer",
                                              "Påmeldte", "Møtt"]
    assert got[0] == ["Totalt", "", "Alle", "4", "8", "6", "6", "4", "4"]
    text = client.get("/arrangor/rapport.csv?ar=2025").data.decode("utf-8-sig")
    assert list(csv.reader(io.StringIO(text), delimiter=";"))[1:] == wanted_rows
    downloads = client.get("/arrangor/rapport?ar=2025").get_data(as_text=True)
    assert downloads.count(", 2025, xlsx</li>") == 1 and ", 2025, csv</li>" in downloads
    api_csv = client.get("/api/v1/reports/yearly.csv?year=2025",
                         headers={"Authorization": f"Bearer {token}"}).data.decode("utf-8-sig")
    assert api_csv == text
    with app.app_context():
        audited = db.session.scalars(select(AuditEntry).where(
            AuditEntry.action == "export.report").order_by(AuditEntry.id)).all()
        assert [(a.after["format"], a.user_id) for a in audited] == [
            ("xlsx", known["arrangor"]), ("csv", known["arrangor"]),
            ("csv", known["arrangor"])]


def test_the_kommune_page_shows_participation_over_the_years(app, client, known):
    sign_in(client, "admin@usht.no")
    html = client.get("/arrangor/kommune/5501").get_data(as_text=True)
    by_year = table_cells(html, "by-year")
    # Tromsø: 2025 Anne ×3 and Geir (3 attended, 2 persons); 2026 Anne and Ivar.
    assert by_year["2025"] == {"events": "3", "registrations": "4", "attended": "3",
                               "persons": "2"}
    assert by_year["2026"] == {"events": "1", "registrations": "2", "attended": "1",
                               "persons": "2"}
    assert table_cells(html, "by-topic")["Demens"]["registrations"] == "5"
    assert table_cells(html, "by-kind")["konferanse"]["registrations"] == "3"
    # Vinterlys 2026 is on now (upcoming until it ends); the informasjonsmøte had nobody
    # from Tromsø.
    past, upcoming = table_cells(html, "past"), table_cells(html, "upcoming")
    assert [cells["registrations"] for cells in past.values()] == ["1", "2", "1"]
    assert [cells["attended"] for cells in past.values()] == ["1", "1", "1"]
    assert list(upcoming.values()) == [{"registrations": "2"}]
    assert "Vinterlys 2026" in html and "Informasjonsmøte" not in html
    assert client.get("/arrangor/kommune/9999").status_code == 404
    assert client.get("/arrangor/kommune/abcd").status_code == 404


def test_only_admins_and_arrangorer_see_the_report(app, client, known):
    urls = ["/arrangor/rapport?ar=2025", "/arrangor/rapport.xlsx?ar=2025",
            "/arrangor/rapport.csv?ar=2025&publiserbar=1", "/arrangor/kommune/5501"]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 302 and "/arrangor/logg-inn" in response.headers[
            "Location"]
    sign_in(client, "vert@usht.no")
    for url in urls:
        assert client.get(url).status_code == 403, url
    api = "/api/v1/reports/yearly?year=2025"
    assert client.get(api).status_code == 403  # the vert's own browser session
    client.post("/arrangor/logg-ut")
    assert client.get(api).status_code == 401
    with app.app_context():
        vert = db.session.get(User, known["vert"])
        arrangor = db.session.get(User, known["arrangor"])
        admin = db.session.get(User, known["admin"])
        tokens = {"vert": auth.create_token(vert, "v", "read"),
                  "checkin": auth.create_token(arrangor, "c", "checkin"),
                  "export": auth.create_token(arrangor, "e", "export"),
                  "admin": auth.create_token(admin, "a", "read")}
    for url in (api, "/api/v1/reports/yearly.xlsx?year=2025"):
        for name, status in (("vert", 403), ("checkin", 403), ("export", 200),
                             ("admin", 200)):
            response = client.get(url, headers={"Authorization": f"Bearer {tokens[name]}"})
            assert response.status_code == status, (url, name)
    headers = {"Authorization": f"Bearer {tokens['admin']}"}
    bad = client.get("/api/v1/reports/yearly?year=twenty&publishable=maybe", headers=headers)
    assert bad.status_code == 422
    assert set(bad.get_json()["fields"]) == {"year", "publishable"}
    empty = client.get("/api/v1/reports/yearly?publishable=", headers=headers)
    assert empty.status_code == 422 and set(empty.get_json()["fields"]) == {"publishable"}
    assert client.get("/api/v1/reports/yearly.pdf", headers=headers).status_code == 404


def test_a_year_that_cannot_be_read_gets_a_message_not_a_500(app, client, known):
    sign_in(client, "arrangor@usht.no")
    for raw in ("abc", "20255", "1999", "٢٠٢٥"):
        response = client.get(f"/arrangor/rapport?ar={raw}")
        assert response.status_code == 422
        assert "Året må være et årstall fra 2000 til 2100." in response.get_data(as_text=True)
    assert client.get("/arrangor/rapport.xlsx?ar=abc").status_code == 400
    assert client.get("/arrangor/rapport.pdf?ar=2025").status_code == 404


def test_the_publishable_version_has_no_count_under_5(app, client, known):
    sign_in(client, "arrangor@usht.no")
    with app.app_context():
        token = auth.create_token(db.session.get(User, known["admin"]), "a", "read")
    report = client.get("/api/v1/reports/yearly?year=2025&publishable=true",
                        headers={"Authorization": f"Bearer {token}"}).get_json()
    assert report["publishable"] is True
    assert smallest_number(report) == 6
    assert report["totals"] == {"events": HIDDEN, "registrations": 8, "attended": 6,
                                "persons": 6, "physical": HIDDEN, "digital": HIDDEN}
    # Tromsø's 4 and Harstad's 2 are hidden, and so is every other kommune's count.
    assert {k["registrations"] for k in report["by_kommune"]} == {HIDDEN}
    html = client.get("/arrangor/rapport?ar=2025&publiserbar=1").get_data(as_text=True)
    assert "publiserbar versjon" in html and "Anne" not in html and "<svg" not in html
    numbers = [int(n) for n in re.findall(r'data-col="[^"]+">(\d+)</td>', html)]
    assert numbers and all(n >= 5 for n in numbers if n < 2000)  # years excepted
    sheet = load_workbook(io.BytesIO(client.get(
        "/arrangor/rapport.xlsx?ar=2025&publiserbar=1").data)).active
    cells = [v for row in sheet.iter_rows(min_row=2, min_col=4, values_only=True)
             for v in row if v is not None]
    assert cells and all(v == HIDDEN or (isinstance(v, int) and v >= 5) for v in cells)


def test_the_figures_stay_the_same_after_anonymisation(app, client, clock, known):
    def reports() -> list[dict]:
        with app.app_context():  # a new token: tokens expire
            token = auth.create_token(db.session.get(User, known["admin"]), "a", "read")
        headers = {"Authorization": f"Bearer {token}"}
        return [client.get(f"/api/v1/reports/yearly?year={year}{flag}",
                           headers=headers).get_json()
                for year in (2025, 2026) for flag in ("", "&publishable=true")]

    before = reports()
    clock.advance(days=800)  # past RETENTION_MONTHS (12) after every event
    with app.app_context():
        done = retention.run(clock.now)
        assert done["anonymised"] == 13  # every registration, the cancelled ones too
        from registration.models import Registration
        assert db.session.scalar(select(func.count(Registration.id)).where(
            Registration.anonymised_at.is_(None))) == 0
        assert db.session.scalar(select(func.count(Registration.id)).where(
            Registration.name.like("%Nordmann%"))) == 0
    assert reports() == before
    assert before[0] == expected_2025()


def test_the_demo_data_has_a_past_year_with_attendance(app, client, runner):
    assert "Demodata lagt inn" in runner.invoke(args=["seed-demo", "--if-empty"]).output
    with app.app_context():
        from registration.core.i18n import local
        from registration.models import utcnow
        from registration.reports.figures import as_dict, yearly_report
        last_year = local(utcnow()).year - 1
        report = as_dict(yearly_report(last_year))
    totals = report["totals"]
    assert totals["events"] == 9
    assert 0 < totals["attended"] < totals["registrations"]
    assert totals["persons"] < totals["registrations"]  # people came more than once
    assert totals["physical"] > 0 and totals["digital"] > 0
    assert 10 <= report["region"]["reached"] < 21
    assert {row["kind"] for row in report["by_kind"]} >= {"fagdag", "informasjonsmote",
                                                          "annet", "konferanse"}
    assert "TryggEst" in {row["topic"] for row in report["by_topic"]}
    assert client.post("/arrangor/logg-inn", data={
        "email": "arrangor@usht.no", "password": "demo-arrangor-2026"}).status_code == 303
    page = client.get(f"/arrangor/rapport?ar={last_year}").get_data(as_text=True)
    assert f"{report['region']['reached']} av 21 kommuner nådd" in page
    past = client.get(f"/arrangor/?vis=tidligere&ar={last_year}").get_data(as_text=True)
    assert past.count('data-col="attended"') == 9


def test_a_registration_without_a_kommune_is_reported_as_not_in_one(app, client, clock):
    """A workplace outside any kommune (no kommunenummer) gets its own last row, and the
    region's kommuner are still all listed."""
    clock.now = START
    with app.app_context():
        auth.create_user("arrangor@usht.no", "arrangor", PASSWORD, "A")
        ref = make_event(title="Fagdag", kind=EventKind.FAGDAG, starts_in=_days(30),
                         participation=Participation.PHYSICAL, capacities={"physical": 9})
        outcome = operations.register(ref.id, who(*G))
        operations.register(ref.id, who(*A))
        outcome.registration.kommunenummer = ""  # as a workplace outside the kommuner
        db.session.commit()
        token = auth.create_token(db.session.get(User, 1), "r", "read")
    report = client.get("/api/v1/reports/yearly?year=2025",
                        headers={"Authorization": f"Bearer {token}"}).get_json()
    assert len(report["by_kommune"]) == 22
    assert report["by_kommune"][-1] == {"kommunenummer": None, "name": "Ikke i en kommune",
                                        "fylke": None, "registrations": 1, "attended": 0,
                                        "persons": 1}
    assert report["region"]["reached"] == 1
    sign_in(client, "arrangor@usht.no")
    html = client.get("/arrangor/rapport?ar=2025").get_data(as_text=True)
    assert table_cells(html, "by-kommune")["ingen"]["registrations"] == "1"
    assert "Ikke i en kommune" in html
    text = client.get("/arrangor/rapport.csv?ar=2025").data.decode("utf-8-sig")
    assert "Kommune;;Ikke i en kommune;;1;0;1;;" in text
