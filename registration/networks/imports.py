"""Members from an Excel (.xlsx) or CSV file: read, check each row with the registration
form's rules, and show the organiser a preview (each row's problem) before anything is saved.
Rows with the same e-mail are merged into one; an e-mail already on the list updates that
member."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from flask_babel import lazy_gettext as _l

from ..core import municipalities
from ..registrations import validation
from ..registrations.rules import normalize_email
from ..registrations.validation import FieldError
from .operations import MemberFields

MAX_ROWS = 2000

# Column headings we recognise (lower-cased, without spaces around), Norwegian and English.
HEADINGS = {
    "name": {"navn", "fullt navn", "name"},
    "email": {"e-post", "epost", "e-postadresse", "email", "e-mail"},
    "mobile": {"mobil", "mobilnummer", "telefon", "mobile", "phone"},
    "kommune": {"kommune", "kommunenummer", "municipality"},
    "workplace": {"arbeidssted", "workplace"},
    "role": {"stilling", "rolle", "role"},
}
REQUIRED = ("name", "email", "kommune", "workplace", "role")


class ImportFileError(ValueError):
    """The file as a whole cannot be read; the message is for the organiser."""


@dataclass
class PreviewRow:
    line: int  # the row's number in the file (the heading is row 1)
    raw: dict[str, str]
    member: MemberFields | None = None
    problems: list[str] = field(default_factory=list)
    merged_lines: list[int] = field(default_factory=list)  # later rows with the same e-mail
    already_member: bool = False

    @property
    def ok(self) -> bool:
        return self.member is not None and not self.problems


@cache
def _by_name() -> dict[str, str]:
    """Each municipality by its full name and by each of its names (SSB writes the
    Norwegian, Sami and Kven names as «Lyngen - Ivgu - Yykeä»)."""
    names: dict[str, str] = {}
    for m in municipalities.all_municipalities().values():
        names[m.name.lower()] = m.number
        for part in m.name.split(" - "):
            names.setdefault(part.strip().lower(), m.number)
    return names


def _kommune(value: str) -> str:
    """A kommunenummer, or a municipality's name as written in the file."""
    text = value.strip()
    if text.isdigit() and len(text) == 3:
        text = "0" + text  # Excel drops the leading zero of 0301
    if municipalities.get(text) is not None:
        return text
    number = _by_name().get(" ".join(text.lower().split()))
    if number is None:
        raise FieldError(_l("Ukjent kommune: «%(value)s».", value=text[:60]))
    return number


def _role(value: str) -> str:
    text = value.strip().lower()
    labels = {str(label).lower(): role.value for role, label in validation.ROLE_LABELS.items()}
    return validation.role(labels.get(text, text))


def check_row(raw: dict[str, str]) -> tuple[MemberFields | None, list[str]]:
    """The row's member, or the problems in it (each a sentence for the organiser)."""
    problems: list[str] = []
    clean: dict[str, str] = {}
    checks: dict[str, Any] = {"name": validation.name, "email": validation.email,
                              "kommune": _kommune, "workplace": validation.workplace,
                              "role": _role}
    for key, check in checks.items():
        try:
            clean[key] = check(raw.get(key, ""))
        except FieldError as error:
            problems.append(str(error))
    mobile = (raw.get("mobile") or "").strip()
    clean["mobile"] = ""
    if mobile:
        try:
            clean["mobile"] = validation.mobile(mobile)
        except FieldError as error:
            problems.append(str(error))
    if problems:
        return None, problems
    return MemberFields(name=clean["name"], email=clean["email"],
                        kommunenummer=clean["kommune"], workplace=clean["workplace"],
                        role=clean["role"], mobile=clean["mobile"]), []


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # a kommunenummer or mobile typed as a number
    return str(value).strip()


def _table(filename: str, data: bytes) -> list[list[str]]:
    name = filename.lower()
    if name.endswith(".xlsx"):
        from openpyxl import load_workbook  # large; only imports need it

        try:
            workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        except Exception:  # noqa: BLE001  (any broken or disguised file)
            raise ImportFileError(_l("Filen kunne ikke leses som Excel (.xlsx).")) from None
        sheet = workbook.active
        if sheet is None:
            raise ImportFileError(_l("Filen har ingen ark."))
        return [[_cell(v) for v in row] for row in sheet.iter_rows(values_only=True)]
    if name.endswith(".csv"):
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            text = data.decode("cp1252", errors="replace")  # Excel's «CSV» on Windows
        dialect: Any = csv.excel
        try:
            dialect = csv.Sniffer().sniff(text[:4096], delimiters=";,\t")
        except csv.Error:
            pass
        return [[c.strip() for c in row] for row in csv.reader(io.StringIO(text), dialect)]
    raise ImportFileError(_l("Velg en Excel-fil (.xlsx) eller en CSV-fil (.csv)."))


def read(filename: str, data: bytes, known_emails: set[str]) -> list[PreviewRow]:
    """Every row of the file, checked; duplicates merged into the first row with the e-mail."""
    table = [row for row in _table(filename, data) if any(row)]
    if not table:
        raise ImportFileError(_l("Filen er tom."))
    headings = [h.strip().lower() for h in table[0]]
    columns: dict[str, int] = {}
    for key, names in HEADINGS.items():
        for index, heading in enumerate(headings):
            if heading in names and key not in columns:
                columns[key] = index
    missing = [k for k in REQUIRED if k not in columns]
    if missing:
        raise ImportFileError(_l(
            "Første rad må ha kolonnene Navn, E-post, Kommune, Arbeidssted og Stilling "
            "(Mobil kan tas med)."))
    if len(table) - 1 > MAX_ROWS:
        raise ImportFileError(_l("Filen har mer enn %(n)s rader.", n=MAX_ROWS))
    rows: list[PreviewRow] = []
    first_with: dict[str, PreviewRow] = {}
    for number, cells in enumerate(table[1:], start=2):
        raw = {key: cells[i][:300] if i < len(cells) else "" for key, i in columns.items()}
        member, problems = check_row(raw)
        row = PreviewRow(line=number, raw=raw, member=member, problems=problems)
        if member is not None:
            key = normalize_email(member.email)
            first = first_with.get(key)
            if first is not None:
                first.merged_lines.append(number)
                continue  # merged: the first row with the e-mail is the one saved
            first_with[key] = row
            row.already_member = key in known_emails
        rows.append(row)
    return rows
