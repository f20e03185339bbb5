"""What the mail templates need beyond Jinja: paragraphs made on the server (Outlook for
Windows ignores ``white-space: pre-line``), and the bounce mark for pages."""

from __future__ import annotations

import re

from flask import Flask
from markupsafe import Markup, escape

from ..registrations.models import Registration
from . import preferences
from .models import MailPreference

PARAGRAPH = '<p style="margin:0 0 16px">{}</p>'


def paragraphs(text: str | None) -> Markup:
    """Blank lines make paragraphs, single line breaks <br>: escaped, then joined."""
    blocks = [b.strip() for b in re.split(r"\r?\n\s*\r?\n", text or "") if b.strip()]
    return Markup("\n").join(
        Markup(PARAGRAPH).format(Markup("<br>\n").join(escape(line.rstrip())
                                                        for line in block.splitlines()))
        for block in blocks)


def mail_bounce(registration: Registration) -> MailPreference | None:
    return preferences.bounce(registration)


def init_app(app: Flask) -> None:
    app.jinja_env.filters["paragraphs"] = paragraphs
    app.jinja_env.globals["mail_bounce"] = mail_bounce
