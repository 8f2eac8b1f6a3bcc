"""Programme insights: a card per figure with a one-line reading, a chart drawn by
Reflex's built-in Recharts components, and the same figures as a table for screen
readers (and anyone who prefers numbers)."""

from __future__ import annotations

import reflex as rx

from portal.components.links import file_link
from portal.components.page_message import message_at
from portal.components.shell import card, page_shell
from portal.components.text import t
from portal.domain.insights import RANGE_WEEKS
from portal.state.insights import InsightsState

CHART_HEIGHT = 200
BAR_COLOUR = "#2f5d8a"
# A picture only (the table says the same in words): Recharts' keyboard layer would make
# a hidden chart focusable, so it is off.
NOT_FOCUSABLE = {"accessibilityLayer": False}


def _chart(figure) -> rx.Component:
    """A picture of the shown figures; the table below says the same in words."""
    return rx.cond(
        figure["chart"] == "line",
        rx.recharts.line_chart(
            rx.recharts.line(data_key="value", stroke=BAR_COLOUR, is_animation_active=False),
            rx.recharts.x_axis(data_key="label", hide=True),
            rx.recharts.y_axis(allow_decimals=False, width=32),
            data=figure["points"], height=CHART_HEIGHT, width="100%",
            custom_attrs=NOT_FOCUSABLE,
        ),
        rx.recharts.bar_chart(
            rx.recharts.bar(data_key="value", fill=BAR_COLOUR, is_animation_active=False),
            rx.recharts.x_axis(data_key="label", interval=0, tick=False),
            rx.recharts.y_axis(allow_decimals=False, width=32),
            data=figure["points"], height=CHART_HEIGHT, width="100%",
            custom_attrs=NOT_FOCUSABLE,
        ),
    )


def _table(figure) -> rx.Component:
    return rx.el.table(
        rx.el.caption(figure["title"], class_name="visually-hidden"),
        rx.el.thead(rx.el.tr(rx.el.th(t("insights.column.label"), scope="col"),
                             rx.el.th(t("insights.column.value"), scope="col"))),
        rx.el.tbody(rx.foreach(figure["rows"], lambda row: rx.el.tr(
            rx.el.th(row["label"], scope="row"), rx.el.td(row["value"])))),
        class_name="insights-table",
    )


def figure_card(figure) -> rx.Component:
    return rx.fragment(
        rx.cond(figure["section"] != "",
                rx.el.h2(figure["section"], class_name="insights-section"), rx.fragment()),
        card(
            rx.el.h3(figure["title"]),
            rx.el.p(figure["reading"], class_name="insights-reading"),
            rx.cond((figure["chart"] != "number") & (figure["points"].length() > 1),
                    rx.el.div(_chart(figure), aria_hidden="true", class_name="insights-chart"),
                    rx.fragment()),
            rx.el.details(
                rx.el.summary(t("insights.show_table")),
                _table(figure),
                open=figure["chart"] == "number",
                class_name="insights-details",
            ),
            rx.cond(figure["hidden_some"],
                    rx.el.p(t("insights.privacy_note"), class_name="hint"), rx.fragment()),
            id="insights-" + figure["key"].to(str),
        ),
    )


def range_picker() -> rx.Component:
    return rx.el.div(
        rx.el.label(t("insights.range_label"), html_for="insights-range"),
        rx.el.select(
            *[rx.el.option(t(f"insights.range.{weeks}"), value=str(weeks))
              for weeks in RANGE_WEEKS],
            id="insights-range", value=InsightsState.insights_weeks.to(str),
            on_change=InsightsState.choose_range,
        ),
        rx.el.p(InsightsState.insights_range, class_name="muted", id="insights-range-text"),
        class_name="stack",
    )


def insights_page() -> rx.Component:
    return page_shell(
        rx.cond(message_at("insights") != "",
                rx.el.p(message_at("insights"), role="status", class_name="notice"),
                rx.fragment()),
        rx.cond(InsightsState.insights_demo_note != "",
                rx.el.p(InsightsState.insights_demo_note, class_name="notice",
                        id="insights-demo-note"),
                rx.fragment()),
        card(
            rx.el.p(t("insights.intro")),
            rx.cond(InsightsState.insights_scope != "",
                    rx.el.p(InsightsState.insights_scope, class_name="muted"), rx.fragment()),
            range_picker(),
            rx.el.div(
                file_link(t("insights.download_csv"), href=InsightsState.csv_href,
                          filename="programme-figures.csv", class_name="button secondary",
                          id="insights-csv"),
                file_link(t("insights.download_pdf"), href=InsightsState.pdf_href,
                          filename="programme-summary.pdf", class_name="button secondary",
                          id="insights-pdf"),
                class_name="row",
            ),
        ),
        rx.foreach(InsightsState.figures, figure_card),
        heading_key="insights.title",
    )
