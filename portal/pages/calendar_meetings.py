"""Group meetings: the list, saying I'll come (or joining the waitlist), leaving, and the
schedule form for the group's moderators."""

from __future__ import annotations

import reflex as rx

from portal import routes
from portal.components.forms import submit_button
from portal.components.links import app_link
from portal.components.member_text import member_plain
from portal.components.page_message import MESSAGE_TONE, message_at
from portal.components.shell import card, page_shell
from portal.components.text import t
from portal.pages.calendar_parts import (
    confirm_step,
    labelled_input,
    labelled_select,
    notice_line,
)
from portal.state.calendar_meetings import MeetingsState

M = MeetingsState
MEETING_LENGTHS = [(str(minutes), f"calendar.length_{minutes}")
                   for minutes in (30, 45, 60, 90, 120)]


def rsvp_tools(item) -> rx.Component:
    return rx.cond(
        item["status"] == "confirmed",
        rx.el.div(
            rx.el.p(t("calendar.you_are_going"), class_name="pill rsvp-status"),
            rx.el.button(t("calendar.not_coming"), on_click=M.leave_meeting(item["id"]),
                         class_name="button secondary", type="button"),
            class_name="row",
        ),
        rx.cond(
            item["status"] == "waitlisted",
            rx.el.div(
                rx.el.p(item["place"], class_name="pill pill-wait rsvp-status"),
                rx.el.button(t("calendar.leave_waitlist"),
                             on_click=M.leave_meeting(item["id"]),
                             class_name="button secondary", type="button"),
                class_name="row",
            ),
            rx.el.button(rx.cond(item["full"], t("calendar.join_waitlist"),
                                 t("calendar.rsvp_join")),
                         on_click=M.join_meeting(item["id"]), class_name="button",
                         type="button"),
        ),
    )


def series_tools(item) -> rx.Component:
    """On the first upcoming meeting of a weekly series: every upcoming date in one tap,
    and leaving them all (issue 13, item 9)."""
    return rx.cond(
        item["series_first"],
        rx.el.div(
            rx.cond(item["series_all_going"], rx.fragment(), rx.fragment(
                rx.el.p(t("calendar.series_hint"), class_name="hint"),
                rx.el.button(t("calendar.series_join"), on_click=M.join_series(item["id"]),
                             class_name="button secondary", type="button",
                             id="series-join-" + item["id"].to_string()))),
            rx.cond(item["series_going"],
                    rx.el.button(t("calendar.series_leave"),
                                 on_click=M.leave_series(item["id"]),
                                 class_name="button secondary", type="button",
                                 id="series-leave-" + item["id"].to_string()),
                    rx.fragment()),
            class_name="stack series-tools",
        ),
        rx.fragment(),
    )


def meeting_row(item) -> rx.Component:
    return rx.el.li(
        rx.el.h2(item["title"], class_name="meeting-title"),
        rx.el.p(app_link(item["group"], href=item["group_href"], class_name="text-link"),
                rx.cond(item["weekly"],
                        rx.el.span(" ", t("calendar.weekly_pill"), class_name="muted"),
                        rx.fragment())),
        rx.el.p(item["when"]),
        rx.el.p(item["seats"], class_name="muted"),
        rx.cond(item["details"] != "",
                rx.el.p(t("calendar.where"), ": ",
                        member_plain(item["details"])),
                rx.fragment()),
        rsvp_tools(item),
        series_tools(item),
        rx.cond(item["can_manage"], confirm_step(
            "calendar.cancel_meeting",
            rx.el.p(t("calendar.cancel_meeting_body")),
            rx.el.button(t("calendar.confirm_cancel_meeting"),
                         on_click=M.cancel_meeting(item["id"]), class_name="button danger",
                         type="button"),
            element_id="cancel-meeting-" + item["id"].to_string(),
        ), rx.fragment()),
        class_name="stack meeting",
    )


def schedule_form() -> rx.Component:
    return card(
        rx.el.h2(t("calendar.schedule_title")),
        rx.el.p(t("calendar.schedule_hint"), class_name="hint"),
        rx.el.form(
            rx.el.div(
                rx.el.label(t("calendar.group"), html_for="meeting-group"),
                rx.el.select(rx.foreach(M.schedulable, lambda g: rx.el.option(
                    g["name"], value=g["id"].to_string())), id="meeting-group",
                    name="group_id"),
            ),
            labelled_input("calendar.meeting_name", "title", prefix="meeting", required=True,
                           max_length=80),
            rx.el.div(
                labelled_input("calendar.date", "day", prefix="meeting", input_type="date",
                               required=True),
                labelled_input("calendar.starts", "start", prefix="meeting",
                               input_type="time", required=True, default_value="18:00"),
                class_name="pair",
            ),
            rx.el.div(
                labelled_select("calendar.length", "length", MEETING_LENGTHS, prefix="meeting",
                                default_value="60"),
                labelled_input("calendar.seats", "seats", prefix="meeting", input_type="number",
                               default_value="10", min=1, max=200, required=True),
                class_name="pair",
            ),
            rx.el.div(
                labelled_select("calendar.repeat", "repeat",
                                [("once", "calendar.repeat_once"),
                                 ("weekly", "calendar.repeat_weekly")], prefix="meeting"),
                labelled_input("calendar.occurrences", "occurrences", prefix="meeting",
                               input_type="number", default_value="4", min=2, max=12,
                               hint_key="calendar.occurrences_hint"),
                class_name="pair",
            ),
            labelled_input("calendar.meeting_where", "details", prefix="meeting",
                           max_length=300, hint_key="calendar.meeting_where_hint"),
            submit_button("calendar.schedule_button"),
            on_submit=M.schedule_meeting, reset_on_submit=False, class_name="stack",
            id="schedule-form",
        ),
    )


def meetings_page() -> rx.Component:
    return page_shell(
        notice_line(message_at("meetings"), MESSAGE_TONE, "meetings-message"),
        rx.cond(
            M.meetings_ready,
            rx.fragment(
                rx.cond(M.meetings_group_name != "",
                        rx.el.p(t("calendar.meetings_of"), " ",
                                rx.el.strong(M.meetings_group_name), " · ",
                                app_link(t("calendar.all_my_meetings"),
                                         href=routes.CALENDAR_MEETINGS, class_name="text-link")),
                        rx.el.p(t("calendar.meetings_intro"))),
                rx.cond(M.meetings.length() > 0,
                        rx.el.ul(rx.foreach(M.meetings, meeting_row), id="meetings",
                                 class_name="table-list"),
                        card(rx.el.p(t("calendar.no_meetings"), class_name="muted"))),
                rx.cond(M.schedulable.length() > 0, schedule_form(), rx.fragment()),
            ),
            rx.fragment(),
        ),
        rx.el.p(app_link(t("calendar.back_to_calendar"), href=routes.CALENDAR)),
        heading_key="calendar.meetings_title",
    )
