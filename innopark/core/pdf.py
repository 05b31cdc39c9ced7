"""PDF documents (certificates, statements) with fpdf2 and the DejaVu fonts shipped in innopark/core/fonts.

DejaVu Sans covers Kazakh Cyrillic (Ә Ғ Қ Ң Ө Ұ Ү Һ І) and Latin; the fonts are loaded from the project, never
from the system, so a PDF looks the same on every machine. Licence: innopark/core/fonts/DejaVu-LICENSE.txt.

    pdf = new_pdf()
    pdf.add_page()
    pdf.set_font(FONT, "B", 16)
    pdf.cell(text="Куәлік")
    data = bytes(pdf.output())
"""

from __future__ import annotations

from pathlib import Path

from fpdf import FPDF

FONT_DIR = Path(__file__).resolve().parent / "fonts"
FONT = "DejaVu"


def new_pdf(*, title: str = "", orientation: str = "portrait") -> FPDF:
    """An A4 FPDF with the DejaVu regular and bold faces registered as FONT and selected at 11 pt."""
    pdf = FPDF(orientation=orientation, unit="mm", format="A4")
    pdf.add_font(FONT, "", str(FONT_DIR / "DejaVuSans.ttf"))
    pdf.add_font(FONT, "B", str(FONT_DIR / "DejaVuSans-Bold.ttf"))
    pdf.set_font(FONT, size=11)
    pdf.set_auto_page_break(auto=True, margin=15)
    if title:
        pdf.set_title(title)
    pdf.set_creator("innopark")
    return pdf


def pdf_bytes(pdf: FPDF) -> bytes:
    return bytes(pdf.output())
