from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import PasswordField, SelectField, StringField
from wtforms.validators import DataRequired, Email, EqualTo, Length

from ..models import UserRole

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
        Length(min=10, max=200, message=_l("Passordet må ha mellom 10 og 200 tegn."))])
    repeat = PasswordField(_l("Gjenta nytt passord"), validators=[
        EqualTo("new", message=_l("Passordene er ikke like."))])


class TokenForm(FlaskForm):
    name = StringField(_l("Navn på nøkkelen"), validators=[
        DataRequired(_l("Gi nøkkelen et navn, for eksempel «Skanner dør 1».")),
        Length(max=100, message=_l("Navnet kan ha høyst 100 tegn."))])


class UserForm(FlaskForm):
    email = StringField(_l("E-post"), validators=[
        DataRequired(_l("Skriv inn e-postadressen.")),
        Email(message=_l("Skriv inn en gyldig e-postadresse.")), Length(max=254)])
    name = StringField(_l("Navn"), validators=[Length(max=120)])
    role = SelectField(_l("Rolle"), choices=[(r.value, ROLE_LABELS[r]) for r in UserRole])
    password = PasswordField(_l("Startpassord"), validators=[
        Length(min=10, max=200, message=_l("Passordet må ha mellom 10 og 200 tegn."))])
