"""Name badges as a printable PDF: eight to an A4 page (2 × 4 labels of 105 × 74 mm, the
common sheet of badge inserts), each with the name, workplace, kommune, event and a QR code of
the ticket code, so the badge itself can be scanned at the door."""

from __future__ import annotations

from importlib import resources
from typing import Any

from flask import current_app

from ..core import municipalities
from ..models import Event, Registration
from .rules import has_ticket

COLUMNS, ROWS = 2, 4
WIDTH, HEIGHT = 105.0, 74.0  # mm; 2 × 105 = 210 (A4 wide), 4 × 74 = 296 (A4 high)
PADDING = 7.0
QR_SIZE = 26.0


def _qr_image(code: str) -> Any:
    import qrcode

    return qrcode.make(code, box_size=8, border=1).get_image()


def to_pdf(event: Event, rows: list[Registration]) -> bytes:
    # fpdf2 and qrcode are imported here, like openpyxl: only exports need them.
    from fpdf import FPDF

    pdf = FPDF(orientation="P", unit="mm", format="A4")
    fonts = resources.files("registration").joinpath("fonts")
    pdf.add_font("DejaVu", "", str(fonts.joinpath("DejaVuSans.ttf")))
    pdf.add_font("DejaVu", "B", str(fonts.joinpath("DejaVuSans-Bold.ttf")))
    pdf.set_auto_page_break(auto=False)
    pdf.set_margins(0, 0, 0)
    pdf.set_title(f"Navneskilt: {event.title}")
    pdf.set_author(current_app.config["CENTRE_NAME"])
    for index, r in enumerate(rows):
        slot = index % (COLUMNS * ROWS)
        if slot == 0:
            pdf.add_page()
        x = (slot % COLUMNS) * WIDTH
        y = (slot // COLUMNS) * HEIGHT
        _badge(pdf, event, r, x, y)
    if not rows:
        pdf.add_page()
        pdf.set_font("DejaVu", "", 12)
        pdf.set_xy(20, 20)
        pdf.cell(0, 10, "Ingen deltakere å lage navneskilt til.")
    return bytes(pdf.output())


def _badge(pdf: Any, event: Event, r: Registration, x: float, y: float) -> None:
    pdf.set_draw_color(200, 200, 200)
    pdf.rect(x, y, WIDTH, HEIGHT)  # a cutting guide
    text_width = WIDTH - 2 * PADDING - (QR_SIZE + 3 if has_ticket(r) else 0)
    pdf.set_xy(x + PADDING, y + PADDING)
    pdf.set_font("DejaVu", "B", 18)
    pdf.multi_cell(text_width, 8, _fit(pdf, r.name, text_width * 2), max_line_height=8)
    pdf.set_font("DejaVu", "", 11)
    for line in (r.workplace, municipalities.name_of(r.kommunenummer)):
        pdf.set_x(x + PADDING)
        pdf.cell(text_width, 6, _fit(pdf, line, text_width), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("DejaVu", "", 8)
    pdf.set_xy(x + PADDING, y + HEIGHT - PADDING - 8)
    pdf.multi_cell(WIDTH - 2 * PADDING, 4, _fit(pdf, event.title, (WIDTH - 2 * PADDING) * 2))
    if has_ticket(r) and r.ticket_code:
        pdf.image(_qr_image(r.ticket_code), x=x + WIDTH - PADDING - QR_SIZE, y=y + PADDING,
                  w=QR_SIZE, h=QR_SIZE)


def _fit(pdf: Any, text: str, width: float) -> str:
    while text and pdf.get_string_width(text) > width - 2:
        text = text[:-2] + "…"
    return text
