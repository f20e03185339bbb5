"""Security headers: a strict Content-Security-Policy (no inline script or style in any
template), HSTS in production, no-store on organiser pages and on the API's answers."""

from __future__ import annotations

import re
from pathlib import Path

from registration.accounts import operations as auth
from registration.core.extensions import db
from registration.models import Event, User
from tests.conftest import make_app, make_event, person

ROOT = Path(__file__).resolve().parent.parent
PASSWORD = "riktig-passord-123"


def _directives(policy: str) -> dict[str, list[str]]:
    return {part.split()[0]: part.split()[1:] for part in policy.split(";") if part.strip()}


def test_every_page_has_a_strict_content_security_policy(app, client):
    with app.app_context():
        event = make_event()
    for url in ("/", f"/arrangement/{event.id}", "/arrangor/logg-inn", "/personvern",
                "/finnes-ikke", "/api/v1/events"):
        response = client.get(url)
        policy = _directives(response.headers["Content-Security-Policy"])
        assert policy["script-src"] == ["'self'"], url
        assert policy["style-src"] == ["'self'"], url
        assert policy["object-src"] == ["'none'"] and policy["frame-ancestors"] == ["'none'"]
        assert "'unsafe-inline'" not in response.headers["Content-Security-Policy"]
        assert "'unsafe-eval'" not in response.headers["Content-Security-Policy"]
        assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_no_template_has_inline_script_handlers_or_styles():
    """What the CSP would block: <script> without src, on…= handlers, style attributes and
    <style> blocks. E-mail templates are exempt (mail clients need inline styles; they are
    only shown in a sandboxed frame with its own policy)."""
    found = []
    for path in sorted((ROOT / "templates").rglob("*.html")):
        if "mail/messages" in path.as_posix():
            continue
        text = path.read_text()
        for pattern in (r"<script(?![^>]*\bsrc=)[^>]*>", r"\son[a-z]+\s*=", r"\sstyle\s*=",
                        r"<style\b", r"javascript:"):
            found += [f"{path.relative_to(ROOT)}: {m}" for m in re.findall(pattern, text)]
    assert found == []


def test_organiser_pages_and_api_answers_are_never_stored(app, client):
    with app.app_context():
        event = make_event()
        user = auth.create_user("eier@usht.no", "arrangor", PASSWORD)
        db.session.get(Event, event.id).owner_id = user.id
        db.session.commit()
        token = auth.create_token(db.session.get(User, user.id), "eksport", scope="export")
        from registration.registrations import operations
        reg = operations.register(event.id, person(1, mode="physical")).registration
        personal = reg.token
    assert client.get("/").headers.get("Cache-Control") != "no-store"  # public, no person
    assert client.get("/arrangor/logg-inn").headers["Cache-Control"] == "no-store"
    client.post("/arrangor/logg-inn", data={"email": "eier@usht.no", "password": PASSWORD})
    for url in ("/arrangor/", f"/arrangor/arrangement/{event.id}"):
        response = client.get(url)
        assert response.status_code == 200, url
        assert response.headers["Cache-Control"] == "no-store", url
    api = client.application.test_client()
    export = api.get(f"/api/v1/events/{event.id}/export.csv",
                     headers={"Authorization": f"Bearer {token}"})
    assert export.status_code == 200 and "Kari" in export.get_data(as_text=True)
    assert export.headers["Cache-Control"] == "no-store"
    mine = api.get(f"/api/v1/registrations/{personal}")
    assert mine.status_code == 200 and mine.headers["Cache-Control"] == "no-store"
    assert api.get(f"/pamelding/{personal}").headers["Cache-Control"] == "no-store"


def test_hsts_only_in_production(app, database_url, tmp_path, monkeypatch):
    assert "Strict-Transport-Security" not in app.test_client().get("/").headers
    for key in ("WORKERS", "WEB_CONCURRENCY"):
        monkeypatch.delenv(key, raising=False)
    production = make_app(database_url, tmp_path, APP_ENV="production",
                          SECRET_KEY="Vq3xP0m9-ZkR2tYw8LbN4cHs7JdF1gUe6AiO5",
                          PUBLIC_URL="https://pamelding.example.no")
    response = production.test_client().get("/")
    assert response.status_code == 200
    assert response.headers["Strict-Transport-Security"] == "max-age=31536000"


def test_the_check_in_screen_may_compile_the_barcode_readers_webassembly(app, client):
    with app.app_context():
        event = make_event()
        user = auth.create_user("eier@usht.no", "arrangor", PASSWORD)
        db.session.get(Event, event.id).owner_id = user.id
        db.session.commit()
    client.post("/arrangor/logg-inn", data={"email": "eier@usht.no", "password": PASSWORD})
    screen = client.get(f"/arrangor/innsjekking/{event.id}")
    assert screen.status_code == 200
    policy = _directives(screen.headers["Content-Security-Policy"])
    assert policy["script-src"] == ["'self'", "'wasm-unsafe-eval'"]
    assert "data-autosubmit" in screen.get_data(as_text=True)


def test_the_sent_html_mail_is_framed_only_by_our_own_message_page(app, client):
    from registration.mail.models import OutboxMessage
    from registration.registrations import operations

    with app.app_context():
        event = make_event()
        operations.register(event.id, person(0, mode="physical"))
        auth.create_user("admin@usht.no", "admin", PASSWORD)
        message = db.session.scalar(db.select(OutboxMessage))
        message.html_body = '<p style="color:red">Hei</p>'
        db.session.commit()
        message_id = message.id
    client.post("/arrangor/logg-inn", data={"email": "admin@usht.no", "password": PASSWORD})
    page = client.get(f"/arrangor/utboks/{message_id}")
    assert "frame-src 'self'" in page.headers["Content-Security-Policy"]
    body = client.get(f"/arrangor/utboks/{message_id}/innhold.html")
    assert body.status_code == 200 and b"Hei" in body.data
    assert body.headers["X-Frame-Options"] == "SAMEORIGIN"
    assert "frame-ancestors 'self'" in body.headers["Content-Security-Policy"]
    assert "style-src 'unsafe-inline'" in body.headers["Content-Security-Policy"]
    assert body.headers["Cache-Control"] == "no-store"


def test_a_visitor_without_a_cookie_gets_none_and_answers_vary_on_it(app, client):
    """A first visit or an API call: no session cookie is set; a page whose language is
    read from the session says «Vary: Cookie» (a cache must not share it across languages),
    and a visitor who chooses a language gets the cookie and the same Vary."""
    with app.app_context():
        event = make_event()
    page = client.get(f"/arrangement/{event.id}")
    assert page.status_code == 200
    assert "Set-Cookie" not in page.headers
    assert "Cookie" in page.headers.get("Vary", "")
    client.get("/sprak/en")  # choose English: the session now holds the language
    english = client.get(f"/arrangement/{event.id}")
    assert "Cookie" in english.headers.get("Vary", "")
    assert english.headers.get("Content-Language", "en").startswith("en") \
        or 'lang="en"' in english.get_data(as_text=True)
    client.delete_cookie("session")
    answer = client.post(f"/api/v1/events/{event.id}/registrations", json={})
    assert answer.status_code == 422
    assert "Set-Cookie" not in answer.headers
    assert answer.headers["Cache-Control"] == "no-store"
    assert answer.headers["X-Frame-Options"] == "DENY"


def test_a_function_made_for_one_request_is_not_remembered(app, client):
    """The app remembers that its own hooks and views are not coroutines; a function made
    for one request (after_this_request) is run and forgotten, not kept for ever."""
    from flask import after_this_request

    @app.get("/test-after-this-request")
    def once():  # noqa: ANN202
        @after_this_request
        def mark(response):  # noqa: ANN001,ANN202
            response.headers["X-Once"] = "yes"
            return response
        return "ok"

    for _ in range(3):
        assert client.get("/test-after-this-request").headers["X-Once"] == "yes"
    remembered = app._synchronous  # type: ignore[attr-defined]
    assert once in remembered
    assert not any(getattr(f, "__name__", "") == "mark" for f in remembered)
