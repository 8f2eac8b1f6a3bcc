"""A small, dependency-free PDF writer for one-column text documents (a CV page).

Uses the two standard Helvetica fonts every PDF reader has (nothing embedded) with
WinAnsi encoding, wraps paragraphs by the fonts' published character widths, and
starts a new US Letter page when one is full. Content streams are left uncompressed:
the files are small, and tests can read their text.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

PAGE_WIDTH, PAGE_HEIGHT = 612, 792  # US Letter, in points
MARGIN = 60
TEXT_WIDTH = PAGE_WIDTH - 2 * MARGIN

# Adobe's metrics for Helvetica and Helvetica-Bold, characters 32..126, per 1000 em.
_REGULAR = (
    278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278,
    556, 556, 556, 556, 556, 556, 556, 556, 556, 556, 278, 278, 584, 584, 584, 556,
    1015, 667, 667, 722, 722, 667, 611, 778, 722, 278, 500, 667, 556, 833, 722, 778,
    667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 278, 278, 278, 469, 556,
    333, 556, 556, 500, 556, 556, 278, 556, 556, 222, 222, 500, 222, 833, 556, 556,
    556, 556, 333, 500, 278, 556, 500, 722, 500, 500, 500, 334, 260, 334, 584,
)
_BOLD = (
    278, 333, 474, 556, 556, 889, 722, 238, 333, 333, 389, 584, 278, 333, 278, 278,
    556, 556, 556, 556, 556, 556, 556, 556, 556, 556, 333, 333, 584, 584, 584, 611,
    975, 722, 722, 722, 722, 667, 611, 778, 722, 278, 556, 722, 611, 833, 722, 778,
    667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 333, 278, 333, 584, 556,
    333, 556, 611, 556, 611, 556, 333, 611, 611, 278, 278, 556, 278, 889, 611, 611,
    611, 611, 389, 556, 333, 611, 556, 778, 556, 556, 500, 389, 280, 389, 584,
)


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
}


@dataclass(frozen=True)
class Block:
    """A paragraph in one of the ``STYLES``."""

    text: str
    style: str = "body"


def _width_of(character: str, bold: bool) -> int:
    table = _BOLD if bold else _REGULAR
    code = ord(character)
    if 32 <= code <= 126:
        return table[code - 32]
    base = unicodedata.normalize("NFD", character)[:1]
    if base and 32 <= ord(base) <= 126:
        return table[ord(base) - 32]
    return 556


def text_width(text: str, *, size: float, bold: bool = False) -> float:
    return sum(_width_of(character, bold) for character in text) * size / 1000


def _split_long_word(word: str, *, limit: float, size: float, bold: bool) -> list[str]:
    pieces, current = [], ""
    for character in word:
        if current and text_width(current + character, size=size, bold=bold) > limit:
            pieces.append(current)
            current = ""
        current += character
    return [*pieces, current] if current else pieces


def wrap(text: str, *, width: float, size: float, bold: bool = False) -> list[str]:
    """Lines of ``text`` that each fit ``width`` points; existing line breaks are kept."""
    lines: list[str] = []
    for paragraph in text.split("\n"):
        current = ""
        for word in paragraph.split():
            for piece in _split_long_word(word, limit=width, size=size, bold=bold):
                candidate = f"{current} {piece}" if current else piece
                if current and text_width(candidate, size=size, bold=bold) > width:
                    lines.append(current)
                    current = piece
                else:
                    current = candidate
        lines.append(current)
    return lines


def _pdf_string(text: str) -> bytes:
    encoded = text.encode("cp1252", errors="replace")
    escaped = encoded.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")
    return b"(" + escaped + b")"


def _layout(blocks: Sequence[Block]) -> list[list[bytes]]:
    """Text-drawing operators, page by page."""
    pages: list[list[bytes]] = [[]]
    y = PAGE_HEIGHT - MARGIN
    for block in blocks:
        style = STYLES[block.style]
        leading = style.size * 1.35
        y -= style.space_before
        font = b"/F2" if style.bold else b"/F1"
        colour = b"0.35 g" if style.grey else b"0 g"
        for line in wrap(block.text, width=TEXT_WIDTH - style.indent, size=style.size,
                         bold=style.bold):
            if y - leading < MARGIN:
                pages.append([])
                y = PAGE_HEIGHT - MARGIN
            y -= leading
            if not line:
                continue
            x = MARGIN + style.indent
            pages[-1].append(b"BT %s %s %.2f Tf %.2f %.2f Td %s Tj ET" % (
                colour, font, style.size, x, y, _pdf_string(line)))
    return pages


def build_pdf(blocks: Sequence[Block], *, title: str) -> bytes:
    """A complete PDF file holding ``blocks`` on as many pages as they need."""
    pages = _layout(blocks)
    objects: list[bytes] = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"",  # the page tree, once the page objects' numbers are known
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold"
        b" /Encoding /WinAnsiEncoding >>",
        b"<< /Title " + _pdf_string(title) + b" >>",
    ]
    page_numbers = []
    for operators in pages:
        stream = b"\n".join(operators)
        objects.append(b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream))
        content_number = len(objects)
        objects.append(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 %d %d] /Contents %d 0 R"
            b" /Resources << /Font << /F1 3 0 R /F2 4 0 R >> >> >>"
            % (PAGE_WIDTH, PAGE_HEIGHT, content_number))
        page_numbers.append(len(objects))
    kids = b" ".join(b"%d 0 R" % number for number in page_numbers)
    objects[1] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, len(page_numbers))
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref_at = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R /Info 5 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1, xref_at)
    return bytes(out)
