"""The insights as a CSV file and a one-page PDF for a funder's report.

Both hold exactly the published figures of the page (same suppression, same range), in
the reader's language, titled neutrally. Every download is audited like a view.
"""

from __future__ import annotations

import csv
import io
from datetime import datetime, timedelta

from babel.dates import format_date
from sqlmodel import Session

from portal.domain.insights import FEWER, HIDDEN, Cell, Reading
from portal.domain.pdf_document import Block, build_one_page
from portal.domain.permissions import Actor
from portal.i18n import has_key, normalise_language, translate
from portal.models import User
from portal.models.types import utcnow
from portal.services.insights.overview import programme_insights
from portal.services.insights.views import Figure, FigureRow, InsightsView

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _safe(value: object) -> str:
    """A CSV cell a spreadsheet shows as text, never runs as a formula."""
    text = str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


def cell_text(language: str, cell: Cell) -> str:
    if cell.state == FEWER:
        return translate(language, "insights.fewer_than_5")
    if cell.state == HIDDEN:
        return translate(language, "insights.hidden")
    return str(cell.value)


def label_text(language: str, row: FigureRow) -> str:
    if row.label_kind == "key":
        return translate(language, row.label) if has_key(row.label) else row.label
    if row.label_kind == "week":
        day = datetime.fromisoformat(row.label).date()
        return translate(language, "insights.week_of",
                         date=format_date(day, "d MMM y", locale=language))
    return row.label


def reading_text(language: str, reading: Reading) -> str:
    return translate(language, reading.key, **dict(reading.params))


def _language(session: Session, actor: Actor) -> str:
    user = session.get(User, actor.id)
    return normalise_language(user.language if user else None)


def _range_words(language: str, view: InsightsView) -> tuple[str, str]:
    last = view.end - timedelta(days=1)
    return (format_date(view.start, "d MMM y", locale=language),
            format_date(last, "d MMM y", locale=language))


def insights_csv(*, session: Session, actor: Actor, weeks: object = None,
                 now: datetime | None = None) -> bytes:
    """Every figure as rows of section, figure, label, count (UTF-8 with a BOM)."""
    view = programme_insights(session=session, actor=actor, weeks=weeks, now=now,
                              action="insights.csv_read")
    language = _language(session, actor)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([translate(language, f"insights.csv.{column}") for column in (
        "section", "figure", "label", "value", "reading")])
    for section in view.sections:
        section_name = translate(language, f"insights.section.{section.key}")
        for figure in section.figures:
            title = translate(language, f"insights.figure.{figure.key}")
            reading = reading_text(language, figure.reading)
            for row in figure.rows:
                writer.writerow([_safe(v) for v in (section_name, title,
                                                    label_text(language, row),
                                                    cell_text(language, row.cell), reading)])
            if figure.total is not None:
                writer.writerow([_safe(v) for v in (
                    section_name, title, translate(language, "insights.total"),
                    cell_text(language, figure.total), reading)])
    return out.getvalue().encode("utf-8-sig")


def _summary(language: str, figure: Figure) -> str:
    """One line for the PDF: the figure's title, its reading and its counts."""
    parts = []
    if figure.chart != "line":
        parts = [f"{label_text(language, row)} {cell_text(language, row.cell)}"
                 for row in figure.rows]
    if figure.total is not None:
        parts.append(f"{translate(language, 'insights.total')} "
                     f"{cell_text(language, figure.total)}")
    title = translate(language, f"insights.figure.{figure.key}")
    counts = "; ".join(parts)
    return f"{title}: {reading_text(language, figure.reading)}" + (
        f" ({counts})" if counts else "")


def insights_pdf(*, session: Session, actor: Actor, weeks: object = None,
                 now: datetime | None = None) -> bytes:
    """The figures on one page, with a neutral title (nothing names the portal)."""
    now = now or utcnow()
    view = programme_insights(session=session, actor=actor, weeks=weeks, now=now,
                              action="insights.pdf_read")
    language = _language(session, actor)
    title = translate(language, "insights.pdf.title")
    start, end = _range_words(language, view)
    blocks = [Block(title, "title"), Block(translate(
        language, "insights.pdf.range", start=start, end=end,
        date=format_date(now.date(), "long", locale=language)), "subtitle")]
    if view.organisation:
        blocks.append(Block(translate(language, "insights.pdf.scope",
                                      organisation=view.organisation), "subtitle"))
    for section in view.sections:
        blocks.append(Block(translate(language, f"insights.section.{section.key}"),
                            "heading"))
        blocks.extend(Block(_summary(language, figure), "compact") for figure in section.figures)
    blocks.append(Block(translate(language, "insights.pdf.note"), "note"))
    return build_one_page(blocks, title=title)
