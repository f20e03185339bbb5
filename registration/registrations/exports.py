"""Participant lists as Excel, CSV and a printable PDF sign-in sheet, and the kitchen list.

Every export of personal data is written to the audit log before the file is sent.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import replace
from datetime import datetime
from importlib import resources
from typing import Any

from flask import Response, current_app
from sqlalchemy import select

from ..audit import log as audit
from ..audit.actions import AuditAction
from ..core import municipalities
from ..core.db import write_transaction
from ..core.extensions import db
from ..core.i18n import OSLO, format_dt, format_span
from ..core.ids import parse_id
from ..models import (
    Event,
    EventSession,
    Mode,
    Registration,
    RegistrationStatus,
)
from ..questions import answers, builder
from . import participants, seats, session_seats
from .validation import MODE_LABELS, ROLE_LABELS

FORMATS = {"xlsx", "csv", "pdf"}
MIMETYPES = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv; charset=utf-8",
    "pdf": "application/pdf",
}
HEADERS = ["Navn", "E-post", "Mobil", "Kommune", "Kommunenr.", "Arbeidssted", "Stilling",
           "Deltakelse", "Status", "Plass i kø", "Påmeldt"]
WIDTHS = [28, 34, 15, 20, 11, 32, 18, 15, 12, 10, 18]
STATUS_LABELS = {"confirmed": "Påmeldt", "waitlisted": "Venteliste", "cancelled": "Avmeldt"}


def _rows(event: Event, f: participants.Filter) -> list[Registration]:
    return list(db.session.scalars(participants.query(event.id, f)).all())


# What a table export shows of a registration: read as plain rows (attribute access as on a
# Registration), not as ORM objects, which cost ten times as much to make for 10,000 rows.
TABLE_COLUMNS = (Registration.id, Registration.name, Registration.email, Registration.mobile,
                 Registration.kommunenummer, Registration.workplace, Registration.role,
                 Registration.mode, Registration.status, Registration.created_at)


def _table_rows(event: Event, f: participants.Filter) -> list[Any]:
    return list(db.session.execute(
        participants.query(event.id, f).with_only_columns(*TABLE_COLUMNS)).all())


def local_time(value: datetime) -> datetime:
    """Excel has no time zones: the wall-clock time in Oslo, as a real date."""
    return value.astimezone(OSLO).replace(tzinfo=None)


def _values(r: Any, positions: dict[int, int | None], labels: dict[str, str],
            status_of: dict[int, str] | None = None) -> list[Any]:
    """One row of the table: r is a Registration or a row of TABLE_COLUMNS; labels holds
    the role and mode labels translated once for the whole file (see _labels)."""
    status = status_of.get(r.id, r.status) if status_of is not None else r.status
    return [r.name, r.email, r.mobile, municipalities.name_of(r.kommunenummer), r.kommunenummer,
            r.workplace, labels[r.role], labels[r.mode],
            STATUS_LABELS[status], positions.get(r.id), local_time(r.created_at)]


def _labels() -> dict[str, str]:
    """The role and mode labels in the organiser's language, translated once per file
    (roles and modes are distinct words, so one dict holds both)."""
    return {str(key): str(label) for key, label in (*ROLE_LABELS.items(), *MODE_LABELS.items())}


# A phone number or a plain number: it starts with + or -, but no spreadsheet reads a formula
# in it, so it is kept as typed (no stray apostrophe in «+4791234567»).
_PLAIN_NUMBER = re.compile(r"[+-]?[\d ().]+")


def defuse(value: Any) -> Any:
    """Spreadsheet formula injection: a cell starting with = + - @ (or tab/CR) stays text,
    unless it is only a number, as a phone number is."""
    if (isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r")
            and not _PLAIN_NUMBER.fullmatch(value)):
        return "'" + value
    return value


def xml_safe(value: Any) -> Any:
    """Excel files are XML, which has no place for control characters (a pasted answer or
    a session title can hold one): replace them, as openpyxl would refuse the cell."""
    if isinstance(value, str) and not value.isprintable():  # (every such character isn't)
        from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

        return ILLEGAL_CHARACTERS_RE.sub("\ufffd", value)
    return value


def to_xlsx(headers: list[str], rows: list[list[Any]], widths: list[int], title: str) -> bytes:
    """An Excel sheet: a bold header row kept in view, the columns' widths, times as Excel
    times. Written with XlsxWriter (10,000 rows in well under a second; openpyxl took twice
    as long); every text cell is written as text, never read as a formula, number or link."""
    import xlsxwriter  # type: ignore[import-untyped]  # here: only exports need it

    out = io.BytesIO()
    book = xlsxwriter.Workbook(out, {"in_memory": True, "remove_timezone": True,
                                     "strings_to_numbers": False, "strings_to_formulas": False,
                                     "strings_to_urls": False})
    sheet = book.add_worksheet(title[:31])
    bold = book.add_format({"bold": True})
    when = book.add_format({"num_format": "dd.mm.yyyy hh:mm"})
    for index, width in enumerate(widths):
        sheet.set_column(index, index, width)
    sheet.freeze_panes(1, 0)
    sheet.write_row(0, 0, [xml_safe(h) for h in headers], bold)
    for number, row in enumerate(rows, start=1):
        for column, value in enumerate(row):
            if value is None or value == "":
                continue
            if isinstance(value, str):  # the common cell first: text
                sheet.write_string(number, column, xml_safe(defuse(value)))
            elif isinstance(value, datetime):
                sheet.write_datetime(number, column, value, when)
            elif isinstance(value, int | float) and not isinstance(value, bool):
                sheet.write_number(number, column, value)
            else:
                sheet.write_string(number, column, xml_safe(defuse(str(value))))
    book.close()
    return out.getvalue()


def to_csv(headers: list[str], rows: list[list[Any]]) -> bytes:
    """UTF-8 with BOM and semicolons, as Norwegian Excel expects."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(headers)
    for row in rows:
        writer.writerow([defuse(v.strftime("%d.%m.%Y %H:%M") if isinstance(v, datetime)
                                else ("" if v is None else v)) for v in row])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def _sign_in_sheet(centre: str, event: Event) -> Any:
    # fpdf2 is imported here, like openpyxl: only exports need it.
    from fpdf import FPDF

    class SignInSheet(FPDF):
        def __init__(self, centre: str, event: Event) -> None:
            super().__init__(orientation="P", unit="mm", format="A4")
            fonts = resources.files("registration").joinpath("fonts")
            self.add_font("DejaVu", "", str(fonts.joinpath("DejaVuSans.ttf")))
            self.add_font("DejaVu", "B", str(fonts.joinpath("DejaVuSans-Bold.ttf")))
            self.centre, self.event = centre, event
            self.session_line = ""
            self.show_checked_in = False
            self.set_auto_page_break(auto=True, margin=18)
            self.alias_nb_pages()

        def header(self) -> None:
            self.set_font("DejaVu", "", 9)
            self.cell(0, 5, self.centre, new_x="LMARGIN", new_y="NEXT")
            self.set_font("DejaVu", "B", 13)
            self.multi_cell(0, 6, f"Deltakerliste: {self.event.title}", new_x="LMARGIN",
                            new_y="NEXT")
            self.set_font("DejaVu", "", 10)
            self.cell(0, 6, self.session_line, new_x="LMARGIN", new_y="NEXT")
            self.ln(2)
            self._table_head()

        def _table_head(self) -> None:
            self.set_font("DejaVu", "B", 9)
            last = ("Sjekket inn", 48) if self.show_checked_in else ("Signatur", 48)
            for text, width in zip(("Nr.", "Navn", "Kommune", "Arbeidssted", last[0]),
                                   (10, 52, 32, 48, last[1]), strict=True):
                self.cell(width, 7, text, border=1)
            self.ln()
            self.set_font("DejaVu", "", 9)

        def footer(self) -> None:
            self.set_y(-13)
            self.set_font("DejaVu", "", 8)
            self.cell(0, 8, f"Side {self.page_no()} av {{nb}}", align="C")

    return SignInSheet(centre, event)


def surname_order(r: Registration) -> tuple[str, str]:
    """Sign-in sheets go by surname, as people look for themselves: «Nordmann, Kari»
    between «Hansen» and «Olsen» (Norwegian order: æ, ø, å last)."""
    parts = r.name.split()
    return (municipalities.sort_key(parts[-1] if parts else ""),
            municipalities.sort_key(r.name))


def to_pdf(event: Event, sheets: list[tuple[EventSession, list[Registration]]],
           show_checked_in: bool = False) -> bytes:
    """One sign-in sheet per session (a day of a course, say) with its own people,
    page-numbered, by surname. With ``show_checked_in`` the last column says who has
    checked in, and when."""
    from ..checkin.models import CheckIn

    pdf = _sign_in_sheet(current_app.config["CENTRE_NAME"], event)
    pdf.show_checked_in = show_checked_in
    checked: dict[tuple[int, int], datetime] = {}
    if show_checked_in:
        everyone = {r.id for _session, people in sheets for r in people}
        checked = {(c.registration_id, c.session_id): c.checked_in_at
                   for c in db.session.scalars(select(CheckIn).where(
                       CheckIn.registration_id.in_(everyone)))}
    for session, people in sheets:
        rows = sorted(people, key=surname_order)
        where = session.place or ("Digitalt" if session.online else "")
        label = f"{session.title}: " if session.title else ""
        pdf.session_line = f"{label}{format_span(session.starts_at, session.ends_at)}" + (
            f", {where}" if where else "")
        pdf.add_page()
        for number, r in enumerate(rows, start=1):
            pdf.cell(10, 9, str(number), border=1)
            pdf.cell(52, 9, _fit(pdf, r.name, 52), border=1)
            pdf.cell(32, 9, _fit(pdf, municipalities.name_of(r.kommunenummer), 32), border=1)
            pdf.cell(48, 9, _fit(pdf, r.workplace, 48), border=1)
            when = checked.get((r.id, session.id))
            pdf.cell(48, 9, f"✓ {format_dt(when, 'time')}" if when else "", border=1)
            pdf.ln()
    return bytes(pdf.output())


def _fit(pdf: Any, text: str, width: float) -> str:
    while text and pdf.get_string_width(text) > width - 2:
        text = text[:-2] + "…"
    return text


def filter_from_args(event: Event, args: Any) -> tuple[participants.Filter,
                                                       EventSession | None]:
    """What to export: ?status=confirmed|waitlisted|all, ?mode=…, ?session=<id>.
    Raises ValueError for anything else."""
    status = args.get("status", "confirmed")
    if status not in {"confirmed", "waitlisted", "all"}:
        raise ValueError("status")
    mode = args.get("mode") or None
    if mode is not None and mode not in event.modes:
        raise ValueError("mode")
    session = None
    raw = args.get("session") or ""
    if raw:
        session = next((s for s in event.sessions if s.id == parse_id(raw)), None)
        if session is None:
            raise ValueError("session")
    return participants.Filter(
        status=None if status == "all" else status, mode=mode, sort="name",
        session_id=session.id if session is not None and event.chooses_sessions else None,
    ), session


def filename(event: Event, suffix: str, fmt: str) -> str:
    safe = "".join(c if c.isalnum() else "-" for c in event.title.lower())[:40].strip("-")
    return f"{safe}-{suffix}.{fmt}"


def _with_attendance(event: Event, session: EventSession | None, rows: list[Any],
                     values: list[list[Any]]) -> tuple[list[str], list[list[Any]], list[int]]:
    """One «Oppmøte» column per session (or the chosen one): «ja» where attended."""
    from ..checkin.operations import attendance

    sessions = [session] if session else list(event.sessions)
    attended = attendance(event.id)
    headers = HEADERS + [f"Oppmøte {s.title or format_dt(s.starts_at, 'short')}"
                         for s in sessions]
    out = [row + ["ja" if s.id in attended.get(r.id, set()) else "" for s in sessions]
           for r, row in zip(rows, values, strict=True)]
    # The event's own questions, one column each; health answers never (see questions/).
    own = [q for q in builder.questions_of(event.id) if not q.health]
    given = answers.of(r.id for r in rows) if own else {}
    out = [row + [answers.shown(given.get(r.id, {}).get(q.id)) for q in own]
           for r, row in zip(rows, out, strict=True)]
    return (headers + [q.text for q in own], out,
            WIDTHS + [14] * len(sessions) + [30] * len(own))


def download(event: Event, f: participants.Filter, session: EventSession | None, fmt: str,
             actor: Any, show_checked_in: bool = False) -> Response:
    if fmt == "pdf" and f.mode is None and Mode.PHYSICAL in event.modes:
        # A sheet to sign in the room: those who are in the room, unless asked otherwise.
        f = replace(f, mode=Mode.PHYSICAL)
    rows = _rows(event, f) if fmt == "pdf" else _table_rows(event, f)
    if fmt == "pdf":
        sessions = [session] if session else list(event.sessions)
        # where people choose sessions, each sheet has those with a seat in its session
        sheets = [(s, _rows(event, replace(f, session_id=s.id)) if event.chooses_sessions
                   else rows) for s in sessions]
        body = to_pdf(event, sheets, show_checked_in=show_checked_in)
    else:
        positions: dict[int, int | None] = dict(seats.waitlist_positions(event.id))
        status_of = None
        if f.session_id is not None:  # one session's list: status and place in that session
            standing = session_seats.session_standing(f.session_id)
            status_of = {rid: status for rid, (status, _place) in standing.items()}
            positions = {rid: place for rid, (_status, place) in standing.items()}
        labels = _labels()
        headers, values, widths = _with_attendance(
            event, session, rows, [_values(r, positions, labels, status_of) for r in rows])
        body = (to_xlsx(headers, values, widths, "Deltakere") if fmt == "xlsx"
                else to_csv(headers, values))
    with write_transaction():
        audit.record(AuditAction.EXPORT_PARTICIPANTS, event_id=event.id, actor=actor, after={
            "format": fmt, "status": f.status or "all", "mode": f.mode,
            "session": session.id if session else None, "rows": len(rows)})
    return attachment(body, fmt, filename(event, "deltakere", fmt))


def badges_download(event: Event, f: participants.Filter, actor: Any) -> Response:
    from . import badges

    if f.mode is None and Mode.PHYSICAL in event.modes:
        f = replace(f, mode=Mode.PHYSICAL)  # badges are worn in the room
    rows = sorted(_rows(event, f), key=surname_order)
    body = badges.to_pdf(event, rows)
    with write_transaction():
        audit.record(AuditAction.EXPORT_PARTICIPANTS, event_id=event.id, actor=actor, after={
            "format": "badges", "status": f.status or "all", "mode": f.mode,
            "session": f.session_id, "rows": len(rows)})
    return attachment(body, "pdf", filename(event, "navneskilt", "pdf"))


def kitchen_download(event: Event, fmt: str, actor: Any) -> Response:
    """Diet and allergy answers of confirmed participants, and nothing else."""
    rows = db.session.scalars(select(Registration).where(
        Registration.event_id == event.id, Registration.status == RegistrationStatus.CONFIRMED,
        Registration.diet.is_not(None)).order_by(Registration.name)).all()
    headers = ["Navn", "Deltakelse", "Allergier og kostbehov"]
    values = [[r.name, str(MODE_LABELS[r.mode]), r.diet] for r in rows]
    body = (to_xlsx(headers, values, [28, 15, 60], "Kjøkkenliste") if fmt == "xlsx"
            else to_csv(headers, values))
    with write_transaction():
        audit.record(AuditAction.EXPORT_KITCHEN, event_id=event.id, actor=actor,
                     after={"format": fmt, "rows": len(rows)})
    return attachment(body, fmt, filename(event, "kjokkenliste", fmt))


def attachment(body: bytes, fmt: str, filename: str) -> Response:
    response = Response(body, mimetype=MIMETYPES[fmt])
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.headers["Cache-Control"] = "no-store"
    return response


__all__ = ["FORMATS", "attachment", "defuse", "download", "filename", "format_dt",
           "kitchen_download", "local_time", "to_csv", "to_xlsx"]
