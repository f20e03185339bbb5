"""Access (innsyn, GDPR art. 15): everything stored about one e-mail address, as Excel and
as JSON.

What is included: every registration that holds the address (all fields, the diet answer
while it is stored; the personal link and the ticket code are secrets and are only said to
exist), its check-ins, the invitations to and answers of *named* evaluations, the e-mails
to the address (the outbox, with the bodies while they are kept), and the audit rows about
those registrations. Anonymous evaluation answers are tied to nobody and cannot be found
for a person: the export says so. Registrations already anonymised hold the address no more
and are not found.

Every export is audited (``PERSONAL_DATA_EXPORTED``) with the address's keyed hash, never the
address.
"""

from __future__ import annotations

import io
import json
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from flask import Response
from sqlalchemy import func, or_, select

from ..audit import log as audit
from ..audit.actions import AuditAction
from ..audit.models import AuditEntry
from ..checkin.models import CheckIn
from ..core import municipalities
from ..core.db import write_transaction
from ..core.extensions import db
from ..core.types import utcnow
from ..evaluations.models import (
    EvaluationAnswer,
    EvaluationForm,
    EvaluationInvitation,
    EvaluationQuestion,
    EvaluationResponse,
)
from ..events.models import EventSession
from ..groups.models import RegistrationGroup
from ..mail.models import OutboxMessage
from ..networks.privacy import personal_data as network_data
from ..questions import answers as own_answers
from ..questions.models import EventQuestion, RegistrationAnswer
from ..registrations.exports import defuse, local_time
from ..registrations.rules import normalize_email, person_key
from ..registrations.validation import MODE_LABELS, ROLE_LABELS
from .erasure import registrations_of

ANONYMOUS_NOTE = ("Anonyme evalueringssvar er ikke knyttet til noen person og kan ikke "
                  "finnes igjen for en e-postadresse. De er derfor ikke med i denne "
                  "utskriften. Svar på navngitte evalueringer er med.")
SECRET_NOTE = "lagret (hemmelig, vises ikke)"
STATUS_LABELS = {"confirmed": "Påmeldt", "waitlisted": "Venteliste", "cancelled": "Avmeldt"}
CELL_MAX = 32_000  # Excel's cell limit is 32,767 characters


@dataclass
class Sheet:
    title: str
    headers: list[str]
    widths: list[int]
    rows: list[list[Any]] = field(default_factory=list)


@dataclass
class PersonalData:
    email: str
    created_at: datetime
    sheets: list[Sheet]

    @property
    def registration_count(self) -> int:
        return len(self.sheets[0].rows)


def _time(value: datetime | None) -> datetime | None:
    return local_time(value) if value is not None else None


def collect(email: str) -> PersonalData:
    """Everything stored about ``email`` (read only)."""
    registrations = registrations_of(email)
    ids = [r.id for r in registrations]
    titles = {r.id: r.event.title for r in registrations}

    reg_sheet = Sheet("Påmeldinger", [
        "Arrangement", "Arrangement-id", "Status", "Deltakelse", "Navn", "E-post", "Mobil",
        "Kommune", "Kommunenr.", "Arbeidssted", "Stilling", "Kostbehov",
        "Samtykke kostbehov", "Personvern godtatt", "Påmeldt", "Bekreftet", "Venteliste fra",
        "Avmeldt", "Sist endret", "Personlig lenke", "Billettkode"],
        [34, 12, 12, 16, 26, 32, 15, 18, 11, 28, 16, 30, 18, 18, 18, 18, 18, 18, 18, 22, 22])
    for r in registrations:
        reg_sheet.rows.append([
            r.event.title, r.event_id, STATUS_LABELS.get(r.status, r.status),
            str(MODE_LABELS[r.mode]), r.name, r.email, r.mobile,
            municipalities.name_of(r.kommunenummer), r.kommunenummer, r.workplace,
            str(ROLE_LABELS[r.role]), r.diet or "", _time(r.diet_consent_at),
            _time(r.privacy_accepted_at), _time(r.created_at), _time(r.confirmed_at),
            _time(r.waitlisted_at), _time(r.cancelled_at), _time(r.updated_at),
            SECRET_NOTE if r.token else "", SECRET_NOTE if r.ticket_code else ""])

    checkin_sheet = Sheet("Oppmøte", ["Arrangement", "Økt", "Økten startet", "Sjekket inn",
                                      "Hvordan"], [34, 20, 18, 18, 12])
    if ids:
        for check_in, session in db.session.execute(
                select(CheckIn, EventSession).join(EventSession,
                                                   EventSession.id == CheckIn.session_id)
                .where(CheckIn.registration_id.in_(ids))
                .order_by(EventSession.starts_at, CheckIn.id)).tuples():
            checkin_sheet.rows.append([
                titles[check_in.registration_id], session.title, _time(session.starts_at),
                _time(check_in.checked_in_at), str(check_in.method)])

    evaluation_sheet = Sheet("Evalueringer", ["Arrangement", "Spørsmål", "Svar (tall)",
                                              "Svar (tekst)", "Sendt inn"], [34, 40, 12, 40, 18])
    invitation_sheet = Sheet("Evalueringslenker", ["Arrangement", "Invitert", "Påminnelser",
                                                   "Besvart"], [34, 18, 12, 10])
    if ids:
        for response, answer, question in db.session.execute(
                select(EvaluationResponse, EvaluationAnswer, EvaluationQuestion)
                .join(EvaluationAnswer, EvaluationAnswer.response_id == EvaluationResponse.id)
                .join(EvaluationQuestion, EvaluationQuestion.id == EvaluationAnswer.question_id)
                .join(EvaluationForm, EvaluationForm.id == EvaluationResponse.form_id)
                .where(EvaluationResponse.registration_id.in_(ids),
                       EvaluationForm.anonymous.is_(False))
                .order_by(EvaluationResponse.id, EvaluationQuestion.position,
                          EvaluationAnswer.id)).tuples():
            assert response.registration_id is not None
            evaluation_sheet.rows.append([
                titles[response.registration_id], question.text, answer.number,
                answer.text or "", _time(response.submitted_at)])
        for invitation in db.session.scalars(select(EvaluationInvitation).where(
                EvaluationInvitation.registration_id.in_(ids))
                .order_by(EvaluationInvitation.id)):
            invitation_sheet.rows.append([
                titles[invitation.registration_id], _time(invitation.invited_at),
                invitation.reminders, "ja" if invitation.answered else "nei"])

    mail_sheet = Sheet("E-post", ["Laget", "Sendt", "Status", "Type", "Til", "Emne",
                                  "Innhold (tekst)", "Slettet"], [18, 18, 10, 16, 32, 40, 60, 18])
    address = normalize_email(email)
    conditions = [func.lower(OutboxMessage.to_address) == address]
    if ids:
        conditions.append(OutboxMessage.registration_id.in_(ids))
    for message in db.session.scalars(select(OutboxMessage).where(or_(*conditions))
                                      .order_by(OutboxMessage.created_at, OutboxMessage.id)):
        mail_sheet.rows.append([
            _time(message.created_at), _time(message.sent_at), str(message.status),
            str(message.kind), message.to_address, message.subject,
            (message.text_body or "")[:CELL_MAX], _time(message.purged_at)])

    audit_sheet = Sheet("Logg", ["Tidspunkt", "Arrangement", "Hendelse", "Utført av", "Før",
                                 "Etter"], [18, 34, 30, 26, 40, 40])
    if ids:
        for entry in db.session.scalars(select(AuditEntry).where(
                AuditEntry.registration_id.in_(ids)).order_by(AuditEntry.id)):
            assert entry.registration_id is not None
            audit_sheet.rows.append([
                _time(entry.created_at), titles[entry.registration_id], entry.action.label,
                entry.user.name or entry.user.email if entry.user else "",
                _json(entry.before), _json(entry.after)])

    answer_sheet = Sheet("Egne spørsmål", ["Arrangement", "Spørsmål", "Svar"], [34, 40, 40])
    if ids:
        for given, asked in db.session.execute(
                select(RegistrationAnswer, EventQuestion)
                .join(EventQuestion, EventQuestion.id == RegistrationAnswer.question_id)
                .where(RegistrationAnswer.registration_id.in_(ids))
                .order_by(RegistrationAnswer.registration_id, EventQuestion.position)).tuples():
            answer_sheet.rows.append([titles[given.registration_id], asked.text,
                                      own_answers.shown(given.value)])
    group_sheet = Sheet("Grupper du meldte på", [
        "Arrangement", "Gruppe", "Navn", "E-post", "Mobil", "Arbeidssted", "Opprettet"],
        [34, 26, 26, 32, 15, 28, 18])
    for group in db.session.scalars(select(RegistrationGroup).where(
            func.lower(RegistrationGroup.contact_email) == address,
            RegistrationGroup.anonymised_at.is_(None)).order_by(RegistrationGroup.id)):
        group_sheet.rows.append([group.event.title, group.name or "", group.contact_name,
                                 group.contact_email, group.contact_mobile,
                                 group.contact_workplace, _time(group.created_at)])

    networks = [Sheet(title, headers, widths, rows)
                for title, headers, widths, rows in network_data(email)]
    return PersonalData(email=email, created_at=utcnow(), sheets=[
        reg_sheet, checkin_sheet, evaluation_sheet, invitation_sheet, mail_sheet, audit_sheet,
        answer_sheet, group_sheet, *networks])


def _json(value: Any) -> str:
    return "" if value is None else json.dumps(value, ensure_ascii=False, default=str)


def _plain(value: Any) -> Any:
    return value.isoformat() if isinstance(value, datetime) else value


def to_json(data: PersonalData) -> bytes:
    document = {
        "e-post": data.email,
        "laget": data.created_at.isoformat(),
        "merknad": ANONYMOUS_NOTE,
        **{sheet.title: [dict(zip(sheet.headers, map(_plain, row), strict=True))
                         for row in sheet.rows] for sheet in data.sheets},
    }
    return json.dumps(document, ensure_ascii=False, indent=2).encode("utf-8")


def to_xlsx(data: PersonalData) -> bytes:
    """One sheet per kind of data, the first one saying what the file is (and what is not
    in it)."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.worksheet import Worksheet

    book = Workbook()
    about = book.active
    assert isinstance(about, Worksheet)
    about.title = "Om utskriften"
    about.append(["Innsyn i personopplysninger"])
    about["A1"].font = Font(bold=True, size=14)
    about.append(["E-postadresse", defuse(data.email)])
    about.append(["Laget", local_time(data.created_at)])
    about["B3"].number_format = "dd.mm.yyyy hh:mm"
    about.append(["Påmeldinger", data.registration_count])
    about.append([])
    about.append(["Merknad", ANONYMOUS_NOTE])
    about["B6"].alignment = Alignment(wrap_text=True, vertical="top")
    about.column_dimensions["A"].width = 18
    about.column_dimensions["B"].width = 90
    for sheet in data.sheets:
        page = book.create_sheet(sheet.title[:31])
        page.append(sheet.headers)
        for cell in page[1]:
            cell.font = Font(bold=True)
        for row in sheet.rows:
            page.append([defuse(v) for v in row])
        if not sheet.rows:
            page.append(["(ingen)"])
        for index, width in enumerate(sheet.widths, start=1):
            page.column_dimensions[get_column_letter(index)].width = width
        for cells in page.iter_rows(min_row=2):
            for cell in cells:
                if isinstance(cell.value, datetime):
                    cell.number_format = "dd.mm.yyyy hh:mm"
        page.freeze_panes = "A2"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


MIMETYPES = {"xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
             "json": "application/json"}


def download(email: str, fmt: str, actor: Any) -> Response:
    """The file, after the export is written to the audit log."""
    data = collect(email)
    body = to_xlsx(data) if fmt == "xlsx" else to_json(data)
    with write_transaction():
        audit.record(AuditAction.PERSONAL_DATA_EXPORTED, event_id=None, actor=actor, after={
            "format": fmt, "registrations": data.registration_count,
            "person_key": person_key(email)})
    response = Response(body, mimetype=MIMETYPES[fmt])
    stamp = local_time(data.created_at).strftime("%Y-%m-%d")
    response.headers["Content-Disposition"] = f'attachment; filename="innsyn-{stamp}.{fmt}"'
    response.headers["Cache-Control"] = "no-store"
    return response
