"""One-column text documents as PDF, written with fpdf2 (a maintained PDF library).

Used for a member's volunteer experience (a CV page, as many pages as it needs) and the
one-page programme insights for a funder's report. The standard Helvetica fonts every
PDF reader has are used (nothing embedded, nothing fetched), in the Windows-1252
encoding: a character outside it becomes "?" rather than breaking the file. Content
streams are left uncompressed: the files are small, and tests can read their text.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from fpdf import FPDF

MARGIN = 54  # points
LINE_HEIGHT = 1.3
GREY = (90, 90, 90)
_PUNCTUATION = str.maketrans({"\u2212": "-", "\u2010": "-", "\u2011": "-", "\u00a0": " ",
                              "\u202f": " "})


@dataclass(frozen=True)
class Style:
    size: float
    bold: bool = False
    grey: bool = False
    space_before: float = 0
    indent: float = 0


STYLES: dict[str, Style] = {
    "title": Style(20, bold=True),
    "subtitle": Style(10, grey=True, space_before=4),
    "heading": Style(13, bold=True, space_before=18),
    "role": Style(11.5, bold=True, space_before=12),
    "body": Style(10.5, space_before=2),
    "detail": Style(10, grey=True, space_before=1),
    "bullet": Style(10.5, space_before=2, indent=12),
    "note": Style(9.5, grey=True, space_before=24),
    # A one-page report: many short lines.
    "compact": Style(9, space_before=1),
}


@dataclass(frozen=True)
class Block:
    """A paragraph in one of the ``STYLES``."""

    text: str
    style: str = "body"


def printable(text: str) -> str:
    """``text`` as the standard fonts can show it (Windows-1252, else "?")."""
    return text.translate(_PUNCTUATION).encode("cp1252", errors="replace").decode("cp1252")


def _document(title: str) -> FPDF:
    pdf = FPDF(unit="pt", format="letter")
    pdf.core_fonts_encoding = "windows-1252"
    pdf.set_compression(False)
    pdf.set_margins(MARGIN, MARGIN, MARGIN)
    pdf.set_title(printable(title))
    pdf.set_creator("")
    pdf.set_producer("")
    return pdf


def _write(pdf: FPDF, blocks: Sequence[Block], scale: float) -> None:
    for block in blocks:
        style = STYLES[block.style]
        size = style.size * scale
        pdf.set_font("Helvetica", "B" if style.bold else "", size)
        pdf.set_text_color(*(GREY if style.grey else (0, 0, 0)))
        pdf.set_y(pdf.get_y() + style.space_before * scale)
        pdf.set_x(MARGIN + style.indent)
        pdf.multi_cell(w=pdf.epw - style.indent, h=size * LINE_HEIGHT,
                       text=printable(block.text), new_x="LMARGIN", new_y="NEXT")


def build_pdf(blocks: Sequence[Block], *, title: str) -> bytes:
    """A complete PDF file holding ``blocks`` on as many pages as they need."""
    pdf = _document(title)
    pdf.set_auto_page_break(True, margin=MARGIN)
    pdf.add_page()
    _write(pdf, blocks, 1.0)
    return bytes(pdf.output())


def build_one_page(blocks: Sequence[Block], *, title: str) -> bytes:
    """``blocks`` on exactly one page: the type is made smaller until they fit."""
    scale = 1.0
    while True:
        pdf = _document(title)
        pdf.set_auto_page_break(False)
        pdf.add_page()
        _write(pdf, blocks, scale)
        if pdf.get_y() <= pdf.h - MARGIN or scale < 0.3:
            return bytes(pdf.output())
        scale *= 0.9
