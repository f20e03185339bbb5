"""The e-mail as it goes on the wire, built like Exchange and Google build invites.

```
multipart/mixed
  multipart/alternative
    text/plain                        quoted-printable
    multipart/related                 (only with a ticket)
      text/html                       quoted-printable
      image/png  Content-ID <billett.…@sender-domain>   base64
    text/calendar; method=REQUEST     base64   (only with an invite)
  application/ics  invitasjon.ics     base64   (the same invite, for clients that show
                                                only attachments, e.g. some webmail)
```

Every body part is quoted-printable or base64, so no line is ever over 998 octets and
8BITMIME is never needed. Headers are written by Python's ``email`` (policy SMTP), which
encodes a display name only when it is not plain ASCII.
"""

from __future__ import annotations

import secrets
from email.headerregistry import Address
from email.message import EmailMessage
from email.policy import SMTP
from email.utils import format_datetime

from flask import current_app

from ..core.types import utcnow

HEADER_NAME_MAX = 40


def header_name(name: str) -> str:
    """The display name in To: at most 40 characters, cut at a word; the full name is in
    the message itself (long folded names decode with stray spaces in some clients)."""
    if len(name) <= HEADER_NAME_MAX:
        return name
    cut = name[:HEADER_NAME_MAX].rsplit(" ", 1)[0]
    return cut or name[:HEADER_NAME_MAX]


def sender_address() -> str:
    return current_app.config["MAIL_DEFAULT_SENDER"]


def sender_domain() -> str:
    return sender_address().rpartition("@")[2] or "localhost"


def new_message_id() -> str:
    """On the sender's domain; the caller stores it so a retry sends the same one."""
    return f"<{utcnow():%Y%m%d%H%M%S}.{secrets.token_hex(8)}@{sender_domain()}>"


def ticket_content_id(message_id: str) -> str:
    """Unique per message (a fixed «ticket» collides when clients thread or forward)."""
    return "billett." + message_id.strip("<>")


def _address(name: str, address: str) -> Address:
    local, _, domain = address.rpartition("@")
    return Address(display_name=name, username=local, domain=domain)


def build(*, subject: str, to_name: str, to_address: str, text: str, html: str | None,
          message_id: str, ics: str | None = None, ics_method: str | None = None,
          qr_png: bytes | None = None, unsubscribe_url: str | None = None) -> EmailMessage:
    config = current_app.config
    email = EmailMessage(policy=SMTP)
    email["Subject"] = subject
    email["From"] = _address(config["CENTRE_NAME"], sender_address())
    email["To"] = _address(header_name(to_name), to_address)
    if sender_address().lower() != config["CENTRE_EMAIL"].lower():
        # Replies (and the calendar ORGANIZER) go to the centre, not a no-reply relay.
        email["Reply-To"] = _address(config["CENTRE_NAME"], config["CENTRE_EMAIL"])
    email["Date"] = format_datetime(utcnow())
    email["Message-ID"] = message_id
    email["Auto-Submitted"] = "auto-generated"
    if unsubscribe_url:
        email["List-Unsubscribe"] = f"<{unsubscribe_url}>"
        email["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    email.set_content(text, subtype="plain", charset="utf-8", cte="quoted-printable")
    if html:
        email.add_alternative(html, subtype="html", charset="utf-8", cte="quoted-printable")
        if qr_png:
            html_part = [p for p in email.iter_parts()
                         if p.get_content_type() == "text/html"][0]
            assert isinstance(html_part, EmailMessage)
            html_part.make_related()
            html_part.add_related(qr_png, maintype="image", subtype="png", disposition="inline",
                                  filename="billett.png",
                                  cid=f"<{ticket_content_id(message_id)}>")
    if ics and ics_method:
        calendar_bytes = ics.encode()
        email.add_alternative(calendar_bytes, maintype="text", subtype="calendar",
                              cte="base64", params={"method": ics_method, "charset": "UTF-8"})
        email.make_mixed()
        email.add_attachment(calendar_bytes, maintype="application", subtype="ics",
                             filename="invitasjon.ics", cte="base64")
    return email
