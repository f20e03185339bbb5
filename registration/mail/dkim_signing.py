"""Optional DKIM signing in the app, for SMTP relays that do not sign (dkimpy).

Set ``DKIM_PRIVATE_KEY`` (a PEM RSA key, or the path of a file holding one) and
``DKIM_SELECTOR``; the signing domain is the sender's (``DKIM_DOMAIN`` overrides).
``flask --app wsgi dkim-record`` prints the TXT record to publish.
"""

from __future__ import annotations

import base64
from pathlib import Path

import dkim
from dkim.crypto import parse_pem_private_key
from flask import current_app

# The headers a receiver sees and that must not change on the way.
SIGNED_HEADERS = [b"From", b"To", b"Subject", b"Date", b"Message-ID", b"Reply-To",
                  b"MIME-Version", b"Content-Type", b"List-Unsubscribe",
                  b"List-Unsubscribe-Post"]


def private_key() -> bytes | None:
    value = (current_app.config.get("DKIM_PRIVATE_KEY") or "").strip()
    if not value:
        return None
    if "-----BEGIN" not in value:
        value = Path(value).read_text()
    return value.encode()


def domain() -> str:
    return (current_app.config.get("DKIM_DOMAIN")
            or current_app.config["MAIL_DEFAULT_SENDER"].rpartition("@")[2])


def selector() -> str:
    return current_app.config.get("DKIM_SELECTOR") or "pamelding"


def sign(data: bytes) -> bytes:
    """The message with a DKIM-Signature header in front, or unchanged without a key."""
    key = private_key()
    if key is None:
        return data
    signature = dkim.sign(data, selector().encode(), domain().encode(), key,
                          include_headers=SIGNED_HEADERS)
    return signature + data


def dns_record() -> tuple[str, str]:
    """(name, TXT value) to publish for the configured key."""
    key = private_key()
    if key is None:
        raise ValueError("DKIM_PRIVATE_KEY er ikke satt.")
    parsed = parse_pem_private_key(key)
    public = _spki(parsed["modulus"], parsed["publicExponent"])
    return (f"{selector()}._domainkey.{domain()}",
            f"v=DKIM1; k=rsa; p={base64.b64encode(public).decode()}")


def _der(tag: int, body: bytes) -> bytes:
    size = len(body)
    if size < 0x80:
        return bytes([tag, size]) + body
    length = size.to_bytes((size.bit_length() + 7) // 8, "big")
    return bytes([tag, 0x80 | len(length)]) + length + body


def _der_int(value: int) -> bytes:
    return _der(0x02, value.to_bytes(value.bit_length() // 8 + 1, "big"))


RSA_ENCRYPTION = bytes.fromhex("06092a864886f70d0101010500")  # OID 1.2.840.113549.1.1.1, NULL


def _spki(modulus: int, exponent: int) -> bytes:
    """The public key as SubjectPublicKeyInfo (DER), what DNS records carry."""
    rsa_public = _der(0x30, _der_int(modulus) + _der_int(exponent))
    return _der(0x30, _der(0x30, RSA_ENCRYPTION) + _der(0x03, b"\x00" + rsa_public))
