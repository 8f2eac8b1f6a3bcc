"""The programme insights page: figures for one range of whole weeks, with charts and
tables. Every figure is computed, suppressed and authorized in the insights services;
this state only words what came back in the viewer's language."""

from __future__ import annotations

from datetime import timedelta
from typing import TypedDict

import reflex as rx
from babel.dates import format_date

from portal import routes
from portal.db import open_session
from portal.domain.insights import DEFAULT_WEEKS, SHOWN, clean_weeks
from portal.services import insights
from portal.services.insights.export import cell_text, label_text, reading_text
from portal.state.base import AppState
from portal.state.messages import refusal_text
from portal.state.payload import text


class PointRow(TypedDict):
    label: str
    value: int


class TableRow(TypedDict):
    label: str
    value: str


class FigureCard(TypedDict):
    key: str
    section: str  # the section's title on its first figure, else ""
    title: str
    reading: str
    chart: str  # "bar", "line" or "number"
    points: list[PointRow]  # shown cells only: a chart never draws a suppressed one
    rows: list[TableRow]  # every cell, worded ("fewer than 5", "not shown")
    hidden_some: bool


class InsightsState(AppState):
    insights_weeks: int = DEFAULT_WEEKS
    insights_range: str = ""
    insights_scope: str = ""
    insights_demo_note: str = ""  # the demo's made-up history, said plainly
    figures: list[FigureCard] = []
    csv_href: str = routes.insights_download(routes.INSIGHTS_CSV, DEFAULT_WEEKS)
    pdf_href: str = routes.insights_download(routes.INSIGHTS_PDF, DEFAULT_WEEKS)

    def _clear(self) -> None:
        self.figures, self.insights_range, self.insights_scope = [], "", ""
        self.insights_demo_note = ""

    def _read(self, viewer) -> None:
        language = self.lang
        with open_session() as session:
            view = insights.programme_insights(session=session, actor=viewer.actor,
                                               weeks=self.insights_weeks)
        self.insights_weeks = view.weeks
        last = view.end - timedelta(days=1)
        self.insights_range = self._t(
            "insights.range_text",
            start=format_date(view.start, "d MMM y", locale=language),
            end=format_date(last, "d MMM y", locale=language))
        self.insights_scope = (self._t("insights.intro_partner",
                                       organisation=view.organisation)
                               if view.organisation else "")
        self.insights_demo_note = (
            self._t("insights.demo_history", date=format_date(
                view.demo_history_before, "d MMM y", locale=language))
            if view.demo_history_before else "")
        cards = []
        for section in view.sections:
            for index, figure in enumerate(section.figures):
                rows = [TableRow(label=label_text(language, row),
                                 value=cell_text(language, row.cell)) for row in figure.rows]
                if figure.total is not None:
                    rows.append(TableRow(label=self._t("insights.total"),
                                         value=cell_text(language, figure.total)))
                cards.append(FigureCard(
                    key=figure.key,
                    section=self._t(f"insights.section.{section.key}") if index == 0 else "",
                    title=self._t(f"insights.figure.{figure.key}"),
                    reading=reading_text(language, figure.reading),
                    chart=figure.chart,
                    points=[PointRow(label=label_text(language, row), value=row.cell.value or 0)
                            for row in figure.rows if row.cell.state == SHOWN],
                    rows=rows,
                    hidden_some=any(row.cell.state != SHOWN for row in figure.rows)))
        self.figures = cards
        self.csv_href = routes.insights_download(routes.INSIGHTS_CSV, view.weeks)
        self.pdf_href = routes.insights_download(routes.INSIGHTS_PDF, view.weeks)

    def _refused(self, refusal: Exception) -> None:
        self._show_message(refusal_text(self.lang, refusal), "error", at="insights")

    @rx.event
    def load_insights(self):
        """Every figure for the chosen range (staff, or a partner's own organisation)."""
        self._clear_message(at="insights")
        return self._load(self._read, clear=self._clear)

    @rx.event
    def choose_range(self, weeks: str):
        """Another range from the menu; anything else is the default."""
        self.insights_weeks = clean_weeks(text(weeks, 4))
        return self._load(self._read, clear=self._clear)

