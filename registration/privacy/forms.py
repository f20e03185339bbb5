"""The privacy forms: «Slett meg» (a confirmation only) and the admin's look-up by address."""

from __future__ import annotations

from typing import Any

from email_validator import EmailNotValidError, validate_email
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, RadioField, StringField, TextAreaField
from wtforms.validators import ValidationError

from ..registrations.validation import clean_text
from .erasure import REASON_MAX


class EraseForm(FlaskForm):
    """The confirmation step of «Slett meg»: the button is the answer."""


def _address(field: Any) -> str:
    text = clean_text(field.data)
    if not text:
        raise ValidationError(_l("Skriv inn e-postadressen det gjelder."))
    if len(text) > 254 or any(ord(c) < 32 for c in text):
        raise ValidationError(_l("Skriv inn en gyldig e-postadresse, for eksempel "
                                 "navn@kommune.no."))
    try:
        validate_email(text, check_deliverability=False)
    except EmailNotValidError:
        raise ValidationError(_l("Skriv inn en gyldig e-postadresse, for eksempel "
                                 "navn@kommune.no.")) from None
    return text


class AccessForm(FlaskForm):
    email = StringField(_l("E-postadresse"))
    fmt = RadioField(_l("Format"), choices=[("xlsx", "Excel (.xlsx)"), ("json", "JSON")],
                     default="xlsx", validate_choice=False)
    clean: str = ""

    def validate_email(self, field: Any) -> None:
        self.clean = _address(field)

    def validate_fmt(self, field: Any) -> None:
        if field.data not in {"xlsx", "json"}:
            raise ValidationError(_l("Velg Excel eller JSON."))


class EraseEmailForm(FlaskForm):
    email = StringField(_l("E-postadresse"))
    reason = TextAreaField(_l("Begrunnelse"))
    confirm = BooleanField(_l("Jeg har kontrollert adressen. Slettingen kan ikke angres."))
    clean: str = ""

    def validate_email(self, field: Any) -> None:
        self.clean = _address(field)

    def validate_reason(self, field: Any) -> None:
        text = clean_text(field.data)
        if not text:
            raise ValidationError(_l("Skriv hvorfor opplysningene slettes, for eksempel "
                                     "«Krav om sletting fra den registrerte, e-post 3. mars»."))
        if any(ord(c) < 32 and c not in "\n\r\t" for c in text) or "\ufffd" in text:
            raise ValidationError(_l("Begrunnelsen inneholder et tegn som ikke kan lagres."))
        if len(text) > REASON_MAX:
            raise ValidationError(_l("Begrunnelsen kan være høyst %(max)s tegn.",
                                     max=REASON_MAX))

    def validate_confirm(self, field: Any) -> None:
        if not field.data:
            raise ValidationError(_l("Kryss av for at du har kontrollert adressen."))
