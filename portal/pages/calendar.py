"""My calendar (upcoming sessions, group meetings, shifts) and the mentor's hours editor.

Everything is laid out for one thumb on a phone: one column, big targets, labels on
every control. Times are the member's own clock.
"""

from __future__ import annotations

import reflex as rx

from portal import routes
from portal.components.forms import answer_area, submit_button
from portal.components.links import app_link
from portal.components.page_message import MESSAGE_TONE, message_at, tone_at
from portal.components.shell import card, page_shell, sign_in_prompt
from portal.components.text import t
from portal.pages.calendar_parts import (
    checkbox,
    labelled_input,
    labelled_select,
    notice_line,
)
from portal.state.base import AppState
from portal.state.calendar import LENGTH_CHOICES, AvailabilityState, CalendarState

A = AvailabilityState
WEEKDAYS = [(str(day), f"calendar.weekday_{day}") for day in range(7)]


def entry_row(item) -> rx.Component:
    return rx.el.li(
        rx.el.p(rx.el.span(item["kind_label"], class_name="pill"), " ",
                rx.cond(item["waitlisted"],
                        rx.el.span(t("calendar.on_waitlist"), class_name="pill pill-wait"),
                        rx.fragment()),
                rx.cond(item["cancelled"],
                        rx.el.span(t("calendar.cancelled"), class_name="pill pill-cancelled"),
                        rx.fragment()),
                class_name="calendar-kind"),
        rx.el.p(rx.el.strong(item["title"])),
        rx.el.p(item["when"], class_name="muted"),
        rx.cond(item["link"] != "",
                app_link(t("calendar.open"), href=item["link"], class_name="button secondary"),
                rx.fragment()),
    )


def calendar_page() -> rx.Component:
    S = CalendarState
    return page_shell(
        rx.el.p(t("calendar.intro")),
        sign_in_prompt(),
        notice_line(message_at("calendar"), "error"),
        rx.cond(
            AppState.signed_in & S.calendar_ready,
            rx.fragment(
                card(
                    rx.el.h2(t("calendar.upcoming_title")),
                    rx.cond(S.entries.length() > 0,
                            rx.el.ul(rx.foreach(S.entries, entry_row), id="calendar-items",
                                     class_name="table-list"),
                            rx.el.p(t("calendar.nothing_yet"), class_name="muted",
                                    id="calendar-empty")),
                ),
                rx.cond(S.book_with.length() > 0, card(
                    rx.el.h2(t("calendar.book_title")),
                    rx.el.p(t("calendar.book_intro")),
                    rx.el.ul(rx.foreach(S.book_with, lambda m: rx.el.li(
                        app_link(t("calendar.book_with"), " ", m["name"], href=m["href"],
                                 class_name="button"))), class_name="link-list",
                             id="book-with"),
                ), rx.fragment()),
                rx.cond(S.shares_hours, card(
                    rx.el.h2(t("calendar.your_hours_title")),
                    rx.el.p(t("calendar.your_hours_intro")),
                    app_link(t("calendar.edit_hours"), href=routes.CALENDAR_AVAILABILITY,
                             class_name="button", id="edit-hours"),
                ), rx.fragment()),
                card(
                    rx.el.h2(t("calendar.meetings_title")),
                    rx.el.p(t("calendar.meetings_intro")),
                    app_link(t("calendar.see_meetings"), href=routes.CALENDAR_MEETINGS,
                             class_name="button secondary"),
                ),
                rx.el.p(t("calendar.reminders_note"), " ",
                        app_link(t("calendar.reminder_choices"), href=routes.NOTIFICATIONS,
                                 class_name="text-link"),
                        class_name="hint"),
            ),
            rx.fragment(),
        ),
        heading_key="calendar.title",
    )


# --- the mentor's hours -----------------------------------------------------------------

def window_row(item) -> rx.Component:
    return rx.el.li(
        rx.el.strong(item["day"]), " ", item["hours"],
        rx.cond(item["overnight"],
                rx.el.span(" ", t("calendar.ends_next_day"), class_name="muted"),
                rx.fragment()),
        rx.el.button(t("calendar.remove"), on_click=A.remove_weekly_window(item["id"]),
                     class_name="button secondary", type="button",
                     aria_label=t("calendar.remove_hours")),
        class_name="row spread",
    )


def override_row(item) -> rx.Component:
    return rx.el.li(
        rx.el.strong(item["day"]), " ", item["label"],
        rx.el.button(t("calendar.remove"), on_click=A.remove_date_override(item["id"]),
                     class_name="button secondary", type="button",
                     aria_label=t("calendar.remove_date_change")),
        class_name="row spread",
    )


def form_answer(where: str) -> rx.Component:
    """The answer to one of the availability forms, right under it (issue 13, item 2)."""
    place = f"availability-{where}"
    return answer_area(message_at(place), tone_at(place), id=f"{where}-answer")


def weekly_card() -> rx.Component:
    return card(
        rx.el.h2(t("calendar.weekly_title")),
        rx.cond(A.windows.length() > 0,
                rx.el.ul(rx.foreach(A.windows, window_row), id="weekly-hours",
                         class_name="table-list"),
                rx.el.p(t("calendar.no_weekly_hours"), class_name="muted")),
        rx.el.form(
            rx.el.h3(t("calendar.add_hours_title")),
            labelled_select("calendar.weekday", "weekday", WEEKDAYS, prefix="window"),
            rx.el.div(
                labelled_input("calendar.from", "start", prefix="window", input_type="time",
                               default_value="09:00", required=True),
                labelled_input("calendar.until", "end", prefix="window", input_type="time",
                               default_value="12:00", required=True),
                class_name="pair",
            ),
            checkbox("calendar.ends_after_midnight", "overnight", prefix="window"),
            submit_button("calendar.add_hours"),
            on_submit=A.add_weekly_window, reset_on_submit=False, class_name="stack",
            id="window-form",
        ),
        form_answer("window"),
    )


def dates_card() -> rx.Component:
    return card(
        rx.el.h2(t("calendar.dates_title")),
        rx.el.p(t("calendar.dates_intro"), class_name="hint"),
        rx.cond(A.overrides.length() > 0,
                rx.el.ul(rx.foreach(A.overrides, override_row), id="date-changes",
                         class_name="table-list"),
                rx.fragment()),
        rx.el.form(
            labelled_input("calendar.date", "day", prefix="override", input_type="date",
                           required=True),
            labelled_select("calendar.change_kind", "kind",
                            [("unavailable", "calendar.kind_day_off"),
                             ("extra", "calendar.kind_extra_hours")], prefix="override"),
            rx.el.div(
                labelled_input("calendar.from", "start", prefix="override", input_type="time",
                               hint_key="calendar.extra_hours_hint"),
                labelled_input("calendar.until", "end", prefix="override", input_type="time"),
                class_name="pair",
            ),
            submit_button("calendar.add_date_change", tone="secondary"),
            on_submit=A.add_date_override, reset_on_submit=False, class_name="stack",
            id="override-form", key=A.override_serial,
        ),
        form_answer("override"),
    )


def settings_card() -> rx.Component:
    return card(
        rx.el.h2(t("calendar.settings_title")),
        rx.el.form(
            rx.el.fieldset(
                rx.el.legend(t("calendar.lengths_label")),
                *[checkbox(f"calendar.length_{length}", f"length__{length}", prefix="settings",
                           checked=A.lengths.contains(str(length)))
                  for length in LENGTH_CHOICES],
                class_name="choice-group",
            ),
            rx.el.div(
                labelled_input("calendar.buffer_before", "buffer_before", prefix="settings",
                               input_type="number", default_value=A.buffer_before, min=0,
                               max=240),
                labelled_input("calendar.buffer_after", "buffer_after", prefix="settings",
                               input_type="number", default_value=A.buffer_after, min=0,
                               max=240),
                class_name="pair",
            ),
            rx.el.div(
                labelled_input("calendar.notice_hours", "notice_hours", prefix="settings",
                               input_type="number", default_value=A.notice_hours, min=0),
                labelled_input("calendar.horizon_days", "horizon_days", prefix="settings",
                               input_type="number", default_value=A.horizon_days, min=1,
                               max=365),
                class_name="pair",
            ),
            rx.el.div(
                labelled_input("calendar.max_per_day", "max_per_day", prefix="settings",
                               input_type="number", default_value=A.max_per_day, min=1),
                labelled_input("calendar.max_per_week", "max_per_week", prefix="settings",
                               input_type="number", default_value=A.max_per_week, min=1),
                class_name="pair",
            ),
            rx.el.p(t("calendar.limits_hint"), class_name="hint"),
            labelled_input("calendar.meeting_details", "meeting_details", prefix="settings",
                           default_value=A.meeting_details, max_length=300,
                           hint_key="calendar.meeting_details_hint"),
            rx.el.p(t("calendar.modes_from_profile"), " ", rx.el.strong(A.meeting_modes), " ",
                    app_link(t("calendar.change_modes"), href=routes.MENTORING_APPLY,
                             class_name="text-link"),
                    class_name="hint"),
            checkbox("calendar.pause_bookings", "paused", prefix="settings", checked=A.paused),
            submit_button("calendar.save_settings"),
            on_submit=A.save_availability_settings, reset_on_submit=False, class_name="stack",
            id="settings-form",
        ),
        form_answer("settings"),
    )


def availability_page() -> rx.Component:
    return page_shell(
        notice_line(message_at("availability-page"), MESSAGE_TONE, "availability-message"),
        rx.cond(
            A.availability_ready,
            rx.fragment(
                rx.el.p(t("calendar.hours_intro"), " ", rx.el.strong(A.availability_timezone),
                        ". ", app_link(t("calendar.change_zone"), href=routes.ACCOUNT,
                                 class_name="text-link"),
                        id="hours-zone"),
                weekly_card(),
                dates_card(),
                settings_card(),
            ),
            rx.fragment(),
        ),
        rx.el.p(app_link(t("calendar.back_to_calendar"), href=routes.CALENDAR)),
        heading_key="calendar.availability_title",
    )
