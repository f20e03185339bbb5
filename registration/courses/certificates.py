"""The kursbevis: the facts on it, as a PDF (A4, with the QR of its verification address)
and as the same facts for the accessible HTML version (templates/courses/certificate.html).

fpdf2 does not write a tagged PDF, so the HTML page is the accessible equivalent; the PDF
carries its title, language and a text layer, so it can be searched and read aloud."""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass
from importlib import resources

import qrcode
from flask import current_app

from ..core.i18n import format_dt, format_span
from ..core.links import external_url
from .models import CourseCompletion


@dataclass(frozen=True)
class CertificateFacts:
    centre: str
    name: str
    course: str
    level: str
    dates: str
    hours: str
    signer: str
    code: str
    verify_url: str
    completed_on: str


def _hours(completion: CourseCompletion) -> float:
    event = completion.event
    if event is None:
        return 0.0
    return sum((s.ends_at - s.starts_at).total_seconds() for s in event.sessions) / 3600


def facts(completion: CourseCompletion) -> CertificateFacts:
    event = completion.event
    sessions = event.sessions if event is not None else []
    if len(sessions) > 1:
        dates = ", ".join(format_dt(s.starts_at, "date") for s in sessions)
    elif sessions:
        dates = format_span(sessions[0].starts_at, sessions[0].ends_at)
    else:
        dates = format_dt(completion.completed_on, "date")
    hours = _hours(completion)
    return CertificateFacts(
        centre=str(current_app.config["CENTRE_NAME"]),
        name=completion.name,
        course=event.title if event is not None else completion.level.label,
        level=completion.level.label,
        dates=dates,
        hours=f"{hours:g}".replace(".", ",") if hours else "",
        signer=event.certificate_signer if event is not None else "",
        code=completion.certificate_code,
        verify_url=external_url("courses.verify", code=completion.certificate_code),
        completed_on=format_dt(completion.completed_on, "date"),
    )


def to_pdf(completion: CourseCompletion) -> bytes:
    """One A4 page: centre, name, course and level, dates, hours, signer, code and QR."""
    from fpdf import FPDF  # only certificates and exports need it

    f = facts(completion)
    pdf = FPDF(orientation="P", unit="mm", format="A4")
    fonts = resources.files("registration").joinpath("fonts")
    pdf.add_font("DejaVu", "", str(fonts.joinpath("DejaVuSans.ttf")))
    pdf.add_font("DejaVu", "B", str(fonts.joinpath("DejaVuSans-Bold.ttf")))
    pdf.set_lang("nb-NO")
    pdf.set_title(f"Kursbevis: {f.name}, {f.course}")
    pdf.set_author(f.centre)
    pdf.set_subject(f.level)
    pdf.set_creation_date(completion.created_at)
    pdf.set_auto_page_break(auto=False)
    pdf.add_page()
    width = pdf.w - 2 * pdf.l_margin

    pdf.set_font("DejaVu", "", 12)
    pdf.set_y(25)
    pdf.cell(width, 8, f.centre, align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("DejaVu", "B", 30)
    pdf.ln(12)
    pdf.cell(width, 14, "Kursbevis", align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(10)
    pdf.set_font("DejaVu", "", 12)
    pdf.cell(width, 8, "Dette bekrefter at", align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("DejaVu", "B", 22)
    pdf.multi_cell(width, 12, f.name, align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("DejaVu", "", 12)
    pdf.cell(width, 8, "har fullført", align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("DejaVu", "B", 16)
    pdf.multi_cell(width, 9, f.course, align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("DejaVu", "", 13)
    pdf.multi_cell(width, 8, f.level, align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(6)
    pdf.set_font("DejaVu", "", 11)
    pdf.multi_cell(width, 7, f"Dato: {f.dates}", align="C", new_x="LMARGIN", new_y="NEXT")
    if f.hours:
        pdf.cell(width, 7, f"Omfang: {f.hours} timer", align="C", new_x="LMARGIN",
                 new_y="NEXT")
    if f.signer:
        pdf.set_y(200)
        pdf.set_draw_color(60, 60, 60)
        pdf.line(pdf.w / 2 - 45, 200, pdf.w / 2 + 45, 200)
        pdf.ln(2)
        pdf.cell(width, 7, f.signer, align="C", new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("DejaVu", "", 9)
        pdf.cell(width, 5, f.centre, align="C", new_x="LMARGIN", new_y="NEXT")

    qr = qrcode.make(f.verify_url, border=1).get_image()
    pdf.image(qr, x=pdf.l_margin, y=240, w=32, h=32, alt_text=f"QR-kode: {f.verify_url}")
    pdf.set_xy(pdf.l_margin + 38, 245)
    pdf.set_font("DejaVu", "", 9)
    pdf.multi_cell(width - 38, 5, f"Kontroller at kursbeviset er gyldig:\n{f.verify_url}\n"
                   f"Kode: {f.code}", new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


def filename(completion: CourseCompletion) -> str:
    safe = "".join(c if c.isalnum() else "-" for c in completion.name).strip("-")[:60]
    return f"kursbevis-{safe or 'deltaker'}-{completion.certificate_code}.pdf"


def zip_of(completions: list[CourseCompletion]) -> bytes:
    """All kursbevis of an event in one zip (withdrawn ones left out)."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for completion in completions:
            if completion.valid:
                info = zipfile.ZipInfo(filename(completion),
                                       date_time=completion.created_at.timetuple()[:6])
                archive.writestr(info, to_pdf(completion))
    return out.getvalue()
