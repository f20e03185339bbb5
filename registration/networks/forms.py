"""Forms of the network pages. Members' fields follow the registration form's rules."""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import HiddenField, RadioField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, ValidationError

from ..models import Role
from ..registrations import validation
from ..registrations.forms import (
    MunicipalitySelect,
    _CleanSelectField,
    _CleanStringField,
    rule,
)
from .audience import AUDIENCE_LABELS
from .models import Audience


def _optional_email(form: Any, field: Any) -> None:
    field.clean = ""
    if field.data and field.data.strip():
        try:
            field.clean = validation.email(field.data)
        except validation.FieldError as error:
            raise ValidationError(str(error)) from None


def _optional_mobile(form: Any, field: Any) -> None:
    field.clean = ""
    if field.data and field.data.strip():
        try:
            field.clean = validation.mobile(field.data)
        except validation.FieldError as error:
            raise ValidationError(str(error)) from None


class NetworkForm(FlaskForm):
    name = StringField(_l("Navn på nettverket"), validators=[
        DataRequired(_l("Skriv inn navnet på nettverket.")),
        Length(max=200, message=_l("Navnet kan ha høyst 200 tegn."))])
    description = TextAreaField(_l("Beskrivelse (valgfritt)"), validators=[
        Length(max=5000, message=_l("Beskrivelsen kan ha høyst 5000 tegn."))])
    contact_name = StringField(_l("Kontaktperson"), validators=[
        DataRequired(_l("Skriv inn navnet på kontaktpersonen.")),
        Length(max=120, message=_l("Navnet kan ha høyst 120 tegn."))])
    contact_email = _CleanStringField(_l("Kontaktpersonens e-post"),
                                      validators=[rule(validation.email)])


class MemberForm(FlaskForm):
    name = _CleanStringField(_l("Fullt navn"), validators=[rule(validation.name)])
    email = _CleanStringField(_l("E-post"), validators=[rule(validation.email)])
    mobile = _CleanStringField(_l("Mobilnummer (valgfritt)"), validators=[_optional_mobile])
    kommune = _CleanSelectField(_l("Kommune"), validators=[rule(validation.kommune)],
                                validate_choice=False, widget=MunicipalitySelect())
    workplace = _CleanStringField(_l("Arbeidssted"), validators=[rule(validation.workplace)])
    role = _CleanSelectField(_l("Stilling"), validators=[rule(validation.role)],
                             validate_choice=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.role.choices = [("", _l("Velg stilling"))] + [
            (r.value, validation.ROLE_LABELS[r]) for r in Role]


class ImportForm(FlaskForm):
    file = FileField(_l("Fil med medlemmer (Excel .xlsx eller CSV)"))

    def validate_file(self, field: Any) -> None:
        upload = field.data
        if upload is None or not getattr(upload, "filename", ""):
            raise ValidationError(_l("Velg en fil."))
        if not upload.filename.lower().endswith((".xlsx", ".csv")):
            raise ValidationError(_l("Velg en Excel-fil (.xlsx) eller en CSV-fil (.csv)."))


class ImportConfirmForm(FlaskForm):
    rows = HiddenField()


class NetworkMessageForm(FlaskForm):
    subject = StringField(_l("Emne"), validators=[
        DataRequired(_l("Skriv inn et emne.")),
        Length(max=200, message=_l("Emnet kan ha høyst 200 tegn."))])
    body = TextAreaField(_l("Melding"), validators=[
        DataRequired(_l("Skriv inn meldingen.")),
        Length(max=10000, message=_l("Meldingen kan ha høyst 10 000 tegn."))])


class AudienceForm(FlaskForm):
    audience = RadioField(_l("Hvem kan melde seg på?"), validate_choice=False,
                          choices=[(a.value, AUDIENCE_LABELS[a]) for a in Audience])
    network = SelectField(_l("Nettverk"), validate_choice=False)

    def validate_audience(self, field: Any) -> None:
        if field.data not in {a.value for a in Audience}:
            raise ValidationError(_l("Velg hvem som kan melde seg på."))

    def validate_network(self, field: Any) -> None:
        allowed = {str(choice[0]) for choice in self.network.choices}  # type: ignore[union-attr,index]
        if (field.data or "") not in allowed:
            raise ValidationError(_l("Velg et nettverk fra listen."))
        if self.audience.data == Audience.MEMBERS and not field.data:
            raise ValidationError(_l("Velg nettverket hvis medlemmene skal kunne melde seg "
                                     "på."))


class _CleanTextAreaField(TextAreaField):
    clean: Any


class InviteForm(FlaskForm):
    network = SelectField(_l("Alle medlemmene i et nettverk"), validate_choice=False)
    source_event = SelectField(_l("Deltakerne på et annet arrangement (for eksempel en "
                                  "instruktørliste)"), validate_choice=False)
    addresses = _CleanTextAreaField(_l("E-postadresser (én per linje, eller én person)"),
                              validators=[Length(max=50000, message=_l(
                                  "Listen er for lang: høyst 50 000 tegn."))])

    def validate_addresses(self, field: Any) -> None:
        field.clean = []
        bad: list[str] = []
        for line in (field.data or "").replace(",", "\n").replace(";", "\n").splitlines():
            text = line.strip()
            if not text:
                continue
            name = ""
            if "<" in text and text.endswith(">"):  # «Kari Nordmann <kari@kommune.no>»
                name, _sep, text = text[:-1].partition("<")
                name = name.strip().strip('"')
            try:
                field.clean.append((validation.email(text), name[:120]))
            except validation.FieldError:
                bad.append(text[:80])
        if bad:
            raise ValidationError(_l("Disse er ikke gyldige e-postadresser: %(list)s",
                                     list=", ".join(bad[:10])))

    def validate(self, extra_validators: Any = None) -> bool:
        valid = super().validate(extra_validators)
        for select in (self.network, self.source_event):
            allowed = {str(c[0]) for c in select.choices}  # type: ignore[union-attr,index]
            if (select.data or "") not in allowed:
                select.errors = [*select.errors, str(_l("Velg fra listen."))]
                valid = False
        if valid and not (self.network.data or self.source_event.data
                          or getattr(self.addresses, "clean", None)):
            self.addresses.errors = [*self.addresses.errors, str(_l(
                "Velg et nettverk eller et arrangement, eller skriv inn minst én "
                "e-postadresse."))]
            valid = False
        return valid
