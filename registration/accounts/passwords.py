"""What a password must be: at least MIN_LENGTH characters, not a common password (the list
in common-passwords.txt beside this file, with its source), not built from the e-mail
address's name, not one character repeated."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

from flask_babel import gettext as _

MIN_LENGTH = 12
MAX_LENGTH = 200
LIST = Path(__file__).with_name("common-passwords.txt")


@cache
def common_passwords() -> frozenset[str]:
    lines = LIST.read_text(encoding="utf-8").splitlines()
    return frozenset(line.strip() for line in lines if line.strip() and not line.startswith("#"))


def _cores(password: str) -> set[str]:
    """The password and what is left when digits and punctuation around it are taken off
    (``Sommer2026!`` → ``sommer``): a common word with a year is still a common word."""
    lowered = password.lower()
    stripped = re.sub(r"^[\W\d_]+|[\W\d_]+$", "", lowered)
    return {lowered, stripped, lowered.replace(" ", "")}


def _names(email: str) -> list[str]:
    local = email.strip().lower().split("@", 1)[0]
    parts = [local, *re.split(r"[._+\-]+", local)]
    return [part for part in parts if len(part) >= 3]


def problem(password: str, email: str = "") -> str | None:
    """Why the password cannot be used (a sentence for the form), or None."""
    if len(password) < MIN_LENGTH:
        return _("Passordet må ha minst %(n)s tegn.", n=MIN_LENGTH)
    if len(password) > MAX_LENGTH:
        return _("Passordet kan ha høyst %(n)s tegn.", n=MAX_LENGTH)
    if len(set(password)) < 4:
        return _("Passordet har for få ulike tegn. Bruk for eksempel tre-fire tilfeldige ord.")
    if any(core in common_passwords() for core in _cores(password) if core):
        return _("Dette passordet er blant de mest brukte og blir gjettet først. Velg et "
                 "annet, for eksempel tre-fire tilfeldige ord.")
    lowered = password.lower()
    if any(name in lowered for name in _names(email)):
        return _("Passordet kan ikke inneholde navnet i e-postadressen.")
    return None
