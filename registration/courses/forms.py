"""Forms of the course pages: an event's course settings, a reason (complete by hand,
withdraw), tracks and levels (admins), the message to instructors."""

from __future__ import annotations

import re
from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Regexp, ValidationError

from ..events.forms import WholeNumberField

_REASON_REQUIRED = _l("Skriv en begrunnelse.")


class CourseSettingsForm(FlaskForm):
    level = SelectField(_l("Kursløp og trinn"), choices=[], validate_choice=False)
    requires_previous = BooleanField(_l("Krever fullført trinnet under"))
    signer = StringField(_l("Underskriver på kursbeviset (navn og tittel)"),
                         validators=[Length(max=200, message=_l("Høyst 200 tegn."))])

    def __init__(self, levels: list[Any], *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.level.choices = [("", _l("Ikke et kurs i et kursløp"))] + [
            (str(lv.id), lv.label) for lv in levels]

    def validate_level(self, field: Any) -> None:
        if field.data and field.data not in {c[0] for c in field.choices}:
            raise ValidationError(_l("Velg et trinn fra listen."))


class ReasonForm(FlaskForm):
    reason = TextAreaField(_l("Begrunnelse"), validators=[
        DataRequired(message=_REASON_REQUIRED),
        Length(max=500, message=_l("Høyst 500 tegn."))])


class TrackForm(FlaskForm):
    slug = StringField(_l("Kortnavn (brukes i API-et)"), validators=[
        DataRequired(message=_l("Skriv et kortnavn.")),
        Length(max=40, message=_l("Høyst 40 tegn.")),
        Regexp(r"^[a-z][a-z0-9-]*$", message=_l(
            "Bare små bokstaver a–z, tall og bindestrek, og start med en bokstav."))])
    name = StringField(_l("Navn"), validators=[
        DataRequired(message=_l("Skriv et navn.")), Length(max=120, message=_l("Høyst 120 tegn."))])


class LevelForm(FlaskForm):
    track = SelectField(_l("Kursløp"), choices=[], validate_choice=False)
    number = WholeNumberField(_l("Trinn (1, 2, 3 …)"),
                              invalid=_l("Skriv et helt tall fra 1 til 20."))
    title = StringField(_l("Navn på trinnet"), validators=[
        DataRequired(message=_l("Skriv et navn.")), Length(max=120, message=_l("Høyst 120 tegn."))])

    def validate_number(self, field: Any) -> None:
        if field.data is None or not 1 <= field.data <= 20:
            raise ValidationError(_l("Skriv et helt tall fra 1 til 20."))

    def validate_track(self, field: Any) -> None:
        if field.data not in {c[0] for c in field.choices}:
            raise ValidationError(_l("Velg et kursløp fra listen."))


class InstructorMessageForm(FlaskForm):
    subject = StringField(_l("Emne"), validators=[
        DataRequired(message=_l("Skriv et emne.")), Length(max=200, message=_l("Høyst 200 tegn."))])
    body = TextAreaField(_l("Melding"), validators=[
        DataRequired(message=_l("Skriv en melding.")),
        Length(max=5000, message=_l("Høyst 5000 tegn."))])


def clean_one_line(value: str | None) -> str:
    return re.sub(r"\s+", " ", value or "").strip()
