from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_user, logout_user
from sqlalchemy import select

from ..core.extensions import db, limiter
from ..core.links import safe_next
from ..models import (
    ApiToken,
    User,
    UserRole,
    utcnow,
)
from . import operations as auth
from .forms import (
    ROLE_LABELS,
    PasswordForm,
    SignInForm,
    TokenForm,
    UserForm,
)
from .permissions import admin_required, signed_in_required

bp = Blueprint("accounts", __name__)


def _safe_next(target: str | None) -> str:
    return safe_next(target, url_for("events.dashboard"))


@bp.route("/arrangor/logg-inn", methods=["GET", "POST"])
@limiter.limit("10 per minute", methods=["POST"])
def sign_in():  # noqa: ANN201
    form = SignInForm()
    if form.validate_on_submit():
        user = auth.authenticate(form.email.data, form.password.data)
        if user is not None:
            login_user(user)
            if user.role == UserRole.VERT and not request.args.get("next"):
                return redirect(url_for("checkin.index"), 303)
            return redirect(_safe_next(request.args.get("next")), 303)
        form.password.errors.append(_("Feil e-post eller passord."))
    status = 422 if request.method == "POST" else 200
    return render_template("accounts/sign_in.html", form=form), status


@bp.post("/arrangor/logg-ut")
@signed_in_required
def sign_out():  # noqa: ANN201
    logout_user()
    flash(_("Du er logget ut."), "info")
    return redirect(url_for("accounts.sign_in"), 303)


@bp.route("/arrangor/passord", methods=["GET", "POST"])
@signed_in_required
def change_password():  # noqa: ANN201
    form = PasswordForm()
    if form.validate_on_submit():
        if auth.authenticate(current_user.email, form.current.data) is None:
            form.current.errors.append(_("Nåværende passord er feil."))
        else:
            auth.set_password(current_user, form.new.data)
            flash(_("Passordet er endret."), "success")
            return redirect(url_for("events.dashboard"), 303)
    status = 422 if form.errors else 200
    return render_template("accounts/password.html", form=form), status


@bp.route("/arrangor/nokler", methods=["GET", "POST"])
@signed_in_required
def tokens():  # noqa: ANN201
    form = TokenForm()
    plain = None
    if form.validate_on_submit():
        plain = auth.create_token(current_user, form.name.data)
    mine = db.session.scalars(select(ApiToken).where(ApiToken.user_id == current_user.id)
                              .order_by(ApiToken.created_at.desc())).all()
    status = 422 if form.errors else 200
    return render_template("accounts/tokens.html", form=form, tokens=mine, plain=plain), status


@bp.post("/arrangor/nokler/<int:token_id>/trekk-tilbake")
@signed_in_required
def revoke_token(token_id: int):  # noqa: ANN201
    token = db.session.get(ApiToken, token_id)
    if token is None or token.user_id != current_user.id:
        abort(404)
    if token.revoked_at is None:
        token.revoked_at = utcnow()
        db.session.commit()
    flash(_("Nøkkelen er trukket tilbake."), "info")
    return redirect(url_for("accounts.tokens"), 303)


@bp.route("/arrangor/brukere", methods=["GET", "POST"])
@admin_required
def users():  # noqa: ANN201
    form = UserForm()
    if form.validate_on_submit():
        try:
            auth.create_user(form.email.data, form.role.data, form.password.data,
                             form.name.data or "")
        except auth.AccountError as error:
            form.email.errors.append(str(error))
        else:
            flash(_("Brukeren er opprettet."), "success")
            return redirect(url_for("accounts.users"), 303)
    everyone = db.session.scalars(select(User).order_by(User.email)).all()
    status = 422 if form.errors else 200
    return render_template("accounts/users.html", form=form, users=everyone,
                           ROLE_LABELS=ROLE_LABELS), status


@bp.post("/arrangor/brukere/<int:user_id>/aktiv")
@admin_required
def toggle_user(user_id: int):  # noqa: ANN201
    user = db.session.get(User, user_id)
    if user is None:
        abort(404)
    if user.id == current_user.id:
        flash(_("Du kan ikke deaktivere deg selv."), "danger")
    else:
        user.active = not user.active
        db.session.commit()
    return redirect(url_for("accounts.users"), 303)
