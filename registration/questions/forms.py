"""The organiser's form for one question of the registration form."""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, SelectField, StringField, TextAreaField, ValidationError
from wtforms.validators import DataRequired, InputRequired, Length, Optional

from .builder import CHOICE_KINDS, KIND_LABELS, MAX_OPTIONS, OPTION_MAX, TEXT_MAX


class OwnQuestionForm(FlaskForm):
    text = StringField(_l("Spørsmål"), validators=[
        DataRequired(_l("Skriv inn spørsmålet.")),
        Length(max=TEXT_MAX, message=_l("Spørsmålet kan ha høyst %(n)s tegn.", n=TEXT_MAX))])
    kind = SelectField(_l("Type svar"), choices=list(KIND_LABELS.items()),
                       validators=[InputRequired(_l("Velg en type svar."))])
    options = TextAreaField(_l("Alternativer (ett per linje)"), validators=[Optional()])
    required = BooleanField(_l("Må besvares"))
    health = BooleanField(_l("Svaret er en helseopplysning (for eksempel allergi, "
                             "funksjonsnedsettelse eller tilrettelegging)"))

    def option_list(self) -> list[str]:
        return [line.strip() for line in (self.options.data or "").splitlines() if line.strip()]

    def validate_options(self, field: Any) -> None:
        if self.kind.data not in CHOICE_KINDS:
            return
        options = self.option_list()
        if len(options) < 2:
            raise ValidationError(str(_l("Skriv minst to alternativer, ett per linje.")))
        if len(options) > MAX_OPTIONS:
            raise ValidationError(str(_l("Høyst %(n)s alternativer.", n=MAX_OPTIONS)))
        if any(len(o) > OPTION_MAX for o in options):
            raise ValidationError(str(_l("Et alternativ kan ha høyst %(n)s tegn.", n=OPTION_MAX)))
        if len(set(options)) != len(options):
            raise ValidationError(str(_l("To alternativer er like.")))

    def validate_required(self, field: Any) -> None:
        if field.data and self.health.data:
            raise ValidationError(str(_l("Et spørsmål om helseopplysninger kan ikke være "
                                         "obligatorisk: samtykket må være frivillig.")))
