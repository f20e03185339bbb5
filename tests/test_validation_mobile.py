"""The fast path for Norwegian mobiles gives phonenumbers' own answer (validation.mobile)."""

from __future__ import annotations

import random

import phonenumbers
import pytest

from registration.registrations import validation
from registration.registrations.validation import FieldError


def library_answer(text: str) -> str | None:
    """What phonenumbers alone says: E.164 for a mobile, None for anything else."""
    try:
        number = phonenumbers.parse(text, "NO")
    except phonenumbers.NumberParseException:
        return None
    if phonenumbers.number_type(number) not in (
            phonenumbers.PhoneNumberType.MOBILE,
            phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE):
        return None
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def our_answer(text: str) -> str | None:
    try:
        return validation.mobile(text)
    except FieldError:
        return None


def test_every_three_digit_start_agrees_with_phonenumbers(app):
    """Every start 200–999 (all the kinds: mobile, fixed line, toll free, premium, VoIP…),
    with random endings, written three ways."""
    rng = random.Random(47)
    with app.test_request_context():
        for start in range(200, 1000):
            for _ in range(6):
                digits = f"{start}{rng.randrange(100000):05d}"
                for text in (digits, f"+47{digits}", f"{digits[:3]} {digits[3:5]} {digits[5:]}"):
                    assert our_answer(text) == library_answer(text), text


@pytest.mark.parametrize("text,expected", [
    ("91234567", "+4791234567"),
    ("+47 412 34 567", "+4741234567"),
    ("45361234", None),  # 4536…: outside the 45 mobile ranges
    ("80012345", None),  # toll free
    ("22123456", None),  # fixed line (Oslo)
    ("0047 91234567", "+4791234567"),  # not the fast path: phonenumbers answers
    ("+46 70 123 45 67", "+46701234567"),  # Swedish mobile: phonenumbers answers
    ("91２３４５６７", "+4791234567"),  # full-width digits: phonenumbers reads them as 0–9
    ("9١٢٣٤٥٦٧", "+4791234567"),  # Arabic-Indic digits, likewise
])
def test_known_numbers(app, text, expected):
    with app.test_request_context():
        assert our_answer(text) == expected
