"""An order as an A4 PDF the applicant keeps: the title, the order number in a monospaced
font (plain text a reader can search and copy), then each section as label/value rows.

The Simplified Chinese face of Noto Sans CJK is embedded (only the glyphs used)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot.documents.fonts import cjk_font
from dialogs.messages import Document, Section

if TYPE_CHECKING:
    from fpdf import FPDF

CJK = "cjk"
LABEL_WIDTH = 58  # mm
LINE = 4.8  # mm
KEEP_ROWS = 3  # a section's heading is never left at a page's foot without this many rows
GREY = (110, 110, 110)
RULE = (200, 200, 200)


def render_order_pdf(document: Document) -> bytes:
    """The PDF bytes of ``document``."""
    from fpdf import FPDF

    pdf = FPDF(format="A4")
    pdf.set_margins(18, 18, 18)
    pdf.set_auto_page_break(auto=True, margin=20)
    font = cjk_font()
    pdf.add_font(CJK, fname=str(font.path), collection_font_number=font.index)
    pdf.set_title(f"{document.title} {document.order_id}")
    pdf.set_creator("ICP Filing Assistant")
    pdf.add_page()
    _heading(pdf, document)
    for section in document.sections:
        _section(pdf, section)
    if document.footer:
        pdf.ln(4)
        pdf.set_font(CJK, size=9)
        pdf.set_text_color(*GREY)
        pdf.multi_cell(0, 5, document.footer, new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


def _heading(pdf: FPDF, document: Document) -> None:
    pdf.set_font(CJK, size=18)
    pdf.multi_cell(0, 9, document.title, new_x="LMARGIN", new_y="NEXT")
    # The number in a core font: extracted, searched and copied as the exact characters.
    pdf.set_font("Courier", size=14)
    pdf.cell(0, 8, document.order_id, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(2)


def _section(pdf: FPDF, section: Section) -> None:
    from fpdf.fonts import FontFace

    pdf.ln(2)
    # A heading stays with its first rows: near the foot of a page, the section starts a new one.
    if pdf.get_y() + 8 + KEEP_ROWS * (LINE + 0.8) > pdf.page_break_trigger:
        pdf.add_page()
    pdf.set_font(CJK, size=13)
    pdf.set_text_color(0, 0, 0)
    pdf.cell(0, 8, section.heading, new_x="LMARGIN", new_y="NEXT")
    pdf.set_draw_color(*RULE)
    pdf.line(pdf.l_margin, pdf.get_y(), pdf.w - pdf.r_margin, pdf.get_y())
    pdf.ln(1)
    pdf.set_font(CJK, size=10)
    # A borderless two-column table: long values wrap, rows never split across pages.
    label_style = FontFace(color=GREY)
    with pdf.table(col_widths=(LABEL_WIDTH, pdf.epw - LABEL_WIDTH), line_height=LINE,
                   first_row_as_headings=False, borders_layout="NONE",
                   padding=(0.4, 1, 0.4, 0), text_align="LEFT", v_align="TOP") as table:
        for label, value in section.rows:
            row = table.row()
            row.cell(label, style=label_style)
            row.cell(value or "—")
