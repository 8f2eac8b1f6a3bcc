"""Booking a session in four small steps (day, time on your own clock, way to meet,
confirm), moving one, and one session's page with its details, cancel and calendar file."""

from __future__ import annotations

import reflex as rx

from portal import routes
from portal.components.forms import submit_button
from portal.components.links import app_link, file_link
from portal.components.member_text import member_plain
from portal.components.page_message import MESSAGE_TONE, message_at
from portal.components.shell import card, page_shell
from portal.components.text import t
from portal.pages.calendar_parts import confirm_step, labelled_input, notice_line
from portal.state.calendar_booking import BookingState, SessionState

B = BookingState
S = SessionState


def day_button(item) -> rx.Component:
    chosen = B.chosen_day == item["key"]
    return rx.el.button(
        rx.el.span(item["label"], class_name="day-label"),
        rx.el.span(item["count"], " ", t("calendar.times_short"), class_name="day-count"),
        on_click=B.pick_day(item["key"]),
        class_name=rx.cond(chosen, "day-choice chosen", "day-choice"),
        aria_pressed=rx.cond(chosen, "true", "false"),
        type="button",
    )


def time_choice(item, index) -> rx.Component:
    return rx.el.label(
        # A tapped day's first time takes the focus: the browser brings the times into
        # view right under the day, and a screen reader reads where she now is.
        rx.el.input(type="radio", name="start", value=item["value"], required=True,
                    class_name="time-radio", auto_focus=B.day_picked & (index == 0)),
        rx.el.span(item["label"]),
        class_name="time-choice",
    )


def mode_choice(item, index) -> rx.Component:
    return rx.el.label(
        rx.el.input(type="radio", name="mode", value=item["key"], required=True,
                    default_checked=index == 0, class_name="time-radio"),
        rx.el.span(item["label"], class_name="first-up"),
        class_name="mode-choice",
        key=item["key"],  # one item, one set of form fields (see test_foreach_keys)
    )


def length_button(length) -> rx.Component:
    chosen = B.length == length
    return rx.el.button(length, " ", t("calendar.minutes_short"),
                        on_click=B.choose_length(length),
                        class_name=rx.cond(chosen, "button", "button secondary"),
                        aria_pressed=rx.cond(chosen, "true", "false"), type="button")


def times_fieldset() -> rx.Component:
    return rx.el.fieldset(
        rx.el.legend(t("calendar.pick_time")),
        rx.el.p(t("calendar.times_in_zone"), " ", B.zone_label, class_name="hint"),
        rx.el.div(rx.foreach(B.times, time_choice), class_name="time-grid"),
        class_name="plain-fieldset day-times", id="times", key=B.chosen_day,
    )


def day_row(row) -> rx.Component:
    """A row of days; under the chosen day's row, that day's times (issue 13, item 9)."""
    return rx.fragment(
        rx.el.div(rx.foreach(row["days"], day_button), class_name="day-grid"),
        rx.cond(row["index"] == B.chosen_row, times_fieldset(), rx.fragment()),
        key=row["index"],
    )


def days_and_times() -> rx.Component:
    return rx.el.div(
        rx.el.h2(t("calendar.pick_day")),
        rx.el.div(rx.foreach(B.day_rows, day_row), class_name="stack", id="days"),
        class_name="stack",
    )


def booking_form() -> rx.Component:
    return rx.el.form(
        rx.el.input(type="hidden", name="mentor_id", value=B.with_mentor_id),
        rx.el.input(type="hidden", name="length", value=B.length),
        days_and_times(),
        rx.el.fieldset(
            rx.el.legend(t("calendar.pick_mode")),
            rx.el.div(rx.foreach(B.mode_choices, mode_choice), class_name="stack"),
            class_name="plain-fieldset",
        ),
        labelled_input("calendar.details_label", "details", prefix="booking", max_length=300,
                       hint_key="calendar.details_hint"),
        submit_button("calendar.confirm_booking"),
        on_submit=B.book_session, reset_on_submit=False, class_name="stack card",
        id="booking-form",
    )


def move_form() -> rx.Component:
    return rx.el.form(
        rx.el.input(type="hidden", name="booking_id", value=B.moving_id),
        days_and_times(),
        submit_button("calendar.confirm_move"),
        on_submit=B.reschedule_session, reset_on_submit=False, class_name="stack card",
        id="move-form",
    )


def booking_page() -> rx.Component:
    moving = B.moving_id > 0
    return page_shell(
        notice_line(message_at("booking"), MESSAGE_TONE, "flow-message"),
        rx.cond(
            B.flow_ready,
            rx.fragment(
                rx.el.p(rx.cond(moving, t("calendar.moving_with"), t("calendar.booking_with")),
                        " ", rx.el.strong(B.with_name, id="booking-partner")),
                rx.cond(B.mentor_choices.length() > 1, rx.el.nav(
                    rx.el.p(t("calendar.other_mentors"), class_name="hint"),
                    rx.el.ul(rx.foreach(B.mentor_choices, lambda m: rx.el.li(
                        app_link(m["name"], href=m["href"]))), class_name="link-list"),
                    aria_label=t("calendar.other_mentors")), rx.fragment()),
                rx.cond(B.hours_shared, rx.fragment(),
                        card(rx.el.p(t("calendar.no_hours_yet")))),
                rx.cond(B.mentor_paused, card(rx.el.p(t("availability.mentor_paused"))),
                        rx.fragment()),
                rx.cond(~moving & (B.length_choices.length() > 1), card(
                    rx.el.h2(t("calendar.length_label")),
                    rx.el.div(rx.foreach(B.length_choices, length_button), class_name="row"),
                ), rx.fragment()),
                rx.cond(
                    B.days.length() > 0,
                    rx.cond(moving, move_form(), booking_form()),
                    rx.cond(B.hours_shared & ~B.mentor_paused,
                            card(rx.el.p(t("calendar.no_times"), id="no-times")),
                            rx.fragment()),
                ),
            ),
            rx.fragment(),
        ),
        rx.el.p(app_link(t("calendar.back_to_calendar"), href=routes.CALENDAR)),
        heading_key="calendar.book_page_title",
    )


# --- one session ------------------------------------------------------------------------

def fact(label_key: str, *value: rx.Component | rx.Var | str) -> rx.Component:
    return rx.el.div(rx.el.dt(t(label_key)), rx.el.dd(*value), class_name="fact")


def status_line() -> rx.Component:
    return rx.cond(
        S.session_status == "cancelled",
        rx.el.p(
            rx.cond(S.moved_to > 0,
                    rx.el.span(t("calendar.status_moved"), " ",
                               app_link(t("calendar.see_new_time"),
                                        href=(routes.CALENDAR_SESSION + "?id="
                                              + S.moved_to.to_string()),
                                        class_name="text-link")),
                    rx.cond(S.cancelled_by_me, t("calendar.you_cancelled"),
                            t("calendar.they_cancelled"))),
            rx.cond(S.cancel_reason != "",
                    rx.el.span(" ", t("calendar.reason"), " ", S.cancel_reason,
                               class_name="user-text"),
                    rx.fragment()),
            id="session-status", class_name="notice",
        ),
        rx.el.p(t("calendar.status_booked"), id="session-status", class_name="pill"),
    )


def session_tools() -> rx.Component:
    return rx.fragment(
        card(
            rx.el.h2(t("calendar.details_title")),
            rx.el.form(
                rx.el.input(type="hidden", name="booking_id", value=S.session_id),
                labelled_input("calendar.details_label", "details", prefix="session",
                               default_value=S.session_details, max_length=300,
                               hint_key="calendar.details_hint"),
                submit_button("calendar.save_details", tone="secondary"),
                on_submit=S.save_session_details, reset_on_submit=False, class_name="stack",
                id="details-form",
            ),
        ),
        card(
            rx.el.h2(t("calendar.change_title")),
            rx.cond(S.match_active,
                    app_link(t("calendar.move_session"),
                             href=routes.CALENDAR_BOOK + "?booking=" + S.session_id.to_string(),
                             class_name="button secondary", id="move-session"),
                    rx.fragment()),
            confirm_step(
                "calendar.cancel_session",
                rx.el.form(
                    rx.el.input(type="hidden", name="booking_id", value=S.session_id),
                    rx.el.label(t("calendar.reason_label"), html_for="cancel-reason"),
                    rx.el.textarea(id="cancel-reason", name="reason", max_length=300),
                    rx.el.p(t("calendar.reason_hint"), class_name="hint"),
                    rx.el.button(t("calendar.confirm_cancel"), type="submit",
                                 class_name="button danger", id="confirm-cancel"),
                    on_submit=S.cancel_session, reset_on_submit=True, class_name="stack",
                    id="cancel-form",
                ),
                element_id="cancel-step",
            ),
            class_name="stack",
        ),
    )


def session_page() -> rx.Component:
    return page_shell(
        notice_line(message_at("session"), MESSAGE_TONE, "session-message"),
        rx.cond(
            S.session_ready,
            rx.fragment(
                card(
                    rx.el.p(t("calendar.session_with"), " ",
                            rx.el.strong(S.partner_name, id="session-partner")),
                    status_line(),
                    rx.el.dl(
                        fact("calendar.when", rx.el.span(S.session_when, id="session-when"),
                             " – ", S.session_until),
                        fact("calendar.length", S.session_length, " ",
                             t("calendar.minutes_short")),
                        fact("calendar.how", rx.el.span(S.session_mode, class_name="first-up")),
                        fact("calendar.where",
                             rx.cond(S.session_details != "",
                                     member_plain(S.session_details),
                                     t("calendar.where_not_set"))),
                        class_name="facts",
                    ),
                    # A cancelled session offers no file to add (item 9 of issue 13).
                    rx.cond(S.session_status == "booked", rx.fragment(
                        file_link(t("calendar.add_to_calendar"),
                                  href=routes.SESSION_ICS + "?id=" + S.session_id.to_string(),
                                  filename="lantern-meeting.ics",
                                  class_name="button secondary", id="ics-link"),
                        rx.el.p(t("calendar.ics_hint"), class_name="hint"),
                    ), rx.fragment()),
                    rx.cond((S.session_status == "booked") & S.match_active,
                            app_link(t("path.session_notes_link"),
                                     href=routes.PATH_SESSION + "?id="
                                     + S.session_id.to_string(),
                                     class_name="button secondary", id="path-session-link"),
                            rx.fragment()),
                    class_name="stack",
                ),
                rx.cond(S.can_change, session_tools(), rx.fragment()),
            ),
            rx.fragment(),
        ),
        rx.el.p(app_link(t("calendar.back_to_calendar"), href=routes.CALENDAR)),
        heading_key="calendar.session_title",
    )
