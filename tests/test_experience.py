"""Issue 17 without a browser: the kommune list and «Jobber ikke i en kommune», search folding,
searches at the door and in the participant list, exports."""

from __future__ import annotations

from registration.core import municipalities
from registration.core.extensions import db
from registration.core.folding import fold
from registration.models import Registration
from tests.conftest import form_data, make_event


def test_fold_keeps_norwegian_letters_and_drops_accents():
    assert fold("Øyvind") == fold("øyvind") == "øyvind"
    assert fold("ÆRLIG Åse") == "ærlig åse"
    assert fold("Áile Čoahkki Đuđu Ŋánni Ŧ") == "aile coahkki dudu nanni t"
    assert fold("Åse") != fold("Ase")  # å is a letter, not an a with a ring
    assert fold("Jörgen Käll") == "jørgen kæll"
    assert fold(None) == ""


def test_kommune_list_sorts_and_shows_by_the_norwegian_name():
    everyone = list(municipalities.all_municipalities().values())
    names = [m.norwegian_name for m in everyone]
    # SSB writes «Dielddanuorri - Tjeldsund», «Loabák - Lavangen», «Gáivuotna - Kåfjord - …»
    assert names.index("Storfjord") < names.index("Tjeldsund") < names.index("Tromsø")
    assert names.index("Larvik") < names.index("Lavangen") < names.index("Lebesby")
    assert names.index("Kvænangen") < names.index("Kåfjord")
    assert names.index("Aurland") < names.index("Ørland") < names.index("Åfjord")
    tjeldsund = municipalities.get("5512")
    assert tjeldsund.name == "Dielddanuorri - Tjeldsund"  # the official string is kept
    assert tjeldsund.label == "Tjeldsund – Dielddanuorri (5512)"
    assert municipalities.name_of("5512") == "Tjeldsund"
    assert "romsa" in municipalities.get("5501").search_text


def test_centre_region_comes_first_and_may_be_several_counties():
    own, others = municipalities.centre_first("55")
    assert {m.county for m in own} == {"Troms"} and len(own) == 21
    assert len(own) + len(others) == 357
    own, _ = municipalities.centre_first("55, 56")
    assert {m.county for m in own} == {"Troms", "Finnmark"}


def test_registration_form_offers_the_centre_region_first(client, app):
    with app.app_context():
        event = make_event()
    html = client.get(f"/arrangement/{event.id}").get_data(as_text=True)
    select = html[html.index('name="kommune"'):]
    assert select.index('label="Troms"') < select.index('label="Alle andre kommuner"')
    assert select.index("Balsfjord (5532)") < select.index("Alstahaug")
    assert 'data-search="tjeldsund dielddanuorri 5512"' in select
    assert 'value="0000"' in select


def test_registration_form_region_follows_centre_fylker(client, app):
    app.config["CENTRE_FYLKER"] = "03"
    with app.app_context():
        event = make_event()
    html = client.get(f"/arrangement/{event.id}").get_data(as_text=True)
    select = html[html.index('name="kommune"'):]
    assert select.index('label="Oslo"') < select.index("Balsfjord (5532)")


def test_registers_without_a_municipality_and_is_reported_as_such(client, app):
    with app.app_context():
        event = make_event()
    response = client.post(f"/arrangement/{event.id}",
                           data=form_data(kommune="0000", workplace="Statsforvalteren i Troms"))
    assert response.status_code in (302, 303)
    with app.app_context():
        registration = db.session.scalars(db.select(Registration)).one()
        assert registration.kommunenummer == "0000"
        assert registration.workplace == "Statsforvalteren i Troms"
        assert municipalities.name_of("0000") == "Jobber ikke i en kommune"


def test_unknown_kommunenummer_is_refused_next_to_the_field(client, app):
    with app.app_context():
        event = make_event()
    response = client.post(f"/arrangement/{event.id}", data=form_data(kommune="9999"))
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert 'id="kommune-error"' in html and "ukjent kommunenummer" in html
    assert "<title>Feil: " in html


def _people(app, event_id: int, names: list[str], workplace: str = "Kvaløysletta sykehjem") -> None:
    from registration.registrations import operations
    from tests.conftest import person

    with app.app_context():
        for i, name in enumerate(names):
            p = person(i, mode="physical")
            operations.register(event_id, p.__class__(**{**p.__dict__, "name": name,
                                                         "workplace": workplace}))


def _organiser(app, client) -> None:
    from registration.accounts import operations as auth
    from registration.models import Event

    with app.app_context():
        user = auth.create_user("eier@usht.no", "arrangor", "riktig-passord-123")
        for event in db.session.scalars(db.select(Event)):
            event.owner_id = user.id
        db.session.commit()
    assert client.post("/arrangor/logg-inn", data={
        "email": "eier@usht.no", "password": "riktig-passord-123"}).status_code == 303


NAMES = ["Øyvind Ås", "Åse Ødegård-Bakken", "Ánde Čoahkki", "Ørjan Olsen", "Ola Aas"]


def test_door_search_is_case_and_accent_correct_and_says_when_nothing_matches(app, client):
    with app.app_context():
        event = make_event(participation="physical", capacities={"physical": 20})
    _people(app, event.id, NAMES)
    _organiser(app, client)

    def found(q: str) -> list[str]:
        answer = client.get(f"/arrangor/innsjekking/{event.id}/sok", query_string={"q": q})
        return sorted(r["name"] for r in answer.get_json()["results"])

    assert found("øyvind") == ["Øyvind Ås"]
    assert found("ØYVIND") == ["Øyvind Ås"]
    assert found("ødegård") == ["Åse Ødegård-Bakken"]
    assert found("ande") == ["Ánde Čoahkki"]  # typed without the accent
    assert found("coahkki") == ["Ánde Čoahkki"]
    assert found("Čoahkki") == ["Ánde Čoahkki"]
    assert found("ørj") == ["Ørjan Olsen"]
    nothing = client.get(f"/arrangor/innsjekking/{event.id}/sok", query_string={"q": "zzzz"})
    assert nothing.get_json()["results"] == []
    assert nothing.get_json()["message"].startswith("Ingen treff")
    assert found("50%") == []  # a LIKE wildcard typed matches itself


def test_participant_list_search_is_case_and_accent_correct(app, client):
    with app.app_context():
        event = make_event(participation="physical", capacities={"physical": 20})
    _people(app, event.id, NAMES, workplace="Ávjovárgeaidnu sykeheim")
    _organiser(app, client)

    def listed(q: str) -> str:
        return client.get(f"/arrangor/arrangement/{event.id}",
                          query_string={"q": q}).get_data(as_text=True)

    page = listed("øyvind")
    assert "Øyvind Ås" in page and "Ørjan Olsen" not in page
    page = listed("ÅSE")
    assert "Åse Ødegård-Bakken" in page and "Ola Aas" not in page
    page = listed("ande coahkki")
    assert "Ánde Čoahkki" in page
    assert "Øyvind Ås" in listed("avjovargeaidnu")  # the workplace, without accents
    assert "Ingen påmeldinger passer til filteret." in listed("zzzz")


def test_folded_columns_follow_edits_and_anonymisation(app):
    from registration.core.db import write_transaction
    from registration.models import utcnow
    from registration.privacy.anonymise import anonymise_registration

    with app.app_context():
        event = make_event(participation="physical", capacities={"physical": 20})
    _people(app, event.id, ["Øyvind Ås"])
    with app.app_context():
        registration = db.session.scalars(db.select(Registration)).one()
        assert registration.name_folded == "øyvind ås"
        registration.name = "Ánde Čoahkki"
        db.session.commit()
        assert registration.name_folded == "ande coahkki"
        with write_transaction():
            anonymise_registration(registration, utcnow())
        db.session.refresh(registration)
        assert registration.name_folded == "" and registration.workplace_folded == ""


def test_catalogue_search_covers_places_descriptions_and_several_words(app, client):
    from registration.models import Event

    with app.app_context():
        harstad = make_event(title="Ernæringskonferansen", topic="Ernæring",
                             participation="physical", capacities={"physical": 50},
                             description="Om **underernæring** hos eldre.")
        db.session.get(Event, harstad.id).sessions[0].place = "Scandic Harstad"
        make_event(title="Demensomsorgens ABC", description="Perm 1 for ressurspersoner.")
        db.session.commit()

    def titles(q: str) -> list[str]:
        page = client.get("/", query_string={"q": q}).get_data(as_text=True)
        return [t for t in ("Ernæringskonferansen", "Demensomsorgens ABC") if t in page]

    assert titles("Harstad") == ["Ernæringskonferansen"]
    assert titles("HARSTAD") == ["Ernæringskonferansen"]
    assert titles("tromsø") == ["Demensomsorgens ABC"]  # the other event's place
    assert titles("ernæring harstad") == ["Ernæringskonferansen"]  # every word, any field
    assert titles("ERNÆRING") == ["Ernæringskonferansen"]
    assert titles("underernæring") == ["Ernæringskonferansen"]
    assert titles("ressurspersoner perm") == ["Demensomsorgens ABC"]
    assert titles("harstad ressurspersoner") == []


def test_defuse_keeps_phone_numbers_and_defuses_formulas():
    from registration.registrations.exports import defuse

    assert defuse("+4791234567") == "+4791234567"
    assert defuse("+47 912 34 567") == "+47 912 34 567"
    assert defuse("-12") == "-12"
    assert defuse("=HYPERLINK(\"x\")") == "'=HYPERLINK(\"x\")"
    assert defuse("+1+cmd|' /C calc'!A0") == "'+1+cmd|' /C calc'!A0"
    assert defuse("-2+3") == "'-2+3"
    assert defuse("@SUM(A1)") == "'@SUM(A1)"


def _export_event(app):
    from registration.checkin import operations as checkin
    from registration.models import Event
    from registration.registrations import operations
    from tests.conftest import person

    with app.app_context():
        event = make_event(title="Vinterlys-konferansen",
                           capacities={"physical": 20, "digital": 20})
        names = [("Åse Ødegård", "physical"), ("Ola Berg", "physical"),
                 ("Kari Aas", "physical"), ("Per Digital", "digital"),
                 ("Berit Østby", "physical")]
        codes = {}
        for i, (name, mode) in enumerate(names):
            p = person(i, mode=mode)
            r = operations.register(event.id, p.__class__(**{**p.__dict__, "name": name}))
            codes[name] = r.registration.ticket_code
        session = db.session.get(Event, event.id).sessions[0]
        checkin.check_in(session, codes["Ola Berg"], None)
    return event


def test_exports_phone_as_text_sign_in_sheet_physical_by_surname_checked_in(app, client):
    import csv
    import io

    from openpyxl import load_workbook
    from pypdf import PdfReader

    event = _export_event(app)
    _organiser(app, client)
    base = f"/arrangor/arrangement/{event.id}"
    sheet = load_workbook(io.BytesIO(client.get(f"{base}/eksport.xlsx").data)).active
    assert {sheet.cell(row=i, column=3).value for i in range(2, sheet.max_row + 1)} == {
        "+4791234567"}
    rows = list(csv.reader(io.StringIO(client.get(f"{base}/eksport.csv").data
                                       .decode("utf-8-sig")), delimiter=";"))
    assert {r[2] for r in rows[1:]} == {"+4791234567"}

    text = PdfReader(io.BytesIO(client.get(f"{base}/eksport.pdf").data)).pages[0].extract_text()
    assert "Per Digital" not in text  # the sheet is for the room
    # by surname, Norwegian order: Aas, Berg, Ødegård, Østby (not by first name: Åse last)
    order = [text.index(n) for n in ("Kari Aas", "Ola Berg", "Åse Ødegård", "Berit Østby")]
    assert order == sorted(order), text
    assert "Signatur" in text and "✓" not in text
    both = PdfReader(io.BytesIO(client.get(f"{base}/eksport.pdf?mode=digital").data))
    assert "Per Digital" in both.pages[0].extract_text()
    checked = PdfReader(io.BytesIO(client.get(f"{base}/eksport.pdf?checked_in=1").data))
    checked_text = checked.pages[0].extract_text()
    assert "Sjekket inn" in checked_text
    line = next(x for x in checked_text.splitlines() if "Ola Berg" in x)
    assert "✓" in line
    assert "✓" not in next(x for x in checked_text.splitlines() if "Kari Aas" in x)


def test_name_badges_eight_per_a4_page_with_qr(app, client):
    import io

    from pypdf import PdfReader

    event = _export_event(app)
    with app.app_context():
        from registration.registrations import operations
        from tests.conftest import person

        for i in range(10, 15):
            operations.register(event.id, person(i, mode="physical"))
    url = f"/arrangor/arrangement/{event.id}/navneskilt.pdf"
    assert client.get(url).status_code == 302  # sign in first
    _organiser(app, client)
    response = client.get(url)
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    reader = PdfReader(io.BytesIO(response.data))
    assert len(reader.pages) == 2  # 9 in the room: 8 + 1
    page = reader.pages[0]
    assert round(float(page.mediabox.width)) == 595  # A4
    text = page.extract_text()
    for expected in ("Kari Aas", "Kvaløysletta sykehjem", "Tromsø", "Vinterlys-konferansen"):
        assert expected in text, expected
    assert "Per Digital" not in text + reader.pages[1].extract_text()
    assert len(page.images) == 8  # a QR code on each badge
    assert client.get(f"/arrangor/arrangement/{event.id}/navneskilt.pdf?mode=x").status_code \
        == 400


def test_name_badges_are_for_the_events_organisers_only(app, client):
    from registration.accounts import operations as auth

    event = _export_event(app)
    with app.app_context():
        auth.create_user("annen@usht.no", "arrangor", "riktig-passord-123")
        auth.create_user("vert@usht.no", "vert", "riktig-passord-123")
    url = f"/arrangor/arrangement/{event.id}/navneskilt.pdf"
    for email in ("annen@usht.no", "vert@usht.no"):
        other = app.test_client()
        assert other.post("/arrangor/logg-inn", data={
            "email": email, "password": "riktig-passord-123"}).status_code == 303
        assert other.get(url).status_code in (403, 404), email


def _render_chart(app, lang: str, rows, top=None) -> str:
    with app.test_request_context(f"/?lang={lang}"):
        from flask import session

        session["lang"] = lang
        template = app.jinja_env.from_string(
            "{% from 'macros/charts.html' import bar_chart, decimal %}"
            "{{ bar_chart('c', 'Spørsmål', rows, top=top) }}|{{ decimal(4.25) }}")
        return template.render(rows=rows, top=top)


def test_chart_bars_are_shares_of_100_percent_and_labels_are_whole(app):
    import re

    label = "Rehabilitering og hverdagsmestring i kommunehelsetjenesten"
    html = _render_chart(app, "nb", [(label, 3, "3 (30 %)"), ("Annet", 1, "1 (10 %)")], top=10)
    assert re.findall(r'data-share="([\d.]+)"', html) == ["30.0", "10.0"]
    assert f'<span class="chart-label">{label}</span>' in html  # not cut
    assert "<text" not in html  # no SVG text to shrink to 5 px on a phone
    assert html.rstrip().endswith("4,2") or html.rstrip().endswith("4,3")


def test_decimals_with_a_point_in_english(app, client):
    html = _render_chart(app, "en", [("A", 1, "1")], top=1)
    assert html.rstrip().endswith(("4.2", "4.3"))


def test_topics_and_the_kommune_placeholder_in_english(app, client):
    with app.app_context():
        event = make_event(topic="Ernæring")
    client.get("/sprak/en?next=/")
    catalogue = client.get("/").get_data(as_text=True)
    assert catalogue.count("Nutrition") >= 2  # the card and the filter
    page = client.get(f"/arrangement/{event.id}").get_data(as_text=True)
    assert "Nutrition" in page and "Choose municipality" in page
    assert "Velg kommune" not in page
    assert "Not working in a municipality" in page


def test_organiser_filters_those_outside_a_municipality(app, client):
    with app.app_context():
        event = make_event()
    client.post(f"/arrangement/{event.id}",
                data=form_data(kommune="0000", workplace="Statsforvalteren i Troms"))
    client.post(f"/arrangement/{event.id}", data=form_data(email="ola@example.no",
                                                           name="Ola Tromsø"))
    _organiser(app, client)
    page = client.get(f"/arrangor/arrangement/{event.id}?kommune=0000").get_data(as_text=True)
    assert "Statsforvalteren i Troms" in page and "Ola Tromsø" not in page
    assert "Jobber ikke i en kommune" in page
