"""Coordinator pages: their organisation's opportunities, the opportunity and shift
editor, and attendance with hours approval."""

from __future__ import annotations

import reflex as rx

from portal import routes
from portal.components.forms import answer_area, submit_button
from portal.components.links import app_link
from portal.components.page_message import MESSAGE_TONE, message_at, tone_at
from portal.components.shell import card, page_shell
from portal.components.text import t
from portal.domain.volunteering import (
    LEADERSHIP_KINDS,
    MAX_SEATS,
    OPPORTUNITY_STATUSES,
    PLACES,
    SKILLS,
)
from portal.pages.volunteering import checkbox, message, place_label, select_field
from portal.state.volunteering_coordinate import (
    AttendanceState,
    CoordinateState,
    OpportunityEditorState,
)

# --- the organisation's opportunities ----------------------------------------------------


def managed_row(item) -> rx.Component:
    return rx.el.li(
        rx.el.p(rx.el.strong(app_link(item["title"], href=item["href"],
                                      class_name="volunteer-link"))),
        rx.el.p(item["organisation"], " · ", item["status"], class_name="muted"),
        rx.el.p(item["upcoming"]),
        rx.cond(item["waiting"] != "",
                rx.el.p(item["waiting"], class_name="pill pill-wait"), rx.fragment()),
    )


def coordinate_page() -> rx.Component:
    return page_shell(
        rx.el.p(t("volunteering.coordinate_intro")),
        app_link(t("volunteering.new_opportunity"), href=routes.VOLUNTEER_EDIT,
                 class_name="button"),
        message(message_at("coordinate")),
        rx.el.ul(rx.foreach(CoordinateState.managed, managed_row), class_name="table-list mt",
                 id="managed-opportunities"),
        rx.el.p(app_link(t("volunteering.back_to_list"), href=routes.VOLUNTEER,
                         class_name="button secondary"), class_name="mt"),
        heading_key="volunteering.coordinate_title",
    )


# --- the editor ---------------------------------------------------------------------

def text_input(label_key: str, name: str, value: rx.Var, *, max_length: int,
               required: bool = False) -> rx.Component:
    field_id = f"opportunity-{name}"
    return rx.el.div(
        rx.el.label(t(label_key), html_for=field_id),
        rx.el.input(id=field_id, name=name, max_length=max_length, required=required,
                    default_value=value, auto_complete="off"),
    )


def organisation_field() -> rx.Component:
    state = OpportunityEditorState
    return rx.cond(
        state.organisation_fixed,
        rx.el.p(t("volunteering.your_organisation"), " ", rx.el.strong(state.organisation)),
        text_input("volunteering.field_organisation", "organisation", state.organisation,
                   max_length=120, required=True),
    )


def opportunity_form() -> rx.Component:
    state = OpportunityEditorState
    return rx.el.form(
        rx.el.input(type="hidden", name="opportunity_id", value=state.opportunity_id),
        text_input("volunteering.field_title", "title", state.title, max_length=120,
                   required=True),
        rx.el.p(t("volunteering.title_hint"), class_name="hint"),
        organisation_field(),
        rx.el.div(
            rx.el.label(t("volunteering.field_description"), html_for="opportunity-description"),
            rx.el.textarea(id="opportunity-description", name="description", max_length=2000,
                           default_value=state.description),
        ),
        select_field("volunteering.field_place", "place", "opportunity-place",
                     [rx.el.option(place_label(code), value=code) for code in PLACES],
                     default=state.place),
        rx.el.fieldset(
            rx.el.legend(t("volunteering.field_skills")),
            *[checkbox(f"volunteering.skill.{code}", f"skill_{code}", f"opportunity-skill-{code}",
                       checked=state.skills.contains(code)) for code in SKILLS],
            class_name="resource-fieldset",
        ),
        checkbox("volunteering.field_leadership", "leadership", "opportunity-leadership",
                 checked=state.leadership),
        select_field("volunteering.field_kind", "leadership_kind", "opportunity-kind",
                     [rx.el.option(t("volunteering.kind_none"), value=""),
                      *[rx.el.option(t(f"volunteering.kind.{kind}"), value=kind)
                        for kind in LEADERSHIP_KINDS]],
                     default=state.leadership_kind),
        rx.cond(state.opportunity_id > 0,
                select_field("volunteering.field_status", "status", "opportunity-status",
                             [rx.el.option(t(f"volunteering.status.{code}"), value=code)
                              for code in OPPORTUNITY_STATUSES],
                             default=state.status),
                rx.fragment()),
        submit_button("volunteering.save"),
        on_submit=OpportunityEditorState.save_opportunity,
        reset_on_submit=False,
        key=state.form_key,
        id="opportunity-editor",
        class_name="stack",
    )


def shift_inputs(prefix: rx.Var | str, *, day: rx.Var | str = "", start: rx.Var | str = "",
                 end: rx.Var | str = "", seats: rx.Var | str = "") -> list[rx.Component]:
    fields = []
    for name, kind, value, label in (("day", "date", day, "volunteering.field_day"),
                                     ("start", "time", start, "volunteering.field_start"),
                                     ("end", "time", end, "volunteering.field_end")):
        field_id = prefix + f"-{name}"
        fields.append(rx.el.div(
            rx.el.label(t(label), html_for=field_id),
            rx.el.input(id=field_id, name=name, type=kind, required=True, default_value=value)))
    seats_id = prefix + "-seats"
    fields.append(rx.el.div(
        rx.el.label(t("volunteering.field_seats"), html_for=seats_id),
        rx.el.input(id=seats_id, name="seats", type="number", min=1, max=MAX_SEATS,
                    required=True, default_value=seats)))
    return fields


def shift_row(item) -> rx.Component:
    prefix = "shift-" + item["id"].to_string()
    return rx.el.li(
        rx.el.p(rx.el.strong(item["when"])),
        rx.el.p(item["summary"], class_name="muted"),
        app_link(t("volunteering.attendance_link"), href=item["attendance_href"],
                 class_name="button secondary"),
        rx.cond(
            item["editable"],
            rx.el.details(
                rx.el.summary(t("volunteering.change_shift")),
                rx.el.form(
                    rx.el.input(type="hidden", name="shift_id", value=item["id"]),
                    *shift_inputs(prefix, day=item["day"], start=item["start"],
                                  end=item["end"], seats=item["seats"]),
                    submit_button("volunteering.update_shift", tone="secondary"),
                    rx.el.button(t("volunteering.cancel_shift"), type="button",
                                 on_click=OpportunityEditorState.cancel_shift(item["id"]),
                                 class_name="button danger"),
                    on_submit=OpportunityEditorState.update_shift,
                    reset_on_submit=False,
                    class_name="stack",
                ),
                class_name="resource-details",
            ),
            rx.fragment(),
        ),
        class_name="shift-item",
        key=item["id"],  # one item, one set of form fields (see test_foreach_keys)
    )


def shifts_card() -> rx.Component:
    state = OpportunityEditorState
    return card(
        rx.el.h2(t("volunteering.shifts_title")),
        rx.el.p(state.zone_note, class_name="hint"),
        rx.el.ul(rx.foreach(state.shifts, shift_row), class_name="table-list",
                 id="editor-shifts"),
        rx.el.h3(t("volunteering.add_shift_title"), class_name="mt"),
        rx.el.form(
            rx.el.input(type="hidden", name="opportunity_id", value=state.opportunity_id),
            *shift_inputs("new-shift", seats="1"),
            rx.el.p(t("volunteering.past_shift_hint"), class_name="hint"),
            submit_button("volunteering.add_shift"),
            on_submit=OpportunityEditorState.add_shift,
            # Emptied only after a shift was added (the key), never after a refusal.
            reset_on_submit=False,
            key=state.add_shift_serial,
            id="add-shift",
            class_name="stack",
        ),
        answer_area(message_at("add_shift"), tone_at("add_shift"), id="add-shift-answer"),
    )


def opportunity_editor_page() -> rx.Component:
    state = OpportunityEditorState
    return page_shell(
        message(message_at("opportunity_editor"), MESSAGE_TONE),
        rx.cond(state.editor_ready, card(opportunity_form()), rx.fragment()),
        rx.cond(state.editor_ready & (state.opportunity_id > 0), shifts_card(), rx.fragment()),
        rx.el.div(
            rx.cond(state.opportunity_id > 0,
                    app_link(t("volunteering.view_as_member"),
                             href=(routes.VOLUNTEER_OPPORTUNITY + "?id="
                                   + state.opportunity_id.to_string()),
                             class_name="button secondary"),
                    rx.fragment()),
            app_link(t("volunteering.back_to_coordinate"), href=routes.VOLUNTEER_COORDINATE,
                     class_name="button secondary"),
            class_name="row mt",
        ),
        heading_key="volunteering.editor_title",
    )


# --- attendance and hours -----------------------------------------------------------

def attendance_form(item) -> rx.Component:
    prefix = "attendance-" + item["signup_id"].to_string()
    return rx.el.form(
        rx.el.input(type="hidden", name="signup_id", value=item["signup_id"]),
        rx.el.div(
            rx.el.label(t("volunteering.attendance_field"), html_for=prefix + "-status"),
            rx.el.select(rx.el.option(t("volunteering.attended"), value="attended"),
                         rx.el.option(t("volunteering.no_show"), value="no_show"),
                         id=prefix + "-status", name="attendance",
                         default_value=rx.cond(item["attendance"] == "no_show", "no_show",
                                               "attended")),
        ),
        rx.el.div(
            rx.el.label(t("volunteering.hours_field"), html_for=prefix + "-hours"),
            rx.el.input(id=prefix + "-hours", name="hours", type="number", min="0.25",
                        max="24", step="0.25", default_value=item["hours"]),
            rx.el.p(t("volunteering.hours_hint"), class_name="hint"),
        ),
        submit_button("volunteering.save_attendance", tone="secondary"),
        on_submit=AttendanceState.record_attendance,
        reset_on_submit=False,
        class_name="stack",
    )


def roster_row(item) -> rx.Component:
    return rx.el.li(
        rx.el.p(rx.el.strong(item["name"])),
        rx.el.p(item["attendance_text"], " ",
                rx.cond(item["approved"],
                        rx.el.span(t("volunteering.approved_badge"), class_name="pill"),
                        rx.cond(item["attendance"] != "",
                                rx.el.span(t("volunteering.waiting_approval"),
                                           class_name="pill pill-wait"),
                                rx.fragment()))),
        rx.cond(AttendanceState.ended, attendance_form(item), rx.fragment()),
        rx.cond((item["attendance"] != "") & ~item["approved"],
                rx.el.button(t("volunteering.approve"), type="button",
                             on_click=AttendanceState.approve_hours(item["signup_id"]),
                             class_name="button"),
                rx.fragment()),
        class_name="shift-item",
        key=item["signup_id"],  # one item, one set of form fields (see test_foreach_keys)
    )


def add_attendee_form() -> rx.Component:
    """Work already done: someone who came without a sign-up here, with her hours."""
    return rx.fragment(
        rx.el.h2(t("volunteering.add_attendee_title")),
        rx.el.p(t("volunteering.add_attendee_hint"), class_name="hint",
                id="add-attendee-hint"),
        rx.el.form(
            rx.el.input(type="hidden", name="shift_id", value=AttendanceState.shift_id),
            rx.el.div(
                rx.el.label(t("volunteering.field_nickname"), html_for="add-attendee-name"),
                rx.el.input(id="add-attendee-name", name="display_name", max_length=40,
                            required=True, auto_complete="off",
                            aria_describedby="add-attendee-hint"),
            ),
            rx.el.div(
                rx.el.label(t("volunteering.hours_field"), html_for="add-attendee-hours"),
                rx.el.input(id="add-attendee-hours", name="hours", type="number", min="0.25",
                            max="24", step="0.25"),
                rx.el.p(t("volunteering.hours_hint"), class_name="hint"),
            ),
            submit_button("volunteering.add_attendee"),
            rx.el.div(message(message_at("attendee"), MESSAGE_TONE),
                      aria_live="polite", id="add-attendee-answer"),
            on_submit=AttendanceState.add_attendee,
            reset_on_submit=False,
            key=AttendanceState.attendee_form_key,
            id="add-attendee",
            class_name="stack",
        ),
    )


def attendance_body() -> rx.Component:
    state = AttendanceState
    return rx.fragment(
        card(
            rx.el.h2(state.title),
            rx.el.p(state.when),
            rx.el.p(state.summary, class_name="muted"),
            rx.cond(state.ended, rx.fragment(),
                    rx.el.p(state.opens_note, class_name="hint", id="attendance-opens")),
        ),
        # Above the roster: a new row added below it never pushes its answer off screen.
        rx.cond(state.ended, card(add_attendee_form()), rx.fragment()),
        card(
            rx.el.h2(t("volunteering.roster_confirmed")),
            rx.cond(state.confirmed.length() > 0,
                    rx.el.ul(rx.foreach(state.confirmed, roster_row), class_name="table-list",
                             id="roster"),
                    rx.el.p(t("volunteering.roster_none"))),
            rx.cond(state.ended & (state.confirmed.length() > 0),
                    rx.el.button(t("volunteering.approve_all"), type="button",
                                 on_click=AttendanceState.approve_all_hours(state.shift_id),
                                 class_name="button secondary mt"),
                    rx.fragment()),
        ),
        rx.cond(state.waiting.length() > 0,
                card(rx.el.h2(t("volunteering.roster_waiting")),
                     rx.el.ol(rx.foreach(state.waiting, lambda item: rx.el.li(item["name"])),
                              id="roster-waiting")),
                rx.fragment()),
    )


def attendance_page() -> rx.Component:
    state = AttendanceState
    return page_shell(
        message(message_at("attendance"), MESSAGE_TONE),
        rx.cond(state.attendance_ready, attendance_body(), rx.fragment()),
        rx.el.div(
            rx.cond(state.opportunity_href != "",
                    app_link(t("volunteering.back_to_editor"), href=state.opportunity_href,
                             class_name="button secondary"),
                    rx.fragment()),
            app_link(t("volunteering.back_to_coordinate"), href=routes.VOLUNTEER_COORDINATE,
                     class_name="button secondary"),
            class_name="row mt",
        ),
        heading_key="volunteering.attendance_title",
    )
