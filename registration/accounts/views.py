from __future__ import annotations

from flask import (
    Blueprint,
    abort,
    flash,
    g,
    redirect,
    render_template,
    request,
    url_for,
)
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
    LIFETIME_LABELS,
    ROLE_LABELS,
    SCOPE_LABELS,
    PasswordForm,
    SignInForm,
    TokenForm,
    UserForm,
)
from .permissions import admin_required, api_error, nobody_signed_in, signed_in_required

bp = Blueprint("accounts", __name__)


def _host_may_open(target: str | None) -> bool:
    """Whether a host's «next» is a page a host may see (check-in, own password or keys)."""
    if not target:
        return False
    allowed = (url_for("checkin.index"), url_for("accounts.change_password"),
               url_for("accounts.tokens"))
    return any(target.startswith(prefix) for prefix in allowed)


def _safe_next(target: str | None) -> str:
    return safe_next(target, url_for("events.dashboard"))


# What a signed-in account may still do while it has to replace its start password.
_WHILE_CHANGING = {"accounts.change_password", "accounts.sign_out", "accounts.sign_in",
                   "static", "core.set_language", "core.privacy"}


@bp.before_app_request
def start_password_must_be_changed():  # noqa: ANN201
    """An account with an admin-set start password does nothing else until it is changed."""
    if nobody_signed_in():
        return None  # the login machinery can rest
    if not current_user.is_authenticated or not current_user.must_change_password:
        return None
    if g.get("api_token") is not None or request.endpoint in _WHILE_CHANGING:
        return None
    if request.path.startswith("/api/"):
        return api_error(403, "password_change_required",
                         "Bytt startpassordet på /arrangor/passord først.")
    return redirect(url_for("accounts.change_password"), 303)


@bp.route("/arrangor/logg-inn", methods=["GET", "POST"])
@limiter.limit("10 per minute", methods=["POST"])
def sign_in():  # noqa: ANN201
    form = SignInForm()
    if form.validate_on_submit():
        attempt = auth.sign_in(form.email.data, form.password.data, request.remote_addr or "")
        user = attempt.user
        if user is not None:
            login_user(user)
            auth.remember_session(user)
            if user.must_change_password:
                flash(_("Du logget inn med et startpassord. Velg ditt eget passord før du "
                        "fortsetter."), "warning")
                return redirect(url_for("accounts.change_password"), 303)
            if user.role == UserRole.VERT and not _host_may_open(request.args.get("next")):
                # A host only checks people in: the organiser pages would say «Ingen tilgang».
                return redirect(url_for("checkin.index"), 303)
            return redirect(_safe_next(request.args.get("next")), 303)
        if attempt.locked_until is not None:
            minutes = max(1, -(-int((attempt.locked_until - utcnow()).total_seconds()) // 60))
            form.password.errors.append(_(
                "For mange feil passord for denne kontoen. Prøv igjen om %(n)s min.",
                n=minutes))
        else:
            form.password.errors.append(_("Feil e-post eller passord."))
    status = 422 if request.method == "POST" else 200
    return render_template("accounts/sign_in.html", form=form), status


@bp.post("/arrangor/logg-ut")
@signed_in_required
def sign_out():  # noqa: ANN201
    # Signs the account out everywhere: every copy of every session cookie stops working.
    auth.end_other_sessions(current_user)
    logout_user()
    flash(_("Du er logget ut."), "info")
    response = redirect(url_for("accounts.sign_in"), 303)
    # The door's offline participant list lives in this browser's storage: signing out
    # removes it (and anything else the app stored on the device).
    response.headers["Clear-Site-Data"] = '"storage"'
    return response


@bp.route("/arrangor/passord", methods=["GET", "POST"])
@signed_in_required
def change_password():  # noqa: ANN201
    form = PasswordForm()
    if form.validate_on_submit():
        if auth.authenticate(current_user.email, form.current.data) is None:
            form.current.errors.append(_("Nåværende passord er feil."))
        elif form.new.data == form.current.data:
            form.new.errors.append(_("Det nye passordet må være et annet enn det gamle."))
        else:
            try:
                auth.set_password(current_user, form.new.data)
            except auth.AccountError as error:
                form.new.errors.append(str(error))
            else:
                flash(_("Passordet er endret. Du er logget ut alle andre steder."), "success")
                if current_user.role == UserRole.VERT:
                    return redirect(url_for("checkin.index"), 303)
                return redirect(url_for("events.dashboard"), 303)
    status = 422 if form.errors else 200
    return render_template("accounts/password.html", form=form), status


@bp.route("/arrangor/nokler", methods=["GET", "POST"])
@signed_in_required
def tokens():  # noqa: ANN201
    form = TokenForm()
    plain = None
    if form.validate_on_submit():
        plain = auth.create_token(current_user, form.name.data, form.scope.data,
                                  form.days.data)
    mine = db.session.scalars(select(ApiToken).where(ApiToken.user_id == current_user.id)
                              .order_by(ApiToken.created_at.desc())).all()
    status = 422 if form.errors else 200
    return render_template("accounts/tokens.html", form=form, tokens=mine, plain=plain,
                           SCOPE_LABELS=SCOPE_LABELS, LIFETIME_LABELS=LIFETIME_LABELS,
                           now=utcnow()), status


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
            auth.check_password(form.password.data, form.email.data)
        except auth.AccountError as error:
            form.password.errors.append(str(error))
        else:
            try:
                auth.create_user(form.email.data, form.role.data, form.password.data,
                                 form.name.data or "", must_change_password=True)
            except auth.AccountError as error:
                form.email.errors.append(str(error))
            else:
                flash(_("Brukeren er opprettet. Startpassordet må byttes ved første "
                        "innlogging."), "success")
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
