"""A honeypot on the public forms: a field people never see or reach (visually hidden,
aria-hidden, out of the tab order, autocomplete off) that form-filling robots fill in.

When it is filled, the form is refused quietly: nothing is saved, the page comes back with a
plain "send it again" message and the form as typed, but with the trap emptied. A person
whose browser filled it by mistake can simply send again; a robot learns nothing specific.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask import current_app

FIELD = "hjemmeside"


def filled(form: Mapping[str, Any]) -> bool:
    return bool(str(form.get(FIELD, "") or "").strip())


def log(what: str) -> None:
    from .ratelimit import client_key

    current_app.logger.warning("Honeypot filled on %s by client %s: nothing saved", what,
                               client_key())
