"""The fast path for the usual e-mail address gives email-validator's own answer
(validation.email): the same address back, or a refusal where the library refuses."""

from __future__ import annotations

import random
import string

import pytest
from email_validator import validate_email

from registration.registrations import validation
from registration.registrations.validation import FieldError


def our_answer(text: str) -> str | None:
    try:
        return validation.email(text)
    except FieldError:
        return None


def library_answer(text: str) -> str | None:
    """What validation.email() answers without the fast path: every address through
    email-validator's validate_email()."""
    fast = validation._plain_address
    validation._plain_address = lambda _text: None  # type: ignore[assignment]
    try:
        return our_answer(text)
    finally:
        validation._plain_address = fast


def test_the_fast_path_answers_the_usual_address_itself():
    """(Else the comparisons below would compare the library with itself.)"""
    assert validation._plain_address("kari.nordmann@tromso.kommune.no") \
        == "kari.nordmann@tromso.kommune.no"
    assert validation._plain_address("kari@tromsø.kommune.no") == "kari@xn--troms-zua.kommune.no"
    assert validation._plain_address("Kari <kari@kommune.no>") is None
    assert validate_email("kari@tromsø.kommune.no", check_deliverability=False).ascii_email \
        == "kari@xn--troms-zua.kommune.no"


EDGES = [
    "kari.nordmann@tromso.kommune.no", "Kari.Nordmann@Tromso.Kommune.NO",
    "kari@tromsø.kommune.no", "kari@xn--troms-zua.kommune.no", "kari+kurs@helse-nord.no",
    "o'brien@example.no", "a!#$%&'*+-/=?^_`{|}~z@example.no", "POSTMASTER@kommune.no",
    "Abuse@kommune.no", "kari..nordmann@kommune.no", ".kari@kommune.no", "kari.@kommune.no",
    "kari@kommune", "kari@-kommune.no", "kari@kommune-.no", "kari@kommune..no",
    "kari@[127.0.0.1]", "kari@localhost", "kari@example.invalid", "kari@test",
    "\"kari nordmann\"@kommune.no", "Kari <kari@kommune.no>", "kari@kommune.no.",
    "kari@@kommune.no", "@kommune.no", "kari@", "kari", "kari nordmann@kommune.no",
    "kari@kom mune.no", "kari@kommune.no ", " kari@kommune.no", "kari(kommentar)@kommune.no",
    "k" * 64 + "@kommune.no", "k" * 65 + "@kommune.no", "k" * 230 + "@kommune.no",
    "k@" + "a" * 63 + ".no", "k@" + "a" * 64 + ".no", "k@" + ".".join(["a" * 60] * 4) + ".no",
    "kari@kommune.123", "kari@1.2.3.4", "kari@xn--.no", "kari@ÆØÅ.no", "kari@æøå.no",
    "kari@sub_domain.no", "KARI@TROMSØ.KOMMUNE.NO", "kari@tromsø.kommune.no.",
]


@pytest.mark.parametrize("text", EDGES)
def test_edge_addresses_answer_as_the_library_does(text):
    assert our_answer(text) == library_answer(text), text


def test_random_addresses_answer_as_the_library_does():
    rng = random.Random(20261129)
    local_chars = string.ascii_letters + string.digits + ".!#$%&'*+-/=?^_`{|}~\"() <>@,;:"
    domain_chars = string.ascii_lowercase + string.digits + "-._æøå[]@ "
    differing = []
    for _ in range(4000):
        local = "".join(rng.choice(local_chars) for _ in range(rng.randint(0, 12)))
        labels = ["".join(rng.choice(domain_chars) for _ in range(rng.randint(0, 10)))
                  for _ in range(rng.randint(1, 3))]
        text = f"{local}@{'.'.join(labels)}{rng.choice(['.no', '.com', '', '.'])}"
        if our_answer(text) != library_answer(text):
            differing.append(text)
    assert differing == []
    # the corpus holds both answers, so the comparison means something
    answers = [library_answer(t) for t in EDGES]
    assert any(a is None for a in answers) and any(a is not None for a in answers)
