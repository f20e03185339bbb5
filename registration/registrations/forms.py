"""The registration form. Each field's rule comes from registration.validation."""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from typing import TYPE_CHECKING, Any

from flask import current_app
from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from markupsafe import Markup, escape
from wtforms import (
    BooleanField,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import ValidationError
from wtforms.widgets import html_params

from ..core import municipalities
from ..core.folding import fold
from ..models import Event, Mode, Registration, Role
from . import validation

if TYPE_CHECKING:
    from .express import PlainEvent


def rule(check: Callable[[Any], Any]) -> Callable[[Any, Any], None]:
    """Wrap a validation function as a WTForms validator; keeps the cleaned value."""

    def validator(form: Any, field: Any) -> None:
        try:
            field.clean = check(field.data)
        except validation.FieldError as error:
            field.clean = None
            raise ValidationError(str(error)) from None

    return validator


def _option(value: str, label: str, search: str) -> str:
    return f'<option value="{value}" data-search="{escape(search)}">{escape(label)}</option>'


@cache
def _municipality_options(language: str, centre_counties: str) -> str:
    """The 357 <option>s, rendered once per process and language: WTForms would rebuild them
    per page. The centre's own region first, then every other; «Jobber ikke i en kommune»
    last. static/js/kommune.js turns the <select> into a searchable combobox."""
    own, others = municipalities.centre_first(centre_counties)
    groups = []
    if own:
        groups.append((own[0].county if len({m.county for m in own}) == 1
                       else str(_l("Vår region")), own))
    groups.append((str(_l("Alle andre kommuner")) if own else "", others))
    html = "".join(
        (f'<optgroup label="{escape(label)}">' if label else "")
        + "".join(_option(m.number, m.label, m.search_text) for m in group)
        + ("</optgroup>" if label else "")
        for label, group in groups)
    outside = str(municipalities.NOT_A_MUNICIPALITY_LABEL)
    return html + (f'<optgroup label="{escape(_l("Annet"))}">'
                   + _option(municipalities.NOT_A_MUNICIPALITY, outside,
                             fold(outside + " stat privat student pårørende"))
                   + "</optgroup>")


# Outside the f-string below: pybabel does not look inside f-strings, so «Velg kommune» was
# never offered for translation and stayed Norwegian in English.
CHOOSE_MUNICIPALITY = _l("Velg kommune")


class MunicipalitySelect:
    """A <select> of the official municipality list, with the chosen one selected; a
    searchable combobox where JavaScript runs (data-combobox), a plain select where not."""

    def __call__(self, field: Any, **kwargs: Any) -> Markup:
        kwargs.setdefault("id", field.id)
        kwargs["data-combobox"] = "kommune"
        kwargs["data-no-match"] = str(_l("Ingen kommune passer. Prøv et annet navn, eller "
                                          "velg «Jobber ikke i en kommune»."))
        value = field.data.strip() if isinstance(field.data, str) else ""
        options = _municipality_options(str(get_locale() or "nb"),
                                        str(current_app.config.get("CENTRE_FYLKER", "55")))
        chosen = municipalities.is_valid(value)
        if chosen:
            options = options.replace(f'<option value="{value}"',
                                      f'<option selected value="{value}"', 1)
        placeholder = (f'<option value=""{"" if chosen else " selected"}>'
                       f'{escape(str(CHOOSE_MUNICIPALITY))}</option>')
        return Markup(f"<select {html_params(name=field.name, **kwargs)}>"
                      f"{placeholder}{options}</select>")


class _Cleaned:
    clean: Any  # the checked value, set by rule() (or validate_mode) while validating


class _CleanStringField(StringField, _Cleaned):
    pass


class _CleanSelectField(SelectField, _Cleaned):
    pass


class _CleanRadioField(RadioField, _Cleaned):
    pass


class _CleanSelectMultipleField(SelectMultipleField, _Cleaned):
    pass


class _CleanTextAreaField(TextAreaField, _Cleaned):
    pass


DIET_CONSENT = _l("Jeg samtykker til at arrangøren bruker opplysningene om kostbehov til "
                  "å bestille mat, og at de slettes etter arrangementet.")


class RegistrationForm(FlaskForm):
    name = _CleanStringField(_l("Fullt navn"), validators=[rule(validation.name)])
    email = _CleanStringField(_l("E-post"), validators=[rule(validation.email)])
    mobile = _CleanStringField(_l("Mobilnummer"), validators=[rule(validation.mobile)])
    kommune = _CleanSelectField(_l("Kommune"), validators=[rule(validation.kommune)],
                          validate_choice=False, widget=MunicipalitySelect())
    workplace = _CleanStringField(_l("Arbeidssted"), validators=[rule(validation.workplace)])
    role = _CleanSelectField(_l("Stilling"), validators=[rule(validation.role)],
                             validate_choice=False)
    mode = _CleanRadioField(_l("Hvordan vil du delta?"), validate_choice=False)
    # «Velg økter»: only where the event lets people choose (session_choice "any").
    sessions = _CleanSelectMultipleField(_l("Hvilke økter vil du delta på?"), validate_choice=False)
    diet = _CleanTextAreaField(_l("Allergier eller spesielle kostbehov (valgfritt)"),
                         validators=[rule(validation.diet)])
    diet_consent = BooleanField(DIET_CONSENT)
    privacy = BooleanField(_l("Jeg har lest personvernerklæringen og godtar at "
                              "opplysningene brukes til å gjennomføre arrangementet."))

    def __init__(self, event: Event | PlainEvent, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.event = event
        self.role.choices = [("", _l("Velg stilling"))] + [
            (r.value, validation.ROLE_LABELS[r]) for r in Role
        ]
        self.mode.choices = [(m, validation.MODE_LABELS[Mode(m)]) for m in event.modes]
        if len(event.modes) < 2:
            del self.mode
        if not event.chooses_sessions:
            del self.sessions
        if not event.serves_food:
            del self.diet
            del self.diet_consent

    def validate_mode(self, field: Any) -> None:
        try:
            field.clean = validation.mode(field.data, self.event.modes)
        except validation.FieldError as error:
            raise ValidationError(str(error)) from None

    def validate_sessions(self, field: Any) -> None:
        from .session_choice import parse_session_ids  # it imports this module's peers

        try:
            assert isinstance(self.event, Event)  # a plain event has no choice of sessions
            field.clean = parse_session_ids(self.event, list(field.data or []))
        except validation.FieldError as error:
            raise ValidationError(str(error)) from None

    def validate_diet_consent(self, field: Any) -> None:
        if self.diet.data and self.diet.data.strip() and not field.data:
            raise ValidationError(
                _l("Kryss av for samtykke hvis du vil oppgi kostbehov, eller la feltet stå tomt.")
            )

    def validate_privacy(self, field: Any) -> None:
        if not field.data:
            raise ValidationError(_l("Du må godta personvernerklæringen for å melde deg på."))


class CancelForm(FlaskForm):
    pass


class SwitchModeForm(FlaskForm):
    mode = RadioField(_l("Ny deltakelsesform"), validate_choice=False)


class OwnDetailsForm(FlaskForm):
    """The participant's own correction on the personal page: the registration form's
    fields and rules, without the e-mail (the key that finds the registration again)."""

    name = _CleanStringField(_l("Fullt navn"), validators=[rule(validation.name)])
    mobile = _CleanStringField(_l("Mobilnummer"), validators=[rule(validation.mobile)])
    kommune = _CleanSelectField(_l("Kommune"), validators=[rule(validation.kommune)],
                                validate_choice=False, widget=MunicipalitySelect())
    workplace = _CleanStringField(_l("Arbeidssted"), validators=[rule(validation.workplace)])
    role = _CleanSelectField(_l("Stilling"), validators=[rule(validation.role)],
                             validate_choice=False)
    diet = _CleanTextAreaField(_l("Allergier eller spesielle kostbehov (valgfritt)"),
                               validators=[rule(validation.diet)])
    diet_consent = BooleanField(DIET_CONSENT)

    def __init__(self, registration: Registration, *args: Any, prefill: bool = False,
                 **kwargs: Any) -> None:
        if prefill:  # the page as first shown: what is stored, ready to correct
            kwargs.setdefault("data", {
                "name": registration.name,
                "mobile": validation.display_mobile(registration.mobile),
                "kommune": registration.kommunenummer,
                "workplace": registration.workplace,
                "role": registration.role,
                "diet": registration.diet or "",
                "diet_consent": bool(registration.diet and registration.diet_consent_at),
            })
        super().__init__(*args, **kwargs)
        self.registration = registration
        self.role.choices = [("", _l("Velg stilling"))] + [
            (r.value, validation.ROLE_LABELS[r]) for r in Role
        ]
        if not registration.event.serves_food:
            del self.diet
            del self.diet_consent

    def validate_diet_consent(self, field: Any) -> None:
        # Unticking consent deletes what was stored; but newly typed text without consent is
        # most likely a forgotten tick, so it is asked for, as on the registration form.
        typed = (self.diet.data or "").strip()
        if typed and not field.data and typed != (self.registration.diet or ""):
            raise ValidationError(
                _l("Kryss av for samtykke hvis du vil oppgi kostbehov, eller la feltet stå tomt.")
            )


class LookupForm(FlaskForm):
    email = _CleanStringField(_l("E-post"), validators=[rule(validation.email)])
