"""Sessions and tokens: sign-out and password change end every other session (a copied
cookie stops working); tokens have a scope and an expiry and work only on the API; the
password rules; lockout per account; a start password must be changed."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from registration.accounts import operations as auth
from registration.accounts import passwords
from registration.core.extensions import db
from registration.models import ApiToken, Event, User
from tests.conftest import make_event

PASSWORD = "riktig-passord-123"


@pytest.fixture
def owner(app):
    """An arrangør who owns one event: (user id, event id)."""
    with app.app_context():
        event = make_event(title="Ernæringskonferansen")
        user = auth.create_user("eier@usht.no", "arrangor", PASSWORD, "Eier")
        db.session.get(Event, event.id).owner_id = user.id
        db.session.commit()
        return user.id, event.id


def _sign_in(client, email="eier@usht.no", password=PASSWORD):
    return client.post("/arrangor/logg-inn", data={"email": email, "password": password})


def _copy_cookie(source, target) -> None:
    """Another browser gets a copy of the session cookie."""
    cookie = source.get_cookie("session")
    assert cookie is not None
    target.set_cookie("session", cookie.value)


def test_a_copied_cookie_stops_working_after_sign_out(app, owner):
    laptop, thief = app.test_client(), app.test_client()
    assert _sign_in(laptop).status_code == 303
    _copy_cookie(laptop, thief)
    assert thief.get("/arrangor/").status_code == 200  # the copy works while signed in
    assert laptop.post("/arrangor/logg-ut").status_code == 303
    assert thief.get("/arrangor/").status_code != 200
    assert "Logg inn" in thief.get("/arrangor/", follow_redirects=True).get_data(as_text=True)


def test_sign_out_ends_the_accounts_other_sessions(app, owner):
    phone, laptop = app.test_client(), app.test_client()
    _sign_in(phone)
    _sign_in(laptop)
    laptop.post("/arrangor/logg-ut")
    assert phone.get("/arrangor/").status_code != 200


def test_password_change_ends_other_sessions_but_keeps_this_one(app, owner):
    laptop, thief = app.test_client(), app.test_client()
    _sign_in(laptop)
    _copy_cookie(laptop, thief)
    changed = laptop.post("/arrangor/passord", data={
        "current": PASSWORD, "new": "tre tilfeldige ord her", "repeat": "tre tilfeldige ord her"})
    assert changed.status_code == 303
    assert laptop.get("/arrangor/").status_code == 200
    assert thief.get("/arrangor/").status_code != 200
    assert _sign_in(app.test_client()).status_code == 422  # the old password is gone
    assert _sign_in(app.test_client(), password="tre tilfeldige ord her").status_code == 303


@pytest.mark.parametrize(("password", "reason"), [
    ("aaaaaaaaaaaa", "for få ulike tegn"),
    ("kort-pass", "12 "),
    ("qwertyuiop123", "blant de mest brukte"),
    ("Password1234!", "blant de mest brukte"),
    ("1q2w3e4r5t6y", "blant de mest brukte"),
    ("eier-sitt-passord", "navnet i e-postadressen"),
])
def test_weak_passwords_are_refused_with_a_reason(app, client, owner, password, reason):
    _sign_in(client)
    page = client.post("/arrangor/passord", data={"current": PASSWORD, "new": password,
                                                  "repeat": password})
    assert page.status_code == 422
    assert reason in page.get_data(as_text=True)
    with app.app_context():
        with pytest.raises(auth.AccountError, match=reason):
            auth.create_user("eier@annen.no", "vert", password)


def test_the_common_list_is_shipped_with_its_source():
    text = passwords.LIST.read_text()
    assert "Royce Williams" in text and "BSD" in text
    assert len(passwords.common_passwords()) > 5000
    assert "password" in passwords.common_passwords()
    assert passwords.problem("tre tilfeldige ord her", "kari@usht.no") is None


def test_lockout_grows_per_account_and_a_right_password_then_waits(app, client, owner, clock):
    for _ in range(4):
        assert "Feil e-post eller passord" in _sign_in(client, password="feil").get_data(
            as_text=True)
    fifth = _sign_in(client, password="feil").get_data(as_text=True)
    assert "Prøv igjen om 1 min." in fifth
    # locked: even the right password is refused, and from any address
    other = app.test_client()
    locked = _sign_in(other, password=PASSWORD)
    assert locked.status_code == 422 and "For mange feil passord" in locked.get_data(
        as_text=True)
    clock.advance(minutes=1, seconds=1)
    assert "Prøv igjen om 2 min." in _sign_in(client, password="feil").get_data(
        as_text=True)
    clock.advance(minutes=2, seconds=1)
    assert "Prøv igjen om 4 min." in _sign_in(client, password="feil").get_data(
        as_text=True)
    clock.advance(minutes=4, seconds=1)
    assert _sign_in(client, password=PASSWORD).status_code == 303
    with app.app_context():
        user = db.session.get(User, owner[0])
        assert user.failed_logins == 0 and user.locked_until is None


def test_an_admin_set_start_password_must_be_changed_first(app, owner):
    with app.app_context():
        auth.create_user("sjef@usht.no", "admin", PASSWORD, "Sjef")
    admin = app.test_client()
    assert _sign_in(admin, "sjef@usht.no").status_code == 303
    created = admin.post("/arrangor/brukere", data={
        "email": "ny.vert@usht.no", "name": "Ny Vert", "role": "vert",
        "password": "startpassord-for-deg"})
    assert created.status_code == 303
    weak = admin.post("/arrangor/brukere", data={
        "email": "svak@usht.no", "name": "Svak", "role": "vert", "password": "aaaaaaaaaaaaaa"})
    assert weak.status_code == 422 and "for få ulike tegn" in weak.get_data(as_text=True)
    new = app.test_client()
    first = _sign_in(new, "ny.vert@usht.no", "startpassord-for-deg")
    assert first.headers["Location"].endswith("/arrangor/passord")
    assert new.get("/arrangor/innsjekking/").headers["Location"].endswith("/arrangor/passord")
    same = new.post("/arrangor/passord", data={"current": "startpassord-for-deg",
                                               "new": "startpassord-for-deg",
                                               "repeat": "startpassord-for-deg"})
    assert "et annet enn det gamle" in same.get_data(as_text=True)
    new.post("/arrangor/passord", data={"current": "startpassord-for-deg",
                                        "new": "mitt eget lange passord",
                                        "repeat": "mitt eget lange passord"})
    assert new.get("/arrangor/innsjekking/").status_code == 200


def test_cli_start_password_must_be_changed_unless_it_is_the_first_admins_own(app, runner):
    runner.invoke(args=["create-user", "--role", "arrangor", "--email", "a@usht.no",
                        "--password", PASSWORD])
    runner.invoke(args=["create-user", "--role", "admin", "--email", "sjef@usht.no",
                        "--password", PASSWORD, "--own-password"])
    with app.app_context():
        flags = dict(db.session.execute(select(User.email, User.must_change_password)).all())
    assert flags == {"a@usht.no": True, "sjef@usht.no": False}


def test_tokens_have_a_scope_and_work_only_on_the_api(app, owner):
    user_id, event_id = owner
    with app.app_context():
        user = db.session.get(User, user_id)
        export = auth.create_token(user, "eksport", "export")
        door = auth.create_token(db.session.get(User, user_id), "dør", "checkin")
        reader = auth.create_token(db.session.get(User, user_id), "tall", "read")
        session_id = db.session.get(Event, event_id).sessions[0].id
    api = app.test_client()
    csv_url = f"/api/v1/events/{event_id}/export.csv"
    counts_url = f"/api/v1/sessions/{session_id}/counts"

    def get(url, token):
        return api.get(url, headers={"Authorization": f"Bearer {token}"})

    assert get(csv_url, export).status_code == 200
    refused = get(csv_url, door)
    assert refused.status_code == 403 and refused.get_json()["error"] == "insufficient_scope"
    assert get(csv_url, reader).status_code == 403
    assert get(counts_url, door).status_code == 200
    assert get(counts_url, reader).status_code == 200
    assert get(counts_url, export).status_code == 403
    lookup = api.get(f"/api/v1/checkin/lookup?session={session_id}&q=Kari",
                     headers={"Authorization": f"Bearer {reader}"})
    assert lookup.status_code == 403
    # HTML pages ignore the header: the token is no sign-in there
    for token in (export, door, reader):
        page = get("/arrangor/", token)
        assert page.status_code != 200
        assert get(f"/arrangor/arrangement/{event_id}", token).status_code != 200


def test_tokens_expire(app, owner, clock):
    user_id, event_id = owner
    with app.app_context():
        token = auth.create_token(db.session.get(User, user_id), "kort", "export", days=7)
    api = app.test_client()
    url = f"/api/v1/events/{event_id}/export.csv"
    headers = {"Authorization": f"Bearer {token}"}
    clock.advance(days=6, hours=23)
    assert api.get(url, headers=headers).status_code == 200
    clock.advance(hours=2)
    assert api.get(url, headers=headers).status_code == 401
    with app.app_context():
        with pytest.raises(auth.AccountError):
            auth.create_token(db.session.get(User, user_id), "for lenge", "export", days=3650)


def test_token_page_lets_the_holder_choose_scope_and_lifetime(app, client, owner, clock):
    _sign_in(client)
    page = client.get("/arrangor/nokler").get_data(as_text=True)
    assert "Hva nøkkelen kan brukes til" in page and "Gyldig i" in page
    made = client.post("/arrangor/nokler", data={"name": "Eksport-skript", "scope": "export",
                                                 "days": "7"})
    assert made.status_code == 200
    bad = client.post("/arrangor/nokler", data={"name": "x", "scope": "alt", "days": "9999"})
    assert bad.status_code == 422
    with app.app_context():
        token = db.session.scalar(select(ApiToken).where(ApiToken.name == "Eksport-skript"))
        assert token.scope == "export"
        assert 6.9 < (token.expires_at - clock.now).total_seconds() / 86400 <= 7
    listing = client.get("/arrangor/nokler").get_data(as_text=True)
    assert "Eksport av deltakerlister" in listing
