"""The privacy pages: «Slett meg» for a participant, erasure and access (innsyn) for admins.

Addresses are always sent in a POST body, never in a URL, so they reach no access log.
"""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user
from sqlalchemy import select

from ..accounts.permissions import admin_required
from ..audit.actions import AuditAction
from ..audit.models import AuditEntry
from ..core.extensions import csrf, db
from ..registrations import operations
from ..registrations.rules import RegistrationRefused
from . import access, erasure
from .forms import AccessForm, EraseEmailForm, EraseForm

bp = Blueprint("privacy", __name__)


@bp.route("/pamelding/<token>/slett", methods=["GET", "POST"])
@csrf.exempt  # the form checks its own token and answers on the page if it fails
def erase(token: str) -> ResponseReturnValue:
    """«Slett meg»: a confirmation page, then the registration is cancelled and erased."""
    registration = operations.get_by_token(token)
    if registration is None or registration.anonymised_at is not None:
        abort(404)
    form = EraseForm()
    status = 200
    if request.method == "POST":
        if form.validate():
            try:
                erasure.erase(token)
            except RegistrationRefused:
                abort(404)  # erased by another request in the meantime
            return redirect(url_for("privacy.erased"), 303)
        status = 400
        flash(_("Skjemaet ble ikke sendt fordi økten var utløpt. Prøv igjen."), "danger")
    return render_template("privacy/erase.html", registration=registration,
                           event=registration.event, form=form), status


@bp.get("/personvern/slettet")
def erased() -> ResponseReturnValue:
    return render_template("privacy/erased.html")


def _recent() -> list[AuditEntry]:
    return list(db.session.scalars(
        select(AuditEntry)
        .where(AuditEntry.event_id.is_(None),
               AuditEntry.action.in_([AuditAction.ERASED, AuditAction.PERSONAL_DATA_EXPORTED]))
        .order_by(AuditEntry.id.desc()).limit(20)))


def _page(access_form: AccessForm, erase_form: EraseEmailForm,
          status: int = 200) -> ResponseReturnValue:
    return render_template("privacy/admin.html", access_form=access_form,
                           erase_form=erase_form, recent=_recent()), status


@bp.get("/arrangor/personvern/")
@admin_required
def admin() -> ResponseReturnValue:
    return _page(AccessForm(formdata=None, prefix="access"),
                 EraseEmailForm(formdata=None, prefix="erase"))


@bp.post("/arrangor/personvern/innsyn")
@admin_required
def access_export() -> ResponseReturnValue:
    form = AccessForm(prefix="access")
    if not form.validate():
        return _page(form, EraseEmailForm(formdata=None, prefix="erase"), 422)
    return access.download(form.clean, form.fmt.data, current_user)


@bp.post("/arrangor/personvern/slett")
@admin_required
def erase_email() -> ResponseReturnValue:
    form = EraseEmailForm(prefix="erase")
    if not form.validate():
        return _page(AccessForm(formdata=None, prefix="access"), form, 422)
    count = erasure.erase_email(form.clean, form.reason.data or "", current_user)
    if count:
        flash(ngettext("%(num)s påmelding er slettet og anonymisert.",
                       "%(num)s påmeldinger er slettet og anonymisert.", count), "success")
    else:
        flash(_("Fant ingen påmeldinger med denne adressen. Forespørselen er logget."), "info")
    return redirect(url_for("privacy.admin"), 303)
