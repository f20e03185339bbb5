from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import PasswordField, SelectField, StringField
from wtforms.validators import DataRequired, Email, EqualTo, Length

from ..models import UserRole
from .models import TokenScope

ROLE_LABELS = {UserRole.ADMIN: _l("Administrator"), UserRole.ARRANGOR: _l("Arrangør"),
               UserRole.VERT: _l("Vert (innsjekking)")}


class SignInForm(FlaskForm):
    email = StringField(_l("E-post"), validators=[
        DataRequired(_l("Skriv inn e-postadressen din.")), Length(max=254)])
    password = PasswordField(_l("Passord"), validators=[
        DataRequired(_l("Skriv inn passordet ditt.")), Length(max=200)])


class PasswordForm(FlaskForm):
    current = PasswordField(_l("Nåværende passord"), validators=[
        DataRequired(_l("Skriv inn nåværende passord.")), Length(max=200)])
    new = PasswordField(_l("Nytt passord"), validators=[
        DataRequired(_l("Skriv inn et nytt passord.")),
        Length(min=12, max=200, message=_l("Passordet må ha mellom 12 og 200 tegn."))])
    repeat = PasswordField(_l("Gjenta nytt passord"), validators=[
        EqualTo("new", message=_l("Passordene er ikke like."))])


SCOPE_LABELS = {
    TokenScope.CHECKIN: _l("Innsjekking (skanne billetter, se tellingen)"),
    TokenScope.EXPORT: _l("Eksport av deltakerlister"),
    TokenScope.READ: _l("Bare lese tall (ingen personopplysninger)"),
}
LIFETIME_LABELS = {1: _l("1 dag"), 7: _l("7 dager"), 30: _l("30 dager"), 90: _l("90 dager"),
                   365: _l("1 år")}


class TokenForm(FlaskForm):
    name = StringField(_l("Navn på nøkkelen"), validators=[
        DataRequired(_l("Gi nøkkelen et navn, for eksempel «Skanner dør 1».")),
        Length(max=100, message=_l("Navnet kan ha høyst 100 tegn."))])
    scope = SelectField(_l("Hva nøkkelen kan brukes til"),
                        choices=[(s.value, label) for s, label in SCOPE_LABELS.items()],
                        default=TokenScope.CHECKIN.value)
    days = SelectField(_l("Gyldig i"), coerce=int, default=30,
                       choices=list(LIFETIME_LABELS.items()))


class UserForm(FlaskForm):
    email = StringField(_l("E-post"), validators=[
        DataRequired(_l("Skriv inn e-postadressen.")),
        Email(message=_l("Skriv inn en gyldig e-postadresse.")), Length(max=254)])
    name = StringField(_l("Navn"), validators=[Length(max=120)])
    role = SelectField(_l("Rolle"), choices=[(r.value, ROLE_LABELS[r]) for r in UserRole])
    password = PasswordField(_l("Startpassord"), validators=[
        DataRequired(_l("Skriv inn et startpassord.")),
        Length(min=12, max=200, message=_l("Passordet må ha mellom 12 og 200 tegn."))])
