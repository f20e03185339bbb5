"""Tickets: the code a scanner reads, and its QR picture.

Who has a ticket is one rule, ``registrations.rules.has_ticket``: a confirmed seat in the
room. The code is made at registration; registrations from before tickets existed get
theirs the first time it is shown.
"""

from __future__ import annotations

import io
import secrets

import qrcode
from qrcode.image.svg import SvgPathImage

from ..core.db import write_transaction
from ..registrations.models import Registration

# Crockford's base32: digits and capitals without I, L, O and U, so nothing on a ticket can
# be read as something else (O/0, I/L/1). Codes made before this used all of A–Z0–9; they
# still work (checkin.operations.code_candidates).
TICKET_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
# What a person types for a look-alike: O is 0, I and L are 1 (Crockford's decoding rule).
LOOK_ALIKES = str.maketrans({"O": "0", "I": "1", "L": "1"})
# A random byte → a character: byte mod 32, and 256 is 8 × 32, so each is equally likely.
_BYTE_TO_CROCKFORD = bytes(TICKET_ALPHABET[b % 32].encode()[0] for b in range(256))


def new_ticket_code() -> str:
    """22 characters of Crockford's base32: 5 × 22 = 110 random bits. Only digits and
    capitals, which scanners on a Norwegian keyboard layout do not garble. (22 random bytes,
    each made one of the 32 characters: the same as 22 draws from the alphabet, in C rather
    than 22 Python calls.)"""
    return secrets.token_bytes(22).translate(_BYTE_TO_CROCKFORD).decode()


def ensure_ticket_code(registration: Registration) -> str:
    if not registration.ticket_code:
        with write_transaction():
            registration.ticket_code = new_ticket_code()
    assert registration.ticket_code is not None
    return registration.ticket_code


def ticket_svg(code: str) -> str:
    """The ticket as inline SVG for web pages."""
    image = qrcode.make(code, image_factory=SvgPathImage, box_size=10, border=2)
    return image.to_string(encoding="unicode")  # type: ignore[no-any-return]


def ticket_png(code: str) -> bytes:
    image = qrcode.make(code, box_size=8, border=2)
    out = io.BytesIO()
    image.save(out, format="PNG")  # type: ignore[call-arg]  # a PIL image: Pillow is installed
    return out.getvalue()
