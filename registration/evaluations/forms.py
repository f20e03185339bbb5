from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, HiddenField, RadioField, SelectField, StringField, TextAreaField
from wtforms.validators import (
    DataRequired,
    InputRequired,
    Length,
    NumberRange,
    Optional,
    ValidationError,
)

from ..events.forms import WholeNumberField, _when
from ..models import QuestionKind
from .builder import MAX_OPTIONS, OPTION_MAX

KIND_LABELS = {
    QuestionKind.SCALE: _l("Skala 1–5"),
    QuestionKind.SINGLE: _l("Ett valg"),
    QuestionKind.MULTIPLE: _l("Flere valg"),
    QuestionKind.YES_NO: _l("Ja/nei"),
    QuestionKind.SHORT_TEXT: _l("Kort tekst"),
    QuestionKind.LONG_TEXT: _l("Lang tekst"),
}
CHOICE_KINDS = (QuestionKind.SINGLE, QuestionKind.MULTIPLE)


class QuestionForm(FlaskForm):
    text = StringField(_l("Spørsmål"), validators=[
        DataRequired(_l("Skriv inn spørsmålet.")),
        Length(max=300, message=_l("Spørsmålet kan ha høyst 300 tegn."))])
    kind = SelectField(_l("Type svar"), choices=list(KIND_LABELS.items()),
                       validators=[InputRequired(_l("Velg en type svar."))])
    required = BooleanField(_l("Må besvares"))
    options = TextAreaField(_l("Alternativer (ett per linje)"), validators=[Optional()])
    low_label = StringField(_l("Tekst ved 1"), validators=[
        Length(max=60, message=_l("Teksten kan ha høyst 60 tegn."))])
    high_label = StringField(_l("Tekst ved 5"), validators=[
        Length(max=60, message=_l("Teksten kan ha høyst 60 tegn."))])

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


class SettingsForm(FlaskForm):
    anonymous = BooleanField(_l("Anonyme svar"))
    auto_send = BooleanField(_l("Send invitasjonen automatisk til dem som deltok"))
    send_delay_hours = WholeNumberField(
        _l("Timer etter siste økt"), invalid=_l("Skriv inn et helt antall timer."),
        validators=[InputRequired(_l("Skriv inn et helt antall timer.")),
                    NumberRange(min=0, max=720, message=_l("Velg fra 0 til 720 timer."))])
    closes_at = _when(_l("Svarfrist"))


class UseTemplateForm(FlaskForm):
    template = SelectField(_l("Mal"), choices=[], validate_choice=True)


class SaveTemplateForm(FlaskForm):
    name = StringField(_l("Navn på malen"), validators=[
        DataRequired(_l("Gi malen et navn.")),
        Length(max=120, message=_l("Navnet kan ha høyst 120 tegn."))])


class SendForm(FlaskForm):
    group = RadioField(_l("Send til"), choices=[
        ("attended", _l("Dem som deltok (sjekket inn eller koblet seg på)")),
        ("confirmed", _l("Alle påmeldte"))], default="attended",
        validators=[InputRequired(_l("Velg hvem som skal få invitasjonen."))])
    # Set by the confirmation step: sending before the event has ended was chosen knowingly.
    before_end = HiddenField()


class CompareForm(FlaskForm):
    class Meta:
        csrf = False

    series = SelectField(_l("Serie"), choices=[], validators=[Optional()])
    q = StringField(_l("Tittel inneholder"), validators=[
        Optional(), Length(max=100, message=_l("Høyst 100 tegn."))])
    kind = SelectField(_l("Type arrangement"), choices=[], validators=[Optional()])
    year = SelectField(_l("År"), choices=[], validators=[Optional()])
