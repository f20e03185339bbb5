"""Field rules shared by the registration form and the API: one place, same messages."""

from __future__ import annotations

import functools
import importlib
import re
import unicodedata
from typing import Any

import email_validator
import phonenumbers
from email_validator import EmailNotValidError, validate_email
from email_validator.rfc_constants import CASE_INSENSITIVE_MAILBOX_NAMES, DOT_ATOM_TEXT
from flask_babel import lazy_gettext as _l

from ..core import municipalities
from ..models import Mode, Role

# email-validator checks an address's domain with the IDNA rules, character by character:
# two thirds of its time. That check depends on the domain alone, and registrations come from
# a few hundred kommune and health-trust domains, so each process remembers the domains it
# has found valid (a refusal is not remembered: it raises, and is checked again next time).
_email_validation: Any = importlib.import_module("email_validator.validate_email")
_email_validation.validate_email_domain_name = functools.lru_cache(maxsize=4096)(
    _email_validation.validate_email_domain_name)

_CASE_INSENSITIVE_MAILBOXES = frozenset(CASE_INSENSITIVE_MAILBOX_NAMES)  # postmaster, abuse, …


def _plain_address(text: str) -> str | None:
    """email-validator's answer (its ASCII form) for the usual address, ``name@domain``
    with only the letters, digits and signs allowed unquoted before the @ (RFC 5322's
    dot-atom), without its parser: the same rule for that part, its own (remembered) check
    of the domain and its length limits. None for anything else, which then goes through
    validate_email() whole: a refusal always comes from there, with its reason.
    tests/test_validation_email.py holds the two to the same answers."""
    local, at, domain = text.rpartition("@")
    if not at or not DOT_ATOM_TEXT.match(local) or local.lower() in _CASE_INSENSITIVE_MAILBOXES \
            or domain.startswith("["):
        return None
    try:
        found = _email_validation.validate_email_domain_name(
            domain, test_environment=email_validator.TEST_ENVIRONMENT,
            globally_deliverable=email_validator.GLOBALLY_DELIVERABLE)
    except EmailNotValidError:
        return None
    ascii_address = f"{local}@{found['ascii_domain']}"
    if max(len(text.encode()), len(f"{local}@{found['domain']}".encode()),
           len(ascii_address)) > EMAIL_MAX:
        return None
    return ascii_address


ROLE_LABELS = {
    Role.SYKEPLEIER: _l("Sykepleier"),
    Role.HELSEFAGARBEIDER: _l("Helsefagarbeider"),
    Role.VERNEPLEIER: _l("Vernepleier"),
    Role.ERGOTERAPEUT: _l("Ergoterapeut"),
    Role.FYSIOTERAPEUT: _l("Fysioterapeut"),
    Role.LEGE: _l("Lege"),
    Role.LEDER: _l("Leder"),
    Role.UFAGLAERT: _l("Ufaglært"),
    Role.ANNET: _l("Annet"),
}

MODE_LABELS = {
    Mode.PHYSICAL: _l("Fysisk oppmøte"),
    Mode.DIGITAL: _l("Digitalt"),
}

NAME_MAX = 120
WORKPLACE_MAX = 150
EMAIL_MAX = 254
DIET_MAX = 500

# Letters from any script, with single spaces, hyphens, apostrophes or dots between them.
_NAME_RE = re.compile(r"^[^\W\d_]+(?:[ '’.\-]{1,2}[^\W\d_]+)*\.?$")


class FieldError(ValueError):
    """A value was refused; the message is for the person who typed it."""


def _has_control_chars(value: str) -> bool:
    if value.isprintable():  # no Cc or Cf in it (checked in C): the usual answer
        return False
    return any(unicodedata.category(c) in {"Cc", "Cf"} for c in value)


def clean_text(value: object) -> str:
    if value is None:
        return ""
    if not isinstance(value, str):
        raise FieldError(_l("Ugyldig verdi."))
    return unicodedata.normalize("NFC", value).strip()


def name(value: object) -> str:
    text = clean_text(value)
    if not text:
        raise FieldError(_l("Skriv inn navnet ditt."))
    if len(text) > NAME_MAX:
        raise FieldError(_l("Navnet kan ha høyst %(n)s tegn.", n=NAME_MAX))
    if _has_control_chars(text):
        raise FieldError(_l("Navnet kan ikke inneholde linjeskift eller kontrolltegn."))
    text = re.sub(r" {2,}", " ", text)
    if not _NAME_RE.match(text):
        raise FieldError(
            _l("Navnet kan bare inneholde bokstaver, mellomrom, bindestrek og apostrof.")
        )
    if " " not in text:
        raise FieldError(_l("Skriv inn både fornavn og etternavn."))
    return text


def email(value: object) -> str:
    text = clean_text(value)
    if not text:
        raise FieldError(_l("Skriv inn e-postadressen din."))
    if len(text) > EMAIL_MAX or _has_control_chars(text):
        raise FieldError(_l("Skriv inn en gyldig e-postadresse, for eksempel navn@kommune.no."))
    local = text.rpartition("@")[0]
    if local and not local.isascii():
        # Decided: refused here rather than sent with SMTPUTF8. Few mail servers in the
        # municipalities accept such addresses, our relay may not offer SMTPUTF8, and a
        # refusal now is better than a confirmation that silently never arrives.
        raise FieldError(_l("Vi kan ikke sende e-post til adresser med æ, ø, å eller andre "
                            "spesialtegn før @. Bruk en adresse med bare a–z, 0–9 og . - _ "
                            "før @."))
    plain = _plain_address(text)
    if plain is not None:
        return plain
    try:
        result = validate_email(text, check_deliverability=False, allow_smtputf8=False)
    except EmailNotValidError:
        raise FieldError(
            _l("Skriv inn en gyldig e-postadresse, for eksempel navn@kommune.no.")
        ) from None
    # A domain with æ, ø or å (tromsø.kommune.no) is kept in its ASCII form (xn--…), the
    # one every mail server accepts.
    return result.ascii_email or result.normalized


def _norwegian_mobile_pattern() -> re.Pattern[str]:
    """phonenumbers' own rule for a Norwegian mobile, as one regex over the eight digits:
    its mobile pattern, and none of the kinds number_type() tries before it (premium rate,
    toll free, shared cost, VoIP, personal, pager, UAN, voicemail), from the same metadata.
    tests/test_validation_mobile.py holds it to phonenumbers' answer."""
    meta = phonenumbers.PhoneMetadata.metadata_for_region("NO")
    assert meta is not None and meta.mobile is not None
    before = [getattr(meta, kind) for kind in (
        "premium_rate", "toll_free", "shared_cost", "voip", "personal_number", "pager", "uan",
        "voicemail")]
    excluded = "|".join(f"(?:{d.national_number_pattern})" for d in before
                        if d is not None and d.national_number_pattern)
    # ASCII: in Python \d is any Unicode digit, and a full-width «２» must go to phonenumbers,
    # which reads it as 2 (the fast path returns the text's own digits)
    return re.compile(rf"(?!(?:{excluded})$)(?:{meta.mobile.national_number_pattern})",
                      re.ASCII)


_NORWEGIAN_MOBILE = _norwegian_mobile_pattern()
_EIGHT_DIGITS = re.compile(r"(?:\+47)?([0-9]{8})")


def mobile(value: object) -> str:
    """A Norwegian or international mobile number, returned in E.164 (+4791234567)."""
    text = clean_text(value)
    if not text:
        raise FieldError(_l("Skriv inn mobilnummeret ditt."))
    if len(text) > 32 or _has_control_chars(text):
        raise FieldError(_l("Skriv inn et gyldig mobilnummer, for eksempel 912 34 567."))
    # The common case, a Norwegian mobile as 91234567 or +4791234567 (spaces aside), by
    # phonenumbers' own pattern without parsing: a registration rush checks thousands.
    eight = _EIGHT_DIGITS.fullmatch(text.replace(" ", ""))
    if eight is not None and _NORWEGIAN_MOBILE.fullmatch(eight.group(1)):
        return "+47" + eight.group(1)
    try:
        number = phonenumbers.parse(text, "NO")
    except phonenumbers.NumberParseException:
        raise FieldError(_l("Skriv inn et gyldig mobilnummer, for eksempel 912 34 567.")) from None
    # A number of a mobile type is a valid number (number_type matches it against its
    # country's patterns, as is_valid_number does): the second look only for the others.
    kind = phonenumbers.number_type(number)
    if kind not in (
        phonenumbers.PhoneNumberType.MOBILE,
        phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE,
    ):
        if not phonenumbers.is_valid_number(number):
            raise FieldError(_l("Skriv inn et gyldig mobilnummer, for eksempel 912 34 567."))
        raise FieldError(_l("Nummeret ser ikke ut som et mobilnummer."))
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def kommune(value: object) -> str:
    text = clean_text(value)
    if not text:
        raise FieldError(_l("Velg kommunen du jobber i."))
    if not municipalities.is_valid(text):
        raise FieldError(_l("Velg en kommune fra listen (ukjent kommunenummer)."))
    return text


def workplace(value: object) -> str:
    text = clean_text(value)
    if not text:
        raise FieldError(_l("Skriv inn arbeidsstedet ditt."))
    if len(text) > WORKPLACE_MAX:
        raise FieldError(_l("Arbeidssted kan ha høyst %(n)s tegn.", n=WORKPLACE_MAX))
    if _has_control_chars(text):
        raise FieldError(_l("Arbeidssted kan ikke inneholde linjeskift eller kontrolltegn."))
    if "<" in text or ">" in text:
        raise FieldError(_l("Arbeidssted kan ikke inneholde tegnene < og >."))
    return text


_ROLES = frozenset(r.value for r in Role)


def role(value: object) -> str:
    text = clean_text(value).lower()
    if not text:
        raise FieldError(_l("Velg stillingen din."))
    if text not in _ROLES:
        raise FieldError(_l("Velg en stilling fra listen."))
    return text


def mode(value: object, offered: list[str]) -> str | None:
    text = clean_text(value).lower()
    if not text:
        if len(offered) == 1:
            return offered[0]
        raise FieldError(_l("Velg om du deltar fysisk eller digitalt."))
    if text not in offered:
        raise FieldError(_l("Velg fysisk eller digitalt."))
    return text


def diet(value: object) -> str | None:
    text = clean_text(value)
    if not text:
        return None
    if len(text) > DIET_MAX:
        raise FieldError(_l("Kostbehov kan ha høyst %(n)s tegn.", n=DIET_MAX))
    if any(unicodedata.category(c) == "Cc" and c not in "\n\r\t" for c in text):
        raise FieldError(_l("Kostbehov kan ikke inneholde kontrolltegn."))
    return text


def display_mobile(value: str) -> str:
    """A stored number (E.164) as people write it: 912 34 567 for Norwegian numbers."""
    try:
        number = phonenumbers.parse(value, "NO")
    except phonenumbers.NumberParseException:
        return value
    if number.country_code == 47:
        return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)
