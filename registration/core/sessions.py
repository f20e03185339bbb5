"""The session: Flask's signed cookie, opened without its signer when there is no cookie."""

from __future__ import annotations

from flask import Flask, Request, Response
from flask.sessions import SecureCookieSession, SecureCookieSessionInterface, SessionMixin


class CookieSessionInterface(SecureCookieSessionInterface):
    """Flask's own session in a signed cookie. A request without the cookie (an API call,
    a first visit) gets a new empty session straight away: Flask would make the cookie's
    signer first, which is a tenth of a trivial request's time, only to find nothing to
    read. With a cookie, everything is Flask's."""

    def open_session(self, app: Flask, request: Request) -> SecureCookieSession | None:
        if app.secret_key and ("HTTP_COOKIE" not in request.environ  # no cookie to parse
                               or not request.cookies.get(self.get_cookie_name(app))):
            return self.session_class()
        return super().open_session(app, request)

    def save_session(self, app: Flask, session: SessionMixin, response: Response) -> None:
        """An empty session nobody changed (an API call, a page read without a cookie):
        only «Vary: Cookie» if it was looked at, as Flask would, without first reading
        the cookie's seven settings. Anything else is Flask's."""
        if not session and not session.modified:
            if session.accessed:
                if response.headers.getlist("Vary"):  # (a missing key costs an exception)
                    response.vary.add("Cookie")
                else:
                    response.headers["Vary"] = "Cookie"
            return
        super().save_session(app, session, response)
