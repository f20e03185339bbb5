"""The registration form. Each field's rule comes from registration.validation."""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from markupsafe import Markup, escape
from wtforms import BooleanField, RadioField, SelectField, StringField, TextAreaField
from wtforms.validators import ValidationError
from wtforms.widgets import html_params

from ..core import municipalities
from ..models import Event, Mode, Registration, Role
from . import validation


def rule(check: Callable[[Any], Any]) -> Callable[[Any, Any], None]:
    """Wrap a validation function as a WTForms validator; keeps the cleaned value."""

    def validator(form: Any, field: Any) -> None:
        try:
            field.clean = check(field.data)
        except validation.FieldError as error:
            field.clean = None
            raise ValidationError(str(error)) from None

    return validator


@cache
def _municipality_options() -> str:
    """The 357 <option>s, rendered once per process: WTForms would rebuild them per page."""
    return "".join(
        f'<option value="{m.number}">{escape(m.label)}</option>'
        for m in municipalities.all_municipalities().values()
    )


class MunicipalitySelect:
    """A <select> of the official municipality list, with the chosen one selected."""

    def __call__(self, field: Any, **kwargs: Any) -> Markup:
        kwargs.setdefault("id", field.id)
        value = field.data if isinstance(field.data, str) else ""
        options = _municipality_options()
        chosen = municipalities.get(value)
        if chosen:
            options = options.replace(f'<option value="{chosen.number}">',
                                      f'<option selected value="{chosen.number}">', 1)
        placeholder = (f'<option value=""{"" if chosen else " selected"}>'
                       f'{escape(str(_l("Velg kommune")))}</option>')
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
    diet = _CleanTextAreaField(_l("Allergier eller spesielle kostbehov (valgfritt)"),
                         validators=[rule(validation.diet)])
    diet_consent = BooleanField(DIET_CONSENT)
    privacy = BooleanField(_l("Jeg har lest personvernerklæringen og godtar at "
                              "opplysningene brukes til å gjennomføre arrangementet."))

    def __init__(self, event: Event, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.event = event
        self.role.choices = [("", _l("Velg stilling"))] + [
            (r.value, validation.ROLE_LABELS[r]) for r in Role
        ]
        self.mode.choices = [(m, validation.MODE_LABELS[Mode(m)]) for m in event.modes]
        if len(event.modes) < 2:
            del self.mode
        if not event.serves_food:
            del self.diet
            del self.diet_consent

    def validate_mode(self, field: Any) -> None:
        try:
            field.clean = validation.mode(field.data, self.event.modes)
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
