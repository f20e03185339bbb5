"""The organiser's network pages: import with preview, members, roster, message, who may
register, invitations; bad input and authorisation on every route."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from sqlalchemy import func, select

from registration.checkin.models import CheckIn
from registration.core.extensions import db
from registration.models import (
    AuditEntry,
    Event,
    Invitation,
    Network,
    NetworkMember,
    OutboxMessage,
    Registration,
    User,
)
from registration.registrations import operations
from tests.conftest import form_data, person
from tests.test_networks import count, html, sign_in, workbook_rows, world, xlsx

__all__ = ["world"]  # the fixture, imported for these tests


def csrf(client: Any, url: str) -> str:
    found = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', html(client.get(url)))
    assert found, url
    return found.group(1)


GOOD_FILE = [
    ["Navn", "E-post", "Mobil", "Kommune", "Arbeidssted", "Stilling"],
    ["Per Hansen", "per.hansen@example.no", "912 34 567", "Harstad", "Harstad sykehjem",
     "Leder"],
    ["Liv Olsen", "liv.olsen@example.no", "", "5501", "Tromsø kommune", "sykepleier"],
    ["Feil Epost", "feil@", "", "5501", "Tromsø kommune", "leder"],
    ["Ukjent Kommune", "ukjent@example.no", "", "Atlantis", "Et sted", "leder"],
    ["Per Hansen", "PER.HANSEN@example.no", "", "Harstad", "Harstad sykehjem", "leder"],
    ["Kari Medlem", "kari.medlem@tromso.kommune.no", "", "Tromsø", "Ny arbeidsplass",
     "leder"],
]


def _preview(client: Any, world: dict[str, int], data: bytes, name: str) -> Any:
    url = f"/arrangor/nettverk/{world['network']}/import"
    return client.post(url, data={"csrf_token": csrf(client, url),
                                  "file": (__import__("io").BytesIO(data), name)},
                       content_type="multipart/form-data")


def test_import_previews_each_row_and_saves_only_what_is_confirmed(app, client, world):
    sign_in(client, "a")
    response = _preview(client, world, xlsx(GOOD_FILE), "medlemmer.xlsx")
    assert response.status_code == 200
    page = html(response)
    rows = dict(re.findall(r'<tr data-line="(\d+)">(.*?)</tr>', page, re.S))
    assert "Ny" in rows["2"] and "Slått sammen med rad 6" in rows["2"]
    assert "Ny" in rows["3"]
    assert "gyldig e-postadresse" in rows["4"]
    assert "Ukjent kommune: «Atlantis»" in rows["5"]
    assert "6" not in rows  # merged into row 2
    assert "Er medlem: oppdateres" in rows["7"]
    assert "3 av 5 rader kan lagres" in page
    with app.app_context():
        assert count(NetworkMember) == 1  # nothing saved by the preview
    payload = re.search(r'name="rows" type="hidden" value="([^"]+)"', page) or re.search(
        r'id="rows" name="rows" type="hidden" value="([^"]+)"', page)
    assert payload
    raw_rows = __import__("html").unescape(payload.group(1))
    assert len(json.loads(raw_rows)) == 3
    # The organiser unticks Liv (index 1): Per is added, Kari updated, Liv left out.
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)
    saved = client.post(f"/arrangor/nettverk/{world['network']}/import/lagre",
                        data={"csrf_token": token, "rows": raw_rows, "take": ["0", "2"]})
    assert saved.status_code == 303
    assert "1 nye medlemmer, 1 oppdatert" in html(client.get(saved.location))
    with app.app_context():
        members = {m.email_normalized: m for m in db.session.scalars(select(NetworkMember))}
        assert set(members) == {"per.hansen@example.no", "kari.medlem@tromso.kommune.no"}
        assert members["per.hansen@example.no"].kommunenummer == "5503"
        assert members["per.hansen@example.no"].mobile == "+4791234567"
        assert members["kari.medlem@tromso.kommune.no"].workplace == "Ny arbeidsplass"
        entry = db.session.scalar(select(AuditEntry).where(
            AuditEntry.action == "network.imported"))
        assert entry.after == {"network_id": world["network"], "added": 1, "updated": 1}


def test_import_csv_with_semicolons(app, client, world):
    sign_in(client, "a")
    data = ("Navn;E-post;Kommune;Arbeidssted;Stilling\n"
            "Åse Berg;ase.berg@example.no;Lyngen;Lyngen sykehjem;Sykepleier\n").encode("utf-8-sig")
    page = html(_preview(client, world, data, "liste.csv"))
    assert "1 av 1 rader kan lagres" in page and "Lyngen" in page


@pytest.mark.parametrize(("data", "name", "message"), [
    (b"", "", "Velg en fil."),
    (b"", "tom.csv", "Filen er tom."),
    (b"x", "bilde.png", "Velg en Excel-fil (.xlsx) eller en CSV-fil (.csv)."),
    (b"not a zip", "falsk.xlsx", "Filen kunne ikke leses som Excel (.xlsx)."),
    (b"Fornavn;Adresse\nKari;x\n", "feil.csv", "Første rad må ha kolonnene"),
    (b"\n\n", "tom.csv", "Filen er tom."),
])
def test_import_bad_files_get_a_message_next_to_the_field(app, client, world, data, name,
                                                          message):
    sign_in(client, "a")
    response = _preview(client, world, data, name)
    assert response.status_code == 422
    assert message in html(response) and 'id="file-error"' in html(response)


def test_import_save_with_tampered_rows_saves_nothing_bad(app, client, world):
    sign_in(client, "a")
    url = f"/arrangor/nettverk/{world['network']}/import"
    token = csrf(client, url)
    bad = json.dumps([{"name": "X", "email": "ikke-epost", "kommune": "5501",
                       "workplace": "Y", "role": "leder"}])
    response = client.post(f"{url}/lagre", data={"csrf_token": token, "rows": bad,
                                                 "take": "0"})
    assert response.status_code == 303
    response = client.post(f"{url}/lagre", data={"csrf_token": token, "rows": "{",
                                                 "take": "0"})
    assert response.status_code == 303
    with app.app_context():
        assert count(NetworkMember) == 1


def test_add_member_by_hand_bad_input_and_duplicate(app, client, world):
    sign_in(client, "a")
    url = f"/arrangor/nettverk/{world['network']}"
    token = csrf(client, url)
    bad = client.post(f"{url}/medlemmer", data={"csrf_token": token, "name": "Ola",
                                                "email": "ola@", "kommune": "",
                                                "workplace": "Hjemmetjenesten",
                                                "role": "", "mobile": "123"})
    assert bad.status_code == 422
    page = html(bad)
    assert "Skriv inn en gyldig e-postadresse" in page and "Velg kommunen du jobber i." in page
    assert 'value="Hjemmetjenesten"' in page  # kept
    dup = client.post(f"{url}/medlemmer", data={
        "csrf_token": token, "name": "Kari Medlem", "email": "KARI.MEDLEM@tromso.kommune.no",
        "kommune": "5501", "workplace": "X", "role": "leder"})
    assert dup.status_code == 409 and "er allerede medlem" in html(dup)
    ok = client.post(f"{url}/medlemmer", data={
        "csrf_token": token, "name": "Ola Nordmann", "email": "ola@example.no",
        "kommune": "5501", "workplace": "X", "role": "leder", "mobile": ""})
    assert ok.status_code == 303
    listing = html(client.get(url))
    assert "ola@example.no" in listing and "2 medlemmer" in listing


def test_removing_a_member_deletes_and_is_audited(app, client, world):
    sign_in(client, "a")
    url = f"/arrangor/nettverk/{world['network']}"
    response = client.post(f"{url}/medlemmer/{world['kari']}/fjern",
                           data={"csrf_token": csrf(client, url)})
    assert response.status_code == 303
    with app.app_context():
        assert count(NetworkMember) == 0
        entry = db.session.scalar(select(AuditEntry).where(
            AuditEntry.action == "network.member_removed"))
        assert entry.after == {"network_id": world["network"], "member_id": world["kari"]}
        assert entry.user_id is not None
    log = html(client.get(url))
    assert "Medlem fjernet fra nettverket" in log and "Kari Medlem" not in log


def test_network_form_bad_input_and_create(app, client, world):
    sign_in(client, "b")
    url = "/arrangor/nettverk/nytt"
    bad = client.post(url, data={"csrf_token": csrf(client, url), "name": "",
                                 "contact_name": "Per", "contact_email": "per@"})
    assert bad.status_code == 422
    assert "Skriv inn navnet på nettverket." in html(bad) and 'value="Per"' in html(bad)
    ok = client.post(url, data={"csrf_token": csrf(client, url), "name": "Demensnettverket",
                                "contact_name": "Per", "contact_email": "per@example.no"})
    assert ok.status_code == 303
    assert "Demensnettverket" in html(client.get("/arrangor/nettverk"))
    assert "Mellomledernettverket" not in html(client.get("/arrangor/nettverk"))


def test_roster_page_and_excel(app, client, world):
    with app.app_context():
        kari = operations.register(world["gathering"], person(
            0, email="kari.medlem@tromso.kommune.no", mode="physical"))
        session_id = db.session.get(Event, world["gathering"]).sessions[0].id
        db.session.add(CheckIn(registration_id=kari.registration.id, session_id=session_id,
                               method="scan"))
        db.session.commit()
    sign_in(client, "a")
    page = html(client.get(f"/arrangor/nettverk/{world['network']}/oppmote"))
    assert "Til stede (fysisk)" in page
    cells = re.findall(r'data-cell="(\w+)"', page)
    assert cells == ["physical", "none"]
    response = client.get(f"/arrangor/nettverk/{world['network']}/oppmote.xlsx")
    assert response.status_code == 200
    rows = workbook_rows(response.data)
    assert rows[0][:3] == ["Navn", "E-post", "Kommune"]
    assert rows[1][:5] == ["Kari Medlem", "Kari.Medlem@Tromso.Kommune.no", "Tromsø",
                           "Til stede (fysisk)", "–"]


def test_absent_after_the_gathering(app, client, world, clock):
    with app.app_context():
        operations.register(world["gathering"], person(
            0, email="kari.medlem@tromso.kommune.no", mode="physical"))
    clock.advance(days=40)
    sign_in(client, "a")
    page = html(client.get(f"/arrangor/nettverk/{world['network']}/oppmote"))
    assert re.findall(r'data-cell="(\w+)"', page) == ["absent", "none"]


def test_message_to_all_members(app, client, world):
    sign_in(client, "a")
    url = f"/arrangor/nettverk/{world['network']}/melding"
    bad = client.post(url, data={"csrf_token": csrf(client, url), "subject": "",
                                 "body": "Hei alle"})
    assert bad.status_code == 422 and "Skriv inn et emne." in html(bad)
    assert "Hei alle" in html(bad)
    ok = client.post(url, data={"csrf_token": csrf(client, url), "subject": "Samling 1",
                                "body": "Velkommen til samling 1."})
    assert ok.status_code == 303
    with app.app_context():
        mail = db.session.scalar(select(OutboxMessage).where(
            OutboxMessage.kind == "network_message"))
        assert mail.to_address == "Kari.Medlem@Tromso.Kommune.no"
        assert mail.subject == "Samling 1"


def test_audience_setting(app, client, world):
    sign_in(client, "a")
    url = f"/arrangor/arrangement/{world['meeting']}/hvem"
    bad = client.post(url, data={"csrf_token": csrf(client, url), "audience": "members",
                                 "network": ""})
    assert bad.status_code == 422 and "Velg nettverket" in html(bad)
    bad = client.post(url, data={"csrf_token": csrf(client, url), "audience": "alle",
                                 "network": "999"})
    assert bad.status_code == 422 and "Velg hvem som kan melde seg på." in html(bad)
    assert "Velg et nettverk fra listen." in html(bad)
    ok = client.post(url, data={"csrf_token": csrf(client, url), "audience": "open",
                                "network": str(world["network"])})
    assert ok.status_code == 303
    assert "Samarbeidsmøte med kommunene" in html(client.get("/"))
    with app.app_context():
        event = db.session.get(Event, world["meeting"])
        assert event.audience == "open" and event.network_id == world["network"]


def test_invite_page_sends_to_network_pasted_addresses_and_another_events_list(
        app, client, world):
    with app.app_context():
        owner = db.session.scalar(select(User).where(User.email == "a@usht.no"))
        # An instructor list: the confirmed participants of another event.
        operations.register(world["second"], person(3, email="instruktor@example.no",
                                                    mode="digital"), actor=owner)
    sign_in(client, "a")
    url = f"/arrangor/arrangement/{world['meeting']}/invitasjoner"
    bad = client.post(url, data={"csrf_token": csrf(client, url), "network": "",
                                 "source_event": "", "addresses": "ok@example.no\nikke en adresse"})
    assert bad.status_code == 422
    assert "ikke en adresse" in html(bad) and "ok@example.no" in html(bad)
    empty = client.post(url, data={"csrf_token": csrf(client, url), "network": "",
                                   "source_event": "", "addresses": ""})
    assert empty.status_code == 422 and "minst én" in html(empty)
    foreign = client.post(url, data={"csrf_token": csrf(client, url), "network": "999",
                                     "source_event": "", "addresses": ""})
    assert foreign.status_code == 422 and "Velg fra listen." in html(foreign)
    ok = client.post(url, data={
        "csrf_token": csrf(client, url), "network": str(world["network"]),
        "source_event": str(world["second"]),
        "addresses": "Ola Ordfører <ordforer@example.no>\nkari.medlem@tromso.kommune.no"})
    assert ok.status_code == 303
    page = html(client.get(url))
    assert "3 invitasjoner sendes. 0 var invitert fra før." in page
    assert "Ola Ordfører" in page and "Ikke svart" in page
    again = client.post(url, data={"csrf_token": csrf(client, url), "network": "",
                                   "source_event": "", "addresses": "ordforer@example.no"})
    assert again.status_code == 303
    assert "0 invitasjoner sendes. 1 var invitert fra før." in html(client.get(url))
    with app.app_context():
        assert sorted(db.session.scalars(select(Invitation.email_normalized))) == [
            "instruktor@example.no", "kari.medlem@tromso.kommune.no", "ordforer@example.no"]
        assert db.session.scalar(select(func.count()).select_from(OutboxMessage).where(
            OutboxMessage.kind == "invitation")) == 3


ROUTES = [
    ("get", "/arrangor/nettverk/{network}"),
    ("get", "/arrangor/nettverk/{network}/rediger"),
    ("post", "/arrangor/nettverk/{network}/rediger"),
    ("post", "/arrangor/nettverk/{network}/medlemmer"),
    ("post", "/arrangor/nettverk/{network}/medlemmer/{kari}/fjern"),
    ("get", "/arrangor/nettverk/{network}/import"),
    ("post", "/arrangor/nettverk/{network}/import"),
    ("post", "/arrangor/nettverk/{network}/import/lagre"),
    ("get", "/arrangor/nettverk/{network}/oppmote"),
    ("get", "/arrangor/nettverk/{network}/oppmote.xlsx"),
    ("get", "/arrangor/nettverk/{network}/melding"),
    ("post", "/arrangor/nettverk/{network}/melding"),
    ("get", "/arrangor/arrangement/{meeting}/hvem"),
    ("post", "/arrangor/arrangement/{meeting}/hvem"),
    ("get", "/arrangor/arrangement/{meeting}/invitasjoner"),
    ("post", "/arrangor/arrangement/{meeting}/invitasjoner"),
]


def test_authorisation_walk(app, client, world):
    urls = [(m, u.format(**world)) for m, u in ROUTES]
    for method, url in [*urls, ("get", "/arrangor/nettverk"),
                        ("get", "/arrangor/nettverk/nytt")]:
        response = getattr(client, method)(url)
        assert response.status_code == 302, (method, url)
        assert "/arrangor/logg-inn" in response.headers["Location"]
    sign_in(client, "vert")
    for method, url in [*urls, ("get", "/arrangor/nettverk"),
                        ("get", "/arrangor/nettverk/nytt")]:
        assert getattr(client, method)(url).status_code == 403, (method, url)
    other = app.test_client()
    sign_in(other, "b")
    for method, url in urls:
        assert getattr(other, method)(url).status_code == 403, (method, url)
    assert other.get("/arrangor/nettverk/999999").status_code == 404
    admin = app.test_client()
    sign_in(admin, "admin")
    for method, url in urls:
        if method == "get":
            assert admin.get(url).status_code == 200, url
    with app.app_context():
        assert count(NetworkMember) == 1 and count(Network) == 1
        assert db.session.get(Event, world["meeting"]).audience == "invited"
        assert count(Registration) == 0


def test_members_only_page_offers_all_gatherings(app, client, world):
    page = html(client.get(f"/arrangement/{world['gathering']}"))
    assert f"/nettverk/{world['network']}/pamelding" in page
    assert client.post(f"/arrangement/{world['gathering']}",
                       data=form_data(email="kari.medlem@tromso.kommune.no")
                       ).status_code == 303


HOSTILE = ["\x00", "x" * 5000, "<script>alert(1)</script>", "' OR 1=1 --", "æøå" * 100,
           "=HYPERLINK(\"x\")"]


@pytest.mark.parametrize("value", HOSTILE)
def test_hostile_input_on_every_new_form_is_never_a_500(app, client, world, value):
    sign_in(client, "a")
    net = f"/arrangor/nettverk/{world['network']}"
    forms = [
        ("/arrangor/nettverk/nytt", {"name": value, "contact_name": value,
                                     "contact_email": value, "description": value}),
        (f"{net}/rediger", {"name": value, "contact_name": value, "contact_email": value}),
        (f"{net}/medlemmer", {"name": value, "email": value, "kommune": value,
                              "workplace": value, "role": value, "mobile": value}),
        (f"{net}/melding", {"subject": value, "body": value}),
        (f"{net}/import/lagre", {"rows": value, "take": value}),
        (f"/arrangor/arrangement/{world['meeting']}/hvem", {"audience": value,
                                                           "network": value}),
        (f"/arrangor/arrangement/{world['meeting']}/invitasjoner",
         {"network": value, "source_event": value, "addresses": value}),
    ]
    for url, data in forms:
        status = client.post(url, data={**data, "csrf_token": csrf(client, net)}).status_code
        assert status in (200, 303, 400, 409, 422), (url, status)
    csv_file = f"Navn;E-post;Kommune;Arbeidssted;Stilling\n{value};{value};{value};x;y\n"
    response = _preview(client, world, csv_file.encode("utf-8"), "x.csv")
    assert response.status_code in (200, 422)
    for url in (f"/invitasjon/{value}", f"/nettverk/{world['network']}/pamelding"):
        assert client.post(url, data=form_data(name=value, email=value)).status_code in (
            400, 404, 409, 422)
    with app.app_context():
        assert db.session.scalar(select(NetworkMember.name)) == "Kari Medlem"
        assert count(NetworkMember) == 1
