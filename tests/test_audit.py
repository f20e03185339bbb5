"""The audit log as organisers read it: who did what to whom, in words, in both languages."""

from __future__ import annotations

import html as html_lib
import re
from typing import Any

from flask import Flask
from flask.testing import FlaskClient

from registration.accounts import operations as auth
from registration.core.extensions import db
from registration.events import operations as events
from registration.models import Event, EventStatus, Registration, User
from registration.registrations import operations, seats
from tests.conftest import form_data, make_event, person

PASSWORD = "riktig-passord-123"


def sign_in(client: FlaskClient, email: str) -> None:
    response = client.post("/arrangor/logg-inn", data={"email": email, "password": PASSWORD})
    assert response.status_code == 303, response.get_data(as_text=True)[:500]


def text_of(page: str) -> str:
    """What a reader sees: tags gone, entities decoded, whitespace collapsed."""
    return " ".join(html_lib.unescape(re.sub(r"<[^>]+>", " ", page)).split())


def rows(page: str) -> list[str]:
    body = page.split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    return [text_of(row) for row in re.findall(r"<tr>(.*?)</tr>", body, re.S)]


def story(app: Flask, client: FlaskClient) -> dict[str, Any]:
    """Kari signs up on the web form and gets the only seat; Ola waits; Kari cancels, so Ola
    is promoted; Ola switches to digital; the organiser corrects Ola's e-mail."""
    with app.app_context():
        organiser = auth.create_user("anne@usht.no", "arrangor", PASSWORD, "Anne Arrangør")
        event = make_event(title="Lindrende omsorg", capacities={"physical": 1, "digital": 10})
        ev = db.session.get(Event, event.id)
        assert ev is not None
        ev.owner_id = organiser.id
        db.session.commit()
    assert client.post(f"/arrangement/{event.id}", data=form_data()).status_code == 303
    with app.app_context():
        ola = operations.register(event.id, person(1, mode="physical",
                                                    email="ola@tromso.kommune.no"))
        assert ola.registration.status == "waitlisted"
        ola_id, ola_token = ola.registration.id, ola.registration.token
        kari = db.session.scalars(db.select(Registration).where(
            Registration.email == "kari.nordmann@tromso.kommune.no")).one()
        operations.cancel(kari.token)
        operations.change_mode(ola_token, "digital")
    sign_in(client, "anne@usht.no")
    base = f"/arrangor/arrangement/{event.id}"
    edited = client.post(f"{base}/deltaker/{ola_id}", data=form_data(
        name=person(1).name, email="ola.ny@tromso.kommune.no", mode="digital"))
    assert edited.status_code == 303, edited.get_data(as_text=True)[:500]
    return {"event": event.id, "ola": ola_id, "base": base, "ola_name": person(1).name}


def test_log_tells_who_did_what_to_whom(app: Flask, client: FlaskClient) -> None:
    ids = story(app, client)
    page = client.get(f"{ids['base']}/logg").get_data(as_text=True)
    assert "waitlist_rank" not in page and "None" not in page
    lines = rows(page)
    ola = ids["ola_name"]

    def row(*words: str) -> str:
        found = [r for r in lines if all(w in r for w in words)]
        assert found, (words, lines)
        return found[0]

    assert "deltakeren selv" in row("Kari Nordmann", "Meldte seg på: bekreftet, fysisk oppmøte")
    assert "deltakeren selv" in row(ola, "Meldte seg på: venteliste, fysisk oppmøte")
    assert "deltakeren selv" in row("Kari Nordmann", "Avmeldt (var bekreftet)")
    assert "systemet" in row(ola, "Flyttet fra venteliste til bekreftet")
    assert "deltakeren selv" in row(
        ola, "Endret deltakelsesform fra fysisk oppmøte til digitalt")
    assert "Anne Arrangør" in row(
        ola, "E-post endret fra ola@tromso.kommune.no til ola.ny@tromso.kommune.no")
    # the participant's name links to their page in the workspace
    assert f'href="{ids["base"]}/deltaker/{ids["ola"]}"' in page
    # the participant's own page tells the same story
    own = text_of(client.get(f"{ids['base']}/deltaker/{ids['ola']}").get_data(as_text=True))
    assert "Flyttet fra venteliste til bekreftet (systemet)" in own
    assert "(Anne Arrangør)" in own and "waitlist_rank" not in own


def test_log_in_english(app: Flask, client: FlaskClient) -> None:
    ids = story(app, client)
    client.get("/sprak/en")
    page = client.get(f"{ids['base']}/logg").get_data(as_text=True)
    seen = text_of(page)
    for words in ("Who", "Participant", "the participant", "the system",
                  "Moved from waiting list to confirmed",
                  "Changed from in person to online",
                  "E-mail changed from ola@tromso.kommune.no to ola.ny@tromso.kommune.no",
                  "Registered: confirmed, in person", "Cancelled (was confirmed)"):
        assert words in seen, (words, seen)
    assert "waitlist_rank" not in page and "None" not in page and "Flyttet" not in seen


def test_organiser_actions_read_as_sentences(app: Flask, client: FlaskClient) -> None:
    ids = story(app, client)
    with app.app_context():
        ev = db.session.get(Event, ids["event"])
        anne = db.session.scalars(db.select(User).where(User.email == "anne@usht.no")).one()
        assert ev is not None
        seats.set_capacity(ev.id, "physical", 25, actor=anne)
        operations.register(ev.id, person(3, mode="physical"), actor=anne)
        events.set_status(ev, EventStatus.CANCELLED, anne)
    seen = text_of(client.get(f"{ids['base']}/logg").get_data(as_text=True))
    for words in ("Kapasitet for fysisk oppmøte endret fra 1 til 25",
                  "Lagt til av arrangør: bekreftet, fysisk oppmøte",
                  "Status endret fra publisert til avlyst"):
        assert words in seen, (words, seen)
    assert "None" not in seen
