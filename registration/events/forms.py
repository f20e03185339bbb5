from __future__ import annotations

from datetime import UTC, datetime
from typing import Any, cast

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateTimeLocalField,
    HiddenField,
    IntegerField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import (
    URL,
    DataRequired,
    InputRequired,
    Length,
    NumberRange,
    Optional,
    ValidationError,
)

from ..core.i18n import OSLO
from ..models import Participation
from .catalogue import KIND_LABELS

PARTICIPATION_LABELS = {Participation.PHYSICAL: _l("Fysisk"),
                        Participation.DIGITAL: _l("Digitalt"),
                        Participation.HYBRID: _l("Hybrid (fysisk og digitalt)")}
DT = "%Y-%m-%dT%H:%M"


def oslo(value: datetime | None) -> datetime | None:
    """A datetime-local value is wall-clock time in Oslo."""
    return value.replace(tzinfo=OSLO) if value is not None else None


def local_value(value: datetime | None) -> datetime | None:
    return value.astimezone(OSLO).replace(tzinfo=None) if value is not None else None


FIRST_YEAR, LAST_YEAR = 2000, 2100


def exists_in_oslo(value: datetime) -> bool:
    """False for a wall-clock time in the spring-forward gap (last Sunday of March,
    02:00–03:00), which no clock in Oslo ever shows."""
    aware = value.replace(tzinfo=OSLO)
    return aware.astimezone(UTC).astimezone(OSLO).replace(tzinfo=None) == value


class WhenField(DateTimeLocalField):
    """datetime-local, with a Norwegian message when the value cannot be read."""

    def process_formdata(self, valuelist: list[Any]) -> None:
        try:
            super().process_formdata(valuelist)
        except ValueError:
            self.data = None
            raise ValueError(str(_l("Velg dato og klokkeslett."))) from None
        value = self.data
        if value is None:
            return
        if not FIRST_YEAR <= value.year <= LAST_YEAR:
            # Year 1 or 9999 overflows when turned into UTC or moved by a deadline.
            self.data = None
            raise ValueError(str(_l("Velg en dato mellom år %(first)s og %(last)s.",
                                    first=FIRST_YEAR, last=LAST_YEAR)))
        if not exists_in_oslo(value):
            self.data = None
            raise ValueError(str(_l("Klokkeslettet finnes ikke denne dagen: klokka stilles "
                                    "fram fra 02.00 til 03.00 (sommertid). Velg et annet "
                                    "tidspunkt.")))


class WholeNumberField(IntegerField):
    def __init__(self, *args: Any, invalid: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.invalid = invalid or _l("Skriv inn et helt tall.")

    def process_formdata(self, valuelist: list[Any]) -> None:
        try:
            super().process_formdata(valuelist)
        except ValueError:
            self.data = None
            raise ValueError(str(self.invalid)) from None


def _when(label: Any, required: bool = False) -> WhenField:
    return WhenField(label, format=DT, validators=[
        InputRequired(_l("Velg dato og klokkeslett.")) if required else Optional()])


_CAPACITY_MESSAGE = _l("Kapasiteten må være et tall fra 0 til 100 000.")


def _capacity(label: Any) -> WholeNumberField:
    return WholeNumberField(label, invalid=_CAPACITY_MESSAGE, validators=[
        Optional(), NumberRange(min=0, max=100000, message=_CAPACITY_MESSAGE)])


def _ends_after_start(form: Any) -> bool:
    if form.starts_at.data and form.ends_at.data and form.ends_at.data <= form.starts_at.data:
        form.ends_at.errors.append(_l("Økten må slutte etter at den starter."))
        return False
    return True


class TopicsField(SelectMultipleField):
    """Ticked topic ids; an empty value (a form that sends none) means none."""

    def process_formdata(self, valuelist: list[Any]) -> None:
        try:
            super().process_formdata([v for v in valuelist if v != ""])
        except ValueError:
            self.data = []
            raise ValueError(str(_l("Velg blant satsingsområdene som vises."))) from None

    def pre_validate(self, form: Any) -> None:
        offered = {choice[0] for choice in self.choices or []}  # type: ignore[index]
        if self.data and not set(self.data) <= offered:
            self.data = [v for v in self.data if v in offered]
            raise ValidationError(str(_l("Velg blant satsingsområdene som vises.")))


class EventForm(FlaskForm):
    title = StringField(_l("Tittel"), validators=[
        DataRequired(_l("Skriv inn en tittel.")),
        Length(max=200, message=_l("Tittelen kan ha høyst 200 tegn."))])
    kind = SelectField(_l("Type"), choices=list(KIND_LABELS.items()))
    # Choices are the topics in the database (events.topics.choices_for), set by the view.
    topics = TopicsField(_l("Satsingsområder"), coerce=int, choices=[])
    description = TextAreaField(_l("Beskrivelse (Markdown)"), validators=[
        Length(max=20000, message=_l("Beskrivelsen kan ha høyst 20 000 tegn."))])
    participation = SelectField(_l("Deltakelse"), choices=list(PARTICIPATION_LABELS.items()))
    physical_capacity = _capacity(_l("Plasser fysisk (tomt = ubegrenset)"))
    digital_capacity = _capacity(_l("Plasser digitalt (tomt = ubegrenset)"))
    has_waitlist = BooleanField(_l("Venteliste når det er fullt"), default=True)
    session_choice = BooleanField(_l("La deltakerne velge økter (hver økt får egne plasser "
                                     "og egen venteliste)"))
    serves_food = BooleanField(_l("Det serveres mat (spør om kostbehov)"))
    join_url = StringField(_l("Lenke for å delta digitalt (Teams, Zoom)"), validators=[
        Optional(), Length(max=500, message=_l("Lenken kan ha høyst 500 tegn.")),
        URL(require_tld=True, message=_l("Skriv inn en hel lenke som begynner med https://."))])
    reminder_days = WholeNumberField(_l("Påminnelse antall dager før (0 = ingen)"), default=2,
                                     validators=[Optional(), NumberRange(
                                         min=0, max=60, message=_l("Velg 0 til 60 dager."))])
    kommune_quota = WholeNumberField(
        _l("Maks plasser per kommune (valgfritt)"), invalid=_l("Skriv inn et helt tall."),
        validators=[Optional(), NumberRange(min=1, max=10000, message=_l(
            "Skriv et tall fra 1, eller la feltet stå tomt for ingen grense."))])
    registration_opens_at = _when(_l("Påmeldingen åpner"))
    registration_closes_at = _when(_l("Påmeldingsfrist"))
    cancellation_deadline = _when(_l("Frist for å melde seg av"))

    def validate(self, extra_validators: Any = None) -> bool:
        ok = super().validate(extra_validators)
        opens, closes = self.registration_opens_at.data, self.registration_closes_at.data
        if opens and closes and closes <= opens:
            cast(list[Any], self.registration_closes_at.errors).append(
                _l("Fristen må være etter at påmeldingen åpner."))
            ok = False
        return ok


class NewEventForm(EventForm):
    starts_at = _when(_l("Første økt starter"), required=True)
    ends_at = _when(_l("Første økt slutter"), required=True)
    place = StringField(_l("Sted"), validators=[Length(max=200)])

    def validate(self, extra_validators: Any = None) -> bool:
        return super().validate(extra_validators) & _ends_after_start(self)


class SessionForm(FlaskForm):
    title = StringField(_l("Navn på økten (valgfritt)"), validators=[Length(max=200)])
    starts_at = _when(_l("Starter"), required=True)
    ends_at = _when(_l("Slutter"), required=True)
    place = StringField(_l("Sted"), validators=[Length(max=200)])
    online = BooleanField(_l("Digitalt"))

    def validate(self, extra_validators: Any = None) -> bool:
        return super().validate(extra_validators) & _ends_after_start(self)


class SessionSeatsForm(FlaskForm):
    """«Velg økter»: one session's own seats and deadlines."""

    physical_capacity = _capacity(_l("Plasser fysisk i økten (tomt = ubegrenset)"))
    digital_capacity = _capacity(_l("Plasser digitalt i økten (tomt = ubegrenset)"))
    registration_closes_at = _when(_l("Påmeldingsfrist for økten (tomt = når den starter)"))
    cancellation_deadline = _when(_l("Frist for å melde av økten (tomt = når den starter)"))


class DuplicateForm(FlaskForm):
    title = StringField(_l("Tittel på kopien"), validators=[
        DataRequired(_l("Skriv inn en tittel.")), Length(max=200)])
    weeks = WholeNumberField(_l("Flytt alle datoer med antall uker"), default=52, validators=[
        InputRequired(_l("Skriv inn antall uker.")),
        NumberRange(min=-520, max=520, message=_l("Velg et antall uker fra -520 til 520."))])


class TeamForm(FlaskForm):
    email = StringField(_l("E-post"), validators=[
        DataRequired(_l("Skriv inn e-postadressen.")), Length(max=254)])
    as_host = SelectField(_l("Rolle"), choices=[("organiser", _l("Medarrangør")),
                                                ("host", _l("Vert (innsjekking)"))])


class CancelRegistrationForm(FlaskForm):
    notify = BooleanField(_l("Gi deltakeren beskjed"), default=True)


class ConfirmForm(FlaskForm):
    pass


class MessageForm(FlaskForm):
    group = SelectField(_l("Til"), choices=[("confirmed", _l("Alle påmeldte")),
                                            ("waitlisted", _l("Alle på venteliste")),
                                            ("all", _l("Påmeldte og venteliste"))])
    mode = SelectField(_l("Deltakelse"), choices=[("all", _l("Fysisk og digitalt")),
                                                  ("physical", _l("Bare fysisk oppmøte")),
                                                  ("digital", _l("Bare digitalt"))],
                       default="all")
    # Choices set by the view: every session of the event.
    session = SelectField(_l("Økt"), choices=[("", _l("Alle økter"))], validate_choice=False)
    attendance = SelectField(_l("Oppmøte"), choices=[("all", _l("Alle")),
                                                     ("attended", _l("Bare de som kom")),
                                                     ("not_attended", _l("Bare de som ikke kom"))],
                             default="all")
    # The recipient count the organiser confirmed on the preview step.
    expected = HiddenField()
    subject = StringField(_l("Emne"), validators=[
        DataRequired(_l("Skriv inn et emne.")),
        Length(max=200, message=_l("Emnet kan ha høyst 200 tegn."))])
    body = TextAreaField(_l("Melding"), validators=[
        DataRequired(_l("Skriv inn meldingen.")),
        Length(max=10000, message=_l("Meldingen kan ha høyst 10 000 tegn."))])
