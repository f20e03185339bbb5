"""The personal page's «velg økter» buttons: add a session or drop one (thin: the rules
are in session_choice.py)."""

from __future__ import annotations

from flask import flash, redirect, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _

from . import rules, session_choice
from .forms import CancelForm
from .views import _change_limited, bp, registration_or_404


def _back(token: str) -> ResponseReturnValue:
    return redirect(url_for("registrations.personal_page", token=token) + "#sessions-heading",
                    303)


@bp.post("/pamelding/<token>/okter/<int:session_id>/legg-til")
def add_session(token: str, session_id: int) -> ResponseReturnValue:
    registration = registration_or_404(token)
    if limited := _change_limited(registration, "add session"):
        return limited
    if not CancelForm().validate():
        flash(_("Skjemaet ble ikke sendt fordi økten var utløpt. Prøv igjen."), "danger")
        return _back(token)
    try:
        session_choice.add_session(token, session_id)
    except rules.RegistrationRefused as refused:
        flash(refused.message, "danger")
    else:
        flash(_("Økten er lagt til. Du får en oppdatert kalenderinvitasjon på e-post hvis "
                "du fikk plass."), "success")
    return _back(token)


@bp.post("/pamelding/<token>/okter/<int:session_id>/avmeld")
def drop_session(token: str, session_id: int) -> ResponseReturnValue:
    registration = registration_or_404(token)
    if limited := _change_limited(registration, "drop session"):
        return limited
    if not CancelForm().validate():
        flash(_("Skjemaet ble ikke sendt fordi økten var utløpt. Prøv igjen."), "danger")
        return _back(token)
    try:
        session_choice.drop_session(token, session_id)
    except rules.RegistrationRefused as refused:
        flash(refused.message, "danger")
    else:
        flash(_("Du er meldt av økten. Kalenderen din får beskjed."), "success")
    return _back(token)
